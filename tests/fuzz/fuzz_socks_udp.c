/*
 * fuzz_socks_udp.c: RFC 1928 section 7's datagram header (socks_udp.c).
 * A datagram that decodes must encode back to the same header bytes and
 * keep its payload; a refusal has a printable message and no prefix of
 * a datagram decodes longer than the datagram.  An address header must
 * survive the socket address round trip too.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/socks_udp.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct socks5_udp h, h2;
	struct sockaddr_storage ss;
	unsigned char out[SOCKS5_UDP_HDR_MAX + 4096];
	char err[SK_ERRLEN];
	long r, n;
	size_t dlen;

	err[0] = '\0';
	r = socks5_udp_decode(data, size, &h, err);
	if (r == -1) {
		message_ok(err);
		return 0;
	}
	if (r < 7 || r > SOCKS5_UDP_HDR_MAX ||
	    (size_t)r > size)
		abort();
	/* the header alone decodes the same */
	if (socks5_udp_decode(data, (size_t)r, &h2, err) != r ||
	    h.frag != h2.frag || h.atyp != h2.atyp || h.port != h2.port ||
	    (h.atyp == SOCKS5_ATYP_NAME ? strcmp(h.name, h2.name) :
	    memcmp(h.addr, h2.addr, h.atyp == SOCKS5_ATYP_IPV4 ? 4 : 16)) != 0)
		abort();
	dlen = size - (size_t)r;
	if (dlen > sizeof(out) - SOCKS5_UDP_HDR_MAX)
		return 0;
	n = socks5_udp_encode(&h, data + r, dlen, out, sizeof(out), err);
	if (n != (long)size || memcmp(out, data, size) != 0)
		abort();
	if (h.atyp == SOCKS5_ATYP_NAME || h.frag != 0)
		return 0;
	/* the socket address and back; a mapped IPv6 address comes back
	   as IPv4, 12 bytes shorter */
	if (socks5_udp_to_sa(&h, &ss) == 0)
		abort();
	n = (long)socks5_udp_hdr_sa((struct sockaddr *)&ss, out);
	if (h.atyp == SOCKS5_ATYP_IPV6 && memcmp(h.addr,
	    "\0\0\0\0\0\0\0\0\0\0\377\377", 12) == 0) {
		if (n != r - 12 || memcmp(out + 4, h.addr + 12, 4) != 0 ||
		    memcmp(out + 8, data + 20, 2) != 0)
			abort();
	} else if (n != r || memcmp(out, data, (size_t)r) != 0)
		abort();
	return 0;
}
