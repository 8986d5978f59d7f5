/*
 * cmd/http-get/http_get_set.c: the setters http-get's option rows bind
 * (http_get_opts.c): each option's argument checked, or handed to the
 * configuration (http/conf.h) that reads it, its usage error in words.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/http-get/http_get.h"
#include "http/conf.h"
#include "parse/addr.h"
#include "parse/cond.h"
#include "parse/dialmap.h"
#include "parse/http.h"
#include "parse/opt.h"
#include "parse/url.h"
#include "util/base.h"
#include "util/num.h"

#define H	struct hconf

/*
 * The setters the rows bind (cli.h): each option applied to struct
 * hconf dest, its argument checked first or read by the engine.  Each
 * returns 0, or -1 after a usage error's message (CLI_FAIL after
 * another's).
 */

/* -A, -e: the same rule as for a -H value */
static int
set_field(const char **p, const char *arg, const char *what)
{
	if (!http_value_ok(arg))
		return msg_usage(hg_usage, "%s contains a control character",
		    what);
	*p = arg;
	return 0;
}

int
hg_set_agent(void *dest, const struct opt_state *st)
{
	return set_field(&((H *)dest)->http.agent, st->arg, "user agent");
}

int
hg_set_bearer(void *dest, const struct opt_state *st)
{
	return set_field(&((H *)dest)->http.bearer, st->arg, "bearer token");
}

/* curl's -e: "URL;auto", ";auto" set redirects' Referer too; "" none */
int
hg_set_referer(void *dest, const struct opt_state *st)
{
	H *o = dest;
	const char *a = strstr(st->arg, ";auto");

	o->http.auto_referer = a != NULL;
	free(o->ref_buf);
	o->ref_buf = NULL;
	if (a != NULL && (o->ref_buf = strndup(st->arg, (size_t)(a -
	    st->arg))) == NULL) {
		msg_warn("malloc");
		return CLI_FAIL;
	}
	a = a != NULL ? o->ref_buf : st->arg;
	o->http.referer = NULL;
	return *a == '\0' ? 0 : set_field(&o->http.referer, a, "referer");
}

int
hg_set_cookie(void *dest, const struct opt_state *st)
{
	switch (hconf_cookie(dest, st->arg)) {
	case 0:
		return 0;
	case -1:
		msg_warn("malloc");
		return CLI_FAIL;
	default:
		return msg_usage(hg_usage, "-b: cookies contain a control "
		    "character");
	}
}

/* -C -r -z: parse/cond.h's, what it said the usage error */
static int
set_cond(int (*set)(struct getcond *, const char *, char *), void *dest,
    const char *arg)
{
	char err[SK_ERRLEN];

	if (set(&((H *)dest)->gc, arg, err) == -1)
		return msg_usage(hg_usage, "%s", err);
	return 0;
}

int
hg_set_continue(void *dest, const struct opt_state *st)
{
	return set_cond(cond_continue_set, dest, st->arg);
}

int
hg_set_range(void *dest, const struct opt_state *st)
{
	return set_cond(cond_range_set, dest, st->arg);
}

int
hg_set_time(void *dest, const struct opt_state *st)
{
	return set_cond(cond_time_set, dest, st->arg);
}

/* -w's argument when it is a bare number (nc's habit): said once read */
const char *hg_w_number;

int
hg_set_write_out(void *dest, const struct opt_state *st)
{
	H *o = dest;

	hg_w_number = st->arg[strspn(st->arg, "0123456789.")] == '\0' ?
	    st->arg : NULL;

	if (hconf_write_out(o, st->arg) == 0)
		return 0;
	if (o->wo == NULL)
		return msg_usage(hg_usage, "--write-out: %s", strerror(errno));
	return msg_usage(hg_usage, "--write-out %s: %s", st->arg,
	    strerror(errno));
}

/* --proto, --proto-redir: a protocol sockt does not speak is left out */
static int
set_protos(unsigned *m, const char *opt, const char *arg)
{
	char unk[HCONF_UNKLEN];

	switch (hconf_proto(m, arg, unk)) {
	case 0:
		return 0;
	case 1:
		msg_warnx("%s: unrecognized protocol '%s'", opt, unk);
		return 0;
	default:
		return msg_usage(hg_usage, "%s %s: a name after +, - or =, "
		    "comma-separated", opt, arg);
	}
}

int
hg_set_proto(void *dest, const struct opt_state *st)
{
	return set_protos(&((H *)dest)->proto, "--proto", st->arg);
}

int
hg_set_proto_redir(void *dest, const struct opt_state *st)
{
	return set_protos(&((H *)dest)->proto_redir, "--proto-redir",
	    st->arg);
}

/* -H, --proxy-header: a field, or a file of them, into its list */
static int
set_fields(void *dest, int proxy, const char *arg)
{
	char err[SK_ERRLEN];

	switch (hconf_header(dest, proxy, arg, err)) {
	case 0:
		return 0;
	case 1:
		msg_warnx("%s", err);
		return 0;
	case -1:
		msg_warnx("%s", err);
		return CLI_FAIL;
	default:
		return msg_usage(hg_usage, "%s", err);
	}
}

