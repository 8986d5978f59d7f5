/*
 * net/proxy_udp.c: SOCKS5 UDP ASSOCIATE and BIND, the client's side
 * (proxy_udp.h has the contract).  The handshake is proxy_dial.c's with
 * another command byte; a reply's BND.ADDR and BND.PORT are laid out as
 * the UDP header's address (RFC 1928 sections 6 and 7), so socks_udp.c
 * reads both.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/proxy_udp.h"
#include "net/stack.h"
#include "parse/addr.h"
#include "parse/socks.h"
#include "parse/socks_udp.h"
#include "util/base.h"
#include "util/clock.h"

/*
 * The control connection to px and the handshake asking cmd for host
 * port, within no->timeout_ms.  0 with c ready, or -1 with err.
 */
static int
ctl_dial(struct conn *c, const struct proxy *px, const char *host,
    const char *port, int cmd, const struct net_opts *no, char *err)
{
	struct proxy_tunnel t = { .px = px, .host = host, .port = port,
	    .no = no, .cmd = cmd };
	struct net_opts o = *no;
	char why[SK_ERRLEN];
	int fd;

	conn_init(c, -1);
	if (px->kind != PROXY_SOCKS5 && px->kind != PROXY_SOCKS5H) {
		snprintf(err, SK_ERRLEN, "proxy %.96s port %.16s: only SOCKS5 "
		    "carries datagrams or lets a peer connect in", px->host,
		    px->port);
		errno = EINVAL;
		return -1;
	}
	/* -p names the datagrams' port, not the control connection's */
	o.socktype = SOCK_STREAM;
	o.src_port = NULL;
	if ((fd = px->path[0] != '\0' ? net_dial_unix(px->path, SOCK_STREAM,
	    why) : net_dial(px->host, px->port, &o, why)) == -1) {
		snprintf(err, SK_ERRLEN, "proxy %.*s", SK_ERRLEN - 7, why);
		return -1;
	}
	conn_init(c, fd);
	if (stack_push_proxy(c, &t, err) == -1) {
		conn_abort(c);
		return -1;
	}
	if (conn_handshake(c, no->timeout_ms > 0 ? mono_ms() +
	    no->timeout_ms : -1, err) == -1) {
		(void)conn_close(c, 0);
		return -1;
	}
	return 0;
}

/*
 * The address the last reply on c names (BND.ADDR, BND.PORT) into ss,
 * the proxy's own where it names 0.0.0.0 or ::; its length, or 0 with
 * err for a name (which no client can dial without resolving it).
 */
static socklen_t
reply_addr(const struct conn *c, struct sockaddr_storage *ss, char *err)
{
	const struct proxy_hs *h = c->layer[0].ctx;
	struct sockaddr_storage ps;
	struct socks5_udp u;
	unsigned char b[SOCKS5_UDP_HDR_MAX];
	socklen_t len, plen = sizeof(ps);
	size_t n = h->rest < sizeof(b) ? h->rest : sizeof(b);
	static const unsigned char zero[16];

	/* VER REP RSV in RSV RSV FRAG's place: the header's layout */
	memcpy(b, h->buf, n);
	b[0] = b[1] = b[2] = 0;
	if (socks5_udp_decode(b, n, &u, err) == -1 ||
	    (len = socks5_udp_to_sa(&u, ss)) == 0) {
		snprintf(err, SK_ERRLEN, "proxy %.96s port %.16s: its reply "
		    "names no address", h->px->host, h->px->port);
		errno = EPROTO;
		return 0;
	}
	if (memcmp(u.addr, zero, u.atyp == SOCKS5_ATYP_IPV4 ? 4 : 16) != 0 ||
	    getpeername(c->fd, (struct sockaddr *)&ps, &plen) == -1 ||
	    (ps.ss_family != AF_INET && ps.ss_family != AF_INET6))
		return len;
	/* the port is where it is in either family */
	((struct sockaddr_in *)&ps)->sin_port = htons((uint16_t)u.port);
	memcpy(ss, &ps, plen);
	return plen;
}

/*
 * The header for host port: the address net_resolve gives (socks5://),
 * or for socks5h:// a name as it is, its port looked up here.
 */
static int
udp_target(struct proxy_udp *pu, const struct proxy *px, const char *host,
    const char *port, const struct net_opts *no, char *err)
{
	struct net_opts o = *no;
	struct addrinfo *ai;
	struct servent *se;
	char lit[SK_HOSTLEN];
	int pn = 0;
	long n;

	o.socktype = SOCK_DGRAM;
	o.numeric |= px->kind == PROXY_SOCKS5H;
	if (net_resolve(host, port, &o, 0, &ai, err) == 0) {
		if (net_addr_str(ai->ai_addr, ai->ai_addrlen, lit, sizeof(lit),
		    &pn) == 0)
			host = lit;
		freeaddrinfo(ai);
	} else if (px->kind == PROXY_SOCKS5)
		return -1;
	else if ((pn = port_parse(port, 0, err)) <= 0) {
		if (pn == -1 || (se = getservbyname(port, "udp")) == NULL) {
			snprintf(err, SK_ERRLEN, "port %s: unknown service",
			    port);
			return -1;
		}
		pn = ntohs((uint16_t)se->s_port);
	}
	/* CONNECT's request is the header after VER CMD RSV */
	if ((n = socks5_connect_request(host, pn, pu->hdr, sizeof(pu->hdr),
	    err)) == -1)
		return -1;
	memset(pu->hdr, 0, 3);
	pu->hlen = (size_t)n;
	pu->any = pu->hdr[3] == SOCKS5_ATYP_NAME;
	return 0;
}

