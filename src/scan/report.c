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
