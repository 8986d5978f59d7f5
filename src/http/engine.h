/*
 * http/: the HTTP/1.1 client engine behind http-get, its codings
 * (decode.h) and the atomic output file (output.h).  Engine: never
 * prints, never exits.  May use net, parse and util.
 *
 * http/engine.h: every transfer of http-get in one poll loop, single
 * threaded: one URL, a list one after another, many at once (-Z), or
 * pipelined (--pipeline) are this engine with other limits, so every
 * option means the same in each (curl's easy interface is its multi
 * engine with one transfer; so is ours).  The caller hands it one
 * transfer at a time when it asks (the next hook) and hears of each
 * through hooks: its request, its heads, its body bytes, its end.
 *
 * Connections are non-blocking from the connect on: Happy Eyeballs
 * (RFC 8305) over the addresses of a name, then the layers of one
 * connection stack (net/conn.h): TLS to an https:// proxy, a
 * SOCKS4/4a/5/5h or CONNECT handshake through a proxy, TLS for https
 * (inside the proxy's TLS through an https:// one), each a step at a
 * time; through an http:// proxy an http:// URL goes in absolute form.
 * Every byte goes through the stack, and every connection ends as it
 * says (net/conn_end.c): close_notify from each TLS layer, then the
 * FIN and the lingering close, a step at a time in the same loop, so
 * no end holds up another transfer; httpm_free lets those under way
 * finish, within their bounds.  A connection is kept for the next transfer to the same
 * scheme, host and port by the same way, at most max_conns in all and
 * max_host to one host.  With depth > 1 a connection carries up to
 * depth requests before their responses (RFC 9112 section 9.3); when
 * the server closes with requests unanswered, or answers one with
 * Connection: close, the unanswered ones go again on a new connection,
 * without pipelining to that host from then on.  A request sent on a
 * kept connection the server had closed goes again too (RFC 9112
 * section 9.3.1).  No hook has been called for a transfer that goes
 * again, so no byte of it is delivered twice.
 *
 * A body's framing is strict (a short body is an error, never a
 * silently truncated file), its codings are undone as it streams
 * (decode.h), --max-filesize counts what it decodes to, --limit-rate
 * paces each transfer by reading no sooner than its bytes are due, and
 * on Linux a plain body moves from the socket to its file or pipe with
 * splice(2) when the caller allows (the direct hook).
 */
#ifndef HTTP_ENGINE_H
#define HTTP_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "http/output.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "util/base.h"

struct cookie_jar;
struct hauth;
struct tls_client_opts;
struct tls_conn;

#define HTTPC_ERRLEN	(2 * SK_ERRLEN + SK_HOSTLEN)
#define HTTPC_REASONLEN	80	/* of a reason phrase, kept for messages */
#define HTTPM_DEPTH_MAX	100	/* --pipeline's DEPTH at most */
#define HTTPM_CONNS_MAX	300	/* --parallel-max at most, as curl */
#define HTTPM_FIELDS	3	/* a transfer's own fields at most */

/*
 * The header fields of -H and -A together, as sent ("Name: value" and
 * CR LF each): what the request head holds for them whatever the URL.
 */
#define HTTPC_FIELDS_MAX	(1024 * 1024)	/* curl 7.88's whole request
						   head at most */

enum httpc_outcome {
	HTTPC_OK,		/* the response is complete */
	HTTPC_REDIRECT,		/* follow: res->next is filled */
	HTTPC_HTTP_ERROR,	/* fail: a status of 400 or more, or refused */
	HTTPC_ERR_REQUEST,	/* the request cannot be made */
	HTTPC_ERR_CONNECT,	/* the connection failed */
	HTTPC_ERR_TLS,		/* TLS failed: the library, the handshake,
				   the certificate */
	HTTPC_ERR_SEND,		/* sending the request failed */
	HTTPC_ERR_READ,		/* reading the response failed */
	HTTPC_ERR_TIMEOUT,	/* -m, -w or the idle timeout ran out */
	HTTPC_ERR_PROTOCOL,	/* a malformed or cut-short response */
	HTTPC_ERR_TOO_LARGE,	/* the body is over max_size */
	HTTPC_ERR_DECODE,	/* a coding cannot be undone: unknown,
				   no zlib, corrupt or truncated data */
	HTTPC_ERR_OUTPUT,	/* writing the body failed (the output's
				   fail says why) */
	HTTPC_ERR_HOOK		/* a hook failed (and said why) */
};

