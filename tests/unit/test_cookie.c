/* Unit tests for cookies (src/parse/cookie.c) and cookie dates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cookie.h"
#include "parse/httpdate.h"
#include "tap.h"
#include "util/base.h"

#define NOW	1795428000LL	/* Mon, 23 Nov 2026 10:00:00 GMT */

static struct cookie_jar jar;
static char hdr[COOKIE_HDR_MAX + 1];

/* Set-Cookie s from http://host/path (https when secure). */
static int
set(const char *host, const char *path, int secure, const char *s)
{
	struct cookie_to to = { host, path, secure, NULL };
	char err[SK_ERRLEN];

	return cookie_set(&jar, s, strlen(s), &to, NOW, err);
}

/* What goes to host/path in a Cookie field. */
static const char *
sent(const char *host, const char *path, int secure, long long now)
{
	struct cookie_to to = { host, path, secure, NULL };

	(void)cookie_header(&jar, &to, now, hdr, sizeof(hdr));
	return hdr;
}

/* The jar as curl's file would hold it, after the head. */
static const char *
file(void)
{
	static char b[8192];
	const struct cookie *c[64];
	size_t len = 0;
	int i, n = cookie_order(&jar, NOW, c);

	b[0] = '\0';
	for (i = 0; i < n; i++)
		len += cookie_format(c[i], b + len, sizeof(b) - len);
	return b;
}

static int
cdate(const char *s, long long want)
{
	long long t = -7;

	return http_cookie_date(s, strlen(s), &t) == 0 && t == want;
}

static int
cdate_bad(const char *s)
{
	long long t = -7;

	return http_cookie_date(s, strlen(s), &t) == -1;
}

static void
dates(void)
{
	ok(cdate("Sun, 06 Nov 1994 08:49:37 GMT", 784111777), "IMF date");
	ok(cdate("Sunday, 06-Nov-94 08:49:37 GMT", 784111777), "RFC 850");
	ok(cdate("Sun Nov  6 08:49:37 1994", 784111777), "asctime");
	ok(cdate("Wed, 21-Oct-2026 07:28:00 GMT", 1792567680), "Netscape");
	ok(cdate("6 nov 1994 8:49:37", 784111777), "any order, any case");
	ok(cdate("01 Jan 69 00:00:00", 3124224000LL), "69 is 2069");
	ok(cdate("01 Jan 70 00:00:00", 0), "70 is 1970");
	ok(cdate_bad("31 Nov 1994 08:49:37"), "31 November");
	ok(cdate_bad("06 Nov 1600 08:49:37"), "before 1601");
	ok(cdate_bad("06 Nov 1994"), "no time");
	ok(cdate_bad("06 Nov 1994 24:00:00"), "hour 24");
	ok(cdate_bad("Nov 1994 08:49:37"), "no day");
	ok(cdate_bad(""), "empty");
}

static void
matching(void)
{
	ok(cookie_domain_match("example.com", "example.com"), "domain same");
	ok(cookie_domain_match("WWW.Example.com", "example.com"),
	    "subdomain, any case");
	ok(!cookie_domain_match("badexample.com", "example.com"),
	    "no dot before");
	ok(!cookie_domain_match("example.com", "www.example.com"),
	    "a parent is not covered");
	ok(!cookie_domain_match("1.2.3.4", "2.3.4"), "an IP address: whole");
	ok(cookie_path_match("/a/b", "/a"), "path below");
	ok(cookie_path_match("/a", "/a"), "path same");
	ok(cookie_path_match("/a?x=/b", "/a"), "query left out");
	ok(!cookie_path_match("/ab", "/a"), "not at a /");
	ok(cookie_path_match("/a/b", "/a/"), "cookie path ending /");
	ok(!cookie_path_match("/a", "/a/"), "/a/ does not cover /a (RFC)");
	ok(cookie_path_match("", "/"), "empty path is /");
	ok(cookie_secure_host("localhost") && cookie_secure_host("a.localhost")
	    && cookie_secure_host("127.0.0.1") && cookie_secure_host("127.9.8.7")
	    && cookie_secure_host("::1"), "loopback is secure");
	ok(!cookie_secure_host("example.com") && !cookie_secure_host("::2") &&
	    !cookie_secure_host("128.0.0.1") && !cookie_secure_host("xlocalhost"),
	    "others are not");
}

