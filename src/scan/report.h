/*
 * scan/report.h: a scan's results as text, for the caller to show: the
 * summary (the counts in words, what was left out, and the whole of it
 * as a JSON object); a host's --up line in each format; a port's line
 * in each format, with what came back escaped for it, and the table's
 * header; the progress line; a scan's size, for a caller that asks to
 * confirm a big one; a host's timing in words (-v).  Formatting only:
 * no I/O.
 */
#ifndef SCAN_REPORT_H
#define SCAN_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "parse/tlsfields.h"
#include "scan/scan.h"
#include "util/base.h"

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

/* scan_host_line's and scan_port_line's formats */
enum { SCAN_REP_TABLE, SCAN_REP_GREP, SCAN_REP_JSON };

/* A port's result, as scan_port_line writes it. */
struct scan_port {
	const char	*host;		/* table and -g: the address's label
					 * (scan_target_label); JSON: the
					 * address (scan_target_str) */
	const char	*name;		/* JSON: the name it came from, or
					 * NULL */
	unsigned int	 port;
	int		 udp;		/* a UDP port */
	int		 both;		/* -u: each port says PORT/PROTO */
	int		 state;		/* SCAN_OPEN ... */
	const char	*svc;		/* its service, or NULL */
	const char	*reason;	/* --reason: why in its state, or NULL
					 * (no such column) */
	int		 banner;	/* -b: what came back is shown */
	int		 http;		/* --probe http: the reply's status
					 * line and Server header */
	int		 tls;		/* --probe tls: data is the record of
					 * its fields (tlsf_pack) */
	int		 sv;		/* -sV: the banner's column is VERSION */
	const char	*svj;		/* -sV: JSON members for the fields, or
					 * NULL (parse/svcrec.h) */
	const char	*data;		/* what came back */
	size_t		 dlen;
	int		 width;		/* table: the host column's */
};

#define SCAN_MAX_PROBES	16777216ULL	/* more asks the caller to confirm */

/* a port's line in any format, escapes and TLS fields and all */
#define SCAN_PORT_LINE	(TLSF_JSON_MAX + 16 * SK_HOSTLEN + 1024)

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
void	scan_port_line(char *buf, size_t cap, int fmt,
	    const struct scan_port *p);
void	scan_port_header(char *buf, size_t cap, const struct scan_port *p);
void	scan_tls_fields(const char *b, size_t n, struct tls_fields *f);
const char *scan_json_str(const char *s, char *out, size_t cap);
/*
 * The probes a second of late, for the progress line's rate and ETA:
 * sampled every SCAN_RATE_MS and smoothed over a few samples, so that
 * it follows a scan that slows down (a host that limits its answers)
 * instead of its average since the start.
 */
#define SCAN_RATE_MS	1000
struct scan_rate_now {
	int64_t		 t_ms;		/* the last sample's time; 0: none */
	uint64_t	 done;		/* probes done then */
	double		 rate;		/* smoothed; 0: none yet */
};
double	scan_rate_now(struct scan_rate_now *m, uint64_t done, int64_t now_ms);
size_t	scan_progress_line(char *buf, size_t cap, const struct scan_stats *st,
	    double secs, double rate);
double	scan_size_text(const struct scan_config *cfg, double naddr,
	    size_t nports, char *buf, size_t cap);

/* -v's words on a host's timing: up to SCAN_TIMING_LINES lines */
#define SCAN_TIMING_LINES	4
#define SCAN_TIMING_LEN		512
int	scan_timing_text(const struct scan_host_report *r, int fixed_ms,
	    char out[SCAN_TIMING_LINES][SCAN_TIMING_LEN]);

#endif /* SCAN_REPORT_H */
