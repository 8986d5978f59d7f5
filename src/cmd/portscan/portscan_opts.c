/*
 * cmd/portscan/portscan_opts.c: portscan's options: the ps_usage text,
 * the option table (which --help and the completions read), and the
 * parsing into
 * struct ps and the engine's struct scan_config, then what the options
 * settle once all are read (the output format, the protocols, the
 * default ports).  Says what is wrong itself (msg.c).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <netdb.h>
#include <signal.h>
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
#include "parse/grepable.h"
#include "parse/hostmap.h"
#include "parse/opt.h"
#include "parse/portlist.h"
#include "parse/probe_bytes.h"
#include "parse/shard.h"
#include "parse/socks.h"
#include "parse/starttls.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "parse/topports.h"
#include "scan/scan.h"
#include "scan/targets.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/num.h"

const char ps_usage[] =
    "usage: sockt portscan [-46abnrtuv] [-g | -j] [-c conns] [-p ports | -F]"
    "\n"
    "                      [-oG file] [-oX file] [-oN file] [-oA base] "
    "[--reason]\n"
    "                      [-s addr] [-T level] [-w secs] [--udp-closed]\n"
    "                      [--probe string | http | tls]\n"
    "                      [--starttls proto | none]\n"
    "                      [--rate n] [--min-rate n] [--retries n] "
    "[--shard i/n]\n"
    "                      [--resume file] [-sV] [--version-intensity n]\n"
    "                      [--version-light | --version-all] "
    "[--versiondb file]\n"
    "                      [--host-timeout time] [--proxy url]\n"
    "                      [--sort] [--up] [-iL file] [--exclude list]\n"
    "                      [--excludefile file] [--exclude-ports ports]\n"
    "                      [--top-ports n] [--yes] [-Pn] [-P kind] [--open] "
    "[-sS]\n"
    "                      [target ...]\n";

/*
 * The options that bind no member of struct ps: -o, whose "-o G file"
 * takes the word after its argument (scan_out_oarg moves the parser on,
 * which a row's setter does not), and --open, which says what portscan
 * does anyway; and --probe tls, a value for the rules to name.  Every
 * other option is its row alone, named by its member: PS(f).
 */
enum {
	PS_O = CLI_O_OWN,	/* -o: -oGFILE, one word */
	PS_OPEN,		/* --open */
	PS_PROBE_TLS,		/* no option's: --probe tls (OPT_VALUE) */
	PS_PING			/* -PS22 -PE ...: ps->ping, its bits */
};
/* the struct the rows bind (cl.dest), and an option's id by its member */
#define P	struct ps
#define PS(f)	OPT_AT(P, f)

static int	set_og(void *, const struct opt_state *);
static int	set_ox(void *, const struct opt_state *);
static int	set_on(void *, const struct opt_state *);
static int	set_oa(void *, const struct opt_state *);
static int	set_ports(void *, const struct opt_state *);
static int	set_timing(void *, const struct opt_state *);
static int	set_probe(void *, const struct opt_state *);
static int	set_starttls(void *, const struct opt_state *);
static int	set_host_timeout(void *, const struct opt_state *);
static int	set_proxy(void *, const struct opt_state *);
static int	set_shard(void *, const struct opt_state *);
static int	set_input(void *, const struct opt_state *);
static int	set_exclude(void *, const struct opt_state *);
static int	set_excludefile(void *, const struct opt_state *);
static int	set_xports(void *, const struct opt_state *);

/*
 * In --help order.  Each row binds its option: a flag or a value into
 * its member of struct ps (or of its scan configuration, cfg), or an
 * argument through a setter that checks it.
 */
