/* Unit tests for src/parse/nmapfmt.c: nmap's -oX and -oN, byte for byte. */
#include <stdint.h>
#include <string.h>

#include "parse/grepable.h"
#include "parse/nmapfmt.h"
#include "tap.h"

int
main(void)
{
	static char b[16384];
	static const uint16_t ports[] = { 1, 2, 3, 22, 80, 81 };
	struct nx_run r;
	struct nx_host h;
	struct nx_port p;
	struct gr_done d;
	struct nn_cols c;

	nx_services(b, sizeof(b), ports, 6);
	is_str(b, "1-3,22,80-81", "services: runs as ranges");
	is_int((int)nx_services(b, 5, ports, 6), 0, "... 0 when cut");
	nx_attr(b, sizeof(b), "a&b<c>\"d'e--f\tg\xe9");
	is_str(b, "a&amp;b&lt;c&gt;&quot;d&apos;e-&#45;f?g?",
	    "attribute: five escapes, no --, no control or high byte");
	memset(&r, 0, sizeof(r));
	r.version = "0.2.0";
	r.args = "sockt portscan --reason -oX - 127.0.0.1";
	r.start = 1795704309;
	r.startstr = "Thu Nov 26 14:45:09 2026";
	r.type = "connect";
	r.tcp = r.udp = 1;
	r.nservices = 6;
	r.services = "1-3,22,80-81";
	nx_begin(b, sizeof(b), &r);
	is_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!DOCTYPE nmaprun>\n"
	    "<!-- sockt 0.2.0 scan initiated Thu Nov 26 14:45:09 2026 as: "
	    "sockt portscan -&#45;reason -oX - 127.0.0.1 -->\n"
	    "<nmaprun scanner=\"sockt\" args=\"sockt portscan -&#45;reason "
	    "-oX - 127.0.0.1\" start=\"1795704309\" startstr=\"Thu Nov 26 "
	    "14:45:09 2026\" version=\"0.2.0\" xmloutputversion=\"1.05\">\n"
	    "<scaninfo type=\"connect\" protocol=\"tcp\" numservices=\"6\" "
	    "services=\"1-3,22,80-81\"/>\n"
	    "<scaninfo type=\"udp\" protocol=\"udp\" numservices=\"6\" "
	    "services=\"1-3,22,80-81\"/>\n"
	    "<verbose level=\"0\"/>\n<debugging level=\"0\"/>\n",
	    "the run's head: nmap 7's, scanner sockt, -sU's scaninfo");
	is_int((int)nx_begin(b, 100, &r), 0, "... 0 when cut");
	memset(&h, 0, sizeof(h));
	h.addr = "127.0.0.1";
	h.name = "local<host>";
	h.up = 1;
	h.reason = "syn-ack";
	h.start = h.end = 5;
	nx_host_begin(b, sizeof(b), &h);
	is_str(b, "<host starttime=\"5\" endtime=\"5\"><status state=\"up\" "
	    "reason=\"syn-ack\" reason_ttl=\"0\"/>\n<address "
	    "addr=\"127.0.0.1\" addrtype=\"ipv4\"/>\n<hostnames>\n"
	    "<hostname name=\"local&lt;host&gt;\" type=\"user\"/>\n"
	    "</hostnames>\n<ports>", "a host up: its name escaped");
	h.v6 = 1;
	h.addr = "::1";
	h.name = NULL;
	h.up = 0;
	h.reason = "no-response";
	nx_host_begin(b, sizeof(b), &h);
	is_str(b, "<host starttime=\"5\" endtime=\"5\"><status state=\"down\" "
	    "reason=\"no-response\" reason_ttl=\"0\"/>\n<address "
	    "addr=\"::1\" addrtype=\"ipv6\"/>\n<hostnames>\n</hostnames>\n",
	    "a host down: no <ports>");
	nx_extraports(b, sizeof(b), "closed", 998);
	is_str(b, "<extraports state=\"closed\" count=\"998\">\n", "extraports");
	nx_extrareason(b, sizeof(b), "conn-refused", 998, 0);
	is_str(b, "<extrareasons reason=\"conn-refused\" count=\"998\" "
	    "proto=\"tcp\"/>\n", "extrareasons");
	memset(&p, 0, sizeof(p));
	p.port = 22;
	p.state = "open";
	p.reason = "syn-ack";
	p.service = "ssh";
	nx_port(b, sizeof(b), &p);
	is_str(b, "<port protocol=\"tcp\" portid=\"22\"><state state=\"open\" "
	    "reason=\"syn-ack\" reason_ttl=\"0\"/><service name=\"ssh\" "
	    "method=\"table\" conf=\"3\"/></port>\n", "a port, its service");
	p.udp = 1;
	p.port = 53;
	p.state = "open|filtered";
	p.reason = "no-response";
	p.service = NULL;
	nx_port(b, sizeof(b), &p);
	is_str(b, "<port protocol=\"udp\" portid=\"53\"><state "
	    "state=\"open|filtered\" reason=\"no-response\" reason_ttl=\"0\"/>"
	    "</port>\n", "a UDP port, no service");
	nx_host_end(b, sizeof(b), 1);
	is_str(b, "</ports>\n</host>\n", "host end");
	memset(&d, 0, sizeof(d));
	d.tool = "sockt";
	d.when = "T";
	d.naddrs = 2;
	d.nup = 1;
	d.secs = 0.5;
	nx_end(b, sizeof(b), &d, 6);
	is_str(b, "<runstats><finished time=\"6\" timestr=\"T\" summary=\"sockt "
	    "done at T; 2 IP addresses (1 host up) scanned in 0.50 seconds\" "
	    "elapsed=\"0.50\" exit=\"success\"/><hosts up=\"1\" down=\"1\" "
	    "total=\"2\"/>\n</runstats>\n</nmaprun>\n", "runstats");

	h.up = 1;
	h.addr = "127.0.0.1";
	h.name = "localhost";
	h.reason = "conn-refused";
	nn_host(b, sizeof(b), &h, 1);
	is_str(b, "Nmap scan report for localhost (127.0.0.1)\nHost is up, "
	    "received conn-refused.\n", "-oN: a host, --reason");
	/* --up (nmap -sn): the host's status and addresses, no <ports> */
	h.ping = 1;
	h.reason = "echo-reply";
	nx_host_begin(b, sizeof(b), &h);
	ok(strstr(b, "reason=\"echo-reply\"") != NULL &&
	    strstr(b, "<ports>") == NULL, "--up's <host>: its reason, no <ports>");
	h.ping = 0;
	h.reason = "conn-refused";
	nn_not_shown(b, sizeof(b), 998, "closed", "tcp", "conn-refused");
	is_str(b, "Not shown: 998 closed tcp ports (conn-refused)\n",
	    "-oN: not shown");
	memset(&c, 0, sizeof(c));
	p.udp = 0;
	p.port = 34331;
	p.state = "open";
	p.reason = "syn-ack";
	p.service = NULL;
	nn_widen(&c, &p);
	p.port = 1;
	p.state = "closed";
	p.service = "tcpmux";
	nn_widen(&c, &p);
	nn_head(b, sizeof(b), &c, 1);
	is_str(b, "PORT      STATE  SERVICE REASON\n", "-oN: the head, widths");
	nn_port(b, sizeof(b), &c, &p, 1);
	is_str(b, "1/tcp     closed tcpmux  syn-ack\n", "-oN: a port, as nmap's");
	nn_head(b, sizeof(b), &c, 0);
	is_str(b, "PORT      STATE  SERVICE\n", "-oN: the head without --reason");
	return tap_done();
}
