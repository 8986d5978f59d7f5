/*
 * cmd/portscan/portscan_hosts.c: portscan's hosts, for --up and -oG:
 * each one shown once scan/hosts.c has its last result (the --up line, the -oG
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
#include "cmd/portscan/portscan.h"
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
	/* what the counts are: discovery's answers, or -p's port states */
	if (ps->out == OUT_TABLE && !ps->header_done) {
		printf("%-*s  %-5s  %5s  %6s  %8s  %s\n", ps->hostw, "HOST",
		    "STATE", ps->up == 2 ? "REPLY" : "OPEN", ps->up == 2 ?
		    "RESET" : "CLOSED", ps->up == 2 ? "NO-REPLY" : "FILTERED",
		    ps->up == 2 ? "(answers to discovery's TCP probes)" :
		    "(states of the ports probed)");
		ps->header_done = 1;
	}
	scan_host_line(line, sizeof(line), ps->out, host, name != NULL ?
	    scan_json_str(name, jname, sizeof(jname)) : NULL, up, h->n,
	    ps->hostw);
	fputs(line, stdout);
}

/* Host a is done (scan/hosts.c): shown, as --up and -oG show it. */
static void
host_show(size_t a, struct scan_host *h, int up, void *arg)
{
	struct ps *ps = arg;
	char host[SK_HOSTLEN];
	const char *name;
	int ms;

	ps_host_addr(ps, a, host, sizeof(host), &name);
	if (h->skipped > 0) {
		/* --host-timeout: as nmap, none of its ports (its page) */
		progress_clear(&ps->pg);
		fflush(stdout);
		ms = ps->cfg.host_timeout_ms;
		msg_warnx("%s: skipped, host timeout (%d%s) after %llu of "
		    "%llu probes", host, ms % 1000 ? ms : ms / 1000,
		    ms % 1000 ? "ms" : "s",
		    (unsigned long long)(h->done - h->skipped),
		    (unsigned long long)h->done);
	} else if (ps->up)
		up_print(ps, a, h, up);
	ps_ports_host(ps, a, h->skipped > 0);
	scan_out_host(&ps->so, host, name, h, up);
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

	scan_probe_at(&ps->cfg, r->probe, &pr, &a, &port);
	scan_hosts_count(&ps->hs, &ps->cfg, a, port, pr, r, !ps->hs.keep ?
	    NULL : ps->sv ? ps_sv_ver(ps, r) : og_tls(ps, r));
}

/* --up and -oG: results counted by host, as they come. */
void
ps_hstats_init(struct ps *ps, const struct scan_config *cfg)
{
	ps->track = 1;
	scan_hosts_init(&ps->hs, cfg);
	ps->hs.keep = scan_out_any(&ps->so) && !ps->up;
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

/* The files' headers, before the first probe. */
void
ps_files_begin(struct ps *ps)
{
	ps->so.reason = ps->reason;
	ps->so.all = ps->all;
	ps->so.up = ps->up;
	ps->so.verbose = ps->verbose;
	ps->so.sv = ps->sv;
	ps->so.cmdline = ps->cmdline;
	ps->so.svc = ps->svc;
	ps->so.svcu = ps->svcu;
	scan_out_begin(&ps->so, ps->protos, ps->nprotos, ps->ports,
	    ps->nports);
}

/*
 * The files' trailers, and the files closed.  Returns CMD_GO_ON, or
 * EXIT_FAIL when one could not be written (said).
 */
int
ps_files_end(struct ps *ps, const struct scan_stats *st, double secs, int sig)
{
	char note[96];

	snprintf(note, sizeof(note), "interrupted after %llu of %llu probes",
	    (unsigned long long)st->done, (unsigned long long)st->total);
	return scan_out_end(&ps->so, ps->naddrs, ps->hs.nup, secs, sig > 0 ?
	    note : NULL) == -1 ? EXIT_FAIL : CMD_GO_ON;
}
