/*
 * cmd/portscan/portscan.h: what the files of the portscan command
 * share, and no other file includes: struct ps, the command's state; the options
 * (portscan_opts.c), the output (portscan_out.c), the results by host
 * for --up and -oG (portscan_hosts.c), what the targets' assembly met
 * (portscan_targets.c), and the flow that ties them (portscan.c).  A
 * step returns CMD_GO_ON to go on, else the exit status (cmd/cmd.h).
 */
#ifndef PORTSCAN_H
#define PORTSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/progress.h"
#include "cmd/portscan/scanout.h"
#include "parse/opt.h"
#include "parse/portlist.h"
#include "parse/probe_bytes.h"
#include "parse/resume.h"
#include "parse/svcdb.h"
#include "parse/socks.h"
#include "parse/tlsfields.h"
#include "scan/hosts.h"
#include "scan/keep.h"
#include "scan/mark.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "scan/svc.h"
#include "scan/targets.h"

#define DEFAULT_TIMEOUT_MS	1000	/* -b's wait without -w */
#define MAX_ADDRS		4294967296.0	/* in one scan: all of IPv4 */
#define EXACT_WIDTH		65536	/* hosts measured for the table */
#define TICK_MS			100	/* output flush and progress period */

/* scan/report.c's formats; OUT_NONE: -oG - (-oX -, -oN -) has standard
 * output to itself */
enum { OUT_TABLE = SCAN_REP_TABLE, OUT_GREP = SCAN_REP_GREP,
	OUT_JSON = SCAN_REP_JSON, OUT_NONE };

/* -j to a file, or -oX's, marked as it goes; --resume
 * (portscan_resume.c) */
struct ps_resume {
	const char	*file;		/* --resume FILE, or NULL */
	int		 on;		/* marks written */
	int		 xml;		/* ... in -oX FILE's comments */
	FILE		*fp;		/* ... FILE: stdout, or -oX's */
	int		 fresh;		/* FILE was empty: a new scan */
	char		*buf;		/* FILE read back, till its results
					 * are counted (-oX) */
	struct resume_file rf;
	char		*res;		/* -oX: the results since the last
					 * mark, as runs (parse/resume.h) */
	size_t		 rlen, rcap;
	int		 rcode;		/* ... and the run going on */
	uint64_t	 rrun;
	struct scan_mark m;		/* the results put in order */
	char		*held;		/* print_one's line, caught */
	int		 catching;
	uint64_t	 written;	/* the last mark's place */
	uint64_t	 next;		/* --resume: the file's last mark */
	uint64_t	 hosts, up;	/* ... its hosts, and their hash */
	uint64_t	 was[RESUME_STATES];	/* ... its counts */
	uint64_t	 states[RESUME_STATES];	/* ... with this run's */
	uint64_t	*skip;		/* ... the places done after it */
	size_t		 nskip;
	char		 args[2048];	/* the command line, as compared */
};

/*
 * The command's state.  Its option rows (portscan_opts.c) bind its
 * members, the scan's configuration's among them: so cfg comes first,
 * where its members' offsets are small, and the service tables last.
 */
