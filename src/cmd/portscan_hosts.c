/*
 * cmd/portscan_hosts.c: portscan's results by host, for --up and -oG: a
 * host's counts kept from its first result until its last probe is
 * done, then the host shown (up or down, its -oG lines) and forgotten,
 * so that only the hosts in progress take memory; and the -oG file, in
 * nmap's grepable format (grepable.c), its header and its trailer.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/cmd.h"
#include "cmd/portscan.h"
#include "cmd/portscan_targets.h"
#include "net/net.h"
#include "parse/grepable.h"
#include "parse/hostmap.h"
#include "parse/opt.h"
#include "parse/portlist.h"
#include "parse/probe.h"
#include "parse/shard.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "parse/tlsfields.h"
#include "parse/topports.h"
#include "scan/scan.h"
#include "sockt.h"
#include "util/clock.h"
#include "util/num.h"

/* Write s to the -oG stream; remember the first failure. */
static void
og_put(struct ps *ps, const char *s, size_t n)
{
	if (ps->og == NULL || n == 0 || ps->og_errno != 0)
		return;
	if (fwrite(s, 1, n, ps->og) != n)
		ps->og_errno = errno != 0 ? errno : EIO;
}

static int
gport_cmp(const void *a, const void *b)
{
	const struct gport *x = a, *y = b;

	if (x->port != y->port)
		return (int)x->port - (int)y->port;
	return (int)x->udp - (int)y->udp;
}

/* A host's -oG lines: its status, then its ports as nmap lists them. */
static void
og_host(struct ps *ps, size_t a, struct hstat *h, int up)
{
	static char pbuf[TLSF_TEXT_MAX + 256];	/* a port, its TLS fields */
	char host[SK_HOSTLEN], buf[2 * SK_HOSTLEN + 256];
	const char *name;
	size_t i, first = 1;
	int mask, named;

	ps_host_addr(ps, a, host, sizeof(host), &name);
	og_put(ps, buf, gr_status(buf, sizeof(buf), host, name, up));
	if (ps->up)
		return;
	mask = gr_ignored(h->n, ps->all);
	named = gr_ignored_named(mask);
	if (h->ngp > 0)
		qsort(h->gp, h->ngp, sizeof(*h->gp), gport_cmp);
	og_put(ps, buf, gr_ports_begin(buf, sizeof(buf), host, name));
	for (i = 0; i < h->ngp; i++) {
		if (mask & (1 << h->gp[i].state))
			continue;
		og_put(ps, pbuf, gr_port(pbuf, sizeof(pbuf), first,
		    h->gp[i].port, h->gp[i].state, h->gp[i].udp ? "udp" : "tcp",
		    h->gp[i].udp ? ps->svcu[h->gp[i].port] :
		    ps->svc[h->gp[i].port], h->gp[i].ver));
		first = 0;
	}
	og_put(ps, buf, gr_ports_end(buf, sizeof(buf), named,
	    named ? h->n[named] : 0));
	if (ps->og_errno == 0 && fflush(ps->og) == EOF)
		ps->og_errno = errno;
}

/* A host's kept ports, their TLS fields too. */
static void
gports_free(struct hstat *h)
{
	size_t i;

	for (i = 0; i < h->ngp; i++)
		free(h->gp[i].ver);
	free(h->gp);
	h->gp = NULL;
	h->ngp = h->capgp = 0;
}

/* Up: any probe had an answer, open or closed (a refusal is one). */
static int
host_up(const struct hstat *h)
{
	return h->n[SCAN_OPEN] + h->n[SCAN_CLOSED] > 0;
}

/*
 * Host a is done (or the scan ended): counted, shown (a down host only
 * with -a, as nmap shows none), and dropped from ps->hmap.
 */
static void
host_show(struct ps *ps, size_t a, struct hstat *h)
{
	int up = host_up(h);

	if (up)
		ps->nup++;
	else
		ps->ndown++;
	if (up || ps->all) {
		if (ps->up)
			ps_up_print(ps, a, h, up);
		if (ps->og != NULL)
			og_host(ps, a, h, up);
	}
	gports_free(h);
	hostmap_del(&ps->hmap, a);
}

/*
 * Keep a port for -oG unless its state is too common to be listed; ver
 * (its version field, or NULL) is the port's then, else freed.
 */