static const struct opt_def opts[] = {
	CLI_FAMILY_DOC,
	OPT_BOOL('a', NULL, P, all,
	    "  -a         list closed and filtered ports too\n"),
	OPT_BOOL('b', NULL, P, banner,
	    "  -b         show the banner an open port sends first\n"),
	OPT_INT('c', NULL, "conns", "connections", 1, 1000000, P, cfg.window,
	    "  -c conns   at most conns probes in flight\n"),
	OPT_BOOL('g', NULL, P, grep,
	    "  -g         grepable output: host port state service\n"),
	OPT_BOOL('j', NULL, P, json,
	    "  -j         JSON Lines, one object per port, then a summary\n"),
	OPT_DOC(CLI_O_NUMERIC,
	    "  -n         no name lookups: targets must be addresses\n"),
	/* one help line for three rows: a row is relocations in the binary */
	OPT_CALL(0, "-oG", "file", COMP_FILE, NULL, P, so.name[SO_G], set_og,
	    "  -oG file, -oX file, -oN file  also write nmap's grepable, XML "
	    "or normal\n"
	    "             output to file (- for stdout alone)\n"),
	OPT_CALL(0, "-oX", "file", COMP_FILE, NULL, P, so.name[SO_X], set_ox,
	    NULL),
	OPT_CALL(0, "-oN", "file", COMP_FILE, NULL, P, so.name[SO_N], set_on,
	    NULL),
	OPT_CALL(0, "-oA", "base", COMP_FILE, NULL, P, so.aname, set_oa,
	    "  -oA base   the three: base.gnmap, base.xml and base.nmap\n"),
	OPT_ARG_(PS_O, 'o', NULL, "arg", COMP_NONE, NULL),
	OPT_BOOL('F', NULL, P, fast, NULL),
	OPT_CALL('p', NULL, "ports", COMP_PORT, NULL, P, pl, set_ports,
	    "  -p ports   ports, ranges and services (22,80,8000-8100,http; - "
	    "for all);\n"
	    "             default: the 1000 most common, as nmap's (-u: "
	    "common UDP ones);\n"
	    "             -F: the 100 most common\n"),
	OPT_BOOL(0, "reason", P, reason,
	    "  --reason   why each port is in its state (syn-ack, "
	    "conn-refused ...)\n"),
	OPT_BOOL('r', NULL, P, cfg.random,
	    "  -r         probe in a random order\n"),
	CLI_SOURCE_DOC,
	OPT_CALL('T', NULL, "level", COMP_WORDS, SCAN_T_WORDS, P, cfg.timing,
	    set_timing,
	    "  -T level   timing, as nmap's -T0 .. -T5 (or paranoid ... "
	    "insane)\n"),
	OPT_BOOL('t', "tcp", P, tcp,
	    "  -t, --tcp, -sT  TCP connect scan: the default; with -u, "
	    "both\n"),
	OPT_BOOL('u', "udp", P, udp,
	    "  -u, --udp, -sU  UDP scan: open, closed, filtered or "
	    "open|filtered;\n"
	    "             ports are then written PORT/tcp and PORT/udp\n"),
	OPT_BOOL(0, "-sS", P, cfg.syn, "  -sS        SYN scan over raw sockets "
	    "(CAP_NET_RAW): no connection made;\n"
	    "             the default stays -sT, whoever runs it\n"),
	OPT_BOOL(0, "-sV", P, sv, "  -sV        service and version detection: "
	    "probe each open port and\n"
	    "             name what answers (SERVICE, VERSION), as nmap -sV\n"),
	OPT_INT(0, "version-intensity", "n", "intensity", 0, 9, P, sv_int,
	    "  --version-intensity n  -sV's probes: up to rarity n, 0-9 "
	    "(default 7);\n"
	    "             --version-light is 2, --version-all 9\n"),
	OPT_STRING(0, "versiondb", "file", COMP_FILE, P, versiondb,
	    "  --versiondb file  -sV's probes from file, not the installed "
	    "svcprobes.txt\n"),
	OPT_BOOL(0, "version-light", P, sv_light, NULL),
	OPT_BOOL(0, "version-all", P, sv_all, NULL),
	OPT_BOOL(0, "-Pn", P, pn, "  -Pn        as nmap's: no host "
	    "discovery (ping, 443, 80) before the ports\n"),
	OPT_CALL_ID(PS_PING, 'P', NULL, "kind", COMP_NONE, NULL, ps_set_ping,
	    "  -PS[ports], -PA[ports], -PU[ports], -PE, -PP  host discovery "
	    "by nmap's probes\n"
	    "             instead: SYN (to 80 unless ports), ACK (80), UDP "
	    "(40125),\n"
	    "             ICMP echo, ICMP timestamp (-PA -PP: raw sockets)\n"),
	OPT_FLAG_(PS_OPEN, 0, "open", "  --open     as nmap's: open ports only, "
	    "the default without -a\n"),
	OPT_BOOL(0, "udp-closed", P, cfg.udp_closed,
	    "  --udp-closed  with -u, probe silent ports again at the pace "
	    "the host sends\n"
	    "             ICMP errors, to tell closed from open|filtered "
	    "(slow)\n"),
	OPT_DOC(CLI_O_VERBOSE,
	    "  -v         say what names resolved to, the window, the "
	    "retries, each host's\n"
	    "             round trips and losses\n"),
	OPT_DOC(CLI_O_WAIT,
	    "  -w secs    wait this long for an answer (default: from each "
	    "host's round\n"
	    "             trips, 1 s before its first)\n"),
	OPT_CALL(0, "probe", "string", COMP_WORDS, "http tls", P, cfg.probe,
	    set_probe,
	    "  --probe string  send string (escapes \\r \\n \\t \\\\ "
	    "\\0 \\xHH) to each open\n"
	    "             port and show the reply (implies -b)\n"),
	OPT_DOC(PS(cfg.probe),
	    "  --probe http  send HEAD / HTTP/1.0: show the status line and "
	    "Server\n"),
	OPT_DOC(PS(cfg.probe),
	    "  --probe tls  a TLS handshake: the version, the cipher, the "
	    "certificate\n"),
	OPT_CALL(0, "starttls", "proto", COMP_WORDS, STLS_PROTO_WORDS " none",
	    P, cfg.starttls, set_starttls,
	    "  --starttls proto  with --probe tls: this dialogue first "
	    "(default: by port)\n"),
	OPT_INT(0, "rate", "n", "rate", 1, 10000000, P, rate,
	    "  --rate n, --max-rate n  at most n probes a second\n"),
	OPT_INT(0, "min-rate", "n", "rate", 1, 10000000, P, cfg.min_rate,
	    "  --min-rate n  at least n probes a second, past a host's "
	    "window\n"),
	OPT_INT(0, "retries", "n", "retries", 0, 100, P, cfg.retries,
	    "  --retries n, --max-retries n  send a probe that timed out "
	    "again at most n\n"
	    "             times (default: as the host's losses call for, "
	    "up to 10)\n"),
	OPT_CALL(0, "host-timeout", "time", COMP_NONE, NULL, P,
	    cfg.host_timeout_ms, set_host_timeout,
	    "  --host-timeout time  as nmap's: give up on a host time "
	    "(500ms, 5s, 2m, 1h)\n"
	    "             after its first probe, its ports unlisted\n"),
	OPT_CALL(0, "proxy", "url", COMP_WORDS, CLI_PROXY_WORDS, P, px,
	    set_proxy,
	    "  --proxy url, --proxies url  scan through a SOCKS or HTTP proxy "
	    "(-u: SOCKS5)\n"),
	OPT_CALL(0, "shard", "i/n", COMP_NONE, NULL, P, cfg.shard_i, set_shard,
	    "  --shard i/n  scan only the i-th of n interleaved slices "
	    "(default:\n"
	    "             $SOCKT_SHARD)\n"),
	OPT_STRING(0, "resume", "file", COMP_FILE, P, rs.file,
	    "  --resume file  -j to file, or -oX file, marked: the same "
	    "command again\n"
	    "             goes on from where a stop left it\n"),
	OPT_BOOL(0, "sort", P, sort,
	    "  --sort     print the results in order at the end\n"),
	OPT_BOOL(0, "up", P, up, "  --up       hosts, as nmap -sn: up if any "
	    "probe had an answer (default:\n             discovery's probes, "
	    "else -p's; -a lists those down too)\n"),
	OPT_CALL(0, "-iL", "file", COMP_FILE, NULL, P, cfg.targets.files,
	    set_input,
	    "  -iL file   targets from file (- for stdin), # comments\n"),
	OPT_CALL(0, "exclude", "list", COMP_NONE, NULL, P, cfg.targets.ex,
	    set_exclude,
	    "  --exclude list      leave out these addresses, blocks and "
	    "names\n"),
	OPT_CALL(0, "excludefile", "file", COMP_FILE, NULL, P,
	    cfg.targets.excluding, set_excludefile,
	    "  --excludefile file  the same, from a file\n"),
	OPT_CALL(0, "exclude-ports", "ports", COMP_PORT, NULL, P, xpl,
	    set_xports, "  --exclude-ports ports  leave out these ports\n"),
	OPT_NUMBER(0, "top-ports", "n", OPT_T_INT | OPT_T_RANGE, "--top-ports",
	    1, TOPPORTS_MAX, P, top,
	    "  --top-ports n  the n most common ports (1-1000) instead of "
	    "-p\n"),
	OPT_BOOL(0, "yes", P, yes,
	    "  --yes      scan even beyond 16777216 probes\n"),
	/* nmap's spellings (issue 49) */
	OPT_ALIAS(PS(tcp), 0, "-sT", 0), OPT_ALIAS(PS(udp), 0, "-sU", 0),
	OPT_ALIAS(PS(up), 0, "-sn", 0),
	OPT_ALIAS(PS(rate), 0, "max-rate", 1),
	OPT_ALIAS(PS(cfg.retries), 0, "max-retries", 1),
	OPT_ALIAS(PS(px), 0, "proxies", 1),
	OPT_VALUE(PS_PROBE_TLS, "probe", "tls"),
	OPT_END
};

