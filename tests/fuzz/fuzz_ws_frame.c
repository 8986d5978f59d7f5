/*
 * fuzz_ws_frame.c: the WebSocket frame pieces (ws.c) on any bytes.  A
 * head that parses lies within the input, is the head's length, asks for
 * more at every shorter prefix, and comes back the same through
 * ws_head_build (the same bytes when it was in the shortest form).  The
 * UTF-8 check agrees with a reference that decodes code points, whole,
 * byte by byte (refusing the same byte) and in two pieces.  A Close body
 * that parses has a code a peer may send and a reason within it.
 * Masking twice is the identity and once is RFC 6455's byte-wise XOR.
 * The input is read both whole and, when a head parses, as the frame's
 * payload after it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ws.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
message_ok(const char *e)
{
	size_t n = strnlen(e, SK_ERRLEN);

	if (n == 0 || n == SK_ERRLEN)
		abort();
}

static int
same_head(const struct ws_head *a, const struct ws_head *b)
{
	return a->fin == b->fin && a->opcode == b->opcode &&
	    a->masked == b->masked && a->len == b->len &&
	    (!a->masked || memcmp(a->mask, b->mask, 4) == 0);
}

static void
head_check(const unsigned char *p, size_t n, const struct ws_head *h,
    int r)
{
	unsigned char out[WS_HEAD_MAX + 4];
	struct ws_head h2;
	char err[SK_ERRLEN];
	size_t k, b;
	int r2;

	/* every prefix up to the head's longest: more, or the same verdict */
	for (k = 0; k < n && k <= WS_HEAD_MAX; k++) {
		r2 = ws_head_parse(p, k, &h2, err);
		if (r > 0 && (k < (size_t)r ? r2 != 0 : r2 != r))
			abort();
		if (r <= 0 && r2 != 0 && r2 != r)
			abort();
	}
	if (r <= 0)
		return;
	if ((size_t)r > n || (size_t)r != h->hlen || r < 2 || r > WS_HEAD_MAX ||
	    (h->len >> 63) != 0 || (h->opcode >= WS_OP_CLOSE &&
	    (!h->fin || h->len > WS_CONTROL_MAX)))
		abort();
	b = ws_head_build(out, h->fin, h->opcode, h->len,
	    h->masked ? h->mask : NULL);
	if (b > (size_t)r || ws_head_parse(out, b, &h2, err) != (int)b ||
	    h2.hlen != b || !same_head(h, &h2))
		abort();
	/* the shortest form: the very same bytes */
	if (b == (size_t)r && memcmp(out, p, b) != 0)
		abort();
}

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
 * The reference, as in test_ws.c: 1 when p[0..n) is UTF-8; else 0 with
 * *bad the first byte no UTF-8 text can have there (n when the text
 * stops inside a character).
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

static void
utf8_check(const unsigned char *p, size_t n)
{
	struct ws_utf8 u;
	size_t bad = 0, i, cut;
	int ref, want, got;

	ref = ref_utf8(p, n, &bad);
	want = ref ? 1 : bad == n ? 0 : -1;
	/* whole */
	ws_utf8_init(&u);
	got = ws_utf8_feed(&u, p, n) == -1 ? -1 : ws_utf8_done(&u);
	if (got != want)
		abort();
	/* byte by byte: refused at the reference's byte, not before */
	ws_utf8_init(&u);
	for (i = 0; i < n; i++)
		if (ws_utf8_feed(&u, p + i, 1) == -1)
			break;
	if (want == -1 ? i != bad : i != n || ws_utf8_done(&u) != want)
		abort();
	/* in two pieces, cut where the first byte says */
	cut = n > 0 ? p[0] % (n + 1) : 0;
	ws_utf8_init(&u);
	got = ws_utf8_feed(&u, p, cut) == -1 ||
	    ws_utf8_feed(&u, p + cut, n - cut) == -1 ? -1 : ws_utf8_done(&u);
	if (got != want)
		abort();
}

static void
close_check(const unsigned char *p, size_t n)
{
	struct ws_utf8 u;
	char err[SK_ERRLEN];
	size_t rlen;
	int code, r;

	r = ws_close_parse(p, n, &code, &rlen, err);
	if (r == -1) {
		message_ok(err);
		if (n == 0)
			abort();
		return;
	}
	if (r != 0)
		abort();
	if (n == 0) {
		if (code != WS_CLOSE_NONE || rlen != 0)
			abort();
		return;
	}
	if (n < 2 || rlen != n - 2 || !ws_close_known(code) ||
	    code != (p[0] << 8 | p[1]))
		abort();
	ws_utf8_init(&u);
	if (ws_utf8_feed(&u, p + 2, rlen) == -1 || !ws_utf8_done(&u))
		abort();
}

/*
 * Mask p[0..n) at every alignment the input picks: twice gives it back,
 * once is the byte-wise XOR of RFC 6455 5.3, and two pieces are one.
 */
static void
mask_check(const unsigned char *p, size_t n, const unsigned char key[4],
    uint64_t off)
{
	unsigned char *a, *b;
	size_t al = n > 0 ? p[n - 1] & 7 : 0, i, cut;

	if ((a = malloc(n + 8)) == NULL || (b = malloc(n + 8)) == NULL) {
		free(a);
		return;
	}
	memcpy(a + al, p, n);
	ws_mask(a + al, n, key, off);
	for (i = 0; i < n; i++)
		if (a[al + i] != (p[i] ^ key[(off + i) & 3]))
			abort();
	ws_mask(a + al, n, key, off);
	if (memcmp(a + al, p, n) != 0)
		abort();
	cut = n > 0 ? p[0] % (n + 1) : 0;
	memcpy(b + al, p, n);
	ws_mask(b + al, cut, key, off);
	ws_mask(b + al + cut, n - cut, key, off + cut);
	ws_mask(a + al, n, key, off);
	if (memcmp(a + al, b + al, n) != 0)
		abort();
	free(a);
	free(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char zero[4];
	struct ws_head h;
	unsigned char *p, *pay;
	char err[SK_ERRLEN];
	size_t plen;
	int r;

	/* an exact-size copy, so ASan sees any overread */
	if ((p = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(p, data, size);
	err[0] = '\0';
	r = ws_head_parse(p, size, &h, err);
	if (r < -1 || r == 1 || (r == 0 && size >= WS_HEAD_MAX))
		abort();
	if (r == -1)
		message_ok(err);
	head_check(p, size, &h, r);

	utf8_check(p, size);
	close_check(p, size);
	mask_check(p, size, size >= 4 ? p : zero, size >= 5 ? p[4] : 0);

	/* the frame's payload, unmasked, as a receiver reads it */
	if (r > 0) {
		plen = size - (size_t)r;
		if (h.len < plen)
			plen = (size_t)h.len;
		if ((pay = malloc(plen ? plen : 1)) != NULL) {
			memcpy(pay, p + r, plen);
			if (h.masked)
				ws_mask(pay, plen, h.mask, 0);
			utf8_check(pay, plen);
			if (h.opcode == WS_OP_CLOSE)
				close_check(pay, plen);
			mask_check(pay, plen, h.mask, h.len);
			free(pay);
		}
	}
	free(p);
	return 0;
}
