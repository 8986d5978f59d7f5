/*
 * scan/discover.c: host discovery before a scan of several hosts, as
 * nmap's: every address is probed first, and only those that answered
 * have their ports scanned.  A scan of its own through the one engine
 * (scan_run), so its probes are timed by each host's round trips, its
 * silent hosts given the tries their losses call for (RFC 6298, as
 * timing.c has it), and sent at the caller's rate, window and workers.
 * When the caller scans by SYN (cfg->syn: it has CAP_NET_RAW), nmap's
 * probes as root through the raw sockets (scan/syn.c): an ICMP echo
 * request, a SYN to 443, an ACK to 80 and an ICMP timestamp request
 * (IPv4), and a SYN to 80 beside them.  Else nmap's unprivileged
 * connects to 443 and 80, and beside them an echo request through an
 * unprivileged ICMP datagram socket where net.ipv4.ping_group_range
 * admits our group (a host that drops TCP but answers a ping is up, as
 * nmap finds it only as root); where the kernel refuses that socket,
 * the connects alone.  nmap's -PS -PA -PE -PP -PU choose the probes
 * instead (cfg->ping_ports), -PU a datagram whose port unreachable says
 * up.  A host is up when any of them had an answer from it, a reset
 * too; other ICMP unreachables and silence leave it down.  Memory
 * grows with the hosts up, never with those probed.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/rawsock.h"
#include "parse/hostmap.h"
#include "scan/scan.h"
#include "util/base.h"

struct disc {
	struct hostmap	 seen;		/* address index -> nothing */
	size_t		 nports;	/* probes a host */
	uint64_t	*v;		/* the hosts up, as they came */
	size_t		 n, cap;
	int		 oom;
};

/* A probe's answer: its host up, once. */
static void
disc_result(const struct scan_result *r, void *arg)
{
	struct disc *d = arg;
	uint64_t ai = r->probe / d->nports, *nv;
	size_t cap;

	if ((r->state != SCAN_OPEN && r->state != SCAN_CLOSED) ||
	    hostmap_get(&d->seen, ai) != NULL)
		return;
	if (hostmap_put(&d->seen, ai) == NULL) {
		d->oom = 1;
		return;
	}
	if (d->n == d->cap) {
		cap = d->cap ? d->cap * 2 : 64;
		if ((nv = realloc(d->v, cap * sizeof(*nv))) == NULL) {
			d->oom = 1;
			return;
		}
		d->v = nv;
		d->cap = cap;
	}
	d->v[d->n++] = ai;
}

/*
 * May we send echo requests through an ICMP datagram socket?  Not where
 * the kernel refuses one (EACCES, EPERM: net.ipv4.ping_group_range
 * leaves our group out; EPROTONOSUPPORT, EAFNOSUPPORT: no such socket).
 */
