/*
 * noproxy.h: which proxy http-get uses for a host, pure (no I/O, no
 * getenv), so the unit tests and the fuzzers link it alone: the NO_PROXY
 * list as curl reads it, and the choice among --proxy, http_proxy and
 * ALL_PROXY with curl's precedence.  The command reads the environment
 * and passes the values in.
 */
#ifndef NOPROXY_H
#define NOPROXY_H

#include "parse/socks.h"

/*
 * noproxy_match: does a NO_PROXY list cover host (a name, or an address
 * literal, IPv6 without brackets)?  As curl reads it: the list "*" alone
 * covers every host; else entries are separated by commas, spaces or
 * tabs.  For a host name an entry covers the name itself and every name
 * under it ("example.com" and ".example.com" both cover example.com and
 * www.example.com, not notexample.com), case ignored, one trailing dot
 * ignored on either side.  For an address literal an entry is an address
 * or a CIDR block ("10.0.0.0/8", "::1/128", "fe80::/10") and names never
 * match it; an IPv4-mapped IPv6 address counts as IPv4.  An entry with a
 * port ("host:8080") matches nothing, as in curl.  NULL or "" covers
 * nothing.  Returns 1 or 0.
 */
int	noproxy_match(const char *list, const char *host);

/* What the choice is made from; NULL (or "" for the environment): unset. */
struct proxy_env {
	const char	*opt;		/* --proxy; "" means no proxy at all */
	const char	*user;		/* --proxy-user, for any proxy chosen */
	const char	*noproxy;	/* --noproxy, in place of no_proxy */
	const char	*http_proxy;	/* the environment's http_proxy */
	const char	*https_proxy;	/* https_proxy, or HTTPS_PROXY */
	const char	*https_name;	/* which of the two, for messages */
	const char	*all_proxy;	/* all_proxy, or ALL_PROXY */
	const char	*all_name;	/* which of the two, for messages */
	const char	*no_proxy;	/* no_proxy, or NO_PROXY */
};

/*
 * proxy_pick: the proxy for a request to host (by https:// when https),
 * as curl chooses: none when --noproxy (or, without it, no_proxy)
 * covers the host; else --proxy when given (even ""); else http_proxy,
 * or for https https_proxy; else ALL_PROXY.  --proxy-user replaces the
 * credentials of whichever is chosen; an http:// one without a port is
 * on curl's 1080 (nc's 3128 elsewhere).  Returns 1 with *px filled and
 * *from naming the source ("--proxy", "http_proxy", "HTTPS_PROXY",
 * "ALL_PROXY"), 0 for a direct connection, or -1 with err (SK_ERRLEN)
 * filled: "ALL_PROXY: bad proxy URL: ...".
 */
int	proxy_pick(const struct proxy_env *env, int https, const char *host,
	    struct proxy *px, const char **from, char *err);

#endif /* NOPROXY_H */
