/*
 * test_socks_serve.c: the SOCKS5 server's parsers (socks_serve.c) byte
 * for byte against RFC 1928 and RFC 1929, whole and as bytes trickle
 * in, with the reply codes each refusal carries; the replies built; and
 * --allow-to's entries (proxyto.c), parsed and matched.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "parse/proxyto.h"
#include "parse/socks.h"
#include "parse/socks_serve.h"
#include "tap.h"
#include "util/base.h"

typedef long (*parse_fn)(const unsigned char *, size_t, size_t *, char *);

static char err[SK_ERRLEN];
static int offers, rep;
static struct socks5_req rq;
static char user[PROXY_USERLEN], pass[PROXY_USERLEN];

static long
greeting(const unsigned char *b, size_t n, size_t *need, char *e)
{
	return socks5_greeting_parse(b, n, &offers, need, e);
}

static long
userpass(const unsigned char *b, size_t n, size_t *need, char *e)
{
	return socks5_userpass_parse(b, n, user, pass, need, e);
}

static long
request(const unsigned char *b, size_t n, size_t *need, char *e)
{
	return socks5_request_parse(b, n, &rq, &rep, need, e);
}

/*
 * fn on s[0..n), whole and over every prefix: the same answer and
 * message at the same byte, an honest need, and a success whose length
 * is where it was reached.  Returns the whole answer; *same says the
 * trickle agreed.
 */
static long
parse_both(parse_fn fn, const void *s, size_t n, int *same)
{
	const unsigned char *b = s;
	char e2[SK_ERRLEN];
	size_t need = 0, i, wait = 0;
	long r, whole;

	err[0] = '\0';
	whole = fn(b, n, &need, err);
	*same = 1;
	for (i = 0; i <= n; i++) {
		e2[0] = '\0';
		r = fn(b, i, &need, e2);
		if (r == 0) {
			if (need < 1)
				*same = 0;
			if (i + need > wait)
				wait = i + need;
			continue;
		}
		if ((r > 0 && (i < wait || (size_t)r != i)) || r != whole ||
		    strcmp(e2, err) != 0)
			*same = 0;
		/* the whole answer's fields again, not a prefix's */
		(void)fn(b, n, &need, e2);
		return whole;
	}
	if (whole != 0)
		*same = 0;
	return whole;
}

static void
parses(parse_fn fn, const void *s, size_t n, long want, const char *emsg,
    const char *desc)
{
	int same;
	long r = parse_both(fn, s, n, &same);

	if (!ok(r == want && same && (emsg == NULL || strstr(err, emsg) !=
	    NULL), desc))
		printf("#   got %ld (trickle %s), err '%s'; want %ld '%s'\n",
		    r, same ? "same" : "differs", err, want, emsg ? emsg : "");
}

static void
test_greeting(void)
{
	parses(greeting, "\5\1\0", 3, 3, NULL, "greeting: no-auth offered");
	is_int(offers, SOCKS5_OFFERS_NOAUTH, "greeting: offers no-auth");
	parses(greeting, "\5\2\0\2", 4, 4, NULL, "greeting: two methods");
	is_int(offers, SOCKS5_OFFERS_NOAUTH | SOCKS5_OFFERS_USERPASS,
	    "greeting: offers both");
	parses(greeting, "\5\3\1\2\x80", 5, 5, NULL,
	    "greeting: GSSAPI and a private method are no offer of ours");
	is_int(offers, SOCKS5_OFFERS_USERPASS, "greeting: only user/pass");
	parses(greeting, "\5\1\1", 3, 3, NULL, "greeting: GSSAPI alone");
	is_int(offers, 0, "greeting: nothing we serve");
	parses(greeting, "\5\1\0\5\1\0\1", 7, 3, NULL,
	    "greeting: pipelined request after it is not part of it");
	parses(greeting, "\5\0", 2, -1, "no method",
	    "greeting: zero methods refused");
	parses(greeting, "\4\1\0\120", 4, -1, "SOCKS4",
	    "greeting: a SOCKS4 client is told apart");
	parses(greeting, "GET / HTTP/1.1\r\n", 16, -1, "version 71",
	    "greeting: HTTP is no SOCKS5");
}

