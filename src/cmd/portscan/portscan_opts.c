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
    "                      [--host-timeout time] [--proxy url]\n"
    "                      [--sort] [--up] [-iL file] [--exclude list]\n"
    "                      [--excludefile file] [--exclude-ports ports]\n"
    "                      [--top-ports n] [--yes] [-Pn] [--open] [-sS]\n"
    "                      [target ...]\n";

enum {
	PS_ALL = CLI_O_OWN,	/* -a */
	PS_BANNER,		/* -b */
	PS_GREP,		/* -g */
	PS_JSON,		/* -j */
	PS_RANDOM,		/* -r */
	PS_TCP,			/* -t, --tcp */
	PS_UDP,			/* -u, --udp */
	PS_CONNS,		/* -c conns */
	PS_O,			/* -o: -oGFILE, one word */
	PS_PORTS,		/* -p ports */
	PS_INPUT_LIST,		/* -iL file */
	PS_OG,			/* -oG file: SO_G ... in order */
	PS_OX,			/* -oX file */
	PS_ON,			/* -oN file */
	PS_OA,			/* -oA base */
	PS_FAST,		/* -F */
	PS_REASON,		/* --reason */
	PS_EXCLUDE,		/* --exclude list */
	PS_EXCLUDE_PORTS,	/* --exclude-ports ports */
	PS_EXCLUDEFILE,		/* --excludefile file */
	PS_PROBE,		/* --probe string|http */
	PS_RATE,		/* --rate n */
	PS_MIN_RATE,		/* --min-rate n */
	PS_RETRIES,		/* --retries n */
	PS_HOST_TIMEOUT,	/* --host-timeout time */
	PS_SHARD,		/* --shard i/n */
	PS_SORT,		/* --sort */
	PS_TOP_PORTS,		/* --top-ports n */
	PS_YES,			/* --yes */
	PS_UP,			/* --up */
	PS_STARTTLS,		/* --starttls proto|none */
	PS_PN,			/* -Pn */
	PS_OPEN,		/* --open */
	PS_TIMING,		/* -T level */
	PS_UDP_CLOSED,		/* --udp-closed */
	PS_SYN,			/* -sS */
	PS_PROXY,		/* --proxy url, --proxies */
	PS_PROBE_TLS		/* no option's: --probe tls (OPT_VALUE) */
};

