/*
 * test_ws_deflate.c: permessage-deflate's zlib side (ws/ws_deflate.c)
 * over the system's zlib: a server's choice and a client's reading of
 * its answer made into a pair of streams, messages deflated on one side
 * and inflated on the other, in pieces, with context takeover (a
 * repeated message a few bytes) and without (no_context_takeover), an
 * empty message, a message whose deflate stream ends (BFINAL: RFC 7692
 * 7.2.3.4's example, the 00 after it, in two frames; data after it
 * refused), data that
 * does not inflate, and a deflate bomb stopped by the sink's limit after
 * little more than the limit; which messages go uncompressed (random
 * bytes, sampled), a large message at level 1 and a short one at the
 * default level after it, its context kept.  Without zlib: the offer is not made and
 * the server declines, saying why.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "parse/ws.h"
#include "parse/wsext.h"
#include "tap.h"
#include "util/base.h"
#include "util/zlib.h"
#include "ws/ws.h"
#include "ws/ws_deflate.h"
#include "ws/ws_int.h"

struct got {
	unsigned char	*b;
	size_t		 n, cap;
	size_t		 max;		/* the sink's limit */
};

static int
sink(void *arg, const unsigned char *p, size_t n)
{
	struct got *g = arg;

	if (g->n + n > g->max)
		return -1;
	if (g->n + n > g->cap) {
		g->cap = (g->n + n) * 2;
		if ((g->b = realloc(g->b, g->cap)) == NULL)
			abort();
	}
	memcpy(g->b + g->n, p, n);
	g->n += n;
	return 0;
}

/*
 * The handshake's two halves with offer as the client's field: srv and
 * cli made (their dfl set when agreed); the server's field line in line.
 */
static int
pair(const char *offer, int no_deflate, struct ws_conn *cli,
    struct ws_conn *srv, char *line, struct ws_info *si)
{
	static struct ws_req rq;
	static struct http_resp r;
	struct ws_info ci;
	char req[2048], resp[512], err[SK_ERRLEN];
	int n;

	memset(cli, 0, sizeof(*cli));
	memset(srv, 0, sizeof(*srv));
	cli->client = 1;
	n = snprintf(req, sizeof(req), "GET / HTTP/1.1\r\nHost: x\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
	    "Sec-WebSocket-Version: 13\r\n"
	    "Sec-WebSocket-Extensions: %s\r\n\r\n", offer);
	memset(si, 0, sizeof(*si));
	if (ws_req_parse(req, (size_t)n, &rq, err) <= 0 ||
	    wsd_server_agree(srv, &rq, no_deflate, line, 256, si, err) == -1)
		return -1;
	n = snprintf(resp, sizeof(resp), "HTTP/1.1 101 Switching Protocols"
	    "\r\n%s\r\n", line);
	memset(&ci, 0, sizeof(ci));
	if (http_head_parse(resp, (size_t)n, &r, err) <= 0 ||
	    wsd_client_agree(cli, &r, 1, &ci, err) == -1)
		return -1;
	return 0;
}

/* A message from a to b in k pieces: what it inflates to in g. */
static int
send_msg(struct ws_conn *a, struct ws_conn *b, const unsigned char *p,
    size_t n, size_t k, struct got *g, size_t *wire)
{
	const unsigned char *z;
	char err[SK_ERRLEN];
	size_t i, part, zn;
	int rc;

	g->n = 0;
	*wire = 0;
	for (i = 0; i < k; i++) {
		part = i < k - 1 ? n / k : n - (n / k) * (k - 1);
		if (wsd_deflate(a->dfl, p, part, i == k - 1, &z, &zn,
		    err) == -1)
			return -1;
		*wire += zn;
		if ((rc = wsd_inflate(b->dfl, z, zn, i == k - 1, sink, g,
		    err)) != 0)
			return rc;
		p += part;
	}
	return 0;
}

