/*
 * Unit tests for a scan's results as text (scan/report.c): the counts
 * of ports and of hosts, what was left out, a stop, the JSON object;
 * a host's --up line in each format; a port's line in each format, what
 * came back escaped for it, and the table's header.
 */
#include <string.h>

#include "scan/report.h"
#include "tap.h"

static char line[SCAN_PORT_LINE];

static void
test_ports(void)
{
	static const char reply[] = "HTTP/1.0 200 OK\r\nServer: x y\r\n\r\n";
	struct scan_port p;
	struct tls_fields f;
	char esc[64];

	memset(&p, 0, sizeof(p));
	p.host = "127.0.0.1";
	p.port = 22;
	p.state = SCAN_OPEN;
	p.svc = "ssh";
	p.width = 9;
	scan_port_header(line, sizeof(line), &p);
	is_str(line, "HOST       PORT   STATE     SERVICE\n",
	    "the table's header");
	scan_port_line(line, sizeof(line), SCAN_REP_TABLE, &p);
	is_str(line, "127.0.0.1  22     open      ssh\n", "a port's row");
	p.banner = 1;
	p.data = "SSH-2.0-x y\r\n";
	p.dlen = strlen(p.data);
	scan_port_header(line, sizeof(line), &p);
	is_str(line, "HOST       PORT   STATE     SERVICE          BANNER\n",
	    "-b: the header has a banner column");
	scan_port_line(line, sizeof(line), SCAN_REP_TABLE, &p);
	is_str(line, "127.0.0.1  22     open      ssh              "
	    "SSH-2.0-x y\n", "-b: the banner, its line end dropped");
	scan_port_line(line, sizeof(line), SCAN_REP_GREP, &p);
	is_str(line, "127.0.0.1 22 open ssh SSH-2.0-x\\x20y\n",
	    "-g: one field, its space escaped");
	p.both = 1;
	p.udp = 1;
	p.port = 53;
	p.svc = NULL;
	p.state = SCAN_OPENFILTERED;
	p.dlen = 0;
	scan_port_line(line, sizeof(line), SCAN_REP_TABLE, &p);
	is_str(line, "127.0.0.1  53/udp     open|filtered  -\n",
	    "-u: PORT/PROTO, wider columns, no service");
	scan_port_line(line, sizeof(line), SCAN_REP_GREP, &p);
	is_str(line, "127.0.0.1 53/udp open|filtered -\n", "... in -g");
	memset(&p, 0, sizeof(p));
	p.host = "::1";
	p.name = "lo\"x";
	p.port = 80;
	p.state = SCAN_OPEN;
	p.svc = "http";
	p.banner = 1;
	p.http = 1;
	p.data = reply;
	p.dlen = strlen(reply);
	scan_port_line(line, sizeof(line), SCAN_REP_JSON, &p);
	is_str(line, "{\"type\":\"port\",\"host\":\"::1\",\"name\":\"lo\\\"x\","
	    "\"port\":80,\"proto\":\"tcp\",\"state\":\"open\",\"service\":"
	    "\"http\",\"banner\":\"HTTP/1.0 200 OK\\r\\nServer: x y\\r\\n"
	    "\\r\\n\",\"http_status\":\"HTTP/1.0 200 OK\",\"http_server\":"
	    "\"x y\"}\n", "-j --probe http: the bytes and what HTTP said");
	p.host = "::1";
	scan_port_line(line, sizeof(line), SCAN_REP_TABLE, &p);
	is_str(line, "::1  80     open      http             HTTP/1.0 200 OK; "
	    "Server: x y\n", "--probe http: the status and the Server");
	p.data = "SSH-2.0";
	p.dlen = 7;
	p.name = NULL;
	scan_port_line(line, sizeof(line), SCAN_REP_JSON, &p);
	is_str(line, "{\"type\":\"port\",\"host\":\"::1\",\"port\":80,"
	    "\"proto\":\"tcp\",\"state\":\"open\",\"service\":\"http\","
	    "\"banner\":\"SSH-2.0\",\"http_status\":null,\"http_server\":"
	    "null}\n", "-j: no HTTP reply, null");
	p.state = SCAN_CLOSED;
	p.svc = NULL;
	scan_port_line(line, sizeof(line), SCAN_REP_JSON, &p);
	is_str(line, "{\"type\":\"port\",\"host\":\"::1\",\"port\":80,"
	    "\"proto\":\"tcp\",\"state\":\"closed\",\"service\":null}\n",
	    "-j: a closed port, no service, no banner");
	memset(&f, 1, sizeof(f));
	scan_tls_fields("\x01", 1, &f);
	is_str(f.error, "no TLS fields", "a TLS record unread: said");
	ok(f.version[0] == '\0', "... no other field");
	p.state = SCAN_OPEN;
	p.tls = 1;
	scan_port_header(line, sizeof(line), &p);
	is_str(line, "HOST  PORT   STATE     SERVICE          TLS\n",
	    "--probe tls: the header's TLS column");
	is_str(scan_json_str("a\"b\\", esc, sizeof(esc)), "a\\\"b\\\\",
	    "a JSON string's inside");
}

