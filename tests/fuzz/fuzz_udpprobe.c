/*
 * fuzz_udpprobe.c: the UDP scan's request builders (src/udpprobe.c) must
 * neither crash nor write what does not decode back.  The first byte
 * picks the builder and its numbers, the rest is the DNS name, or the
 * SNMP community and OID (split at the first NUL).  A DNS query must
 * decode to the same name; an SNMP message must be BER whose every length
 * nests exactly, holding the same community and an OID that prints back
 * as given; a refusal must be one the reference rules agree with.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/udpprobe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The DNS name's rules: dotted labels of 1-63 bytes, 255 encoded. */
static int
ref_dns_ok(const char *name)
{
	size_t n = strlen(name), i, lab = 0;

	if (n == 1 && name[0] == '.')
		return 1;
	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n + (n > 0) + 1 > 255)
		return 0;
	for (i = 0; i <= n; i++) {
		if (i == n || name[i] == '.') {
			if (n > 0 && (lab == 0 || lab > 63))
				return 0;
			lab = 0;
		} else
			lab++;
	}
	return 1;
}

static void
check_dns(const uint8_t *d, size_t size)
{
	unsigned char buf[600];
	char *name, back[300];
	size_t o = 12, b = 0, n;
	int r;

	if ((name = malloc(size + 1)) == NULL)
		return;
	memcpy(name, d, size);
	name[size] = '\0';
	r = udpprobe_dns(0x5a5a, name, 16, 3, size & 1, buf, sizeof(buf));
	if (r == -1) {
		if (ref_dns_ok(name))
			abort();	/* a good name refused */
		free(name);
		return;
	}
	if (!ref_dns_ok(name) || r < 17 || buf[0] != 0x5a || buf[5] != 1 ||
	    buf[2] != ((size & 1) ? 1 : 0))
		abort();
	while ((n = buf[o]) != 0) {
		if (n > 63 || o + 1 + n >= (size_t)r)
			abort();
		memcpy(back + b, buf + o + 1, n);
		b += n;
		back[b++] = '.';
		o += 1 + n;
	}
	back[b] = '\0';
	n = strlen(name);
	if (n > 0 && name[n - 1] != '.' && b > 0)
		back[--b] = '\0';	/* no trailing dot was given */
	if ((b == 0 && !(n == 0 || strcmp(name, ".") == 0)) ||
	    (b > 0 && strcmp(back, name) != 0) || o + 5 != (size_t)r ||
	    buf[o + 2] != 16 || buf[o + 4] != 3)
		abort();
	free(name);
}

/* One BER TLV at p (n bytes left): its header and value lengths. */
static int
tlv(const unsigned char *p, size_t n, size_t *hl, size_t *vl)
{
	size_t k, i;

	if (n < 2)
		return -1;
	if (p[1] < 0x80) {
		*hl = 2;
		*vl = p[1];
	} else {
		k = p[1] & 0x7f;
		if (k == 0 || k > 2 || n < 2 + k)
			return -1;
		for (*vl = 0, i = 0; i < k; i++)
			*vl = *vl << 8 | p[2 + i];
		*hl = 2 + k;
	}
	return *hl + *vl <= n ? 0 : -1;
}

/* The OID's value back to dotted text. */
static void
oid_text(const unsigned char *p, size_t n, char *out, size_t outlen)
{
	uint64_t v = 0;
	size_t i, o = 0;
	int first = 1;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		v = v << 7 | (p[i] & 0x7f);
		if (p[i] & 0x80)
			continue;
		if (first)
			o += (size_t)snprintf(out + o, outlen - o, "%u.%llu",
			    v < 80 ? (unsigned)(v / 40) : 2, (unsigned long long)
			    (v < 80 ? v % 40 : v - 80));
		else
			o += (size_t)snprintf(out + o, outlen - o, ".%llu",
			    (unsigned long long)v);
		first = 0;
		v = 0;
		if (o >= outlen)
			abort();
	}
}

static void
check_snmp(const uint8_t *d, size_t size, int version)
{
	unsigned char buf[4096];
	const unsigned char *p;
	const uint8_t *nul;
	char oid[1200], back[1200];
	size_t clen, hl, vl, left;
	int r, i;

	nul = memchr(d, '\0', size);
	clen = nul != NULL ? (size_t)(nul - d) : size;
	left = nul != NULL ? size - clen - 1 : 0;
	if (left >= sizeof(oid))
		return;
	memcpy(oid, nul != NULL ? nul + 1 : d, left);
	oid[left] = '\0';
	r = udpprobe_snmp_get(version, (const char *)d, clen, (int32_t)size *
	    -7919, oid, buf, sizeof(buf));
	if (r == -1)
		return;		/* the OID rules: the unit test's part */
	/* Message { version, community, PDU { id, status, index, list } } */
	if (tlv(buf, (size_t)r, &hl, &vl) == -1 || hl + vl != (size_t)r ||
	    buf[0] != 0x30)
		abort();
	p = buf + hl;
	left = vl;
	for (i = 0; i < 3; i++) {
		if (tlv(p, left, &hl, &vl) == -1)
			abort();
		if (i == 0 && (p[0] != 0x02 || vl != 1 || p[2] != version))
			abort();
		if (i == 1 && (p[0] != 0x04 || vl != clen ||
		    memcmp(p + hl, d, clen) != 0))
			abort();
		if (i == 2 && (p[0] != 0xa0 || hl + vl != left))
			abort();
		if (i < 2) {
			p += hl + vl;
			left -= hl + vl;
		}
	}
	/* into the PDU: three INTEGERs, then SEQUENCE { SEQUENCE { OID } } */
	p += hl;
	left = vl;
	for (i = 0; i < 3; i++) {
		if (tlv(p, left, &hl, &vl) == -1 || p[0] != 0x02)
			abort();
		p += hl + vl;
		left -= hl + vl;
	}
	for (i = 0; i < 2; i++) {
		if (tlv(p, left, &hl, &vl) == -1 || p[0] != 0x30 ||
		    hl + vl != left)
			abort();
		p += hl;
		left = vl;
	}
	if (tlv(p, left, &hl, &vl) == -1 || p[0] != 0x06 ||
	    hl + vl + 2 != left || p[hl + vl] != 0x05 || p[hl + vl + 1] != 0)
		abort();
	oid_text(p + hl, vl, back, sizeof(back));
	if (strcmp(back, oid) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char buf[64];

	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case 0:
		check_dns(data + 1, size - 1);
		break;
	case 1:
	case 2:
		check_snmp(data + 1, size - 1, data[0] % 4 - 1);
		break;
	default:
		if (udpprobe_ntp((uint64_t)size * 0x9e3779b97f4a7c15ULL, buf,
		    data[0] % 64) != (data[0] % 64 >= 48 ? 48 : -1))
			abort();
		if (udpprobe_for_port(data[0], size, buf, sizeof(buf)) < 0)
			abort();
		break;
	}
	return 0;
}