static void
test_pair(void)
{
	struct ws_conn cli, srv;
	struct ws_info si;
	struct got g = { NULL, 0, 0, (size_t)1 << 30 };
	unsigned char *big;
	const char *hello = "h\xc3\xa9llo w\xc3\xb6rld";
	char line[256];
	size_t w1, w2, i;

	ok(pair("permessage-deflate; client_max_window_bits", 0, &cli, &srv,
	    line, &si) == 0 && cli.dfl != NULL && srv.dfl != NULL,
	    "a browser's offer: both sides agreed");
	is_str(line, "Sec-WebSocket-Extensions: permessage-deflate\r\n",
	    "the 101's field");
	ok(send_msg(&cli, &srv, (const unsigned char *)hello, strlen(hello), 1,
	    &g, &w1) == 0 && g.n == strlen(hello) &&
	    memcmp(g.b, hello, g.n) == 0, "client to server: inflated");
	ok(send_msg(&cli, &srv, (const unsigned char *)hello, strlen(hello), 1,
	    &g, &w2) == 0 && g.n == strlen(hello) && w2 < w1 && w2 <= 5,
	    "the same again: a few bytes (context takeover)");
	ok(send_msg(&srv, &cli, (const unsigned char *)"", 0, 1, &g, &w1) ==
	    0 && g.n == 0 && w1 == 1, "an empty message: one byte, nothing");
	if ((big = malloc(1 << 20)) == NULL)
		abort();
	for (i = 0; i < 1 << 20; i++)
		big[i] = (unsigned char)("abcdefgh"[i % 8] + (i >> 12) % 3);
	ok(send_msg(&srv, &cli, big, 1 << 20, 3, &g, &w1) == 0 &&
	    g.n == 1 << 20 && memcmp(g.b, big, g.n) == 0 && w1 < 65536,
	    "a MiB in three pieces, server to client (level 1)");
	ok(send_msg(&srv, &cli, (const unsigned char *)hello, strlen(hello),
	    1, &g, &w1) == 0 && g.n == strlen(hello) &&
	    memcmp(g.b, hello, g.n) == 0 && send_msg(&srv, &cli,
	    (const unsigned char *)hello, strlen(hello), 1, &g, &w2) == 0 &&
	    g.n == strlen(hello) && w2 <= 5,
	    "... then a short one at the default level, context kept");
	/* the bomb: a limit of a MiB on 16 MiB of zeros */
	free(big);
	if ((big = calloc(1, 16 << 20)) == NULL)
		abort();
	g.max = 1 << 20;
	ok(send_msg(&cli, &srv, big, 16 << 20, 1, &g, &w1) == WSD_SINK &&
	    g.n <= (1 << 20) && w1 < 131072,
	    "a deflate bomb: stopped by the sink's limit");
	free(big);
	wsd_free(cli.dfl);
	wsd_free(srv.dfl);

	g.max = (size_t)1 << 30;
	ok(pair("permessage-deflate; server_no_context_takeover", 0, &cli,
	    &srv, line, &si) == 0 && srv.dfl != NULL,
	    "server_no_context_takeover: agreed");
	ok(send_msg(&srv, &cli, (const unsigned char *)hello, strlen(hello), 1,
	    &g, &w1) == 0 && send_msg(&srv, &cli,
	    (const unsigned char *)hello, strlen(hello), 1, &g, &w2) == 0 &&
	    w1 == w2 && g.n == strlen(hello),
	    "server_no_context_takeover: the same again, as long");
	wsd_free(cli.dfl);
	wsd_free(srv.dfl);
	free(g.b);
}

static const unsigned char rfc_final[] = {
	0xf3, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00, 0x00
};

/* A message whose deflate stream ends (BFINAL), as some peers send. */
static void
test_final(void)
{
	struct ws_conn cli, srv;
	struct ws_info si;
	struct got g = { NULL, 0, 0, 1 << 20 };
	z_stream zs;
	unsigned char out[256];
	char line[256], err[SK_ERRLEN];
	int k, rc = 0;

	if (pair("permessage-deflate", 0, &cli, &srv, line, &si) == -1)
		abort();
	for (k = 0; k < 2; k++) {
		memset(&zs, 0, sizeof(zs));
		if (zl.deflateInit2_(&zs, 6, Z_DEFLATED, -15, 8, 0, ZLIB_API,
		    (int)sizeof(zs)) != Z_OK)
			abort();
		zs.next_in = (const unsigned char *)"final block";
		zs.avail_in = 11;
		zs.next_out = out;
		zs.avail_out = sizeof(out);
		(void)zl.deflate(&zs, 4);	/* Z_FINISH */
		rc |= wsd_inflate(srv.dfl, out, sizeof(out) - zs.avail_out, 1,
		    sink, &g, err);
		(void)zl.deflateEnd(&zs);
	}
	ok(rc == 0 && g.n == 22 && memcmp(g.b, "final blockfinal block",
	    22) == 0, "two messages each a whole stream (BFINAL): inflated");
	/*
	 * RFC 7692 7.2.3.4's own example: "Hello" in a block with BFINAL
	 * set, then the 00 that begins the empty stored block the 00 00 ff
	 * ff appended on receipt ends
	 */
	g.n = 0;
	rc = wsd_inflate(srv.dfl, rfc_final, sizeof(rfc_final), 1, sink, &g,
	    err);
	ok(rc == 0 && g.n == 5 && memcmp(g.b, "Hello", 5) == 0,
	    "RFC 7692 7.2.3.4: BFINAL and the 00 after it: inflated");
	/* ... in two frames, the second all after the final block */
	g.n = 0;
	rc = wsd_inflate(srv.dfl, rfc_final, 6, 0, sink, &g, err);
	rc |= wsd_inflate(srv.dfl, rfc_final + 6, 2, 1, sink, &g, err);
	ok(rc == 0 && g.n == 5 && memcmp(g.b, "Hello", 5) == 0,
	    "... in two frames, the next message a new stream");
	/* ... and a sender that left the empty stored block whole */
	g.n = 0;
	memcpy(out, rfc_final, 7);
	memcpy(out + 7, "\x00\x00\x00\xff\xff", 5);
	rc = wsd_inflate(srv.dfl, out, 12, 1, sink, &g, err);
	ok(rc == 0 && g.n == 5, "... the empty stored block left whole");
	g.n = 0;
	memcpy(out + 7, "more data", 9);
	is_int(wsd_inflate(srv.dfl, out, 16, 1, sink, &g, err), -1,
	    "data after the final block: refused");
	ok(strstr(err, "after the end") != NULL, "... saying so");
	g.n = 0;
	rc = wsd_inflate(srv.dfl, rfc_final, sizeof(rfc_final), 1, sink, &g,
	    err);
	ok(rc == 0 && g.n == 5, "... and the next message inflated");
	g.n = 0;
	is_int(wsd_inflate(srv.dfl, (const unsigned char *)"\xff\xff\xff", 3,
	    1, sink, &g, err), -1, "data that does not inflate: refused");
	ok(strstr(err, "does not inflate") != NULL, "... saying so");
	wsd_free(cli.dfl);
	wsd_free(srv.dfl);
	free(g.b);
}

