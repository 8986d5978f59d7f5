/*
 * test_ws.c: the WebSocket pieces of src/parse/ws.c: frame heads (every
 * length form, every prefix, every refusal), masking against a byte at a
 * time reference at every alignment and phase, the UTF-8 check against a
 * reference that works on code points (whole, byte by byte and in random
 * pieces), Close bodies, ws:// URLs, the handshake's key, request head
 * and answer, and the choice of a subprotocol.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/ws.h"
#include "tap.h"
#include "util/base.h"

#define SAMPLE_KEY	"dGhlIHNhbXBsZSBub25jZQ=="

static char err[SK_ERRLEN];

/* A random integer in [0, n): rand's low bits are good enough here. */
static size_t
rnd(size_t n)
{
	return n == 0 ? 0 : (size_t)rand() % n;
}

/*
 * Frame heads.
 */

/*
 * One whole head: p[0..n) parses to these values, with the head's
 * length, and every shorter prefix asks for more (0).  The parse runs on
 * an exact-size copy so a sanitizer sees any read past the end.
 */
static void
head_is(const char *what, const unsigned char *p, size_t n, int fin,
    int opcode, const unsigned char *mask, uint64_t len)
{
	struct ws_head h;
	unsigned char *c;
	size_t k;
	int r, more = 1;
	char d[128];

	if ((c = malloc(n)) == NULL)
		abort();
	for (k = 0; k < n; k++) {
		memcpy(c, p, k);
		if (ws_head_parse(c, k, &h, err) != 0)
			more = 0;
	}
	snprintf(d, sizeof(d), "%s: every prefix asks for more", what);
	ok(more, d);
	memcpy(c, p, n);
	r = ws_head_parse(c, n, &h, err);
	snprintf(d, sizeof(d), "%s: head length", what);
	is_int(r, (long long)n, d);
	snprintf(d, sizeof(d), "%s: fields", what);
	ok(r > 0 && h.hlen == n && h.fin == fin && h.opcode == opcode &&
	    h.masked == (mask != NULL) && h.len == len &&
	    (mask == NULL || memcmp(h.mask, mask, 4) == 0), d);
	free(c);
}

/* p[0..n) is refused (-1) with a message. */
static void
head_bad(const char *what, const unsigned char *p, size_t n)
{
	struct ws_head h;
	unsigned char *c;

	if ((c = malloc(n)) == NULL)
		abort();
	memcpy(c, p, n);
	err[0] = '\0';
	ok(ws_head_parse(c, n, &h, err) == -1 && err[0] != '\0', what);
	free(c);
}

static void
test_head_parse(void)
{
	static const unsigned char key[4] = { 0x37, 0xfa, 0x21, 0x3d };
	/* RFC 6455 5.7: "Hello", unmasked and masked */
	static const unsigned char hello[] = { 0x81, 0x05 };
	static const unsigned char mhello[] = { 0x81, 0x85, 0x37, 0xfa, 0x21,
	    0x3d };
	static const unsigned char frag1[] = { 0x01, 0x03 };
	static const unsigned char frag2[] = { 0x80, 0x02 };
	static const unsigned char ping[] = { 0x89, 0x05 };
	static const unsigned char pong[] = { 0x8a, 0x85, 0x37, 0xfa, 0x21,
	    0x3d };
	static const unsigned char close0[] = { 0x88, 0x00 };
	static const unsigned char ctl125[] = { 0x89, 0x7d };
	static const unsigned char b125[] = { 0x82, 0x7d };
	static const unsigned char b256[] = { 0x82, 0x7e, 0x01, 0x00 };
	static const unsigned char b65535[] = { 0x82, 0x7e, 0xff, 0xff };
	static const unsigned char mb256[] = { 0x82, 0xfe, 0x01, 0x00, 0x37,
	    0xfa, 0x21, 0x3d };
	static const unsigned char b64k[] = { 0x82, 0x7f, 0, 0, 0, 0, 0, 1,
	    0, 0 };
	static const unsigned char mb64k[] = { 0x82, 0xff, 0, 0, 0, 0, 0, 1,
	    0, 0, 0x37, 0xfa, 0x21, 0x3d };
	static const unsigned char bmax[] = { 0x02, 0x7f, 0x7f, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff };
	/* not the shortest form: taken, as the header says */
	static const unsigned char long16[] = { 0x82, 0x7e, 0x00, 0x05 };
	static const unsigned char long64[] = { 0x81, 0x7f, 0, 0, 0, 0, 0, 0,
	    0, 0x05 };
	static const unsigned char top[] = { 0x82, 0x7f, 0x80, 0, 0, 0, 0, 0,
	    0, 0 };
	static const unsigned char mtop[] = { 0x82, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4 };
	static const unsigned char ctl126[] = { 0x88, 0x7e, 0x00, 0x7e };
	static const unsigned char ctl127[] = { 0x89, 0x7f, 0, 0, 0, 0, 0, 0,
	    0, 0x7e };
	/* a control frame's length in the 16-bit form, though only 5:
	 * never the shortest form, refused with the over-125 ones */
	static const unsigned char ctl16[] = { 0x8a, 0x7e, 0x00, 0x05 };
	unsigned char p[WS_HEAD_MAX + 8], payload[5];
	struct ws_head h;
	char d[64];
	int op, rsv, bad;

	head_is("text Hello", hello, sizeof(hello), 1, WS_OP_TEXT, NULL, 5);
	head_is("masked Hello", mhello, sizeof(mhello), 1, WS_OP_TEXT, key,
	    5);
	/* the RFC's masked Hello unmasks to Hello */
	memcpy(payload, "\x7f\x9f\x4d\x51\x58", 5);
	ws_mask(payload, 5, key, 0);
	ok(memcmp(payload, "Hello", 5) == 0, "RFC 6455 5.7 masked Hello");
	head_is("first fragment", frag1, sizeof(frag1), 0, WS_OP_TEXT, NULL,
	    3);
	head_is("last fragment", frag2, sizeof(frag2), 1, WS_OP_CONT, NULL, 2);
	head_is("ping", ping, sizeof(ping), 1, WS_OP_PING, NULL, 5);
	head_is("masked pong", pong, sizeof(pong), 1, WS_OP_PONG, key, 5);
	head_is("empty close", close0, sizeof(close0), 1, WS_OP_CLOSE, NULL,
	    0);
	head_is("ping of 125", ctl125, sizeof(ctl125), 1, WS_OP_PING, NULL,
	    125);
	head_is("7-bit 125", b125, sizeof(b125), 1, WS_OP_BINARY, NULL, 125);
	head_is("16-bit 256", b256, sizeof(b256), 1, WS_OP_BINARY, NULL, 256);
	head_is("16-bit 65535", b65535, sizeof(b65535), 1, WS_OP_BINARY, NULL,
	    65535);
	head_is("masked 16-bit", mb256, sizeof(mb256), 1, WS_OP_BINARY, key,
	    256);
	head_is("64-bit 65536", b64k, sizeof(b64k), 1, WS_OP_BINARY, NULL,
	    65536);
	head_is("masked 64-bit", mb64k, sizeof(mb64k), 1, WS_OP_BINARY, key,
	    65536);
	head_is("64-bit 2^63-1", bmax, sizeof(bmax), 0, WS_OP_BINARY, NULL,
	    UINT64_C(0x7fffffffffffffff));
	head_is("16-bit form of 5", long16, sizeof(long16), 1, WS_OP_BINARY,
	    NULL, 5);
	head_is("64-bit form of 5", long64, sizeof(long64), 1, WS_OP_TEXT,
	    NULL, 5);

	/* bytes after the head are the payload's, not the head's */
	memcpy(p, mhello, sizeof(mhello));
	memcpy(p + sizeof(mhello), "\x7f\x9f\x4d\x51\x58", 5);
	is_int(ws_head_parse(p, sizeof(mhello) + 5, &h, err), 6,
	    "payload after the head");

	/* the reserved bits, each alone and all three */
	bad = 0;
	for (rsv = 1; rsv < 8; rsv++) {
		p[0] = (unsigned char)(0x81 | rsv << 4);
		p[1] = 0x00;
		err[0] = '\0';
		if (ws_head_parse(p, 2, &h, err) != -1 || err[0] == '\0')
			bad++;
	}
	is_int(bad, 0, "any reserved bit refused");
	memcpy(p, "\xc1\x05", 2);
	head_bad("RSV1 (no extension agreed)", p, 2);

	/* the opcodes: 0-2 and 8-A are known, 3-7 and B-F refused */
	for (op = 0; op < 16; op++) {
		p[0] = (unsigned char)(0x80 | op);
		p[1] = 0x00;
		snprintf(d, sizeof(d), "opcode 0x%x", op);
		if ((op >= 3 && op <= 7) || op >= 0xb)
			head_bad(d, p, 2);
		else
			is_int(ws_head_parse(p, 2, &h, err), 2, d);
	}
	/* a control frame may not be fragmented */
	for (op = WS_OP_CLOSE; op <= WS_OP_PONG; op++) {
		p[0] = (unsigned char)op;
		p[1] = 0x00;
		snprintf(d, sizeof(d), "fragmented control 0x%x", op);
		head_bad(d, p, 2);
	}
	head_bad("close of 126", ctl126, sizeof(ctl126));
	head_bad("ping of 126 (64-bit form)", ctl127, sizeof(ctl127));
	head_bad("pong of 5 in the 16-bit form", ctl16, sizeof(ctl16));
	/* decided at the second byte, before the length bytes come */
	head_bad("close of 126, two bytes", ctl126, 2);
	head_bad("64-bit length with the top bit", top, sizeof(top));
	head_bad("masked 64-bit length with the top bit", mtop, sizeof(mtop));
	is_int(ws_head_parse(top, 9, &h, err), 0,
	    "top bit: 9 bytes still ask for more");
}