struct ps {
	struct scan_config cfg;		/* the scan's: its targets too */
	struct portlist	*pl;		/* -p's ports */
	struct portlist	*xpl;		/* --exclude-ports */
	struct portlist	*upl;		/* -p's UDP ports (U:53) */
	int		 pnamed;	/* -p named T: (1), U: (2) */
	uint32_t	 xports;	/* ports that took out */
	int		 top;		/* --top-ports */
	int		 fast;		/* -F */
	int		 rate;		/* --rate, or 0 */
	int		 grep;		/* -g */
	int		 json;		/* -j */
	int		 tcp;		/* -t */
	int		 yes;		/* --yes: scan however big */
	size_t		 naddrs;	/* in the targets' set, numbered
					 * from 0 */
	uint16_t	*ports;
	size_t		 nports;
	int		 protos[2];	/* SCAN_TCP, SCAN_UDP */
	size_t		 nprotos;
	int		 udp;		/* -u: label every port PORT/PROTO */
	int		 out;
	int		 all;		/* -a */
	int		 banner;	/* -b */
	int		 probe_tls;	/* --probe tls */
	int		 up;		/* --up: hosts, not ports; 2: by
					 * discovery's probes (how says) */
	const char	*how;
	int		 pn;		/* -Pn: no host discovery */
	int		 ping;		/* -PS -PA -PU -PE -PP: bits 0-4 */
	struct portlist	*ppl;		/* -PS's, -PA's and -PU's ports */
	uint16_t	*ping_ports;	/* discovery's probes as -P asked */
	unsigned char	*ping_kinds;
	struct proxy	 px;		/* --proxy */
	struct scan_addr pxa;		/* ... its address */
	int		 track;		/* --up or -oG: results by host */
	struct scan_hosts hs;		/* the results by host, and the
					 * hosts up and down */
	struct scan_out	 so;		/* -oG -oX -oN -oA's files */
	int		 reason;	/* --reason */
	char		 cmdline[2048];	/* for the files' headers */
	int		 sort;
	int		 group;		/* a terminal: each host's ports
					 * together, once it is done */
	int		 verbose;
	int		 hostw;		/* table: host column width */
	int		 header_done;
	struct progress	 pg;		/* the progress line */
	struct scan_rate_now rnow;	/* its rate of late */
	int64_t		 t0;
	struct scan_keep kept;		/* --sort's results */
	int		 oom;
	int		 out_errno;	/* why stdout failed (STOP_OUTPUT) */
	struct ps_resume rs;
	/* -sV (portscan_sv.c): every result held till the ports are probed */
	int		 sv, sv_int, sv_light, sv_all;
	int		 sv_replay;	/* the held results going out */
	const char	*versiondb;	/* --versiondb: the probe file */
	struct svcdb	 svdb;		/* its probes, read before the scan */
	struct scan_keep svk;
	char		*svc[SCAN_SVC_PORTS];	/* service names (scan/svc.c) */
	char		*svcu[SCAN_SVC_PORTS];	/* the same for UDP */
};

extern const char ps_usage[];

/* portscan_opts.c */
int	ps_parse(int argc, char *argv[], struct opt_state *st, struct ps *ps,
	    struct net_opts *no);

/* portscan_ping.c */
int	ps_set_ping(void *dest, const struct opt_state *st);
int	ps_ping_settle(struct ps *ps);
const char *ps_ping_raw(const struct ps *ps);

/* portscan_targets.c */
int	ps_targets_file(struct scan_config *cfg, const char *path,
	    int exclude, const char *opt);
int	ps_targets(struct ps *ps, struct scan_config *cfg, int n, char **ops,
	    const struct net_opts *no);

/* portscan_out.c */
void	ps_host_addr(const struct ps *ps, size_t i, char *buf, size_t len,
	    const char **name);
void	ps_port_result(struct ps *ps, const struct scan_result *r);
int	ps_host_width(const struct ps *ps);
void	ps_ports_flush(struct ps *ps);
void	ps_ports_host(struct ps *ps, size_t a, int drop);
void	ps_summary(const struct ps *ps, const struct scan_stats *st,
	    double secs, int sig);

/* portscan_resume.c */
void	ps_resume_args(struct ps *ps, int argc, char *argv[]);
int	ps_resume_open(struct ps *ps, struct scan_config *cfg);
int	ps_resume_begin(struct ps *ps, struct scan_config *cfg);
int	ps_resume_result(struct ps *ps, const struct scan_result *r);
void	ps_resume_mark(struct ps *ps);
void	ps_resume_end(struct ps *ps, struct scan_stats *st, int sig);

/* portscan_sv.c */
int	ps_sv_hold(struct ps *ps, const struct scan_result *r);
void	ps_sv_run(struct ps *ps, struct scan_stats *st, int sig,
	    void (*show)(const struct scan_result *, void *));
int	ps_sv_port(struct ps *ps, struct scan_port *p, const char *rec,
	    size_t n);
char	*ps_sv_ver(struct ps *ps, const struct scan_result *r);

/* portscan_hosts.c */
void	ps_hstats_init(struct ps *ps, const struct scan_config *cfg);
void	ps_hstat_result(struct ps *ps, const struct scan_result *r);
void	ps_hstats_finish(struct ps *ps);
void	ps_hstats_free(struct ps *ps);
void	ps_files_begin(struct ps *ps);
int	ps_files_end(struct ps *ps, const struct scan_stats *st, double secs,
	    int sig);

#endif /* PORTSCAN_H */
