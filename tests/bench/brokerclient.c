/*
 * brokerclient.c: the clients of tests/bench/broker.sh, compiled by it.
 * Not part of sockt.
 *
 *   brokerclient PORT N BYTES
 *
 * N clients on 127.0.0.1:PORT in one process.  Once all have joined (the
 * last one sends a byte and every other waits for it), each sends BYTES
 * of its own stream and reads until it has every byte of the N - 1
 * others.  A byte is (sender << 3) | 3 bits of a pseudo-random sequence
 * of prime period PERIOD, started at a place of its own for each sender:
 * a receiver tells the senders apart however the broker cut and
 * interleaved their bytes, and a byte lost, doubled or out of order
 * breaks the sequence (a table look-up a byte: the check must cost less
 * than the broker, or it measures itself).  Prints the seconds from the first byte sent to the last one
 * received; exits 1 on any fault (said on stderr), 2 on bad use.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXC	31		/* sender ids fit 5 bits; 0xff is the sync */
#define CHUNK	65536
#define SYNC	0xff
#define PERIOD	65521		/* a prime: no chunk size divides it */

static unsigned char seq[PERIOD];

struct cli {
	int		fd;
	unsigned char	*stream;	/* its bytes: PERIOD + CHUNK of them */
	long long	sent;
	long long	got[MAXC];
	long long	total;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* sender s's sequence begins here */
static size_t
start_of(int s)
{
	return (size_t)s * 3001 % PERIOD;
}

static void
die(const char *what, int c)
{
	fprintf(stderr, "brokerclient: client %d: %s: %s\n", c, what,
	    strerror(errno));
	exit(1);
}

int
main(int argc, char *argv[])
{
	static struct cli cl[MAXC];
	struct pollfd pfd[MAXC];
	struct sockaddr_in sin;
	unsigned char rb[CHUNK];
	long long bytes, want;
	double t0;
	ssize_t r;
	size_t k, a;
	uint32_t x = 2463534242u;
	int n, i, j, s, left;
	unsigned char b;

	if (argc != 4 || (n = atoi(argv[2])) < 2 || n > MAXC ||
	    (bytes = atoll(argv[3])) < 1) {
		fprintf(stderr, "usage: brokerclient port n bytes\n");
		return 2;
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (k = 0; k < PERIOD; k++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		seq[k] = (unsigned char)(x >> 29);
	}
	for (i = 0; i < n; i++) {
		if ((cl[i].fd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
		    connect(cl[i].fd, (struct sockaddr *)&sin,
		    sizeof(sin)) == -1)
			die("connect", i);
		if ((cl[i].stream = malloc(PERIOD + CHUNK)) == NULL)
			die("malloc", i);
		for (k = 0; k < PERIOD + CHUNK; k++)
			cl[i].stream[k] = (unsigned char)(i << 3 |
			    seq[(start_of(i) + k) % PERIOD]);
	}
	/* the last one's byte reaches every other: all have joined */
	b = SYNC;
	if (write(cl[n - 1].fd, &b, 1) != 1)
		die("write", n - 1);
	for (i = 0; i < n - 1; i++)
		if (read(cl[i].fd, &b, 1) != 1 || b != SYNC) {
			fprintf(stderr, "brokerclient: client %d: no sync\n",
			    i);
			return 1;
		}
	for (i = 0; i < n; i++)
		if (fcntl(cl[i].fd, F_SETFL, O_NONBLOCK) == -1)
			die("fcntl", i);
	want = bytes * (n - 1);
	left = n;
	t0 = now();
	while (left > 0) {
		for (i = 0; i < n; i++) {
			pfd[i].fd = cl[i].fd;
			pfd[i].events = (cl[i].total < want ? POLLIN : 0) |
			    (cl[i].sent < bytes ? POLLOUT : 0);
			pfd[i].revents = 0;
		}
		if (poll(pfd, (nfds_t)n, 30000) <= 0) {
			fprintf(stderr, "brokerclient: stalled 30 s\n");
			return 1;
		}
		for (i = 0; i < n; i++) {
			struct cli *c = &cl[i];

			if (pfd[i].revents & POLLOUT) {
				k = bytes - c->sent < CHUNK ?
				    (size_t)(bytes - c->sent) : CHUNK;
				r = write(c->fd, c->stream + c->sent % PERIOD,
				    k);
				if (r == -1 && errno != EAGAIN)
					die("write", i);
				if (r > 0)
					c->sent += r;
			}
			if (!(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) ||
			    c->total >= want)
				continue;
			r = read(c->fd, rb, sizeof(rb));
			if (r == -1 && errno == EAGAIN)
				continue;
			if (r <= 0) {
				fprintf(stderr, "brokerclient: client %d: "
				    "closed after %lld of %lld bytes\n", i,
				    c->total, want);
				return 1;
			}
			/* a run of one sender's bytes against its
			 * stream, 64 bytes at a time, then byte by byte
			 * to where the next sender's run begins */
			for (k = 0; k < (size_t)r; k += a) {
				const unsigned char *e;

				s = rb[k] >> 3;
				if (s >= n || s == i) {
					fprintf(stderr, "brokerclient: client "
					    "%d: a byte of %d's\n", i, s);
					return 1;
				}
				e = cl[s].stream + c->got[s] % PERIOD;
				a = 0;
				while (k + a + 64 <= (size_t)r &&
				    memcmp(rb + k + a, e + a, 64) == 0)
					a += 64;
				while (k + a < (size_t)r && rb[k + a] == e[a])
					a++;
				if (a == 0) {
					fprintf(stderr, "brokerclient: client "
					    "%d: byte %lld from %d wrong: lost, "
					    "doubled or out of order\n", i,
					    c->got[s], s);
					return 1;
				}
				c->got[s] += (long long)a;
			}
			c->total += r;
			if (c->total > want) {
				fprintf(stderr, "brokerclient: client %d: too "
				    "many bytes\n", i);
				return 1;
			}
			if (c->total == want)
				left--;
		}
	}
	for (i = 0; i < n; i++) {
		if (cl[i].sent != bytes) {
			fprintf(stderr, "brokerclient: client %d sent %lld\n",
			    i, cl[i].sent);
			return 1;
		}
		for (j = 0; j < n; j++)
			if (j != i && cl[i].got[j] != bytes) {
				fprintf(stderr, "brokerclient: client %d got "
				    "%lld from %d\n", i, cl[i].got[j], j);
				return 1;
			}
	}
	printf("%.3f\n", now() - t0);
	for (i = 0; i < n; i++)
		close(cl[i].fd);
	return 0;
}
