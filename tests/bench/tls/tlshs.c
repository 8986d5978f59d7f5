/*
 * tlshs.c: the TLS handshake client of tests/bench/tls/serve.sh, compiled
 * by it.  Not part of sockt.  Like sockt it opens the system's OpenSSL 3
 * with dlopen, so no OpenSSL header is needed to build it.
 *
 *   tlshs PORT TOTAL PAR   TOTAL TLS connections to 127.0.0.1:PORT, PAR
 *                          at a time; each makes a full handshake (no
 *                          session resumed, no verification), reads the
 *                          server's answer to its end, and closes.
 *                          Prints handshakes per second; failures on
 *                          stderr.
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SSL_OP_IGNORE_UNEXPECTED_EOF	((uint64_t)1 << 7)

static struct {
	const void	*(*TLS_client_method)(void);
	void		*(*SSL_CTX_new)(const void *);
	uint64_t	 (*SSL_CTX_set_options)(void *, uint64_t);
	void		*(*SSL_new)(void *);
	int		 (*SSL_set_fd)(void *, int);
	int		 (*SSL_connect)(void *);
	int		 (*SSL_read)(void *, void *, int);
	void		 (*SSL_free)(void *);
} f;

static const char *const names[] = {
	"TLS_client_method", "SSL_CTX_new", "SSL_CTX_set_options", "SSL_new",
	"SSL_set_fd", "SSL_connect", "SSL_read", "SSL_free"
};

static int
load(void)
{
	void *h, *p;
	size_t i;

	if (dlopen("libcrypto.so.3", RTLD_NOW | RTLD_GLOBAL) == NULL ||
	    (h = dlopen("libssl.so.3", RTLD_NOW)) == NULL) {
		fprintf(stderr, "tlshs: %s\n", dlerror());
		return -1;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((p = dlsym(h, names[i])) == NULL) {
			fprintf(stderr, "tlshs: no %s\n", names[i]);
			return -1;
		}
		memcpy((char *)&f + i * sizeof(p), &p, sizeof(p));
	}
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One connection: 0 when the handshake and the answer came. */
static int
one(void *ctx, int port)
{
	struct sockaddr_in sin;
	char buf[4096];
	void *ssl;
	int s, n, got = 0, one = 1;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	(void)setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    (ssl = f.SSL_new(ctx)) == NULL) {
		close(s);
		return -1;
	}
	if (f.SSL_set_fd(ssl, s) == 1 && f.SSL_connect(ssl) == 1)
		while ((n = f.SSL_read(ssl, buf, sizeof(buf))) > 0)
			got += n;
	f.SSL_free(ssl);
	close(s);
	return got > 0 ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	int port, total, par, i, k, bad = 0, st;
	double t0;
	void *ctx;
	pid_t pid;

	if (argc != 4 || (port = atoi(argv[1])) <= 0 ||
	    (total = atoi(argv[2])) <= 0 || (par = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: tlshs PORT TOTAL PAR\n");
		return 2;
	}
	if (load() == -1 || (ctx = f.SSL_CTX_new(f.TLS_client_method())) ==
	    NULL)
		return 1;
	f.SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	t0 = now();
	for (k = 0; k < par; k++) {
		if ((pid = fork()) == -1)
			return 1;
		if (pid == 0) {
			int n = total / par + (k < total % par), b = 0;

			for (i = 0; i < n; i++)
				b += one(ctx, port) == -1;
			_exit(b > 255 ? 255 : b);
		}
	}
	for (k = 0; k < par; k++)
		if (wait(&st) != -1 && (!WIFEXITED(st) || WEXITSTATUS(st)))
			bad += WIFEXITED(st) ? WEXITSTATUS(st) : 1;
	if (bad > 0)
		fprintf(stderr, "tlshs: %d of %d failed\n", bad, total);
	printf("%.0f\n", (total - bad) / (now() - t0));
	return 0;
}
