/*
 * scan/report.c: a scan's summary, a host's --up line and a port's line
 * as text (scan/report.h).  What came back from a port is escaped for
 * the format it goes to (parse/probe_bytes.c), a --probe tls record written
 * out (parse/tlsfields.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parse/grepable.h"
#include "parse/probe_bytes.h"
#include "parse/tlsfields.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "util/base.h"
#include "util/num.h"

/* "3 open, 1 closed, 0 filtered", or with up "2 hosts up, 1 down". */
void
scan_summary_counts(const struct scan_summary *s, char *buf, size_t cap)
{
	const struct scan_stats *st = s->st;
	char of[48] = "", sk[48] = "";

	if (s->up) {
		snprintf(buf, cap, "%llu host%s up, %llu down",
		    (unsigned long long)s->nup, s->nup == 1 ? "" : "s",
		    (unsigned long long)s->ndown);
		return;
	}
	if (s->udp)
		snprintf(of, sizeof(of), ", %llu open|filtered",
		    (unsigned long long)st->openfiltered);
	if (st->skipped > 0)
		snprintf(sk, sizeof(sk), ", %llu skipped (host timeout)",
		    (unsigned long long)st->skipped);
	snprintf(buf, cap, "%llu open, %llu closed, %llu filtered%s%s",
	    (unsigned long long)st->open, (unsigned long long)st->closed,
	    (unsigned long long)st->filtered, of, sk);
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
	    "\"duplicate_hosts\":%llu,\"skipped\":%llu,%s\"seconds\":%.3f,"
	    "\"interrupted\":%s}\n",
	    (unsigned long long)st->open, (unsigned long long)st->closed,
	    (unsigned long long)st->filtered,
	    (unsigned long long)st->openfiltered,
	    (unsigned long long)st->total, (unsigned long long)s->hosts,
	    (unsigned long long)s->excluded, s->xports,
	    (unsigned long long)s->dups, (unsigned long long)st->skipped, up,
	    s->secs, s->sig > 0 ? "true" :
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

/* "s" as the inside of a JSON string, cut to fit cap; returns out. */
const char *
scan_json_str(const char *s, char *out, size_t cap)
{
	(void)esc_json(s, strlen(s), out, cap);
	return out;
}

/* A --probe tls result's fields; a record that cannot be read says so. */
void
scan_tls_fields(const char *b, size_t n, struct tls_fields *f)
{
	if (tlsf_unpack(b, n, f) == -1) {
		memset(f, 0, sizeof(*f));
		snprintf(f->error, sizeof(f->error), "no TLS fields");
	}
}

/* fmt's text added at buf[*n], cut to fit cap */
static void
put(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (*n + 1 >= cap)
		return;
	va_start(ap, fmt);
	k = vsnprintf(buf + *n, cap - *n, fmt, ap);
	va_end(ap);
	if (k < 0)
		buf[*n] = '\0';
	else
		*n = (size_t)k < cap - *n ? *n + (size_t)k : cap - 1;
}

/*
 * What came back as text for the table (flags 0) or -g (ESC_GREP):
 * with --probe http, the status line and the Server header of a reply;
 * otherwise the bytes, a trailing line end dropped; escaped either way.
 */
static void
banner_text(const struct scan_port *p, int flags, char *out, size_t cap)
{
	char status[SCAN_BANNER_MAX + 1], server[SCAN_BANNER_MAX + 1];
	char line[2 * SCAN_BANNER_MAX + 16];
	const char *b = p->data;
	size_t n = p->dlen;
	int len;

	if (p->http && probe_http_reply(b, n, status, sizeof(status),
	    server, sizeof(server)) == 0) {
		len = snprintf(line, sizeof(line), "%s%s%s", status,
		    server[0] != '\0' ? "; Server: " : "", server);
		if (len < 0)
			len = 0;
		else if ((size_t)len >= sizeof(line))
			len = (int)sizeof(line) - 1;
		b = line;
		n = (size_t)len;
	}
	(void)esc_text(b, n, flags | ESC_TRIM, out, cap);
}

/* -j: what came back, the bytes and what HTTP said, as members */
static void
json_banner(const struct scan_port *p, char *buf, size_t cap, size_t *n)
{
	char status[SCAN_BANNER_MAX + 1], server[SCAN_BANNER_MAX + 1];
	char esc[6 * SCAN_BANNER_MAX + 1];

	(void)esc_json(p->data, p->dlen, esc, sizeof(esc));
	put(buf, cap, n, ",\"banner\":\"%s\"", esc);
	if (!p->http)
		return;
	if (probe_http_reply(p->data, p->dlen, status, sizeof(status), server,
	    sizeof(server)) == -1) {
		put(buf, cap, n, ",\"http_status\":null,\"http_server\":null");
		return;
	}
	put(buf, cap, n, ",\"http_status\":\"%s\"", scan_json_str(status,
	    esc, sizeof(esc)));
	if (server[0] != '\0')
		put(buf, cap, n, ",\"http_server\":\"%s\"",
		    scan_json_str(server, esc, sizeof(esc)));
	else
		put(buf, cap, n, ",\"http_server\":null");
}

/* -j: a port's object; tls, unless NULL, the TLS fields' members */
static void
json_port(const struct scan_port *p, const char *tls, char *buf, size_t cap)
{
	char jname[6 * SK_HOSTLEN + 1];
	size_t n = 0;

	put(buf, cap, &n, "{\"type\":\"port\",\"host\":\"%s\",", p->host);
	if (p->name != NULL)
		put(buf, cap, &n, "\"name\":\"%s\",", scan_json_str(p->name,
		    jname, sizeof(jname)));
	put(buf, cap, &n, "\"port\":%u,\"proto\":\"%s\",\"state\":\"%s\","
	    "\"service\":", p->port, p->udp ? "udp" : "tcp",
	    gr_state(p->state));
	if (p->svc != NULL)
		put(buf, cap, &n, "\"%s\"", scan_json_str(p->svc, jname,
		    sizeof(jname)));
	else
		put(buf, cap, &n, "null");
	if (p->reason != NULL)
		put(buf, cap, &n, ",\"reason\":\"%s\"", p->reason);
	if (tls != NULL)
		put(buf, cap, &n, ",%s", tls);
	else if (p->svj != NULL)
		put(buf, cap, &n, ",%s", p->svj);
	else if (p->banner && p->state == SCAN_OPEN)
		json_banner(p, buf, cap, &n);
	put(buf, cap, &n, "}\n");
}

/* The service and --reason's column as one, into buf; returns buf. */
static const char *
reason_col(char *buf, size_t cap, const char *fmt, const char *svc,
    const char *reason)
{
	snprintf(buf, cap, fmt, svc, reason);
	return buf;
}

/*
 * A port's line in fmt: the table's row, -g's line or -j's object, what
 * came back shown as each has it (--probe tls: the fields, for an open
 * port).  The TLS fields are made in static room: one port at a time.
 */
void
scan_port_line(char *buf, size_t cap, int fmt, const struct scan_port *p)
{
	static struct tls_fields tf;
	static char tbuf[TLSF_JSON_MAX];
	char esc[4 * (2 * SCAN_BANNER_MAX + 16) + 1], pp[16], sr[160];
	const char *svc = p->svc != NULL ? p->svc : "-", *shown = esc;
	int tls = p->tls && p->state == SCAN_OPEN, pw = p->both ? 9 : 5;
	int sw = p->both ? 13 : 8;

	if (tls) {
		scan_tls_fields(p->data, p->dlen, &tf);
		if (fmt == SCAN_REP_JSON)
			(void)tlsf_json(&tf, tbuf, sizeof(tbuf));
		else
			(void)tlsf_text(&tf, fmt == SCAN_REP_GREP ? TLSF_GREP :
			    TLSF_TABLE, tbuf, sizeof(tbuf));
		shown = tbuf;
	}
	if (fmt == SCAN_REP_JSON) {
		json_port(p, tls ? tbuf : NULL, buf, cap);
		return;
	}
	/* with -u every port says its protocol, as nmap writes 53/udp */
	if (p->both)
		snprintf(pp, sizeof(pp), "%u/%s", p->port, p->udp ? "udp" :
		    "tcp");
	else
		snprintf(pp, sizeof(pp), "%u", p->port);
	esc[0] = '\0';
	if (!tls)
		banner_text(p, fmt == SCAN_REP_GREP ? ESC_GREP : 0, esc,
		    sizeof(esc));
	/* --reason: a column after the service, as nmap's */
	if (p->reason != NULL && fmt == SCAN_REP_GREP)
		svc = reason_col(sr, sizeof(sr), "%s %s", svc, p->reason);
	else if (p->reason != NULL)
		svc = reason_col(sr, sizeof(sr), p->banner && shown[0] != '\0' ?
		    "%-15s  %-14s" : "%-15s  %s", svc, p->reason);
	if (fmt == SCAN_REP_GREP)
		snprintf(buf, cap, "%s %s %s %s%s%s\n", p->host, pp,
		    gr_state(p->state), svc, p->banner && shown[0] ? " " :
		    "", shown);
	else if (p->banner && shown[0] != '\0')
		snprintf(buf, cap, "%-*s  %-*s  %-*s  %-15s  %s\n", p->width,
		    p->host, pw, pp, sw, gr_state(p->state), svc, shown);
	else
		snprintf(buf, cap, "%-*s  %-*s  %-*s  %s\n", p->width, p->host,
		    pw, pp, sw, gr_state(p->state), svc);
}

/* The table's header, for the ports p's options show. */
void
scan_port_header(char *buf, size_t cap, const struct scan_port *p)
{
	const char *more = p->tls ? "TLS" : p->sv ? "VERSION" : p->banner ?
	    "BANNER" : "";

	snprintf(buf, cap, "%-*s  %-*s  %-*s  %s%s%s\n", p->width, "HOST",
	    p->both ? 9 : 5, "PORT", p->both ? 13 : 8, "STATE",
	    p->reason == NULL && more[0] == '\0' ? "SERVICE" :
	    "SERVICE          ", p->reason == NULL ? "" : more[0] == '\0' ?
	    "REASON" : "REASON          ", more);
}

/*
 * m's rate after done probes at now_ms: a new sample once SCAN_RATE_MS
 * have passed since the last, averaged with the rate before (its weight
 * halves every sample).  Returns it, 0 before the first sample.
 */
double
scan_rate_now(struct scan_rate_now *m, uint64_t done, int64_t now_ms)
{
	double now;

	if (m->t_ms == 0 || done < m->done) {
		m->t_ms = now_ms;
		m->done = done;
		return m->rate;
	}
	if (now_ms - m->t_ms < SCAN_RATE_MS)
		return m->rate;
	now = (double)(done - m->done) * 1000.0 / (double)(now_ms - m->t_ms);
	m->rate = m->rate > 0 ? (m->rate + now) / 2 : now;
	m->t_ms = now_ms;
	m->done = done;
	return m->rate;
}

/*
 * The progress line after secs: the probes done of them all, the rate
 * (of late: scan_rate_now's; <= 0: the average since the start), the
 * open ports, the time left at that rate; the terminal's line cleared
 * first.  Returns its length, or 0 when there is none (no probes) or it
 * does not fit cap.
 */
size_t
scan_progress_line(char *buf, size_t cap, const struct scan_stats *st,
    double secs, double rate)
{
	long long eta;
	int n;

	if (st->total == 0)
		return 0;
	if (rate <= 0)
		rate = secs > 0 ? (double)st->done / secs : 0;
	eta = rate > 0 ? (long long)((double)(st->total - st->done) / rate +
	    0.5) : -1;
	n = snprintf(buf, cap, "\r\033[K%llu/%llu probes (%d%%)  %.0f/s  "
	    "%llu open  ETA %s%lld s", (unsigned long long)st->done,
	    (unsigned long long)st->total, (int)(st->done * 100 / st->total),
	    rate, (unsigned long long)st->open, eta < 0 ? "~" : "",
	    eta < 0 ? 0 : eta);
	return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/*
 * The probes a scan of naddr addresses by nports ports takes (this
 * shard's share), returned; and into buf, for a scan of more than
 * SCAN_MAX_PROBES, how many and how long they would take: at --rate,
 * or without it as fast as the window allows when no port answers
 * (every probe waiting out -w and its retries), which is what a typo in
 * a remote network costs.
 */
double
scan_size_text(const struct scan_config *cfg, double naddr, size_t nports,
    char *buf, size_t cap)
{
	double probes = naddr * (double)nports / (double)cfg->shard_n, rate;
	char when[64], how[160];
	int lim, retries;

	if (cfg->rate > 0 && cfg->rate == cfg->timing.rate) {
		/* -T0 .. -T2's pace, not an option the user gave */
		rate = cfg->rate;
		snprintf(how, sizeof(how), "at -T%d's pace of one probe "
		    "every %.3g s", cfg->timing.level, 1 / rate);
	} else if (cfg->rate > 0) {
		rate = cfg->rate;
		snprintf(how, sizeof(how), "at --rate %.0f", rate);
	} else {
		/* a dead host's limit and tries, as the timing gives them */
		scan_timing_dead(cfg, &lim, &retries);
		rate = (double)cfg->window * 1000.0 /
		    ((double)lim * (retries + 1));
		snprintf(how, sizeof(how), "at %.0f probes/s if nothing "
		    "answers (window %d, -w %.3g s, %d retr%s)", rate,
		    cfg->window, lim / 1000.0, retries,
		    retries == 1 ? "y" : "ies");
	}
	num_duration(probes / rate, when, sizeof(when));
	snprintf(buf, cap, "%.0f probes, more than %llu: about %s %s", probes,
	    SCAN_MAX_PROBES, when, how);
	return probes;
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
	if (r->floored > 0)
		snprintf(out[n++], SCAN_TIMING_LEN, "%u probes past its window "
		    "for --min-rate", r->floored);
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
