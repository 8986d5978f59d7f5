/*
 * http_proxy.h: the server side of an HTTP proxy, pure (no I/O): a
 * client's request head (RFC 9112: CONNECT's authority-form, any other
 * method's absolute-form http:// target) parsed, the head rewritten for
 * the origin server (origin-form, hop-by-hop fields dropped), and
 * Proxy-Authorization: Basic checked, the request's body framed and
 * whether the client keeps its connection found; and the response head
 * rewritten for the client.  proxy/proxy_http.c moves the bytes.
 *
 * hproxy_parse takes all the bytes received so far, buf[0..len), and
 * returns the length of the head (through its blank line) once it is
 * complete, 0 while it is not (a head has no length known in advance),
 * or -1 with err filled (printable) and rq->status the HTTP status to
 * answer with: 400 malformed, 431 a head over HPROXY_HEAD_MAX, 501 a
 * scheme other than http:// (or an origin-form target: no proxy
 * request), 505 a version other than HTTP/1.x; 400 too for a body no
 * one can delimit (Transfer-Encoding without chunked last, a bad or
 * conflicting Content-Length, both fields: RFC 9112 section 6.3).
 * The answer for a longer
 * input never contradicts the one for its prefix.  Bytes after the head
 * are the request's body or the tunnel's first bytes.
 */
#ifndef HTTP_PROXY_H
#define HTTP_PROXY_H

#include <stddef.h>
#include <stdint.h>

#include "parse/http.h"
#include "util/base.h"

#define HPROXY_HEAD_MAX	(16 * 1024)	/* a request head, all of it */
#define HPROXY_METHOD_MAX	32

struct hproxy_req {
	int	 connect;		/* CONNECT: a tunnel */
	char	 method[HPROXY_METHOD_MAX];
	char	 host[SK_HOSTLEN];	/* IPv6 without brackets */
	int	 port;			/* 1-65535; 80 when an http:// URL
					 * names none */
	int	 minor;			/* HTTP/1.minor */
	/* absolute-form: the path and query (origin-form), in buf */
	size_t	 path_off, path_len;
	/* Proxy-Authorization's value, in buf; len 0: none */
	size_t	 auth_off, auth_len;
	size_t	 head_len;
	/* not CONNECT: the body, HTTP_BODY_NONE, _LENGTH or _CHUNKED */
	int	 body;
	uint64_t body_len;		/* _LENGTH: its bytes, over 0 */
	int	 cl;		/* a Content-Length came (0 too) */
	int	 maxfwd;		/* Max-Forwards; -1: none */
	/*
	 * The client closes after this request: a Connection (or, as
	 * proxies read it, Proxy-Connection) field names close, or it
	 * speaks HTTP/1.0 (RFC 9112 section 9.3)
	 */
	int	 close;
	int	 status;		/* on -1: the status to answer */
};

long	hproxy_parse(const char *buf, size_t len, struct hproxy_req *rq,
	    char *err);

/*
 * hproxy_rewrite: the head buf[0..rq->head_len) as the origin server is
 * to get it: "METHOD /path HTTP/1.1" ("*" for an OPTIONS with no path,
 * RFC 9112 section 3.2.4), the fields but Host (replaced by the URL's
 * authority, RFC 9112 section 3.2.2), Proxy-Authorization,
 * Proxy-Connection, Connection, Keep-Alive, TE, Trailer, Upgrade and the
 * fields a Connection or Proxy-Connection field names, the framing
 * written anew from what was parsed (one "Content-Length: N", or one
 * "Transfer-Encoding: chunked": the client's fields never go on as they
 * came), Max-Forwards counted down for OPTIONS and TRACE, "Via: 1.1
 * via" (1.0 for an HTTP/1.0 request; none for NULL), then, with shut,
 * "Connection: close" (else the connection persists, HTTP/1.1's
 * default).  Returns its length in out[0..cap), or -1 when it does not
 * fit.
 */
long	hproxy_rewrite(const char *buf, const struct hproxy_req *rq, int shut,
	    const char *via, char *out, size_t cap);