static void
test_userpass(void)
{
	static const unsigned char ok1[] = "\1\5alice\6s3cret";
	static const unsigned char nul[] = "\1\2a\0\1b";

	parses(userpass, ok1, 14, 14, NULL, "RFC 1929: user and password");
	is_str(user, "alice", "RFC 1929: the user");
	is_str(pass, "s3cret", "RFC 1929: the password");
	parses(userpass, "\1\0\0", 3, 3, NULL, "RFC 1929: both empty parse");
	is_str(user, "", "RFC 1929: empty user");
	parses(userpass, "\5\5alice\6s3cret", 14, -1, "version 5",
	    "RFC 1929: version 5 refused (it is 1)");
	parses(userpass, nul, 6, -1, "NUL",
	    "RFC 1929: a NUL in the name refused");
}

static void
req_is(const void *s, size_t n, long want, const char *host, int port,
    const char *desc)
{
	parses(request, s, n, want, NULL, desc);
	if (want > 0 && !ok(strcmp(rq.host, host) == 0 && rq.port == port,
	    desc))
		printf("#   got %s port %d\n", rq.host, rq.port);
}

static void
req_refused(const void *s, size_t n, int code, const char *msg,
    const char *desc)
{
	parses(request, s, n, -1, msg, desc);
	is_int(rep, code, desc);
}

static void
test_request(void)
{
	static const unsigned char v6[] = { 5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 0, 0, 1, 0x1f, 0x90 };
	unsigned char big[4 + 1 + 255 + 2];
	char name[256];

	req_is("\5\1\0\1\177\0\0\1\0\120", 10, 10, "127.0.0.1", 80,
	    "CONNECT to IPv4");
	req_is(v6, sizeof(v6), 22, "::1", 8080, "CONNECT to IPv6");
	req_is("\5\1\0\3\11localhost\1\273", 16, 16, "localhost", 443,
	    "CONNECT to a name");
	req_is("\5\1\0\3\11localhost\1\273GET /", 21, 16, "localhost", 443,
	    "CONNECT with the first data behind it: only the request");
	req_is("\5\1\1\1\177\0\0\1\0\120", 10, 10, "127.0.0.1", 80,
	    "a reserved byte not 0 is let pass");
	big[0] = 5;
	big[1] = 1;
	big[2] = 0;
	big[3] = 3;
	big[4] = 255;
	memset(big + 5, 'a', 255);
	big[260] = 0;
	big[261] = 22;
	memset(name, 'a', 255);
	name[255] = '\0';
	req_is(big, sizeof(big), 262, name, 22, "a name of 255 bytes");
	req_refused("\5\4\0\1\177\0\0\1\0\120", 10, SOCKS5_REP_COMMAND,
	    "command 4", "command 4: not supported (7)");
	req_refused("\5\0\0\1\0\0\0\0\0\0", 10, SOCKS5_REP_COMMAND,
	    "command 0", "command 0: not supported (7)");
	req_refused("\5\11", 2, SOCKS5_REP_COMMAND, "command 9",
	    "an unknown command: 7, at its byte");
	req_refused("\5\1\0\2\1\2\3\4\0\120", 10, SOCKS5_REP_ATYP,
	    "address type 2", "address type 2: not supported (8)");
	req_refused("\5\1\0\3\0\0\120", 7, SOCKS5_REP_FAIL, "empty",
	    "an empty name: general failure (1)");
	req_refused("\5\1\0\3\3a/b\0\120", 10, SOCKS5_REP_FAIL, "byte",
	    "a name with '/': refused at its byte");
	req_refused("\5\1\0\1\177\0\0\1\0\0", 10, SOCKS5_REP_FAIL, "port 0",
	    "CONNECT to port 0 refused");
	req_is("\5\3\0\1\0\0\0\0\0\0", 10, 10, "0.0.0.0", 0,
	    "UDP ASSOCIATE from 0.0.0.0 port 0: not known yet");
	is_int(rq.cmd, SOCKS5_CMD_UDP, "UDP ASSOCIATE: its command");
	req_is("\5\2\0\1\300\0\2\1\0\0", 10, 10, "192.0.2.1", 0,
	    "BIND for a peer at 192.0.2.1, any port");
	is_int(rq.cmd, SOCKS5_CMD_BIND, "BIND: its command");
	req_refused("\4\1\0\120\177\0\0\1", 8, SOCKS5_REP_FAIL, "SOCKS4",
	    "a SOCKS4 request");
}

