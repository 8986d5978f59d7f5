/*
 * scan/report.c: a scan's summary, and a host's --up line, as text
 * (scan/report.h).
 */
#include <stdio.h>

#include "scan/report.h"
#include "scan/scan.h"
#include "sockt.h"

/* "3 open, 1 closed, 0 filtered", or with up "2 hosts up, 1 down". */
void
scan_summary_counts(const struct scan_summary *s, char *buf, size_t cap)
{
	const struct scan_stats *st = s->st;
	char of[48] = "";

	if (s->up) {
		snprintf(buf, cap, "%llu host%s up, %llu down",
		    (unsigned long long)s->nup, s->nup == 1 ? "" : "s",
		    (unsigned long long)s->ndown);
		return;
	}
	if (s->udp)
		snprintf(of, sizeof(of), ", %llu open|filtered",
		    (unsigned long long)st->openfiltered);
	snprintf(buf, cap, "%llu open, %llu closed, %llu filtered%s",
	    (unsigned long long)st->open, (unsigned long long)st->closed,
	    (unsigned long long)st->filtered, of);
}

/*
 * What was left out, each "" when nothing was: the exclusions asked
 * for, and the addresses named twice (or by a name and its literal).
 */
void
scan_summary_left(const struct scan_summary *s, char *excl, size_t excap,
    char *dups, size_t dcap)
{
	excl[0] = dups[0] = '\0';
	if (s->excluding || s->xports > 0)
		snprintf(excl, excap, ", excluded %llu address%s and %lu "
		    "port%s", (unsigned long long)s->excluded, s->excluded == 1 ?
		    "" : "es", s->xports, s->xports == 1 ? "" : "s");
	if (s->dups > 0)
		snprintf(dups, dcap, ", %llu duplicate address%s dropped",
		    (unsigned long long)s->dups, s->dups == 1 ? "" : "es");
}

/* ", interrupted after N of M probes" for a scan a signal stopped. */
void
scan_summary_stopped(const struct scan_summary *s, char *buf, size_t cap)
{
	buf[0] = '\0';
	if (s->sig > 0)
		snprintf(buf, cap, ", interrupted after %llu of %llu probes",
		    (unsigned long long)s->st->done,
		    (unsigned long long)s->st->total);
}

/* The summary as one JSON object and its newline. */
void
scan_summary_json(const struct scan_summary *s, char *buf, size_t cap)
{
	const struct scan_stats *st = s->st;
	char up[64] = "";

	if (s->up)
		snprintf(up, sizeof(up), "\"up\":%llu,\"down\":%llu,",
		    (unsigned long long)s->nup, (unsigned long long)s->ndown);
	snprintf(buf, cap, "{\"type\":\"summary\",\"open\":%llu,\"closed\":%llu,"
	    "\"filtered\":%llu,\"open_filtered\":%llu,\"probes\":%llu,"
	    "\"hosts\":%llu,\"excluded_hosts\":%llu,\"excluded_ports\":%lu,"
	    "\"duplicate_hosts\":%llu,%s\"seconds\":%.3f,\"interrupted\":%s}\n",
	    (unsigned long long)st->open, (unsigned long long)st->closed,
	    (unsigned long long)st->filtered,
	    (unsigned long long)st->openfiltered,
	    (unsigned long long)st->total, (unsigned long long)s->hosts,
	    (unsigned long long)s->excluded, s->xports,
	    (unsigned long long)s->dups, up, s->secs, s->sig > 0 ? "true" :
	    "false");
}

/*
 * A host's line for --up, n its counts by state: fmt SCAN_REP_GREP,
 * SCAN_REP_JSON (jname its name, JSON-escaped, or NULL) or
 * SCAN_REP_TABLE (width the host column's).
 */