/*
 * hproxy_maxfwd: 1 when rq's Max-Forwards concerns it (OPTIONS or TRACE
 * with the field, RFC 9110 section 7.6.2): at 0 the proxy answers.
 */
int	hproxy_maxfwd(const struct hproxy_req *rq);

/*
 * hproxy_via_has: 1 when a Via field of the head names name as a
 * recipient ("1.1 name", any case): the request went round a loop.
 */
int	hproxy_via_has(const char *buf, const struct hproxy_req *rq,
	    const char *name);

/*
 * hproxy_trace: the message a TRACE reflects (RFC 9110 section 9.3.8):
 * the request line and fields as received, lines ended by CR LF, but
 * Proxy-Authorization, Authorization and Cookie.  Its length in
 * out[0..cap), or -1 when it does not fit.
 */
long	hproxy_trace(const char *buf, const struct hproxy_req *rq,
	    char *out, size_t cap);

/*
 * hproxy_resp_rewrite: the response head r (http_head_parse's) as the
 * client is to get it: "HTTP/1.1 SSS reason" (a proxy sends its own
 * version), the fields but the hop-by-hop ones (RFC 9110 section
 * 7.6.1: Connection, Keep-Alive, Proxy-Connection, TE, Upgrade and the
 * fields a Connection field names), the framing written anew: none on
 * 1xx and 204; with a Transfer-Encoding, one such field (its codings,
 * identity left out) and no Content-Length (RFC 9112 section 6.3),
 * else one "Content-Length: N" from the parsed value; "Via: 1.1 via"
 * (1.0 for an HTTP/1.0 response; none for NULL); then as how says:
 * HPROXY_RESP_V10, the client speaks HTTP/1.0, which knows no transfer
 * codings: the body goes decoded of chunked until close, no
 * Transfer-Encoding or Trailer, the other codings appended to
 * Content-Encoding (one it cannot name so is an error: a 502);
 * HPROXY_RESP_CLOSE, "Connection: close".  Returns its length in
 * out[0..cap), or -1 with err filled.
 */
#define HPROXY_RESP_V10		0x2
#define HPROXY_RESP_CLOSE	0x4

long	hproxy_resp_rewrite(const struct http_resp *r, int how,
	    const char *via, char *out, size_t cap, char *err);

/*
 * A body on its way through the proxy, either way: where it ends, by its
 * framing (parse/http.c's: its kind from hproxy_parse or
 * http_body_framing, its chunks followed by a strict decoder,
 * http_chunked_init_strict's).  hproxy_body_init: b for a body of that
 * kind (enum http_body_kind), of len bytes for HTTP_BODY_LENGTH;
 * dechunk: a chunked body is decoded, else written anew, canonically
 * (http_chunked_reframe).  hproxy_body_take: the next bytes that came,
 * buf[0..n): returns how many of them are the body's (fewer once it
 * ended: what follows is not), with dst[0..*out) the bytes to pass on
 * (dst holds n + HTTP_REFRAME_SLACK), and b->done set once the body
 * ended (never for HTTP_BODY_CLOSE, which its sender's close ends); -1
 * with err filled on a chunked framing error.
 */
struct hproxy_body {
	int		 kind;		/* enum http_body_kind */
	int		 dechunk;
	int		 done;
	uint64_t	 left;		/* HTTP_BODY_LENGTH: bytes to come */
	struct http_chunked ch;
};

void	hproxy_body_init(struct hproxy_body *b, int kind, uint64_t len,
	    int dechunk);
long	hproxy_body_take(struct hproxy_body *b, const char *buf, size_t n,
	    char *dst, size_t *out, char *err);

/*
 * hproxy_auth_ok: 1 when the Proxy-Authorization value v[0..n) is
 * "Basic" (any case) and the base64 of "user:pass", else 0.
 */
int	hproxy_auth_ok(const char *v, size_t n, const char *user,
	    const char *pass);

/*
 * hproxy_status_text: the reason phrase of the statuses the proxy
 * sends ("Bad Gateway", "Loop Detected"), "Error" for another.
 */
const char *hproxy_status_text(int status);

#endif /* HTTP_PROXY_H */
