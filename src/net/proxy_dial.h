/*
 * proxy_dial.h: the proxy handshake, socks.h's requests and replies
 * with the I/O, a step at a time: the proxy layer of a connection stack
 * (net/stack.h: connect --proxy, the forwarder's and the proxy servers'
 * onward dials), and a step in a caller's own poll loop (http-get's
 * engine, portscan --proxy).  Core: never prints, never exits.
 *
 * The tunnel t asks the proxy t->px, to which the socket beneath is
 * connected, for t->host and t->port.  The tunnel is a struct, not ten
 * positional arguments, so a call names what each value is.
 *   host	a name or an address literal (IPv6 without brackets).  For
 *		socks5:// and socks4:// the name is resolved here with
 *		net_resolve and the options no (NULL: the defaults; -4/-6
 *		and -n apply; SOCKS4 takes IPv4 only) and the first address
 *		is sent; pass a literal to choose it yourself.  socks5h,
 *		socks4a and http send the name for the proxy to resolve.
 *   port	a number or a service name (resolved here either way).
 * A failure is -1 with errno (ETIMEDOUT, ECONNRESET when the proxy
 * closed mid-handshake, EPROTO when it refused or spoke something else,
 * EINVAL for a request that cannot be made) and err (SK_ERRLEN) filled
 * with the proxy, the step and what the proxy said:
 * "proxy 127.0.0.1 port 1080: authentication refused",
 * "proxy 127.0.0.1 port 1080: host unreachable (SOCKS5 reply 4)",
 * "proxy ::1 port 3128: HTTP 407 Proxy Authentication Required",
 * "proxy 127.0.0.1 port 1080: SOCKS5 CONNECT: timed out".
 *   proxy_hs_init(h, t, err)	resolves here when the kind wants it
 *				and builds the first request; 0, or -1
 *				as above.
 *   proxy_hs_step(h, c, at, err)  as much of the handshake as the
 *				layers of c beneath layer at take without
 *				blocking (conn_read_under: the socket, or
 *				an https:// proxy's TLS; c->fd
 *				non-blocking): 1 done, the proxy's early
 *				bytes (an HTTP proxy may pass the far
 *				end's first bytes along with its head) in
 *				h->buf[h->rest .. h->len); 0 to wait for
 *				h->want (POLLIN or POLLOUT, what those
 *				layers wait for); -1 as above.
 *   proxy_hs_timeout(h, err)	the caller's deadline passed: the message
 *				("...: SOCKS5 CONNECT: timed out") and
 *				errno ETIMEDOUT.
 *   proxy_hs_connect(h, &sent)	an HTTP CONNECT's status as the
 *				proxy's last head gave it (0: none, or
 *				not HTTP), sent its request's bytes.
 *   proxy_hs_heads(h, &n)	an HTTP CONNECT's reply heads as they
 *				came, those of the 407s answered on the
 *				way first (curl's -i and -D show them), n
 *				bytes of them (0: none, or not HTTP); after
 *				the handshake, done or failed.
 *   proxy_hs_far(h)		1 while the step is the far connect (the
 *				request for the tunnel is out or going,
 *				its reply, whole or not, in h->buf[0 ..
 *				h->len)), 0 before: what a failure or
 *				a silence is the proxy's own, or its
 *				word on the far end (portscan --proxy).
 */
#ifndef PROXY_DIAL_H
#define PROXY_DIAL_H

#include <stddef.h>
#include <stdint.h>

#include "parse/socks.h"
#include "util/base.h"

struct conn;
struct http_resp;
struct net_opts;

