/*
 * cmd/portscan/portscan_out.c: what portscan prints about ports: the
 * table, -g (grepable lines), -j (JSON Lines), the summary, and --sort, which
 * holds the results back (scan/keep.c) and prints them in order at the
 * end; and how a probe's host is written, for portscan_hosts.c too
 * (scan/targets.c makes the text).  Each line's text is scan/report.c's:
 * here is where it goes.
 */
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/portscan/portscan.h"
#include "parse/target.h"
#include "scan/keep.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "scan/targets.h"
#include "util/base.h"

/* Address i as text into buf, the name it came from into *name. */
void
ps_host_addr(const struct ps *ps, size_t i, char *buf, size_t len,
    const char **name)
{
	scan_target_str(&ps->cfg.targets.set, i, buf, len, name);
}

/* A port's line (scan/report.c), the table's header before the first. */
static void
print_one(struct ps *ps, const struct scan_result *r, const char *banner,
    size_t blen)
{
	static char line[SCAN_PORT_LINE];
	char host[SK_HOSTLEN + TARGET_HOSTLEN + 4];
	struct scan_port p;
	size_t ai;
	int pr;

	if (ps->out == OUT_NONE)
		return;
	progress_clear(&ps->pg);
	memset(&p, 0, sizeof(p));
	scan_probe_at(&ps->cfg, r->probe, &pr, &ai, &p.port);
	if (ps->out == OUT_JSON)
		ps_host_addr(ps, ai, host, sizeof(host), &p.name);
	else
		scan_target_label(&ps->cfg.targets.set, ai,
		    ps->out == OUT_GREP, host, sizeof(host));
	p.host = host;
	p.udp = pr == SCAN_UDP;
	p.both = ps->udp;
	p.state = r->state;
	p.svc = p.udp ? ps->svcu[p.port] : ps->svc[p.port];
	p.reason = ps->reason ? scan_reason_name(scan_reason(pr,
	    ps->cfg.syn, r->state, r->error, r->reason)) : NULL;
	p.banner = ps->banner;
	p.http = ps->cfg.probe_http;
	p.tls = ps->probe_tls;
	p.data = banner;
	p.dlen = blen;
	p.width = ps->hostw;
	if (ps->sv)
		(void)ps_sv_port(ps, &p, banner, blen);
	if (ps->out == OUT_TABLE && !ps->header_done) {
		scan_port_header(line, sizeof(line), &p);
		fputs(line, stdout);
		ps->header_done = 1;
	}
	scan_port_line(line, sizeof(line), ps->out, &p);
	/* a marked scan writes it in its place (portscan_resume.c) */
	if (ps->rs.catching) {
		if ((ps->rs.held = strdup(line)) == NULL)
			ps->oom = 1;
		return;
	}
	fputs(line, stdout);
}

/* A result as a port: shown now, or kept for --sort. */
void
ps_port_result(struct ps *ps, const struct scan_result *r)
{
	/* open|filtered may be a silent listener: shown like open */
	if (ps->up || (r->state != SCAN_OPEN && r->state != SCAN_OPENFILTERED &&
	    !ps->all))
		return;
	if (!ps->sort && !ps->group) {
		print_one(ps, r, r->banner, r->banner_len);
		return;
	}
	if (scan_keep_add(&ps->kept, r) == -1)
		ps->oom = 1;
}

/*
 * A fixed rate (--rate, -T's pace) past what the path carries loses
 * probes, and the ports whose every try was lost read as filtered: say
 * so, once a loss of 1% or more is proven (a retry answered).  The exit
 * status stays the open ports' (as nmap's): it says what was found, and
 * scripts read it so; this line is for the person who chose the rate.
 */
static void
ps_say_loss(const struct ps *ps, const struct scan_stats *st)
{
	double loss = st->answered + st->lost > 0 ? (double)st->lost /
	    (double)(st->answered + st->lost) : 0;

	if (ps->cfg.rate <= 0 || st->filtered == 0 || loss < 0.01)
		return;
	fflush(stdout);
	msg_warnx("%llu probe%s unanswered after retries at a loss of %.1f%%: "
	    "the path carries about %.0f a second", (unsigned long long)
	    st->filtered, st->filtered == 1 ? "" : "s", loss * 100,
	    st->carried);
}

