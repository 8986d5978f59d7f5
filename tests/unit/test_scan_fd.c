/*
 * test_scan_fd.c: the scan engine closes each probe's socket once, and
 * only its own.
 *
 * This file defines connect(2) itself, so the engine (libsockt.a) calls
 * this one: no packet is sent.  A port in reset_port "connects" and is
 * reset at once (ECONNRESET, as when a server accepts and resets before
 * the scanner looks: an open port); every other port is left pending
 * (EINPROGRESS on a socket that stays unconnected, which poll reports at
 * once).  A probe that settles as open from a reset used to leave launch()
 * holding the previous probe's descriptor and close_abort() it: the
 * pending probe that owned that number then failed the whole scan with
 * "connect: Bad file descriptor", or, once the number was reused, took
 * another probe's answer.
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

static uint16_t reset_port;
static int seen[NPORTS], nopen[NPORTS];

int
connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

	(void)fd;
	if (len < sizeof(*in) || sa->sa_family != AF_INET) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	errno = ntohs(in->sin_port) == reset_port ? ECONNRESET : EINPROGRESS;
	return -1;
}

static void
count(const struct scan_result *r, void *arg)
{
	(void)arg;
	if (r->probe < NPORTS) {
		seen[r->probe]++;
		if (r->state == SCAN_OPEN)
			nopen[r->probe]++;
	}
}

/*
 * Scan ports 1 .. nports of 127.0.0.1, port reset resets, the others
 * pend.  Every probe must be reported once, the reset one open, and
 * the scan end with 0.
 */
static void
scan_with_reset(size_t nports, uint16_t reset, const char *what)
{
	struct scan_config cfg;
	struct scan_stats st;
	struct scan_addr a;
	struct sockaddr_in *in = (struct sockaddr_in *)&a.ss;
	uint16_t ports[NPORTS];
	char err[SK_ERRLEN], desc[200];
	size_t i;
	int rc, once = 1;

	memset(&a, 0, sizeof(a));
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.len = sizeof(*in);
	for (i = 0; i < nports; i++)
		ports[i] = (uint16_t)(i + 1);
	memset(&cfg, 0, sizeof(cfg));
	cfg.addrs = &a;
	cfg.naddrs = 1;
	cfg.ports = ports;
	cfg.nports = nports;
	cfg.timeout_ms = 2000;
	cfg.shard_n = 1;
	cfg.workers = 1;
	cfg.report_closed = 1;
	cfg.on_result = count;
	memset(seen, 0, sizeof(seen));
	memset(nopen, 0, sizeof(nopen));
	reset_port = reset;
	rc = scan_run(&cfg, &st, err);
	snprintf(desc, sizeof(desc), "%s: the scan ends with 0", what);
	is_int(rc, 0, desc);
	if (rc != 0)
		printf("#   %s\n", err);
	for (i = 0; i < nports; i++)
		if (seen[i] != 1)
			once = 0;
	snprintf(desc, sizeof(desc), "%s: every probe reported once, the "
	    "reset one open", what);
	ok(once && nopen[reset - 1] == 1, desc);
	is_int(st.done, nports, "... and counted");
}

int
main(void)
{
	/* a pending probe, then one reset: the first keeps its socket */
	scan_with_reset(2, 2, "pending then reset");
	/* the freed number is taken by the next probe's socket */
	scan_with_reset(4, 3, "reset between pending probes");
	return tap_done();
}
