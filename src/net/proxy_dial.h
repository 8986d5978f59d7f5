/*
 * proxy_dial.h: the proxy handshake over a connected socket: socks.h's
 * requests and replies with the I/O.  Core: never prints, never exits.
 *
 * proxy_connect(fd, t, err): fd is already connected to the proxy t->px
 * (net_dial to px->host, px->port).  It asks the proxy for a tunnel to
 * t->host and t->port and returns 0 once the proxy says yes; the socket
 * then carries the stream to host.  The tunnel is a struct, not ten
 * positional arguments, so a call names what each value is.
 *   host	a name or an address literal (IPv6 without brackets).  For
 *		socks5:// and socks4:// the name is resolved here with
 *		net_resolve and the options no (NULL: the defaults; -4/-6
 *		and -n apply; SOCKS4 takes IPv4 only) and the first address
 *		is sent; pass a literal to choose it yourself.  socks5h,
 *		socks4a and http send the name for the proxy to resolve.
 *   port	a number or a service name (resolved here either way).
 *   deadline	mono_ms() value by which the whole handshake must be done,
 *		every write and read of every step (0: no limit), so one
 *		connect timeout can cover the dial and the handshake.  The
 *		local name resolution of socks5/socks4 is not bounded by it
 *		(getaddrinfo has no timeout).
 *   rest	a buffer of restcap >= PROXY_HEAD_MAX bytes: what the proxy
 *		sent after its reply (an HTTP proxy may pass the far end's
 *		first bytes along with its head).  *restlen is their count,
 *		often 0; they are no longer in the socket, so the caller
 *		must hand them to the relay before anything read later.
 * On failure returns -1 with errno (ETIMEDOUT, ECONNRESET when the proxy
 * closed mid-handshake, EPROTO when it refused or spoke something else,
 * EINVAL for a request that cannot be made) and err (SK_ERRLEN) filled
 * with the proxy, the step and what the proxy said:
 * "proxy 127.0.0.1 port 1080: authentication refused",
 * "proxy 127.0.0.1 port 1080: host unreachable (SOCKS5 reply 4)",
 * "proxy ::1 port 3128: HTTP 407 Proxy Authentication Required",
 * "proxy 127.0.0.1 port 1080: SOCKS5 CONNECT: timed out".
 * EINTR is retried; fd is non-blocking while the handshake runs, and
 * left as it was.
 *
 * proxy_connect is a loop over the same handshake a step at a time,
 * which is also a layer of a connection stack (net/stack.h), a step in
 * a caller's own poll loop (http-get's engine):
 *   proxy_hs_init(h, t, err)	resolves here when the kind wants it
 *				and builds the first request (t->rest and
 *				t->deadline are not used); 0, or -1 as
 *				proxy_connect.
 *   proxy_hs_step(h, c, at, err)  as much of the handshake as the
 *				layers of c beneath layer at take without
 *				blocking (conn_read_under: the socket, or
 *				an https:// proxy's TLS; c->fd
 *				non-blocking): 1 done, the proxy's early
 *				bytes in h->buf[h->rest .. h->len); 0 to
 *				wait for h->want (POLLIN or POLLOUT,
 *				what those layers wait for); -1 as
 *				proxy_connect.
 *   proxy_hs_timeout(h, err)	the caller's deadline passed: the message
 *				("...: SOCKS5 CONNECT: timed out") and
 *				errno ETIMEDOUT.
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

#include "parse/socks.h"
#include "util/base.h"

struct conn;
struct net_opts;

/* The tunnel proxy_connect asks for, and where the early bytes go. */
struct proxy_tunnel {
	const struct proxy *px;		/* the proxy fd is connected to */
	const char	*host;		/* the far end */
	const char	*port;
	const struct net_opts *no;	/* to resolve host; NULL: defaults */
	long long	 deadline;	/* mono_ms(); 0: no limit */
	unsigned char	*rest;		/* the proxy's early bytes */
	size_t		 restcap;	/* >= PROXY_HEAD_MAX */
	size_t		*restlen;	/* set: how many are in rest */
};

/* One handshake under way. */
struct proxy_hs {
	const struct proxy *px;
	int		 step;		/* which request and reply */
	int		 method;	/* SOCKS5: what the proxy chose */
	int		 want;		/* POLLIN or POLLOUT */
	char		 host[SK_HOSTLEN];	/* the far end, as sent */
	int		 port;
	unsigned char	 req[PROXY_REQ_MAX];	/* the step's request */
	size_t		 rlen, roff;		/* ... and how much went */
	unsigned char	 buf[PROXY_HEAD_MAX];	/* its reply */
	size_t		 len;
	size_t		 rest;		/* done: where the early bytes begin */
};

int	proxy_connect(int fd, const struct proxy_tunnel *t, char *err);
int	proxy_hs_init(struct proxy_hs *h, const struct proxy_tunnel *t,
	    char *err);
int	proxy_hs_step(struct proxy_hs *h, struct conn *c, int at,
	    char *err);
void	proxy_hs_timeout(const struct proxy_hs *h, char *err);
int	proxy_hs_far(const struct proxy_hs *h);

#endif /* PROXY_DIAL_H */
