/*
 * cmd/portscan/portscan_ping.c: nmap's host discovery spellings, -PS,
 * -PA and -PU with their port lists (default 80, 80 and 40125, nmap's),
 * -PE and -PP: the probes host discovery sends instead of its own set
 * (scan/discover.c), as nmap's replace its defaults.  -Pn is a row of
 * its own (portscan_opts.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/portscan/portscan.h"
#include "parse/opt.h"
#include "parse/portlist.h"
#include "scan/scan.h"
#include "util/base.h"

/* -P's letters, and the kind each asks for (ps->ping: a bit each) */
static const char ping_letters[] = "SAUEP";
static const unsigned char ping_kind[] = { SCAN_K_PORT, SCAN_K_ACK,
    SCAN_K_UDP, SCAN_K_ECHO, SCAN_K_TSTAMP };

/* -P's argument: a letter of ping_letters, a port list after S, A, U. */
int
ps_set_ping(void *dest, const struct opt_state *st)
{
	struct ps *ps = dest;
	const char *p, *arg = st->arg;
	char err[SK_ERRLEN];
	int i;

	if (arg[0] == '\0' || (p = strchr(ping_letters, arg[0])) == NULL)
		return msg_usage(ps_usage, "-P%s: not one of -PS -PA -PU "
		    "(with ports), -PE, -PP or -Pn", arg);
	i = (int)(p - ping_letters);
	ps->ping |= 1 << i;
	if (i > 2) {
		if (arg[1] != '\0')
			return msg_usage(ps_usage, "-P%c takes no ports", arg[0]);
		return 0;
	}
	if (portlist_parse(&ps->ppl[i], arg[1] != '\0' ? arg + 1 : i == 2 ?
	    "40125" : "80", NULL, NULL, err) == -1)
		return msg_usage(ps_usage, "-P%s: %s", arg, err);
	return 0;
}

/*
 * Once the options are read: the probes -P asked into the scan's
 * configuration, for discovery and --up.  Returns CMD_GO_ON, or the
 * exit status (said).
 */
int
ps_ping_settle(struct ps *ps)
{
	struct scan_config *cfg = &ps->cfg;
	size_t n, k, i, j;

	if (ps->ping == 0)
		return CMD_GO_ON;
	/* a proxy connects for us: it sends no ACK, ICMP or datagram */
	if (cfg->proxy != NULL && (ps->ping & ~1) != 0)
		return cmd_usage(ps_usage, "--proxy: host discovery through "
		    "it is by connects: -PS alone");
	n = (size_t)ps->ppl[0].count + ps->ppl[1].count + ps->ppl[2].count +
	    !!(ps->ping & 8) + !!(ps->ping & 16);
	ps->ping_ports = calloc(n, sizeof(*ps->ping_ports));
	ps->ping_kinds = calloc(n, sizeof(*ps->ping_kinds));
	if (ps->ping_ports == NULL || ps->ping_kinds == NULL) {
		msg_warn("-P");
		return EXIT_FAIL;
	}
	for (i = k = 0; i < sizeof(ping_kind); i++) {
		if (!(ps->ping & (1 << i)))
			continue;
		j = i < 3 ? portlist_expand(&ps->ppl[i], ps->ping_ports + k) :
		    1;	/* port 0: ICMP */
		memset(ps->ping_kinds + k, ping_kind[i], j);
		k += j;
	}
	cfg->ping_ports = ps->ping_ports;
	cfg->ping_kinds = ps->ping_kinds;
	cfg->ping_n = n;
	/* --up: these probes, as nmap -sn -PS22 sends, not -p's */
	if (ps->up)
		ps->up = 2;
	return CMD_GO_ON;
}

/* The -P option that needs raw sockets: its name, for the refusal. */
const char *
ps_ping_raw(const struct ps *ps)
{
	return ps->ping & 2 ? "-PA" : ps->ping & 16 ? "-PP" : "-PE";
}
