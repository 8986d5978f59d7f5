/*
 * cmd/portscan/scanout.h: portscan's output files in nmap's formats: -oG
 * (grepable, parse/grepable.c), -oX (XML, parse/nmapfmt.c), -oN (normal,
 * parse/nmapfmt.c) and -oA BASE (the three as BASE.gnmap, BASE.xml and
 * BASE.nmap).  Each is opened before the scan, gets its header, a host's
 * lines once scan/hosts.c has the host's last result, and its trailer;
 * "-" is standard output.  A file that cannot be written is said once,
 * at the end, and makes the scan fail.
 */
#ifndef PS_SCANOUT_H
#define PS_SCANOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parse/opt.h"
#include "scan/hosts.h"
#include "scan/scan.h"

enum { SO_G, SO_X, SO_N, SO_NFMT };	/* -oG, -oX, -oN */

struct scan_out {
	const char	*name[SO_NFMT];	/* the files, "-", or NULL */
	char		*aname[SO_NFMT];	/* -oA's, allocated */
	FILE		*f[SO_NFMT];
	int		 err[SO_NFMT];	/* why writing one failed */
	int		 reason;	/* --reason: -oN's REASON column */
	int		 all;		/* -a: every port listed */
	int		 up;		/* --up: hosts, not ports */
	int		 verbose;
	int		 sv;		/* -sV: a port's ver is its record
					 * (parse/svcrec.h) */
	int		 cont;		/* --resume: -oX's file goes on, its
					 * header in it */
	int		 tcp, udp;	/* the protocols scanned */
	const char	*type;		/* "connect", "syn": scaninfo's */
	const char	*cmdline;
	char *const	*svc;		/* service names by port, TCP */
	char *const	*svcu;		/* UDP */
	long long	 start;		/* seconds since the epoch */
	char		 startstr[64];
};

int	scan_out_file(struct scan_out *o, int fmt, const char *f, char *err);
int	scan_out_oarg(struct scan_out *o, struct opt_state *st, char *err);
int	scan_out_open(struct scan_out *o);
int	scan_out_any(const struct scan_out *o);
int	scan_out_stdout(const struct scan_out *o);
void	scan_out_begin(struct scan_out *o, const int *protos, size_t nprotos,
	    const uint16_t *ports, size_t nports);
void	scan_out_host(struct scan_out *o, const char *addr, const char *name,
	    const struct scan_host *h, int up);
int	scan_out_end(struct scan_out *o, uint64_t naddrs, uint64_t nup,
	    double secs, const char *note);
void	scan_out_free(struct scan_out *o);

#endif /* PS_SCANOUT_H */
