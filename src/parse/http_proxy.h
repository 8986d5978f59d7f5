/*
 * http_proxy.h: the server side of an HTTP proxy, pure (no I/O): a
 * client's request head (RFC 9112: CONNECT's authority-form, any other
 * method's absolute-form http:// target) parsed, the head rewritten for
 * the origin server (origin-form, hop-by-hop fields dropped), and
 * Proxy-Authorization: Basic checked.  net/proxy_serve.c moves the
 * bytes.
 *
 * hproxy_parse takes all the bytes received so far, buf[0..len), and
 * returns the length of the head (through its blank line) once it is
 * complete, 0 while it is not (a head has no length known in advance),
 * or -1 with err filled (printable) and rq->status the HTTP status to
 * answer with: 400 malformed, 431 a head over HPROXY_HEAD_MAX, 501 a
 * scheme other than http:// (or an origin-form target: no proxy
 * request), 505 a version other than HTTP/1.x.  The answer for a longer
 * input never contradicts the one for its prefix.  Bytes after the head
 * are the request's body or the tunnel's first bytes.
 */
#ifndef HTTP_PROXY_H
#define HTTP_PROXY_H

#include <stddef.h>

#include "sockt.h"

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
	int	 status;		/* on -1: the status to answer */
};

long	hproxy_parse(const char *buf, size_t len, struct hproxy_req *rq,
	    char *err);

/*
 * hproxy_rewrite: the head buf[0..rq->head_len) as the origin server is
 * to get it: "METHOD /path HTTP/1.1", the fields but Host (replaced by
 * the URL's authority, RFC 9112 section 3.2.2), Proxy-Authorization,
 * Proxy-Connection, Connection, Keep-Alive, TE, Trailer, Upgrade and the
 * fields a Connection or Proxy-Connection field names, then
 * "Connection: close": one request per connection.  Returns its length
 * in out[0..cap), or -1 when it does not fit.
 */
long	hproxy_rewrite(const char *buf, const struct hproxy_req *rq, char *out,
	    size_t cap);

/*
 * hproxy_auth_ok: 1 when the Proxy-Authorization value v[0..n) is
 * "Basic" (any case) and the base64 of "user:pass", else 0.
 */
int	hproxy_auth_ok(const char *v, size_t n, const char *user,
	    const char *pass);

/*
 * hproxy_status_text: the reason phrase of the statuses the proxy
 * sends ("Bad Gateway"), "Error" for another.
 */
const char *hproxy_status_text(int status);

#endif /* HTTP_PROXY_H */