/* Which messages are worth compressing. */
static void
test_worth(void)
{
	unsigned char *b;
	unsigned x = 12345;
	size_t i, n = 256 * 1024;

	if ((b = malloc(n)) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		b[i] = (unsigned char)(x >> 16);
	}
	is_int(wsd_worth(b, n), 0, "256 KiB of random bytes: sent plain");
	is_int(wsd_worth(b, 2000), 0, "2000 random bytes: sent plain");
	is_int(wsd_worth(b, 1000), 1, "a short message: compressed");
	for (i = 0; i < n; i++)
		b[i] = (unsigned char)("GET /index.html HTTP/1.1 200 "[i % 29]);
	is_int(wsd_worth(b, n), 1, "text: compressed");
	for (i = 0; i < n; i++)
		b[i] = (unsigned char)("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
		    "qrstuvwxyz0123456789+/"[(i * 7 + i / 64) % 64]);
	is_int(wsd_worth(b, n), 1, "base64: compressed");
	memset(b, 0, n);
	is_int(wsd_worth(b, n), 1, "zeros: compressed");
	/* random but for a text tail: a sample spread over it sees both */
	for (i = 0; i < n / 2; i++) {
		x = x * 1103515245 + 12345;
		b[i] = (unsigned char)(x >> 16);
	}
	for (; i < n; i++)
		b[i] = (unsigned char)("some text, "[i % 11]);
	is_int(wsd_worth(b, n), 1, "half random, half text: compressed");
	free(b);
}

static void
test_declined(void)
{
	struct ws_conn cli, srv;
	struct ws_info si;
	char line[256];

	ok(pair("permessage-deflate; bogus", 0, &cli, &srv, line, &si) == 0 &&
	    line[0] == '\0' && srv.dfl == NULL && cli.dfl == NULL,
	    "an offer with an unknown parameter: declined");
	is_str(si.ext_note, "permessage-deflate declined: permessage-deflate "
	    "with an unknown parameter bogus", "... saying why");
	ok(pair("permessage-deflate", 1, &cli, &srv, line, &si) == 0 &&
	    line[0] == '\0' && srv.dfl == NULL,
	    "--ws-no-deflate: declined");
	is_str(si.ext_note, "permessage-deflate declined (--ws-no-deflate)",
	    "... saying why");
}

int
main(void)
{
	struct ws_info info;
	char err[SK_ERRLEN], line[256];

	memset(&info, 0, sizeof(info));
	if (zlib_load(err) == -1) {
		wsd_offer(1, line, sizeof(line), &info);
		ok(line[0] == '\0' && strstr(info.ext_note, "libz.so.1") !=
		    NULL, "no zlib: nothing offered, said by name");
		return tap_done();
	}
	wsd_offer(1, line, sizeof(line), &info);
	is_str(line, "Sec-WebSocket-Extensions: permessage-deflate; "
	    "client_max_window_bits\r\n", "the client's offer");
	wsd_offer(0, line, sizeof(line), &info);
	is_str(line, "", "--ws-no-deflate: no offer");
	test_pair();
	test_final();
	test_worth();
	test_declined();
	return tap_done();
}
