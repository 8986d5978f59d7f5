/*
 * test_socks_udp.c: RFC 1928 section 7's datagram header (socks_udp.c)
 * byte for byte: IPv4, IPv6 and names both ways, a payload moved in
 * place behind its header, and the refusals (short, lying, RSV set, an
 * unknown address type, a bad name, no room).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "parse/socks_udp.h"
#include "tap.h"
#include "util/base.h"

static char err[SK_ERRLEN];

static void
decodes(const void *s, size_t n, long want, const char *emsg,
    struct socks5_udp *h, const char *desc)
{
	long r;

	err[0] = '\0';
	r = socks5_udp_decode(s, n, h, err);
	if (!ok(r == want && (emsg == NULL || strstr(err, emsg) != NULL),
	    desc))
		printf("#   got %ld, err '%s'; want %ld '%s'\n", r, err, want,
		    emsg ? emsg : "");
}

static void
test_decode(void)
{
	struct socks5_udp h;
	char big[4 + 1 + 255 + 2];

	decodes("\0\0\0\1\177\0\0\1\0\65hi", 12, 10, NULL, &h,
	    "decode: IPv4 header before 2 bytes");
	ok(h.atyp == SOCKS5_ATYP_IPV4 && h.frag == 0 && h.port == 53 &&
	    memcmp(h.addr, "\177\0\0\1", 4) == 0, "decode: IPv4 fields");
	decodes("\0\0\0\4\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1\1\273", 22, 22,
	    NULL, &h, "decode: IPv6 header, no data");
	ok(h.atyp == SOCKS5_ATYP_IPV6 && h.port == 443 && h.addr[15] == 1,
	    "decode: IPv6 fields");
	decodes("\0\0\0\3\13example.com\0\65x", 19, 18, NULL, &h,
	    "decode: a name");
	ok(h.atyp == SOCKS5_ATYP_NAME && strcmp(h.name, "example.com") == 0
	    && h.port == 53, "decode: the name and port");
	decodes("\0\0\1\1\177\0\0\1\0\65", 10, 10, NULL, &h,
	    "decode: a fragment decodes");
	is_int(h.frag, 1, "decode: FRAG 1 is told");
	decodes("\0\0\0\1\177\0\0\1\0", 9, -1, "shorter than its", &h,
	    "decode: a port cut off");
	decodes("\0\0\0\1", 4, -1, "shorter than a", &h,
	    "decode: four bytes");
	decodes("\0\0\0\3\20example.com\0\65", 18, -1, "shorter than its",
	    &h, "decode: a name length past the end");
	decodes("\0\0\0\4\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\1\1", 21, -1,
	    "shorter than its", &h, "decode: IPv6 one byte short");
	decodes("\0\1\0\1\177\0\0\1\0\65", 10, -1, "RSV", &h,
	    "decode: RSV not 0");
	decodes("\0\0\0\2\177\0\0\1\0\65", 10, -1, "address type", &h,
	    "decode: ATYP 2");
	decodes("\0\0\0\3\0\0\65", 7, -1, "empty", &h,
	    "decode: an empty name");
	decodes("\0\0\0\3\3a\0b\0\65", 10, -1, "no host name", &h,
	    "decode: a NUL in a name");
	decodes("\0\0\0\3\3a/b\0\65", 10, -1, "no host name", &h,
	    "decode: a slash in a name");
	memset(big, 'a', sizeof(big));
	memcpy(big, "\0\0\0\3\377", 5);
	big[sizeof(big) - 2] = 0;
	big[sizeof(big) - 1] = 7;
	decodes(big, sizeof(big), (long)sizeof(big), NULL, &h,
	    "decode: a name of 255 bytes");
	ok(strlen(h.name) == 255 && h.port == 7, "decode: all of it");
}

static void
test_encode(void)
{
	struct socks5_udp h, back;
	unsigned char buf[64];
	long r;

	memset(&h, 0, sizeof(h));
	h.atyp = SOCKS5_ATYP_IPV4;
	memcpy(h.addr, "\12\0\0\1", 4);
	h.port = 4660;
	r = socks5_udp_encode(&h, "ping", 4, buf, sizeof(buf), err);
	ok(r == 14 && memcmp(buf, "\0\0\0\1\12\0\0\1\22\64ping", 14) == 0,
	    "encode: IPv4 and its payload");
	/* the payload already in the buffer, where the header must go */
	memcpy(buf, "pong", 4);
	h.atyp = SOCKS5_ATYP_NAME;
	memcpy(h.name, "ab", 3);
	h.frag = 0;
	r = socks5_udp_encode(&h, buf, 4, buf, sizeof(buf), err);
	ok(r == 13 && memcmp(buf, "\0\0\0\3\2ab\22\64pong", 13) == 0,
	    "encode: a name, the payload moved in place");
	ok(socks5_udp_decode(buf, (size_t)r, &back, err) == 9 &&
	    strcmp(back.name, "ab") == 0 && back.port == 4660,
	    "encode: decodes back");
	h.atyp = SOCKS5_ATYP_IPV6;
	memset(h.addr, 0, 16);
	h.addr[15] = 1;
	h.frag = 0x81;
	r = socks5_udp_encode(&h, NULL, 0, buf, 22, err);
	ok(r == 22 && buf[2] == 0x81 && buf[3] == 4 && buf[19] == 1,
	    "encode: IPv6 header exactly fills its room");
	is_int(socks5_udp_encode(&h, "x", 1, buf, 22, err), -1,
	    "encode: a byte more does not fit");
	h.atyp = SOCKS5_ATYP_NAME;
	h.name[0] = '\0';
	is_int(socks5_udp_encode(&h, NULL, 0, buf, sizeof(buf), err), -1,
	    "encode: an empty name refused");
	h.atyp = 2;
	is_int(socks5_udp_encode(&h, NULL, 0, buf, sizeof(buf), err), -1,
	    "encode: ATYP 2 refused");
	h.atyp = SOCKS5_ATYP_IPV4;
	h.port = 65536;
	is_int(socks5_udp_encode(&h, NULL, 0, buf, sizeof(buf), err), -1,
	    "encode: port 65536 refused");
}

