/*
 * base64.h: base64 (RFC 4648 section 4), pure (no I/O), for the parsers
 * (Basic credentials, pins) and the protocols (WebSocket keys); anything
 * may include it.
 */
#ifndef BASE64_H
#define BASE64_H

#include <stddef.h>

/*
 * base64_encode: s[0..len) into d (4 * ((len + 2) / 3) + 1 bytes), a
 * NUL at its end; returns its length.
 */
size_t	base64_encode(const unsigned char *s, size_t len, char *d);

#endif /* BASE64_H */
