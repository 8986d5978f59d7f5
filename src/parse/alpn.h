/*
 * alpn.h: the --alpn list ("h2,http/1.1") in the wire form of TLS's ALPN
 * extension (RFC 7301): each protocol name as one length byte and the
 * name.  Pure.
 *
 * alpn_parse writes the wire form of the comma-separated list s into out
 * (cap bytes) and its length into *len; names are 1 to 255 bytes, none
 * empty.  Returns 0, or -1 with err (SK_ERRLEN) filled, out and *len
 * then unspecified.
 */
#ifndef ALPN_H
#define ALPN_H

#include <stddef.h>

int	alpn_parse(const char *s, unsigned char *out, size_t cap, size_t *len,
	    char *err);

#endif /* ALPN_H */
