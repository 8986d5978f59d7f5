/*
 * test_scan.c: the scan engine's failures: what it says when a probe
 * cannot be made, and that results found before a worker fails stand.
 * Loopback only; a source address the host lacks fails at bind(), before
 * any packet.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan/scan.h"
#include "tap.h"
#include "util/base.h"

static int nopen;

static void
count_open(const struct scan_result *r, void *arg)
{
	(void)arg;
	if (r->state == SCAN_OPEN)
		nopen++;
}

static volatile sig_atomic_t stop;
static uint64_t nresults;

/* Every result counts; the 100th asks the engine to stop. */
static void
stop_at_100(const struct scan_result *r, void *arg)
{
	(void)r;
	(void)arg;
	if (++nresults == 100)
		stop = 1;
}

/*
 * A stop request ends a long scan early and cleanly: 0, stopped set,
 * every result reported counted, no worker left.
 */
static void
stop_test(const struct scan_addr *a, int workers)
{
	struct scan_config cfg;
	struct scan_stats st;
	uint16_t *ports;
	char err[SK_ERRLEN];
	int rc, i, status;

	if ((ports = calloc(65535, sizeof(*ports))) == NULL) {
		ok(0, "calloc");
		return;
	}
	for (i = 0; i < 65535; i++)
		ports[i] = (uint16_t)(i + 1);
	memset(&cfg, 0, sizeof(cfg));
	cfg.addrs = a;
	cfg.naddrs = 1;
	cfg.ports = ports;
	cfg.nports = 65535;
	cfg.timeout_ms = 2000;
	cfg.shard_n = 1;
	cfg.workers = workers;
	cfg.rate = 5000;	/* 13 s for the whole scan */
	cfg.report_closed = 1;
	cfg.on_result = stop_at_100;
	cfg.stop = &stop;
	stop = 0;
	nresults = 0;
	rc = scan_run(&cfg, &st, err);
	is_int(rc, 0, workers == 1 ? "stop, in process: the scan ends with 0" :
	    "stop, with workers: the scan ends with 0");
	is_int(st.workers, workers, "... with the workers asked for");
	is_int(st.stopped, 1, "... stopped set");
	ok(st.done >= 100 && st.done < st.total, "... early");
	is_int(st.done, nresults, "... every probe counted was reported");
	ok(waitpid(-1, &status, WNOHANG) == -1 && errno == ECHILD,
	    "... no worker left");
	free(ports);
}

static void
addr4(struct scan_addr *a, const char *s)
{
	struct sockaddr_in *in = (struct sockaddr_in *)&a->ss;

	memset(a, 0, sizeof(*a));
	in->sin_family = AF_INET;
	(void)inet_pton(AF_INET, s, &in->sin_addr);
	a->len = sizeof(*in);
}

static void
addr6(struct scan_addr *a, const char *s)
{
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&a->ss;

	memset(a, 0, sizeof(*a));
	in6->sin6_family = AF_INET6;
	(void)inet_pton(AF_INET6, s, &in6->sin6_addr);
	a->len = sizeof(*in6);
}

static void
config(struct scan_config *cfg, const struct scan_addr *addrs, size_t n,
    const uint16_t *ports, size_t np)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->addrs = addrs;
	cfg->naddrs = n;
	cfg->ports = ports;
	cfg->nports = np;
	cfg->timeout_ms = 2000;
	cfg->shard_n = 1;
	cfg->workers = 1;
	cfg->on_result = count_open;
}

int
main(void)
{
	struct scan_config cfg;
	struct scan_stats st;
	struct scan_addr a[3], src4, src6;
	struct sockaddr_in sin;
	struct rlimit low;
	socklen_t len = sizeof(sin);
	uint16_t port = 1;
	char err[SK_ERRLEN], want[SK_ERRLEN];
	int ls, rc, e, fd, first, last;

	/* a source address the host lacks: the bind step is named */
	addr4(&a[0], "127.0.0.1");
	addr4(&src4, "192.0.2.1");
	config(&cfg, a, 1, &port, 1);
	cfg.src4 = &src4;
	rc = scan_run(&cfg, &st, err);
	e = errno;
	is_int(rc, -1, "a source the host lacks fails the scan");
	snprintf(want, sizeof(want), "source 192.0.2.1: %s",
	    strerror(EADDRNOTAVAIL));
	is_str(err, want, "... naming the source, not connect");
	is_int(e, EADDRNOTAVAIL, "... errno kept");

	/*
	 * Two workers, a window of one probe each.  Worker 0 finds the open
	 * port (probe 0), then fails on probe 2 (::1 from a source the host
	 * lacks); worker 1 has a closed port.  The open port must reach the
	 * caller before the error does.
	 */
	if ((ls = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
		ok(0, "listening socket");
		return tap_done();
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(ls, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(ls, 16) == -1 ||
	    getsockname(ls, (struct sockaddr *)&sin, &len) == -1) {
		ok(0, "listening socket");
		return tap_done();
	}
	port = ntohs(sin.sin_port);
	addr4(&a[0], "127.0.0.1");
	addr4(&a[1], "127.0.0.2");
	addr6(&a[2], "::1");
	addr6(&src6, "2001:db8::1");
	config(&cfg, a, 3, &port, 1);
	cfg.src6 = &src6;
	cfg.workers = 2;
	cfg.window = 2;
	nopen = 0;
	rc = scan_run(&cfg, &st, err);
	is_int(rc, -1, "a worker's fatal error fails the scan");
	is_int(st.workers, 2, "... with two workers");
	is_int(nopen, 1, "... and the open port it found first is reported");
	ok(strstr(err, "connect") == NULL, "... the error is not connect's");
	(void)close(ls);

	addr4(&a[0], "127.0.0.1");
	stop_test(a, 1);
	stop_test(a, 2);

	/*
	 * No descriptor left for a probe: the scan gives up (after about
	 * 5 s) and says why, not "Cannot assign requested address".  The
	 * hard limit too, as the engine raises the soft one to it; this is
	 * the last test.
	 */
	low.rlim_cur = low.rlim_max = 16;
	if (setrlimit(RLIMIT_NOFILE, &low) == -1) {
		ok(0, "setrlimit");
		return tap_done();
	}
	first = last = -1;
	while ((fd = dup(0)) != -1 && fd < 64) {
		if (first == -1)
			first = fd;
		last = fd;
	}
	port = 1;
	config(&cfg, a, 1, &port, 1);
	rc = scan_run(&cfg, &st, err);
	e = errno;
	/* give them back: LeakSanitizer needs a few at exit */
	for (fd = first; first != -1 && fd <= last; fd++)
		(void)close(fd);
	is_int(rc, -1, "no descriptors: the scan fails");
	snprintf(want, sizeof(want), "out of local resources: %s",
	    strerror(EMFILE));
	is_str(err, want, "... saying why");
	is_int(e, EMFILE, "... errno kept");
	return tap_done();
}
