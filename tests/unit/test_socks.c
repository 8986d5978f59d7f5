/*
 * test_socks.c: the proxy URL, the SOCKS5, SOCKS4/4a and HTTP CONNECT
 * request builders and reply parsers, byte for byte against the RFCs.
 */
#include <stdio.h>
#include <string.h>

#include "parse/http.h"
#include "parse/socks.h"
#include "tap.h"
#include "util/base.h"
#include "util/base64.h"

typedef long (*parse_fn)(const unsigned char *, size_t, size_t *, char *);

static struct proxy px;
static char err[SK_ERRLEN];
static unsigned char req[PROXY_REQ_MAX];

static long
method_noauth(const unsigned char *b, size_t n, size_t *need, char *e)
{
	static const struct proxy none;
	int m;

	return socks5_method_parse(&none, b, n, &m, need, e);
}

static long
method_auth(const unsigned char *b, size_t n, size_t *need, char *e)
{
	struct proxy a;
	int m;

	memset(&a, 0, sizeof(a));
	a.has_auth = 1;
	return socks5_method_parse(&a, b, n, &m, need, e);
}

/*
 * Run fn on s[0..n): whole, and over every prefix as bytes trickle in.
 * Returns the whole answer (err filled); *split_ok tells whether the
 * trickle reached the same answer at the same byte count and every
 * "need" it gave was honest (no answer before that many more bytes).
 */
static long
parse_both(parse_fn fn, const void *s, size_t n, int *split_ok)
{
	const unsigned char *b = s;
	char e2[SK_ERRLEN];
	size_t need = 0, i, wait_until = 0;
	long r, whole;

	err[0] = '\0';
	whole = fn(b, n, &need, err);
	*split_ok = 1;
	for (i = 0; i <= n; i++) {
		e2[0] = '\0';
		r = fn(b, i, &need, e2);
		if (r == 0) {
			if (need < 1)
				*split_ok = 0;
			if (i + need > wait_until)
				wait_until = i + need;
			continue;
		}
		/* an error may come early; a success not before its need */
		if ((r > 0 && i < wait_until) || r != whole ||
		    strcmp(e2, err) != 0)
			*split_ok = 0;
		/* a success names its own length: reached right there */
		if (r > 0 && (size_t)r != i)
			*split_ok = 0;
		return whole;
	}
	if (whole != 0)
		*split_ok = 0;
	return whole;
}

static void
reply_is(parse_fn fn, const void *s, size_t n, long want, const char *emsg,
    const char *desc)
{
	int split;
	long r = parse_both(fn, s, n, &split);

	if (!ok(r == want && split && (emsg == NULL || strcmp(err, emsg) ==
	    0), desc))
		printf("#   got %ld (split %s), err '%s'; want %ld '%s'\n", r,
		    split ? "same" : "differs", err, want, emsg ? emsg : "");
}

static int
url_ok(const char *s, int kind, const char *host, const char *port)
{
	err[0] = '\0';
	if (proxy_parse(s, &px, err) == -1) {
		printf("#   %s: %s\n", s, err);
		return 0;
	}
	return px.kind == kind && strcmp(px.host, host) == 0 &&
	    strcmp(px.port, port) == 0;
}

static void
url_refused(const char *s, const char *frag, const char *desc)
{
	err[0] = '\0';
	if (!ok(proxy_parse(s, &px, err) == -1 && strstr(err, frag) != NULL,
	    desc))
		printf("#   err '%s', want '%s'\n", err, frag);
}