void
scan_host_line(char *buf, size_t cap, int fmt, const char *host,
    const char *jname, int up, const uint64_t *n, int width)
{
	const char *st = up ? "up" : "down";
	char name[16 + 6 * SK_HOSTLEN] = "";

	if (fmt == SCAN_REP_GREP)
		snprintf(buf, cap, "%s %s %llu %llu %llu\n", host, st,
		    (unsigned long long)n[SCAN_OPEN],
		    (unsigned long long)n[SCAN_CLOSED],
		    (unsigned long long)n[SCAN_FILTERED]);
	else if (fmt == SCAN_REP_TABLE)
		snprintf(buf, cap, "%-*s  %-5s  %5llu  %6llu  %8llu\n", width,
		    host, st, (unsigned long long)n[SCAN_OPEN],
		    (unsigned long long)n[SCAN_CLOSED],
		    (unsigned long long)n[SCAN_FILTERED]);
	else {
		if (jname != NULL)
			snprintf(name, sizeof(name), "\"name\":\"%s\",", jname);
		snprintf(buf, cap, "{\"type\":\"host\",\"host\":\"%s\",%s"
		    "\"state\":\"%s\",\"open\":%llu,\"closed\":%llu,"
		    "\"filtered\":%llu}\n", host, name, st,
		    (unsigned long long)n[SCAN_OPEN],
		    (unsigned long long)n[SCAN_CLOSED],
		    (unsigned long long)n[SCAN_FILTERED]);
	}
}

/* "61.3 ms", "850 us", "1.25 s" */
static void
dur(char *buf, size_t cap, int64_t us)
{
	if (us < 1000)
		snprintf(buf, cap, "%lld us", (long long)us);
	else if (us < 1000000)
		snprintf(buf, cap, "%.3g ms", (double)us / 1000);
	else
		snprintf(buf, cap, "%.3g s", (double)us / 1000000);
}

/*
 * A host's timing as -v says it, into out: its round trips and the
 * time limit they gave (fixed_ms > 0: -w's), the probes, retries, losses
 * and the window; why its silent ports are filtered (or open|filtered);
 * the pace of its ICMP errors (--udp-closed).  Returns the lines.
 */
int
scan_timing_text(const struct scan_host_report *r, int fixed_ms,
    char out[SCAN_TIMING_LINES][SCAN_TIMING_LEN])
{
	char a[32], b[32], c[32], d[32], lim[64];
	uint64_t tcp = r->silent - r->silent_udp, tries;
	int n = 0;

	dur(a, sizeof(a), r->srtt_us);
	dur(b, sizeof(b), r->rttvar_us);
	dur(c, sizeof(c), r->rtt_min_us);
	dur(d, sizeof(d), r->rtt_max_us);
	if (fixed_ms > 0)
		snprintf(lim, sizeof(lim), "%d ms (-w)", fixed_ms);
	else
		dur(lim, sizeof(lim), r->limit_us);
	tries = r->answered + r->lost;
	snprintf(out[n++], SCAN_TIMING_LEN, "rtt %s +- %s (%s to %s, %u "
	    "samples), time limit %s; %llu probes, %llu sent again, %llu "
	    "lost (%.1f%%); window down to %u (%u cuts)", a, b, c, d,
	    r->samples, lim, (unsigned long long)r->sent,
	    (unsigned long long)r->retried, (unsigned long long)r->lost,
	    tries > 0 ? 100.0 * (double)r->lost / (double)tries : 0.0,
	    r->cwnd_low, r->cuts);
	if (r->silent > 0) {
		if (r->silent_min == r->silent_max)
			snprintf(a, sizeof(a), "%u tr%s", r->silent_max,
			    r->silent_max == 1 ? "y" : "ies");
		else
			snprintf(a, sizeof(a), "%u to %u tries", r->silent_min,
			    r->silent_max);
		snprintf(out[n++], SCAN_TIMING_LEN, "%llu port%s %s: no answer "
		    "to %s while the host answered %llu probes",
		    (unsigned long long)r->silent, r->silent == 1 ? "" : "s",
		    tcp == 0 ? "open|filtered" : r->silent_udp == 0 ?
		    "filtered" : "filtered (UDP: open|filtered)", a,
		    (unsigned long long)r->answered);
	}
	if (r->paced > 0) {
		dur(a, sizeof(a), r->pace_us);
		dur(b, sizeof(b), r->paced_us);
		if (r->pace_us > 0)
			snprintf(lim, sizeof(lim), "at the host's pace of one "
			    "per %s", a);
		else
			snprintf(lim, sizeof(lim), "none more when asked");
		snprintf(out[n++], SCAN_TIMING_LEN, "%llu ICMP port "
		    "unreachables; %s: %llu probes over %s, %llu ports left "
		    "open|filtered", (unsigned long long)r->icmp, lim,
		    (unsigned long long)r->paced, b,
		    (unsigned long long)r->paced_ports);
	}
	return n;
}
