/*
 * cmd/portscan/portscan.c: sockt portscan, a TCP connect and UDP scanner.
 *
 * Parses targets and ports (target.c, portlist.c), resolves host names,
 * runs the engine (scan/run.c) and prints what it finds as a table, grepable
 * lines (-g) or JSON Lines (-j), streaming unless --sort is given.
 * SIGINT or SIGTERM stops the scan cleanly: whole lines, what was found,
 * a summary that says so, and exit 128 + the signal's number.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/progress.h"
#include "cmd/cmd.h"
#include "cmd/portscan/portscan.h"
#include "net/net.h"
#include "net/rawsock.h"
#include "parse/grepable.h"
#include "parse/hostmap.h"
#include "parse/opt.h"
#include "parse/portlist.h"
#include "parse/probe_bytes.h"
#include "parse/shard.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "parse/topports.h"
#include "scan/report.h"
#include "scan/scan.h"
#include "scan/svc.h"
#include "scan/vscan.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/sig.h"

/*
 * Why the scan should stop: the number of the signal caught, or
 * STOP_OUTPUT when standard output cannot be written any more (a reader
 * that went away): the rest of the scan could not be shown.
 */
#define STOP_OUTPUT	(-1)
static volatile sig_atomic_t ps_stop;

static void
on_progress(const struct scan_stats *st, void *arg)
{
	struct ps *ps = arg;
	char line[256];
	size_t n;

	/* stdout gone (a reader that quit): nobody would see the rest */
	if (fflush(stdout) == EOF && ps_stop == 0) {
		ps->out_errno = errno;
		ps_stop = STOP_OUTPUT;
	}
	ps_resume_mark(ps);
	/* scan_run calls every TICK_MS: the pace is already right */
	if (st->total == 0 || !progress_due(&ps->pg, 0))
		return;
	/* the ETA at the rate of late: a scan may slow down near its end */
	if ((n = scan_progress_line(line, sizeof(line), st,
	    (double)(mono_ms() - ps->t0) / 1000.0, scan_rate_now(&ps->rnow,
	    st->done, mono_ms()))) > 0)
		progress_draw(&ps->pg, line, n);
}

/*
 * A scan of naddr addresses (this shard's share of it) asks for --yes
 * beyond SCAN_MAX_PROBES probes, and says how many and how long they
 * would take (scan/report.c).  cap, when the scan is beyond what sockt
 * can scan at all, replaces the advice to add --yes.  Returns
 * CMD_GO_ON to go on, else EXIT_USAGE (said).
 */
static int
ps_size_check(const struct ps *ps, const struct scan_config *cfg,
    double naddr, size_t nports, const char *cap)
{
	char size[512];

	if (scan_size_text(cfg, naddr, nports, size, sizeof(size)) <=
	    (double)SCAN_MAX_PROBES || (ps->yes && cap == NULL))
		return CMD_GO_ON;
	msg_warnx("%s; %s", size, cap != NULL ? cap : "add --yes to scan "
	    "anyway");
	return EXIT_USAGE;
}

/*
 * The hosts to scan, as the engine assembled them (ps_targets), within
 * the size limits.  Returns CMD_GO_ON to go on, else the exit status
 * (said).
 */
static int
ps_hosts_check(struct ps *ps, const struct scan_config *cfg)
{
	const struct addrset *set = &cfg->targets.set;
	int rc;

	if ((rc = ps_size_check(ps, cfg, set->size, ps->nports,
	    set->size > MAX_ADDRS ? "at most 4294967296 addresses in one scan" :
	    NULL)) != CMD_GO_ON)
		return rc;
	if (set->size > MAX_ADDRS || set->count > SIZE_MAX) {
		msg_warnx("too many addresses: %.0f, at most %.0f in one scan",
		    set->size, MAX_ADDRS);
		return EXIT_USAGE;
	}
	ps->naddrs = (size_t)set->count;
	if (ps->naddrs == 0 && set->excluded > 0) {
		msg_warnx("nothing to scan: every address is excluded");
		return EXIT_FAIL;
	}
	if (ps->naddrs == 0)
		return EXIT_FAIL;
	return CMD_GO_ON;
}