static void
test_urls(void)
{
	char big[600];

	ok(url_ok("socks5h://user:pw@proxy.example:1081", PROXY_SOCKS5H,
	    "proxy.example", "1081") && px.has_auth &&
	    strcmp(px.user, "user") == 0 && strcmp(px.pass, "pw") == 0,
	    "socks5h URL with credentials and a port");
	ok(url_ok("socks5://10.0.0.1", PROXY_SOCKS5, "10.0.0.1", "1080") &&
	    !px.has_auth, "socks5 defaults to port 1080");
	ok(url_ok("socks4://h", PROXY_SOCKS4, "h", "1080"), "socks4 1080");
	ok(url_ok("socks4a://h:9", PROXY_SOCKS4A, "h", "9"), "socks4a");
	ok(url_ok("http://h", PROXY_HTTP, "h", "3128"), "http 3128");
	ok(url_ok("h:8080", PROXY_HTTP, "h", "8080"), "no scheme is http");
	ok(url_ok("SOCKS5H://h/", PROXY_SOCKS5H, "h", "1080"),
	    "scheme in any case, a lone slash");
	ok(url_ok("socks5h://[::1]:9050", PROXY_SOCKS5H, "::1", "9050"),
	    "bracketed IPv6");
	ok(url_ok("socks5://us%40er:p%3Aw%25@h", PROXY_SOCKS5, "h", "1080")
	    && strcmp(px.user, "us@er") == 0 && strcmp(px.pass, "p:w%") == 0,
	    "credentials percent-decoded");
	url_refused("ftp://h", "unsupported proxy scheme 'ftp'",
	    "other schemes refused");
	/* an HTTPS proxy, curl's since 7.52: TLS to it, port 443 */
	ok(url_ok("https://h", PROXY_HTTP, "h", "443") && px.tls &&
	    px.path[0] == '\0', "https: HTTP over TLS, 443");
	ok(url_ok("HTTPS://u:pw@h:8443", PROXY_HTTP, "h", "8443") && px.tls &&
	    px.has_auth && strcmp(px.user, "u") == 0, "https: a port, credentials");
	ok(url_ok("http://h", PROXY_HTTP, "h", "3128") && !px.tls,
	    "http: no TLS");
	/* curl's SOCKS over a UNIX socket: the path, localhost's only */
	ok(url_ok("socks5h://localhost/run/s.sock", PROXY_SOCKS5H, "localhost",
	    "1080") && strcmp(px.path, "/run/s.sock") == 0,
	    "socks5h://localhost/PATH: a UNIX socket");
	ok(url_ok("socks4a://u@localhost/tmp/p", PROXY_SOCKS4A, "localhost",
	    "1080") && strcmp(px.path, "/tmp/p") == 0 &&
	    strcmp(px.user, "u") == 0, "socks4a over a UNIX socket, a user id");
	ok(url_ok("socks5h://localhost/tmp/a%20b", PROXY_SOCKS5H, "localhost",
	    "1080") && strcmp(px.path, "/tmp/a b") == 0,
	    "a UNIX socket's path percent-decoded, as curl");
	url_refused("socks5h://localhost/tmp/s?q=1", "no query",
	    "a UNIX socket's path with a query refused");
	url_refused("socks5h://localhost/tmp/s%00x", "no query or %00",
	    "a UNIX socket's path with %00 refused");
	ok(url_ok("socks5://h", PROXY_SOCKS5, "h", "1080") && px.path[0] == 0,
	    "no path: TCP");
	/* any other path (and query) ignored, as curl ignores it */
	ok(url_ok("socks5://h/x", PROXY_SOCKS5, "h", "1080") &&
	    px.path[0] == 0, "a path of another host ignored");
	ok(url_ok("socks5://localhost:1080/x", PROXY_SOCKS5, "localhost",
	    "1080") && px.path[0] == 0, "a path with a port ignored");
	ok(url_ok("http://localhost/x?y", PROXY_HTTP, "localhost", "3128") &&
	    px.path[0] == 0, "an HTTP proxy's path and query ignored");
	ok(url_ok("https://localhost/x", PROXY_HTTP, "localhost", "443") &&
	    px.path[0] == 0 && px.tls, "an HTTPS one's too");
	url_refused("socks5://h:70000", "bad proxy", "port out of range");
	url_refused("socks5://[::1", "bad proxy", "unclosed bracket");
	url_refused("socks5://user@h", "password of 1 to 255",
	    "SOCKS5 user without a password refused");
	url_refused("socks5://:pw@h", "user name of 1 to 255",
	    "SOCKS5 empty user refused");
	url_refused("socks4://u:pw@h", "no password", "SOCKS4 password");
	url_refused("http://a%3Ab:pw@h", "cannot contain ':'",
	    "HTTP user with a colon");
	ok(url_ok("socks4://bob@h", PROXY_SOCKS4, "h", "1080") &&
	    strcmp(px.user, "bob") == 0, "SOCKS4 user id");

	/* RFC 1929 limits: 255 bytes pass, 256 are refused, never cut */
	memcpy(big, "socks5://", 9);
	memset(big + 9, 'u', 255);
	memcpy(big + 264, ":pw@h", 6);
	ok(url_ok(big, PROXY_SOCKS5, "h", "1080") && strlen(px.user) == 255,
	    "a 255-byte user name");
	memset(big + 9, 'u', 256);
	memcpy(big + 265, ":pw@h", 6);
	url_refused(big, "bad proxy", "a 256-byte user name refused");
	memcpy(big, "socks5://u:", 11);
	memset(big + 11, 'p', 256);
	memcpy(big + 267, "@h", 3);
	url_refused(big, "bad proxy", "a 256-byte password refused");
}

