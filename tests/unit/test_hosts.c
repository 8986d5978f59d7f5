/*
 * Unit tests for a scan's results by host (scan/hosts.c): when a host is
 * done, in a shard too, up or down, the ports it keeps for -oG, what
 * --sort holds back and a stop leaves.
 */
#include <stdlib.h>
#include <string.h>

#include "scan/hosts.h"
#include "tap.h"

static size_t shown[16], nshown;
static int shown_up[16], shown_why[16];
static uint64_t shown_ports_n[16];
static char shown_ports[16][64];

static void
show(size_t a, struct scan_host *h, int up, void *arg)
{
	size_t i, len = 0;

	(void)arg;
	shown[nshown] = a;
	shown_up[nshown] = up;
	shown_why[nshown] = h->alive > 0 ? h->why : -1;
	shown_ports_n[nshown] = h->n[SCAN_OPEN] + h->n[SCAN_CLOSED] +
	    h->n[SCAN_FILTERED];
	shown_ports[nshown][0] = '\0';
	for (i = 0; i < h->ngp && len < 50; i++)
		len += (size_t)snprintf(shown_ports[nshown] + len,
		    sizeof(shown_ports[0]) - len, "%s%u%s%s", i ? "," : "",
		    h->gp[i].port, h->gp[i].udp ? "u" : "",
		    h->gp[i].ver != NULL ? h->gp[i].ver : "");
	nshown++;
}

static void
setup(struct scan_hosts *hs, size_t naddrs, size_t nports, size_t nprotos,
    uint64_t shard_i, uint64_t shard_n)
{
	static const int protos[2] = { SCAN_TCP, SCAN_UDP };
	struct scan_config cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.naddrs = naddrs;
	cfg.nports = nports;
	cfg.protos = protos;
	cfg.nprotos = nprotos;
	cfg.shard_i = shard_i;
	cfg.shard_n = shard_n;
	scan_hosts_init(hs, &cfg);
	hs->show = show;
	nshown = 0;
}

