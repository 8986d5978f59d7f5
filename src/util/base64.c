/*
 * base64.c: base64 (RFC 4648 section 4), pure (no I/O): Basic
 * credentials, WebSocket keys and accepts, public-key pins.
 */
#include <stddef.h>

#include "util/base64.h"

size_t
base64_encode(const unsigned char *s, size_t len, char *d)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;
	unsigned v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		d[o++] = tab[v >> 18];
		d[o++] = tab[(v >> 12) & 63];
		d[o++] = tab[(v >> 6) & 63];
		d[o++] = tab[v & 63];
	}
	if (i < len) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		d[o++] = tab[v >> 18];
		d[o++] = tab[(v >> 12) & 63];
		d[o++] = i + 1 < len ? tab[(v >> 6) & 63] : '=';
		d[o++] = '=';
	}
	d[o] = '\0';
	return o;
}