static void
test_user_nc(void)
{
	char big[600];

	ok(proxy_parse("socks5h://h", &px, err) == 0 &&
	    proxy_user_set(&px, "alice:s3:cret", err) == 0 &&
	    strcmp(px.user, "alice") == 0 && strcmp(px.pass, "s3:cret") == 0,
	    "--proxy-user splits at the first colon");
	ok(proxy_user_set(&px, "a%41:b", err) == 0 &&
	    strcmp(px.user, "a%41") == 0, "--proxy-user is not decoded");
	ok(proxy_user_set(&px, "alice", err) == -1, "SOCKS5 without "
	    "password refused");
	memset(big, 'x', 300);
	big[300] = '\0';
	big[256] = ':';
	ok(proxy_user_set(&px, big, err) == -1 &&
	    strstr(err, "user name over 255") != NULL, "256-byte user");
	big[256] = 'x';
	big[10] = ':';
	ok(proxy_user_set(&px, big, err) == -1 &&
	    strstr(err, "password over 255") != NULL, "289-byte password");
	ok(proxy_parse("http://h", &px, err) == 0 &&
	    proxy_user_set(&px, "alice", err) == 0 && px.pass[0] == '\0',
	    "HTTP user without password");

	ok(proxy_nc("5", "h:1", &px, err) == 0 && px.kind == PROXY_SOCKS5H &&
	    strcmp(px.port, "1") == 0, "nc -X 5: the proxy resolves");
	ok(proxy_nc(NULL, "h", &px, err) == 0 && px.kind == PROXY_SOCKS5H &&
	    strcmp(px.port, "1080") == 0, "nc -x alone is SOCKS5, 1080");
	ok(proxy_nc("4", "10.1.1.1", &px, err) == 0 &&
	    px.kind == PROXY_SOCKS4, "nc -X 4");
	ok(proxy_nc("connect", "h", &px, err) == 0 &&
	    px.kind == PROXY_HTTP && strcmp(px.port, "3128") == 0,
	    "nc -X connect defaults to 3128");
	ok(proxy_nc("CONNECT", "[::1]:8080", &px, err) == 0 &&
	    strcmp(px.host, "::1") == 0 && strcmp(px.port, "8080") == 0,
	    "nc -X CONNECT with an IPv6 proxy");
	ok(proxy_nc("6", "h", &px, err) == -1 &&
	    strstr(err, "unknown proxy protocol") != NULL, "nc -X 6 refused");
	ok(proxy_nc("5", "u:p@h", &px, err) == -1, "nc -x credentials");
	ok(proxy_nc("5", "socks5://h", &px, err) == -1, "nc -x URL refused");
	ok(strcmp(proxy_scheme(PROXY_SOCKS4A), "socks4a") == 0 &&
	    proxy_resolves_here(PROXY_SOCKS5) &&
	    !proxy_resolves_here(PROXY_SOCKS5H) &&
	    proxy_resolves_here(PROXY_SOCKS4), "scheme names and who resolves");
}