static void
test_head_build(void)
{
	static const uint64_t lens[] = { 0, 1, 125, 126, 127, 65535, 65536,
	    UINT64_C(1) << 32, UINT64_C(0x7fffffffffffffff) };
	static const int ops[] = { WS_OP_CONT, WS_OP_TEXT, WS_OP_BINARY,
	    WS_OP_CLOSE, WS_OP_PING, WS_OP_PONG };
	static const unsigned char key[4] = { 0x37, 0xfa, 0x21, 0x3d };
	unsigned char out[WS_HEAD_MAX + 2];
	struct ws_head h;
	size_t i, o, n, want;
	int fin, m, r, bad = 0, tried = 0;

	n = ws_head_build(out, 1, WS_OP_TEXT, 5, NULL);
	ok(n == 2 && memcmp(out, "\x81\x05", 2) == 0, "build: text 5");
	n = ws_head_build(out, 1, WS_OP_TEXT, 5, key);
	ok(n == 6 && memcmp(out, "\x81\x85\x37\xfa\x21\x3d", 6) == 0,
	    "build: masked text 5");
	n = ws_head_build(out, 1, WS_OP_BINARY, 256, NULL);
	ok(n == 4 && memcmp(out, "\x82\x7e\x01\x00", 4) == 0,
	    "build: 16-bit 256");
	n = ws_head_build(out, 0, WS_OP_BINARY, 65536, NULL);
	ok(n == 10 && memcmp(out, "\x02\x7f\0\0\0\0\0\x01\0\0", 10) == 0,
	    "build: 64-bit 65536, not final");
	n = ws_head_build(out, 1, WS_OP_BINARY, UINT64_C(1) << 32, key);
	ok(n == 14 && memcmp(out, "\x82\xff\0\0\0\x01\0\0\0\0\x37\xfa\x21\x3d",
	    14) == 0, "build: masked 2^32");

	/* every length form, masked or not, final or not, round trips */
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		for (o = 0; o < sizeof(ops) / sizeof(ops[0]); o++)
			for (fin = 0; fin < 2; fin++)
				for (m = 0; m < 2; m++) {
					/* control frames: final, <= 125 */
					if (ops[o] >= WS_OP_CLOSE &&
					    (!fin || lens[i] > WS_CONTROL_MAX))
						continue;
					tried++;
					want = lens[i] < 126 ? 2 :
					    lens[i] <= 0xffff ? 4 : 10;
					want += m ? 4 : 0;
					memset(&h, 0, sizeof(h));
					n = ws_head_build(out, fin, ops[o],
					    lens[i], m ? key : NULL);
					r = ws_head_parse(out, n, &h, err);
					if (n != want || r != (int)n ||
					    h.hlen != n || h.fin != fin ||
					    h.opcode != ops[o] ||
					    h.masked != m || h.len != lens[i] ||
					    (m && memcmp(h.mask, key, 4) != 0))
						bad++;
				}
	ok(tried > 100, "round trips tried");
	is_int(bad, 0, "build then parse: the same frame, shortest form");
	/* 2^63 fits no frame: built, it is refused when read */
	n = ws_head_build(out, 1, WS_OP_BINARY, UINT64_C(1) << 63, NULL);
	is_int(ws_head_parse(out, n, &h, err), -1, "build 2^63: refused");
}

/*
 * Masking.
 */

/* The definition of RFC 6455 5.3: byte i takes key[(off + i) mod 4]. */
static void
ref_mask(unsigned char *p, size_t n, const unsigned char key[4], uint64_t off)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] ^= key[(off + i) & 3];
}

static void
test_mask(void)
{
	static const uint64_t bigoff = UINT64_C(0xfffffffc);
	union {
		uint64_t	align;
		unsigned char	b[256];
	} a, r, orig;
	unsigned char key[4];
	size_t al, len, i, cut, pos, n;
	uint64_t off;
	int bad, trial, k;
	char d[96];

	for (al = 0; al < 8; al++) {
		bad = 0;
		for (len = 0; len <= 100; len++) {
			for (off = 0; off < 8; off++) {
				for (i = 0; i < 4; i++)
					key[i] = (unsigned char)rand();
				for (i = 0; i < sizeof(a.b); i++)
					a.b[i] = (unsigned char)rand();
				r = a;
				ws_mask(a.b + al, len, key, off);
				ref_mask(r.b + al, len, key, off);
				/* the same, and nothing outside touched */
				if (memcmp(a.b, r.b, sizeof(a.b)) != 0)
					bad++;
				/* a frame's phase beyond 2^32 too */
				r = a;
				ws_mask(a.b + al, len, key, bigoff + off);
				ref_mask(r.b + al, len, key, bigoff + off);
				if (memcmp(a.b, r.b, sizeof(a.b)) != 0)
					bad++;
			}
		}
		snprintf(d, sizeof(d), "mask: lengths 0-100, off 0-7 and "
		    "past 2^32, %zu bytes past an 8-byte boundary", al);
		is_int(bad, 0, d);
	}

	/* in pieces, each with its offset into the frame, as a whole */
	bad = 0;
	for (trial = 0; trial < 2000; trial++) {
		len = rnd(sizeof(a.b) - 8);
		al = rnd(8);
		off = rnd(8);
		for (i = 0; i < 4; i++)
			key[i] = (unsigned char)rand();
		for (i = 0; i < sizeof(a.b); i++)
			a.b[i] = (unsigned char)rand();
		r = orig = a;
		ws_mask(r.b + al, len, key, off);
		for (pos = 0; pos < len; pos += n) {
			cut = 1 + rnd(len - pos);
			n = rnd(4) == 0 ? 1 : cut;
			ws_mask(a.b + al + pos, n, key, off + pos);
		}
		if (memcmp(a.b, r.b, sizeof(a.b)) != 0)
			bad++;
		/* twice is the identity */
		ws_mask(a.b + al, len, key, off);
		if (memcmp(a.b, orig.b, sizeof(a.b)) != 0)
			bad++;
	}
	is_int(bad, 0, "mask: in random pieces as whole; twice is identity");

	/* an all-zero key changes nothing; an all-ones key inverts */
	for (i = 0; i < 64; i++)
		a.b[i] = (unsigned char)i;
	memset(key, 0, 4);
	ws_mask(a.b + 3, 50, key, 1);
	for (bad = 0, k = 0; k < 64; k++)
		bad += a.b[k] != (unsigned char)k;
	is_int(bad, 0, "mask: zero key");
	memset(key, 0xff, 4);
	ws_mask(a.b + 3, 50, key, 2);
	for (bad = 0, k = 0; k < 64; k++)
		bad += a.b[k] != (unsigned char)(k >= 3 && k < 53 ? ~k : k);
	is_int(bad, 0, "mask: all-ones key inverts just the span");
}

/*
 * UTF-8.
 */

/*
 * Can the j bytes read so far of an n-byte sequence still become a
 * character?  The code points they allow, [lo, hi], against those an
 * n-byte form may hold, [min, max], less the surrogates.
 */
static int
ref_reachable(uint32_t lo, uint32_t hi, uint32_t min, uint32_t max)
{
	if (lo < min)
		lo = min;
	if (hi > max)
		hi = max;
	if (lo > hi)
		return 0;
	return !(lo >= 0xd800 && hi <= 0xdfff);
}

/*
 * A reference that decodes code points, unlike ws.c's table: 1 when
 * p[0..n) is UTF-8; else 0 with *bad the first byte no UTF-8 text can
 * have there (n when the text stops inside a character).
 */
