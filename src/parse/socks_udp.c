/*
 * socks_udp.c: RFC 1928 section 7's datagram header, both ways, pure (no
 * I/O), so the unit test and the fuzzer link it alone.  socks_udp.h
 * states the contract.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "parse/socks_udp.h"
#include "util/base.h"

int
socks5_name_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == ':';
}

static long
udp_fail(char *err, const char *what)
{
	snprintf(err, SK_ERRLEN, "%s", what);
	return -1;
}

long
socks5_udp_encode(const struct socks5_udp *h, const void *data, size_t dlen,
    unsigned char *buf, size_t cap, char *err)
{
	size_t alen, hl;
	unsigned char *p;

	if (h->frag < 0 || h->frag > 255 || h->port < 0 || h->port > 65535)
		return udp_fail(err, "a SOCKS5 UDP header field out of range");
	if (h->atyp == SOCKS5_ATYP_IPV4 || h->atyp == SOCKS5_ATYP_IPV6)
		alen = h->atyp == SOCKS5_ATYP_IPV4 ? 4 : 16;
	else if (h->atyp == SOCKS5_ATYP_NAME) {
		alen = strnlen(h->name, sizeof(h->name));
		if (alen == 0 || alen > 255)
			return udp_fail(err, "a host name of 1-255 bytes "
			    "goes in a SOCKS5 UDP header");
		alen++;
	} else
		return udp_fail(err, "an unknown SOCKS5 address type");
	hl = 4 + alen + 2;
	if (cap < hl || cap - hl < dlen)
		return udp_fail(err, "a datagram too long for its SOCKS5 "
		    "header");
	if (dlen > 0)
		memmove(buf + hl, data, dlen);
	p = buf;
	*p++ = 0;
	*p++ = 0;
	*p++ = (unsigned char)h->frag;
	*p++ = (unsigned char)h->atyp;
	if (h->atyp == SOCKS5_ATYP_NAME) {
		*p++ = (unsigned char)(alen - 1);
		memcpy(p, h->name, alen - 1);
	} else
		memcpy(p, h->addr, alen);
	p = buf + hl - 2;
	p[0] = (unsigned char)(h->port >> 8);
	p[1] = (unsigned char)(h->port & 0xff);
	return (long)(hl + dlen);
}

long
socks5_udp_decode(const unsigned char *buf, size_t len, struct socks5_udp *h,
    char *err)
{
	size_t alen, i;

	if (len < 5)
		return udp_fail(err, "a datagram shorter than a SOCKS5 UDP "
		    "header");
	if (buf[0] != 0 || buf[1] != 0)
		return udp_fail(err, "a SOCKS5 UDP header with RSV not 0");
	if (buf[3] == SOCKS5_ATYP_IPV4)
		alen = 4;
	else if (buf[3] == SOCKS5_ATYP_IPV6)
		alen = 16;
	else if (buf[3] == SOCKS5_ATYP_NAME)
		alen = 1 + (size_t)buf[4];
	else
		return udp_fail(err, "a SOCKS5 UDP header of an unknown "
		    "address type");
	if (len < 4 + alen + 2)
		return udp_fail(err, "a datagram shorter than its SOCKS5 UDP "
		    "header says");
	h->frag = buf[2];
	h->atyp = buf[3];
	h->port = buf[4 + alen] << 8 | buf[5 + alen];
	if (h->atyp != SOCKS5_ATYP_NAME) {
		memcpy(h->addr, buf + 4, alen);
		return (long)(4 + alen + 2);
	}
	if (alen == 1)
		return udp_fail(err, "an empty host name in a SOCKS5 UDP "
		    "header");
	for (i = 5; i < 4 + alen; i++)
		if (!socks5_name_byte(buf[i]))
			return udp_fail(err, "a host name with a byte no host "
			    "name has");
	memcpy(h->name, buf + 5, alen - 1);
	h->name[alen - 1] = '\0';
	return (long)(4 + alen + 2);
}

size_t
socks5_udp_hdr_sa(const struct sockaddr *sa, unsigned char *buf)
{
	const struct sockaddr_in *s4 = (const void *)sa;
	const struct sockaddr_in6 *s6 = (const void *)sa;
	const unsigned char *port;
	size_t alen;

	if (sa->sa_family == AF_INET) {
		buf[3] = SOCKS5_ATYP_IPV4;
		memcpy(buf + 4, &s4->sin_addr, 4);
		port = (const unsigned char *)&s4->sin_port;
		alen = 4;
	} else if (sa->sa_family == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr)) {
		buf[3] = SOCKS5_ATYP_IPV4;
		memcpy(buf + 4, s6->sin6_addr.s6_addr + 12, 4);
		port = (const unsigned char *)&s6->sin6_port;
		alen = 4;
	} else if (sa->sa_family == AF_INET6) {
		buf[3] = SOCKS5_ATYP_IPV6;
		memcpy(buf + 4, &s6->sin6_addr, 16);
		port = (const unsigned char *)&s6->sin6_port;
		alen = 16;
	} else
		return 0;
	buf[0] = buf[1] = buf[2] = 0;
	/* the port is in network order already, as the header wants it */
	buf[4 + alen] = port[0];
	buf[5 + alen] = port[1];
	return 4 + alen + 2;
}

socklen_t
socks5_udp_to_sa(const struct socks5_udp *h, struct sockaddr_storage *ss)
{
	struct sockaddr_in *s4 = (void *)ss;
	struct sockaddr_in6 *s6 = (void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (h->atyp == SOCKS5_ATYP_IPV4) {
		s4->sin_family = AF_INET;
		memcpy(&s4->sin_addr, h->addr, 4);
		s4->sin_port = htons((unsigned short)h->port);
		return sizeof(*s4);
	}
	if (h->atyp == SOCKS5_ATYP_IPV6) {
		s6->sin6_family = AF_INET6;
		memcpy(&s6->sin6_addr, h->addr, 16);
		s6->sin6_port = htons((unsigned short)h->port);
		return sizeof(*s6);
	}
	return 0;
}