static void
test_socks5_method(void)
{
	int m = -1;

	memset(&px, 0, sizeof(px));
	px.kind = PROXY_SOCKS5H;
	ok(socks5_greeting(&px, req, sizeof(req), err) == 3 &&
	    memcmp(req, "\5\1\0", 3) == 0, "greeting without credentials");
	px.has_auth = 1;
	ok(socks5_greeting(&px, req, sizeof(req), err) == 4 &&
	    memcmp(req, "\5\2\0\2", 4) == 0, "greeting offers user/password");
	ok(socks5_greeting(&px, req, 3, err) == -1, "greeting needs room");
	ok(socks5_method_parse(&px, (const unsigned char *)"\5\2", 2, &m,
	    &(size_t){0}, err) == 2 && m == SOCKS5_USERPASS,
	    "user/password chosen");

	reply_is(method_noauth, "\5\0", 2, 2, NULL, "no-auth chosen");
	reply_is(method_noauth, "\5\0\x41\x42", 4, 2, NULL,
	    "bytes after the method reply are not consumed");
	reply_is(method_auth, "\5\2", 2, 2, NULL, "user/password accepted");
	reply_is(method_noauth, "\5\2", 2, -1, "the proxy chose "
	    "authentication method 2, which was not offered",
	    "a method not offered is refused");
	reply_is(method_noauth, "\5\x80", 2, -1, "the proxy chose "
	    "authentication method 128, which was not offered",
	    "a private method refused");
	reply_is(method_auth, "\5\xff", 2, -1,
	    "no acceptable authentication method", "0xff with credentials");
	reply_is(method_noauth, "\5\xff", 2, -1,
	    "no acceptable authentication method (the proxy may want a user "
	    "and password)", "0xff without credentials hints");
	reply_is(method_noauth, "\4\0", 2, -1,
	    "not a SOCKS5 proxy (version 4)", "SOCKS4 server");
	reply_is(method_noauth, "HTTP/1.1 400", 12, -1,
	    "not a SOCKS5 proxy (version 72)", "an HTTP server, at once");
	reply_is(method_noauth, "\5", 1, 0, NULL, "one byte: more needed");
	reply_is(method_noauth, "", 0, 0, NULL, "nothing: more needed");
}

static void
test_socks5_auth(void)
{
	char u[300];

	memset(&px, 0, sizeof(px));
	px.kind = PROXY_SOCKS5;
	px.has_auth = 1;
	memcpy(px.user, "user", 5);
	memcpy(px.pass, "pw", 3);
	ok(socks5_auth_request(&px, req, sizeof(req), err) == 9 &&
	    memcmp(req, "\1\4user\2pw", 9) == 0, "RFC 1929 request");
	ok(socks5_auth_request(&px, req, 8, err) == -1, "needs room");
	memset(u, 'u', 255);
	u[255] = '\0';
	memcpy(px.user, u, 256);
	ok(socks5_auth_request(&px, req, sizeof(req), err) == 3 + 255 + 2 &&
	    req[1] == 255 && req[257] == 2, "255-byte user name");
	px.pass[0] = '\0';
	ok(socks5_auth_request(&px, req, sizeof(req), err) == -1,
	    "empty password refused");
	px.has_auth = 0;
	ok(socks5_auth_request(&px, req, sizeof(req), err) == -1,
	    "no credentials refused");

	reply_is(socks5_auth_parse, "\1\0", 2, 2, NULL, "auth accepted");
	reply_is(socks5_auth_parse, "\5\0", 2, 2, NULL,
	    "auth accepted with version 5");
	reply_is(socks5_auth_parse, "\1\0\x99", 3, 2, NULL,
	    "auth reply consumes 2");
	reply_is(socks5_auth_parse, "\1\1", 2, -1, "authentication refused",
	    "auth refused (1)");
	reply_is(socks5_auth_parse, "\1\xff", 2, -1, "authentication refused",
	    "auth refused (255)");
	reply_is(socks5_auth_parse, "\2\0", 2, -1,
	    "bad authentication reply (version 2)", "bad auth version");
	reply_is(socks5_auth_parse, "\1", 1, 0, NULL, "auth: one byte");
}

