/*
 * udpfwd_client.c: the batched client of tests/bench/udp_fwd.sh.
 *
 *	udpfwd_client PORT COUNT SIZE CLIENTS WINDOW
 *	udpfwd_client probe PORT
 *	udpfwd_client echo
 *
 * CLIENTS sockets on 127.0.0.1, each its own port, send COUNT datagrams
 * of SIZE bytes in all to 127.0.0.1 PORT (a forwarder in front of an
 * echo), each keeping up to WINDOW of its own in flight: a socket sends
 * more as its replies come back, so the window, not a sleep, sets the
 * pace, and the queues on the way never hold more than CLIENTS x
 * WINDOW.  A datagram carries its socket's number and a sequence
 * number; a reply with another socket's number is counted as wrong.  A
 * socket that hears nothing for 200 ms writes its datagrams in flight
 * off and goes on; lost is what was sent and never came back.  Prints "sent N received N lost N wrong N
 * secs S".  probe waits (at most 5 s) until the forwarder answers; echo
 * is the echo behind it.
 * Loopback only.
 */
#define _GNU_SOURCE	/* recvmmsg, sendmmsg */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXC	64
#define BATCH	64

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
client(int port)
{
	struct sockaddr_in sin;
	int fd, buf = 4 << 20;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	sin.sin_port = htons((unsigned short)port);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
probe(int port)
{
	struct pollfd p;
	char b[16];
	int i, fd;

	if ((fd = client(port)) == -1)
		return 1;
	for (i = 0; i < 100; i++) {
		if (send(fd, "probe", 5, 0) == -1 && errno != ECONNREFUSED)
			break;
		p.fd = fd;
		p.events = POLLIN;
		if (poll(&p, 1, 50) == 1 && recv(fd, b, sizeof(b), 0) == 5)
			return 0;
		/* refused at once (nothing bound yet): wait a moment */
		(void)poll(NULL, 0, 50);
	}
	return 1;
}

/*
 * The echo both forwarders stand in front of: a batch in with recvmmsg,
 * the same batch back with sendmmsg, so the echo is never what limits
 * the figure.  Says its port on stdout, runs until killed.
 */
static int
echo(void)
{
	static char buf[BATCH][65536];
	struct sockaddr_in sin, from[BATCH];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	socklen_t len = sizeof(sin);
	int fd, i, n, sz = 4 << 20;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		return 1;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	printf("%d\n", ntohs(sin.sin_port));
	fflush(stdout);
	for (;;) {
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = buf[i];
			iov[i].iov_len = sizeof(buf[i]);
			memset(&mm[i], 0, sizeof(mm[i]));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
			mm[i].msg_hdr.msg_name = &from[i];
			mm[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		if ((n = recvmmsg(fd, mm, BATCH, MSG_WAITFORONE, NULL)) <= 0)
			continue;
		for (i = 0; i < n; i++)
			iov[i].iov_len = mm[i].msg_len;
		(void)sendmmsg(fd, mm, (unsigned int)n, 0);
	}
}

int
main(int argc, char *argv[])
{
	static char out[BATCH][65536], in[BATCH][65536];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	struct pollfd p[MAXC];
	long long count, sent = 0, got = 0, lost = 0, wrong = 0;
	long long flight[MAXC], seq[MAXC];
	int fd[MAXC], port, size, nc, win, i, k, n, m;
	double t0, t1;

	if (argc == 3 && strcmp(argv[1], "probe") == 0)
		return probe(atoi(argv[2]));
	if (argc == 2 && strcmp(argv[1], "echo") == 0)
		return echo();
	if (argc != 6)
		return 2;
	port = atoi(argv[1]);
	count = atoll(argv[2]);
	size = atoi(argv[3]);
	nc = atoi(argv[4]);
	win = atoi(argv[5]);
	if (nc < 1 || nc > MAXC || size < 16 || size > 65507 || win < 1 ||
	    win > BATCH)
		return 2;
	for (k = 0; k < nc; k++) {
		if ((fd[k] = client(port)) == -1) {
			perror("socket");
			return 1;
		}
		p[k].fd = fd[k];
		p[k].events = POLLIN;
		flight[k] = seq[k] = 0;
	}
	t0 = now();
	for (;;) {
		for (i = k = 0; k < nc; k++)
			i += flight[k] > 0;
		if (sent == count && i == 0)
			break;
		/* top each window up: one sendmmsg per socket */
		for (k = 0; k < nc; k++) {
			n = 0;
			while (flight[k] + n < win && sent + n < count) {
				memset(out[n], 'x', (size_t)size);
				snprintf(out[n], 16, "%02d %011lld", k, seq[k]++);
				iov[n].iov_base = out[n];
				iov[n].iov_len = (size_t)size;
				memset(&mm[n], 0, sizeof(mm[n]));
				mm[n].msg_hdr.msg_iov = &iov[n];
				mm[n].msg_hdr.msg_iovlen = 1;
				n++;
			}
			if (n == 0)
				continue;
			if ((m = sendmmsg(fd[k], mm, (unsigned int)n, 0)) < 0)
				m = 0;
			flight[k] += m;
			sent += m;
		}
		if ((n = poll(p, (nfds_t)nc, 200)) == -1 && errno != EINTR)
			return 1;
		for (k = 0; k < nc; k++) {
			if (!(p[k].revents & POLLIN)) {
				/* 200 ms of nothing: what flies is lost */
				if (n == 0)
					flight[k] = 0;
				continue;
			}
			for (i = 0; i < BATCH; i++) {
				iov[i].iov_base = in[i];
				iov[i].iov_len = sizeof(in[i]);
				memset(&mm[i], 0, sizeof(mm[i]));
				mm[i].msg_hdr.msg_iov = &iov[i];
				mm[i].msg_hdr.msg_iovlen = 1;
			}
			if ((m = recvmmsg(fd[k], mm, BATCH, MSG_DONTWAIT,
			    NULL)) <= 0)
				continue;
			for (i = 0; i < m; i++) {
				if (mm[i].msg_len != (unsigned int)size ||
				    atoi(in[i]) != k)
					wrong++;
				else
					got++;
			}
			flight[k] -= m;
			if (flight[k] < 0)
				flight[k] = 0;
		}
	}
	t1 = now();
	/* a wrong reply freed another socket's window slot: not lost */
	lost = sent - got - wrong;
	if (lost < 0)
		lost = 0;
	printf("sent %lld received %lld lost %lld wrong %lld secs %.3f\n",
	    sent, got, lost, wrong, t1 - t0);
	return 0;
}