static void
storing(void)
{
	is_int(set("www.example.com", "/d/page", 0, "a=1"), 1, "stored");
	is_str(file(), "www.example.com\tFALSE\t/d\tFALSE\t0\ta\t1\n",
	    "host-only, default-path /d, session");
	is_int(set("www.example.com", "/d/page", 0,
	    " b = two words ; Domain=.Example.COM; Path=/; HttpOnly"), 1,
	    "domain cookie");
	is_str(file(), "#HttpOnly_.Example.COM\tTRUE\t/\tFALSE\t0\tb\ttwo words\n"
	    "www.example.com\tFALSE\t/d\tFALSE\t0\ta\t1\n",
	    "newest first, HttpOnly prefix, dot, trimmed, the domain as sent");
	is_str(sent("www.example.com", "/d/x", 0, NOW), "a=1; b=two words",
	    "longer path first");
	is_str(sent("other.example.com", "/d/x", 0, NOW), "b=two words",
	    "host-only stays home");
	is_str(sent("example.com", "/", 0, NOW), "b=two words",
	    "domain covers itself");
	is_int(set("www.example.com", "/", 0, "c=1; Domain=other.com"), 0,
	    "foreign domain refused");
	is_int(set("www.example.com", "/", 0, "c=1; Domain=sub.www.example.com"),
	    0, "a subdomain refused");
	is_int(set("www.example.com", "/", 0, "c=1; Domain=com"), 0,
	    "a top-level domain refused");
	is_int(set("127.0.0.1", "/", 0, "c=1; Domain=0.0.1"), 0,
	    "IP tail refused");
	is_int(set("127.0.0.1", "/", 0, "ip=1; Domain=127.0.0.1"), 1,
	    "IP itself taken");
	is_str(sent("127.0.0.1", "/", 0, NOW), "ip=1", "sent to the IP");
	is_int(set("www.example.com", "/", 0, "s=1; Secure"), 0,
	    "secure over http refused");
	is_int(set("www.example.com", "/", 1, "s=1; Secure"), 1,
	    "secure over https");
	is_str(sent("www.example.com", "/", 0, NOW), "b=two words",
	    "secure not sent over http");
	is_str(sent("www.example.com", "/", 1, NOW), "s=1; b=two words",
	    "sent over https, curl's order: the newer first");
	is_int(set("www.example.com", "/", 0, "s=2"), 0,
	    "over http, not replacing a Secure one of the name");
	is_int(set("a.www.example.com", "/", 0, "s=2; Domain=example.com"), 0,
	    "... nor shadowing it from a wider domain");
	is_int(set("www.example.com", "/x", 0, "s=2; Path=/x"), 0,
	    "... nor from a path below");
	is_int(set("www.example.com", "/", 0, "s=2; Path=/y/"), 0,
	    "... nor /y/ below its /");
	is_int(set("other.com", "/", 0, "s=2"), 1, "... another domain's is");
	is_int(set("www.example.com", "/", 1, "s=3"), 1,
	    "... over https it is replaced");
	is_int(set("www.example.com", "/", 0, "s=4"), 1,
	    "... and, no longer Secure, over http");
	is_int(set("www.example.com", "/", 0, "nameonly"), 0, "no = refused");
	is_int(set("www.example.com", "/", 0, "=v"), 0, "empty name refused");
	is_int(set("www.example.com", "/", 0, "a=\001"), 0, "control refused");
	is_int(set("www.example.com", "/", 0, "a=1; Path=/a\tb"), 0,
	    "a TAB in the path refused (the file's columns)");
	is_int(set("www.example.com", "/", 0, "__Secure-x=1"), 0,
	    "__Secure- needs Secure");
	is_int(set("www.example.com", "/", 1, "__Host-x=1; Secure; Path=/;"
	    " Domain=example.com"), 0, "__Host- refuses Domain");
	is_int(set("www.example.com", "/", 1, "__Host-x=1; Secure; Path=/"), 1,
	    "__Host- as it should be");
	cookie_jar_free(&jar);
}