static const struct opt_rule rules[] = {
	{ OPT_EXCLUDES, { PS(grep) }, { PS(json) }, NULL },
	{ OPT_EXCLUDES, { PS(rs.file) }, { PS(sort), PS(up) }, NULL },
	{ OPT_EXCLUDES, { PS(pl) }, { PS(top), PS(fast) }, NULL },
	{ OPT_EXCLUDES, { PS(fast) }, { PS(top) }, NULL },
	{ OPT_EXCLUDES, { PS(up) }, { PS(banner), PS(cfg.probe), PS(pn) },
	    NULL },
	{ OPT_EXCLUDES, { PS_OPEN }, { PS(all) }, NULL },
	{ OPT_EXCLUDES, { PS(pn) }, { PS_PING }, NULL },
	{ OPT_NEEDS, { PS(cfg.udp_closed) }, { PS(udp) }, NULL },
	{ OPT_EXCLUDES, { PS(cfg.syn) }, { PS(tcp), PS(banner),
	    PS(cfg.probe) }, NULL },
	{ OPT_NEEDS, { PS(cfg.starttls) }, { PS_PROBE_TLS }, NULL },
	{ OPT_EXCLUDES, { PS(px) }, { PS(cfg.syn), PS(cfg.udp_closed) }, NULL },
	{ OPT_EXCLUDES, { PS_PROBE_TLS }, { PS(udp) }, "--probe tls is for TCP "
	    "ports: it excludes -u" },
	{ OPT_NEEDS, { PS(sv_int), PS(sv_light), PS(sv_all), PS(versiondb) },
	    { PS(sv) },
	    NULL },
	{ OPT_EXCLUDES, { PS(sv_light) }, { PS(sv_all), PS(sv_int) }, NULL },
	{ OPT_EXCLUDES, { PS(sv_all) }, { PS(sv_int) }, NULL },
	{ OPT_EXCLUDES, { PS(sv) }, { PS(up), PS(banner), PS(cfg.probe) },
	    NULL },
	OPT_RULES_END
};

