/*
 * net/server_int.h: what server.c, server_loop.c (the accept loop) and
 * server_late.c (a peer known late, from a PROXY header) share, and
 * nothing outside them includes: a peer as the limit counts it, the
 * record a child sends, and the header's read where the connection is
 * served.
 */
#ifndef SERVER_INT_H
#define SERVER_INT_H

#include <sys/types.h>
#include <sys/socket.h>

#include "net/server.h"

/* A peer address as the per-peer limit counts it */
struct peer_key {
	unsigned char	ip[16];
	int		len;		/* 4 or 16; 0: not an IP peer */
};

/*
 * proxy_hdr: what a child tells the server once its header is read, in
 * one write: whether it serves the connection, and the peer.  With
 * max_per_peer the server answers a byte, 1 to go on.
 */
enum { LATE_OPEN = 1, LATE_DENIED, LATE_BAD };
struct late_rec {
	int		kind;
	struct peer_key	key;
	char		label[SERVER_LABELLEN];
};

void	peer_key_set(struct peer_key *k, const struct sockaddr *sa);
void	server_peer_key(const struct server_opts *so,
	    const struct sockaddr *sa, struct peer_key *k);
int	server_late_header(struct server_conn *c, const struct server_opts *so,
	    int ms);

#endif /* SERVER_INT_H */
