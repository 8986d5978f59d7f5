/*
 * test_dgram.c: net/dgram.c over loopback UDP.  Whatever dgram_send
 * merges into runs, the receiver gets the datagrams as they were sent:
 * each size (0 bytes too), each byte, the order, the place; a run taken
 * whole (dgram_gro) sent on, merged or one by one, is the same
 * datagrams again; a run the kernel refuses to cut (SO_NO_CHECK turns
 * off the checksum that segmentation needs) clears the flag and goes
 * one by one, nothing lost.  127.0.0.1 only.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/dgram.h"
#include "tap.h"

#define NB	DGRAM_BATCH
#ifndef UDP_SEGMENT
#define UDP_SEGMENT	103	/* <linux/udp.h>, not POSIX */
#endif
#ifndef UDP_GRO
#define UDP_GRO		104
#endif
#if defined(__linux__) && !defined(SO_NO_CHECK)
#define SO_NO_CHECK	11	/* <asm-generic/socket.h>, not POSIX */
#endif

static char *pool;

/* A UDP socket on 127.0.0.1, any port, its address in sin. */
static int
udp(struct sockaddr_in *sin)
{
	socklen_t len = sizeof(*sin);
	int fd, big = 4 << 20;

	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)sin, sizeof(*sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)sin, &len) == -1) {
		perror("udp");
		exit(1);
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	return fd;
}

/*
 * Do UDP_SEGMENT's and UDP_GRO's control messages pass between this
 * program and the kernel?  A run of two 100-byte datagrams sent by hand
 * to g, a socket given dgram_gro: the kernel hands it on whole with a
 * UDP_GRO message, or as two datagrams.  qemu-user carries neither
 * message (s390x: the 16-bit segment size reached the kernel in the
 * wrong byte order, and the run came back as one 200-byte datagram with
 * no message): dgram.c cannot count a run it is not told of.
 */
static int
gro_carried(int g, const struct sockaddr_in *ga)
{
	union {
		char		b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr	align;
	} cb;
	struct msghdr m;
	struct iovec iov;
	struct cmsghdr *c;
	struct pollfd p;
	char buf[400];
	uint16_t seg = 100;
	ssize_t n;
	int s, told = 0;

	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return 0;
	memset(buf, 'g', sizeof(buf));
	memset(&cb, 0, sizeof(cb));
	memset(&m, 0, sizeof(m));
	iov.iov_base = buf;
	iov.iov_len = 200;
	m.msg_name = (void *)ga;
	m.msg_namelen = sizeof(*ga);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cb.b;
	m.msg_controllen = CMSG_SPACE(sizeof(seg));
	c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = IPPROTO_UDP;
	c->cmsg_type = UDP_SEGMENT;
	c->cmsg_len = CMSG_LEN(sizeof(seg));
	memcpy(CMSG_DATA(c), &seg, sizeof(seg));
	n = sendmsg(s, &m, 0);
	(void)close(s);
	if (n != 200)
		return 0;
	p.fd = g;
	p.events = POLLIN;
	if (poll(&p, 1, 2000) != 1)
		return 0;
	memset(&m, 0, sizeof(m));
	iov.iov_len = sizeof(buf);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = cb.b;
	m.msg_controllen = sizeof(cb.b);
	if ((n = recvmsg(g, &m, 0)) == -1)
		return 0;
	for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c))
		told |= c->cmsg_level == IPPROTO_UDP &&
		    c->cmsg_type == UDP_GRO;
	if (n == 100)	/* taken one by one: the second follows */
		return poll(&p, 1, 2000) == 1 && recv(g, buf, sizeof(buf), 0) ==
		    100;
	return n == 200 && told;
}

/* Entries d[0 .. n) with these sizes, each byte telling entry and place. */
static void
fill(struct dgram *d, const size_t *sizes, int n, int *idx)
{
	size_t k;
	int i;

	for (i = 0; i < n; i++) {
		d[i].buf = pool + (size_t)i * DGRAM_BUFSZ;
		d[i].len = sizes[i];
		d[i].seg = 0;
		d[i].off = 0;
		for (k = 0; k < sizes[i]; k++)
			d[i].buf[k] = (char)(i * 7 + k % 251);
		idx[i] = i;
	}
}

/* Send all of d[idx[0 .. n)] on fd, as udpfwd and the echo do. */
static int
send_all(int fd, struct dgram *d, const int *idx, int n, int flags, int *gso)
{
	int r;

	while (n > 0) {
		if ((r = dgram_send(fd, d, idx, n, flags, gso)) <= 0)
			return -1;
		idx += r;
		n -= r;
	}
	return 0;
}

/*
 * Read n datagrams one at a time from fd (no GRO on it) and compare them
 * with d[want[0 .. n)], in order.  Returns 1 when all match.
 */
static int
expect(int fd, const struct dgram *d, const int *want, int n)
{
	static char buf[DGRAM_BUFSZ];
	struct pollfd p;
	ssize_t r;
	int i;

	for (i = 0; i < n; i++) {
		p.fd = fd;
		p.events = POLLIN;
		if (poll(&p, 1, 2000) != 1 ||
		    (r = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) == -1) {
			printf("#   datagram %d of %d: none\n", i, n);
			return 0;
		}
		if ((size_t)r != d[want[i]].len ||
		    memcmp(buf, d[want[i]].buf, (size_t)r) != 0) {
			printf("#   datagram %d: %zd bytes, want %zu\n", i, r,
			    d[want[i]].len);
			return 0;
		}
	}
	/* and nothing more */
	return recv(fd, buf, sizeof(buf), MSG_DONTWAIT) == -1;
}