static void
test_progress(void)
{
	struct scan_stats st;
	struct scan_config cfg;
	struct scan_rate_now rn;
	char buf[512];
	double r = 0;
	uint64_t d;
	int64_t t;

	memset(&st, 0, sizeof(st));
	is_int((int)scan_progress_line(buf, sizeof(buf), &st, 1, 0), 0,
	    "no probes: no progress line");
	st.total = 1000;
	st.done = 250;
	st.open = 3;
	ok(scan_progress_line(buf, sizeof(buf), &st, 2.0, 0) > 0 &&
	    strcmp(buf, "\r\033[K250/1000 probes (25%)  125/s  3 open  "
	    "ETA 6 s") == 0, "the progress line: rate and what is left");
	scan_progress_line(buf, sizeof(buf), &st, 0, 0);
	is_str(buf, "\r\033[K250/1000 probes (25%)  0/s  3 open  ETA ~0 s",
	    "no time yet: no rate, no ETA");
	is_int((int)scan_progress_line(buf, 10, &st, 2.0, 0), 0,
	    "a line that does not fit: none");
	/* 81% in 5 s, then 8 a second: the ETA follows the rate of late */
	memset(&rn, 0, sizeof(rn));
	(void)scan_rate_now(&rn, 0, 1000);
	is_int((int)scan_rate_now(&rn, 500, 1500), 0,
	    "rate of late: none before a second has passed");
	is_int((int)scan_rate_now(&rn, 810, 6000), 162,
	    "rate of late: its first sample");
	for (t = 7000, d = 818; t <= 12000; t += 1000, d += 8)
		r = scan_rate_now(&rn, d, t);
	ok(r > 8 && r < 12, "rate of late: down to about 8 a second in 6 s");
	st.done = 858;
	scan_progress_line(buf, sizeof(buf), &st, 11.0, r);
	ok(strstr(buf, "  10/s  ") != NULL && strstr(buf, "ETA 14 s") != NULL,
	    "the ETA at the rate of late (142 left at 10/s), not 2 s");
	memset(&cfg, 0, sizeof(cfg));
	cfg.shard_n = 2;
	cfg.window = 100;
	cfg.timeout_ms = 1000;
	cfg.retries = 1;
	ok(scan_size_text(&cfg, 65536.0, 1000, buf, sizeof(buf)) == 32768000.0,
	    "a shard's share of the probes");
	is_str(buf, "32768000 probes, more than 16777216: about 7.6 days at 50 "
	    "probes/s if nothing answers (window 100, -w 1 s, 1 retry)",
	    "how long at the window's pace");
	cfg.rate = 1000;
	(void)scan_size_text(&cfg, 65536.0, 1000, buf, sizeof(buf));
	is_str(buf, "32768000 probes, more than 16777216: about 9.1 hours at "
	    "--rate 1000", "how long at --rate");
}

int
main(void)
{
	struct scan_stats st;
	struct scan_summary s;
	char buf[SCAN_SUMMARY_JSON], excl[96], dups[64];
	uint64_t n[SCAN_OPENFILTERED + 1];

	memset(&st, 0, sizeof(st));
	st.open = 2;
	st.closed = 1;
	st.openfiltered = 4;
	st.total = 10;
	st.done = 7;
	memset(&s, 0, sizeof(s));
	s.st = &st;
	s.hosts = 5;
	s.secs = 1.25;
	scan_summary_counts(&s, buf, sizeof(buf));
	is_str(buf, "2 open, 1 closed, 0 filtered", "the ports counted");
	s.udp = 1;
	scan_summary_counts(&s, buf, sizeof(buf));
	is_str(buf, "2 open, 1 closed, 0 filtered, 4 open|filtered",
	    "... open|filtered with -u");
	s.up = 1;
	s.nup = 1;
	s.ndown = 3;
	scan_summary_counts(&s, buf, sizeof(buf));
	is_str(buf, "1 host up, 3 down", "the hosts counted");
	scan_summary_left(&s, excl, sizeof(excl), dups, sizeof(dups));
	ok(excl[0] == '\0' && dups[0] == '\0', "nothing left out");
	s.excluding = 1;
	s.excluded = 1;
	s.xports = 2;
	s.dups = 3;
	scan_summary_left(&s, excl, sizeof(excl), dups, sizeof(dups));
	is_str(excl, ", excluded 1 address and 2 ports", "the exclusions");
	is_str(dups, ", 3 duplicate addresses dropped", "the repeats");
	scan_summary_stopped(&s, buf, sizeof(buf));
	is_str(buf, "", "not stopped");
	s.sig = 2;
	scan_summary_stopped(&s, buf, sizeof(buf));
	is_str(buf, ", interrupted after 7 of 10 probes", "stopped");
	scan_summary_json(&s, buf, sizeof(buf));
	is_str(buf, "{\"type\":\"summary\",\"open\":2,\"closed\":1,"
	    "\"filtered\":0,\"open_filtered\":4,\"probes\":10,\"hosts\":5,"
	    "\"excluded_hosts\":1,\"excluded_ports\":2,\"duplicate_hosts\":3,"
	    "\"skipped\":0,\"up\":1,\"down\":3,\"seconds\":1.250,\"interrupted\":true}\n",
	    "the JSON object");

	memset(n, 0, sizeof(n));
	n[SCAN_OPEN] = 1;
	n[SCAN_FILTERED] = 2;
	scan_host_line(buf, sizeof(buf), SCAN_REP_GREP, "::1", NULL, 1, n, 0);
	is_str(buf, "::1 up 1 0 2\n", "a host's -g line");
	scan_host_line(buf, sizeof(buf), SCAN_REP_TABLE, "::1", NULL, 0, n, 6);
	is_str(buf, "::1     down       1       0         2\n",
	    "its table row");
	scan_host_line(buf, sizeof(buf), SCAN_REP_JSON, "::1", "lo", 1, n, 0);
	is_str(buf, "{\"type\":\"host\",\"host\":\"::1\",\"name\":\"lo\","
	    "\"state\":\"up\",\"open\":1,\"closed\":0,\"filtered\":2}\n",
	    "its JSON object");
	test_ports();
	test_progress();
	return tap_done();
}