int
hg_set_header(void *dest, const struct opt_state *st)
{
	return set_fields(dest, 0, st->arg);
}

int
hg_set_proxy_header(void *dest, const struct opt_state *st)
{
	return set_fields(dest, 1, st->arg);
}

/* -u: the last one counts, as curl's (hg_opts_parse checks it) */
int
hg_set_user(void *dest, const struct opt_state *st)
{
	((H *)dest)->user = st->arg;
	return 0;
}

int
hg_set_unix(void *dest, const struct opt_state *st)
{
	char err[SK_ERRLEN];

	if (addr_check_unix(st->arg, err) == -1)
		return msg_usage(hg_usage, "--unix-socket: %s", err);
	((H *)dest)->http.unix_path = st->arg;
	return 0;
}

/* --resolve and --connect-to: each --next group's map (http/conf.c) */
static int
set_dialmap(void *dest, int connto, const char *opt, const char *arg)
{
	char err[SK_ERRLEN];

	/* curl reads it at the transfer: its 49, not a usage error */
	if (hconf_dialmap(dest, connto, arg, err) == -1) {
		msg_warnx("%s %s: %s", opt, arg, err);
		return CLI_SETOPT;
	}
	return 0;
}

int
hg_set_resolve(void *dest, const struct opt_state *st)
{
	return set_dialmap(dest, 0, "--resolve", st->arg);
}

int
hg_set_connect_to(void *dest, const struct opt_state *st)
{
	return set_dialmap(dest, 1, "--connect-to", st->arg);
}

/* curl's --alt-svc "": no cache, as sockt keeps none; a file is one */
int
hg_set_alt_svc(void *dest, const struct opt_state *st)
{
	(void)dest;
	if (st->arg[0] != '\0')
		return msg_usage(hg_usage, "--alt-svc %s: sockt keeps no alt-svc "
		    "cache (give \"\")", st->arg);
	return 0;
}

int
hg_set_request(void *dest, const struct opt_state *st)
{
	(void)dest;
	if (strcmp(st->arg, "GET") != 0)
		return msg_usage(hg_usage, "-X %s: http-get sends GET only (-I "
		    "sends HEAD)", st->arg);
	return 0;
}

int
hg_set_wait(void *dest, const struct opt_state *st)
{
	char err[SK_ERRLEN];

	if (parse_secs_opt("connect timeout", st->arg, 0,
	    &((H *)dest)->http.connect_ms, err) == -1)
		return msg_usage(hg_usage, "%s", err);
	return 0;
}

/* --stderr: a file that cannot be opened is said, as curl, not fatal */
int
hg_set_stderr(void *dest, const struct opt_state *st)
{
	(void)dest;
	if (msg_stderr_to(st->arg) == -1)
		msg_warn("--stderr %s", st->arg);
	return 0;
}

/*
 * -o, each stored in turn in an array of o; -O as -o, and noted: with
 * --urls it names every URL (hconf_urls); curl's --no-remote-name as
 * -o - (its URL to stdout)
 */
int
hg_set_output(void *dest, const struct opt_state *st)
{
	H *o = dest;

	o->outs[o->nouts++] = st->arg != NULL ? st->arg : st->neg ? "-" :
	    (o->remote_o = 1, HCONF_REMOTE);
	return 0;
}

int
hg_set_urls(void *dest, const struct opt_state *st)
{
	H *o = dest;

	o->lists[o->nlists++] = st->arg;
	return 0;
}

/*
 * curl's --socks5 host[:port] and its kin: -x with the scheme they
 * name, the last of them and -x wins (a scheme of the argument's own
 * wins, as curl's).  One buffer: only the last one is read.
 */
static int
set_socks(void *dest, const char *opt, const char *scheme, const char *arg)
{
	static char url[SK_HOSTLEN + 2 * PROXY_USERLEN + 32];
	int n;

	n = snprintf(url, sizeof(url), "%s%s", strstr(arg, "://") != NULL ?
	    "" : scheme, arg);
	if (n < 0 || (size_t)n >= sizeof(url))
		return msg_usage(hg_usage, "%s: proxy too long", opt);
	((H *)dest)->env.opt = url;
	return 0;
}

int
hg_set_socks5(void *dest, const struct opt_state *st)
{
	return set_socks(dest, "--socks5", "socks5://", st->arg);
}

int
hg_set_socks5h(void *dest, const struct opt_state *st)
{
	return set_socks(dest, "--socks5-hostname", "socks5h://", st->arg);
}

int
hg_set_socks4(void *dest, const struct opt_state *st)
{
	return set_socks(dest, "--socks4", "socks4://", st->arg);
}

int
hg_set_socks4a(void *dest, const struct opt_state *st)
{
	return set_socks(dest, "--socks4a", "socks4a://", st->arg);
}
