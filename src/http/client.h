/*
 * http/: the HTTP client engine and the atomic output file.  Engine:
 * never prints, never exits.  May use net, parse and util.
 *
 * http/client.h: the HTTP/1.1 client engine behind http-get: one request and
 * its response per call, over http or https (TLS, net/tls.h), direct or
 * through a proxy: connect (or reuse
 * the connection the last response left open), send the request, read
 * the heads (1xx ones too), then the body by length, chunked or until
 * close into an output (output.h), or stop at a redirect or a failing
 * status when asked.  Core layer: it never prints
 * and never exits; it returns an outcome with the message text, and
 * reports heads, the start of the body and its progress through hooks
 * the command supplies (the command decides what -v, -i, -D and the
 * progress line show).  Included by the http-get command
 * (cmd/http_get.h).
 */
#ifndef HTTPC_H
#define HTTPC_H

#include <stddef.h>
#include <stdint.h>

#include "http/output.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "sockt.h"

struct tls_client_opts;
struct tls_conn;

#define HTTPC_ERRLEN	(2 * SK_ERRLEN + SK_HOSTLEN)
#define HTTPC_REASONLEN	80	/* of a reason phrase, kept for messages */

enum httpc_outcome {
	HTTPC_OK,		/* the response is complete */
	HTTPC_REDIRECT,		/* follow: *next is filled */
	HTTPC_HTTP_ERROR,	/* fail: a status of 400 or more, or refused */
	HTTPC_ERR_REQUEST,	/* the request cannot be made */
	HTTPC_ERR_CONNECT,	/* the connection failed */
	HTTPC_ERR_TLS,		/* TLS failed: the library, the handshake,
				   the certificate */
	HTTPC_ERR_SEND,		/* sending the request failed */
	HTTPC_ERR_READ,		/* reading the response failed */
	HTTPC_ERR_TIMEOUT,	/* -m or the idle timeout ran out */
	HTTPC_ERR_PROTOCOL,	/* a malformed or cut-short response */
	HTTPC_ERR_TOO_LARGE,	/* the body is over max_size */
	HTTPC_ERR_DECODE,	/* a coding cannot be undone: unknown,
				   no zlib, corrupt or truncated data */
	HTTPC_ERR_OUTPUT,	/* writing the body failed: see out->fail */
	HTTPC_ERR_HOOK		/* a hook failed (and said why) */
};

/*
 * What the user asked of every request: the command fills it once from
 * its options and every request points at it.
 */
struct httpc_opts {
	int		  head;		/* HEAD, not GET */
	int		  follow;	/* stop at a redirect with Location */
	int		  fail;		/* stop at a status of 400 or more */
	const char	 *agent;	/* User-Agent, or NULL or "" for none */
	char		**headers;	/* checked -H arguments */
	int		  nheaders;
	int		  family;	/* AF_UNSPEC, AF_INET (-4), AF_INET6 */
	const char	 *unix_path;	/* every request over it, or NULL */
	long long	  max_size;	/* refuse a body over it (decoded);
					   0: none */
	int		  compressed;	/* ask for gzip, deflate and undo
					   Content-Encoding (--compressed) */
	long long	  rate;		/* body bytes a second at most; 0 */
	int		  connect_ms;
	int		  idle_ms;	/* 0: none */
	int		  max_ms;	/* the -m in messages */
	/*
	 * https: the TLS options (net/tls.h) the command read, or NULL for
	 * the defaults; the engine names the URL's host and offers ALPN
	 * http/1.1 itself
	 */
	const struct tls_client_opts *tls;
};

/* One request: the settings, and what changes from one to the next. */
struct httpc_req {
	const struct httpc_opts *opt;	/* the same for every request */
	const struct url *url;		/* what to fetch */
	const struct url *origin;	/* the URL the user named */
	const struct proxy *proxy;	/* NULL: connect directly */
	int		  tunnel;	/* through it (SOCKS, CONNECT), not
					   an absolute-form request */
	int		  keep_alive;	/* more requests may follow: no
					   Connection: close */
	int		  resume;	/* but a 416 answers a resume (-C) */
	long long	  deadline;	/* mono_ms for -m, or -1 */
};

