/*
 * scan/report.h: a scan's summary as text, for the caller to show: the
 * counts in words, what was left out, and the whole of it as a JSON
 * object; a host's --up line in each format; and a host's timing in
 * words (-v).  Formatting only: no
 * I/O.
 */
#ifndef SCAN_REPORT_H
#define SCAN_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "scan/scan.h"

struct scan_summary {
	const struct scan_stats *st;
	uint64_t	 hosts;		/* addresses scanned */
	uint64_t	 excluded;	/* addresses left out */
	uint64_t	 dups;		/* addresses named twice */
	unsigned long	 xports;	/* ports left out */
	int		 excluding;	/* an exclusion was asked for */
	int		 udp;		/* open|filtered counts */
	int		 up;		/* hosts, not ports: nup, ndown */
	uint64_t	 nup, ndown;
	double		 secs;
	int		 sig;		/* > 0: a signal stopped it */
};

#define SCAN_SUMMARY_JSON	512	/* the object and its newline */

/* scan_host_line's formats */
enum { SCAN_REP_TABLE, SCAN_REP_GREP, SCAN_REP_JSON };

void	scan_summary_counts(const struct scan_summary *s, char *buf,
	    size_t cap);
void	scan_summary_left(const struct scan_summary *s, char *excl,
	    size_t excap, char *dups, size_t dcap);
void	scan_summary_stopped(const struct scan_summary *s, char *buf,
	    size_t cap);
void	scan_summary_json(const struct scan_summary *s, char *buf,
	    size_t cap);
void	scan_host_line(char *buf, size_t cap, int fmt, const char *host,
	    const char *jname, int up, const uint64_t *n, int width);

/* -v's words on a host's timing: up to SCAN_TIMING_LINES lines */
#define SCAN_TIMING_LINES	4
#define SCAN_TIMING_LEN		512
int	scan_timing_text(const struct scan_host_report *r, int fixed_ms,
	    char out[SCAN_TIMING_LINES][SCAN_TIMING_LEN]);

#endif /* SCAN_REPORT_H */
