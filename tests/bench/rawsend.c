/*
 * tests/bench/rawsend.c: the machine's limit for syn_sweep.sh: COUNT TCP
 * SYNs to consecutive addresses from FIRST, NPORTS ports each from PORT
 * (default 1; the port varies fastest, as sockt's probes are numbered),
 * through one raw socket and sendmmsg in batches of 256, as a SYN scan
 * would send them (the kernel writes the IP header; the TCP checksum is ours, from
 * the source the route gives).  Prints "sent N of COUNT in S s: R
 * packets/s" (and how many the kernel refused).  Run it only inside a
 * network namespace of your own: the packets go where the routes say.
 *
 * usage: rawsend FIRST COUNT PORT [NPORTS]
 */
#define _GNU_SOURCE		/* sendmmsg */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BATCH	256
#define TCPLEN	20

static uint16_t
tcp_sum(const uint8_t src[4], const uint8_t dst[4], const uint8_t *tcp)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i < 4; i += 2)
		s += (uint32_t)(src[i] << 8 | src[i + 1]) +
		    (uint32_t)(dst[i] << 8 | dst[i + 1]);
	s += IPPROTO_TCP + TCPLEN;
	for (i = 0; i < TCPLEN; i += 2)
		s += (uint32_t)(tcp[i] << 8 | tcp[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void
syn(uint8_t *p, const uint8_t src[4], const uint8_t dst[4], uint16_t port,
    uint32_t seq)
{
	uint16_t c;

	memset(p, 0, TCPLEN);
	p[0] = 0x9c;		/* source port 40000 */
	p[1] = 0x40;
	p[2] = (uint8_t)(port >> 8);
	p[3] = (uint8_t)port;
	p[4] = (uint8_t)(seq >> 24);
	p[5] = (uint8_t)(seq >> 16);
	p[6] = (uint8_t)(seq >> 8);
	p[7] = (uint8_t)seq;
	p[12] = 5 << 4;		/* 20 bytes of header */
	p[13] = 0x02;		/* SYN */
	p[14] = 0x04;		/* window 1024 */
	c = tcp_sum(src, dst, p);
	p[16] = (uint8_t)(c >> 8);
	p[17] = (uint8_t)c;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	static uint8_t pkt[BATCH][TCPLEN];
	struct sockaddr_in dst[BATCH], probe, src;
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	socklen_t sl = sizeof(src);
	uint32_t first, a;
	long count, port, nports = 1, sent = 0, refused = 0, i, n;
	double t0, t1;
	int fd, u, r, k;

	if (argc < 4 || argc > 5 || inet_pton(AF_INET, argv[1], &first) != 1 ||
	    (count = strtol(argv[2], NULL, 10)) < 1 ||
	    (port = strtol(argv[3], NULL, 10)) < 1 || port > 65535 ||
	    (argc == 5 && ((nports = strtol(argv[4], NULL, 10)) < 1 ||
	    port + nports > 65536))) {
		fprintf(stderr, "usage: rawsend FIRST COUNT PORT [NPORTS]\n");
		return 2;
	}
	first = ntohl(first);
	/* the source the route gives, for the checksum */
	memset(&probe, 0, sizeof(probe));
	probe.sin_family = AF_INET;
	probe.sin_port = htons(9);
	probe.sin_addr.s_addr = htonl(first);
	if ((u = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    connect(u, (struct sockaddr *)&probe, sizeof(probe)) == -1 ||
	    getsockname(u, (struct sockaddr *)&src, &sl) == -1) {
		perror("rawsend: source");
		return 1;
	}
	close(u);
	if ((fd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP)) == -1) {
		perror("rawsend: raw socket");
		return 1;
	}
	t0 = now();
	for (i = 0; i < count; i += n) {
		n = count - i < BATCH ? count - i : BATCH;
		memset(mm, 0, sizeof(mm[0]) * (size_t)n);
		for (k = 0; k < n; k++) {
			a = htonl(first + (uint32_t)((i + k) / nports));
			memset(&dst[k], 0, sizeof(dst[k]));
			dst[k].sin_family = AF_INET;
			dst[k].sin_addr.s_addr = a;
			syn(pkt[k], (uint8_t *)&src.sin_addr, (uint8_t *)&a,
			    (uint16_t)(port + (i + k) % nports),
			    (uint32_t)(i + k) * 2654435761u);
			iov[k].iov_base = pkt[k];
			iov[k].iov_len = TCPLEN;
			mm[k].msg_hdr.msg_iov = &iov[k];
			mm[k].msg_hdr.msg_iovlen = 1;
			mm[k].msg_hdr.msg_name = &dst[k];
			mm[k].msg_hdr.msg_namelen = sizeof(dst[k]);
		}
		for (k = 0; k < n; k += r) {
			r = sendmmsg(fd, mm + k, (unsigned int)(n - k), 0);
			if (r > 0) {
				sent += r;
				continue;
			}
			if (errno == EINTR) {
				r = 0;
				continue;
			}
			/* refused (ENOBUFS, a firewall): counted, skipped */
			refused++;
			r = 1;
		}
	}
	t1 = now();
	printf("sent %ld of %ld in %.3f s: %.0f packets/s (%ld refused)\n",
	    sent, count, t1 - t0, (double)sent / (t1 - t0), refused);
	return 0;
}