static void
test_socks5_connect_req(void)
{
	char name[300];

	ok(socks5_connect_request("127.0.0.1", 80, req, sizeof(req), err) ==
	    10 && memcmp(req, "\5\1\0\1\x7f\0\0\1\0\x50", 10) == 0,
	    "CONNECT IPv4");
	ok(socks5_connect_request("::1", 443, req, sizeof(req), err) == 22 &&
	    memcmp(req, "\5\1\0\4", 4) == 0 && req[19] == 1 &&
	    req[20] == 1 && req[21] == 0xbb, "CONNECT IPv6");
	ok(socks5_connect_request("example.com", 65535, req, sizeof(req),
	    err) == 18 && memcmp(req, "\5\1\0\3\13example.com\xff\xff",
	    18) == 0, "CONNECT a name");
	memset(name, 'a', 255);
	name[255] = '\0';
	ok(socks5_connect_request(name, 1, req, sizeof(req), err) ==
	    4 + 1 + 255 + 2 && req[4] == 255, "a 255-byte name");
	name[255] = 'a';
	name[256] = '\0';
	ok(socks5_connect_request(name, 1, req, sizeof(req), err) == -1 &&
	    strstr(err, "too long") != NULL, "a 256-byte name refused");
	ok(socks5_connect_request("", 1, req, sizeof(req), err) == -1,
	    "an empty name refused");
	ok(socks5_connect_request("h", 0, req, sizeof(req), err) == -1 &&
	    socks5_connect_request("h", 65536, req, sizeof(req), err) == -1,
	    "ports 0 and 65536 refused");
	ok(socks5_connect_request("h", 1, req, 100, err) == -1, "room");
}

static void
test_socks5_connect_reply(void)
{
	unsigned char r[32];
	char want[SK_ERRLEN], desc[64];
	int code;

	for (code = 1; code <= 8; code++) {
		memcpy(r, "\5\0\0\1\0\0\0\0\0\0", 10);
		r[1] = (unsigned char)code;
		snprintf(want, sizeof(want), "%s (SOCKS5 reply %d)",
		    socks5_reply_str(code), code);
		snprintf(desc, sizeof(desc), "SOCKS5 reply %d", code);
		reply_is(socks5_connect_parse, r, 10, -1, want, desc);
	}
	is_str(socks5_reply_str(4), "host unreachable", "reply 4 text");
	is_str(socks5_reply_str(1), "general SOCKS server failure", "1");
	is_str(socks5_reply_str(2), "connection not allowed by ruleset", "2");
	is_str(socks5_reply_str(5), "connection refused", "reply 5 text");
	is_str(socks5_reply_str(8), "address type not supported", "8");
	reply_is(socks5_connect_parse, "\5\4", 2, -1,
	    "host unreachable (SOCKS5 reply 4)", "a refusal needs 2 bytes");
	reply_is(socks5_connect_parse, "\5\x09\0\1", 4, -1,
	    "unknown reply 9 (SOCKS5)", "reply 9 unknown");
	reply_is(socks5_connect_parse, "\5\xff", 2, -1,
	    "unknown reply 255 (SOCKS5)", "reply 255 unknown");
	reply_is(socks5_connect_parse, "\5\0\0\1\x7f\0\0\1\x1f\x90", 10, 10,
	    NULL, "success, IPv4 bound address");
	memset(r, 0, sizeof(r));
	memcpy(r, "\5\0\0\4", 4);
	reply_is(socks5_connect_parse, r, 22, 22, NULL, "success, IPv6");
	reply_is(socks5_connect_parse, "\5\0\0\3\5hello\0\x50", 12, 12, NULL,
	    "success, a name");
	reply_is(socks5_connect_parse, "\5\0\0\3\0\0\x50", 7, 7, NULL,
	    "success, an empty name");
	reply_is(socks5_connect_parse, "\5\0\0\1\1\2\3\4\0\1EARLY", 15, 10,
	    NULL, "early data after the reply is not consumed");
	reply_is(socks5_connect_parse, "\5\0\0\2\0\0", 6, -1,
	    "bad address type 2 in the SOCKS5 reply", "address type 2");
	reply_is(socks5_connect_parse, "\4\0\0\1", 4, -1,
	    "not a SOCKS5 proxy (version 4)", "reply version 4");
	reply_is(socks5_connect_parse, "\5\0\0\1\0\0", 6, 0, NULL,
	    "a short reply: more needed");
	reply_is(socks5_connect_parse, "\5\0\0\3", 4, 0, NULL,
	    "a name's length not yet in");
}

