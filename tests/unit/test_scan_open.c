/*
 * test_scan_open.c: the connect scan calls a port open only when its
 * socket is connected to that port, never because SO_ERROR read 0
 * (issue 74).
 *
 * With IP_RECVERR on, Linux queues a probe's ICMP error and wakes poll
 * (POLLERR) before it sets the socket's error and ends the connect: a
 * SO_ERROR read between the two says 0 of a port that refused, and the
 * scanner called a port that REJECTs with admin-prohibited open, once in
 * tens of thousands of probes on a loaded machine.  That window cannot
 * be opened at will, so this file defines getsockopt(2) itself, and the
 * engine (libsockt.a) calls this one: SO_ERROR always reads 0, as it did
 * in that window.  On loopback a refused connect has then ended (POLLHUP)
 * with no error seen, and a listener's has connected.  The refused ports
 * must come out filtered (nothing proved them closed), never open, and
 * the listener open.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "scan/scan.h"
#include "tap.h"
#include "util/base.h"

#define NPORTS	4

static int state[NPORTS], seen[NPORTS];

int
getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	(void)fd;
	if (level == SOL_SOCKET && name == SO_ERROR && *len >= sizeof(int)) {
		memset(val, 0, sizeof(int));
		*len = sizeof(int);
		return 0;
	}
	errno = ENOPROTOOPT;
	return -1;
}

static void
count(const struct scan_result *r, void *arg)
{
	(void)arg;
	if (r->probe < NPORTS) {
		seen[r->probe]++;
		state[r->probe] = r->state;
	}
}

/* A TCP socket on 127.0.0.1, port 0: its port in *port, or -1. */
static int
bound(uint16_t *port)
{
	struct sockaddr_in in;
	socklen_t len = sizeof(in);
	int fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&in, 0, sizeof(in));
	in.sin_family = AF_INET;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&in, sizeof(in)) == -1 ||
	    getsockname(fd, (struct sockaddr *)&in, &len) == -1) {
		close(fd);
		return -1;
	}
	*port = ntohs(in.sin_port);
	return fd;
}

int
main(void)
{
	struct scan_config cfg;
	struct scan_stats st;
	struct scan_addr a;
	struct sockaddr_in *in = (struct sockaddr_in *)&a.ss;
	uint16_t ports[NPORTS];
	char err[SK_ERRLEN];
	int fds[NPORTS], i, rc, wrong = 0;

	/* port 0 a listener, the rest bound and closed again: refused */
	for (i = 0; i < NPORTS; i++)
		fds[i] = bound(&ports[i]);
	if (fds[0] == -1 || listen(fds[0], 16) == -1) {
		printf("1..0 # SKIP no TCP socket on 127.0.0.1\n");
		return 0;
	}
	for (i = 1; i < NPORTS; i++)
		if (fds[i] != -1)
			close(fds[i]);
	memset(&a, 0, sizeof(a));
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.len = sizeof(*in);
	memset(&cfg, 0, sizeof(cfg));
	cfg.addrs = &a;
	cfg.naddrs = 1;
	cfg.ports = ports;
	cfg.nports = NPORTS;
	cfg.timeout_ms = 2000;
	cfg.retries = 2;
	cfg.shard_n = 1;
	cfg.workers = 1;
	cfg.report_closed = 1;
	cfg.on_result = count;
	rc = scan_run(&cfg, &st, err);
	is_int(rc, 0, "the scan ends with 0");
	if (rc != 0)
		printf("#   %s\n", err);
	is_int(st.done, NPORTS, "every probe counted");
	ok(seen[0] == 1 && state[0] == SCAN_OPEN,
	    "the listener: open (connected)");
	for (i = 1; i < NPORTS; i++) {
		/* closed where connect itself said so (not Linux) */
		if (seen[i] == 1 && (state[i] == SCAN_FILTERED ||
		    state[i] == SCAN_CLOSED))
			continue;
		wrong++;
		printf("#   port %u: seen %d, state %d\n", ports[i], seen[i],
		    state[i]);
	}
	is_int(wrong, 0, "refused ports whose SO_ERROR read 0: filtered, "
	    "not open");
	close(fds[0]);
	return tap_done();
}