enum httpc_head {
	HTTPC_HEAD_INTERIM,	/* a 1xx before the final head */
	HTTPC_HEAD_SWITCH,	/* a 101, which is an error next */
	HTTPC_HEAD_REDIRECT,	/* to be followed */
	HTTPC_HEAD_FAIL,	/* 400 or more with fail set */
	HTTPC_HEAD_FINAL	/* the body follows */
};

/* The hooks may be NULL; one returning -1 has said why. */
struct httpc_hooks {
	void	 *arg;
	/*
	 * connected (s; over TLS tc, else NULL), the request is about to
	 * go
	 */
	void	(*request)(void *arg, int s, struct tls_conn *tc, int via_proxy,
		    const char *req, size_t n);
	/*
	 * a response head, p[0..n) as received; for HTTPC_HEAD_FINAL, 1
	 * refuses the body: the fetch ends there with HTTPC_HTTP_ERROR, as
	 * for fail (a retry will ask again)
	 */
	int	(*head)(void *arg, enum httpc_head what,
		    const struct http_resp *r, const char *p, size_t n);
	/* a body follows: its framing and, by length, its size */
	int	(*body)(void *arg, enum http_body_kind kind,
		    uint64_t length);
	/* body bytes delivered so far */
	void	(*progress)(void *arg, uint64_t done);
};

struct httpc_result {
	enum httpc_outcome outcome;
	int		 status;	/* of the final head, 0 before */
	char		 reason[HTTPC_REASONLEN + 1];
	struct url	*next;		/* the caller's, for HTTPC_REDIRECT */
	char		 err[HTTPC_ERRLEN];	/* empty: nothing to add */
	int		 sys_err;	/* HTTPC_ERR_CONNECT: its errno */
	long		 ssl_verify;	/* https: the certificate's X509_V_
					   code, 0 verified (or http) */
	/* mono_us when each step was reached, 0 if it was not */
	long long	 t_resolved;	/* the name (of the proxy) resolved */
	long long	 t_connected;	/* TCP connected */
	long long	 t_first;	/* the first byte of the response */
};

/*
 * The header fields of -H and -A together, as sent ("Name: value" and
 * CR LF each): what the request head holds for them whatever the URL.
 */
#define HTTPC_FIELDS_MAX	(16 * 1024)

#define HTTPC_KEYLEN	(2 * SK_HOSTLEN + 2 * SK_PORTLEN + URL_ZONELEN + 4200)

/*
 * The buffers, reused from one request to the next, and the persistent
 * connection (RFC 9112 section 9): a response framed by length or
 * chunked, with neither side asking to close, leaves it open for the
 * next request to the same scheme, host and port through the same
 * proxy: one TLS session for them all.
 */
struct httpc {
	char		 *buf;
	char		 *req;
	struct http_resp *resp;
	char		**hdrs;
	int		  s;		/* the open connection, -1 none */
	struct tls_conn	 *tls;		/* its TLS, or NULL */
	long		  ssl_verify;	/* its certificate's verdict */
	int		  armed_ms;	/* its SO_RCVTIMEO, 0 none */
	char		  key[HTTPC_KEYLEN];	/* whom s is to */
	int		  reused;	/* the last request went on s */
	unsigned long	  nconnects;	/* connections made so far */
};

/* httpc_init: room for nheaders -H headers.  0, or -1 with errno. */
int	httpc_init(struct httpc *e, int nheaders);
/* httpc_free: the buffers, and the connection if one is open. */
void	httpc_free(struct httpc *e);

/*
 * httpc_fetch: one request and its response, the body into out.  Fills
 * *res and returns its outcome.  It goes on the open connection when
 * that is to the same place; when the server turns out to have closed
 * that one before a byte of response came (an idle connection the
 * server timed out), the request is sent once more on a new connection,
 * never after a byte of response arrived.  A response whose body is
 * left unread (a redirect or a failing status, unless its body is all
 * in already) or that ends by close closes the connection.
 */
enum httpc_outcome httpc_fetch(struct httpc *e, const struct httpc_req *q,
	    const struct httpc_hooks *h, struct output *out,
	    struct httpc_result *res);

#endif /* HTTPC_H */