/* -v: how a host's probes timed out, at the scan's end. */
static void
on_host(const struct scan_host_report *r, void *arg)
{
	struct ps *ps = arg;
	char lines[SCAN_TIMING_LINES][SCAN_TIMING_LEN], host[SK_HOSTLEN];
	const char *name;
	int i, n = scan_timing_text(r, ps->cfg.timeout_ms, lines);

	if (r->addr == UINT64_MAX)
		snprintf(host, sizeof(host), "%llu more hosts",
		    (unsigned long long)r->hosts);
	else
		ps_host_addr(ps, (size_t)scan_target_index(&ps->cfg, r->addr),
		    host, sizeof(host), &name);
	for (i = 0; i < n; i++)
		msg_warnx("%s: %s", host, lines[i]);
}

/* The engine's result: counted by host for --up and -oG, shown as a port. */
static void
on_result(const struct scan_result *r, void *arg)
{
	struct ps *ps = arg;

	/* -sV: each held till the open ports are probed (portscan_sv.c) */
	if (ps_sv_hold(ps, r))
		return;
	/* the port first: on a terminal it waits for its host's end */
	if (ps_resume_result(ps, r) == 1 && r->state != SCAN_SKIPPED)
		ps_port_result(ps, r);
	/* --resume -oX counts them in the scan's order (portscan_resume.c) */
	if (ps->track && !ps->rs.xml)
		ps_hstat_result(ps, r);
}

/* After the scan: what --sort held back, the hosts not shown yet. */
static void
results_flush(struct ps *ps)
{
	/* the hosts first: one timed out drops its ports --sort held */
	if (ps->track)
		ps_hstats_finish(ps);
	ps_ports_flush(ps);
	if (ps->oom)
		msg_warnx("out of memory: some results not shown");
}

/*
 * Host discovery (scan/discover.c) before the ports of several hosts,
 * unless -Pn or --up (discovery alone): the ports scanned then are the
 * hosts up's.  A shard finds them all, as the whole scan would, and
 * scans its slice of their ports.  Returns CMD_GO_ON, or the exit
 * status.
 */
