/*
 * test_dialmap.c: --resolve and --connect-to read (parse/dialmap.c) and
 * applied as curl applies them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/dialmap.h"
#include "tap.h"
#include "util/base.h"

static struct dialmap m;

static int
res(const char *arg)
{
	char err[SK_ERRLEN];

	return dialmap_resolve_add(&m, arg, err);
}

static int
ct(const char *arg)
{
	char err[SK_ERRLEN];

	return dialmap_connto_add(&m, arg, err);
}

/* where host:port goes: "HOST:PORT" and, after '=', the first address */
static const char *
route(const char *host, int port, int connto)
{
	static char buf[SK_HOSTLEN + 96];
	const struct dialmap_resolve *r;
	char to[SK_HOSTLEN];
	int p;

	r = dialmap_route(&m, host, port, connto, to, sizeof(to), &p);
	snprintf(buf, sizeof(buf), "%s:%d%s%s", to, p, r ? "=" : "",
	    r ? r->addr[0] : "");
	return buf;
}

static void
bad(int (*add)(const char *), const char *arg, const char *want)
{
	char err[SK_ERRLEN], desc[256];
	int rc;

	memset(&m, 0, sizeof(m));
	rc = add == res ? dialmap_resolve_add(&m, arg, err) :
	    dialmap_connto_add(&m, arg, err);
	snprintf(desc, sizeof(desc), "refused: %s", arg);
	is_int(rc, -1, desc);
	snprintf(desc, sizeof(desc), "says: %s", want);
	ok(rc == -1 && strstr(err, want) != NULL, desc);
	if (rc == -1 && strstr(err, want) == NULL)
		printf("#   got '%s'\n", err);
}

int
main(void)
{
	memset(&m, 0, sizeof(m));
	ok(res("h:80:1.2.3.4") == 0 && res("g:80:1.2.3.5") == 0 &&
	    res("-H:80") == 0 && m.nres == 1 && strcmp(m.res[0].host, "g") ==
	    0 && res("-h:80") == 0 && m.nres == 1,
	    "-HOST:PORT drops its entry (none there: nothing), as curl's");
	memset(&m, 0, sizeof(m));
	is_int(res("example.org:443:127.0.0.1"), 0, "resolve: one address");
	is_str(route("example.org", 443, 1), "example.org:443=127.0.0.1",
	    "resolve: the name keeps, the address is given");
	is_str(route("EXAMPLE.org", 443, 1), "EXAMPLE.org:443=127.0.0.1",
	    "resolve: any case");
	is_str(route("example.org", 80, 1), "example.org:80",
	    "resolve: another port is not mapped");
	is_str(route("other.org", 443, 1), "other.org:443",
	    "resolve: another host is not mapped");
	is_int(res("example.org:443:[::1],10.0.0.1"), 0,
	    "resolve: a second entry for the same host and port");
	is_int(m.nres, 1, "resolve: it takes the first one's place");
	is_int(m.res[0].naddr, 2, "resolve: both addresses");
	is_str(m.res[0].addr[0], "::1", "resolve: brackets dropped");
	is_int(res("+a.org:80:192.0.2.1"), 0, "resolve: + taken");
	is_int(res("*:8080:192.0.2.9"), 0, "resolve: * for any host");
	is_str(route("whatever", 8080, 1), "whatever:8080=192.0.2.9",
	    "resolve: * matches any host");
	is_int(res("b.org:8080:192.0.2.8"), 0, "resolve: a named one too");
	is_str(route("b.org", 8080, 1), "b.org:8080=192.0.2.8",
	    "resolve: a named entry before *");
	is_int(res("[::1]:80:::1"), 0, "resolve: an IPv6 host in brackets");

	memset(&m, 0, sizeof(m));
	is_int(ct("a.org:443:b.org:8443"), 0, "connect-to: all four");
	is_int(ct(":80:c.org:"), 0, "connect-to: empty host1 and port2");
	is_int(ct("d.org::[::1]:81"), 0, "connect-to: empty port1, IPv6");
	is_int(ct(":::"), 0, "connect-to: all empty");
	is_str(route("a.org", 443, 1), "b.org:8443", "connect-to: mapped");
	is_str(route("a.org", 443, 0), "a.org:443",
	    "connect-to: not for a proxy's name");
	is_str(route("x.org", 80, 1), "c.org:80",
	    "connect-to: any host, the port kept");
	is_str(route("d.org", 9, 1), "::1:81", "connect-to: any port");
	is_str(route("e.org", 9, 1), "e.org:9",
	    "connect-to: ':::' keeps both");
	is_int(ct("a.org:443:z.org:1"), 0, "connect-to: a later match");
	is_str(route("a.org", 443, 1), "b.org:8443",
	    "connect-to: the first match wins");
	/* curl's: an entry that changes nothing lets a later one match */
	is_int(ct("e.org:9:f.org:"), 0, "connect-to: after ':::'");
	is_str(route("e.org", 9, 1), "f.org:9",
	    "connect-to: ':::' passed over for a later match, as curl");
	ok(dialmap_connto(&m, "e.org", 9) == &m.ct[5],
	    "connect-to: the entry that moves e.org:9");
	ok(dialmap_connto(&m, "g.org", 9) == NULL,
	    "connect-to: none that moves g.org:9");
	is_int(res("b.org:8443:127.0.0.5"), 0, "and a resolve for its target");
	is_str(route("a.org", 443, 1), "b.org:8443=127.0.0.5",
	    "connect-to, then resolve on where it leads");

	bad(res, "h", "a ':' must follow");
	bad(res, "h:80", "missing the addresses");
	bad(res, "h:80:", "missing the addresses");
	bad(res, ":80:127.0.0.1", "host: missing");
	bad(res, "h:0:127.0.0.1", "port 0: not a port");
	bad(res, "h:65536:127.0.0.1", "not a port");
	bad(res, "h:8x:127.0.0.1", "port 8x: not a port");
	bad(res, "h:80:1.2.3", "address 1.2.3: not an IPv4 or IPv6");
	bad(res, "h:80:1.2.3.4,", "an empty address after ','");
	bad(res, "h:80:1.2.3.4,,5.6.7.8", "address : not an IPv4");
	bad(res, "h:80:example.org", "not an IPv4 or IPv6");
	bad(res, "a*:80:1.2.3.4", "* stands alone");
	bad(res, "-h:80:1.2.3.4", "missing the addresses");
	bad(res, "[::1:80:1.2.3.4", "missing ']'");
	bad(res, "h h:80:1.2.3.4", "not a host name or address");
	bad(ct, "a:1:b", "the second host: a ':' must follow");
	bad(ct, "a:1:b:2:3", "not more");
	bad(ct, "a:x:b:2", "the first port x");
	bad(ct, "a:1:b:99999", "the second port 99999");
	bad(ct, "*:1:b:2", "an empty host, not *");
	bad(ct, "a", "a ':' must follow");
	return tap_done();
}