static void
gport_keep(struct ps *ps, struct hstat *h, unsigned int port, int state,
    int udp, char *ver)
{
	struct gport *n;
	size_t i, j;

	if (state != SCAN_OPEN && !ps->all && h->n[state] >= GR_IGNORE_MIN) {
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
	if (h->ngp == h->capgp) {
		size_t cap = h->capgp ? h->capgp * 2 : 8;

		if ((n = realloc(h->gp, cap * sizeof(*n))) == NULL) {
			free(ver);
			ps->oom = 1;
			return;
		}
		h->gp = n;
		h->capgp = cap;
	}
	h->gp[h->ngp].port = (uint16_t)port;
	h->gp[h->ngp].udp = (uint8_t)udp;
	h->gp[h->ngp].state = (uint8_t)state;
	h->gp[h->ngp].ver = ver;
	h->ngp++;
}

/* --probe tls: an open port's TLS fields for -oG's version field. */
static char *
og_tls(struct ps *ps, const struct scan_result *r)
{
	static struct tls_fields f;
	static char text[TLSF_TEXT_MAX];
	char *v;

	if (!ps->probe_tls || r->state != SCAN_OPEN)
		return NULL;
	ps_tls_fields(r->banner, r->banner_len, &f);
	(void)tlsf_text(&f, TLSF_OG, text, sizeof(text));
	if ((v = strdup(text)) == NULL)
		ps->oom = 1;
	return v;
}

/* How many of host a's probes shard i of n has. */
static uint64_t
shard_count(uint64_t x, uint64_t i, uint64_t n)
{
	/* probes k in [0, x) with k % n == i */
	return x > i ? (x - i - 1) / n + 1 : 0;
}

/* Host a's probes in this shard: one run of ports per protocol (scan.h). */
static uint64_t
host_expect(const struct ps *ps, size_t a)
{
	uint64_t per = (uint64_t)ps->naddrs * ps->nports, b, n = 0;
	size_t k;

	for (k = 0; k < ps->nprotos; k++) {
		b = k * per + (uint64_t)a * ps->nports;
		n += shard_count(b + ps->nports, ps->shard_i, ps->shard_n) -
		    shard_count(b, ps->shard_i, ps->shard_n);
	}
	return n;
}

/*
 * Count a result against its host.  A host whose probes are all done is
 * shown and forgotten at once, unless --sort holds it back for the end
 * (a host down then goes at once all the same, unless -a shows it).
 */
void
ps_hstat_result(struct ps *ps, const struct scan_result *r)
{
	struct hstat *h;
	unsigned int port;
	size_t a;
	int pr;

	if (r->state < SCAN_OPEN || r->state > SCAN_OPENFILTERED)
		return;
	ps_probe_split(ps, r->probe, &pr, &a, &port);
	if ((h = hostmap_put(&ps->hmap, a)) == NULL) {
		ps->oom = 1;
		return;
	}
	h->n[r->state]++;
	h->done++;
	if (ps->og != NULL && !ps->up)
		gport_keep(ps, h, port, r->state, pr == SCAN_UDP,
		    og_tls(ps, r));
	if (h->done == host_expect(ps, a) && (!ps->sort ||
	    (!host_up(h) && !ps->all)))
		host_show(ps, a, h);
}

static int
key_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * The hosts not shown yet, in order: every one with --sort; after a stop,
 * those found up (a host not fully probed is not known to be down).
 */
void
ps_hstats_finish(struct ps *ps)
{
	struct hstat *h;
	uint64_t *keys, key;
	size_t i, n = 0;

	if (ps->hmap.n == 0)
		return;
	if ((keys = calloc(ps->hmap.n, sizeof(*keys))) == NULL) {
		ps->oom = 1;
		return;
	}
	for (i = 0; i < ps->hmap.cap; i++)
		if (hostmap_at(&ps->hmap, i, &key) != NULL)
			keys[n++] = key;
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (i = 0; i < n; i++) {
		h = hostmap_get(&ps->hmap, keys[i]);
		if (h->done < host_expect(ps, (size_t)keys[i]) && !host_up(h))
			continue;
		host_show(ps, (size_t)keys[i], h);
	}
	free(keys);
}

/* --up and -oG: results counted by host, as they come. */
void
ps_hstats_init(struct ps *ps, const struct scan_config *cfg)
{
	ps->track = 1;
	hostmap_init(&ps->hmap, sizeof(struct hstat));
	ps->shard_i = cfg->shard_i;
	ps->shard_n = cfg->shard_n;
}

/* The hosts never shown, and the ports they kept. */
void
ps_hstats_free(struct ps *ps)
{
	struct hstat *h;
	uint64_t key;
	size_t i;

	for (i = 0; i < ps->hmap.cap; i++)
		if ((h = hostmap_at(&ps->hmap, i, &key)) != NULL)
			gports_free(h);
	hostmap_free(&ps->hmap);
}

/* "Mon Nov 23 09:11:27 2026", as nmap (ctime) writes it. */
static void
og_when(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm *tm = localtime(&t);

	if (tm == NULL || strftime(buf, len, "%a %b %e %H:%M:%S %Y", tm) == 0)
		snprintf(buf, len, "?");
}

/* The -oG header, before the first probe. */
void
ps_og_begin(struct ps *ps)
{
	char when[64], buf[sizeof(ps->cmdline) + 256];
	char tool[32];

	if (ps->og == NULL)
		return;
	og_when(when, sizeof(when));
	snprintf(tool, sizeof(tool), "sockt %s", SOCKT_VERSION);
	og_put(ps, buf, gr_header(buf, sizeof(buf), tool, when, ps->cmdline));
	if (ps->og_errno == 0 && fflush(ps->og) == EOF)
		ps->og_errno = errno;
}

/*
 * The -oG trailer, and the stream closed.  Returns SK_CONTINUE, or
 * EXIT_FAIL when the file could not be written (said here).
 */
int
ps_og_end(struct ps *ps, const struct scan_stats *st, double secs, int sig)
{
	struct gr_done d;
	char when[64], note[96], buf[512];

	if (ps->og == NULL)
		return SK_CONTINUE;
	og_when(when, sizeof(when));
	snprintf(note, sizeof(note), "interrupted after %llu of %llu probes",
	    (unsigned long long)st->done, (unsigned long long)st->total);
	d.tool = "sockt";
	d.when = when;
	d.naddrs = ps->naddrs;
	d.nup = ps->nup;
	d.secs = secs;
	d.note = sig > 0 ? note : NULL;
	og_put(ps, buf, gr_trailer(buf, sizeof(buf), &d));
	if (ps->og == stdout) {
		/* sockt.c says it when standard output fails */
		ps->og = NULL;
		return SK_CONTINUE;
	}
	if (fclose(ps->og) == EOF && ps->og_errno == 0)
		ps->og_errno = errno;
	ps->og = NULL;
	if (ps->og_errno == 0)
		return SK_CONTINUE;
	fflush(stdout);
	errno = ps->og_errno;
	msg_warn("%s", ps->ogname);
	return EXIT_FAIL;
}