const struct cli_spec portscan_spec = {
	ps_usage, opts, CLI_FAMILY | CLI_NUMERIC | CLI_SOURCE | CLI_WAIT |
	    CLI_VERBOSE, rules, NULL
};

/*
 * The setters the rows bind (cli.h): each option applied to struct ps
 * dest, its argument checked first.  Each returns 0, or -1 after a usage
 * error's message (CLI_FAIL after another's).
 */

/* -oG FILE, -oG=FILE (nmap's spelling), -oX, -oN, -oA */
static int
set_ofile(void *dest, int fmt, const char *arg)
{
	char err[SK_ERRLEN];

	if (scan_out_file(&((P *)dest)->so, fmt, arg, err) == -1)
		return msg_usage(ps_usage, "%s", err);
	return 0;
}

static int
set_og(void *dest, const struct opt_state *st)
{
	return set_ofile(dest, 'G', st->arg);
}

static int
set_ox(void *dest, const struct opt_state *st)
{
	return set_ofile(dest, 'X', st->arg);
}

static int
set_on(void *dest, const struct opt_state *st)
{
	return set_ofile(dest, 'N', st->arg);
}

static int
set_oa(void *dest, const struct opt_state *st)
{
	return set_ofile(dest, 'A', st->arg);
}

static int
set_ports(void *dest, const struct opt_state *st)
{
	P *ps = dest;
	char err[SK_ERRLEN];
	int rc;

	/* nmap's U:53,T:80 too: ps->upl holds UDP's */
	if ((rc = portlist_parse_protos(ps->pl, ps->upl, st->arg,
	    scan_svc_port, NULL, err)) == -1)
		return msg_usage(ps_usage, "%s", err);
	ps->pnamed |= rc;
	return 0;
}