/* What the user asked of every request: the command fills it once. */
struct httpc_opts {
	int		  head;		/* HEAD, not GET */
	int		  follow;	/* stop at a redirect with Location */
	int		  fail;		/* stop at a status of 400 or more */
	const char	 *agent;	/* User-Agent, or NULL or "" for none */
	const char	 *referer;	/* Referer (-e), or NULL */
	char		**headers;	/* checked -H arguments */
	int		  nheaders;
	int		  family;	/* AF_UNSPEC, AF_INET (-4), AF_INET6 */
	const char	 *unix_path;	/* every request over it, or NULL */
	long long	  max_size;	/* refuse a body over it (decoded);
					   0: none */
	int		  compressed;	/* ask for gzip, deflate and undo
					   Content-Encoding (--compressed) */
	long long	  rate;		/* body bytes a second a transfer at
					   most; 0: no limit */
	int		  connect_ms;	/* dial, proxy and TLS handshakes */
	int		  idle_ms;	/* no byte for that long; 0: none */
	int		  max_ms;	/* -m, for each try; 0: none */
	/*
	 * https: the TLS options (tls/tls.h) the command read, or NULL for
	 * the defaults; the engine names the URL's host and offers ALPN
	 * http/1.1 itself
	 */
	const struct tls_client_opts *tls;
	/*
	 * an https:// proxy: its TLS options (--proxy-cacert,
	 * --proxy-insecure), or NULL for the defaults; the engine names
	 * the proxy's host, as curl checks it
	 */
	const struct tls_client_opts *proxy_tls;
	/*
	 * --resolve and --connect-to: where the connections for a host
	 * and port go (parse/dialmap.h), or NULL; the URL's host stays the
	 * request's name
	 */
	const struct dialmap *dialmap;
	/*
	 * the cookie engine (-b file, -c): the jar every request reads and
	 * every response head's Set-Cookie fields go to (http/cookies.c),
	 * or NULL: off
	 */
	struct cookie_jar *jar;
	/* -b name=value...: after the jar's cookies, to the URL the user
	   named only (as -H Cookie), or NULL */
	const char	 *cookie;
	/* --oauth2-bearer: "Authorization: Bearer" in Basic's place, or
	   NULL; to the URL's host and port only, as -u */
	const char	 *bearer;
	/*
	 * --digest, --anyauth: the schemes (http/auth.h's HAUTH_ bits) a
	 * 401 may be answered with, the first request going without
	 * credentials, as curl's; 0: -u's Basic on every request
	 */
	int		  auth;
	int		  proxy_auth;	/* --proxy-digest: the same, for -U
					   and a 407 */
	/* --location-trusted: -u, --oauth2-bearer and -H's credentials go
	   to every host a redirect leads to, as curl's */
	int		  trusted;
	/* --proxy-header: checked fields for an HTTP proxy only, after -H
	   on a request it forwards, alone on CONNECT (curl's) */
	char		**pheaders;
	int		  npheaders;
	/* --interface: every connection's source (net/iface.c), or NULL */
	const char	 *iface;
	/* -Y/-y: fail a transfer under speed_limit bytes a second for
	   speed_time seconds (curl's low speed check); 0: off */
	long long	  speed_limit;
	int		  speed_time;
	/* -e ';auto': a redirect's request says where it came from */
	int		  auto_referer;
	int		  te;		/* --tr-encoding: ask TE: gzip */
	int		  haproxy;	/* --haproxy-protocol: PROXY v1 after
					   the proxy's handshake, if any */
	int		  ignore_cl;	/* --ignore-content-length: a body
					   without one ends at the close */
	const char	 *target;	/* --request-target: in the request
					   line for the URL's, or NULL */
	int		  raw;		/* --raw: no coding undone, chunks
					   as they came */
	int		  certinfo;	/* each handshake's chain as text,
					   for %{certs} (httpm_end.certs) */
};

