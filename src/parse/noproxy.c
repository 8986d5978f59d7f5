/*
 * noproxy.c: the NO_PROXY matcher and the choice of a proxy for
 * http-get, pure (no I/O).  noproxy.h has the rules; they are curl's, so
 * one environment means the same to both tools.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/cidr.h"
#include "parse/noproxy.h"
#include "parse/socks.h"
#include "util/base.h"

#define SEPS	", \t"
#define IPTEXT	64	/* longer entries cannot be an address */

/* An entry against a host name of hl bytes (its trailing dot dropped). */
static int
match_name(const char *tok, size_t tl, const char *host, size_t hl)
{
	if (tl > 0 && tok[tl - 1] == '.')
		tl--;
	if (tl > 0 && tok[0] == '.') {
		tok++;
		tl--;
	}
	if (tl == 0 || tl > hl)
		return 0;
	if (tl == hl)
		return strncasecmp(tok, host, hl) == 0;
	/* a name under the entry: the byte before it is a dot */
	return host[hl - tl - 1] == '.' &&
	    strncasecmp(tok, host + hl - tl, tl) == 0;
}

/* An entry (an address or a block) against an address host. */
static int
match_addr(const char *tok, size_t tl, const struct cidr *host)
{
	char text[IPTEXT];
	const char *errstr;
	struct cidr c;

	if (tl >= sizeof(text))
		return 0;
	memcpy(text, tok, tl);
	text[tl] = '\0';
	if (cidr_pton(text, &c, &errstr) == -1)
		return 0;
	return cidr_match(&c, host->family, host->addr);
}

int
noproxy_match(const char *list, const char *host)
{
	struct cidr hc;
	const char *p, *errstr;
	size_t hl, tl;
	int is_ip;

	if (list == NULL || *list == '\0' || *host == '\0')
		return 0;
	if (strcmp(list, "*") == 0)
		return 1;
	hl = strlen(host);
	/* a bare address is a block of one; a host never holds a '/' */
	is_ip = strchr(host, '/') == NULL && cidr_pton(host, &hc, &errstr) == 0;
	if (!is_ip && host[hl - 1] == '.')
		hl--;
	for (p = list; *p != '\0'; p += tl) {
		p += strspn(p, SEPS);
		tl = strcspn(p, SEPS);
		if (tl == 0)
			continue;
		if (is_ip ? match_addr(p, tl, &hc) : match_name(p, tl, host,
		    hl))
			return 1;
	}
	return 0;
}

static int
set(const char *s)
{
	return s != NULL && *s != '\0';
}

int
proxy_pick(const struct proxy_env *env, int https, const char *host,
    struct proxy *px, const char **from, char *err)
{
	const char *url, *name;
	char why[SK_ERRLEN];

	if (noproxy_match(env->noproxy != NULL ? env->noproxy :
	    env->no_proxy, host))
		return 0;
	if (env->opt != NULL) {
		url = env->opt;
		name = "--proxy";
	} else if (!https && set(env->http_proxy)) {
		url = env->http_proxy;
		name = "http_proxy";
	} else if (https && set(env->https_proxy)) {
		url = env->https_proxy;
		name = env->https_name != NULL ? env->https_name : "https_proxy";
	} else {
		url = env->all_proxy;
		name = env->all_name != NULL ? env->all_name : "ALL_PROXY";
	}
	if (!set(url))
		return 0;
	if (proxy_parse(url, px, why) == -1) {
		snprintf(err, SK_ERRLEN, "%s: bad proxy URL: %.*s", name,
		    SK_ERRLEN - 40, why);
		return -1;
	}
	/* curl's port for an http:// proxy without one is 1080, as SOCKS's */
	if (!px->port_given && px->kind == PROXY_HTTP && !px->tls)
		snprintf(px->port, sizeof(px->port), "%d", PROXY_SOCKS_PORT);
	if (env->user != NULL && proxy_user_set(px, env->user, why) == -1) {
		snprintf(err, SK_ERRLEN, "--proxy-user: %.*s", SK_ERRLEN - 40,
		    why);
		return -1;
	}
	*from = name;
	return 1;
}