static int
ping_ok(void)
{
	int fd;

	if ((fd = raw_ping(AF_INET)) == -1 && (fd = raw_ping(AF_INET6)) == -1)
		return 0;
	(void)close(fd);
	return 1;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Does c's host discovery go by raw sockets?  With syn; and for the
 * probes -P asked, when one is an ACK or a timestamp request (nmap's as
 * root), or an echo where the kernel has no ICMP datagram socket for us.
 */
int
scan_discover_raw(const struct scan_config *c)
{
	size_t i;
	int echo = 0;

	if (c->syn)
		return 1;
	for (i = 0; i < c->ping_n; i++) {
		if (c->ping_kinds[i] == SCAN_K_ACK ||
		    c->ping_kinds[i] == SCAN_K_TSTAMP)
			return 1;
		echo |= c->ping_kinds[i] == SCAN_K_ECHO;
	}
	return echo && !ping_ok();
}

/*
 * Host discovery's probes into c: its ports, their kinds and how many,
 * by raw sockets when c->syn, else connects and, where the kernel
 * allows one, an echo through an ICMP datagram socket; or those -P
 * asked (c->ping_n), by raw sockets where scan_discover_raw says.
 * Returns which probes, in words.  portscan --up sends the same set.
 */
const char *
scan_discover_set(struct scan_config *c)
{
	/* port 0: ICMP, whose kind says which request */
	static const uint16_t raw_ports[] = { 443, 80, 80, 0, 0 };
	static const unsigned char raw_kinds[] = { SCAN_K_PORT, SCAN_K_PORT,
	    SCAN_K_ACK, SCAN_K_ECHO, SCAN_K_TSTAMP };
	static const uint16_t ports[] = { 443, 80, 0 };
	static const unsigned char kinds[] = { SCAN_K_PORT, SCAN_K_PORT,
	    SCAN_K_ECHO };
	static const int tcp = SCAN_TCP;

	c->protos = &tcp;
	c->nprotos = 1;
	if (c->ping_n > 0) {
		c->syn = scan_discover_raw(c);
		c->ports = c->ping_ports;
		c->kinds = c->ping_kinds;
		c->nports = c->ping_n;
		return c->syn ? "as -P asked, by raw sockets" : "as -P asked, "
		    "by connects (an echo: ICMP datagram socket)";
	}
	c->ports = c->syn ? raw_ports : ports;
	c->kinds = c->syn ? raw_kinds : kinds;
	/* through a proxy: its connects, what it says of 443 and 80 */
	c->nports = c->syn ? 5 : c->proxy == NULL && ping_ok() ? 3 : 2;
	return c->nports == 5 ? "ICMP echo, SYN to 443 and 80, ACK to 80, "
	    "ICMP timestamp (raw sockets)" : c->nports == 3 ? "connects to "
	    "443 and 80, ICMP echo (datagram socket)" : c->proxy != NULL ?
	    "connects to 443 and 80 through the proxy" : "connects to 443 "
	    "and 80 (no ICMP datagram socket: net.ipv4.ping_group_range)";
}

/*
 * Probe every address of cfg (its ports and protocols aside) for being
 * up; the scan of cfg after it is of the hosts up.  Returns 0 with
 * cfg->targets.up the indexes in its set of the hosts up, in order,
 * cfg->naddrs how many, and st the discovery's counts; or -1 with err
 * filled and errno set.  *how says which probes went, in words.  A stop
 * (*cfg->stop) ends it early with what it found.  Only once, and only
 * on cfg's targets (not addrs).  Whole in every shard: a shard's slice
 * of the ports is of the hosts up, which each shard must know alike.
 */
int
scan_discover(struct scan_config *cfg, struct scan_stats *st,
    const char **how, char *err)
{
	struct scan_config c = *cfg;
	struct disc d;
	int r, save_errno;

	memset(&d, 0, sizeof(d));
	hostmap_init(&d.seen, 1);
	*how = scan_discover_set(&c);
	d.nports = c.nports;
	c.udp_closed = 0;
	c.banner = 0;
	c.tls = 0;
	c.probe_len = 0;
	c.probe_http = 0;
	c.by_addr = 1;
	/* every shard finds every host up, then scans its slice of them */
	c.shard_i = 0;
	c.shard_n = 1;
	c.report_closed = 1;
	c.progress_ms = 0;
	c.on_result = disc_result;
	c.on_progress = NULL;
	c.on_host = NULL;
	c.arg = &d;
	r = scan_run(&c, st, err);
	save_errno = errno;
	hostmap_free(&d.seen);
	if (r == 0 && d.oom) {
		snprintf(err, SK_ERRLEN, "host discovery: %s", strerror(ENOMEM));
		save_errno = ENOMEM;
		r = -1;
	}
	if (r == -1) {
		free(d.v);
		errno = save_errno;
		return -1;
	}
	if (d.n > 0)
		qsort(d.v, d.n, sizeof(*d.v), cmp_u64);
	free(cfg->targets.up);
	cfg->targets.up = d.v;
	cfg->naddrs = d.n;
	return 0;
}