static void
test_socks4(void)
{
	memset(&px, 0, sizeof(px));
	px.kind = PROXY_SOCKS4;
	memcpy(px.user, "bob", 4);
	ok(socks4_request(&px, "127.0.0.1", 80, req, sizeof(req), err) ==
	    12 && memcmp(req, "\4\1\0\x50\x7f\0\0\1bob\0", 12) == 0,
	    "SOCKS4 CONNECT with a user id");
	ok(socks4_request(&px, "example.com", 80, req, sizeof(req), err) ==
	    -1 && strstr(err, "not a name") != NULL, "SOCKS4 refuses a name");
	ok(socks4_request(&px, "::1", 80, req, sizeof(req), err) == -1 &&
	    strstr(err, "IPv6") != NULL, "SOCKS4 refuses IPv6");
	ok(socks4_request(&px, "1.2.3.4", 0, req, sizeof(req), err) == -1,
	    "SOCKS4 port 0");
	ok(socks4_request(&px, "1.2.3.4", 80, req, 11, err) == -1, "room");
	px.kind = PROXY_SOCKS4A;
	px.user[0] = '\0';
	ok(socks4_request(&px, "example.com", 443, req, sizeof(req), err) ==
	    21 && memcmp(req, "\4\1\1\xbb\0\0\0\1\0example.com\0", 21) == 0,
	    "SOCKS4a sends 0.0.0.1 and the name");
	ok(socks4_request(&px, "10.0.0.2", 443, req, sizeof(req), err) ==
	    9 && memcmp(req, "\4\1\1\xbb\12\0\0\2\0", 9) == 0,
	    "SOCKS4a sends an address as an address");

	reply_is(socks4_reply_parse, "\0\x5a\0\0\0\0\0\0", 8, 8, NULL,
	    "SOCKS4 90: granted");
	reply_is(socks4_reply_parse, "\4\x5a\0\0\0\0\0\0", 8, 8, NULL,
	    "SOCKS4 90 with version 4");
	reply_is(socks4_reply_parse, "\0\x5a\0\0\0\0\0\0DATA", 12, 8, NULL,
	    "SOCKS4 early data kept");
	reply_is(socks4_reply_parse, "\0\x5b\0\0\0\0\0\0", 8, -1,
	    "request rejected or failed (SOCKS4 reply 91)", "SOCKS4 91");
	reply_is(socks4_reply_parse, "\0\x5c", 2, -1, "request rejected: the "
	    "proxy cannot reach identd on this host (SOCKS4 reply 92)",
	    "SOCKS4 92");
	reply_is(socks4_reply_parse, "\0\x5d", 2, -1, "request rejected: "
	    "identd reports a different user id (SOCKS4 reply 93)",
	    "SOCKS4 93");
	reply_is(socks4_reply_parse, "\0\x5e", 2, -1,
	    "unknown reply 94 (SOCKS4)", "SOCKS4 94 unknown");
	reply_is(socks4_reply_parse, "\5\0\0\1", 4, -1,
	    "not a SOCKS4 proxy (version 5)", "SOCKS5 answer to 4");
	reply_is(socks4_reply_parse, "\0\x5a\0", 3, 0, NULL, "short: more");
}

