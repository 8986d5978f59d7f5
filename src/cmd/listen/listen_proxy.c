/*
 * cmd/listen/listen_proxy.c: listen --serve-proxy socks5|http, a SOCKS5 or HTTP
 * proxy server: its options (--serve-proxy-auth, --allow-to, --deny-to,
 * --serve-proxy-log) and its start.  Each connection's child is
 * serve/proxy_child.c's, its words and its record cmd/listen/listen_say.c's.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/listen/listen.h"
#include "net/net.h"
#include "net/prefork.h"
#include "parse/proxyto.h"
#include "parse/socks.h"
#include "proxy/proxy_serve.h"
#include "util/base.h"

/* One entry of --allow-to or --deny-to (opt) onto list, *n so far. */
static int
lproxy_to(const char *opt, struct proxy_to *list, size_t *n, const char *arg,
    const char *usage)
{
	char err[SK_ERRLEN];

	if (*n == LPROXY_MAXTO)
		return cmd_usage(usage, "%s: more than %d entries", opt,
		    LPROXY_MAXTO);
	if (proxy_to_parse(opt, arg, &list[*n], err) == -1)
		return cmd_usage(usage, "%s", err);
	(*n)++;
	return CMD_GO_ON;
}

int
lproxy_arg(struct lproxy *lp, struct lserve *ls, int which, const char *arg,
    const char *usage)
{
	const char *colon;
	size_t ul, pl;

	switch (which) {
	case LS_SERVE_PROXY:
		if (strcmp(arg, "socks5") == 0)
			lp->ps.kind = PSERVE_SOCKS5;
		else if (strcmp(arg, "http") == 0)
			lp->ps.kind = PSERVE_HTTP;
		else
			return cmd_usage(usage, "--serve-proxy %s: socks5 or "
			    "http", arg);
		lp->given = 1;
		ls->proxy = &lp->ps;
		ls->prefork = &lp->prefork;
		return CMD_GO_ON;
	case LS_SERVE_PROXY_AUTH:
		/* RFC 1929 holds 1 to 255 bytes each; RFC 7617 one colon */
		colon = strchr(arg, ':');
		ul = colon != NULL ? (size_t)(colon - arg) : 0;
		pl = colon != NULL ? strlen(colon + 1) : 0;
		if (colon == NULL || ul < 1 || ul > 255 || pl < 1 || pl > 255)
			return cmd_usage(usage, "--serve-proxy-auth: user:pw, "
			    "each of 1 to 255 bytes");
		memcpy(lp->user, arg, ul);
		lp->user[ul] = '\0';
		memcpy(lp->pass, colon + 1, pl + 1);
		lp->ps.user = lp->user;
		lp->ps.pass = lp->pass;
		lp->auth_given = 1;
		return CMD_GO_ON;
	case LS_SERVE_PROXY_LOG:
		if (*arg == '\0')
			return cmd_usage(usage, "--serve-proxy-log: empty file "
			    "name");
		lp->log = arg;
		return CMD_GO_ON;
	case LS_DENY_TO:
		lp->ps.deny = lp->deny;
		return lproxy_to("--deny-to", lp->deny, &lp->ps.ndeny, arg,
		    usage);
	default:
		lp->ps.to = lp->to;
		lp->to_given = 1;
		return lproxy_to("--allow-to", lp->to, &lp->ps.nto, arg, usage);
	}
}

int
lproxy_set(struct listen_args *la, int which, const char *arg)
{
	if (la->lp == NULL && (la->lp = calloc(1, sizeof(*la->lp))) == NULL) {
		msg_warn("malloc");
		return CLI_FAIL;
	}
	return lproxy_arg(la->lp, &la->ls, which, arg, listen_usage) ==
	    CMD_GO_ON ? 0 : -1;
}

void
lproxy_settle(struct lproxy *lp, const struct net_opts *dial,
    const struct proxy *px, int open)
{
	lp->ps.dial = dial;
	lp->ps.px = px;
	lp->ps.open = open;
	lp->say.record_fd = lp->log != NULL && strcmp(lp->log, "none") == 0 ?
	    -1 : STDERR_FILENO;
}

int
lproxy_start(struct lproxy *lp, int verbose)
{
	/* each child appends its lines whole: one file, shared, opened once */
	if (lp->log != NULL && strcmp(lp->log, "none") != 0 &&
	    strcmp(lp->log, "-") != 0 && (lp->say.record_fd = open(lp->log,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		msg_warn("--serve-proxy-log %s", lp->log);
		return EXIT_FAIL;
	}
	if (verbose && lp->dflt)
		msg_warnx("the proxy listens on loopback alone: give an "
		    "address (0.0.0.0, ::) and --allow or --serve-proxy-auth "
		    "to serve other hosts");
	return CMD_GO_ON;
}