static void
expiring(void)
{
	set("h.test", "/", 0, "a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 "
	    "00:00:01 GMT");
	set("h.test", "/", 0, "b=1; Expires=Thu, 01 Jan 2037 00:00:00 GMT; "
	    "Max-Age=-1");
	set("h.test", "/", 0, "c=1; Expires=Thu, 01 Jan 2037 00:00:00 GMT");
	set("h.test", "/", 0, "d=1; Max-Age=junk");
	is_str(file(), "h.test\tFALSE\t/\tFALSE\t0\td\t1\n"
	    "h.test\tFALSE\t/\tFALSE\t2114380800\tc\t1\n"
	    "h.test\tFALSE\t/\tFALSE\t1795428060\ta\t1\n",
	    "Max-Age beats Expires either way; a bad Max-Age ignored");
	is_str(sent("h.test", "/", 0, NOW + 61), "d=1; c=1",
	    "expired not sent");
	set("h.test", "/", 0, "a=2; Max-Age=100");
	set("h.test", "/", 0, "c=gone; Max-Age=0");
	set("h.test", "/", 0, "d=gone; Expires=Sun, 06 Nov 1994 08:49:37 GMT");
	is_str(sent("h.test", "/", 0, NOW), "a=2", "replaced keeps its "
	    "creation; Max-Age=0 and a past date delete");
	cookie_jar_free(&jar);
}

static void
lines(void)
{
	const char *l[] = {
		"# a comment",
		"",
		".example.com\tTRUE\t/\tFALSE\t0\ta\tb",
		"example.com\tFALSE\t/x/\tTRUE\t2000000000\tc\td",
		"#HttpOnly_example.com\tFALSE\t/\tFALSE\t0\te\tf",
		"Set-Cookie: g=h; domain=example.com",
		"example.com\tFALSE\t/\tFALSE\t0\tnovalue",
		"example.com\tFALSE\t/\tFALSE\t1000\told\tgone",
		"Set-Cookie: nodomain=1",
		"too\tfew\tfields",
		"example.com\tFALSE\t/\tFALSE\tx\tbad\texpiry",
	};
	size_t i;
	int got = 0;

	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		got += cookie_line(&jar, l[i], strlen(l[i]), 0, NOW);
	is_int(got, 5, "five lines taken");
	is_str(file(), "example.com\tFALSE\t/\tFALSE\t0\tnovalue\t\n"
	    ".example.com\tTRUE\t/\tFALSE\t0\tg\th\n"
	    "#HttpOnly_example.com\tFALSE\t/\tFALSE\t0\te\tf\n"
	    "example.com\tFALSE\t/x/\tTRUE\t2000000000\tc\td\n"
	    ".example.com\tTRUE\t/\tFALSE\t0\ta\tb\n", "written as curl does");
	is_str(sent("example.com", "/x/y", 1, NOW), "c=d; novalue=; e=f; "
	    "a=b; g=h", "read back in curl's order: longer path, then name, "
	    "then newer; a Set-Cookie line's without Path last");
	cookie_jar_free(&jar);
	got = 0;
	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		got += cookie_line(&jar, l[i], strlen(l[i]), 1, NOW);
	is_int(got, 1, "-j: session cookies junked");
	cookie_jar_free(&jar);
}

/*
 * A Set-Cookie line within COOKIE_LINE_MAX whose file line, with its
 * host, tabs and flags, is longer: it must still read back.
 */
static void
roundtrip_long(void)
{
	static char b[COOKIE_LINE_MAX + 1], line[COOKIE_LINE_MAX + 512];
	const struct cookie *c[1];
	struct cookie_jar back;
	size_t n = 0, v = COOKIE_NV_MAX - 1, at;
	int got;

	memset(b, 'v', sizeof(b));
	memcpy(b, "n=", 2);
	at = 2 + v;
	memcpy(b + at, "; Path=/", 8);
	at += 8;
	memset(b + at, 'p', COOKIE_LINE_MAX - at);
	b[COOKIE_LINE_MAX] = '\0';
	is_int(set("a-rather-long-host-name-for-the-test.example.com",
	    "/", 0, b), 1, "a 5000-byte Set-Cookie");
	ok(cookie_order(&jar, NOW, c) == 1 && (n = cookie_format(c[0], line,
	    sizeof(line))) > COOKIE_LINE_MAX, "its file line over 5000 bytes");
	memset(&back, 0, sizeof(back));
	got = cookie_line(&back, line, n - 1, 0, NOW);
	is_int(got, 1, "reads back from the file");
	cookie_jar_free(&back);
	cookie_jar_free(&jar);
}

/*
 * A file's line that cookie_line takes is one it reads back once
 * written, though the writing adds a dot, flags and an expiry.
 */