static int
ref_utf8(const unsigned char *p, size_t n, size_t *bad)
{
	size_t i = 0, j, len;
	uint32_t cp, min, max, lo, hi;
	unsigned c;

	while (i < n) {
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
			min = 0x80;
			max = 0x7ff;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
			min = 0x800;
			max = 0xffff;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
			min = 0x10000;
			max = 0x10ffff;
		} else {
			*bad = i;
			return 0;
		}
		for (j = 1;; j++) {
			lo = cp << (6 * (len - j));
			hi = lo | ((UINT32_C(1) << (6 * (len - j))) - 1);
			if (!ref_reachable(lo, hi, min, max)) {
				*bad = i + j - 1;
				return 0;
			}
			if (j == len)
				break;
			if (i + j == n) {
				*bad = n;
				return 0;
			}
			if ((p[i + j] & 0xc0) != 0x80) {
				*bad = i + j;
				return 0;
			}
			cp = cp << 6 | (p[i + j] & 0x3f);
		}
		i += len;
	}
	return 1;
}

/* ws_utf8 on p[0..n) in one feed: 1 valid, 0 cut short, -1 refused. */
static int
utf8_whole(const unsigned char *p, size_t n)
{
	struct ws_utf8 u;

	ws_utf8_init(&u);
	if (ws_utf8_feed(&u, p, n) == -1)
		return -1;
	return ws_utf8_done(&u);
}

/*
 * ws_utf8 a byte at a time: as utf8_whole, with *at the byte refused
 * (n when none is).
 */
static int
utf8_bytes(const unsigned char *p, size_t n, size_t *at)
{
	struct ws_utf8 u;
	size_t i;

	ws_utf8_init(&u);
	for (i = 0; i < n; i++)
		if (ws_utf8_feed(&u, p + i, 1) == -1) {
			*at = i;
			return -1;
		}
	*at = n;
	return ws_utf8_done(&u);
}

/* ws_utf8 in random pieces, some empty. */
static int
utf8_pieces(const unsigned char *p, size_t n)
{
	struct ws_utf8 u;
	size_t i = 0, k;

	ws_utf8_init(&u);
	while (i < n) {
		k = rnd(n - i + 1);
		if (ws_utf8_feed(&u, p + i, k) == -1)
			return -1;
		i += k;
	}
	return ws_utf8_done(&u);
}

struct utf8_case {
	const char	*s;
	size_t		 n;
	long		 bad;	/* the byte refused; -1: valid; -2: cut */
};

#define U8(s, bad)	{ s, sizeof(s) - 1, bad }

static void
test_utf8_samples(void)
{
	static const struct utf8_case cs[] = {
		U8("", -1),
		U8("hello, world", -1),
		U8("\x00\x7f", -1),				/* NUL, DEL */
		U8("\xc2\x80", -1),				/* U+0080 */
		U8("\xc2\xa9", -1),				/* U+00A9 */
		U8("\xdf\xbf", -1),				/* U+07FF */
		U8("\xe0\xa0\x80", -1),				/* U+0800 */
		U8("\xe2\x82\xac", -1),				/* U+20AC */
		U8("\xed\x9f\xbf", -1),				/* U+D7FF */
		U8("\xee\x80\x80", -1),				/* U+E000 */
		U8("\xef\xbf\xbf", -1),				/* U+FFFF */
		U8("\xef\xbb\xbf", -1),				/* U+FEFF */
		U8("\xf0\x90\x80\x80", -1),			/* U+10000 */
		U8("\xf0\x9f\x98\x80", -1),			/* U+1F600 */
		U8("\xf3\xbf\xbf\xbf", -1),			/* U+FFFFF */
		U8("\xf4\x8f\xbf\xbf", -1),			/* U+10FFFF */
		/* "κόσμε", the Autobahn 6.x text */
		U8("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5", -1),
		U8("a\xc2\xa9" "b\xe2\x82\xac" "c\xf0\x9f\x98\x80" "d", -1),
		U8("\xc0\x80", 0),		/* overlong NUL */
		U8("\xc1\xbf", 0),		/* overlong U+007F */
		U8("\xe0\x80\x80", 1),		/* overlong, 3 bytes */
		U8("\xe0\x9f\xbf", 1),		/* overlong U+07FF */
		U8("\xf0\x80\x80\x80", 1),	/* overlong, 4 bytes */
		U8("\xf0\x8f\xbf\xbf", 1),	/* overlong U+FFFF */
		U8("\xed\xa0\x80", 1),		/* U+D800 */
		U8("\xed\xbf\xbf", 1),		/* U+DFFF */
		U8("\xed\xa0\x80\xed\xb0\x80", 1),	/* a surrogate pair */
		U8("\xf4\x90\x80\x80", 1),	/* U+110000 */
		U8("\xf4\xbf\xbf\xbf", 1),
		U8("\xf5\x80\x80\x80", 0),
		U8("\xf7\xbf\xbf\xbf", 0),
		U8("\xf8\x88\x80\x80\x80", 0),	/* 5-byte form */
		U8("\xfc\x84\x80\x80\x80\x80", 0),
		U8("\xfe", 0),
		U8("\xff", 0),
		U8("\x80", 0),			/* lone continuation */
		U8("\xbf", 0),
		U8("ab\x80", 2),
		U8("\xc2\xa9\xa9", 2),		/* one continuation too many */
		U8("\xc2" "A", 1),		/* continuation missing */
		U8("\xc2\xc2\xa9", 1),
		U8("\xe2\x82" "A", 2),
		U8("\xf0\x9f\x98" "A", 3),
		U8("\xf0\x9f\x98\xc2\xa9", 3),
		U8("\xc2", -2),			/* cut short */
		U8("\xe2\x82", -2),
		U8("\xf0\x9f\x98", -2),
		U8("\xf4\x8f\xbf", -2),
		U8("abc\xe0", -2),
		U8("\xed\x9f", -2),
	};
	/* "κόσμε", then U+D800's bytes, then more text */
	static const unsigned char kosme[] = "\xce\xba\xe1\xbd\xb9\xcf\x83"
	    "\xce\xbc\xce\xb5";
	static const unsigned char tail[] = "\xed\xa0\x80" "edited";
	unsigned char buf[96];
	struct ws_utf8 u;
	size_t i, at, k;
	int want, w, b, bad;
	char d[96];

	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		const unsigned char *p = (const unsigned char *)cs[i].s;

		want = cs[i].bad == -1 ? 1 : cs[i].bad == -2 ? 0 : -1;
		w = utf8_whole(p, cs[i].n);
		b = utf8_bytes(p, cs[i].n, &at);
		snprintf(d, sizeof(d), "utf8 sample %zu: %s", i,
		    want == 1 ? "valid" : want == 0 ? "cut short, feed ok" :
		    "refused");
		is_int(w, want, d);
		snprintf(d, sizeof(d), "utf8 sample %zu: byte by byte as "
		    "whole, refused at byte %ld", i, cs[i].bad);
		ok(b == w && (want == -1 ? at == (size_t)cs[i].bad :
		    at == cs[i].n), d);
		/* a refused sample's prefix before the bad byte passes */
		if (want == -1) {
			ws_utf8_init(&u);
			snprintf(d, sizeof(d), "utf8 sample %zu: the bytes "
			    "before the bad one pass", i);
			is_int(ws_utf8_feed(&u, p, (size_t)cs[i].bad), 0, d);
		}
	}

	/* Autobahn 6.x: refused at the first byte that shows it, not later */
	ws_utf8_init(&u);
	is_int(ws_utf8_feed(&u, kosme, sizeof(kosme) - 1), 0,
	    "kosme: the text passes");
	is_int(ws_utf8_feed(&u, tail, 1), 0, "kosme: 0xED passes");
	ok(!ws_utf8_done(&u), "kosme: 0xED alone is no whole character");
	is_int(ws_utf8_feed(&u, tail + 1, 1), -1, "kosme: 0xA0 is refused");
	memcpy(buf, kosme, sizeof(kosme) - 1);
	memcpy(buf + sizeof(kosme) - 1, tail, sizeof(tail) - 1);
	is_int(utf8_bytes(buf, sizeof(kosme) + sizeof(tail) - 2, &at), -1,
	    "kosme + U+D800: refused");
	is_int((long long)at, (long long)sizeof(kosme), "kosme + U+D800: at "
	    "the byte after 0xED");
	is_int(utf8_whole(buf, sizeof(kosme) + sizeof(tail) - 2), -1,
	    "kosme + U+D800 in one feed: refused");

	/*
	 * ASCII goes 8 bytes at a time: a bad byte or a sequence at every
	 * place in and after a run, whatever the run's alignment.
	 */
	bad = 0;
	for (k = 0; k < 64; k++) {
		for (i = 0; i < 1 + k + 16; i++)
			buf[i] = (unsigned char)('a' + i % 26);
		buf[k] = 0xff;
		if (utf8_whole(buf + 1, k + 16) != (k == 0 ? 1 : -1))
			bad++;
		buf[k] = 0x80;
		if (k > 0 && (utf8_bytes(buf + 1, k + 16, &at) != -1 ||
		    at != k - 1))
			bad++;
		memcpy(buf + k, "\xe2\x82\xac", 3);
		if (utf8_whole(buf, k + 16) != 1)
			bad++;
		buf[k + 15] = 0xe2;
		if (utf8_whole(buf, k + 16) != 0)
			bad++;
	}
	is_int(bad, 0, "ASCII runs: bad bytes and sequences at every place");

	/* feeding nothing changes nothing, even inside a sequence */
	ws_utf8_init(&u);
	ok(ws_utf8_done(&u), "init: done");
	is_int(ws_utf8_feed(&u, (const unsigned char *)"\xe2", 1), 0,
	    "0xE2 passes");
	is_int(ws_utf8_feed(&u, (const unsigned char *)"", 0), 0,
	    "an empty feed passes");
	is_int(ws_utf8_feed(&u, (const unsigned char *)"\x82\xac", 2), 0,
	    "the rest of U+20AC passes");
	ok(ws_utf8_done(&u), "U+20AC across three feeds: done");
}

