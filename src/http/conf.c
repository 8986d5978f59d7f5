/*
 * http/conf.c: http-get's configuration (conf.h): its defaults, the
 * option arguments the engine reads, and the settling before the run,
 * whose events the command words.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/auth.h"
#include "http/conf.h"
#include "http/cond_io.h"
#include "http/engine.h"
#include "http/netrc.h"
#include "http/urlrun.h"
#include "http/why.h"
#include "http/wout.h"
#include "net/net.h"
#include "parse/cond.h"
#include "parse/http.h"
#include "parse/proto.h"
#include "parse/urlglob.h"
#include "parse/urllist.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/file.h"

/* the last group's map: its --resolve entries, curl's DNS cache */
static const struct dialmap *resolved;

/* c's map, the groups' before its --resolve entries in it.  0, or -1. */
static int
dmap_new(struct hconf *c)
{
	if ((c->dmap = calloc(1, sizeof(*c->dmap))) == NULL)
		return -1;
	if (resolved != NULL) {
		memcpy(c->dmap->res, resolved->res, sizeof(c->dmap->res));
		c->dmap->nres = resolved->nres;
		c->http.dialmap = c->dmap;
	}
	resolved = c->dmap;
	return 0;
}

int
hconf_init(struct hconf *c, int argc)
{
	memset(c, 0, sizeof(*c));
	c->http.agent = "sockt/" SOCKT_VERSION;
	c->http.connect_ms = HCONF_CONNECT_MS;
	c->max_redirs = 50;	/* curl's default */
	c->par_max = HCONF_PAR_MAX;	/* curl's default */
	c->par_host = 0;	/* 6 near, --parallel-max's far (engine.h) */
	c->proto = c->proto_redir = PROTO_ALL;
	net_opts_init(&c->no);
	cond_init(&c->gc);
	/* 3 more for the Range and conditional headers */
	c->headers_cap = argc + 3;
	c->pheaders_cap = argc;
	c->room = argc;
	if ((c->http.headers = calloc((size_t)argc + 3,
	    sizeof(char *))) == NULL ||
	    (c->hbufs = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (c->http.pheaders = calloc((size_t)argc, sizeof(char *))) ==
	    NULL ||
	    (c->outs = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (c->lists = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (c->bufs = calloc((size_t)argc, sizeof(char *))) == NULL ||
	    (c->cookie_files = calloc((size_t)argc, sizeof(char *))) ==
	    NULL || (resolved != NULL && dmap_new(c) == -1))
		return -1;
	return 0;
}

void
hconf_free(struct hconf *c)
{
	int i;

	for (i = 0; c->bufs != NULL && i < c->nlists; i++)
		free(c->bufs[i]);
	free(c->bufs);
	for (i = 0; i < c->ngbufs; i++)
		free(c->gbufs[i]);
	free(c->gbufs);
	free(c->urls);
	free(c->lists);
	free(c->outs);
	free(c->http.headers);
	free(c->http.pheaders);
	for (i = 0; c->hbufs != NULL && i < c->nhbufs; i++)
		free(c->hbufs[i]);
	free(c->hbufs);
	free(c->wo);
	free(c->cookie_files);
	free(c->cookie_data);
	cookie_jar_free(&c->jar);
	free(c->netrc_text);
	free(c->ref_buf);
	if (resolved == c->dmap)
		resolved = NULL;
	free(c->dmap);
}

int
hconf_dialmap(struct hconf *c, int connto, const char *arg, char *err)
{
	if (c->dmap == NULL && dmap_new(c) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	c->http.dialmap = c->dmap;
	return (connto ? dialmap_connto_add : dialmap_resolve_add)(c->dmap,
	    arg, err);
}

int
hconf_remote(const struct hconf *c, int i)
{
	return i < c->nouts ? strcmp(c->outs[i], HCONF_REMOTE) == 0 :
	    c->remote_name;
}

/* *p, an array of room items of size sz, made room + n long */
static int
hconf_more(void *p, int room, int n, size_t sz)
{
	void *a;

	if ((a = realloc(*(void **)p, ((size_t)room + (size_t)n) * sz)) ==
	    NULL)
		return -1;
	memcpy(p, &a, sizeof(a));
	return 0;
}

int
hconf_grow(struct hconf *c, int n)
{
	if (hconf_more(&c->http.headers, c->headers_cap, n, sizeof(char *)) ==
	    -1)
		return -1;
	c->headers_cap += n;
	if (hconf_more(&c->http.pheaders, c->pheaders_cap, n,
	    sizeof(char *)) == -1)
		return -1;
	c->pheaders_cap += n;
	if (hconf_more(&c->hbufs, c->room, n, sizeof(char *)) == -1 ||
	    hconf_more(&c->outs, c->room, n, sizeof(char *)) == -1 ||
	    hconf_more(&c->lists, c->room, n, sizeof(char *)) == -1 ||
	    hconf_more(&c->bufs, c->room, n, sizeof(char *)) == -1 ||
	    hconf_more(&c->cookie_files, c->room, n, sizeof(char *)) == -1)
		return -1;
	c->room += n;
	return 0;
}

void
hconf_globals(struct hconf **g, int n)
{
	struct cookie_jar *jar = NULL;
	int i, j, pmax = HCONF_PAR_MAX;

	for (i = 0; i < n; i++) {
		if (g[i]->par_max != HCONF_PAR_MAX)
			pmax = g[i]->par_max;
		/* one cookie engine, as curl's share: the first group's */
		if (jar == NULL)
			jar = g[i]->http.jar;
		else if (g[i]->http.jar != NULL)
			g[i]->http.jar = jar;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			g[i]->silent |= g[j]->silent;
			g[i]->show_error |= g[j]->show_error;
			g[i]->no_meter |= g[j]->no_meter;
			g[i]->verbose |= g[j]->verbose;
			g[i]->fail_early |= g[j]->fail_early;
			g[i]->parallel |= g[j]->parallel;
			g[i]->par_max = pmax;
		}
	/* curl's connections outlive a group: the next one's may reuse */
	for (i = 0; i + 1 < n; i++)
		g[i]->carry = 1;
}

int
hconf_cookie(struct hconf *c, const char *arg)
{
	switch (httpc_cookie_arg(&c->cookie_data, arg)) {
	case 1:
		c->cookie_files[c->ncookie_files++] = arg;
		break;
	case -1:
		return -1;
	case -2:
		return HCONF_BAD;
	}
	c->http.cookie = c->cookie_data;
	return 0;
}

/* A -H @FILE's text: at most what the request's fields may hold */
#define HCONF_HFILE_MAX	(HTTPC_FIELDS_MAX * 4)

int
hconf_header(struct hconf *c, int proxy, const char *arg, char *err)
{
	char ***l = proxy ? &c->http.pheaders : &c->http.headers, *b, *p, *e,
	    **nh;
	int *nl = proxy ? &c->http.npheaders : &c->http.nheaders;
	int *cap = proxy ? &c->pheaders_cap : &c->headers_cap;
	size_t n, k;

	if (arg[0] != '@') {
		/* curl's: a field it drops (no colon) is not refused */
		if (http_header_ignored(arg))
			return 0;
		if (http_header_check(arg, err) == -1)
			return HCONF_BAD;
		(*l)[(*nl)++] = (char *)arg;
		return 0;
	}
	if (read_file(arg + 1, HCONF_HFILE_MAX, &b, &n) == -1) {
		snprintf(err, SK_ERRLEN, "-H %s: %s", arg, strerror(errno));
		return 1;
	}
	c->hbufs[c->nhbufs++] = b;
	for (k = 0, p = b; *p != '\0'; p++)
		k += *p == '\n';
	if ((nh = realloc(*l, ((size_t)*cap + k + 1) * sizeof(char *))) ==
	    NULL) {
		snprintf(err, SK_ERRLEN, "-H %s: %s", arg, strerror(errno));
		return -1;
	}
	*l = nh;
	*cap += (int)k + 1;
	/* curl's strtok(text, "\r\n"): each run of other bytes a line */
	for (p = b; *p != '\0'; p = e) {
		p += strspn(p, "\r\n");
		e = p + strcspn(p, "\r\n");
		if (*e != '\0')
			*e++ = '\0';
		if (*p == '\0' || http_header_ignored(p))
			continue;
		if (http_header_check(p, err) == -1)
			return HCONF_BAD;
		(*l)[(*nl)++] = p;
	}
	return 0;
}

int
hconf_write_out(struct hconf *c, const char *arg)
{
	/*
	 * as curl's (CURLOPT_CERTINFO with any -w): the chain's text,
	 * OpenSSL's printing, costs microseconds beside a handshake
	 */
	c->http.certinfo = 1;
	return wout_load(arg, HCONF_WO_MAX, &c->wo, &c->wolen);
}

int
hconf_proto(unsigned *m, const char *arg, char *unk)
{
	*m = PROTO_ALL;
	if (proto_parse(arg, m, unk, HCONF_UNKLEN) == -1)
		return HCONF_BAD;
	return unk[0] != '\0';
}

/* An event of kind k, told; returns rc. */
static int
hconf_tell(void (*say)(const struct hconf_event *, void *), void *arg,
    enum hconf_ev_kind k, const char *text, int rc)
{
	struct hconf_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = k;
	ev.text = text;
	ev.warn = rc == 0;
	say(&ev, arg);
	return rc;
}

/*
 * Each URL of c as a pattern: c->urls and c->outs replaced by the URLs
 * the patterns make, in order, each -o name with its "#N" filled in.
 */
static int
hconf_glob(struct hconf *c,
    void (*say)(const struct hconf_event *, void *), void *arg)
{
	struct hconf_event ev;
	struct urlglob g;
	char err[SK_ERRLEN];
	int bad, rc;

	switch ((rc = urlglob_expand(c->urls, c->nurls, c->outs, c->nouts,
	    &g, &bad, err))) {
	case 0:
		free(c->urls);
		free(c->outs);
		c->urls = g.urls;
		c->outs = g.outs;
		c->nurls = g.nurls;
		c->nouts = g.nouts;
		c->gbufs = g.bufs;
		c->ngbufs = g.nbufs;
		return 0;
	case -1:
		(void)hconf_tell(say, arg, HCONF_EV_NOMEM, NULL, -1);
		break;
	case -2:
		/* a bad pattern is a usage error, as a bad URL is */
		memset(&ev, 0, sizeof(ev));
		ev.kind = HCONF_EV_GLOB;
		ev.text = err;
		ev.s = c->urls[bad];
		ev.n = bad + 1;
		ev.of = c->nurls;
		say(&ev, arg);
		break;
	default:
		(void)hconf_tell(say, arg, HCONF_EV_GLOB_MORE, err, -1);
		break;
	}
	urlglob_free(&g);
	return rc == -1 ? -1 : HCONF_USAGE;
}

/*
 * The URLs: the operands, then those of the --urls lists (each read
 * whole, split in place), then the patterns expanded (unless -g).
 */
static int
hconf_urls(struct hconf *c,
    void (*say)(const struct hconf_event *, void *), void *arg)
{
	struct hconf_event ev;
	struct httpc_why w;
	int i;

	if (c->nargs == 0 && c->nlists == 0)
		return hconf_tell(say, arg, HCONF_EV_NO_URL, NULL, HCONF_USAGE);
	for (i = 0; i < c->nargs; i++)
		if (urllist_push(&c->urls, &c->nurls, c->args[i]) == -1)
			return hconf_tell(say, arg, HCONF_EV_NOMEM, NULL, -1);
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < c->nlists; i++)
		if (urun_read_list(c->lists[i], &c->bufs[i], &c->urls,
		    &c->nurls, &w) == -1) {
			ev.kind = HCONF_EV_WHY;
			ev.why = &w;
			say(&ev, arg);
			return -1;
		}
	if (c->nurls == 0) {
		ev.kind = HCONF_EV_EMPTY;
		ev.s = c->nlists > 1 ? NULL : c->lists[0];
		say(&ev, arg);
		return -1;
	}
	/*
	 * -O with --urls is --remote-name-all: a list's URLs are no
	 * operands a person pairs an -O with, one each (an -o still names
	 * the URL it pairs with)
	 */
	if (c->nlists > 0)
		c->remote_name |= c->remote_o;
	if (c->nouts > c->nurls && !c->silent) {
		ev.kind = HCONF_EV_MORE_OUTS;
		ev.warn = 1;
		ev.s = strcmp(c->outs[c->nurls], HCONF_REMOTE) == 0 ? "-O" :
		    c->outs[c->nurls];
		say(&ev, arg);
	}
	return c->globoff ? 0 : hconf_glob(c, say, arg);
}

int
hconf_settle(struct hconf *c,
    void (*say)(const struct hconf_event *ev, void *arg), void *arg)
{
	struct hconf_event ev;
	struct httpc_why w;
	char err[SK_ERRLEN];
	int rc;

	/*
	 * curl's bits: --digest and --basic add theirs, --anyauth is all;
	 * Basic alone is sent on every request (0)
	 */
	c->gc.max_size = c->http.max_size;	/* before -C's 33, as curl */
	if (c->proxy_digest || c->proxy_any)
		c->http.proxy_auth = HAUTH_DIGEST | (c->proxy_any ?
		    HAUTH_BASIC : 0);
	if (c->auth_any || c->auth_digest || c->http.proxy_auth != 0) {
		if (c->auth_any || c->auth_digest)
			c->http.auth = c->auth_any ? HAUTH_DIGEST |
			    HAUTH_BASIC : HAUTH_DIGEST | (c->auth_basic ?
			    HAUTH_BASIC : 0);
		/* its hashes are libcrypto's: none, and it is not built in */
		if (tls_load(err) == -1)
			return hconf_tell(say, arg, HCONF_EV_NOCRYPTO, err,
			    HCONF_NOLIB);
	}
	/*
	 * --proxy checked now, the environment read once: one that cannot
	 * be read is no usage error but curl's transfer failure (5, 7 for a
	 * scheme it has not), a bad --proxy-user a usage error
	 */
	if ((rc = httpc_proxy_env(&c->env, err)) != 0)
		return hconf_tell(say, arg, rc == -1 ? HCONF_EV_PROXY :
		    HCONF_EV_PROXY_BAD, err, rc == -1 ? HCONF_USAGE : rc == -2 ?
		    HCONF_PROXY : rc == -3 ? HCONF_PROXY_SCHEME :
		    HCONF_PROXY_AUTH);
	if (c->netrc && (rc = netrc_load(c->netrc_file, c->netrc_optional,
	    &c->netrc_text, &c->netrc_len, &w)) != 0) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = HCONF_EV_WHY;
		ev.why = &w;
		ev.warn = rc != -1;
		say(&ev, arg);
		if (rc == -1)
			return -1;
	}
	return hconf_urls(c, say, arg);
}
