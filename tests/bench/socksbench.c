/*
 * socksbench.c: the connection-rate client of tests/bench/proxy_serve.sh,
 * compiled by that script.  Not part of sockt.
 *
 *   socksbench PROXYPORT DPORT TOTAL PAR
 *
 * TOTAL SOCKS5 sessions through the proxy on 127.0.0.1 PROXYPORT, PAR at
 * a time (a process each), each a new connection: the greeting (no
 * authentication), its reply, CONNECT to 127.0.0.1 DPORT, its reply,
 * then one line from the far end; prints sessions per second, and how
 * many failed on stderr.  Every message waits for its reply, as
 * curl and browsers do, so no proxy is favoured by pipelining.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* exactly n bytes, or -1 */
static int
readn(int s, unsigned char *b, size_t n)
{
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		if ((r = read(s, b + got, n - got)) <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

/* one session: 0 when the far end's line came through */
static int
one(int pport, int dport)
{
	static const unsigned char greet[] = { 5, 1, 0 };
	unsigned char req[10] = { 5, 1, 0, 1, 127, 0, 0, 1, 0, 0 };
	unsigned char rep[64];
	struct sockaddr_in sin;
	ssize_t n;
	int s, got = 0;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)pport);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	req[8] = (unsigned char)(dport >> 8);
	req[9] = (unsigned char)(dport & 0xff);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    write(s, greet, sizeof(greet)) != sizeof(greet) ||
	    readn(s, rep, 2) == -1 || rep[1] != 0 ||
	    write(s, req, sizeof(req)) != sizeof(req) ||
	    readn(s, rep, 10) == -1 || rep[1] != 0) {
		close(s);
		return -1;
	}
	while ((n = read(s, rep, sizeof(rep))) > 0)
		if (memchr(rep, '\n', (size_t)n) != NULL) {
			got = 1;
			break;
		}
	close(s);
	return got ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	double t0, dt;
	int i, p, pport, dport, total, par, bad = 0, status;

	if (argc != 5) {
		fprintf(stderr, "usage: socksbench PROXYPORT DPORT TOTAL "
		    "PAR\n");
		return 2;
	}
	pport = atoi(argv[1]);
	dport = atoi(argv[2]);
	total = atoi(argv[3]);
	par = atoi(argv[4]);
	t0 = now();
	for (p = 0; p < par; p++) {
		if (fork() != 0)
			continue;
		for (i = p; i < total; i += par)
			bad += one(pport, dport) != 0;
		_exit(bad > 255 ? 255 : bad);
	}
	while (wait(&status) > 0)
		bad += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
	dt = now() - t0;
	printf("%.0f\n", total / dt);
	if (bad)
		fprintf(stderr, "socksbench: %d sessions failed\n", bad);
	return bad != 0;
}
