/*
 * fuzz_socks_serve.c: the SOCKS5 server's parsers (socks_serve.c) get
 * the input, whole and as it would trickle in byte by byte, and must
 * keep socks_serve.h's contract: the same answer, message and reply
 * code both ways, decided at the same byte, nothing consumed beyond
 * what was given, an honest and exact "need", a printable message.  A
 * request that parses must come back the same through the client
 * side's builder (socks.c), and the reply built for it must parse on
 * the client side.  The input, read as text, is also an --allow-to
 * entry (proxyto.c): parsed, it must match what it names.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/proxyto.h"
#include "parse/socks.h"
#include "parse/socks_serve.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

typedef long (*parse_fn)(const unsigned char *, size_t, size_t *, char *);

static int fz_offers, fz_rep;
static struct socks5_req fz_rq;
static char fz_user[PROXY_USERLEN], fz_pass[PROXY_USERLEN];

static long
greeting(const unsigned char *b, size_t n, size_t *need, char *e)
{
	return socks5_greeting_parse(b, n, &fz_offers, need, e);
}

static long
userpass(const unsigned char *b, size_t n, size_t *need, char *e)
{
	return socks5_userpass_parse(b, n, fz_user, fz_pass, need, e);
}

static long
request(const unsigned char *b, size_t n, size_t *need, char *e)
{
	fz_rep = -1;
	return socks5_request_parse(b, n, &fz_rq, &fz_rep, need, e);
}

static void
message_ok(const char *e)
{
	size_t i, n = strnlen(e, SK_ERRLEN);

	if (n == 0 || n == SK_ERRLEN)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)e[i] < 0x20 || (unsigned char)e[i] >= 0x7f)
			abort();
}

/* whole, then every prefix; returns the whole answer */
static long
both_ways(parse_fn fn, const unsigned char *b, size_t n, int *rep)
{
	char e1[SK_ERRLEN], e2[SK_ERRLEN];
	size_t need = 0, i, wait = 0;
	long whole, r;
	int rep1;

	e1[0] = '\0';
	whole = fn(b, n, &need, e1);
	rep1 = *rep;
	if (whole < -1 || whole > (long)n || whole > SOCKS5_MSG_MAX)
		abort();
	if (whole == -1)
		message_ok(e1);
	if (whole == 0 && (need < 1 || need > SOCKS5_MSG_MAX))
		abort();
	for (i = 0; i <= n; i++) {
		e2[0] = '\0';
		r = fn(b, i, &need, e2);
		if (r == 0) {
			if (need < 1 || need > SOCKS5_MSG_MAX)
				abort();
			if (i + need > wait)
				wait = i + need;
			continue;
		}
		if (r != whole || strcmp(e1, e2) != 0 || *rep != rep1)
			abort();
		/* the need was exact: a message ends where it said */
		if (r > 0 && ((size_t)r != i || i != wait))
			abort();
		break;
	}
	if (i > n && whole != 0)
		abort();
	/* the fields of the whole input again */
	e1[0] = '\0';
	return fn(b, n, &need, e1);
}

static void
request_back(long r, const unsigned char *b)
{
	unsigned char out[PROXY_REQ_MAX], a[16];
	char err[SK_ERRLEN];
	size_t need;
	long n;

	if (r <= 0)
		return;
	if (fz_rq.cmd < SOCKS5_CMD_CONNECT || fz_rq.cmd > SOCKS5_CMD_UDP ||
	    fz_rq.port < (fz_rq.cmd == SOCKS5_CMD_CONNECT) ||
	    fz_rq.port > 65535 || fz_rq.host[0] == '\0')
		abort();
	/* the client side builds CONNECT to a port alone */
	if (fz_rq.cmd != SOCKS5_CMD_CONNECT || fz_rq.port == 0)
		return;
	/* a name that reads as an address goes back as one: skip those */
	if (fz_rq.atyp == 3 && (inet_pton(AF_INET, fz_rq.host, a) == 1 ||
	    inet_pton(AF_INET6, fz_rq.host, a) == 1))
		return;
	n = socks5_connect_request(fz_rq.host, fz_rq.port, out, sizeof(out),
	    err);
	if (n != r || out[3] != b[3] || memcmp(out + 4, b + 4, (size_t)n - 4)
	    != 0)
		abort();
	n = (long)socks5_reply_build(SOCKS5_REP_OK, fz_rq.atyp == 4 ?
	    AF_INET6 : AF_INET, b + 4, fz_rq.port, out);
	if (socks5_connect_parse(out, (size_t)n, &need, err) != n)
		abort();
}

static void
allow_to(const uint8_t *data, size_t size)
{
	struct proxy_to to;
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (void *)&ss;
	struct sockaddr_in6 *s6 = (void *)&ss;
	char s[SK_HOSTLEN + 32], err[SK_ERRLEN];
	int port;

	if (size >= sizeof(s))
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (proxy_to_parse("--allow-to", s, &to, err) == -1) {
		message_ok(err);
		return;
	}
	port = to.port != 0 ? to.port : 1;
	if (to.is_name) {
		if (!proxy_to_match(&to, 1, to.name, NULL, port))
			abort();
		return;
	}
	/* a block takes its own network address */
	memset(&ss, 0, sizeof(ss));
	if (to.block.family == AF_INET) {
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, to.block.addr, 4);
		s4->sin_port = htons((unsigned short)port);
	} else {
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, to.block.addr, 16);
		s6->sin6_port = htons((unsigned short)port);
	}
	if (!proxy_to_match(&to, 1, NULL, (struct sockaddr *)&ss, port))
		abort();
	/* what names a place lets it through; a whole family names none */
	if (proxy_to_names(&to, 1, NULL, (struct sockaddr *)&ss, port) !=
	    (to.block.len > (to.block.family == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) ? 96 : 0)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int none = 0;
	long r;

	(void)both_ways(greeting, data, size, &none);
	(void)both_ways(userpass, data, size, &none);
	r = both_ways(request, data, size, &fz_rep);
	if (r == -1 && (fz_rep < SOCKS5_REP_FAIL || fz_rep > SOCKS5_REP_ATYP))
		abort();
	request_back(r, data);
	allow_to(data, size);
	return 0;
}
