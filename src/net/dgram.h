/*
 * dgram.h: UDP datagrams in batches, for udp-serve's echo and the
 * forwarder of udp-serve --to (net/udpfwd.c).
 *
 * Layer: core, included by net/udpfwd.c and cmd/udp-serve/udp_serve.c.
 *
 * On a loopback round trip most of a datagram's cost is the kernel's
 * way for one packet (perf: 85 % of the forwarder's time in sendmmsg),
 * not the system call, so batching calls alone saves little.  On Linux
 * a run of datagrams of one size for one place therefore goes as one
 * buffer that the kernel cuts (generic segmentation offload,
 * UDP_SEGMENT, 4.18), and a socket given dgram_gro takes such a run in
 * one buffer too (UDP_GRO, 5.0): 32 datagrams of 512 bytes across
 * loopback cost 2.5 us each sent one by one, 0.8 us cut by the kernel,
 * 0.12 us with the receiver taking the run whole (CPU time, sender and
 * receiver, on the 2-core machine of tests/bench/udp_fwd.sh).  The
 * boundaries stay as they were: a receiver without UDP_GRO gets the
 * datagrams one by one.  Elsewhere a datagram a system call.
 *
 * A struct dgram is one datagram, or with seg > 0 a run of them in buf:
 * seg bytes each, the last seg or fewer (never 0).
 *
 * dgram_gro asks the kernel to hand fd such runs whole: 0, or -1 where
 * it cannot (the socket then takes datagrams one by one, as before).
 * dgram_recv reads up to want (<= DGRAM_BATCH) into d[0 ..] (buf set by
 * the caller, DGRAM_BUFSZ bytes each), their senders too with
 * DGRAM_FROM; with DGRAM_WAIT it waits for the first.  Returns how many
 * (0: none waiting), or -1 with errno.
 * dgram_send sends the n (<= DGRAM_BATCH) entries d[idx[0 .. n - 1]] on
 * fd, each to its addr with DGRAM_TO (else fd is connected), merging
 * neighbours of one size and place into runs while *gso is set; a run
 * the kernel refuses to cut (no checksum offload, an MTU below the size)
 * clears *gso and goes again one datagram at a time.  Returns how many
 * entries went whole, or -1 with errno when the first could not; an
 * entry cut short has its off advanced, so that the next call goes on
 * where this one stopped.
 * dgram_count says how many datagrams d holds.
 */
#ifndef DGRAM_H
#define DGRAM_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#define DGRAM_BUFSZ	65536	/* a datagram or a run: any fits */
#define DGRAM_BATCH	32	/* entries a call moves */

#define DGRAM_FROM	1	/* dgram_recv: the senders too */
#define DGRAM_WAIT	2	/* dgram_recv: wait for the first */
#define DGRAM_TO	1	/* dgram_send: each to its addr */

struct dgram {
	char		*buf;
	size_t		 len;	/* bytes in buf */
	size_t		 seg;	/* > 0: a run of seg-byte datagrams */
	size_t		 off;	/* bytes of buf already sent */
	struct sockaddr_storage addr;	/* the sender, or where to */
	socklen_t	 alen;
};

int	dgram_gro(int fd);
int	dgram_recv(int fd, struct dgram *d, int want, int flags);
int	dgram_send(int fd, struct dgram *d, const int *idx, int n,
	    int flags, int *gso);
size_t	dgram_count(const struct dgram *d);

#endif /* DGRAM_H */
