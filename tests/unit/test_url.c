/*
 * test_url.c: the http:// and https:// URL parser, redirect resolution,
 * -O names.
 */
#include <stdlib.h>
#include <string.h>

#include "parse/url.h"
#include "tap.h"
#include "util/base.h"

static struct url u;
static char err[SK_ERRLEN];

static int
parse(const char *s)
{
	err[0] = '\0';
	return url_parse(s, &u, err);
}

static const char *
resolve(const char *base, const char *ref)
{
	static char out[16384];
	static struct url b, r;

	if (url_parse(base, &b, err) == -1 || url_resolve(&b, ref, &r,
	    err) == -1 || url_string(&r, out, sizeof(out)) == -1)
		return "ERROR";
	return out;
}

static void
refuse(const char *s, const char *frag, const char *desc)
{
	ok(parse(s) == -1 && strstr(err, frag) != NULL, desc);
	if (strstr(err, frag) == NULL)
		printf("#   err '%s', want '%s'\n", err, frag);
}

int
main(void)
{
	char buf[512];

	is_int(parse("http://example.com"), 0, "plain host");
	is_str(u.host, "example.com", "host");
	is_str(u.port, "80", "default port");
	is_str(u.path, "/", "default path /");
	ok(!u.ipv6 && !u.has_auth, "no v6, no auth");

	is_int(parse("HTTP://Example.com:8080/a/b?x=1&y=2#frag"), 0,
	    "scheme any case, port, query, fragment");
	is_int(u.port_num, 8080, "port number");
	is_str(u.path, "/a/b?x=1&y=2", "fragment dropped, query kept");
	url_authority(&u, buf, sizeof(buf));
	is_str(buf, "Example.com:8080", "authority with port");

	is_int(parse("http://[::1]:8080/x"), 0, "IPv6 literal");
	is_str(u.host, "::1", "brackets stripped");
	ok(u.ipv6, "ipv6 flag");
	url_authority(&u, buf, sizeof(buf));
	is_str(buf, "[::1]:8080", "Host keeps brackets and port");
	is_int(parse("http://[fe80::1]/"), 0, "IPv6 default port");
	url_authority(&u, buf, sizeof(buf));
	is_str(buf, "[fe80::1]", "no :80 in Host");

	is_int(parse("http://us%40er:p%3Ass@host/"), 0, "userinfo");
	ok(u.has_auth, "auth flag");
	is_str(u.user, "us@er", "user decoded");
	is_str(u.pass, "p:ss", "password decoded");
	is_str(u.host, "host", "host after userinfo");
	is_int(parse("http://user@host/"), 0, "user without password");
	is_str(u.pass, "", "empty password");
	url_string(&u, buf, sizeof(buf));
	is_str(buf, "http://host/", "url_string hides credentials");

	is_int(parse("localhost:8000/file"), 0, "scheme may be left out");
	is_str(u.host, "localhost", "schemeless host");
	is_int(u.port_num, 8000, "schemeless port");
	is_int(parse("http://h?q=1"), 0, "query without path");
	is_str(u.path, "/?q=1", "path / inserted before query");
	is_int(parse("http://h:/"), 0, "empty port means 80");
	is_int(u.port_num, 80, "empty port is 80");
	is_int(parse("http://h/a/./b/../c/%7e"), 0, "dot segments");
	is_str(u.path, "/a/c/%7e", "dot segments removed");
	is_int(parse("http://h/a/.."), 0, "trailing ..");
	is_str(u.path, "/", "trailing .. to root");
	is_int(parse("http://h/../../x"), 0, ".. above root");
	is_str(u.path, "/x", "cannot climb above root");
	is_int(parse("http://h/a/../b?x=/../y"), 0, "dots in query");
	is_str(u.path, "/b?x=/../y", "query left alone");
	is_int(parse("http://h/caf\xc3\xa9"), 0, "UTF-8 path");
	is_str(u.path, "/caf%c3%a9", "non-ASCII percent-encoded, curl's case");

	is_int(parse("https://example.com"), 0, "https");
	ok(u.https && u.port_num == 443 && strcmp(u.port, "443") == 0,
	    "https: port 443 by default");
	url_authority(&u, buf, sizeof(buf));
	is_str(buf, "example.com", "https: 443 not in the authority");
	url_string(&u, buf, sizeof(buf));
	is_str(buf, "https://example.com/", "https: url_string");
	is_str(url_scheme(&u), "https", "https: url_scheme");
	is_int(parse("HTTPS://h:80/x"), 0, "https, any case, port 80");
	url_authority(&u, buf, sizeof(buf));
	is_str(buf, "h:80", "https: port 80 in the authority");
	is_int(parse("http://h:443/"), 0, "http on port 443");
	ok(!u.https, "http: not https");
	url_string(&u, buf, sizeof(buf));
	is_str(buf, "http://h:443/", "http: 443 in the authority");
	is_str(url_scheme(&u), "http", "http: url_scheme");
	refuse("ftp://example.com/", "only http:// and https://",
	    "another scheme refused, saying which are taken");
	refuse("ftp://example.com/", "unsupported URL scheme", "ftp refused");
	refuse("http://exa mple.com/", "space", "space refused");
	refuse("http://h/a b", "space", "space in path refused");
	refuse("http://h/a\r\nX-Injected: 1", "control character",
	    "CRLF refused");
	refuse("http://h/\t", "control character", "tab refused");
	refuse("http://", "no host", "empty host");
	/* one to three slashes after http:, as curl 7.88 and WHATWG's */
	ok(parse("http:///path") == 0 && strcmp(u.host, "path") == 0 &&
	    strcmp(u.path, "/") == 0, "http:///path: the host is path");
	ok(parse("https:/h:8/x") == 0 && u.https && strcmp(u.host, "h") ==
	    0 && u.port_num == 8 && strcmp(u.path, "/x") == 0,
	    "https:/h:8/x: one slash");
	refuse("http:////h/", "too many slashes", "four slashes refused");
	refuse("http:/", "no host", "http:/ alone: no host");
	refuse("http://user@/", "no host", "no host after userinfo");
	refuse("http://h:0/", "out of range", "port 0");
	refuse("http://h:65536/", "out of range", "port 65536");
	refuse("http://h:123456/", "bad port", "six-digit port");
	refuse("http://h:8o/", "bad port", "port with a letter");
	refuse("http://[::1/", "unclosed", "unclosed bracket");
	refuse("http://[zz::1]/", "bad IPv6", "bad IPv6 literal");
	refuse("http://[::1]x/", "junk after", "junk after bracket");
	refuse("http://ho%st/", "bad character", "bad host character");
	refuse("http://h_:x@/", "no host", "credentials but no host");

	/* redirects, RFC 3986 5.4 style */
	is_str(resolve("http://a/x", "mailto:a@b"), "ERROR",
	    "a redirect to mailto: is no path");
	ok(strstr(err, "unsupported URL scheme 'mailto'") != NULL,
	    "... and says which scheme");
	is_str(resolve("http://a/x", "javascript:alert(1)"), "ERROR",
	    "nor one to javascript:");
	is_str(resolve("http://a/x", "ftp://h/f"), "ERROR", "nor ftp://");
	is_str(resolve("http://a/b/c", "./g:h"), "http://a/b/g:h",
	    "./g:h is a path");
	is_str(resolve("http://a/b/c", "1g:h"), "http://a/b/1g:h",
	    "no scheme begins with a digit");
	is_str(resolve("http://a/b/c", "g?x:y"), "http://a/b/g?x:y",
	    "a ':' in the query");
	is_str(resolve("http://a/b/c/d;p?q", "g"), "http://a/b/c/g",
	    "relative g");
	is_str(resolve("http://a/b/c/d;p?q", "./g"), "http://a/b/c/g",
	    "relative ./g");
	is_str(resolve("http://a/b/c/d;p?q", "g/"), "http://a/b/c/g/",
	    "relative g/");
	is_str(resolve("http://a/b/c/d;p?q", "/g"), "http://a/g",
	    "absolute path");
	is_str(resolve("http://a/b/c/d;p?q", "//g"), "http://g/",
	    "network-path reference");
	is_str(resolve("http://a/b/c/d;p?q", "?y"), "http://a/b/c/d;p?y",
	    "query only");
	is_str(resolve("http://a/b/c/d;p?q", "g?y"), "http://a/b/c/g?y",
	    "path and query");
	is_str(resolve("http://a/b/c/d;p?q", "#s"), "http://a/b/c/d;p?q",
	    "fragment only");
	is_str(resolve("http://a/b/c/d;p?q", ".."), "http://a/b/",
	    "parent");
	is_str(resolve("http://a/b/c/d;p?q", "../../../g"), "http://a/g",
	    "too many parents");
	is_str(resolve("http://a/b/c/d;p?q", ""), "http://a/b/c/d;p?q",
	    "empty reference");
	is_str(resolve("http://a:81/x", "http://b:82/y"), "http://b:82/y",
	    "absolute URL");
	is_str(resolve("http://a:81/x", "/y"), "http://a:81/y",
	    "relative keeps the port");
	is_str(resolve("http://a/x", "  /sp ace  "), "http://a/sp%20ace",
	    "Location trimmed, space encoded");
	is_str(resolve("http://a/x", "https://a/"), "https://a/",
	    "redirect to https");
	is_str(resolve("https://a/x", "http://a/y"), "http://a/y",
	    "redirect from https to http");
	is_str(resolve("https://a:8443/x", "/y"), "https://a:8443/y",
	    "https: relative keeps the scheme and port");
	is_str(resolve("https://a/x", "//b/y"), "https://b/y",
	    "https: a network-path reference keeps the scheme");
	is_str(resolve("http://a/x", "ftp://a/"), "ERROR",
	    "redirect to ftp refused");
	is_str(resolve("http://a/x", "/y\r\nZ: 1"), "ERROR",
	    "control characters in Location refused");

	{
		static struct url b, r;

		url_parse("http://u:p@a/x", &b, err);
		url_resolve(&b, "/y", &r, err);
		ok(r.has_auth && strcmp(r.user, "u") == 0,
		    "credentials kept on the same host (relative)");
		url_resolve(&b, "http://a/z", &r, err);
		ok(r.has_auth, "credentials kept on the same host (absolute)");
		url_resolve(&b, "http://b/z", &r, err);
		ok(!r.has_auth, "credentials not sent to another host");
		url_resolve(&b, "http://a:8080/z", &r, err);
		ok(!r.has_auth, "credentials not sent to another port");
		ok(!url_same_origin(&b, &r), "different port, other origin");
		url_resolve(&b, "https://a/z", &r, err);
		ok(!r.has_auth, "credentials not sent to another scheme");
		ok(!url_same_origin(&b, &r), "different scheme, other origin");
		url_parse("https://u:p@a/x", &b, err);
		url_resolve(&b, "https://a:443/z", &r, err);
		ok(r.has_auth, "https: credentials kept on the same origin");
		url_resolve(&b, "http://a:443/z", &r, err);
		ok(!r.has_auth, "https to http on its port: other origin");
	}

	parse("http://h/dir/file.tar.gz?x=1");
	ok(url_filename(&u, buf, sizeof(buf), err) == 0 &&
	    strcmp(buf, "file.tar.gz") == 0, "-O name: last segment");
	parse("http://h/dir/");
	ok(url_filename(&u, buf, sizeof(buf), err) == -1, "-O: no name");
	parse("http://h");
	ok(url_filename(&u, buf, sizeof(buf), err) == -1, "-O: root");

	/* -o and -O names, in --output-dir */
	{
		const char *b;

		parse("http://h/d/f.txt");
		is_int(url_output_path(&u, 0, NULL, "dir", buf, sizeof(buf),
		    &b, err), 0, "no -o: stdout");
		is_int(url_output_path(&u, 0, "-", "dir", buf, sizeof(buf),
		    &b, err), 0, "-o -: stdout");
		ok(url_output_path(&u, 0, "x", NULL, buf, sizeof(buf), &b,
		    err) == 1 && strcmp(buf, "x") == 0, "-o x");
		ok(url_output_path(&u, 0, "x", "d", buf, sizeof(buf), &b,
		    err) == 1 && strcmp(buf, "d/x") == 0, "-o x in d");
		ok(url_output_path(&u, 0, "/x", "d", buf, sizeof(buf), &b,
		    err) == 1 && strcmp(buf, "/x") == 0, "-o /x not in d");
		ok(url_output_path(&u, 1, NULL, "d", buf, sizeof(buf), &b,
		    err) == 1 && strcmp(buf, "d/f.txt") == 0, "-O in d");
		ok(url_output_path(&u, 1, NULL, NULL, buf, sizeof(buf), &b,
		    err) == 1 && strcmp(buf, "f.txt") == 0, "-O");
		ok(url_output_path(&u, 1, NULL, "abcd", buf, 10, &b,
		    err) == -2 && strcmp(b, "f.txt") == 0, "-O: too long");
		ok(url_output_path(&u, 0, "abcdefghij", NULL, buf, 10, &b,
		    err) == -2 && strcmp(b, "abcdefghij") == 0,
		    "-o: too long");
		ok(url_output_path(&u, 1, NULL, "abc", buf, 10, &b,
		    err) == 1 && strcmp(buf, "abc/f.txt") == 0, "just fits");
		parse("http://h/d/");
		is_int(url_output_path(&u, 1, NULL, "d", buf, sizeof(buf), &b,
		    err), -1, "-O: no name");
		parse("http://h/");
		ok(url_auth_set(&u, "us:pa:ss") == 0 && u.has_auth &&
		    strcmp(u.user, "us") == 0 && strcmp(u.pass, "pa:ss") == 0,
		    "-u: split at the first colon");
		memset(buf, 'a', 300);
		buf[300] = ':';
		buf[301] = '\0';
		ok(url_auth_set(&u, buf) == 0 && strlen(u.user) == 300 &&
		    u.pass[0] == '\0', "-u: a user of 300 bytes, as curl");
	}

	/* IPv6 zone identifiers (RFC 6874) */
	{
		char a[SK_HOSTLEN + URL_ZONELEN], h[SK_HOSTLEN + 16];
		static struct url b, r;

		ok(parse("http://[fe80::1%25eth0]:8080/x") == 0 &&
		    strcmp(u.host, "fe80::1") == 0 &&
		    strcmp(u.zone, "eth0") == 0 && u.port_num == 8080,
		    "zone: %25eth0");
		ok(url_authority(&u, a, sizeof(a)) > 0 &&
		    strcmp(a, "[fe80::1]:8080") == 0,
		    "zone: not in the authority (Host)");
		ok(url_dial_host(&u, h, sizeof(h)) > 0 &&
		    strcmp(h, "fe80::1%eth0") == 0, "zone: in the dial host");
		ok(parse("http://[fe80::1%eth0]/") == 0 &&
		    strcmp(u.zone, "eth0") == 0, "zone: a bare %");
		ok(parse("http://[fe80::1%25en%2D1]/") == 0 &&
		    strcmp(u.zone, "en-1") == 0, "zone: percent-decoded");
		ok(parse("http://[::1]/") == 0 && u.zone[0] == '\0' &&
		    url_dial_host(&u, h, sizeof(h)) > 0 &&
		    strcmp(h, "::1") == 0, "no zone: the host alone");
		refuse("http://[fe80::1%25]/", "bad IPv6 zone", "zone: empty");
		refuse("http://[fe80::1%]/", "bad IPv6 zone", "zone: bare %, empty");
		refuse("http://[fe80::1%25a%2Fb]/", "bad IPv6 zone",
		    "zone: a decoded /");
		refuse("http://[fe80::1%25a%0Ab]/", "bad IPv6 zone",
		    "zone: a decoded control character");
		refuse("http://[fe80::1%25a:b]/", "bad IPv6 zone",
		    "zone: a colon");
		refuse("http://[fe80::1%25"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]/",
		    "bad IPv6 zone", "zone: too long");
		refuse("http://[zz%25eth0]/", "bad IPv6 address",
		    "zone: the address is still checked");
		ok(url_parse("http://[fe80::1%25lo]:81/a/b", &b, err) == 0 &&
		    url_resolve(&b, "c", &r, err) == 0 &&
		    strcmp(r.zone, "lo") == 0, "zone: kept by a relative redirect");
		ok(url_resolve(&b, "http://[fe80::1]:81/d", &r, err) == 0 &&
		    strcmp(r.zone, "lo") == 0,
		    "zone: kept by an absolute redirect to the same address");
		ok(url_resolve(&b, "http://[fe80::2]:81/d", &r, err) == 0 &&
		    r.zone[0] == '\0', "zone: not given to another address");
	}
	/* UTF-8 host names: with URL_IDN (and in redirects) only */
	{
		static struct url b, r;

		ok(url_parse("http://b\xc3\xbc" "cher.example/", &b, err) == -1,
		    "idn: a UTF-8 host refused without URL_IDN");
		ok(url_parse_mode("http://b\xc3\xbc" "cher.example:81/x", &b,
		    URL_IDN, err) == 0 && b.idn &&
		    strcmp(b.host, "b\xc3\xbc" "cher.example") == 0 &&
		    b.port_num == 81, "idn: taken as it came with URL_IDN");
		ok(url_parse_mode("http://example.com/", &b, URL_IDN, err) ==
		    0 && !b.idn, "idn: an ASCII host is none");
		ok(url_parse_mode("http://b\xc3\xbc" " cher/", &b, URL_IDN,
		    err) == -1, "idn: a space still refused");
		ok(url_parse("http://example.com/", &b, err) == 0 &&
		    url_resolve(&b, "http://\xc3\xbc.example/", &r, err) == 0 &&
		    r.idn, "idn: a redirect's UTF-8 host taken");
	}
	/* curl's lengths: a path and a user name as long as they are */
	{
		static struct url c;
		static char big[12000];
		char *huge;

		memcpy(big, "http://", 7);
		memset(big + 7, 'u', 1000);
		memcpy(big + 1007, "@h/", 3);
		memset(big + 1010, 'p', 10000);
		ok(parse(big) == 0 && strlen(u.user) == 1000 &&
		    strlen(u.path) == 10001 && u.pass[0] == '\0',
		    "a user of 1,000 bytes and a path of 10,000");
		ok(url_copy(&c, &u) == 0 && c.path != u.path &&
		    strcmp(c.path, u.path) == 0 && strcmp(c.user, u.user) == 0,
		    "url_copy: the same, its own");
		ok(url_resolve(&u, "q?x", &c, err) == 0 &&
		    strcmp(c.path, "/q?x") == 0 && strlen(c.user) == 1000,
		    "a relative redirect from it");
		url_free(&c);
		ok(c.path == NULL && c.user == NULL, "url_free: zeroed");
		if ((huge = malloc(URL_INPUT_MAX + 16)) != NULL) {
			memcpy(huge, "http://h/", 9);
			memset(huge + 9, 'a', URL_INPUT_MAX + 6);
			huge[URL_INPUT_MAX + 15] = '\0';
			refuse(huge, "URL too long", "a URL over curl's 8 MB");
			free(huge);
		}
	}
	url_free(&u);
	return tap_done();
}