int
main(void)
{
	/* runs of 512 closed by a shorter one, a 0, runs of 700, a lone one */
	static const size_t sizes[] = {
		512, 512, 512, 100, 0, 700, 700, 700, 300, 512, 64, 64
	};
	const int n = (int)(sizeof(sizes) / sizeof(sizes[0]));
	struct sockaddr_in sa, ra, rb, ga;
	struct dgram d[NB], got[NB];
	int idx[NB], wa[NB], wb[NB], na, nb;
	int s, r1, r2, g, gso, i, k, m, total, one = 1;

	if ((pool = malloc((size_t)NB * 2 * DGRAM_BUFSZ)) == NULL)
		return 1;
	s = udp(&sa);
	r1 = udp(&ra);
	r2 = udp(&rb);

	/* connected: the runs cut back into the datagrams sent */
	if (connect(s, (struct sockaddr *)&ra, sizeof(ra)) == -1)
		return 1;
	fill(d, sizes, n, idx);
	gso = 1;
	ok(send_all(s, d, idx, n, 0, &gso) == 0, "connected: all sent");
	ok(expect(r1, d, idx, n), "connected: every datagram as it was");

	/* to: two places interleaved, each gets its own in order */
	close(s);
	s = udp(&sa);
	fill(d, sizes, n, idx);
	for (na = nb = i = 0; i < n; i++) {
		const struct sockaddr_in *to = (i / 2) % 2 ? &rb : &ra;

		memcpy(&d[i].addr, to, sizeof(*to));
		d[i].alen = sizeof(*to);
		if (to == &ra)
			wa[na++] = i;
		else
			wb[nb++] = i;
	}
	gso = 1;
	ok(send_all(s, d, idx, n, DGRAM_TO, &gso) == 0, "to: all sent");
	ok(expect(r1, d, wa, na), "to: the first place's, in order");
	ok(expect(r2, d, wb, nb), "to: the second place's, in order");

#ifdef SO_NO_CHECK
	/* the kernel will not cut a run: one by one, the flag cleared */
	close(s);
	s = udp(&sa);
	(void)connect(s, (struct sockaddr *)&ra, sizeof(ra));
	(void)setsockopt(s, SOL_SOCKET, SO_NO_CHECK, &one, sizeof(one));
	fill(d, sizes, n, idx);
	gso = 1;
	ok(send_all(s, d, idx, n, 0, &gso) == 0, "no runs: all sent");
	ok(expect(r1, d, idx, n), "no runs: every datagram as it was");
	is_int(gso, 0, "no runs: the flag cleared");
#else
	(void)one;
#endif

	/* a run taken whole, sent on both ways: the same datagrams */
	close(s);
	g = udp(&ga);
	if (dgram_gro(g) == -1) {
		ok(1, "# SKIP no UDP_GRO here");
		free(pool);
		return tap_done();
	}
	if (!gro_carried(g, &ga)) {
		ok(1, "# SKIP UDP_GRO's and UDP_SEGMENT's control messages "
		    "do not pass (qemu-user carries neither)");
		free(pool);
		return tap_done();
	}
	for (k = 0; k < 2; k++) {
		s = udp(&sa);
		(void)connect(s, (struct sockaddr *)&ga, sizeof(ga));
		fill(d, sizes, n, idx);
		gso = 1;
		ok(send_all(s, d, idx, n, 0, &gso) == 0, "gro: all sent");
		for (i = 0; i < NB; i++)
			got[i].buf = pool + (size_t)(NB + i) * DGRAM_BUFSZ;
		for (m = total = 0; total < n && m < NB; ) {
			struct pollfd p;

			p.fd = g;
			p.events = POLLIN;
			if (poll(&p, 1, 2000) != 1 ||
			    (i = dgram_recv(g, got + m, NB - m, 0)) <= 0)
				break;
			for (; i > 0; i--, m++)
				total += (int)dgram_count(&got[m]);
		}
		is_int(total, n, "gro: as many datagrams as sent");
		ok(m < n, "gro: some taken as runs");
		/* on to r1, merged again (k 0) or one by one (k 1) */
		close(s);
		s = udp(&sa);
		(void)connect(s, (struct sockaddr *)&ra, sizeof(ra));
		for (i = 0; i < m; i++)
			idx[i] = i;
		gso = k == 0;
		ok(send_all(s, got, idx, m, 0, &gso) == 0,
		    k == 0 ? "gro, runs on: all sent" :
		    "gro, one by one on: all sent");
		for (i = 0; i < n; i++)
			idx[i] = i;
		ok(expect(r1, d, idx, n), k == 0 ?
		    "gro, runs on: every datagram as it was" :
		    "gro, one by one on: every datagram as it was");
	}
	close(s);
	close(g);
	close(r1);
	close(r2);
	free(pool);
	return tap_done();
}
