/* Unit tests for src/grepable.c: nmap's -oG lines, byte for byte. */
#include <stdint.h>

#include "parse/grepable.h"
#include "tap.h"

int
main(void)
{
	struct gr_done d;
	char b[512];
	uint64_t c[5] = { 0, 1, 0, 30, 0 };

	char *argv[] = { "portscan", "-oG", "-", "a b", NULL };

	gr_cmdline(b, sizeof(b), "sockt", 4, argv);
	is_str(b, "sockt portscan -oG - a b", "the command line, words joined");
	gr_cmdline(b, 12, "sockt", 4, argv);
	is_str(b, "sockt ports", "... cut to fit");
	gr_header(b, sizeof(b), "sockt 0.1.0", "Mon Nov 23 09:11:27 2026",
	    "sockt portscan -oG - -p 22\n\t1");
	is_str(b, "# sockt 0.1.0 scan initiated Mon Nov 23 09:11:27 2026 as: "
	    "sockt portscan -oG - -p 22??1\n", "header, no line end inside");
	gr_status(b, sizeof(b), "127.0.0.1", "localhost", 1);
	is_str(b, "Host: 127.0.0.1 (localhost)\tStatus: Up\n", "status up");
	gr_status(b, sizeof(b), "::1", NULL, 0);
	is_str(b, "Host: ::1 ()\tStatus: Down\n", "status down, no name");
	gr_status(b, sizeof(b), "10.0.0.1", "a(b)\tc", 1);
	is_str(b, "Host: 10.0.0.1 (a?b??c)\tStatus: Up\n",
	    "a name cannot close the parentheses or add a field");
	gr_ports_begin(b, sizeof(b), "127.0.0.1", NULL);
	is_str(b, "Host: 127.0.0.1 ()\tPorts: ", "ports begin");
	gr_port(b, sizeof(b), 1, 22, GR_OPEN, "tcp", "ssh", NULL);
	is_str(b, "22/open/tcp//ssh///", "first port");
	gr_port(b, sizeof(b), 0, 80, GR_CLOSED, "tcp", NULL, NULL);
	is_str(b, ", 80/closed/tcp//unknown///", "next port, unknown service");
	gr_port(b, sizeof(b), 0, 443, GR_FILTERED, "udp", "ssl/h t,p", NULL);
	is_str(b, ", 443/filtered/udp//ssl|h?t?p///",
	    "a service cannot split the field: / as nmap's |");
	gr_port(b, sizeof(b), 1, 443, GR_OPEN, "tcp", "https",
	    "TLSv1.3 a/b, c\td");
	is_str(b, "443/open/tcp//https//TLSv1.3 a|b? c?d/",
	    "a version field: spaces stay, / , and controls cannot split it");
	is_int(gr_port(b, 29, 1, 443, GR_OPEN, "tcp", "https", "TLSv1.3"),
	    0, "a version that does not fit: 0");
	is_int(gr_port(b, 30, 1, 443, GR_OPEN, "tcp", "https", "TLSv1.3"),
	    29, "... one byte more fits");
	gr_ports_end(b, sizeof(b), GR_CLOSED, 65533);
	is_str(b, "\tIgnored State: closed (65533)\n", "ignored state");
	gr_ports_end(b, sizeof(b), 0, 0);
	is_str(b, "\n", "no ignored state");
	d.tool = "sockt";
	d.when = "Mon Nov 23 09:11:28 2026";
	d.naddrs = d.nup = 1;
	d.secs = 0.034;
	d.note = NULL;
	gr_trailer(b, sizeof(b), &d);
	is_str(b, "# sockt done at Mon Nov 23 09:11:28 2026 -- 1 IP address "
	    "(1 host up) scanned in 0.03 seconds\n", "trailer, singular");
	d.when = "T";
	d.naddrs = 2;
	d.nup = 0;
	d.secs = 1.5;
	d.note = "interrupted";
	gr_trailer(b, sizeof(b), &d);
	is_str(b, "# sockt done at T -- 2 IP addresses (0 hosts up) scanned "
	    "in 1.50 seconds, interrupted\n", "trailer, plural, a note");
	is_int(gr_port(b, 10, 1, 22, GR_OPEN, "tcp", "ssh", NULL), 0,
	    "does not fit: 0");
	is_str(b, "", "... and empty");

	is_int(gr_ignored(c, 0), 1 << GR_FILTERED, "30 filtered: ignored");
	is_int(gr_ignored_named(gr_ignored(c, 0)), GR_FILTERED,
	    "... and named");
	c[GR_CLOSED] = 26;
	is_int(gr_ignored(c, 0), (1 << GR_FILTERED) | (1 << GR_CLOSED),
	    "26 closed too");
	is_int(gr_ignored_named(gr_ignored(c, 0)), 0, "two: none named");
	c[GR_CLOSED] = 25;
	c[GR_FILTERED] = 0;
	c[GR_OPEN] = 1000;
	is_int(gr_ignored(c, 0), 0, "25 listed; open never ignored");
	c[GR_CLOSED] = 100;
	is_int(gr_ignored(c, 1), 0, "all: nothing ignored");
	c[GR_CLOSED] = c[GR_FILTERED] = 0;
	c[GR_OPENFILTERED] = 40;
	is_int(gr_ignored(c, 0), 1 << GR_OPENFILTERED, "40 open|filtered: ignored");
	is_int(gr_ignored_named(gr_ignored(c, 0)), GR_OPENFILTERED,
	    "open|filtered alone is named");
	is_str(gr_state(GR_OPENFILTERED), "open|filtered", "UDP's state name");
	return tap_done();
}
