/*
 * http/multi.h: many HTTP/1.1 transfers at once in one poll loop, single
 * threaded, for http-get -Z and --pipeline.  The caller hands the engine
 * one transfer at a time when it asks (the next hook), and hears of each
 * through hooks: its heads, its body bytes, its end.  Connections are
 * non-blocking from the connect on (every address in turn), TLS for
 * https is driven a step at a time, with the verification of
 * httpc_opts->tls; a connection is kept for the next transfer to the
 * same scheme, host and port, at most max_conns in all and max_host to
 * one host.  Through an http:// proxy a request goes in absolute form,
 * or (https, -p) through a CONNECT tunnel the engine asks for without
 * blocking; a SOCKS proxy is refused (HTTPC_ERR_REQUEST).  With depth > 1 a connection carries up to depth requests
 * before their responses (RFC 9112 section 9.3); when the server closes
 * with requests unanswered, or answers one with Connection: close, the
 * unanswered ones go again on a new connection, without pipelining to
 * that host from then on.  No hook has been called for a transfer that
 * goes again, so no byte of it is delivered twice.  Core layer: never
 * prints, never exits.
 */
#ifndef HTTP_MULTI_H
#define HTTP_MULTI_H

#include <stddef.h>
#include <stdint.h>

#include "http/client.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "parse/url.h"

#define HTTPM_DEPTH_MAX	100	/* --pipeline's DEPTH at most */
#define HTTPM_CONNS_MAX	300	/* --parallel-max at most, as curl */

struct httpm;

struct httpm_opts {
	const struct httpc_opts *http;	/* what every request asks */
	int		 max_conns;	/* connections at once in all */
	int		 max_host;	/* ... to one scheme, host and port */
	int		 depth;		/* requests in flight on one; 1: no
					   pipelining */
};

/* One transfer, as the next hook hands it over: the URLs are copied. */
struct httpm_req {
	int		 id;		/* the caller's */
	const struct url *url;		/* what to fetch */
	const struct url *origin;	/* the URL the user named (-H's
					   private fields go only there) */
	const struct proxy *proxy;	/* an http:// proxy (copied), or NULL */
	int		 tunnel;	/* through it with CONNECT, not an
					   absolute-form request */
	long long	 not_before;	/* mono_ms to start at, 0: now */
	const char	*field;		/* one more header field for it alone
					   (-C's Range), kept by the caller
					   until done, or NULL */
};

/* What the end of a transfer says, for the done hook. */
struct httpm_end {
	const struct httpc_result *res;	/* the outcome; res->next filled
					   for HTTPC_REDIRECT */
	uint64_t	 body;		/* body bytes on the wire */
	int		 s;		/* the socket it came on, or -1 */
	int		 reused;	/* that socket carried one before */
	int		 resent;	/* it went again after a close */
	int		 dropped;	/* the start hook said no: never sent */
};

struct httpm_hooks {
	void	 *arg;
	/* the next transfer into *rq: 1, or 0 when there is none now */
	int	(*next)(void *arg, struct httpm_req *rq);
	/*
	 * transfer id is about to go on a connection: 1 to go, 0 to drop
	 * it (it ends at once, end->dropped set); NULL: all go
	 */
	int	(*start)(void *arg, int id);
	/*
	 * a head of transfer id, as client.h's head hook: for
	 * HTTPC_HEAD_FINAL 1 refuses the body (HTTPC_HTTP_ERROR), -1 fails
	 * (HTTPC_ERR_HOOK, the hook said why)
	 */
	int	(*head)(void *arg, int id, enum httpc_head what,
		    const struct http_resp *r, const char *p, size_t n);
	/*
	 * body bytes of transfer id, in order, its codings undone (Transfer-
	 * Encoding's always, Content-Encoding's with http->compressed): 0,
	 * or -1 (HTTPC_ERR_OUTPUT)
	 */
	int	(*data)(void *arg, int id, const char *p, size_t n);
	/* transfer id ended; the caller may hand it over again (next) */
	void	(*done)(void *arg, int id, const struct httpm_end *end);
	/*
	 * nothing is ready: the loop is about to wait (a caller's buffered
	 * output goes now); NULL: none, and no poll(2) to find that out
	 */
	void	(*idle)(void *arg);
	/*
	 * the body bytes of transfer id so far as they came on the wire
	 * (before its codings are undone: %{size_download}, progress);
	 * NULL: none
	 */
	void	(*progress)(void *arg, int id, uint64_t done);
	/*
	 * the request head of transfer id, req[0..n), goes on socket s now
	 * (its TLS or NULL; via_proxy: s leads to a proxy; reused: s
	 * carried a request before); NULL: none
	 */
	void	(*request)(void *arg, int id, int s, struct tls_conn *tls,
		    int via_proxy, int reused, const char *req, size_t n);
};

/* httpm_new: an engine, or NULL with errno. */
struct httpm *httpm_new(const struct httpm_opts *o,
	    const struct httpm_hooks *h);

/*
 * httpm_run: run until the next hook has no more and every transfer has
 * ended.  0, or -1 with errno when the loop itself failed (poll).
 */
int	httpm_run(struct httpm *m);

/* httpm_nconnects: the connections made so far. */
unsigned long httpm_nconnects(const struct httpm *m);

/* httpm_free: every connection closed, the memory freed. */
void	httpm_free(struct httpm *m);

#endif /* HTTP_MULTI_H */
