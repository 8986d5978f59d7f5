/*
 * Unit tests for portscan --resume's parts: a -j file read back
 * (parse/resume.c: the scan's line, the marks, a list of places done, a
 * line cut by a crash), the results put back in order (scan/mark.c) and
 * a probe's place in its shard's order, -r's permutation undone
 * (scan_probe_seq).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/resume.h"
#include "scan/mark.h"
#include "scan/scan.h"
#include "tap.h"

/* a mark's line but its end */
#define MK(k, s)	"{\"type\":\"resume\",\"next\":" #k ",\"states\":[" s "]"

#define HEAD	"{\"type\":\"scan\",\"args\":\"portscan -j \\\"x\\\" " \
		"10.0.0.1\",\"seed\":42,\"shard\":\"1/3\",\"hosts\":2," \
		"\"up\":77}\n"

static int
rd(const char *s, struct resume_file *rf, const char **why)
{
	*why = NULL;
	return resume_read(s, strlen(s), rf, why);
}

static void
test_read(void)
{
	struct resume_file rf;
	const char *why;
	uint64_t done[4];

	ok(rd(HEAD, &rf, &why) == 0, "the scan's line alone");
	is_int(rf.seed, 42, "its seed");
	ok(rf.shard_i == 1 && rf.shard_n == 3 && rf.hosts == 2 &&
	    rf.up == 77, "its shard and hosts");
	ok(rf.args_len == strlen("portscan -j \\\"x\\\" 10.0.0.1") &&
	    memcmp(rf.args, "portscan -j \\\"x\\\" 10.0.0.1", rf.args_len) ==
	    0, "its command line, escaped as written");
	ok(rf.next == 0 && rf.keep == strlen(HEAD), "no mark: from 0, "
	    "the line kept");
	ok(rd(HEAD "{\"type\":\"port\"}\n" MK(5, "1,2,3,4,5") "}\n"
	    "{\"type\":\"port\"}\n" MK(9, "0,9,0,0,0") "}\n{\"ty",
	    &rf, &why) == 0 && rf.next == 9 && rf.marks == 2,
	    "the last whole mark counts, a cut line not");
	is_int(rf.keep, strlen(HEAD) + 2 * strlen("{\"type\":\"port\"}\n") +
	    strlen(MK(5, "1,2,3,4,5") "}\n") +
	    strlen(MK(9, "0,9,0,0,0") "}\n"),
	    "kept up to the last mark's newline");
	ok(rd(HEAD MK(5, "1,2,3,4,5") "}\n",
	    &rf, &why) == 0 && rf.states[0] == 1 && rf.states[1] == 2 &&
	    rf.states[2] == 3 && rf.states[3] == 4 && rf.states[4] == 5,
	    "a mark's counts");
	ok(rd(HEAD "{\"type\":\"resume\",\"next\":5}\n", &rf, &why) == 0 &&
	    rf.next == 0, "a mark without its counts: no mark");
	ok(rd(HEAD MK(5, "1,2,3,4") "}\n",
	    &rf, &why) == 0 && rf.next == 0, "four counts: no mark");
	ok(rd(HEAD MK(9, "0,9,0,0,0") "}\n{\"type\":\"resume\","
	    "\"next\":1", &rf, &why) == 0 && rf.next == 9,
	    "a mark cut before its newline is not read");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[11,12,40]}\n",
	    &rf, &why) == 0 && rf.next == 9 && rf.ndone == 3,
	    "a stop's mark and its places done");
	ok(resume_done(&rf, done) == 3 && done[0] == 11 && done[1] == 12 &&
	    done[2] == 40, "the places, in order");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[11,40]}\n"
	    MK(41, "0,41,0,0,0") "}\n", &rf, &why) == 0 &&
	    resume_done(&rf, done) == 0, "a later K past the list: none left");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[11,40]}\n"
	    MK(20, "0,20,0,0,0") "}\n", &rf, &why) == 0 &&
	    resume_done(&rf, done) == 1 && done[0] == 40,
	    "a stop's list holds past a later mark, above its K");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[11,40]}\n"
	    MK(20, "0,20,0,0,0") ",\"done\":[]}\n", &rf, &why) == 0 &&
	    resume_done(&rf, done) == 0, "until the next stop's");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[]}\n", &rf,
	    &why) == 0 && rf.ndone == 0, "an empty list");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[9]}\n", &rf,
	    &why) == 0 && rf.next == 0, "a place not after K: no mark");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[12,11]}\n",
	    &rf, &why) == 0 && rf.next == 0, "places not rising: no mark");
	ok(rd(HEAD MK(9, "0,9,0,0,2") ",\"done\":[10,]}\n",
	    &rf, &why) == 0 && rf.next == 0, "a trailing comma: no mark");
	ok(rd(HEAD MK(99999999999999999999, "0,0,0,0,0") "}\n",
	    &rf, &why) == 0 && rf.next == 0, "past 64 bits: no mark");
	ok(rd(HEAD MK(9, "0,9,0,0,0") "}\n{\"type\":\"resume\","
	    "\"next\":5,\"states\":[1,2,3,4,5]}\n", &rf, &why) == -1 && why != NULL,
	    "marks that go back refused");
	ok(rd("{\"type\":\"port\"}\n" HEAD, &rf, &why) == -1 && why != NULL,
	    "a first line that is no scan's refused");
	ok(rd("{\"type\":\"scan\",\"args\":\"x", &rf, &why) == -1,
	    "no whole line refused");
	ok(rd("", &rf, &why) == -1, "an empty file refused");
}