/* The heads a transfer may see, as the head hook is told. */
enum httpc_head {
	HTTPC_HEAD_INTERIM,	/* a 1xx before the final head */
	HTTPC_HEAD_SWITCH,	/* a 101, which is an error next */
	HTTPC_HEAD_REDIRECT,	/* to be followed */
	HTTPC_HEAD_FAIL,	/* 400 or more with fail set */
	HTTPC_HEAD_FINAL,	/* the body follows */
	HTTPC_HEAD_TRAILER,	/* a chunked body's trailer lines, after
				   it (the head given is no one's) */
	HTTPC_HEAD_TUNNEL	/* an HTTP proxy's reply to the CONNECT
				   of the connection, a 407 answered or
				   the refusal, before any other head */
};

/* Within an outcome, what a command may tell apart (curl's codes). */
enum httpc_detail {
	HTTPC_D_NONE,
	HTTPC_D_RESOLVE,	/* ERR_CONNECT: the host's name unknown */
	HTTPC_D_RESOLVE_PROXY,	/* ... the proxy's */
	HTTPC_D_SOCKS,		/* ... a SOCKS proxy's handshake */
	HTTPC_D_PROXY_CERT,	/* ERR_TLS: the https:// proxy's refused */
	HTTPC_D_TLS_SETUP,	/* ... a CA file unread */
	HTTPC_D_TLS_CERT,	/* ... a client certificate or key */
	HTTPC_D_TLS_CIPHER,	/* ... a cipher list OpenSSL takes none of */
	HTTPC_D_TLS_NOLIB,	/* ... no TLS library */
	HTTPC_D_TUNNEL,		/* ... an HTTP proxy's CONNECT */
	HTTPC_D_EMPTY,		/* ERR_PROTOCOL: closed before a byte */
	HTTPC_D_PARTIAL,	/* ... inside the body */
	HTTPC_D_IFACE,		/* ERR_CONNECT: --interface not bound */
	HTTPC_D_AUTH,		/* REDIRECT: the same URL again, answering
				   a 401's challenge (not counted, never
				   refused as a loop) */
	HTTPC_D_WEIRD,		/* ERR_PROTOCOL: a header line or Content-Length
				   malformed (curl's weird server reply) */
	HTTPC_D_NOMEM,		/* ... a head line over curl's 100 KB
				   (its out of memory) */
	HTTPC_D_TRAILER,	/* ... a trailer line that is no field
				   (curl's bad function argument) */
	HTTPC_D_URL		/* ... a Location -L cannot follow, no
				   URL (curl's malformed URL) */
};

/* How a transfer ended. */
struct httpc_result {
	enum httpc_outcome outcome;
	enum httpc_detail detail;
	int		 status;	/* of the final head, 0 before */
	char		 reason[HTTPC_REASONLEN + 1];
	const struct url *next;		/* HTTPC_REDIRECT: where to, until
					   the done hook returns */
	char		 err[HTTPC_ERRLEN];	/* empty: nothing to add */
	int		 sys_err;	/* HTTPC_ERR_CONNECT: its errno;
					   _TLS: the handshake's */
	unsigned long	 tls_err;	/* HTTPC_ERR_TLS: the first error
					   OpenSSL queued, 0: none */
	long		 ssl_verify;	/* https: the certificate's X509_V_
					   code, 0 verified (or http) */
	/* mono_us when each step was reached, 0 if it was not */
	long long	 t_resolved;	/* the name (of the proxy) resolved */
	long long	 t_connected;	/* TCP connected */
	long long	 t_first;	/* the first byte of the response */
	long long	 t_appconnect;	/* the server's TLS done (https) */
	long long	 t_pretransfer;	/* its request head about to go */
	unsigned long long req_bytes;	/* the request heads it sent, the
					   CONNECT's too, as curl counts */
	int		 connect_status;	/* an HTTP proxy's answer to
					   its tunnel's CONNECT, 0: none */
	uint64_t	 body_len;	/* -m ended it inside a body of a
					   Content-Length: that, else 0 */
	int		 num_certs;	/* https: the server's chain's, when
					   this transfer's handshake got it */
	long		 proxy_verify;	/* an https:// proxy's certificate:
					   as ssl_verify */
};

struct httpm;

struct httpm_opts {
	const struct httpc_opts *http;	/* what every request asks */
	int		 max_conns;	/* connections at once in all */
	int		 max_host;	/* ... to one scheme, host and port */
	int		 near_host;	/* ... to one whose round trip is
					   short (HTTPM_FAR_US), if fewer;
					   0: max_host alone */
	int		 depth;		/* requests in flight on one; 1: no
					   pipelining */
	int		 carry;		/* idle connections outlive it, for
					   the next engine (--next) */
};