/*
 * The summary (scan/report.c): a line in the table, an object in JSON,
 * on standard error with -g -v.  A scan a signal stopped says so in
 * every format.
 */
void
ps_summary(const struct ps *ps, const struct scan_stats *st, double secs,
    int sig)
{
	struct scan_summary s;
	char stopped[96], excl[96], counts[160], dups[64];
	char json[SCAN_SUMMARY_JSON];

	memset(&s, 0, sizeof(s));
	s.st = st;
	s.hosts = ps->naddrs;
	s.excluded = ps->cfg.targets.set.excluded;
	s.dups = ps->cfg.targets.set.dups;
	s.xports = (unsigned long)ps->xports;
	s.excluding = ps->cfg.targets.excluding;
	s.udp = ps->udp;
	s.up = ps->up;
	s.nup = ps->hs.nup;
	s.ndown = ps->hs.ndown;
	s.secs = secs;
	s.sig = sig;
	scan_summary_left(&s, excl, sizeof(excl), dups, sizeof(dups));
	scan_summary_stopped(&s, stopped, sizeof(stopped));
	if (sig > 0) {
		fflush(stdout);
		/* a marked -j file: the way on (portscan_resume.c) */
		msg_warnx("%s%s%s", stopped + 2, ps->rs.on ? ": resume with "
		    "--resume " : "", ps->rs.on ? ps->rs.file : "");
	}
	scan_summary_counts(&s, counts, sizeof(counts));
	ps_say_loss(ps, st);
	if (ps->out == OUT_JSON) {
		scan_summary_json(&s, json, sizeof(json));
		fputs(json, stdout);
	} else if (ps->out == OUT_TABLE)
		printf("%s in %.2f s%s%s%s\n", counts, secs, excl, dups,
		    stopped);
	else if (ps->verbose) {
		fflush(stdout);
		msg_warnx("%s in %.2f s%s%s%s", counts, secs, excl, dups,
		    stopped);
	}
}

/* The table's host column: as wide as the widest host (scan/targets.c). */
int
ps_host_width(const struct ps *ps)
{
	return scan_targets_width(&ps->cfg.targets.set, ps->naddrs,
	    EXACT_WIDTH, SK_HOSTLEN + TARGET_HOSTLEN);
}

/* The ports k holds, in probe order (a host's: in port order), shown. */
static void
kept_show(struct ps *ps, struct scan_keep *k)
{
	const struct scan_kept *e;
	struct scan_result r;
	size_t i;

	scan_keep_sort(k);
	for (i = 0; i < k->n; i++) {
		e = &k->v[i];
		r.probe = e->probe;
		r.state = e->state;
		r.error = e->error;
		r.reason = e->reason;
		print_one(ps, &r, e->banner, e->blen);
	}
	scan_keep_free(k);
}

/*
 * On a terminal, host a is done: its ports together, in port order, as
 * nmap prints a host (the ports of the hosts still in progress stay).
 * drop: a host timed out (--host-timeout), its ports kept are not shown,
 * --sort's too.
 */
void
ps_ports_host(struct ps *ps, size_t a, int drop)
{
	struct scan_keep mine;
	unsigned int port;
	size_t i, j, ai;
	int pr;

	if (!ps->group && !(drop && ps->sort))
		return;
	memset(&mine, 0, sizeof(mine));
	for (i = 0, j = 0; i < ps->kept.n; i++) {
		scan_probe_at(&ps->cfg, ps->kept.v[i].probe, &pr, &ai, &port);
		if (ai != a)
			ps->kept.v[j++] = ps->kept.v[i];
		else if (scan_keep_move(&mine, &ps->kept.v[i]) == -1)
			ps->oom = 1;
	}
	ps->kept.n = j;
	if (drop)
		scan_keep_free(&mine);
	else
		kept_show(ps, &mine);
}

/* After the scan: the ports --sort held back, or a terminal's left. */
void
ps_ports_flush(struct ps *ps)
{
	if (ps->sort || ps->group)
		kept_show(ps, &ps->kept);
}
