/*
 * net/proxy_udp.h: SOCKS5's two other commands (RFC 1928), the client's
 * side: UDP ASSOCIATE for connect -u and udp-send, BIND for listen.
 * Core: never prints, never exits; a failure is -1 with errno and err
 * (SK_ERRLEN) in proxy_dial.h's words ("proxy 127.0.0.1 port 1080:
 * SOCKS5 UDP ASSOCIATE: command not supported (SOCKS5 reply 7)").
 *
 * proxy_udp_open: the control connection to px (socks5:// or
 * socks5h://; no->src_addr, no->timeout_ms apply), UDP ASSOCIATE with
 * the address and port all zeros (the proxy takes the client's from its
 * first datagram, as RFC 1928 lets it), then pu->fd, a UDP socket (-s
 * and -p apply) connected to the relay the reply names (the proxy's own
 * address where it names 0.0.0.0 or ::), and the header for host port
 * (socks5h: a name as it is, for the proxy to resolve); host NULL: no
 * header, the caller writes its own into hdr and hlen (portscan -sU,
 * many targets: one a datagram).
 *
 * proxy_udp_layer, pushed on a conn over pu->fd with pu as its ctx,
 * puts the header before each datagram written and takes it off each
 * one read; a datagram with no whole header, a fragment (FRAG not 0)
 * or from another source than the far end (where an address was sent;
 * a name's answers come from whatever address it has) is dropped.
 * Where the socket has nothing, the control connection is looked at:
 * its end, or a failure, is the association's, -1 with EPROTO and
 * conn_error's words.  Poll pu->ctl.fd beside pu->fd to hear of it;
 * proxy_udp_alive looks: -1 with EAGAIN while it lasts, else EPROTO
 * and pu->why.
 *
 * proxy_bind_open: the control connection and BIND for the peer
 * host port (host NULL and port 0: any), within no->timeout_ms; the address
 * the proxy listens on for it into bound ("127.0.0.1 port 40000").
 * proxy_bind_wait: the second reply, by deadline (mono_ms, -1 none):
 * the peer's label into peer; c is then the session's endpoint.
 */
#ifndef PROXY_UDP_H
#define PROXY_UDP_H

#include <stddef.h>

#include "net/conn.h"
#include "net/net.h"
#include "parse/socks_udp.h"
#include "util/base.h"

struct proxy;

struct proxy_udp {
	struct conn	 ctl;		/* the control connection */
	int		 fd;		/* UDP to the relay */
	int		 any;		/* a name was sent: any source */
	size_t		 hlen;
	unsigned char	 hdr[SOCKS5_UDP_HDR_MAX];	/* the far end's */
	char		 why[SK_ERRLEN];	/* the layer's EPROTO */
	char		 via[NET_LABELLEN];	/* the proxy's label */
};

extern const struct conn_ops proxy_udp_layer;

int	proxy_udp_open(struct proxy_udp *pu, const struct proxy *px,
	    const char *host, const char *port, const struct net_opts *no,
	    char *err);
void	proxy_udp_close(struct proxy_udp *pu);
int	proxy_udp_alive(struct proxy_udp *pu);
int	proxy_bind_open(struct conn *c, const struct proxy *px,
	    const char *host, const char *port, const struct net_opts *no,
	    char *bound, size_t boundsz, char *err);
int	proxy_bind_wait(struct conn *c, long long deadline, char *peer,
	    size_t peersz, char *err);

#endif /* PROXY_UDP_H */