static int
set_timing(void *dest, const struct opt_state *st)
{
	if (scan_timing_level(scan_timing_word(st->arg),
	    &((P *)dest)->cfg.timing) == -1)
		return msg_usage(ps_usage, "-T %s: not one of %s", st->arg,
		    SCAN_T_WORDS);
	return 0;
}

static int
set_probe(void *dest, const struct opt_state *st)
{
	P *ps = dest;
	struct scan_config *cfg = &ps->cfg;
	char err[SK_ERRLEN];

	/* a probe is sent to read what it brings back: -b */
	ps->banner = 1;
	/* the last --probe wins */
	cfg->probe_http = strcmp(st->arg, "http") == 0;
	ps->probe_tls = strcmp(st->arg, "tls") == 0;
	if (cfg->probe_http || ps->probe_tls)
		return 0;
	if (probe_unescape(st->arg, cfg->probe, sizeof(cfg->probe),
	    &cfg->probe_len, err) == -1)
		return msg_usage(ps_usage, "%s", err);
	return 0;
}

static int
set_starttls(void *dest, const struct opt_state *st)
{
	int *p = &((P *)dest)->cfg.starttls;

	/* the table's words: the reader checked them */
	*p = strcmp(st->arg, "none") == 0 ? SCAN_STLS_NONE :
	    starttls_proto(st->arg) + 1;
	if (*p == 0)
		return msg_usage(ps_usage, "--starttls %s: not one of %s none",
		    st->arg, STLS_PROTO_WORDS);
	return 0;
}

static int
set_host_timeout(void *dest, const struct opt_state *st)
{
	const char *es;

	if (parse_time_unit(st->arg, &((P *)dest)->cfg.host_timeout_ms,
	    &es) == -1)
		return msg_usage(ps_usage, "--host-timeout %s: %s", st->arg,
		    es);
	return 0;
}