/* -a -b -g -j -r -t -u --sort --up --yes are flags: opt_seen reads them */
static const struct opt_def opts[] = {
	CLI_FAMILY_DOC,
	OPT_FLAG_(PS_ALL, 'a', NULL,
	    "  -a         list closed and filtered ports too\n"),
	OPT_FLAG_(PS_BANNER, 'b', NULL,
	    "  -b         show the banner an open port sends first\n"),
	OPT_INT_(PS_CONNS, 'c', NULL, "conns", "connections", 1, 1000000,
	    "  -c conns   at most conns probes in flight\n"),
	OPT_FLAG_(PS_GREP, 'g', NULL,
	    "  -g         grepable output: host port state service\n"),
	OPT_FLAG_(PS_JSON, 'j', NULL,
	    "  -j         JSON Lines, one object per port, then a summary\n"),
	OPT_DOC(CLI_O_NUMERIC,
	    "  -n         no name lookups: targets must be addresses\n"),
	/* one help line for three rows: a row is relocations in the binary */
	OPT_ARG_(PS_OG, 0, "-oG", "file", COMP_FILE,
	    "  -oG file, -oX file, -oN file  also write nmap's grepable, XML "
	    "or normal\n"
	    "             output to file (- for stdout alone)\n"),
	OPT_ARG_(PS_OX, 0, "-oX", "file", COMP_FILE, NULL),
	OPT_ARG_(PS_ON, 0, "-oN", "file", COMP_FILE, NULL),
	OPT_ARG_(PS_OA, 0, "-oA", "base", COMP_FILE,
	    "  -oA base   the three: base.gnmap, base.xml and base.nmap\n"),
	OPT_ARG_(PS_O, 'o', NULL, "arg", COMP_NONE, NULL),
	OPT_FLAG_(PS_FAST, 'F', NULL, NULL),
	OPT_ARG_(PS_PORTS, 'p', NULL, "ports", COMP_PORT,
	    "  -p ports   ports, ranges and services (22,80,8000-8100,http; - "
	    "for all);\n"
	    "             default: the 1000 most common, as nmap's (-u: "
	    "common UDP ones);\n"
	    "             -F: the 100 most common\n"),
	OPT_FLAG_(PS_REASON, 0, "reason",
	    "  --reason   why each port is in its state (syn-ack, "
	    "conn-refused ...)\n"),
	OPT_FLAG_(PS_RANDOM, 'r', NULL,
	    "  -r         probe in a random order\n"),
	CLI_SOURCE_DOC,
	OPT_WORDS_(PS_TIMING, 'T', NULL, "level", SCAN_T_WORDS,
	    "  -T level   timing, as nmap's -T0 .. -T5 (or paranoid ... "
	    "insane)\n"),
	OPT_FLAG_(PS_TCP, 't', "tcp",
	    "  -t, --tcp, -sT  TCP connect scan: the default; with -u, "
	    "both\n"),
	OPT_FLAG_(PS_UDP, 'u', "udp",
	    "  -u, --udp, -sU  UDP scan: open, closed, filtered or "
	    "open|filtered;\n"
	    "             ports are then written PORT/tcp and PORT/udp\n"),
	OPT_FLAG_(PS_SYN, 0, "-sS", "  -sS        SYN scan over raw sockets "
	    "(CAP_NET_RAW): no connection made;\n"
	    "             the default stays -sT, whoever runs it\n"),
	OPT_FLAG_(PS_PN, 0, "-Pn", "  -Pn        as nmap's: no host "
	    "discovery (ping, 443, 80) before the ports\n"),
	OPT_FLAG_(PS_OPEN, 0, "open", "  --open     as nmap's: open ports only, "
	    "the default without -a\n"),
	OPT_FLAG_(PS_UDP_CLOSED, 0, "udp-closed",
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
	OPT_WORDS_(PS_PROBE, 0, "probe", "string", "http tls",
	    "  --probe string  send string (escapes \\r \\n \\t \\\\ "
	    "\\0 \\xHH) to each open\n"
	    "             port and show the reply (implies -b)\n"),
	OPT_DOC(PS_PROBE,
	    "  --probe http  send HEAD / HTTP/1.0: show the status line and "
	    "Server\n"),
	OPT_DOC(PS_PROBE,
	    "  --probe tls  a TLS handshake: the version, the cipher, the "
	    "certificate\n"),
	OPT_WORDS_(PS_STARTTLS, 0, "starttls", "proto", STLS_PROTO_WORDS
	    " none",
	    "  --starttls proto  with --probe tls: this dialogue first "
	    "(default: by port)\n"),
	OPT_INT_(PS_RATE, 0, "rate", "n", "rate", 1, 10000000,
	    "  --rate n, --max-rate n  at most n probes a second\n"),
	OPT_INT_(PS_MIN_RATE, 0, "min-rate", "n", "rate", 1, 10000000,
	    "  --min-rate n  at least n probes a second, past a host's "
	    "window\n"),
	OPT_INT_(PS_RETRIES, 0, "retries", "n", "retries", 0, 100,
	    "  --retries n, --max-retries n  send a probe that timed out "
	    "again at most n\n"
	    "             times (default: as the host's losses call for, "
	    "up to 10)\n"),
	OPT_ARG_(PS_HOST_TIMEOUT, 0, "host-timeout", "time", COMP_NONE,
	    "  --host-timeout time  as nmap's: give up on a host time "
	    "(500ms, 5s, 2m, 1h)\n"
	    "             after its first probe, its ports unlisted\n"),
	OPT_WORDS_(PS_PROXY, 0, "proxy", "url", CLI_PROXY_WORDS,
	    "  --proxy url, --proxies url  connect scan through a SOCKS or "
	    "HTTP proxy\n"),
	OPT_ARG_(PS_SHARD, 0, "shard", "i/n", COMP_NONE,
	    "  --shard i/n  scan only the i-th of n interleaved slices "
	    "(default:\n"
	    "             $SOCKT_SHARD)\n"),
	OPT_FLAG_(PS_SORT, 0, "sort",
	    "  --sort     print the results in order at the end\n"),
	OPT_FLAG_(PS_UP, 0, "up", "  --up       hosts, as nmap -sn: up if any "
	    "probe had an answer (default:\n             discovery's probes, "
	    "else -p's; -a lists those down too)\n"),
	OPT_ARG_(PS_INPUT_LIST, 0, "-iL", "file", COMP_FILE,
	    "  -iL file   targets from file (- for stdin), # comments\n"),
	OPT_ARG_(PS_EXCLUDE, 0, "exclude", "list", COMP_NONE,
	    "  --exclude list      leave out these addresses, blocks and "
	    "names\n"),
	OPT_ARG_(PS_EXCLUDEFILE, 0, "excludefile", "file", COMP_FILE,
	    "  --excludefile file  the same, from a file\n"),
	OPT_ARG_(PS_EXCLUDE_PORTS, 0, "exclude-ports", "ports", COMP_PORT,
	    "  --exclude-ports ports  leave out these ports\n"),
	OPT_TYPED_(PS_TOP_PORTS, 0, "top-ports", "n", OPT_T_INT | OPT_T_RANGE,
	    "--top-ports", 1, TOPPORTS_MAX,
	    "  --top-ports n  the n most common ports (1-1000) instead of "
	    "-p\n"),
	OPT_FLAG_(PS_YES, 0, "yes",
	    "  --yes      scan even beyond 16777216 probes\n"),
	/* nmap's spellings (issue 49) */
	OPT_ALIAS(PS_TCP, 0, "-sT", 0), OPT_ALIAS(PS_UDP, 0, "-sU", 0),
	OPT_ALIAS(PS_UP, 0, "-sn", 0),
	OPT_ALIAS(PS_RATE, 0, "max-rate", 1),
	OPT_ALIAS(PS_RETRIES, 0, "max-retries", 1),
	OPT_ALIAS(PS_PROXY, 0, "proxies", 1),
	OPT_VALUE(PS_PROBE_TLS, "probe", "tls"),
	OPT_END
};

static const struct opt_rule rules[] = {
	{ OPT_EXCLUDES, { PS_GREP }, { PS_JSON }, NULL },
	{ OPT_EXCLUDES, { PS_PORTS }, { PS_TOP_PORTS, PS_FAST }, NULL },
	{ OPT_EXCLUDES, { PS_FAST }, { PS_TOP_PORTS }, NULL },
	{ OPT_EXCLUDES, { PS_UP }, { PS_BANNER, PS_PROBE, PS_PN }, NULL },
	{ OPT_EXCLUDES, { PS_OPEN }, { PS_ALL }, NULL },
	{ OPT_NEEDS, { PS_UDP_CLOSED }, { PS_UDP }, NULL },
	{ OPT_EXCLUDES, { PS_SYN }, { PS_TCP, PS_BANNER, PS_PROBE }, NULL },
	{ OPT_NEEDS, { PS_STARTTLS }, { PS_PROBE_TLS }, NULL },
	{ OPT_EXCLUDES, { PS_PROXY }, { PS_SYN, PS_UDP }, NULL },
	{ OPT_EXCLUDES, { PS_PROBE_TLS }, { PS_UDP }, "--probe tls is for TCP "
	    "ports: it excludes -u" },
	OPT_RULES_END
};

const struct cli_spec portscan_spec = {
	ps_usage, opts, CLI_FAMILY | CLI_NUMERIC | CLI_SOURCE | CLI_WAIT |
	    CLI_VERBOSE, rules, NULL
};

/*
 * The options of targets, exclusions and ports: -iL, --exclude,
 * --excludefile, --exclude-ports.  Returns CMD_GO_ON to go on, else
 * the exit status.
 */
static int
ps_parse_targets(int c, const char *arg, struct ps *ps,
    struct scan_config *cfg)
{
	char err[SK_ERRLEN];
	int rc = CMD_GO_ON;

	switch (c) {
	case PS_INPUT_LIST:
		rc = ps_targets_file(cfg, arg, 0, "-iL");
		break;
	case PS_EXCLUDE:
		if (exclude_add_list(&cfg->targets.ex, arg, err) == -1)
			return cmd_usage(ps_usage, "%s", err);
		cfg->targets.excluding = 1;
		break;
	case PS_EXCLUDEFILE:
		rc = ps_targets_file(cfg, arg, 1, "--excludefile");
		break;
	case PS_EXCLUDE_PORTS:
		if (portlist_parse(ps->xpl, arg, scan_svc_port, NULL, err) == -1)
			return cmd_usage(ps_usage, "exclude-ports: %s", err);
		break;
	}
	return rc;
}

/*
 * What the options settle once all are read: the shard from the
 * environment, the output format, the protocols, the default ports.
 * Returns CMD_GO_ON to go on, else the exit status.
 */
static int
ps_settle(const struct opt_state *st, int verbose, struct ps *ps,
    struct scan_config *cfg, struct portlist *pl)
{
	const char *env;
	char err[SK_ERRLEN];
	size_t i;

	/* a job template stays the same for every index: SOCKT_SHARD */
	if (!opt_seen(st, PS_SHARD) && (env = getenv("SOCKT_SHARD")) != NULL &&
	    env[0] != '\0' && shard_parse(env, &cfg->shard_i, &cfg->shard_n,
	    err) == -1)
		return cmd_usage(ps_usage, "SOCKT_SHARD: %s", err);
	ps->all = opt_seen(st, PS_ALL);
	/* a probe is sent to read what it brings back: -b */
	ps->banner = cfg->banner = opt_seen(st, PS_BANNER) || opt_seen(st, PS_PROBE);
	if (ps->probe_tls) {
		/* a handshake instead of a banner, the target's name its SNI */
		cfg->tls = 1;
		cfg->probe_len = 0;
		cfg->probe_http = 0;
	} else if (cfg->probe_http)
		/* the head of an HTTP reply ends with an empty line */
		cfg->banner_end = "\r\n\r\n";
	ps->out = opt_seen(st, PS_GREP) ? OUT_GREP : opt_seen(st, PS_JSON) ? OUT_JSON :
	    OUT_TABLE;
	cfg->random = opt_seen(st, PS_RANDOM);
	/* -T's window and pace, unless -c and --rate say otherwise */
	if (!opt_seen(st, PS_CONNS))
		cfg->window = cfg->proxy != NULL ? SCAN_PROXY_WINDOW :
		    cfg->timing.window;
	if (!opt_seen(st, PS_RATE))
		cfg->rate = cfg->timing.rate;
	if (cfg->min_rate > 0 && cfg->rate > 0 && cfg->min_rate > cfg->rate)
		return cmd_usage(ps_usage, "--min-rate %d is above the cap of "
		    "%.3g probes a second (--rate, -T)", cfg->min_rate,
		    cfg->rate);
	cfg->udp_closed = opt_seen(st, PS_UDP_CLOSED);
	ps->sort = opt_seen(st, PS_SORT);
	ps->up = opt_seen(st, PS_UP);
	ps->pn = opt_seen(st, PS_PN);
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
	ps->reason = opt_seen(st, PS_REASON);
	if (opt_seen(st, PS_FAST))
		ps->top = 100;
	ps->verbose = verbose;
	/* -u alone is UDP only; -t with it both, TCP first (nmap -sT -sU) */
	ps->udp = opt_seen(st, PS_UDP);
	cfg->syn = opt_seen(st, PS_SYN);
	ps->so.type = cfg->syn ? "syn" : NULL;
	if (!ps->udp || opt_seen(st, PS_TCP) || cfg->syn)
		ps->protos[ps->nprotos++] = SCAN_TCP;
	if (ps->udp)
		ps->protos[ps->nprotos++] = SCAN_UDP;
	/* -p U:53,T:80: the ports of the protocols scanned, as nmap's */
	if (ps->pnamed != 0 && portlist_pick(pl, ps->upl, ps->nprotos == 2 ?
	    3 : ps->udp ? 2 : 1, err) == -1)
		return cmd_usage(ps_usage, "%s", err);
	if (st->argc == 0 && !opt_seen(st, PS_INPUT_LIST))
		return cmd_usage(ps_usage, "missing target");
	ps->yes = opt_seen(st, PS_YES);
	/* --top-ports N: the N most common ports of each protocol */
	for (i = 0; ps->top > 0 && i < ps->nprotos; i++)
		(void)topports_put(pl, ps->protos[i] == SCAN_UDP, ps->top);
	/*
	 * Without -p or --top-ports: the common ports of each protocol
	 * scanned, or for --up those nmap's unprivileged host discovery asks.
	 */
	if (ps->up && ps->top == 0 && !opt_seen(st, PS_PORTS) && !ps->udp)
		ps->up = 2;	/* --up alone: discovery's probes (its page) */
	if (ps->top == 0 && !opt_seen(st, PS_PORTS) && (ps->up ?
	    portlist_parse(pl, "80,443", NULL, NULL, err) == -1 :
	    ((ps->protos[0] == SCAN_TCP && topports_put(pl, 0,
	    TOPPORTS_MAX) == -1) || (ps->udp &&
	    portlist_parse(pl, portlist_default_udp, NULL, NULL, err) == -1))))
		return cmd_usage(ps_usage, "%s", err);
	return CMD_GO_ON;
}

/*
 * The options into ps, cfg, no and pl, then what they settle: the output
 * format, the default ports.  Returns CMD_GO_ON to go on, else the
 * exit status; the targets are then st->argv[0 .. st->argc - 1].
 */
int
ps_parse(int argc, char *argv[], struct opt_state *st, struct ps *ps,
    struct scan_config *cfg, struct net_opts *no, struct portlist *pl)
{
	const struct cli_val vals[] = {
		CLI_INT(PS_CONNS, &cfg->window),
		CLI_INT(PS_RETRIES, &cfg->retries),
		CLI_INT(PS_MIN_RATE, &cfg->min_rate),
		CLI_INT(PS_TOP_PORTS, &ps->top),
		CLI_VALS_END
	};
	struct cli cl;
	char err[SK_ERRLEN];
	const char *es;
	int c, rc;

	cli_init(&cl, &portscan_spec, st, argc, argv);
	st->foreign = cli_nmap_foreign;
	cl.no = no;
	cl.wait_ms = &cfg->timeout_ms;
	cl.vals = vals;
	while ((c = cli_next(&cl, st)) != CLI_END) {
		if (c < 0)
			return c == CLI_HELP ? EXIT_OK : EXIT_USAGE;
		rc = CMD_GO_ON;
		switch (c) {
		case PS_OG:
		case PS_OX:
		case PS_ON:
		case PS_OA:
			/* -oG FILE, -oG=FILE: nmap's spelling */
			if (scan_out_file(&ps->so, "GXNA"[c - PS_OG], st->arg,
			    err) == -1)
				return cmd_usage(ps_usage, "%s", err);
			break;
		case PS_O:
			if (scan_out_oarg(&ps->so, st, err) == -1)
				return cmd_usage(ps_usage, "%s", err);
			break;
		case PS_STARTTLS:
			/* the table's words: the reader checked them */
			cfg->starttls = strcmp(st->arg, "none") == 0 ?
			    SCAN_STLS_NONE : starttls_proto(st->arg) + 1;
			if (cfg->starttls == 0)
				return cmd_usage(ps_usage, "--starttls %s: not "
				    "one of %s none", st->arg,
				    STLS_PROTO_WORDS);
			break;
		case PS_PORTS:
			/* nmap's U:53,T:80 too: ps->upl holds UDP's */
			if ((rc = portlist_parse_protos(pl, ps->upl, st->arg,
			    scan_svc_port, NULL, err)) == -1)
				return cmd_usage(ps_usage, "%s", err);
			ps->pnamed |= rc;
			rc = CMD_GO_ON;
			break;
		case PS_PROBE:
			/* the last --probe wins */
			cfg->probe_http = strcmp(st->arg, "http") == 0;
			ps->probe_tls = strcmp(st->arg, "tls") == 0;
			if (cfg->probe_http || ps->probe_tls)
				break;
			if (probe_unescape(st->arg, cfg->probe,
			    sizeof(cfg->probe), &cfg->probe_len, err) == -1)
				return cmd_usage(ps_usage, "%s", err);
			break;
		case PS_RATE:
			cfg->rate = (double)st->num;
			break;
		case PS_PROXY:
			if (proxy_parse_clear(st->arg, &ps->px, err) == -1)
				return cmd_usage(ps_usage, "%s", err);
			cfg->proxy = &ps->px;
			break;
		case PS_HOST_TIMEOUT:
			if (parse_time_unit(st->arg, &cfg->host_timeout_ms,
			    &es) == -1)
				return cmd_usage(ps_usage, "--host-timeout "
				    "%s: %s", st->arg, es);
			break;
		case PS_SHARD:
			if (shard_parse(st->arg, &cfg->shard_i, &cfg->shard_n,
			    err) == -1)
				return cmd_usage(ps_usage, "%s", err);
			break;
		case PS_TIMING:
			if (scan_timing_level(scan_timing_word(st->arg),
			    &cfg->timing) == -1)
				return cmd_usage(ps_usage, "-T %s: not one of %s",
				    st->arg, SCAN_T_WORDS);
			break;
		default:
			rc = ps_parse_targets(c, st->arg, ps, cfg);
			break;
		}
		if (rc != CMD_GO_ON)
			return rc;
	}
	return ps_settle(st, cl.verbose, ps, cfg, pl);
}