static void
test_sa(void)
{
	struct sockaddr_in6 s6;
	struct sockaddr_in s4;
	struct sockaddr_storage ss;
	struct socks5_udp h;
	unsigned char buf[SOCKS5_UDP_HDR_V6];

	memset(&s4, 0, sizeof(s4));
	s4.sin_family = AF_INET;
	s4.sin_port = htons(53);
	(void)inet_pton(AF_INET, "192.0.2.7", &s4.sin_addr);
	is_int(socks5_udp_hdr_sa((struct sockaddr *)&s4, buf), 10,
	    "hdr_sa: IPv4 is 10 bytes");
	ok(memcmp(buf, "\0\0\0\1\300\0\2\7\0\65", 10) == 0,
	    "hdr_sa: IPv4 bytes");
	memset(&s6, 0, sizeof(s6));
	s6.sin6_family = AF_INET6;
	s6.sin6_port = htons(53);
	(void)inet_pton(AF_INET6, "::ffff:192.0.2.7", &s6.sin6_addr);
	ok(socks5_udp_hdr_sa((struct sockaddr *)&s6, buf) == 10 &&
	    memcmp(buf, "\0\0\0\1\300\0\2\7\0\65", 10) == 0,
	    "hdr_sa: a mapped address goes as IPv4");
	(void)inet_pton(AF_INET6, "2001:db8::1", &s6.sin6_addr);
	ok(socks5_udp_hdr_sa((struct sockaddr *)&s6, buf) == 22 &&
	    buf[3] == 4 && buf[4] == 0x20 && buf[19] == 1 && buf[21] == 53,
	    "hdr_sa: IPv6");
	ok(socks5_udp_decode(buf, 22, &h, err) == 22 &&
	    socks5_udp_to_sa(&h, &ss) == sizeof(s6) &&
	    memcmp(&((struct sockaddr_in6 *)&ss)->sin6_addr, &s6.sin6_addr,
	    16) == 0 && ((struct sockaddr_in6 *)&ss)->sin6_port == htons(53),
	    "to_sa: IPv6 back to its socket address");
	s6.sin6_family = AF_UNIX;
	is_int(socks5_udp_hdr_sa((struct sockaddr *)&s6, buf), 0,
	    "hdr_sa: another family has none");
	h.atyp = SOCKS5_ATYP_NAME;
	is_int(socks5_udp_to_sa(&h, &ss), 0, "to_sa: a name has none");
}

int
main(void)
{
	test_decode();
	test_encode();
	test_sa();
	return tap_done();
}