static int
set_proxy(void *dest, const struct opt_state *st)
{
	P *ps = dest;
	char err[SK_ERRLEN];

	if (proxy_parse_clear(st->arg, &ps->px, err) == -1)
		return msg_usage(ps_usage, "%s", err);
	ps->cfg.proxy = &ps->px;
	return 0;
}

static int
set_shard(void *dest, const struct opt_state *st)
{
	struct scan_config *cfg = &((P *)dest)->cfg;
	char err[SK_ERRLEN];

	if (shard_parse(st->arg, &cfg->shard_i, &cfg->shard_n, err) == -1)
		return msg_usage(ps_usage, "%s", err);
	return 0;
}

/* -iL, --excludefile: what reading the file met, said, as a status */
static int
set_file(void *dest, const char *arg, int exclude, const char *opt)
{
	switch (ps_targets_file(&((P *)dest)->cfg, arg, exclude, opt)) {
	case CMD_GO_ON:
		return 0;
	case EXIT_USAGE:
		return -1;
	default:
		return CLI_FAIL;
	}
}

static int
set_input(void *dest, const struct opt_state *st)
{
	return set_file(dest, st->arg, 0, "-iL");
}

static int
set_excludefile(void *dest, const struct opt_state *st)
{
	return set_file(dest, st->arg, 1, "--excludefile");
}

static int
set_exclude(void *dest, const struct opt_state *st)
{
	struct scan_targets *tg = &((P *)dest)->cfg.targets;
	char err[SK_ERRLEN];

	if (exclude_add_list(&tg->ex, st->arg, err) == -1)
		return msg_usage(ps_usage, "%s", err);
	tg->excluding = 1;
	return 0;
}

static int
set_xports(void *dest, const struct opt_state *st)
{
	char err[SK_ERRLEN];

	if (portlist_parse(((P *)dest)->xpl, st->arg, scan_svc_port, NULL,
	    err) == -1)
		return msg_usage(ps_usage, "exclude-ports: %s", err);
	return 0;
}

/*
 * What the options settle once all are read: the shard from the
 * environment, the output format, the protocols, the default ports.
 * Returns CMD_GO_ON to go on, else the exit status.
 */
