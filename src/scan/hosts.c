/*
 * scan/hosts.c: a scan's results counted by host (scan/hosts.h): a
 * host's record lives in a hash (parse/hostmap.c) from its first result
 * until its probes in this shard are all done, then the caller shows it
 * and it is dropped.  The ports a host may list are kept as nmap's
 * grepable format lists them: a closed or filtered state that becomes
 * too common (GR_IGNORE_MIN) is counted, not listed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/grepable.h"
#include "parse/hostmap.h"
#include "scan/hosts.h"
#include "scan/scan.h"
#include "util/grow.h"

static int
hport_cmp(const void *a, const void *b)
{
	const struct scan_hport *x = a, *y = b;

	if (x->port != y->port)
		return (int)x->port - (int)y->port;
	return (int)x->udp - (int)y->udp;
}

/* grow_free's elem_free for a kept port: its version field. */
static void
hport_drop(void *p)
{
	struct scan_hport *gp = p;

	free(gp->ver);
}

/* A host's kept ports, their version fields too. */
static void
hports_free(struct scan_host *h)
{
	GROW_FREE(h->gp, h->ngp, h->capgp, hport_drop);
}

/*
 * Up: any probe had an answer, open or closed (a refusal is one), an
 * echo or an ACK's reset too, or host discovery found it up before its
 * ports were scanned (an echo answered where every port is filtered).
 */
static int
host_up(const struct scan_hosts *hs, const struct scan_host *h)
{
	/* timed out: up, as nmap has it */
	return hs->found_up || h->n[SCAN_OPEN] + h->n[SCAN_CLOSED] > 0 ||
	    h->alive > 0 || h->skipped > 0;
}

/*
 * Host a is done (or the scan ended): counted, shown (a down host only
 * with all, as nmap shows none), and dropped.
 */
static void
host_done(struct scan_hosts *hs, size_t a, struct scan_host *h)
{
	int up = host_up(hs, h);

	if (up)
		hs->nup++;
	else
		hs->ndown++;
	if (up || hs->all) {
		if (h->ngp > 0)
			qsort(h->gp, h->ngp, sizeof(*h->gp), hport_cmp);
		hs->show(a, h, up, hs->arg);
	}
	hports_free(h);
	hostmap_del(&hs->map, a);
}

/*
 * Keep a port unless its state is too common to be listed; ver (its
 * version field, or NULL) is the port's then, else freed.
 */
static void
hport_keep(struct scan_hosts *hs, struct scan_host *h, unsigned int port,
    int state, int udp, int reason, char *ver)
{
	size_t i, j;

	if (state != SCAN_OPEN && !hs->all && h->n[state] >= GR_IGNORE_MIN) {
		free(ver);
		if (h->n[state] > GR_IGNORE_MIN)
			return;
		/* just became too common: drop those kept so far */
		for (i = 0, j = 0; i < h->ngp; i++) {
			if (h->gp[i].state != state)
				h->gp[j++] = h->gp[i];
			else
				free(h->gp[i].ver);
		}
		h->ngp = j;
		return;
	}
	if (GROW(h->gp, h->ngp, h->capgp) == -1) {
		free(ver);
		hs->oom = 1;
		return;
	}
	h->gp[h->ngp].port = (uint16_t)port;
	h->gp[h->ngp].udp = (uint8_t)udp;
	h->gp[h->ngp].state = (uint8_t)state;
	h->gp[h->ngp].reason = (uint8_t)reason;
	h->gp[h->ngp].ver = ver;
	h->ngp++;
}

/* How many of the probes [0, x) shard i of n has. */
static uint64_t
shard_count(uint64_t x, uint64_t i, uint64_t n)
{
	/* probes k in [0, x) with k % n == i */
	return x > i ? (x - i - 1) / n + 1 : 0;
}

/* Host a's probes in this shard: one run of ports per protocol (scan.h). */
static uint64_t
host_expect(const struct scan_hosts *hs, size_t a)
{
	uint64_t per = hs->naddrs * hs->nports, b, n = 0;
	uint64_t k;

	for (k = 0; k < hs->nprotos; k++) {
		b = k * per + (uint64_t)a * hs->nports;
		n += shard_count(b + hs->nports, hs->shard_i, hs->shard_n) -
		    shard_count(b, hs->shard_i, hs->shard_n);
	}
	return n;
}

