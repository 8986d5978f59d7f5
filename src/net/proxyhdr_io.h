/*
 * proxyhdr_io.h: the PROXY protocol header on a connection, read and
 * sent; parse/proxyhdr.h reads and builds the bytes.
 *
 * Layer: core, included by the commands' serving code (cmd/listen*.c)
 * and by net/broker.c.
 *
 * A receiver must read no byte past the header: what follows is the
 * client's (its TLS hello, its request).  proxyhdr_step peeks at what
 * has come (MSG_PEEK), lets the parser say how much of it the header
 * holds, and takes exactly that; a v1 line is taken up to its CRLF,
 * never byte by byte.  Bytes the parser leaves undecided all belong to
 * the header or to a malformed one, so taking them is safe, and the
 * next peek sees only what came since: no busy wait on bytes already
 * seen.  It works on a blocking socket or not (each peek is
 * MSG_DONTWAIT); proxyhdr_read is the same with a poll and a time limit,
 * for a connection's own child; the broker steps it in its loop.
 *
 * proxyhdr_apply makes the header's client the connection's peer: its
 * address, port and label, and what the client reached (c->dst) for a
 * header sent onward or a program's SOCKT_LOCAL_ADDR; a header that
 * names no one (local) leaves c as it is.  proxyhdr_make builds the
 * header for c to send onward (stack.c's layer sends it): c's peer and
 * c->dst, or the address c reached on our socket (getsockname) when no
 * header gave one.  proxyhdr_make_own builds a client's header for its
 * own connection fd (curl's --haproxy-protocol): our address the
 * source, the peer's the destination.
 *
 * Like the rest of the core it neither prints nor exits: a failure
 * fills why (SK_ERRLEN), in words for "no valid PROXY header: WHY";
 * proxyhdr_late's for one that did not come within ms, in has bytes.
 */
#ifndef PROXYHDR_IO_H
#define PROXYHDR_IO_H

#include <stddef.h>

#include "net/server.h"
#include "parse/proxyhdr.h"

/*
 * The header's time limit, -i if shorter: the specification expects it
 * in the connection's first segment, so a wait longer than a few round
 * trips only lets a stranger hold a slot
 */
#define PROXYHDR_MS	3000

/* A header being read: what has been taken of it. */
struct proxyhdr_in {
	unsigned char	buf[PROXYHDR_MAX];
	size_t		have;
};

int	proxyhdr_step(struct proxyhdr_in *in, int fd, struct proxyhdr *h,
	    char *why);
int	proxyhdr_read(int fd, int ms, struct proxyhdr *h, char *why);
void	proxyhdr_late(const struct proxyhdr_in *in, int ms, char *why);
void	proxyhdr_apply(const struct proxyhdr *h, struct server_conn *c);
size_t	proxyhdr_make(unsigned char *out, int version,
	    const struct server_conn *c, char *err);
size_t	proxyhdr_make_own(unsigned char *out, int version, int fd, char *err);

#endif /* PROXYHDR_IO_H */