static void
file_grows(void)
{
	static char l[COOKIE_FILE_LINE_MAX + 1], out[COOKIE_FILE_LINE_MAX + 64];
	const struct cookie *c[1];
	struct cookie_jar back;
	size_t n, at;
	int took, again = 0;

	/* example.com X /ppp... X (no expiry) n vvv..., TAB-separated */
	memset(l, 'v', sizeof(l));
	memcpy(l, "example.com\tX\t/", 15);
	at = 15;
	memset(l + at, 'p', 1400);
	at += 1400;
	memcpy(l + at, "\tX\t\tn\t", 6);
	l[COOKIE_FILE_LINE_MAX] = '\0';
	took = cookie_line(&jar, l, COOKIE_FILE_LINE_MAX, 0, NOW);
	if (took == 1 && cookie_order(&jar, NOW, c) == 1 &&
	    (n = cookie_format(c[0], out, sizeof(out))) > 0) {
		memset(&back, 0, sizeof(back));
		again = cookie_line(&back, out, n - 1, 0, NOW);
		cookie_jar_free(&back);
	}
	ok(took == 0 || again == 1, "a line taken reads back once written");
	cookie_jar_free(&jar);
}

/*
 * An attribute with no value at the very end, in a buffer of its exact
 * size: nothing past it is read (ASan says so).
 */
static void
exact_end(void)
{
	const char *v[] = { "a=b; Max-Age", "a=b; Max-Age=", "a=b; Expires",
	    "a=b; Domain", "a=b; Path" };
	struct cookie_to to = { "h.test", "/", 0, NULL };
	char err[SK_ERRLEN], *p;
	size_t i, n;
	int bad = 0;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = strlen(v[i]);
		if ((p = malloc(n)) == NULL)
			break;
		memcpy(p, v[i], n);
		bad |= cookie_set(&jar, p, n, &to, NOW, err) != 1;
		free(p);
	}
	ok(!bad && i == sizeof(v) / sizeof(v[0]),
	    "attributes without a value at the end of the buffer");
	cookie_jar_free(&jar);
}

static void
limits(void)
{
	char b[COOKIE_NV_MAX + 64];
	int i;

	memset(b, 'v', sizeof(b));
	memcpy(b, "n=", 2);
	b[COOKIE_NV_MAX + 1] = '\0';
	is_int(set("h.test", "/", 0, b), 1, "4096 bytes of name and value");
	b[COOKIE_NV_MAX + 1] = 'v';
	b[COOKIE_NV_MAX + 2] = '\0';
	is_int(set("h.test", "/", 0, b), 0, "4097 refused");
	/* an attribute as long as that drops the cookie, as curl drops it */
	memset(b, 'z', sizeof(b));
	memcpy(b, "n=; ", 4);
	b[4 + COOKIE_NV_MAX - 2] = '\0';
	is_int(set("h.test", "/", 0, b), 1, "an attribute of 4094 bytes");
	b[4 + COOKIE_NV_MAX - 2] = 'z';
	b[4 + COOKIE_NV_MAX - 1] = '\0';
	is_int(set("h.test", "/", 0, b), 0, "... of 4095: refused");
	cookie_jar_free(&jar);
	for (i = 0; i < COOKIE_SEND_MAX + 5; i++) {
		(void)snprintf(b, sizeof(b), "c%d=%d", i, i);
		set("h.test", "/", 0, b);
	}
	is_int(jar.n, COOKIE_SEND_MAX + 5, "no cap a domain, as curl");
	ok(strncmp(sent("h.test", "/", 0, NOW), "c149=149; c148=148", 18) ==
	    0 && strstr(hdr, "; c0=0") != NULL && strstr(hdr, "c150=") == NULL,
	    "the oldest 150 sent, in curl's order, as curl's cap");
	for (i = 0; i < COOKIE_JAR_MAX + 10; i++) {
		(void)snprintf(b, sizeof(b), "h%d.test", i);
		set(b, "/", 0, "x=1");
	}
	is_int(jar.n, COOKIE_JAR_MAX, "at most 3000 in all");
	is_str(sent("h0.test", "/", 0, NOW), "", "the oldest went");
	cookie_jar_free(&jar);
	for (i = 0; i < 50; i++) {
		(void)snprintf(b, sizeof(b), "c%d=%0300d", i, i);
		set("h.test", "/", 0, b);
	}
	ok(strlen(sent("h.test", "/", 0, NOW)) <= COOKIE_HDR_MAX,
	    "the Cookie field within 8190 bytes");
	cookie_jar_free(&jar);
	roundtrip_long();
	exact_end();
	file_grows();
}