static void
test_reply(void)
{
	unsigned char b[32], a4[4] = { 127, 0, 0, 1 }, a6[16] = { [15] = 1 };
	size_t n;

	n = socks5_reply_build(0, AF_INET, a4, 1080, b);
	ok(n == 10 && memcmp(b, "\5\0\0\1\177\0\0\1\4\70", 10) == 0,
	    "reply: succeeded, bound to 127.0.0.1 port 1080");
	n = socks5_reply_build(0, AF_INET6, a6, 443, b);
	ok(n == 22 && b[3] == 4 && b[19] == 1 && b[20] == 1 && b[21] == 0xbb,
	    "reply: bound to ::1 port 443");
	n = socks5_reply_build(SOCKS5_REP_REFUSED, AF_UNSPEC, NULL, 99, b);
	ok(n == 10 && memcmp(b, "\5\5\0\1\0\0\0\0\0\0", 10) == 0,
	    "reply: a refusal carries 0.0.0.0 port 0");
	/* the client side's parser takes what the server side builds */
	{
		size_t need;

		n = socks5_reply_build(0, AF_INET, a4, 1080, b);
		is_int(socks5_connect_parse(b, n, &need, err), 10,
		    "reply: the client's parser reads it whole");
		n = socks5_reply_build(SOCKS5_REP_RULESET, AF_UNSPEC, NULL, 0,
		    b);
		ok(socks5_connect_parse(b, n, &need, err) == -1 &&
		    strstr(err, "not allowed by ruleset") != NULL,
		    "reply 2: the client reads 'not allowed by ruleset'");
	}
}

static struct sockaddr *
sa_of(const char *addr, int port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *s4 = (void *)ss;
	struct sockaddr_in6 *s6 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
	} else {
		(void)inet_pton(AF_INET6, addr, &s6->sin6_addr);
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
	}
	return (struct sockaddr *)ss;
}

#define AT	"--allow-to"

static void
test_allow_to(void)
{
	struct proxy_to to[6];
	struct sockaddr_storage ss;

	ok(proxy_to_parse(AT, "10.0.0.0/8", &to[0], err) == 0 &&
	    !to[0].is_name && to[0].port == 0, "--allow-to a block");
	ok(proxy_to_parse(AT, "::1", &to[1], err) == 0 && to[1].block.family ==
	    AF_INET6, "--allow-to an IPv6 address alone");
	ok(proxy_to_parse(AT, "localhost:8080", &to[2], err) == 0 &&
	    to[2].is_name && to[2].port == 8080, "--allow-to a name and port");
	ok(proxy_to_parse(AT, "[::1]:22", &to[3], err) == 0 && !to[3].is_name &&
	    to[3].port == 22, "--allow-to [v6]:port");
	ok(proxy_to_parse(AT, "192.168.0.0/16:*", &to[4], err) == 0 &&
	    to[4].port == 0, "--allow-to a block, any port");
	ok(proxy_to_parse(AT, "127.0.0.2:443", &to[5], err) == 0 &&
	    to[5].port == 443, "--allow-to an address and port");
	ok(proxy_to_parse(AT, "fe80::1:22", &to[0], err) == 0 &&
	    to[0].port == 0,
	    "--allow-to: fe80::1:22 is an IPv6 address, any port");
	ok(proxy_to_parse(AT, "fe80::1:*", &to[0], err) == -1 &&
	    strstr(err, "brackets") != NULL,
	    "--allow-to: IPv6 with a port needs brackets");
	ok(proxy_to_parse(AT, "host:0", &to[0], err) == -1,
	    "--allow-to: port 0 refused");
	ok(proxy_to_parse(AT, "host:http", &to[0], err) == -1,
	    "--allow-to: a service name refused");
	ok(proxy_to_parse(AT, "nohost", &to[0], err) == -1 &&
	    strstr(err, "--allow-to nohost") != NULL,
	    "--allow-to: a name needs a port");
	ok(proxy_to_parse(AT, "a b:1", &to[0], err) == -1,
	    "--allow-to: a space in the name refused");
	ok(proxy_to_parse(AT, "10.0.0.0/40", &to[0], err) == -1,
	    "--allow-to: a bad prefix refused");
	(void)proxy_to_parse(AT, "10.0.0.0/8", &to[0], err);
	(void)proxy_to_parse(AT, "::1", &to[1], err);
	ok(proxy_to_match(to, 6, NULL, sa_of("10.1.2.3", 9, &ss), 9),
	    "match: an address in the block, any port");
	ok(!proxy_to_match(to, 6, NULL, sa_of("11.1.2.3", 9, &ss), 9),
	    "match: outside every entry");
	ok(proxy_to_match(to, 6, "LocalHost", sa_of("127.0.0.1", 8080, &ss),
	    8080), "match: the name, any case, whatever its address");
	ok(!proxy_to_match(to, 6, "localhost", sa_of("127.0.0.1", 8081, &ss),
	    8081), "match: the name, another port");
	ok(proxy_to_match(to, 6, "localhost.", NULL, 8080) &&
	    !proxy_to_match(to, 6, "localhost..", NULL, 8080) &&
	    !proxy_to_match(to, 6, "localhos", NULL, 8080),
	    "match: a name with its final dot, no other");
	ok(proxy_to_match(to, 6, "localhost", NULL, 8080),
	    "match: a name alone (chained: not resolved here)");
	ok(!proxy_to_match(to, 6, NULL, NULL, 80),
	    "match: no address and no name: nothing");
	ok(proxy_to_match(to, 6, NULL, sa_of("127.0.0.2", 443, &ss), 443) &&
	    !proxy_to_match(to, 6, NULL, sa_of("127.0.0.2", 444, &ss), 444),
	    "match: an address and its port only");
	ok(proxy_to_match(to, 6, NULL, sa_of("::1", 22, &ss), 22),
	    "match: IPv6");
	ok(!proxy_to_match(to, 0, NULL, sa_of("10.1.2.3", 9, &ss), 9),
	    "match: no entries, nothing (the caller lets all through)");
	ok(proxy_to_parse("--deny-to", "nohost", &to[0], err) == -1 &&
	    strncmp(err, "--deny-to nohost: ", 18) == 0,
	    "--deny-to's message names its option");
}

