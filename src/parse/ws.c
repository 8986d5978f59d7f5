/*
 * ws.c: WebSocket (RFC 6455) frames, text checks and Close bodies,
 * pure: no I/O (ws.h).  The URLs and the handshake's heads are
 * ws_req.c's: this object is built for speed (the Makefile's HOTOBJS,
 * for the frames), and they run once a connection.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/ws.h"
#include "util/base.h"

int
ws_head_parse(const unsigned char *p, size_t n, struct ws_head *h,
    char *err)
{
	return ws_head_parse_rsv1(p, n, 0, h, err);
}

int
ws_head_parse_rsv1(const unsigned char *p, size_t n, int rsv1_ok,
    struct ws_head *h, char *err)
{
	unsigned len7;
	size_t need = 2, i;

	if (n < 2)
		return 0;
	memset(h, 0, sizeof(*h));
	h->fin = (p[0] & 0x80) != 0;
	h->opcode = p[0] & 0x0f;
	h->masked = (p[1] & 0x80) != 0;
	len7 = p[1] & 0x7f;
	h->rsv1 = (p[0] & 0x40) != 0;
	if (p[0] & (rsv1_ok ? 0x30 : 0x70)) {
		snprintf(err, SK_ERRLEN, "a frame with reserved bits set "
		    "(0x%02x), %s", p[0] & 0x70, rsv1_ok ? "which no agreed "
		    "extension uses" : "and no extension was agreed");
		return -1;
	}
	switch (h->opcode) {
	case WS_OP_CONT:
	case WS_OP_TEXT:
	case WS_OP_BINARY:
		break;
	case WS_OP_CLOSE:
	case WS_OP_PING:
	case WS_OP_PONG:
		if (!h->fin) {
			snprintf(err, SK_ERRLEN, "a fragmented control frame");
			return -1;
		}
		if (len7 > WS_CONTROL_MAX) {
			snprintf(err, SK_ERRLEN, "a control frame of more than "
			    "125 bytes");
			return -1;
		}
		break;
	default:
		snprintf(err, SK_ERRLEN, "a frame of unknown opcode %d",
		    h->opcode);
		return -1;
	}
	if (len7 == 126)
		need += 2;
	else if (len7 == 127)
		need += 8;
	if (h->masked)
		need += 4;
	if (n < need)
		return 0;
	if (len7 == 126)
		h->len = (uint64_t)p[2] << 8 | p[3];
	else if (len7 == 127) {
		if (p[2] & 0x80) {
			snprintf(err, SK_ERRLEN, "a frame length with its top "
			    "bit set");
			return -1;
		}
		for (i = 0; i < 8; i++)
			h->len = h->len << 8 | p[2 + i];
	} else
		h->len = len7;
	if (h->masked)
		memcpy(h->mask, p + need - 4, 4);
	h->hlen = need;
	return (int)need;
}

size_t
ws_head_build(unsigned char *out, int fin, int opcode, uint64_t len,
    const unsigned char *mask)
{
	size_t n = 2, i;

	out[0] = (unsigned char)((fin ? 0x80 : 0) | (opcode & 0x0f));
	if (len < 126)
		out[1] = (unsigned char)len;
	else if (len <= 0xffff) {
		out[1] = 126;
		out[2] = (unsigned char)(len >> 8);
		out[3] = (unsigned char)len;
		n = 4;
	} else {
		out[1] = 127;
		for (i = 0; i < 8; i++)
			out[2 + i] = (unsigned char)(len >> (56 - 8 * i));
		n = 10;
	}
	if (mask != NULL) {
		out[1] |= 0x80;
		memcpy(out + n, mask, 4);
		n += 4;
	}
	return n;
}

/*
 * A byte at a time up to an 8-byte boundary, then 8 bytes at a time (the
 * compiler widens that further), then the tail.  The key's phase moves
 * one a byte and stays the same across each 8.
 */
void
ws_mask(unsigned char *p, size_t n, const unsigned char key[4], uint64_t off)
{
	unsigned char kk[8];
	uint64_t w, m;
	size_t i = 0, j;
	unsigned k = (unsigned)(off & 3);

	while (i < n && ((uintptr_t)(p + i) & 7) != 0) {
		p[i++] ^= key[k];
		k = (k + 1) & 3;
	}
	if (n - i >= 8) {
		for (j = 0; j < 8; j++)
			kk[j] = key[(k + j) & 3];
		memcpy(&m, kk, 8);
		for (; n - i >= 8; i += 8) {
			memcpy(&w, p + i, 8);
			w ^= m;
			memcpy(p + i, &w, 8);
		}
	}
	while (i < n) {
		p[i++] ^= key[k];
		k = (k + 1) & 3;
	}
}

void
ws_utf8_init(struct ws_utf8 *u)
{
	memset(u, 0, sizeof(*u));
}

/*
 * The table of RFC 3629 section 4: each lead byte fixes how many bytes
 * follow and the range of the first of them, which is what refuses
 * overlong forms, surrogates and code points past U+10FFFF at the
 * first byte that shows them.
 */
int
ws_utf8_feed(struct ws_utf8 *u, const unsigned char *p, size_t n)
{
	uint64_t w;
	size_t i = 0;
	unsigned c;

	while (i < n) {
		if (u->need == 0) {
			/* ASCII runs, the common text, 8 bytes at a time */
			while (n - i >= 8) {
				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			if (i == n)
				break;
			c = p[i++];
			if (c < 0x80)
				continue;
			u->lo = 0x80;
			u->hi = 0xbf;
			if (c >= 0xc2 && c <= 0xdf)
				u->need = 1;
			else if (c >= 0xe0 && c <= 0xef) {
				u->need = 2;
				if (c == 0xe0)
					u->lo = 0xa0;
				else if (c == 0xed)
					u->hi = 0x9f;
			} else if (c >= 0xf0 && c <= 0xf4) {
				u->need = 3;
				if (c == 0xf0)
					u->lo = 0x90;
				else if (c == 0xf4)
					u->hi = 0x8f;
			} else
				return -1;
			continue;
		}
		c = p[i++];
		if (c < u->lo || c > u->hi)
			return -1;
		u->need--;
		u->lo = 0x80;
		u->hi = 0xbf;
	}
	return 0;
}

int
ws_utf8_done(const struct ws_utf8 *u)
{
	return u->need == 0;
}

int
ws_close_known(int code)
{
	return (code >= 1000 && code <= 1003) ||
	    (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

int
ws_close_clean(int code)
{
	return code == WS_CLOSE_NORMAL || code == WS_CLOSE_AWAY ||
	    code == WS_CLOSE_NONE;
}

int
ws_close_parse(const unsigned char *p, size_t n, int *code, size_t *rlen,
    char *err)
{
	struct ws_utf8 u;

	*rlen = 0;
	if (n == 0) {
		*code = WS_CLOSE_NONE;
		return 0;
	}
	if (n == 1) {
		snprintf(err, SK_ERRLEN, "a Close frame of one byte");
		return -1;
	}
	*code = p[0] << 8 | p[1];
	if (!ws_close_known(*code)) {
		snprintf(err, SK_ERRLEN, "a Close frame with code %d, which "
		    "may not be sent", *code);
		return -1;
	}
	ws_utf8_init(&u);
	if (ws_utf8_feed(&u, p + 2, n - 2) == -1 || !ws_utf8_done(&u)) {
		snprintf(err, SK_ERRLEN, "a Close reason that is not UTF-8");
		return -1;
	}
	*rlen = n - 2;
	return 0;
}
