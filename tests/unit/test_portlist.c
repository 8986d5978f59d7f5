/* test_portlist.c: the port-list parser. */
#include <stdlib.h>
#include <string.h>

#include "parse/portlist.h"
#include "tap.h"
#include "util/base.h"

/* A stand-in services database: no I/O in unit tests. */
static int
lookup(const char *name, void *arg)
{
	static const struct { const char *n; int p; } db[] = {
		{ "ftp", 21 }, { "ssh", 22 }, { "http", 80 },
		{ "netbios-ns", 137 }, { "https", 443 },
	};
	size_t i;

	(*(int *)arg)++;
	for (i = 0; i < sizeof(db) / sizeof(db[0]); i++)
		if (strcmp(db[i].n, name) == 0)
			return db[i].p;
	return -1;
}

static struct portlist pl;
static char err[SK_ERRLEN];
static int calls;

static int
parse(const char *s)
{
	portlist_init(&pl);
	err[0] = '\0';
	return portlist_parse(&pl, s, lookup, &calls, err);
}

static void
bad(const char *s, const char *want)
{
	char desc[128];

	snprintf(desc, sizeof(desc), "'%s' refused", s);
	is_int(parse(s), -1, desc);
	snprintf(desc, sizeof(desc), "'%s' message", s);
	is_str(err, want, desc);
}

int
main(void)
{
	static uint16_t out[65535];
	size_t n;

	is_int(parse("22,80,8000-8100"), 103, "list and range");
	ok(portlist_has(&pl, 22) && portlist_has(&pl, 80) &&
	    portlist_has(&pl, 8000) && portlist_has(&pl, 8100), "members");
	ok(!portlist_has(&pl, 23) && !portlist_has(&pl, 7999) &&
	    !portlist_has(&pl, 8101) && !portlist_has(&pl, 0), "non-members");
	n = portlist_expand(&pl, out);
	is_int(n, 103, "expand count");
	ok(out[0] == 22 && out[1] == 80 && out[2] == 8000 && out[102] == 8100,
	    "expand is ascending");

	is_int(parse("1-65535"), 65535, "every port");
	is_int(parse("-"), 65535, "'-' is every port");
	is_int(parse("65535"), 1, "65535 is a port");
	is_int(parse("1"), 1, "1 is a port");
	is_int(parse("80,80,79-81"), 3, "duplicates count once");
	is_int(parse("007"), 1, "leading zeros");
	ok(portlist_has(&pl, 7), "007 is 7");
	is_int(parse("5-5"), 1, "one-port range");

	calls = 0;
	is_int(parse("ssh,http"), 2, "service names");
	ok(portlist_has(&pl, 22) && portlist_has(&pl, 80), "names looked up");
	ok(calls >= 2, "through the callback");
	is_int(parse("netbios-ns"), 1, "a name with a dash");
	ok(portlist_has(&pl, 137), "netbios-ns is 137");
	is_int(parse("ftp-ssh"), 2, "a range of names");
	is_int(parse("http-443"), 364, "a name and a number");

	/* the messages the issue asks for */
	bad("1-", "port range 1-: missing end");
	bad("5-2", "port range 5-2: start is after end");
	bad("0", "port 0: out of range (1-65535)");
	bad("65536", "port 65536: out of range (1-65535)");
	bad("a-b", "port a-b: not a port number, range or known service");
	/* and the rest */
	bad("-5", "port range -5: missing start");
	bad("", "empty port list");
	bad("80,,81", "port list 80,,81: empty element");
	bad("80,", "port list 80,: empty element");
	bad("nosuch", "port nosuch: unknown service");
	bad("1-nosuch", "port range 1-nosuch: unknown service nosuch");
	bad("1-2-3", "port range 1-2-3: too many '-'");
	bad("80x", "port 80x: not a number or service name");
	bad("99999999999999999999", "port 99999999999999999999: out of range "
	    "(1-65535)");
	bad("1-70000", "port range 1-70000: 70000 out of range (1-65535)");
	bad("8 0", "port 8 0: not a number or service name");

	portlist_init(&pl);
	is_int(portlist_parse(&pl, "80", NULL, NULL, err), 1, "merge: first");
	is_int(portlist_parse(&pl, "443", NULL, NULL, err), 2, "merge: second");
	is_int(portlist_parse(&pl, "1-", NULL, NULL, err), -1, "merge: bad");
	is_int(pl.count, 2, "a bad list leaves the set alone");
	ok(portlist_has(&pl, 80) && !portlist_has(&pl, 1), "set unchanged");
	is_int(portlist_parse(&pl, "ssh", NULL, NULL, err), -1,
	    "no callback: names refused");

	portlist_init(&pl);
	ok(portlist_parse(&pl, portlist_default_udp, NULL, NULL, err) > 50 &&
	    portlist_has(&pl, 53) && portlist_has(&pl, 161),
	    "the UDP default set holds the usual ones");

	/* nmap's U:53,T:80 */
	{
		static struct portlist t, u;

		portlist_init(&t);
		portlist_init(&u);
		is_int(portlist_parse_protos(&t, &u, "22,U:53,161,T:80-81", NULL,
		    NULL, err), 3, "U: and T: prefixes: both named");
		ok(t.count == 3 && portlist_has(&t, 22) && portlist_has(&t, 80) &&
		    portlist_has(&t, 81), "TCP: 22 before any prefix, 80-81");
		ok(u.count == 3 && portlist_has(&u, 22) && portlist_has(&u, 53) &&
		    portlist_has(&u, 161), "UDP: 22, 53 and 161");
		is_int(portlist_pick(&t, &u, 3, err), -1, "both scanned: differ");
		is_int(portlist_pick(&t, &u, 1, err), 0, "TCP alone: its own");
		is_int(t.count, 3, "... three ports");
		is_int(portlist_pick(&t, &u, 2, err), 0, "UDP alone: its own");
		ok(portlist_has(&t, 53) && !portlist_has(&t, 80), "... UDP's");
		is_int(portlist_parse_protos(&t, &u, "U:", NULL, NULL, err), -1,
		    "U: with nothing after it refused");
		is_str(err, "port list U:: no port after U: (as nmap's: "
		    "U:53,T:80)", "... saying what to write");
		is_int(portlist_parse_protos(&t, &u, "S:1", NULL, NULL, err), -1,
		    "S: refused");
		portlist_init(&t);
		portlist_init(&u);
		is_int(portlist_parse_protos(&t, &u, "u:53", NULL, NULL, err), 2,
		    "lowercase u: as U:");
		is_int(portlist_pick(&t, &u, 1, err), -1, "U: ports, TCP scanned");
		is_str(err, "-p: no TCP port to scan: U: ports are UDP's, "
		    "scanned with -sU (-u)", "... saying what to add");
	}
	return tap_done();
}
