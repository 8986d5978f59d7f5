/*
 * Unit tests for a scan's summary as text (scan/report.c): the counts
 * of ports and of hosts, what was left out, a stop, the JSON object;
 * a host's --up line in each format.
 */
#include <string.h>

#include "scan/report.h"
#include "tap.h"

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
	    "\"up\":1,\"down\":3,\"seconds\":1.250,\"interrupted\":true}\n",
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
	return tap_done();
}