/* proxy_to_names: as match, but a whole family names nothing */
static void
test_names(void)
{
	struct proxy_to to[4];
	struct sockaddr_storage ss;

	(void)proxy_to_parse(AT, "0.0.0.0/0", &to[0], err);
	(void)proxy_to_parse(AT, "::/0", &to[1], err);
	(void)proxy_to_parse(AT, "::ffff:0:0/96", &to[2], err);
	ok(proxy_to_match(to, 3, NULL, sa_of("127.0.0.1", 80, &ss), 80) &&
	    !proxy_to_names(to, 3, NULL, sa_of("127.0.0.1", 80, &ss), 80),
	    "names: 0.0.0.0/0 lets through, names no address");
	ok(!proxy_to_names(to + 1, 1, NULL, sa_of("::1", 80, &ss), 80),
	    "names: ::/0 names no IPv6 address");
	ok(!proxy_to_names(to + 1, 2, NULL, sa_of("::ffff:127.0.0.1", 80,
	    &ss), 80), "names: ::/0 and the mapped /96 name no IPv4 one");
	(void)proxy_to_parse(AT, "127.0.0.0/8", &to[0], err);
	(void)proxy_to_parse(AT, "::ffff:127.0.0.1/128", &to[1], err);
	(void)proxy_to_parse(AT, "localhost:5432", &to[2], err);
	(void)proxy_to_parse(AT, "0.0.0.0/1", &to[3], err);
	ok(proxy_to_names(to, 1, NULL, sa_of("::ffff:127.0.0.9", 80, &ss),
	    80), "names: 127.0.0.0/8 names a mapped 127/8 address");
	ok(proxy_to_names(to + 1, 1, NULL, sa_of("127.0.0.1", 80, &ss), 80),
	    "names: a mapped /128 names its IPv4 address");
	ok(proxy_to_names(to + 2, 1, "LOCALHOST", sa_of("::1", 5432, &ss),
	    5432) && !proxy_to_names(to + 2, 1, "localhost", sa_of("::1",
	    22, &ss), 22), "names: a name and its port");
	ok(proxy_to_names(to + 3, 1, NULL, sa_of("127.0.0.1", 80, &ss), 80),
	    "names: a block short of the whole family does");
}

int
main(void)
{
	test_greeting();
	test_userpass();
	test_request();
	test_reply();
	test_allow_to();
	test_names();
	return tap_done();
}