/*
 * -Z's default: more than HTTPM_NEAR_CONNS connections to a host only
 * when its round trip (the shortest its handshakes took) is at least
 * HTTPM_FAR_US, where the handshakes of many pay for themselves.
 */
#define HTTPM_NEAR_CONNS 6
#define HTTPM_FAR_US	2000

/*
 * One transfer, as the next hook hands it over.  What it points to is
 * the caller's, and stays as it is until the done hook for it returns.
 */
struct httpm_req {
	int		 id;		/* the caller's */
	const struct url *url;		/* what to fetch */
	const struct url *origin;	/* the URL the user named (-H's
					   private fields go only there) */
	const struct proxy *proxy;	/* through it, or NULL */
	int		 tunnel;	/* an http:// proxy: CONNECT, not an
					   absolute-form request (SOCKS
					   always tunnels) */
	int		 keep_alive;	/* 0: nothing follows it on its
					   connection, which ends after it */
	int		 resume;	/* -C: a 416 answers it, not failed
					   by fail */
	long long	 not_before;	/* mono_ms to start at, 0: now */
	long long	 deadline;	/* mono_ms it must end by (-m), -1:
					   none, 0: max_ms from its start */
	const char	*fields[HTTPM_FIELDS];	/* more header fields for it
					   alone (-C's Range, -z's ...) */
	int		 nfields;
	const char	*referer;	/* its Referer, or NULL: -e's */
	struct hauth	*auth;		/* the caller's: its URL's challenge
					   so far (auth set), or NULL */
	struct hauth	*pauth;		/* ... its proxy's (proxy_auth) */
};

/* Where a transfer's request went, for -v and --write-out. */
struct httpm_peer {
	const char	*ip;		/* the address connected to (the
					   proxy's through one), "" unknown */
	int		 port;
	const char	*local_ip;	/* our end's address, "" unknown */
	int		 local_port;
	struct tls_conn	*tls;		/* its TLS, or NULL */
	int		 via_proxy;	/* the connection leads to a proxy */
	int		 reused;	/* it carried a request before */
};

/* What the end of a transfer says, for the done hook. */
struct httpm_end {
	const struct httpc_result *res;	/* the outcome */
	uint64_t	 body;		/* body bytes on the wire */
	long long	 deadline;	/* the one it ran under (a redirect
					   goes on under it) */
	const struct httpm_peer *peer;	/* NULL: it never connected */
	int		 resent;	/* it went again after a close */
	int		 dropped;	/* the start hook said no: never sent */
	const char	*certs;		/* the chain's text (http.certinfo)
					   when its handshake was this
					   transfer's, else NULL */
};

/* The hooks; those marked so may be NULL. */
struct httpm_hooks {
	void	 *arg;
	/* the next transfer into *rq: 1, or 0 when there is none now */
	int	(*next)(void *arg, struct httpm_req *rq);
	/*
	 * transfer id is about to take a connection the first time: 1 to
	 * go, 0 to drop it (it ends at once, end->dropped set); NULL: all
	 * go
	 */
	int	(*start)(void *arg, int id);
	/* the request head of id, req[0..n), goes out now; NULL: none */
	void	(*request)(void *arg, int id, const struct httpm_peer *peer,
		    const char *req, size_t n);
	/*
	 * a head of transfer id, p[0..n) as received; for
	 * HTTPC_HEAD_FINAL 1 refuses the body (HTTPC_HTTP_ERROR: a retry
	 * will ask again), 2 wants none (read and dropped: -C's whole
	 * file), -1 fails (HTTPC_ERR_HOOK, the hook said why)
	 */
	int	(*head)(void *arg, int id, enum httpc_head what,
		    const struct http_resp *r, const char *p, size_t n);
	/*
	 * body bytes of transfer id, in order, its codings undone: 0, or
	 * -1 (HTTPC_ERR_OUTPUT; the hook recorded why)
	 */
	int	(*data)(void *arg, int id, const char *p, size_t n);
	/*
	 * a plain body of transfer id (no coding, no TLS, no --limit-rate)
	 * is about to be read: the output its bytes may go to straight
	 * from the socket (splice(2)), every byte the data hook was given
	 * written already; NULL: through the data hook (and so when the
	 * hook is NULL)
	 */
	struct output *(*direct)(void *arg, int id);
	/*
	 * the body bytes of transfer id so far as they came on the wire
	 * (%{size_download}, progress); NULL: none
	 */
	void	(*progress)(void *arg, int id, uint64_t done);
	/* transfer id ended; the caller may hand it over again (next) */
	void	(*done)(void *arg, int id, const struct httpm_end *end);
	/*
	 * the loop is about to sleep, with nothing to do: a caller's
	 * buffered output goes now; NULL: none
	 */
	void	(*idle)(void *arg);
	/* the caller holds output the idle hook would write; NULL: none */
	int	(*pending)(void *arg);
};