int
main(void)
{
	struct scan_hosts hs;
	unsigned int p;

	/* two hosts, three ports: a host is shown at its third result */
	setup(&hs, 2, 3, 1, 0, 1);
	hs.keep = 1;
	scan_hosts_result(&hs, 1, 80, 0, SCAN_OPEN, SCAN_R_NONE, strdup("v"));
	scan_hosts_result(&hs, 0, 22, 0, SCAN_CLOSED, SCAN_R_NONE, NULL);
	scan_hosts_result(&hs, 1, 22, 0, SCAN_CLOSED, SCAN_R_NONE, NULL);
	is_int(nshown, 0, "no host done after two of its three");
	scan_hosts_result(&hs, 1, 21, 0, SCAN_FILTERED, SCAN_R_NONE, NULL);
	is_int(nshown, 1, "host 1 shown at its last result");
	is_int(shown[0], 1, "... host 1");
	is_int(shown_up[0], 1, "... up: a port answered");
	is_str(shown_ports[0], "21,22,80v", "... its ports sorted, with the "
	    "version field");
	is_int(hs.map.n, 1, "... and forgotten: host 0 alone in progress");
	scan_hosts_result(&hs, 0, 21, 0, SCAN_FILTERED, SCAN_R_NONE, NULL);
	scan_hosts_result(&hs, 0, 80, 0, SCAN_FILTERED, SCAN_R_NONE, NULL);
	is_int(nshown, 2, "a host up (a refusal) is shown, ...");
	is_int(hs.nup, 2, "... and counted up");
	scan_hosts_free(&hs);

	/* a down host is counted, shown only with all */
	setup(&hs, 1, 1, 1, 0, 1);
	scan_hosts_result(&hs, 0, 80, 0, SCAN_FILTERED, SCAN_R_NONE, NULL);
	is_int(nshown, 0, "a host down is not shown");
	is_int(hs.ndown, 1, "... but counted");
	scan_hosts_free(&hs);
	setup(&hs, 1, 1, 1, 0, 1);
	hs.all = 1;
	scan_hosts_result(&hs, 0, 80, 0, SCAN_FILTERED, SCAN_R_NONE, NULL);
	is_int(nshown, 1, "with all, a host down is shown");
	is_int(shown_up[0], 0, "... down");
	scan_hosts_free(&hs);

	/* a state too common is counted, not listed */
	setup(&hs, 1, 40, 1, 0, 1);
	hs.keep = 1;
	scan_hosts_result(&hs, 0, 1, 0, SCAN_OPEN, SCAN_R_NONE, NULL);
	for (p = 2; p <= 40; p++)
		scan_hosts_result(&hs, 0, p, 0, SCAN_CLOSED, SCAN_R_NONE, NULL);
	is_int(nshown, 1, "forty ports: shown");
	is_str(shown_ports[0], "1", "... 39 closed ports not listed");
	scan_hosts_free(&hs);

	/* TCP and UDP: a host has a run of ports in each */
	setup(&hs, 2, 2, 2, 0, 1);
	hs.keep = 1;
	scan_hosts_result(&hs, 0, 53, 0, SCAN_CLOSED, SCAN_R_NONE, NULL);
	scan_hosts_result(&hs, 0, 80, 0, SCAN_OPEN, SCAN_R_NONE, NULL);
	is_int(nshown, 0, "TCP and UDP: not done after its TCP ports");
	scan_hosts_result(&hs, 0, 53, 1, SCAN_OPEN, SCAN_R_NONE, NULL);
	scan_hosts_result(&hs, 0, 80, 1, SCAN_OPENFILTERED, SCAN_R_NONE, NULL);
	is_int(nshown, 1, "... done after its UDP ports too");
	is_str(shown_ports[0], "53,53u,80,80u", "... TCP before UDP on a "
	    "port");
	scan_hosts_free(&hs);

	/* shard 2 of 2 of two hosts of three ports: probes 1, 3, 5 */
	setup(&hs, 2, 3, 1, 1, 2);
	scan_hosts_result(&hs, 0, 2, 0, SCAN_OPEN, SCAN_R_NONE, NULL);
	is_int(nshown, 1, "a shard: host 0 has one probe of its three");
	scan_hosts_result(&hs, 1, 1, 0, SCAN_OPEN, SCAN_R_NONE, NULL);
	is_int(nshown, 1, "... host 1 two (probes 3 and 5)");
	scan_hosts_result(&hs, 1, 3, 0, SCAN_OPEN, SCAN_R_NONE, NULL);
	is_int(nshown, 2, "... done at its second");
	scan_hosts_free(&hs);

	/* hold (--sort): up hosts wait for finish, in order */
	setup(&hs, 3, 1, 1, 0, 1);
	hs.hold = 1;
	scan_hosts_result(&hs, 2, 80, 0, SCAN_OPEN, SCAN_R_NONE, NULL);
	scan_hosts_result(&hs, 1, 80, 0, SCAN_FILTERED, SCAN_R_NONE, NULL);
	scan_hosts_result(&hs, 0, 80, 0, SCAN_OPEN, SCAN_R_NONE, NULL);
	is_int(nshown, 0, "held: none shown as they come");
	is_int(hs.ndown, 1, "... a host down counted at once");
	scan_hosts_finish(&hs);
	is_int(nshown, 2, "finish: the up hosts shown");
	ok(shown[0] == 0 && shown[1] == 2, "... in address order");
	is_int(hs.map.n, 0, "... and none left");
	scan_hosts_free(&hs);

	/* a stop: a host not done is shown when up, else not known */
	setup(&hs, 2, 2, 1, 0, 1);
	scan_hosts_result(&hs, 0, 80, 0, SCAN_FILTERED, SCAN_R_NONE, NULL);
	scan_hosts_result(&hs, 1, 80, 0, SCAN_CLOSED, SCAN_R_NONE, NULL);
	scan_hosts_finish(&hs);
	is_int(nshown, 1, "after a stop, the host up of two not done");
	is_int(shown[0], 1, "... host 1");
	is_int(hs.ndown, 0, "... the other not counted down");
	scan_hosts_free(&hs);

	/* a probe of the host, no port's (an echo, an ACK): up, and why */
	setup(&hs, 2, 3, 1, 0, 1);
	scan_hosts_result(&hs, 0, 443, SCAN_HP_TCP, SCAN_FILTERED, SCAN_R_NONE,
	    NULL);
	scan_hosts_result(&hs, 0, 0, SCAN_HP_HOST, SCAN_FILTERED, SCAN_R_NONE,
	    NULL);
	scan_hosts_result(&hs, 0, 0, SCAN_HP_HOST, SCAN_OPEN,
	    SCAN_R_ECHO_REPLY, strdup("x"));
	is_int(nshown, 1, "an echo reply: its host done");
	is_int(shown_up[0], 1, "... up, every port filtered");
	is_int(shown_why[0], SCAN_R_ECHO_REPLY, "... why: echo-reply");
	is_int((int)shown_ports_n[0], 1, "... the echo counted as no port");
	scan_hosts_result(&hs, 1, 0, SCAN_HP_HOST, SCAN_FILTERED, SCAN_R_NONE,
	    NULL);
	scan_hosts_result(&hs, 1, 0, SCAN_HP_HOST, SCAN_FILTERED, SCAN_R_NONE,
	    NULL);
	scan_hosts_result(&hs, 1, 80, SCAN_HP_TCP, SCAN_FILTERED, SCAN_R_NONE,
	    NULL);
	is_int(hs.ndown, 1, "no answer to any: down");
	scan_hosts_free(&hs);
	return tap_done();
}