/*
 * Count a result (port, what: SCAN_HP_*, state, reason) against host a;
 * ver, the port's version field or NULL, is kept with it or freed.  A
 * SCAN_HP_HOST result says up or not, and is no port's.  A host whose probes
 * are all done is shown and forgotten at once, unless hold keeps it for
 * scan_hosts_finish (a host down then goes at once all the same, unless
 * all shows it).
 */
void
scan_hosts_result(struct scan_hosts *hs, size_t a, unsigned int port,
    int what, int state, int reason, char *ver)
{
	struct scan_host *h;

	if ((h = hostmap_put(&hs->map, a)) == NULL) {
		free(ver);
		hs->oom = 1;
		return;
	}
	h->done++;
	if (state == SCAN_SKIPPED) {
		h->skipped++;
		free(ver);
	} else if (what == SCAN_HP_HOST) {
		if ((state == SCAN_OPEN || state == SCAN_CLOSED) &&
		    h->alive++ == 0)
			h->why = (uint8_t)reason;
		free(ver);
	} else {
		h->n[state]++;
		if (reason >= 0 && reason < SCAN_R_MAX)
			h->nr[state][reason]++;
		if (hs->keep)
			hport_keep(hs, h, port, state, what == SCAN_HP_UDP,
			    reason, ver);
		else
			free(ver);
	}
	if (h->done == host_expect(hs, a) && (!hs->hold ||
	    (!host_up(hs, h) && !hs->all)))
		host_done(hs, a, h);
}

/*
 * Count engine result r, of port on proto at host a, against it: what
 * its probe was, by cfg's kinds, and why, in nmap's words.
 */
void
scan_hosts_count(struct scan_hosts *hs, const struct scan_config *cfg,
    size_t a, unsigned int port, int proto, const struct scan_result *r,
    char *ver)
{
	int what = proto == SCAN_UDP ? SCAN_HP_UDP : SCAN_HP_TCP;

	/* a stop's, an error's: no port's state */
	if ((r->state < SCAN_OPEN || r->state > SCAN_CLOSEDFILTERED) &&
	    r->state != SCAN_SKIPPED) {
		free(ver);
		return;
	}
	if (scan_probe_kind(cfg, r->probe) != SCAN_K_PORT)
		what = SCAN_HP_HOST;
	scan_hosts_result(hs, a, port, what, r->state,
	    scan_probe_reason(cfg, proto, r), ver);
}

/*
 * The hosts not shown yet, in order: every one held; after a stop,
 * those found up (a host not fully probed is not known to be down).
 */
void
scan_hosts_finish(struct scan_hosts *hs)
{
	struct scan_host *h;
	uint64_t *keys;
	size_t i, n = hs->map.n;

	if (n == 0)
		return;
	if ((keys = hostmap_keys(&hs->map)) == NULL) {
		hs->oom = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		h = hostmap_get(&hs->map, keys[i]);
		if (h->done < host_expect(hs, (size_t)keys[i]) && !host_up(hs, h))
			continue;
		host_done(hs, (size_t)keys[i], h);
	}
	free(keys);
}

/*
 * Ready to count the results of the scan cfg describes (its addresses,
 * ports, protocols and shard); the caller sets keep, all, hold, show
 * and arg.
 */
void
scan_hosts_init(struct scan_hosts *hs, const struct scan_config *cfg)
{
	memset(hs, 0, sizeof(*hs));
	hostmap_init(&hs->map, sizeof(struct scan_host));
	hs->naddrs = cfg->naddrs;
	hs->nports = cfg->nports;
	hs->nprotos = cfg->protos != NULL ? cfg->nprotos : 1;
	hs->shard_i = cfg->shard_i;
	hs->shard_n = cfg->shard_n;
}

/* The hosts never shown, and the ports they kept. */
void
scan_hosts_free(struct scan_hosts *hs)
{
	struct scan_host *h;
	uint64_t key;
	size_t i;

	for (i = 0; i < hs->map.cap; i++)
		if ((h = hostmap_at(&hs->map, i, &key)) != NULL)
			hports_free(h);
	hostmap_free(&hs->map);
}