/* -oX's spelling: a line of ours */
#define XH(l)	"<!-- sockt-resume " l " -->\n"
#define XHEAD	"<?xml version=\"1.0\"?>\n<nmaprun>\n" XH("{\"type\":\"scan\"," \
		"\"args\":\"portscan \\u002dr\",\"seed\":42,\"shard\":\"0/1\"," \
		"\"hosts\":2,\"up\":77}")

static char	got_s[64];	/* what collect had: "place:state:reason " */
static size_t	got_n;

static void
collect(void *arg, uint64_t place, int state, int reason)
{
	(void)arg;
	got_n += (size_t)snprintf(got_s + got_n, sizeof(got_s) - got_n,
	    "%d:%d:%d ", (int)place, state, reason);
}

static const char *
results(const char *s, struct resume_file *rf)
{
	got_n = 0;
	got_s[0] = '\0';
	resume_results(s, rf, collect, NULL);
	return got_s;
}

static void
test_xml(void)
{
	static const char two[] = XHEAD "<host/>\n"
	    XH(MK(3, "0,3,0,0,0") ",\"res\":\"cC2bB\"}")
	    "<host>\n"
	    XH(MK(5, "1,4,0,0,0") ",\"done\":[7],\"res\":\"dEcCbB\"}")
	    "<runstats/></nmaprun>\n";
	/* stopped with 9 done, resumed, a mark past 5 and none past 9 */
	static const char carried[] = XHEAD
	    XH(MK(3, "0,3,0,0,0") ",\"res\":\"cC3\"}")
	    XH(MK(5, "0,5,0,0,0") ",\"done\":[9],\"res\":\"cC2dE\"}")
	    XH(MK(8, "0,8,0,0,0") ",\"res\":\"cC3\"}");
	struct resume_file rf;
	const char *why;
	uint64_t done[4];

	ok(rd(XHEAD "<runstats/>\n", &rf, &why) == 0 && rf.xml &&
	    rf.args_len == strlen("portscan \\u002dr") && rf.seed == 42 &&
	    rf.keep == strlen(XHEAD), "-oX: the scan's comment, after "
	    "nmap's lines");
	ok(rd("<?xml version=\"1.0\"?>\n<nmaprun>\n", &rf, &why) == 0 &&
	    rf.xml && rf.keep == 0, "-oX: no comment of ours, nothing kept");
	ok(rd(two, &rf, &why) == 0 && rf.next == 5 && rf.marks == 2 &&
	    rf.keep == strlen(two) - strlen("<runstats/></nmaprun>\n"),
	    "-oX: kept up to the last mark, the elements a stop wrote after "
	    "it not");
	is_str(results(two, &rf), "0:2:2 1:2:2 2:1:1 3:3:4 4:2:2 7:1:1 ",
	    "-oX: every place's result in order, then the stop's");
	ok(resume_done(&rf, done) == 1 && done[0] == 7, "-oX: its list");
	ok(rd(XHEAD XH(MK(3, "0,3,0,0,0") ",\"res\":\"cC2\"}"), &rf,
	    &why) == 0 && rf.next == 0, "-oX: results that do not add up: no "
	    "mark");
	ok(rd(XHEAD XH(MK(3, "0,3,0,0,0") "}"), &rf, &why) == 0 &&
	    rf.next == 0, "-oX: a mark without results: none");
	ok(rd(XHEAD XH(MK(2, "0,2,0,0,0") ",\"res\":\"cC0cC2\"}"), &rf,
	    &why) == 0 && rf.next == 0, "-oX: a run of 0: no mark");
	ok(rd(XHEAD "<!-- sockt-resume " MK(3, "0,3,0,0,0")
	    ",\"res\":\"cC3\"} -->", &rf, &why) == 0 && rf.next == 0,
	    "-oX: a comment cut before its newline is not read");
	ok(rd(carried, &rf, &why) == 0 && rf.next == 8 &&
	    strcmp(results(carried, &rf), "0:2:2 1:2:2 2:2:2 3:2:2 4:2:2 "
	    "5:2:2 6:2:2 7:2:2 9:3:4 ") == 0, "-oX: a stop's place past a "
	    "later mark's K read from the stop's");
	ok(rd("<?xml?>\n" XH("{\"type\":\"port\"}"), &rf, &why) == -1 &&
	    why != NULL, "-oX: a first comment that is no scan's refused");
}