#define HTTPM_WINDOW_MIN 64	/* URLs past the one due, to stdout */
#define HTTPM_WINDOW_MAX 512	/* (each may hold a temporary file) */

/*
 * httpm_limits: mo's connections and depth for -Z (parallel, at most
 * par_max connections, par_host to a host; 0: par_max to a far one,
 * HTTPM_NEAR_CONNS to a near one), --pipeline's depth, or one transfer
 * at a time.  Returns the window: how many URLs past the one
 * due may be under way while bodies bound for stdout are held; 1 one
 * at a time, 0 when every body goes to a file (all_files): none held.
 */
int	httpm_limits(struct httpm_opts *mo, int parallel, int pipeline,
	    int par_max, int par_host, int all_files);

/*
 * httpc_proxy_env: env's --proxy (opt, with --proxy-user) checked, then
 * the proxies of the environment into env, read as curl reads them:
 * only the lowercase http_proxy (a CGI program gets HTTP_PROXY from a
 * request's "Proxy:" header), https_proxy before HTTPS_PROXY, all_proxy
 * before ALL_PROXY, no_proxy before NO_PROXY; set and not empty.
 * Returns 0, or with err (SK_ERRLEN) filled -1 (a bad --proxy-user), -2
 * (a --proxy that cannot be read), -3 (its scheme unknown) or -4 (its
 * user name or password longer than its handshake carries).
 */
struct proxy_env;
int	httpc_proxy_env(struct proxy_env *env, char *err);

/*
 * httpc_retryable: may a try that ended with oc (res its result) go
 * again (--retry)?  Timeouts, a failed connect (refused only with
 * connrefused, as curl), and the statuses of retry_status, whether -f
 * stopped at them or the head hook did.  1 or 0.
 */
int	httpc_retryable(enum httpc_outcome oc, const struct httpc_result *res,
	    int connrefused);

/*
 * httpc_fields_len: the bytes o's -H and User-Agent fields take in every
 * request head, CRLFs included; over HTTPC_FIELDS_MAX they never fit.
 */
size_t	httpc_fields_len(const struct httpc_opts *o);

/*
 * httpc_cookie_arg: a -b argument: with '=' cookies to send, joined to
 * those of *data (a string the caller frees, NULL for none) by ";" as
 * curl joins them; without, a cookie file's name.  Returns 1 for a
 * file; 0 with *data the cookies so far; -1 with errno ENOMEM (*data
 * as it was); -2 when they hold a control character.
 */
int	httpc_cookie_arg(char **data, const char *arg);

/*
 * httpc_jar_load: the cookies of a cookie file (- for stdin) into j,
 * Netscape lines or Set-Cookie ones as curl reads them; junk: no
 * session cookies (-j); a line without a domain is for the host of the
 * URL first (the first named; NULL: such lines are skipped).  A file
 * that does not exist is none.  0, or -1 with errno.
 */
int	httpc_jar_load(struct cookie_jar *j, const char *path, int junk,
	    const char *first);

/*
 * httpc_jar_save: j into a cookie file as curl writes it (- for
 * stdout): its header, then the cookies not expired, newest first.  0,
 * or -1 with errno.
 */
int	httpc_jar_save(const struct cookie_jar *j, const char *path);

/* httpm_new: an engine, or NULL with errno. */
struct httpm *httpm_new(const struct httpm_opts *o,
	    const struct httpm_hooks *h);

/*
 * httpm_run: run until the next hook has no more and every transfer has
 * ended.  0, or -1 with errno when the loop itself failed (poll).
 */
int	httpm_run(struct httpm *m);

/* httpm_free: every connection closed, the memory freed. */
void	httpm_free(struct httpm *m);

#endif /* HTTP_ENGINE_H */