/* The CONNECT request to host:port with agent is want. */
static void
connect_is(const char *host, int port, const char *agent, const char *want,
    const char *desc)
{
	ok(http_connect_request(&px, host, port, agent, NULL, 0, req,
	    sizeof(req), err) == (long)strlen(want) && memcmp(req, want,
	    strlen(want)) == 0, desc);
}

static void
test_http_request(void)
{
	const char *want;

	memset(&px, 0, sizeof(px));
	px.kind = PROXY_HTTP;
	connect_is("example.com", 443, NULL, "CONNECT example.com:443 "
	    "HTTP/1.1\r\nHost: example.com:443\r\n\r\n", "CONNECT request");
	connect_is("::1", 22, NULL, "CONNECT [::1]:22 HTTP/1.1\r\n"
	    "Host: [::1]:22\r\n\r\n", "CONNECT to IPv6 in brackets");
	px.has_auth = 1;
	memcpy(px.user, "Aladdin", 8);
	memcpy(px.pass, "open sesame", 12);
	connect_is("h", 80, NULL, "CONNECT h:80 HTTP/1.1\r\nHost: h:80\r\n"
	    "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n\r\n",
	    "Proxy-Authorization: Basic (RFC 7617's example)");
	connect_is("h", 80, "a/1", "CONNECT h:80 HTTP/1.1\r\nHost: h:80\r\n"
	    "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"
	    "User-Agent: a/1\r\nProxy-Connection: Keep-Alive\r\n\r\n",
	    "with an agent: curl's User-Agent and Proxy-Connection");
	connect_is("h", 80, "", "CONNECT h:80 HTTP/1.1\r\nHost: h:80\r\n"
	    "Proxy-Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\r\n"
	    "User-Agent: \r\nProxy-Connection: Keep-Alive\r\n\r\n",
	    "an empty agent sent empty, as curl's -A \"\"");
	want = "CONNECT h:80 HTTP/1.1\r\nHost: h:80\r\n"
	    "Proxy-Authorization: Digest username=\"u\"\r\n"
	    "User-Agent: a/1\r\nProxy-Connection: Keep-Alive\r\n\r\n";
	ok(http_connect_auth(&px, "Digest username=\"u\"", "h", 80, "a/1",
	    NULL, 0, req, sizeof(req), err) == (long)strlen(want) &&
	    memcmp(req, want, strlen(want)) == 0,
	    "--proxy-digest's value in Basic's place");
	want = "CONNECT h:80 HTTP/1.1\r\nHost: h:80\r\n\r\n";
	ok(http_connect_auth(&px, "", "h", 80, NULL, NULL, 0, req,
	    sizeof(req), err) == (long)strlen(want) && memcmp(req, want,
	    strlen(want)) == 0, "... \"\": no credentials before a 407");
	ok(http_connect_request(&px, "h", 80, "a\r\nX: y", NULL, 0, req,
	    sizeof(req), err) == -1, "CRLF in the agent refused");
	ok(http_connect_request(&px, "h\r\nX: y", 80, NULL, NULL, 0, req,
	    sizeof(req), err) == -1, "CRLF in the host refused");
	ok(http_connect_request(&px, "h x", 80, NULL, NULL, 0, req,
	    sizeof(req), err) == -1, "a space in the host refused");
	ok(http_connect_request(&px, "h", 80, NULL, NULL, 0, req, 20, err) == -1,
	    "room");
	memset(px.user, 'u', 255);
	px.user[255] = '\0';
	memset(px.pass, 'p', 255);
	px.pass[255] = '\0';
	ok(http_connect_request(&px, "h", 80, NULL, NULL, 0, req,
	    sizeof(req), err) > 684, "255-byte user and password fit");
}