/* The tunnel asked for. */
struct proxy_tunnel {
	const struct proxy *px;		/* the proxy the socket reaches */
	const char	*host;		/* the far end */
	const char	*port;
	const struct net_opts *no;	/* to resolve host; NULL: defaults */
	const char	*agent;		/* an HTTP CONNECT as curl's: its
					   User-Agent; NULL: the bare one */
	char *const	*ph;		/* its --proxy-header fields */
	int		 nph;
	/*
	 * an HTTP CONNECT's Proxy-Authorization value in Basic's place,
	 * "" for none (--proxy-digest before a challenge); NULL: Basic
	 */
	const char	*auth;
	/*
	 * a 407 to it, r its head: 1 with the value to ask again with in
	 * auth[0..cap), on the same connection when the proxy keeps it
	 * (the 407's body read and dropped); auth NULL when the proxy
	 * does not keep it: the handshake fails as without, and the
	 * caller asks again on a new one.  0: it fails.  NULL: none.
	 */
	int		(*reauth)(void *arg, const struct http_resp *r,
			    char *auth, size_t cap);
	void		*reauth_arg;
	/*
	 * SOCKS5's command in CONNECT's place: SOCKS5_CMD_BIND, whose
	 * host and port (0: any) name the peer expected, or
	 * SOCKS5_CMD_UDP, whose host and port are sent as given (0.0.0.0
	 * and 0: the client's not yet known); 0: CONNECT
	 */
	int		 cmd;
};

#define SOCKS5_CMD_BIND	2
#define SOCKS5_CMD_UDP	3

#define PROXY_AUTH_MAX	(PROXY_REQ_MAX - 64)	/* a value of auth */

/* One handshake under way. */
struct proxy_hs {
	const struct proxy *px;
	const char	*agent;		/* proxy_tunnel's */
	char *const	*ph;		/* proxy_tunnel's */
	int		 nph;
	int		 step;		/* which request and reply */
	int		 method;	/* SOCKS5: what the proxy chose */
	int		 cmd;		/* proxy_tunnel's */
	int		 want;		/* POLLIN or POLLOUT */
	char		 host[SK_HOSTLEN];	/* the far end, as sent */
	int		 port;
	size_t		 rlen, roff;		/* req's, and how much went */
	size_t		 len;			/* buf's */
	size_t		 rest;		/* done: where the early bytes begin */
	int		 has_pauth;	/* pauth is proxy_tunnel's auth */
	int		(*reauth)(void *, const struct http_resp *, char *,
			    size_t);
	void		*reauth_arg;
	uint64_t	 drain;		/* a 407's body bytes still to drop */
	size_t		 nseen;		/* seen's */
	size_t		 nsent;		/* sent's */
	size_t		 sentall;	/* the 407s' requests' bytes */
	/* the buffers last: proxy_hs_init clears what is before them */
	unsigned char	 req[PROXY_REQ_MAX];	/* the step's request */
	unsigned char	 buf[PROXY_HEAD_MAX];	/* its reply */
	unsigned char	 seen[PROXY_HEAD_MAX];	/* the 407s' heads answered */
	unsigned char	 sent[2 * PROXY_REQ_MAX];	/* the requests they
						   answered */
	char		 pauth[PROXY_AUTH_MAX];
};

int	proxy_hs_init(struct proxy_hs *h, const struct proxy_tunnel *t,
	    char *err);
int	proxy_hs_step(struct proxy_hs *h, struct conn *c, int at,
	    char *err);
void	proxy_hs_timeout(const struct proxy_hs *h, char *err);
int	proxy_hs_far(const struct proxy_hs *h);
int	proxy_hs_connect(const struct proxy_hs *h, size_t *sent);
/*
 * proxy_hs_heads: a CONNECT's requests once done (*req, *rlen bytes as
 * sent, each round's when a 407 asked again), for curl's -v, and every
 * round's reply head (*rep, *replen: each 407 answered, then the 200 or
 * the refusal, as they came) for -i, -D and -v, as curl shows them.
 * 0, or -1 for no HTTP proxy's handshake.
 */
int	proxy_hs_heads(struct proxy_hs *h, const unsigned char **req,
	    size_t *rlen, const unsigned char **rep, size_t *replen);

#endif /* PROXY_DIAL_H */