static void
test_mark(void)
{
	struct scan_mark m;
	uint64_t seq, got[8];
	size_t pos = 0, n = 0;
	char *line, *s;
	int i, tag, inorder = 1;

	memset(&m, 0, sizeof(m));
	ok(scan_mark_pop(&m, &line, &tag) == 0, "an empty mark hands back "
	    "nothing");
	ok(scan_mark_put(&m, 2, strdup("two"), 2) == 0 &&
	    scan_mark_put(&m, 1, NULL, 1) == 0, "places 2 and 1 done");
	ok(scan_mark_pop(&m, &line, &tag) == 0 && m.base == 0,
	    "place 0 still out: nothing handed back");
	ok(scan_mark_put(&m, 5000, strdup("far"), 3) == 0, "a place far ahead: "
	    "the ring grows");
	ok(scan_mark_put(&m, 0, strdup("zero"), 0) == 0, "place 0 done");
	for (i = 0; scan_mark_pop(&m, &line, &tag) == 1; i++) {
		if (tag != i)
			inorder = 0;
		if ((i == 0 && (line == NULL || strcmp(line, "zero") != 0)) ||
		    (i == 1 && line != NULL) || (i == 2 && (line == NULL ||
		    strcmp(line, "two") != 0)))
			inorder = 0;
		free(line);
	}
	ok(inorder && i == 3 && m.base == 3, "0, 1, 2 handed back in order, "
	    "with their tags");
	ok(scan_mark_put(&m, 1, strdup("again"), 1) == 0 && m.base == 3,
	    "a place below base dropped");
	ok(scan_mark_put(&m, 7, NULL, 4) == 0, "place 7 done");
	while (scan_mark_held(&m, &pos, &seq, &s, &tag) == 1) {
		if (n < 8)
			got[n] = seq;
		n++;
		free(s);
	}
	ok(n == 2 && got[0] == 7 && got[1] == 5000, "held after base: 7, "
	    "5000");
	scan_mark_free(&m);
}

static void
test_seq(void)
{
	static const uint16_t ports[] = { 1, 2, 3, 4, 5, 6, 7 };
	struct scan_config c;
	uint64_t p, k, n, bad = 0;

	memset(&c, 0, sizeof(c));
	c.naddrs = 13;
	c.ports = ports;
	c.nports = 7;
	c.shard_n = 3;
	c.shard_i = 2;
	c.random = 1;
	c.seed = 0x1234567;
	n = (13 * 7 - 2 + 2) / 3;
	for (k = 0; k < n; k++) {
		p = scan_permute(k, n, c.seed) * c.shard_n + c.shard_i;
		if (scan_probe_seq(&c, p) != k)
			bad++;
	}
	is_int(bad, 0, "-r, a shard: every probe's place found back");
	c.random = 0;
	is_int(scan_probe_seq(&c, 5 * 3 + 2), 5, "in order: the shard's "
	    "fifth");
}

int
main(void)
{
	test_read();
	test_xml();
	test_mark();
	test_seq();
	return tap_done();
}