static void
test_base64(void)
{
	static const char *v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" }
	};
	char out[32], desc[48];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		base64_encode((const unsigned char *)v[i][0], strlen(v[i][0]),
		    out);
		snprintf(desc, sizeof(desc), "RFC 4648 base64 \"%s\"", v[i][0]);
		is_str(out, v[i][1], desc);
	}
}

static void
test_http_reply(void)
{
	static unsigned char big[PROXY_HEAD_MAX + 100];
	const char *s;

	s = "HTTP/1.1 200 Connection established\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), (long)strlen(s), NULL,
	    "200 accepted");
	s = "HTTP/1.0 200 OK\r\nProxy-Agent: x\r\n\r\nEARLY DATA";
	reply_is(http_connect_parse, s, strlen(s), (long)strlen(s) - 10, NULL,
	    "early data after the head is not consumed");
	s = "HTTP/1.1 204 No Content\nContent-Length: 5\n\nabcde";
	reply_is(http_connect_parse, s, strlen(s), (long)strlen(s) - 5, NULL,
	    "any 2xx, bare LF, Content-Length ignored");
	s = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\nX";
	reply_is(http_connect_parse, s, strlen(s), (long)strlen(s) - 1, NULL,
	    "an interim 100 is skipped");
	s = "HTTP/1.1 407 Proxy Authentication Required\r\n"
	    "Proxy-Authenticate: Basic realm=\"x\"\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1,
	    "HTTP 407 Proxy Authentication Required", "407");
	s = "HTTP/1.1 403 Forbidden\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1, "HTTP 403 Forbidden",
	    "403");
	s = "HTTP/1.1 502\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1, "HTTP 502",
	    "a status without a reason");
	s = "HTTP/1.1 101 Switching Protocols\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1,
	    "HTTP 101 Switching Protocols", "101 is not success");
	s = "HTTP/1.1 503 Bad\tx\xc3\xa9\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1,
	    "HTTP 503 Bad\\x09x\\xc3\\xa9", "tab and high bytes escaped");
	s = "HTTP/1.1 503 Bad\x1b[31m\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1, NULL,
	    "an escape sequence in the reason refused");
	ok(strchr(err, 0x1b) == NULL, "and not echoed to the terminal");
	s = "HTTP/1.1 999 Odd\r\n\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1, "HTTP 999 Odd",
	    "status out of range is a failure");
	s = "SSH-2.0-OpenSSH\r\n";
	reply_is(http_connect_parse, s, strlen(s), -1, NULL,
	    "not HTTP: refused");
	ok(strstr(err, "bad response to CONNECT") != NULL,
	    "the step is named");
	s = "HTTP/1.1 200 OK\r\nX: y\r\n";
	reply_is(http_connect_parse, s, strlen(s), 0, NULL,
	    "no blank line yet: more needed");
	memcpy(big, "HTTP/1.1 200 OK\r\n", 17);
	memset(big + 17, 'a', sizeof(big) - 17);
	reply_is(http_connect_parse, big, PROXY_HEAD_MAX - 1, 0, NULL,
	    "one byte under the limit: more needed");
	reply_is(http_connect_parse, big, sizeof(big), -1,
	    "response to CONNECT over 16384 bytes", "a head over the limit");
}

int
main(void)
{
	test_urls();
	test_user_nc();
	test_socks5_method();
	test_socks5_auth();
	test_socks5_connect_req();
	test_socks5_connect_reply();
	test_socks4();
	test_http_request();
	test_base64();
	test_http_reply();
	return tap_done();
}