static int
ps_discover(struct ps *ps, struct scan_config *cfg)
{
	struct scan_stats st;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	const char *name, *how;
	int64_t t0 = mono_ms();
	size_t i, j = 0;
	int list;

	if (ps->naddrs < 2 || ps->pn || ps->up)
		return CMD_GO_ON;
	if (scan_discover(cfg, &st, &how, err) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (ps->verbose)
		msg_warnx("host discovery: %s", how);
	ps->hs.found_up = 1;
	/* -a lists the hosts down, -v a few (a /8's would be millions) */
	list = ps->all || (ps->verbose && ps->naddrs - cfg->naddrs <= 1024);
	for (i = 0; list && i < ps->naddrs; i++) {
		if (j < cfg->naddrs && cfg->targets.up[j] == i) {
			j++;
			continue;
		}
		ps_host_addr(ps, i, host, sizeof(host), &name);
		msg_warnx("%s: down", host);
	}
	msg_warnx("%zu host%s up, %zu down and not scanned (-Pn scans "
	    "them) in %.2f s", cfg->naddrs, cfg->naddrs == 1 ? "" : "s",
	    ps->naddrs - cfg->naddrs, (double)(mono_ms() - t0) / 1000.0);
	return CMD_GO_ON;
}

/* -v: what the scan is about to do, and the rates that bound it. */
static void
ps_say_start(const struct ps *ps, const struct scan_config *cfg)
{
	if (ps->how != NULL)
		msg_warnx("host discovery of %zu host%s: %s", ps->naddrs,
		    ps->naddrs == 1 ? "" : "s", ps->how);
	else
		msg_warnx("scanning %zu %s port%s on %zu host%s%s",
		    ps->nports, ps->nprotos == 2 ? "TCP and UDP" : ps->udp ?
		    "UDP" : "TCP", ps->nports == 1 ? "" : "s", ps->naddrs,
		    ps->naddrs == 1 ? "" : "s", ps->udp && cfg->proxy ? ", UDP "
		    "with no ICMP through the proxy: never closed" : "");
	if (cfg->rate > 0)
		msg_warnx("at most %.3g probes a second", cfg->rate);
	if (cfg->min_rate > 0)
		msg_warnx("at least %d probes a second", cfg->min_rate);
}

/* -v, once the scan ended: its window, its workers and its rate */
static void
ps_say_end(const struct scan_stats *st)
{
	/* no window: a stateless sweep (%.0d prints 0 as nothing) */
	msg_warnx("%s%.0d, %d worker%s, %llu probe%s retried",
	    st->window > 0 ? "window " : "a stateless sweep", st->window,
	    st->workers, st->workers == 1 ? "" : "s",
	    (unsigned long long)st->retried, st->retried == 1 ? "" : "s");
	if (st->cuts > 0)
		msg_warnx("rate: %.0f probes a second at the end, cut %u "
		    "time%s; %llu tries lost, %llu answered", st->rate_end,
		    st->cuts, st->cuts == 1 ? "" : "s",
		    (unsigned long long)st->lost,
		    (unsigned long long)st->answered);
}

static int
portscan(struct ps *ps, struct scan_config *cfg, const char *src)
{
	struct scan_stats st;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	const struct as_range *r;
	const char *name;
	size_t i;
	int rc, sig;
	double secs;

	if ((rc = ps_hosts_check(ps, cfg)) != CMD_GO_ON)
		return rc;
	for (i = 0; i < cfg->targets.set.n; i++) {
		r = &cfg->targets.set.r[i];
		if (src == NULL || (r->family == AF_INET ? cfg->src4 :
		    cfg->src6) != NULL)
			continue;
		ps_host_addr(ps, (size_t)r->base, host, sizeof(host), &name);
		msg_warnx("source %s: no %s address to scan %s from", src,
		    r->family == AF_INET ? "IPv4" : "IPv6", host);
		return EXIT_FAIL;
	}
	ps->hostw = ps_host_width(ps);

	cfg->naddrs = ps->naddrs;
	cfg->ports = ps->ports;
	cfg->nports = ps->nports;
	cfg->protos = ps->protos;
	cfg->nprotos = ps->nprotos;
	if (ps->up == 2)
		ps->how = scan_discover_set(cfg);
	/*
	 * A terminal, whatever the format: a person reads it, each host's
	 * ports together in port order as nmap prints them; a pipe or a
	 * file streams, for a program that reads them as they come
	 * (sockt-portscan.1)
	 */
	ps->group = ps->out != OUT_NONE && !ps->sort && !ps->up &&
	    isatty(STDOUT_FILENO);
	if (ps->up || ps->group || scan_out_any(&ps->so) ||
	    cfg->host_timeout_ms > 0)
		ps_hstats_init(ps, cfg);
	/* a host is up when it refused too: --up and -oG count every port */
	cfg->report_closed = ps->all || ps->track || ps->rs.on;
	cfg->progress_ms = TICK_MS;
	cfg->on_result = on_result;
	cfg->on_progress = on_progress;
	cfg->on_host = ps->verbose ? on_host : NULL;
	cfg->arg = ps;
	cfg->stop = &ps_stop;
	if (ps->verbose)
		ps_say_start(ps, cfg);
	ps_files_begin(ps);
	ps->t0 = mono_ms();
	ps_stop = 0;
	/* SIGINT, SIGTERM: the scan stops cleanly (util/sig.c) */
	sig_stop_catch(&ps_stop);
	if ((rc = ps_discover(ps, cfg)) != CMD_GO_ON ||
	    (rc = ps_resume_begin(ps, cfg)) != CMD_GO_ON)
		return rc;
	memset(&st, 0, sizeof(st));
	rc = cfg->naddrs > 0 ? scan_run(cfg, &st, err) : 0;
	progress_clear(&ps->pg);
	if (ps->sv)	/* -sV is the scan's: a stop in it is one too */
		ps_sv_run(ps, &st, ps_stop, on_result);
	/* a later signal finds the summary on its way: let it finish */
	sig = ps_stop;
	secs = (double)(mono_ms() - ps->t0) / 1000.0;
	/* a resumed scan's counts: its file's too; its last mark before
	 * the hosts a stop shows unfinished */
	ps_resume_end(ps, &st, sig);
	results_flush(ps);
	if (rc == -1) {
		fflush(stdout);
		msg_warnx("%s", err);
		(void)ps_files_end(ps, &st, secs, sig);
		return EXIT_FAIL;
	}
	if (ps->verbose)
		ps_say_end(&st);
	if (sig == STOP_OUTPUT) {
		/*
		 * The summary could not be shown either.  sockt.c reports
		 * the error, but not a reader that went away (EPIPE) if it
		 * sees that errno: its "write error" would hide it.
		 */
		if (ps->out_errno == EPIPE)
			clearerr(stdout);
		(void)ps_files_end(ps, &st, secs, sig);
		return EXIT_FAIL;
	}
	ps_summary(ps, &st, secs, sig);
	if ((rc = ps_files_end(ps, &st, secs, sig)) != CMD_GO_ON)
		return rc;
	if (sig > 0)
		return 128 + sig;
	if (ps->up)
		return ps->hs.nup > 0 ? EXIT_OK : EXIT_FAIL;
	return st.open > 0 ? EXIT_OK : EXIT_FAIL;
}

/*
 * What the scan needs beyond the command line: the TLS library of
 * --probe tls, the source addresses of -s, the window the open file
 * limit allows, the seed of -r, the ports expanded.  Returns CMD_GO_ON
 * to go on, else the status.
 */
static int
ps_prepare(struct ps *ps, struct scan_config *cfg, const struct net_opts *no,
    struct portlist *pl, struct scan_addr src[2])
{
	struct timespec ts;
	struct rawsock rs;
	char err[SK_ERRLEN];
	const char *ping;
	int clamped, raw, rc, has4 = 0, has6 = 0;

	/* -sS, -PA: one line that names what is missing, before any probe */
	raw = cfg->syn || (cfg->ping_n > 0 && scan_discover_raw(cfg));
	if (raw && raw_open(&rs, 1, 0, 0) == -1) {
		ping = cfg->syn ? "" : ps_ping_raw(ps);
		msg_warnx("%s: raw socket: %s%s%s", cfg->syn ? "-sS" : ping,
		    strerror(errno), errno == EPERM ? ": it needs CAP_NET_RAW "
		    "(root, or setcap cap_net_raw+ep on sockt)" : "",
		    strcmp(ping, "-PE") == 0 ? ", or an ICMP datagram socket "
		    "(net.ipv4.ping_group_range)" : "");
		return EXIT_FAIL;
	}
	if (raw)
		raw_close(&rs);
	/* once, before a worker forks, and before anything is scanned: the
	 * TLS library, -sV's probe file (not missed after an hour's scan) */
	if ((ps->probe_tls && tls_load(err) == -1) || (ps->sv &&
	    vscan_db_open(&ps->svdb, ps->versiondb, err) == -1)) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (no->src_addr != NULL) {
		if (scan_source_resolve(no->src_addr, no, &src[0], &src[1], &has4,
		    &has6, err) == -1) {
			msg_warnx("source %s", err);
			return EXIT_FAIL;
		}
		cfg->src4 = has4 ? &src[0] : NULL;
		cfg->src6 = has6 ? &src[1] : NULL;
	}
	if (cfg->proxy != NULL && scan_proxy_addr(cfg->proxy, &ps->pxa,
	    err) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	cfg->proxy_addr = &ps->pxa;
	cfg->window = scan_window(cfg->window, cfg->syn && !ps->udp, &clamped);
	if (clamped && ps->verbose)
		msg_warnx("window lowered to %d by the open file limit",
		    cfg->window);
	cfg->banner_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms :
	    DEFAULT_TIMEOUT_MS;
	if (clock_gettime(CLOCK_REALTIME, &ts) == -1) {
		/* only the seed of -r wants it: any varying value will do */
		ts.tv_sec = time(NULL);
		ts.tv_nsec = 0;
	}
	scan_seed(cfg, ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
	    ((uint64_t)getpid() << 16));
	if ((ps->xports = portlist_remove(pl, ps->xpl)) > 0 && pl->count == 0)
		return cmd_usage(ps_usage, "nothing to scan: every port is "
		    "excluded");
	/* before the files: --resume's -oX file is read, not begun */
	if ((rc = ps_resume_open(ps, cfg)) != CMD_GO_ON)
		return rc;
	if (scan_out_open(&ps->so) == -1)
		return EXIT_FAIL;
	ps->nports = pl->count;
	if ((ps->ports = calloc(ps->nports, sizeof(*ps->ports))) == NULL) {
		msg_warn("ports");
		return EXIT_FAIL;
	}
	portlist_expand(pl, ps->ports);
	return CMD_GO_ON;
}

int
cmd_portscan(int argc, char *argv[])
{
	static struct ps ps;
	static struct portlist pl, xpl, upl, ppl[3];
	struct opt_state st;
	struct scan_config *cfg = &ps.cfg;
	struct net_opts no;
	struct scan_addr src[2];
	int rc;

	/* not svc's zeroed 1 MiB, a fault a page (scan/svc.h) */
	memset(&ps, 0, offsetof(struct ps, svc));
	/* for the files' headers, before parsing moves the arguments */
	gr_cmdline(ps.cmdline, sizeof(ps.cmdline), "sockt", argc, argv);
	ps_resume_args(&ps, argc, argv);
	portlist_init(&pl);
	portlist_init(&xpl);
	portlist_init(&upl);
	portlist_init(&ppl[0]);
	portlist_init(&ppl[1]);
	portlist_init(&ppl[2]);
	ps.pl = &pl;
	ps.xpl = &xpl;
	ps.upl = &upl;
	ps.ppl = ppl;
	net_opts_init(&no);
	/* the time limits and retries from each host's answers, unless
	 * -w and --retries fix them (scan/timing.h) */
	cfg->retries = -1;
	(void)scan_timing_level(SCAN_T_DEFAULT, &cfg->timing);
	cfg->shard_n = 1;
	ps.sv_int = 7;		/* -sV's --version-intensity, as nmap's */
	if ((rc = ps_parse(argc, argv, &st, &ps, &no)) != CMD_GO_ON ||
	    (rc = ps_targets(&ps, cfg, st.argc, st.argv, &no)) != CMD_GO_ON) {
		scan_targets_free(&cfg->targets);
		return rc;
	}
	if ((rc = ps_prepare(&ps, cfg, &no, &pl, src)) == CMD_GO_ON) {
		progress_init(&ps.pg, progress_tty(), 0);
		scan_svc_load(ps.svc, ps.svcu);
		rc = portscan(&ps, cfg, no.src_addr);
	}
	scan_targets_free(&cfg->targets);
	scan_out_free(&ps.so);
	if (ps.track)
		ps_hstats_free(&ps);
	free(ps.ports);
	free(ps.ping_ports);
	free(ps.ping_kinds);
	return rc;
}
