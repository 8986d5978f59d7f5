/*
 * grepable.h: nmap's grepable output (-oG), written as nmap writes it so
 * that scripts made for nmap read sockt's the same way; pure (no I/O):
 * each function formats into a buffer and the command writes it.
 *
 *   # sockt 0.2.0 scan initiated Mon Nov 23 09:11:27 2026 as: sockt ...
 *   Host: 127.0.0.1 (localhost)	Status: Up
 *   Host: 127.0.0.1 (localhost)	Ports: 22/open/tcp//ssh///, ...	Ignored State: closed (98)
 *   # sockt done at Mon Nov 23 09:11:28 2026 -- 1 IP address (1 host up) scanned in 0.03 seconds
 *
 * Every function returns the length written, always NUL-terminated, or 0
 * when it does not fit cap (buf is then "").  A field never holds a byte
 * that would end it early: names and services lose their tabs, newlines,
 * commas, slashes and parentheses (replaced as nmap does, '/' by '|',
 * the rest by '?').
 */
#ifndef GREPABLE_H
#define GREPABLE_H

#include <stddef.h>
#include <stdint.h>

#define GR_OPEN		1	/* the states, as scan.h numbers them */
#define GR_CLOSED	2
#define GR_FILTERED	3
#define GR_OPENFILTERED	4	/* UDP: no answer; nmap's open|filtered */
#define GR_CLOSEDFILTERED 5	/* a proxy's no that cannot tell which */
#define GR_IGNORE_MIN	26	/* a state this common is not listed */

/* "TOOL ARGV[0] ARGV[1] ...": the command line the header says, cut */
void	gr_cmdline(char *buf, size_t cap, const char *tool, int argc,
	    char *const argv[]);

/* "# TOOL VERSION scan initiated WHEN as: CMDLINE\n" */
size_t	gr_header(char *buf, size_t cap, const char *tool, const char *when,
	    const char *cmdline);

/*
 * "Host: ADDR (NAME)\tStatus: Up\n" (or Down; up 2: Timeout, nmap's line
 * for a host --host-timeout gave up); name may be NULL
 */
size_t	gr_status(char *buf, size_t cap, const char *addr, const char *name,
	    int up);

/* "Host: ADDR (NAME)\tPorts: " */
size_t	gr_ports_begin(char *buf, size_t cap, const char *addr,
	    const char *name);

/* "PORT/STATE/PROTO//SERVICE//VERSION/", after ", " unless first;
 * service NULL: "unknown", as nmap says; version NULL: empty (it loses
 * commas and slashes as a service does) */
size_t	gr_port(char *buf, size_t cap, int first, unsigned int port, int state,
	    const char *proto, const char *service, const char *version);

/* "\tIgnored State: STATE (N)" and the line end, or the line end alone
 * for state 0 */
size_t	gr_ports_end(char *buf, size_t cap, int state, uint64_t count);

/*
 * Which of a host's states go unlisted, as nmap decides: closed or
 * filtered (or open|filtered) when GR_IGNORE_MIN or more ports are in it,
 * unless all.
 * counts[GR_OPEN .. GR_OPENFILTERED]; returns a mask of 1 << state.
 */
int	gr_ignored(const uint64_t *counts, int all);

/* The one ignored state the Ignored State field names, or 0: nmap names
 * it only when exactly one state is ignored. */
int	gr_ignored_named(int mask);

/* What the trailer line says. */
struct gr_done {
	const char	*tool;
	const char	*when;
	uint64_t	 naddrs;	/* addresses scanned */
	uint64_t	 nup;		/* hosts up */
	double		 secs;
	const char	*note;		/* ", NOTE" after the rest, or NULL */
};

/* "# TOOL done at WHEN -- N IP address(es) (M host(s) up) scanned in S
 * seconds", then ", NOTE" unless NULL, then the line end */
size_t	gr_trailer(char *buf, size_t cap, const struct gr_done *d);

/* snprintf's result n as these functions return it: the length, or 0
 * and buf "" when it did not fit cap (nmapfmt.c's too) */
size_t	gr_fit(char *buf, size_t cap, int n);

/* "open", "closed", "filtered" */
const char *gr_state(int state);

#endif /* GREPABLE_H */