static int
ps_settle(const struct opt_state *st, int verbose, struct ps *ps)
{
	struct scan_config *cfg = &ps->cfg;
	struct portlist *pl = ps->pl;
	const char *env;
	char err[SK_ERRLEN];
	size_t i;
	int rc;

	/* a job template stays the same for every index: SOCKT_SHARD */
	if (!opt_seen(st, PS(cfg.shard_i)) &&
	    (env = getenv("SOCKT_SHARD")) != NULL && env[0] != '\0' &&
	    shard_parse(env, &cfg->shard_i, &cfg->shard_n, err) == -1)
		return cmd_usage(ps_usage, "SOCKT_SHARD: %s", err);
	cfg->banner = ps->banner;
	if (ps->probe_tls) {
		/* a handshake instead of a banner, the target's name its SNI */
		cfg->tls = 1;
		cfg->probe_len = 0;
		cfg->probe_http = 0;
	} else if (cfg->probe_http)
		/* the head of an HTTP reply ends with an empty line */
		cfg->banner_end = "\r\n\r\n";
	ps->out = ps->grep ? OUT_GREP : ps->json ? OUT_JSON : OUT_TABLE;
	/* -T's window and pace, unless -c and --rate say otherwise */
	if (!opt_seen(st, PS(cfg.window)))
		cfg->window = cfg->proxy != NULL ? SCAN_PROXY_WINDOW :
		    cfg->timing.window;
	cfg->rate = ps->rate > 0 ? (double)ps->rate : cfg->timing.rate;
	if (cfg->min_rate > 0 && cfg->rate > 0 && cfg->min_rate > cfg->rate)
		return cmd_usage(ps_usage, "--min-rate %d is above the cap of "
		    "%.3g probes a second (--rate, -T)", cfg->min_rate,
		    cfg->rate);
	if (scan_out_stdout(&ps->so) == -2)
		return cmd_usage(ps_usage, "one file only may be - (standard "
		    "output): -oG -, -oX - or -oN -");
	if ((i = (size_t)scan_out_stdout(&ps->so)) != (size_t)-1) {
		/* as nmap's -oG -: the file's lines alone on stdout */
		if (ps->out != OUT_TABLE)
			return cmd_usage(ps_usage, "-o%c - and -%c exclude each "
			    "other", "GXN"[i], ps->out == OUT_GREP ? 'g' : 'j');
		ps->out = OUT_NONE;
	}
	if (ps->fast)
		ps->top = 100;
	ps->verbose = verbose;
	/* -u alone is UDP only; -t with it both, TCP first (nmap -sT -sU) */
	ps->so.type = cfg->syn ? "syn" : NULL;
	if (!ps->udp || ps->tcp || cfg->syn)
		ps->protos[ps->nprotos++] = SCAN_TCP;
	if (ps->udp)
		ps->protos[ps->nprotos++] = SCAN_UDP;
	/* -u through the proxy; -p U:53,T:80: the protocols' ports, as nmap */
	if ((ps->udp && scan_udp_proxy_ok(cfg, err) == -1) ||
	    (ps->pnamed != 0 && portlist_pick(pl, ps->upl, ps->nprotos == 2 ?
	    3 : ps->udp ? 2 : 1, err) == -1))
		return cmd_usage(ps_usage, "%s", err);
	if (st->argc == 0 && !opt_seen(st, PS(cfg.targets.files)))
		return cmd_usage(ps_usage, "missing target");
	/* --top-ports N: the N most common ports of each protocol */
	for (i = 0; ps->top > 0 && i < ps->nprotos; i++)
		(void)topports_put(pl, ps->protos[i] == SCAN_UDP, ps->top);
	/*
	 * Without -p or --top-ports: the common ports of each protocol
	 * scanned, or for --up those nmap's unprivileged host discovery asks.
	 */
	if (ps->up && ps->top == 0 && !opt_seen(st, PS(pl)) && !ps->udp)
		ps->up = 2;	/* --up alone: discovery's probes (its page) */
	if ((rc = ps_ping_settle(ps)) != CMD_GO_ON)
		return rc;
	if (ps->top == 0 && !opt_seen(st, PS(pl)) && (ps->up ?
	    portlist_parse(pl, "80,443", NULL, NULL, err) == -1 :
	    ((ps->protos[0] == SCAN_TCP && topports_put(pl, 0,
	    TOPPORTS_MAX) == -1) || (ps->udp &&
	    portlist_parse(pl, portlist_default_udp, NULL, NULL, err) == -1))))
		return cmd_usage(ps_usage, "%s", err);
	return CMD_GO_ON;
}

/*
 * The options into ps (each by its row) and no, then what they settle:
 * the output format, the default ports.  Returns CMD_GO_ON to go on,
 * else the exit status; the targets are then st->argv[0 .. st->argc - 1].
 */
int
ps_parse(int argc, char *argv[], struct opt_state *st, struct ps *ps,
    struct net_opts *no)
{
	struct cli cl;
	char err[SK_ERRLEN];
	int c;

	cli_init(&cl, &portscan_spec, st, argc, argv);
	st->foreign = cli_nmap_foreign;
	cl.dest = ps;
	cl.no = no;
	cl.wait_ms = &ps->cfg.timeout_ms;
	/* every option of its own is bound in its row but -o (and --open) */
	while ((c = cli_next(&cl, st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : c == CLI_FAIL ?
			    EXIT_FAIL : EXIT_USAGE;
		if (c == PS_O && scan_out_oarg(&ps->so, st, err) == -1)
			return cmd_usage(ps_usage, "%s", err);
	}
	return ps_settle(st, cl.verbose, ps);
}