/* Code point cp in UTF-8 at p; its length. */
static size_t
put_cp(unsigned char *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (unsigned char)(0xc0 | cp >> 6);
		p[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (unsigned char)(0xe0 | cp >> 12);
		p[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		p[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	p[0] = (unsigned char)(0xf0 | cp >> 18);
	p[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	p[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	p[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A random code point, of every length, now and then a surrogate. */
static uint32_t
rnd_cp(void)
{
	static const uint32_t top[] = { 0x80, 0x800, 0x10000, 0x110000 };
	uint32_t cp = (uint32_t)rnd(top[rnd(4)]);

	if (cp >= 0xd800 && cp <= 0xdfff && rnd(8) != 0)
		cp = 0xe000;
	return cp;
}

/*
 * A random byte string that is often UTF-8, often nearly: whole
 * characters of every length, cut ones, and the bytes at the edges of
 * the table's ranges.  At most cap - 4 bytes.
 */
static size_t
utf8_random(unsigned char *p, size_t cap)
{
	static const unsigned char edge[] = { 0x7f, 0x80, 0x8f, 0x90, 0x9f,
	    0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4,
	    0xf5, 0xf7, 0xf8, 0xff };
	size_t n = 0, want = rnd(cap - 8), i, k;
	int mode = (int)rnd(8);

	if (mode == 0) {
		for (i = 0; i < want; i++)
			p[i] = (unsigned char)rand();
		return want;
	}
	while (n < want) {
		/* modes 1-3: whole characters only */
		switch (mode <= 3 ? 9 : rnd(10)) {
		case 0:
		case 1:
		case 2:
			p[n++] = (unsigned char)(0x20 + rnd(0x5f));
			break;
		case 3:
			p[n++] = edge[rnd(sizeof(edge))];
			break;
		case 4:
			p[n++] = (unsigned char)(0x80 + rnd(0x40));
			break;
		case 5:
			p[n++] = (unsigned char)(0xc0 + rnd(0x40));
			break;
		default:
			n += put_cp(p + n, rnd_cp());
			break;
		}
	}
	/* mode 3: a last character cut short */
	if (mode == 3) {
		k = put_cp(p + n, 0x80 + (uint32_t)rnd(0x10ff80));
		n += 1 + rnd(k - 1);
	}
	return n;
}

static void
test_utf8_random(void)
{
	unsigned char *p;
	size_t n, at, bad_at = 0;
	int t, ref, w, b, pc, bad = 0, nvalid = 0, ncut = 0, nbad = 0;
	int want;

	for (t = 0; t < 10000; t++) {
		/* an exact-size copy: an overread shows under a sanitizer */
		unsigned char tmp[80];

		n = utf8_random(tmp, sizeof(tmp));
		if ((p = malloc(n ? n : 1)) == NULL)
			abort();
		memcpy(p, tmp, n);
		ref = ref_utf8(p, n, &bad_at);
		want = ref ? 1 : bad_at == n ? 0 : -1;
		nvalid += want == 1;
		ncut += want == 0;
		nbad += want == -1;
		w = utf8_whole(p, n);
		b = utf8_bytes(p, n, &at);
		pc = utf8_pieces(p, n);
		if (w != want || b != want || pc != want ||
		    (want == -1 && at != bad_at)) {
			if (bad++ < 5) {
				size_t i;

				printf("# ref %d at %zu, whole %d, bytes %d "
				    "at %zu, pieces %d:", want, bad_at, w, b,
				    at, pc);
				for (i = 0; i < n; i++)
					printf(" %02x", p[i]);
				printf("\n");
			}
		}
		free(p);
	}
	printf("# random UTF-8: %d valid, %d cut short, %d refused\n", nvalid,
	    ncut, nbad);
	ok(nvalid > 1000 && ncut > 100 && nbad > 1000,
	    "random UTF-8: each outcome well represented");
	is_int(bad, 0, "random UTF-8: ws_utf8 agrees with the reference, "
	    "whole, byte by byte (the same byte refused) and in pieces");
}

/*
 * Close bodies.
 */

static int
close_parse(const char *p, size_t n, int *code, size_t *rlen)
{
	unsigned char *c;
	int r;

	if ((c = malloc(n ? n : 1)) == NULL)
		abort();
	memcpy(c, p, n);
	err[0] = '\0';
	*code = -1;
	*rlen = 99;
	r = ws_close_parse(c, n, code, rlen, err);
	free(c);
	return r;
}

static void
test_close(void)
{
	static const int refused[] = { 0, 1, 999, 1004, 1005, 1006, 1015,
	    1016, 1100, 2000, 2999, 5000, 65535 };
	static const int taken[] = { 1000, 1001, 1002, 1003, 1007, 1008,
	    1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999 };
	unsigned char b[2];
	size_t i, rlen;
	int code, r;
	char d[64];

	is_int(close_parse("", 0, &code, &rlen), 0, "close: empty body");
	is_int(code, WS_CLOSE_NONE, "close: empty body is 1005");
	is_int((long long)rlen, 0, "close: empty body, no reason");
	ok(close_parse("\x03", 1, &code, &rlen) == -1 && err[0] != '\0',
	    "close: one byte refused");
	is_int(close_parse("\x03\xe8", 2, &code, &rlen), 0, "close: 1000");
	is_int(code, 1000, "close: code 1000");
	is_int((long long)rlen, 0, "close: 1000, no reason");
	is_int(close_parse("\x03\xe8" "bye", 5, &code, &rlen), 0,
	    "close: 1000 bye");
	ok(code == 1000 && rlen == 3, "close: 1000 bye: code and length");
	is_int(close_parse("\x03\xe9\xce\xba\xe1\xbd\xb9", 7, &code, &rlen),
	    0, "close: 1001 with a UTF-8 reason");
	ok(code == 1001 && rlen == 5, "close: 1001: code and length");
	ok(close_parse("\x03\xe8\xff", 3, &code, &rlen) == -1 &&
	    err[0] != '\0', "close: a reason of 0xFF refused");
	is_int(close_parse("\x03\xe8\xce", 3, &code, &rlen), -1,
	    "close: a reason cut inside a character refused");
	is_int(close_parse("\x03\xe8" "ok\xed\xa0\x80", 7, &code, &rlen), -1,
	    "close: a reason with a surrogate refused");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		b[0] = (unsigned char)(refused[i] >> 8);
		b[1] = (unsigned char)refused[i];
		r = close_parse((const char *)b, 2, &code, &rlen);
		snprintf(d, sizeof(d), "close: code %d refused", refused[i]);
		ok(r == -1 && err[0] != '\0', d);
		snprintf(d, sizeof(d), "close_known(%d) is 0", refused[i]);
		is_int(ws_close_known(refused[i]), 0, d);
	}
	for (i = 0; i < sizeof(taken) / sizeof(taken[0]); i++) {
		b[0] = (unsigned char)(taken[i] >> 8);
		b[1] = (unsigned char)taken[i];
		r = close_parse((const char *)b, 2, &code, &rlen);
		snprintf(d, sizeof(d), "close: code %d taken", taken[i]);
		ok(r == 0 && code == taken[i] && rlen == 0, d);
		snprintf(d, sizeof(d), "close_known(%d) is 1", taken[i]);
		is_int(ws_close_known(taken[i]), 1, d);
	}
	is_int(ws_close_known(-1000), 0, "close_known(-1000) is 0");
	ok(ws_close_clean(1000) && ws_close_clean(1001) &&
	    ws_close_clean(WS_CLOSE_NONE), "1000, 1001 and none: a clean end");
	ok(!ws_close_clean(1002) && !ws_close_clean(1011) &&
	    !ws_close_clean(4000) && !ws_close_clean(-1),
	    "another code: no clean end");
}

/*
 * URLs.
 */

static void
test_url(void)
{
	static const char *refused[] = { "http://h/", "https://h/", "h/p",
	    "ftp://h/", "ws:/h", "ws:h", "wsx://h", "", "ws://", "wss://",
	    "ws://h/p#f", "ws://h/#", "wss://h#", "ws://h:0/", "ws://h:65536/",
	    "ws://h/a b", " ws://h/" };
	static struct url u;
	char long_url[WS_PATHLEN + SK_HOSTLEN + 2 * WS_USERLEN + 256];
	size_t i;
	int r;

	is_int(ws_url_parse("ws://h/p", &u, err), 0, "ws://h/p");
	ok(!u.https && strcmp(u.host, "h") == 0 && u.port_num == 80 &&
	    strcmp(u.port, "80") == 0 && !u.port_given &&
	    strcmp(u.path, "/p") == 0, "ws://h/p: plain, port 80, /p");
	is_int(ws_url_parse("wss://h:8443/p?q", &u, err), 0,
	    "wss://h:8443/p?q");
	ok(u.https && strcmp(u.host, "h") == 0 && u.port_num == 8443 &&
	    u.port_given && strcmp(u.path, "/p?q") == 0,
	    "wss://h:8443/p?q: TLS, 8443, /p?q");
	is_int(ws_url_parse("wss://h", &u, err), 0, "wss://h");
	ok(u.https && u.port_num == 443 && strcmp(u.port, "443") == 0 &&
	    strcmp(u.path, "/") == 0, "wss://h: port 443, path /");
	is_int(ws_url_parse("WS://H", &u, err), 0, "WS://H");
	ok(!u.https && strcasecmp(u.host, "h") == 0 && u.port_num == 80 &&
	    strcmp(u.path, "/") == 0, "WS://H: plain, port 80, path /");
	is_int(ws_url_parse("wSs://H.example/x", &u, err), 0,
	    "wSs://H.example/x");
	ok(u.https && u.port_num == 443, "wSs: TLS, port 443");
	is_int(ws_url_parse("ws://h:443/", &u, err), 0, "ws://h:443/");
	ok(!u.https && u.port_num == 443, "ws:// on port 443 stays plain");
	is_int(ws_url_parse("ws://h?q=1", &u, err), 0, "ws://h?q=1");
	is_str(u.path, "/?q=1", "ws://h?q=1: path /?q=1");
	is_int(ws_url_parse("ws://[::1]:9", &u, err), 0, "ws://[::1]:9");
	ok(u.ipv6 && strcmp(u.host, "::1") == 0 && u.port_num == 9 &&
	    strcmp(u.path, "/") == 0, "ws://[::1]:9: IPv6, port 9");
	is_int(ws_url_parse("wss://[::1]/chat", &u, err), 0,
	    "wss://[::1]/chat");
	ok(u.ipv6 && u.https && u.port_num == 443 &&
	    strcmp(u.path, "/chat") == 0, "wss://[::1]/chat: 443, /chat");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		err[0] = '\0';
		r = ws_url_parse(refused[i], &u, err);
		ok(r == -1 && err[0] != '\0', refused[i]);
	}
	ws_url_parse("ws://h/p#frag", &u, err);
	ok(strstr(err, "fragment") != NULL, "a fragment: says so");
	ws_url_parse("http://h/", &u, err);
	ok(strstr(err, "ws://") != NULL, "http://: says ws://");
	/* longer than any buffer: refused, not overrun */
	memcpy(long_url, "ws://h/", 7);
	memset(long_url + 7, 'a', sizeof(long_url) - 8);
	long_url[sizeof(long_url) - 1] = '\0';
	is_int(ws_url_parse(long_url, &u, err), -1, "a URL too long");

	ok(ws_url_is("ws://h") && ws_url_is("wss://h") && ws_url_is("WS://") &&
	    ws_url_is("WsS://x"), "ws_url_is: ws:// and wss://, any case");
	ok(!ws_url_is("http://h") && !ws_url_is("ws:/h") && !ws_url_is("") &&
	    !ws_url_is("ws") && !ws_url_is("wss:") && !ws_url_is("wsx://h"),
	    "ws_url_is: not the others");
}

/*
 * The key, the accept input, the lists.
 */

static void
test_key(void)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	static const char *refused[] = { "dGhlIHNhbXBsZSBub25jZR==",
	    "dGhlIHNhbXBsZSBub25jZQ=a", "dGhlIHNhbXBsZSBub25jZQa=",
	    "dGhlIHNhbXBsZSBub25jZ===", "-GhlIHNhbXBsZSBub25jZQ==",
	    "_GhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25j Q==",
	    "dGhlIHNhbXBsZSBub25jZQ..", "dGhlIHNhbXBsZSBub25jZQ\n=" };
	char k[WS_KEY_LEN + 2], buf[80], d[32];
	size_t i, n;
	int taken, bad;

	ok(ws_key_ok(SAMPLE_KEY, strlen(SAMPLE_KEY)), "key: RFC sample");
	ok(ws_key_ok("AAAAAAAAAAAAAAAAAAAAAA==", WS_KEY_LEN) &&
	    ws_key_ok("/////////////////////w==", WS_KEY_LEN),
	    "key: all zero and all one bytes");
	ok(!ws_key_ok(SAMPLE_KEY, 23), "key: 23 bytes refused");
	ok(!ws_key_ok("dGhlIHNhbXBsZSBub25jZQ===", 25),
	    "key: 25 bytes refused");
	ok(!ws_key_ok("dGhlIHNhbXBsZSBub25jZQ", 22), "key: no padding");
	ok(!ws_key_ok("", 0), "key: empty");
	ok(!ws_key_ok("dGhlIHNhbXBsZSBub25jZQ==dGhlIHNhbXBsZSBub25jZQ==", 48),
	    "key: two keys");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(d, sizeof(d), "key: refused %zu", i);
		ok(!ws_key_ok(refused[i], strlen(refused[i])), d);
	}
	/* a NUL inside, the length still 24 */
	memcpy(k, SAMPLE_KEY, WS_KEY_LEN);
	k[5] = '\0';
	ok(!ws_key_ok(k, WS_KEY_LEN), "key: a NUL inside refused");
	/* every character first; at the end, only those whose low four
	 * bits are zero (16 bytes are 128 of the 132 bits) */
	taken = bad = 0;
	for (i = 0; i < 64; i++) {
		memcpy(k, SAMPLE_KEY, WS_KEY_LEN + 1);
		k[0] = alpha[i];
		bad += !ws_key_ok(k, WS_KEY_LEN);
		memcpy(k, SAMPLE_KEY, WS_KEY_LEN + 1);
		k[21] = alpha[i];
		if (ws_key_ok(k, WS_KEY_LEN)) {
			taken++;
			bad += (i & 15) != 0;
		}
	}
	is_int(bad, 0, "key: any base64 character inside; the last one's low "
	    "bits zero");
	is_int(taken, 4, "key: four last characters (A, Q, g, w)");
	for (bad = 0, i = 0; i < 256; i++) {
		if (i == 0 || strchr(alpha, (int)i) != NULL)
			continue;
		memcpy(k, SAMPLE_KEY, WS_KEY_LEN + 1);
		k[7] = (char)i;
		bad += ws_key_ok(k, WS_KEY_LEN);
	}
	is_int(bad, 0, "key: any other byte refused");

	memset(buf, 'X', sizeof(buf));
	n = ws_accept_input(SAMPLE_KEY, strlen(SAMPLE_KEY), buf);
	is_int((long long)n, 60, "accept input: 60 bytes");
	is_str(buf, SAMPLE_KEY "258EAFA5-E914-47DA-95CA-C5AB0DC85B11",
	    "accept input: the key and the GUID");
	ok(buf[61] == 'X', "accept input: 61 bytes written, no more");
}

static void
test_list(void)
{
	static const struct {
		const char	*v, *tok;
		int		 want;
	} cs[] = {
		{ "Upgrade", "upgrade", 1 },
		{ "keep-alive, Upgrade", "upgrade", 1 },
		{ "keep-alive,Upgrade", "UPGRADE", 1 },
		{ "  upgrade  ,keep-alive", "upgrade", 1 },
		{ "\tupgrade\t", "upgrade", 1 },
		{ ",,, ,upgrade,,", "upgrade", 1 },
		{ "a, b ,c", "b", 1 },
		{ "a, b ,c", "c", 1 },
		{ "websocket", "WebSocket", 1 },
		{ "", "upgrade", 0 },
		{ ",", "upgrade", 0 },
		{ " , ,", "upgrade", 0 },
		{ "upgrades", "upgrade", 0 },
		{ "xupgrade", "upgrade", 0 },
		{ "up grade", "upgrade", 0 },
		{ "upgrade;q=1", "upgrade", 0 },
		{ "keep-alive", "upgrade", 0 },
		{ "a,,b", "", 0 },
		{ "", "", 0 },
	};
	size_t i;
	char d[96];

	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		snprintf(d, sizeof(d), "list '%s' %s '%s'", cs[i].v,
		    cs[i].want ? "has" : "lacks", cs[i].tok);
		is_int(http_list_has(cs[i].v, strlen(cs[i].v), cs[i].tok),
		    cs[i].want, d);
	}
	/* n bounds it: no NUL needed, nothing past n read */
	ok(http_list_has("websocketX", 9, "websocket"), "list: n bounds the "
	    "last element");
	ok(!http_list_has("web,socket", 3, "socket"), "list: nothing past n");
	ok(http_list_has("web,socket", 3, "web"), "list: first within n");
}

/*
 * Handshake requests.
 */

/* RFC 6455 section 1.2's request */
#define RFC_REQ \
	"GET /chat HTTP/1.1\r\n" \
	"Host: server.example.com\r\n" \
	"Upgrade: websocket\r\n" \
	"Connection: Upgrade\r\n" \
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" \
	"Origin: http://example.com\r\n" \
	"Sec-WebSocket-Protocol: chat, superchat\r\n" \
	"Sec-WebSocket-Version: 13\r\n" \
	"\r\n"
#define RFC_REQ_LF \
	"GET /chat HTTP/1.1\n" \
	"Host: server.example.com\n" \
	"Upgrade: websocket\n" \
	"Connection: Upgrade\n" \
	"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\n" \
	"Origin: http://example.com\n" \
	"Sec-WebSocket-Protocol: chat, superchat\n" \
	"Sec-WebSocket-Version: 13\n" \
	"\n"

static char rb[WS_REQ_MAX + 256];
static struct ws_req rq;

/* Parse s[0..n) from rb. */
static long
req(const char *s, size_t n)
{
	memcpy(rb, s, n);
	err[0] = '\0';
	return ws_req_parse(rb, n, &rq, err);
}

#define REQ(s)	req((s), sizeof(s) - 1)

/* Every string the request holds lies in rb[0..n). */
static int
req_inside(long n)
{
	const char *lo = rb, *hi = rb + n;
	int i;

	if (rq.method < lo || rq.method >= hi || rq.target < lo ||
	    rq.target >= hi)
		return 0;
	for (i = 0; i < rq.nfields; i++)
		if (rq.fields[i].name < lo || rq.fields[i].name >= hi ||
		    rq.fields[i].value < lo || rq.fields[i].value >= hi)
			return 0;
	return 1;
}

static void
req_sample(const char *what, const char *s, size_t n)
{
	char *c, d[96];
	size_t k;
	long r;
	int more = 1;

	/* every prefix, from an exact-size copy: more, never a read past */
	for (k = 0; k < n; k++) {
		if ((c = malloc(k ? k : 1)) == NULL)
			abort();
		memcpy(c, s, k);
		if (ws_req_parse(c, k, &rq, err) != 0)
			more = 0;
		free(c);
	}
	snprintf(d, sizeof(d), "%s: every prefix asks for more", what);
	ok(more, d);
	r = req(s, n);
	snprintf(d, sizeof(d), "%s: whole", what);
	is_int(r, (long long)n, d);
	snprintf(d, sizeof(d), "%s: request line", what);
	ok(r > 0 && strcmp(rq.method, "GET") == 0 &&
	    strcmp(rq.target, "/chat") == 0 && rq.minor == 1, d);
	snprintf(d, sizeof(d), "%s: seven fields, in order", what);
	ok(r > 0 && rq.nfields == 7 &&
	    strcmp(rq.fields[0].name, "Host") == 0 &&
	    strcmp(rq.fields[0].value, "server.example.com") == 0 &&
	    strcmp(rq.fields[6].name, "Sec-WebSocket-Version") == 0 &&
	    strcmp(rq.fields[6].value, "13") == 0, d);
	snprintf(d, sizeof(d), "%s: key and protocols", what);
	ok(r > 0 && rq.key != NULL && strcmp(rq.key, SAMPLE_KEY) == 0 &&
	    rq.protocols != NULL &&
	    strcmp(rq.protocols, "chat, superchat") == 0, d);
	snprintf(d, sizeof(d), "%s: fields looked up in any case", what);
	ok(r > 0 && ws_req_field(&rq, "HOST") != NULL &&
	    strcmp(ws_req_field(&rq, "HOST"), "server.example.com") == 0 &&
	    ws_req_field(&rq, "origin") != NULL &&
	    strcmp(ws_req_field(&rq, "origin"), "http://example.com") == 0 &&
	    ws_req_field(&rq, "sec-websocket-key") == rq.key &&
	    ws_req_field(&rq, "Cookie") == NULL &&
	    ws_req_field(&rq, "Hos") == NULL, d);
	snprintf(d, sizeof(d), "%s: strings inside the head", what);
	ok(r > 0 && req_inside(r), d);
	snprintf(d, sizeof(d), "%s: the answer is 101", what);
	ok(r > 0 && ws_req_check(&rq, "/chat", err) == 0, d);
}

/* A request of nf fields "A: b" into rb; its length. */
static size_t
fields(int nf)
{
	size_t n;
	int i;

	memcpy(rb, "GET / HTTP/1.1\r\n", 16);
	n = 16;
	for (i = 0; i < nf; i++) {
		memcpy(rb + n, "A: b\r\n", 6);
		n += 6;
	}
	memcpy(rb + n, "\r\n", 2);
	return n + 2;
}

static void
test_req_parse(void)
{
	static const char *badline[] = {
		"GET /chat\r\n\r\n",
		"GET\r\n\r\n",
		"\r\n\r\n",
		"\n\n",
		"GET  /chat HTTP/1.1\r\n\r\n",
		" GET /chat HTTP/1.1\r\n\r\n",
		"GET /chat  HTTP/1.1\r\n\r\n",
		"GET /chat HTTP/2.0\r\n\r\n",
		"GET /chat HTTP/1.10\r\n\r\n",
		"GET /chat HTTP/1.x\r\n\r\n",
		"GET /chat HTTP/1.\r\n\r\n",
		"GET /chat http/1.1\r\n\r\n",
		"GET /chat HTTP/1.1 \r\n\r\n",
		"GET /chat HTTP/1.1 extra\r\n\r\n",
		"GET /a b HTTP/1.1\r\n\r\n",
		"G(T /chat HTTP/1.1\r\n\r\n",
		"GET /a\tb HTTP/1.1\r\n\r\n",
		"GET /a\x7f HTTP/1.1\r\n\r\n",
		"GET /a\x01 HTTP/1.1\r\n\r\n",
		"\r\nGET /chat HTTP/1.1\r\n\r\n",
	};
	static const char *badfield[] = {
		"GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\n\tfolded\r\n\r\n",
		"GET / HTTP/1.1\r\n Host: h\r\n\r\n",
		"GET / HTTP/1.1\r\nno colon\r\n\r\n",
		"GET / HTTP/1.1\r\n: no name\r\n\r\n",
		"GET / HTTP/1.1\r\nHo st: h\r\n\r\n",
		"GET / HTTP/1.1\r\nHost : h\r\n\r\n",
		"GET / HTTP/1.1\r\nHo(st: h\r\n\r\n",
		"GET / HTTP/1.1\r\nHost: h\r\n\rX: y\r\nA: b\r\n\r\n",
	};
	char *big, d[64];
	size_t i, n, pad;
	long r;

	req_sample("RFC 6455 1.2, CRLF", RFC_REQ, sizeof(RFC_REQ) - 1);
	req_sample("RFC 6455 1.2, LF", RFC_REQ_LF, sizeof(RFC_REQ_LF) - 1);

	/* the first frame may follow in the same read */
	r = REQ(RFC_REQ "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
	is_int(r, (long long)sizeof(RFC_REQ) - 1, "a frame after the head");
	r = REQ(RFC_REQ "GET / HTTP/1.1\r\n\r\n");
	is_int(r, (long long)sizeof(RFC_REQ) - 1, "the first head alone");

	/* a line without CR and a blank line with, or the other way */
	r = REQ("GET / HTTP/1.1\nHost: h\r\n\r\n");
	ok(r == 26 && rq.nfields == 1 && strcmp(rq.fields[0].value, "h") == 0,
	    "LF, then CRLF lines");
	r = REQ("GET / HTTP/1.1\r\nHost: h\r\n\n");
	ok(r == 26 && rq.nfields == 1 && strcmp(rq.fields[0].value, "h") == 0,
	    "CRLF lines, then a bare LF");
	r = REQ("GET / HTTP/1.1\r\n\r\n");
	ok(r == 18 && rq.nfields == 0 && rq.key == NULL &&
	    rq.protocols == NULL, "no fields");

	/* values lose their spaces at both ends, never inside */
	r = REQ("GET /p?q=1 HTTP/1.0\r\nX-A: \t spaced  out \t\r\nX-E:\r\n"
	    "X-F:   \r\nx-a: again\r\n\r\n");
	ok(r > 0 && rq.minor == 0 && strcmp(rq.target, "/p?q=1") == 0,
	    "HTTP/1.0, a query");
	ok(r > 0 && rq.nfields == 4 &&
	    strcmp(rq.fields[0].value, "spaced  out") == 0 &&
	    strcmp(rq.fields[1].value, "") == 0 &&
	    strcmp(rq.fields[2].value, "") == 0, "values trimmed");
	ok(r > 0 && strcmp(ws_req_field(&rq, "X-A"), "spaced  out") == 0,
	    "the first of two fields of one name");
	r = REQ("OPTIONS * HTTP/1.1\r\n\r\n");
	ok(r > 0 && strcmp(rq.method, "OPTIONS") == 0 &&
	    strcmp(rq.target, "*") == 0, "OPTIONS *");
	r = REQ("M-._~!#$%&'*+^`| /x HTTP/1.9\r\n\r\n");
	ok(r > 0 && rq.minor == 9, "a method of every token character");

	for (i = 0; i < sizeof(badline) / sizeof(badline[0]); i++) {
		r = req(badline[i], strlen(badline[i]));
		snprintf(d, sizeof(d), "bad request line %zu", i);
		ok(r == -1 && strstr(err, "request line") != NULL, d);
	}
	for (i = 0; i < sizeof(badfield) / sizeof(badfield[0]); i++) {
		r = req(badfield[i], strlen(badfield[i]));
		snprintf(d, sizeof(d), "bad field line %zu", i);
		ok(r == -1 && err[0] != '\0', d);
	}
	r = REQ("GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n");
	ok(r == -1 && strstr(err, "folded") != NULL, "folded: says so");

	/* a NUL byte anywhere in the head: refused (was a crash) */
	r = REQ("\0\n\n");
	ok(r == -1 && err[0] != '\0', "a NUL, then a blank line");
	r = REQ("GET / HTTP/1.1\0\n\n");
	ok(r == -1 && err[0] != '\0', "a NUL at the request line's end");
	r = REQ("GET /\0 HTTP/1.1\r\n\r\n");
	ok(r == -1 && err[0] != '\0', "a NUL in the target");
	r = REQ("GET / HTTP/1.1\r\nX: a\0b\r\nUpgrade: websocket\r\n\r\n");
	ok(r == -1 && err[0] != '\0', "a NUL in a value");
	/* after the head a NUL is a frame's */
	r = REQ("GET / HTTP/1.1\r\n\r\n\0\0");
	is_int(r, 18, "NULs after the head");

	/* 64 fields are taken, 65 not */
	n = fields(WS_REQ_FIELDS);
	r = ws_req_parse(rb, n, &rq, err);
	ok(r == (long)n && rq.nfields == WS_REQ_FIELDS, "64 fields");
	n = fields(WS_REQ_FIELDS + 1);
	err[0] = '\0';
	r = ws_req_parse(rb, n, &rq, err);
	ok(r == -1 && err[0] != '\0', "65 fields refused");

	/* the size limit: a head of WS_REQ_MAX is taken, one more is not */
	if ((big = malloc(WS_REQ_MAX + 64)) == NULL)
		abort();
	memset(big, 'a', WS_REQ_MAX + 64);
	is_int(ws_req_parse(big, WS_REQ_MAX - 1, &rq, err), 0,
	    "WS_REQ_MAX - 1 bytes without an end: more");
	err[0] = '\0';
	ok(ws_req_parse(big, WS_REQ_MAX, &rq, err) == -1 && err[0] != '\0',
	    "WS_REQ_MAX bytes without an end: too big");
	is_int(ws_req_parse(big, WS_REQ_MAX + 64, &rq, err), -1,
	    "more than WS_REQ_MAX without an end: too big");
	pad = WS_REQ_MAX - 16 - 3 - 4;
	memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
	memset(big + 19, 'p', pad);
	memcpy(big + 19 + pad, "\r\n\r\n", 4);
	is_int(ws_req_parse(big, WS_REQ_MAX, &rq, err), WS_REQ_MAX,
	    "a head of exactly WS_REQ_MAX");
	ok(rq.nfields == 1 && strlen(rq.fields[0].value) == pad,
	    "a head of exactly WS_REQ_MAX: its field");
	memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
	memset(big + 19, 'p', pad + 1);
	memcpy(big + 19 + pad + 1, "\r\n\r\n", 4);
	is_int(ws_req_parse(big, WS_REQ_MAX + 1, &rq, err), -1,
	    "a head of WS_REQ_MAX + 1");
	free(big);
}

#define H_HOST	"Host: server.example.com\r\n"
#define H_UPG	"Upgrade: websocket\r\n"
#define H_CONN	"Connection: Upgrade\r\n"
#define H_KEY	"Sec-WebSocket-Key: " SAMPLE_KEY "\r\n"
#define H_VER	"Sec-WebSocket-Version: 13\r\n"
#define GOOD	H_HOST H_UPG H_CONN H_KEY H_VER "\r\n"

static void
test_req_check(void)
{
	static const struct {
		const char	*what, *s, *path;
		int		 want;
	} cs[] = {
		{ "the upgrade", "GET /chat HTTP/1.1\r\n" GOOD, "/chat", 0 },
		{ "any path", "GET /any/thing HTTP/1.1\r\n" GOOD, NULL, 0 },
		{ "a query", "GET /chat?x=1 HTTP/1.1\r\n" GOOD, "/chat", 0 },
		{ "an empty query", "GET /chat? HTTP/1.1\r\n" GOOD, "/chat",
		    0 },
		{ "path /", "GET / HTTP/1.1\r\n" GOOD, "/", 0 },
		{ "a later minor", "GET / HTTP/1.2\r\n" GOOD, "/", 0 },
		{ "tokens in any case", "GET / HTTP/1.1\r\n"
		    "host: h\r\nupgrade: WebSocket\r\nconnection: upgrade\r\n"
		    "sec-websocket-key: " SAMPLE_KEY "\r\n"
		    "sec-websocket-version: 13\r\n\r\n", "/", 0 },
		{ "lists", "GET / HTTP/1.1\r\n" H_HOST
		    "Upgrade: h2c, websocket\r\nConnection: keep-alive, "
		    "Upgrade\r\n" H_KEY H_VER "\r\n", "/", 0 },
		{ "two Connection fields", "GET / HTTP/1.1\r\n" H_HOST H_UPG
		    "Connection: keep-alive\r\nConnection: Upgrade\r\n" H_KEY
		    H_VER "\r\n", "/", 0 },
		{ "version with spaces", "GET / HTTP/1.1\r\n" H_HOST H_UPG
		    H_CONN H_KEY "Sec-WebSocket-Version:  13 \r\n\r\n", "/",
		    0 },
		{ "another path", "GET /other HTTP/1.1\r\n" GOOD, "/chat",
		    404 },
		{ "a longer path", "GET /chatroom HTTP/1.1\r\n" GOOD, "/chat",
		    404 },
		{ "a shorter path", "GET /cha HTTP/1.1\r\n" GOOD, "/chat",
		    404 },
		{ "a slash more", "GET /chat/ HTTP/1.1\r\n" GOOD, "/chat",
		    404 },
		{ "another path, a query", "GET /other?x=/chat HTTP/1.1\r\n"
		    GOOD, "/chat", 404 },
		{ "the path in the query", "GET /?/chat HTTP/1.1\r\n" GOOD,
		    "/chat", 404 },
		{ "a plain request to another path", "GET /x HTTP/1.1\r\n"
		    H_HOST "\r\n", "/chat", 404 },
		{ "no Upgrade", "GET /chat HTTP/1.1\r\n" H_HOST H_CONN H_KEY
		    H_VER "\r\n", "/chat", 426 },
		{ "a plain GET", "GET /chat HTTP/1.1\r\n" H_HOST "\r\n", NULL,
		    426 },
		{ "Upgrade: h2c", "GET /chat HTTP/1.1\r\n" H_HOST
		    "Upgrade: h2c\r\n" H_CONN H_KEY H_VER "\r\n", "/chat",
		    426 },
		{ "POST with an upgrade", "POST /chat HTTP/1.1\r\n" GOOD,
		    "/chat", 405 },
		{ "get in lower case", "get /chat HTTP/1.1\r\n" GOOD, "/chat",
		    405 },
		{ "HTTP/1.0", "GET /chat HTTP/1.0\r\n" GOOD, "/chat", 400 },
		{ "no Connection", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_KEY
		    H_VER "\r\n", "/chat", 400 },
		{ "Connection: close", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG
		    "Connection: close\r\n" H_KEY H_VER "\r\n", "/chat", 400 },
		{ "Connection: upgrades", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG
		    "Connection: upgrades\r\n" H_KEY H_VER "\r\n", "/chat",
		    400 },
		{ "no Host", "GET /chat HTTP/1.1\r\n" H_UPG H_CONN H_KEY H_VER
		    "\r\n", "/chat", 400 },
		{ "version 8", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN
		    H_KEY "Sec-WebSocket-Version: 8\r\n\r\n", "/chat", 426 },
		{ "no version", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN
		    H_KEY "\r\n", "/chat", 426 },
		{ "version 13, 8", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN
		    H_KEY "Sec-WebSocket-Version: 13, 8\r\n\r\n", "/chat",
		    426 },
		{ "version 013", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN
		    H_KEY "Sec-WebSocket-Version: 013\r\n\r\n", "/chat", 426 },
		{ "no key", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_VER
		    "\r\n", "/chat", 400 },
		{ "a bad key", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN
		    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR==\r\n" H_VER
		    "\r\n", "/chat", 400 },
		{ "a short key", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN
		    "Sec-WebSocket-Key: abc\r\n" H_VER "\r\n", "/chat", 400 },
		{ "an empty key", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN
		    "Sec-WebSocket-Key:\r\n" H_VER "\r\n", "/chat", 400 },
		/* RFC 6455 11.3.1: the key once */
		{ "two keys", "GET /chat HTTP/1.1\r\n" H_HOST H_UPG H_CONN H_KEY
		    H_KEY H_VER "\r\n", "/chat", 400 },
		/* the order of the checks: the path first, then the upgrade */
		{ "POST to another path", "POST /x HTTP/1.1\r\n" GOOD,
		    "/chat", 404 },
		{ "POST without an upgrade", "POST /chat HTTP/1.1\r\n" H_HOST
		    "\r\n", "/chat", 426 },
	};
	size_t i;
	long r;
	int got;
	char d[96];

	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		r = req(cs[i].s, strlen(cs[i].s));
		err[0] = '\0';
		got = r > 0 ? ws_req_check(&rq, cs[i].path, err) : -2;
		snprintf(d, sizeof(d), "check: %s: %d", cs[i].what,
		    cs[i].want);
		is_int(got, cs[i].want, d);
		snprintf(d, sizeof(d), "check: %s: %s", cs[i].what,
		    cs[i].want == 0 ? "no message" : "says why");
		ok(cs[i].want == 0 || err[0] != '\0', d);
	}
}

static void
test_pick(void)
{
	static const struct {
		const char	*ours, *offered;
		size_t		 cap;
		const char	*want;
	} cs[] = {
		{ "chat", "chat", 64, "chat" },
		{ "chat", "superchat, chat", 64, "chat" },
		{ "superchat,chat", "chat, superchat", 64, "superchat" },
		{ "chat,superchat", "superchat, chat", 64, "chat" },
		{ "mqtt,chat", "superchat, chat", 64, "chat" },
		{ " chat , superchat ", "superchat", 64, "superchat" },
		{ ",,chat,,", " ,chat, ", 64, "chat" },
		{ "chat", "\tchat\t,x", 64, "chat" },
		{ "a,b", "c", 64, "" },
		{ "a", NULL, 64, "" },
		{ NULL, "a", 64, "" },
		{ "", "a", 64, "" },
		{ "a", "", 64, "" },
		{ ",", ",", 64, "" },
		{ "chat", "chatx", 64, "" },
		{ "chat", "cha", 64, "" },
		/* names match in their case (RFC 7936 section 2) */
		{ "Chat", "chat", 64, "" },
		{ "chat", "CHAT", 64, "" },
		{ "Chat,chat", "chat", 64, "chat" },
		/* a name that does not fit out is passed over */
		{ "chat", "chat", 5, "chat" },
		{ "chat", "chat", 4, "" },
		{ "longname,ab", "longname, ab", 4, "ab" },
	};
	char out[64], d[96];
	size_t i;

	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		memset(out, 'X', sizeof(out));
		ws_pick_protocol(cs[i].ours, cs[i].offered, out, cs[i].cap);
		snprintf(d, sizeof(d), "pick: ours '%s', offered '%s', cap "
		    "%zu", cs[i].ours ? cs[i].ours : "(null)",
		    cs[i].offered ? cs[i].offered : "(null)", cs[i].cap);
		is_str(out, cs[i].want, d);
	}
	memset(out, 'X', sizeof(out));
	ws_pick_protocol("chat", "chat", out, 0);
	ok(out[0] == 'X', "pick: cap 0 writes nothing");
}

/* RFC 6455 11.3.4: several Sec-WebSocket-Protocol lines, one list */
static void
test_req_protocols(void)
{
	static const char two[] = "GET /chat HTTP/1.1\r\n" H_HOST H_UPG
	    H_CONN H_KEY "Sec-WebSocket-Protocol: a, b\r\n" H_VER
	    "sec-websocket-protocol: chat\r\nOrigin: http://x.example\r\n"
	    "\r\n";
	char big[WS_REQ_MAX], out[64];
	size_t n = 0;
	long r;
	int i;

	r = req(two, strlen(two));
	ok(r > 0 && rq.protocols != NULL &&
	    strcmp(rq.protocols, "a, b, chat") == 0, "protocols: two lines "
	    "joined in their order");
	ws_pick_protocol("chat", rq.protocols, out, sizeof(out));
	is_str(out, "chat", "protocols: the second line's offer agreed");
	ok(rq.origin != NULL && strcmp(rq.origin, "http://x.example") == 0,
	    "protocols: the Origin read");
	r = req(RFC_REQ, sizeof(RFC_REQ) - 1);
	ok(r > 0 && rq.protocols == ws_req_field(&rq,
	    "Sec-WebSocket-Protocol"), "protocols: one line, the field itself");
	/* lines that do not fit the join: refused */
	n = (size_t)snprintf(big, sizeof(big), "GET / HTTP/1.1\r\n");
	for (i = 0; i < 12; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n,
		    "Sec-WebSocket-Protocol: %0100d\r\n", i);
	n += (size_t)snprintf(big + n, sizeof(big) - n, "\r\n");
	ok(req(big, n) == -1 && strstr(err, "Sec-WebSocket-Protocol") != NULL,
	    "protocols: over WS_PROTO_JOIN joined, refused with a reason");
}

static void
test_origin(void)
{
	static const struct {
		const char	*list, *origin;
		int		 want;
	} cs[] = {
		{ NULL, "http://evil.example", 1 },
		{ "http://a.example", NULL, 1 },
		{ "http://a.example", "http://a.example", 1 },
		{ "http://a.example", "HTTP://A.EXAMPLE", 1 },
		{ "http://a.example/", "http://a.example", 1 },
		{ " http://b.example , http://a.example:8080 ",
		    "http://a.example:8080", 1 },
		{ "http://a.example", "http://a.example:8080", 0 },
		{ "http://a.example", "https://a.example", 0 },
		{ "http://a.example", "http://a.example.evil", 0 },
		{ "http://a.example", "http://a.exampl", 0 },
		{ "http://a.example", "null", 0 },
		{ "null", "null", 1 },
		{ "http://a.example", "", 0 },
		{ ",", "http://a.example", 0 },
	};
	char d[160];
	size_t i;

	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		snprintf(d, sizeof(d), "origin: '%s' in '%s': %d",
		    cs[i].origin ? cs[i].origin : "(none)",
		    cs[i].list ? cs[i].list : "(any)", cs[i].want);
		is_int(ws_origin_ok(cs[i].list, cs[i].origin), cs[i].want, d);
	}
	ok(ws_list_has("chat, Super", 11, "Super") &&
	    !ws_list_has("chat, Super", 11, "super") &&
	    !ws_list_has("chat, Super", 11, "CHAT"),
	    "list_has: subprotocols match in their case");
}

