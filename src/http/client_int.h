/*
 * http/client_int.h: what client.c (requests, responses), conn.c (the
 * connections, TLS) and body.c (a body's framing) share, and nothing
 * outside them includes.
 */
#ifndef CLIENT_INT_H
#define CLIENT_INT_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "http/client.h"
#include "http/decode.h"

#define BUFSZ		(512 * 1024)	/* head and body reads */


/* One connection, its read buffer, and where the results go. */
struct conn {
	int		 s;
	struct tls_conn	*tls;		/* https: TLS over s, else NULL */
	char		*buf;
	size_t		 len, off;	/* unread bytes: buf[off .. len) */
	const struct httpc_req *q;	/* the request: its deadline */
	const struct httpc_opts *o;	/* its settings: limits, timeouts */
	int		 armed_ms;	/* SO_RCVTIMEO in force, 0 none */
	uint64_t	 done;		/* body bytes delivered, as framed */
	uint64_t	 decoded;	/* and decoded, to the output */
	struct decode	 dec;		/* the codings undone (decode.h) */
	long long	 t0;		/* mono_ms when the body began */
	uint64_t	 rx;		/* bytes of response read */
	int		 early;		/* closed before a byte of response */
	int		 keep;		/* may carry the next request */
	int		 discard;	/* draining: the body goes nowhere */
	int		 closes;	/* our request said Connection: close */
	const struct httpc_hooks *h;
	struct output	*out;
	struct httpc_result *res;
};

/* client.c */

/* Record the outcome and its message; returns -1 for the caller. */
int	httpc_seterr(struct conn *c, enum httpc_outcome oc, const char *fmt,
	    ...);

/* conn.c: the connection */

/*
 * Set the socket's read timeout for what remains of the request's time.
 * Returns 0, or -1 once the time is up (errno ETIMEDOUT).
 */
int	httpc_conn_arm(struct conn *c);

/*
 * read(2) with EINTR handled and a read timeout turned into ETIMEDOUT;
 * over TLS, what the records bring until they would block.
 */
ssize_t	httpc_conn_read(struct conn *c, void *p, size_t n);

/* All of p[0..n) to the connection.  0, or -1 with errno. */
int	httpc_conn_write(struct conn *c, const void *p, size_t n);

/* A failed read: which limit ran out, or errno; returns -1. */
int	httpc_read_error(struct conn *c);

/*
 * Connect to the server (or the proxy, and through it), then TLS for
 * https.  0, or -1 with the outcome recorded in c.
 */
int	httpc_dial(struct conn *c, const struct httpc_req *q);

/* c's connection closed (close_notify first over TLS); c->s is -1. */
void	httpc_conn_close(struct conn *c);

/* The kept connection: its key, taking it, putting it back. */
void	httpc_conn_key(const struct httpc_req *q, char *key, size_t cap);
void	httpc_conn_take(struct httpc *e, struct conn *c, const char *key);
void	httpc_conn_put(struct httpc *e, struct conn *c, const char *key);

/* body.c: each returns 0, or -1 with the outcome recorded in c. */

/*
 * The final head r is in and a body of that framing follows (any
 * engine's loop calls these three): the codings to undo set up in
 * c->dec (Transfer-Encoding's always, Content-Encoding's with
 * compressed; an unknown one or no zlib is HTTPC_ERR_DECODE), and
 * --max-filesize against a Content-Length when nothing is decoded.
 * Nothing to do for HTTP_BODY_NONE.  The caller frees c->dec
 * (decode_free) when the response is done with, whatever happened.
 */
int	httpc_body_begin(struct conn *c, const struct http_resp *r,
	    enum http_body_kind kind, uint64_t length);

/*
 * httpc_deliver: body bytes p[0..n) as framed (chunks undone): the one
 * way body bytes go out.  Counted (c->done: the progress hook,
 * %{size_download}), decoded through c->dec into c->out under
 * --max-filesize of the decoded size (c->decoded), then paced for
 * --limit-rate.  Nothing when c->discard.
 */
int	httpc_deliver(struct conn *c, const char *p, size_t n);

/* The body's framing ended well: every coding must have ended too. */
int	httpc_body_end(struct conn *c);

/* A body of known length (or, unlimited, one that ends at close). */
int	httpc_body_plain(struct conn *c, uint64_t length, int unlimited);

/* A chunked body, to its last chunk and trailer. */
int	httpc_body_chunked(struct conn *c);

#endif /* CLIENT_INT_H */
