/*
 * proxy_serve.h: a proxy server's side of one connection: the SOCKS5
 * (RFC 1928, RFC 1929) or HTTP proxy handshake with the client, the
 * onward dial within the rules, the reply.  Core: never prints, never
 * exits.  parse/socks_serve.h and parse/http_proxy.h are the protocols;
 * this file moves their bytes.
 *
 * pserve_run(cfd, ps, pc): cfd is an accepted client.  It reads the
 * client's request within ps->hs_ms, checks the credentials if
 * ps->user is set, resolves the destination (with ps->dial's family
 * and -n), lets through only the addresses ps->to allows (all when
 * ps->nto is 0) and never the proxy itself (the address and port the
 * client reached, or a local address with that port: a proxy asked to
 * reach itself would loop), dials within ps->dial->timeout_ms (through
 * ps->px if set), and answers the client.  What the client sent after
 * its request (pipelined data, an HTTP request's body) goes onward, and
 * what a chained proxy sent after its reply to the client, so on
 * success the two sockets only remain to be relayed.  Each answer to
 * the client gets ps->hs_ms of its own, however long the dial took.
 * Returns the
 * onward socket (blocking), or -1 with pc->err filled and, when the
 * client was answered, pc->code the SOCKS5 reply or HTTP status sent
 * (-1 when it was not: it spoke no protocol, went away or was slow).
 * pc->target names the destination asked for ("example.org port 80",
 * empty before the request is read), pc->code 0 or 200 on success.
 */
#ifndef PROXY_SERVE_H
#define PROXY_SERVE_H

#include <stddef.h>

#include "parse/proxyto.h"
#include "parse/socks.h"
#include "sockt.h"

struct net_opts;

enum pserve_kind {
	PSERVE_SOCKS5,
	PSERVE_HTTP
};

struct pserve {
	int		 kind;		/* enum pserve_kind */
	/*
	 * The credentials asked for, or NULL: each PROXY_USERLEN bytes,
	 * zero after the string (compared whole, in constant time)
	 */
	const char	*user;
	const char	*pass;
	const struct proxy_to *to;	/* where clients may go; */
	size_t		 nto;		/* 0: anywhere but here */
	const struct net_opts *dial;	/* the onward dial */
	const struct proxy *px;		/* onward through it, or NULL */
	int		 hs_ms;		/* the request within */
};

struct pserve_conn {
	int		 code;		/* SOCKS5 reply, HTTP status */
	char		 method[32];	/* HTTP: the request's method */
	char		 target[SK_HOSTLEN + 16];
	char		 err[SK_ERRLEN];
};

int	pserve_run(int cfd, const struct pserve *ps, struct pserve_conn *pc);

#endif /* PROXY_SERVE_H */