int
proxy_udp_open(struct proxy_udp *pu, const struct proxy *px,
    const char *host, const char *port, const struct net_opts *no,
    char *err)
{
	struct sockaddr_storage ss;
	struct net_opts o = *no;
	char rh[SK_HOSTLEN], rp[SK_PORTLEN];
	socklen_t len;
	int pn;

	memset(pu, 0, sizeof(*pu));
	pu->fd = -1;
	if (ctl_dial(&pu->ctl, px, "0.0.0.0", "0", SOCKS5_CMD_UDP, no,
	    err) == -1)
		return -1;
	if (net_peer_label(pu->ctl.fd, pu->via, sizeof(pu->via)) == -1)
		snprintf(pu->via, sizeof(pu->via), "%.96s", px->host);
	if ((len = reply_addr(&pu->ctl, &ss, err)) == 0 ||
	    net_addr_str((struct sockaddr *)&ss, len, rh, sizeof(rh),
	    &pn) == -1)
		goto fail;
	snprintf(rp, sizeof(rp), "%d", pn);
	/* the relay's family is the proxy's choice, not -4's or -6's */
	o.socktype = SOCK_DGRAM;
	o.family = AF_UNSPEC;
	o.numeric = 1;
	if ((pu->fd = net_dial(rh, rp, &o, err)) == -1 || (host != NULL &&
	    udp_target(pu, px, host, port, no, err) == -1))
		goto fail;
	return 0;
fail:
	proxy_udp_close(pu);
	return -1;
}

void
proxy_udp_close(struct proxy_udp *pu)
{
	int e = errno;

	if (pu->fd != -1)
		(void)close(pu->fd);
	pu->fd = -1;
	if (pu->ctl.fd != -1)
		(void)conn_close(&pu->ctl, 0);
	pu->ctl.fd = -1;
	errno = e;
}

/*
 * Nothing on the socket: has the control connection ended?  What the
 * proxy says on it is of no use here and is dropped.  -1 with EAGAIN
 * while it lasts, else EPROTO and pu->why.
 */
int
proxy_udp_alive(struct proxy_udp *pu)
{
	char b[256];
	ssize_t n;

	while ((n = recv(pu->ctl.fd, b, sizeof(b), MSG_DONTWAIT)) > 0 ||
	    (n == -1 && errno == EINTR))
		continue;
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return -1;
	snprintf(pu->why, sizeof(pu->why), "proxy %s: control connection: "
	    "%s: the UDP association is over", pu->via, n == 0 ? "closed" :
	    strerror(errno));
	errno = EPROTO;
	return -1;
}

static ssize_t
pul_read(void *ctx, void *buf, size_t n)
{
	struct proxy_udp *pu = ctx;
	struct socks5_udp h;
	unsigned char *p = buf;
	char why[SK_ERRLEN];
	ssize_t r;
	long hl;

	for (;;) {
		r = recv(pu->fd, buf, n, MSG_DONTWAIT);
		if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return proxy_udp_alive(pu);
		if (r == -1)
			return -1;
		/* no header, a fragment, or another source: dropped */
		hl = socks5_udp_decode(p, (size_t)r, &h, why);
		if (hl == -1 || h.frag != 0 || (!pu->any &&
		    ((size_t)hl != pu->hlen || memcmp(p + 3, pu->hdr + 3,
		    pu->hlen - 3) != 0)))
			continue;
		memmove(p, p + hl, (size_t)(r - hl));
		return r - hl;
	}
}

static ssize_t
pul_write(void *ctx, const void *buf, size_t n)
{
	struct proxy_udp *pu = ctx;
	struct iovec iov[2];
	struct msghdr m;
	ssize_t r;

	memset(&m, 0, sizeof(m));
	iov[0].iov_base = pu->hdr;
	iov[0].iov_len = pu->hlen;
	iov[1].iov_base = (void *)(uintptr_t)buf;
	iov[1].iov_len = n;
	m.msg_iov = iov;
	m.msg_iovlen = 2;
	r = sendmsg(pu->fd, &m, 0);
	return r == -1 ? -1 : r - (ssize_t)pu->hlen;
}

static const char *
pul_error(const void *ctx)
{
	return ((const struct proxy_udp *)ctx)->why;
}

const struct conn_ops proxy_udp_layer = {
	.name = "SOCKS5 UDP",
	.read = pul_read,
	.write = pul_write,
	.error = pul_error
};

int
proxy_bind_open(struct conn *c, const struct proxy *px, const char *host,
    const char *port, const struct net_opts *no, char *bound,
    size_t boundsz, char *err)
{
	struct sockaddr_storage ss;
	socklen_t len;

	/* any peer: in -6's family, as -6 resolves no IPv4 address */
	if (host == NULL)
		host = no->family == AF_INET6 ? "::" : "0.0.0.0";
	if (ctl_dial(c, px, host, port, SOCKS5_CMD_BIND, no, err) == -1)
		return -1;
	if ((len = reply_addr(c, &ss, err)) == 0) {
		(void)conn_close(c, 0);
		return -1;
	}
	(void)net_addr_label((struct sockaddr *)&ss, len, bound, boundsz);
	return 0;
}

int
proxy_bind_wait(struct conn *c, long long deadline, char *peer,
    size_t peersz, char *err)
{
	struct proxy_hs *h = c->layer[0].ctx;
	struct sockaddr_storage ss;
	socklen_t len;

	/* the step again, nothing to send: the second reply read */
	h->len = h->rlen = h->roff = h->rest = 0;
	h->want = POLLIN;
	c->layer[0].done = 0;
	if (conn_handshake(c, deadline, err) == -1 ||
	    (len = reply_addr(c, &ss, err)) == 0) {
		(void)conn_close(c, 0);
		return -1;
	}
	(void)net_addr_label((struct sockaddr *)&ss, len, peer, peersz);
	return 0;
}