/* A 101 with a field twice: counted, so the client refuses it. */
static void
test_resp_count(void)
{
	static struct http_resp r;
	char b[512];
	int n;

	n = snprintf(b, sizeof(b), "HTTP/1.1 101 Switching Protocols\r\n"
	    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
	    "Sec-WebSocket-Accept: x\r\nsec-websocket-accept: x\r\n"
	    "Sec-WebSocket-Protocol: chat\r\n\r\n");
	ok(http_head_parse(b, (size_t)n, &r, err) == n, "resp_count: the "
	    "head parses");
	is_int(ws_resp_count(&r, "Sec-WebSocket-Accept"), 2,
	    "resp_count: Accept twice, any case");
	is_int(ws_resp_count(&r, "Sec-WebSocket-Protocol"), 1,
	    "resp_count: Protocol once");
	is_int(ws_resp_count(&r, "Sec-WebSocket-Extensions"), 0,
	    "resp_count: Extensions none");
}

int
main(void)
{
	srand(6455);
	test_head_parse();
	test_head_build();
	test_mask();
	test_utf8_samples();
	test_utf8_random();
	test_close();
	test_url();
	test_key();
	test_list();
	test_req_parse();
	test_req_check();
	test_pick();
	test_req_protocols();
	test_origin();
	test_resp_count();
	return tap_done();
}