/*
 * A file's lines without a domain (issue 49): the first URL's host's
 * alone (jar.host), written back for it; skipped with no host.
 */
static void
no_domain(void)
{
	const char *l[] = {
		"Set-Cookie: a=1; Path=/",
		"\tFALSE\t/\tFALSE\t0\tb\t2",
		".\tTRUE\t/x\tFALSE\t0\tc\t3",
		"Set-Cookie: __Host-d=4; Path=/; Secure",
	};
	size_t i;
	int got = 0;

	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		got += cookie_line(&jar, l[i], strlen(l[i]), 0, NOW);
	is_int(got, 0, "no host: lines without a domain skipped");
	jar.host = "Example.COM";
	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		got += cookie_line(&jar, l[i], strlen(l[i]), 0, NOW);
	jar.host = NULL;
	is_int(got, 4, "the first URL's host: all four taken");
	is_str(sent("example.com", "/x", 1, NOW), "c=3; __Host-d=4; b=2; a=1",
	    "... sent to it");
	is_str(sent("www.example.com", "/x", 1, NOW), "",
	    "... to it alone, not below it");
	is_str(file(), "Example.COM\tFALSE\t/\tTRUE\t0\t__Host-d\t4\n"
	    "Example.COM\tFALSE\t/x\tFALSE\t0\tc\t3\n"
	    "Example.COM\tFALSE\t/\tFALSE\t0\tb\t2\n"
	    "Example.COM\tFALSE\t/\tFALSE\t0\ta\t1\n",
	    "... written back for it");
	cookie_jar_free(&jar);
}

/* A file's Netscape lines with a name prefix: its demands, as curl's. */
static void
file_prefixes(void)
{
	const char *l[] = {
		"h.example	FALSE	/	FALSE	0	__Secure-a	1",
		"h.example	FALSE	/	TRUE	0	__secure-b	2",
		"h.example	TRUE	/	TRUE	0	__Host-c	3",
		"h.example	FALSE	/x	TRUE	0	__Host-d	4",
		"h.example	FALSE	/	FALSE	0	__HOST-e	5",
		"h.example	FALSE	/	TRUE	0	__Host-f	6",
	};
	size_t i;
	int got = 0;

	for (i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		got += cookie_line(&jar, l[i], strlen(l[i]), 0, NOW);
	is_int(got, 2, "file lines: a prefix's demands met by two");
	is_str(sent("h.example", "/x", 1, NOW), "__secure-b=2; __Host-f=6",
	    "... Secure for __Secure- (any case); for __Host- also path / and "
	    "no domain");
	cookie_jar_free(&jar);
}

/* a list where "ck" and "*.ck" are public suffixes, as the real one's */
static int
suffix_ok(const char *host, const char *domain)
{
	(void)host;
	return strcmp(domain, "ck") != 0 && strcmp(domain, "example.ck") != 0;
}

/* the caller's public suffix list, asked for a Domain attribute only */
static void
suffixes(void)
{
	struct cookie_to to = { "www.example.ck", "/", 0, suffix_ok };
	char err[SK_ERRLEN];
	const char *s;

	cookie_jar_free(&jar);
	s = "a=1; domain=example.ck";
	is_int(cookie_set(&jar, s, strlen(s), &to, NOW, err), 0,
	    "psl: a public suffix's Domain refused");
	is_str(err, "domain example.ck is a public suffix", "psl: ... saying so");
	s = "b=2; domain=www.example.ck";
	is_int(cookie_set(&jar, s, strlen(s), &to, NOW, err), 1,
	    "psl: the host's own domain taken");
	s = "c=3";
	is_int(cookie_set(&jar, s, strlen(s), &to, NOW, err), 1,
	    "psl: no Domain: not asked, taken");
	to.domain_ok = NULL;
	s = "d=4; domain=example.ck";
	is_int(cookie_set(&jar, s, strlen(s), &to, NOW, err), 1,
	    "psl: no list: the dot rule alone takes example.ck");
	cookie_jar_free(&jar);
}

int
main(void)
{
	dates();
	matching();
	storing();
	expiring();
	lines();
	no_domain();
	file_prefixes();
	limits();
	suffixes();
	return tap_done();
}
