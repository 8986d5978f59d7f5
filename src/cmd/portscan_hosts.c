/*
 * cmd/portscan_hosts.c: portscan's hosts, for --up and -oG: each one
 * shown once scan/hosts.c has its last result (the --up line, the -oG
 * lines); and the -oG file, in nmap's grepable format (grepable.c), its
 * header and its trailer.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/cmd.h"
#include "cmd/portscan.h"
#include "parse/grepable.h"
#include "parse/tlsfields.h"
#include "scan/hosts.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "util/base.h"
#include "util/clock.h"

/* --up: one line, or object, per host (scan/report.c). */
static void
up_print(struct ps *ps, size_t a, const struct scan_host *h, int up)
{
	char host[SK_HOSTLEN], jname[6 * SK_HOSTLEN + 1];
	char line[8 * SK_HOSTLEN + 256];
	const char *name;

	progress_clear(&ps->pg);
	ps_host_addr(ps, a, host, sizeof(host), &name);
	if (ps->out == OUT_NONE)
		return;
	if (ps->out == OUT_TABLE && !ps->header_done) {
		printf("%-*s  %-5s  %5s  %6s  %8s\n", ps->hostw, "HOST",
		    "STATE", "OPEN", "CLOSED", "FILTERED");
		ps->header_done = 1;
	}
	scan_host_line(line, sizeof(line), ps->out, host, name != NULL ?
	    scan_json_str(name, jname, sizeof(jname)) : NULL, up, h->n,
	    ps->hostw);
	fputs(line, stdout);
}

/* Write s to the -oG stream; remember the first failure. */
static void
og_put(struct ps *ps, const char *s, size_t n)
{
	if (ps->og == NULL || n == 0 || ps->og_errno != 0)
		return;
	if (fwrite(s, 1, n, ps->og) != n)
		ps->og_errno = errno != 0 ? errno : EIO;
}

/* A host's -oG lines: its status, then its ports as nmap lists them. */
static void
og_host(struct ps *ps, size_t a, const struct scan_host *h, int up)
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

/* Host a is done (scan/hosts.c): shown, as --up and -oG show it. */
static void
host_show(size_t a, struct scan_host *h, int up, void *arg)
{
	struct ps *ps = arg;

	if (ps->up)
		up_print(ps, a, h, up);
	if (ps->og != NULL)
		og_host(ps, a, h, up);
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
	scan_tls_fields(r->banner, r->banner_len, &f);
	(void)tlsf_text(&f, TLSF_OG, text, sizeof(text));
	if ((v = strdup(text)) == NULL)
		ps->oom = 1;
	return v;
}

/* Count a result against its host (scan/hosts.c). */
void
ps_hstat_result(struct ps *ps, const struct scan_result *r)
{
	unsigned int port;
	size_t a;
	int pr;

	if (r->state < SCAN_OPEN || r->state > SCAN_OPENFILTERED)
		return;
	ps_probe_split(ps, r->probe, &pr, &a, &port);
	scan_hosts_result(&ps->hs, a, port, pr == SCAN_UDP, r->state,
	    ps->hs.keep ? og_tls(ps, r) : NULL);
}

/* --up and -oG: results counted by host, as they come. */
void
ps_hstats_init(struct ps *ps, const struct scan_config *cfg)
{
	ps->track = 1;
	scan_hosts_init(&ps->hs, cfg);
	ps->hs.keep = ps->og != NULL && !ps->up;
	ps->hs.all = ps->all;
	ps->hs.hold = ps->sort;
	ps->hs.show = host_show;
	ps->hs.arg = ps;
}

/*
 * After the scan: the hosts not shown yet (held by --sort, or up when a
 * stop came); a host lost for memory is said.
 */
void
ps_hstats_finish(struct ps *ps)
{
	scan_hosts_finish(&ps->hs);
	if (ps->hs.oom)
		ps->oom = 1;
}

/* The hosts never shown, and the ports they kept. */
void
ps_hstats_free(struct ps *ps)
{
	scan_hosts_free(&ps->hs);
}

/* The -oG header, before the first probe. */
void
ps_og_begin(struct ps *ps)
{
	char when[64], buf[sizeof(ps->cmdline) + 256];
	char tool[32];

	if (ps->og == NULL)
		return;
	clock_ctime(when, sizeof(when));
	snprintf(tool, sizeof(tool), "sockt %s", SOCKT_VERSION);
	og_put(ps, buf, gr_header(buf, sizeof(buf), tool, when, ps->cmdline));
	if (ps->og_errno == 0 && fflush(ps->og) == EOF)
		ps->og_errno = errno;
}

/*
 * The -oG trailer, and the stream closed.  Returns CMD_GO_ON, or
 * EXIT_FAIL when the file could not be written (said here).
 */
int
ps_og_end(struct ps *ps, const struct scan_stats *st, double secs, int sig)
{
	struct gr_done d;
	char when[64], note[96], buf[512];

	if (ps->og == NULL)
		return CMD_GO_ON;
	clock_ctime(when, sizeof(when));
	snprintf(note, sizeof(note), "interrupted after %llu of %llu probes",
	    (unsigned long long)st->done, (unsigned long long)st->total);
	d.tool = "sockt";
	d.when = when;
	d.naddrs = ps->naddrs;
	d.nup = ps->hs.nup;
	d.secs = secs;
	d.note = sig > 0 ? note : NULL;
	og_put(ps, buf, gr_trailer(buf, sizeof(buf), &d));
	if (ps->og == stdout) {
		/* sockt.c says it when standard output fails */
		ps->og = NULL;
		return CMD_GO_ON;
	}
	if (fclose(ps->og) == EOF && ps->og_errno == 0)
		ps->og_errno = errno;
	ps->og = NULL;
	if (ps->og_errno == 0)
		return CMD_GO_ON;
	fflush(stdout);
	errno = ps->og_errno;
	msg_warn("%s", ps->ogname);
	return EXIT_FAIL;
}
