/*
 * fuzz_addrset.c: address ranges built from arbitrary operations,
 * checked against a brute-force model.  Each 3 bytes of input add or
 * exclude a range: byte 0 says which, the family, one of three regions
 * of 256 addresses (at 0, across a 64-bit word boundary, at the end of
 * the space) and a tag; byte 1 the first offset in it, byte 2 the
 * length.  The built set must be sorted and non-overlapping by address,
 * numbered without gaps, hold exactly the first occurrences of the
 * addresses added less those excluded, in the order added, count the
 * rest as duplicates or excluded, and map every number to its address
 * and back.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/addrset.h"

#define OPS_MAX	64

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *tags[4] = { NULL, "a", "b", "c" };

/*
 * Address off of region reg of family fam (0: IPv4, 1: IPv6) into a:
 * region 0 starts at 0, region 1 in the middle (IPv6: at 2^64 - 128, so
 * that a range carries from the low word into the high one), region 2
 * ends the space.
 */
static void
addr_of(int fam, int reg, int off, uint8_t *a)
{
	int n = fam ? 16 : 4;

	memset(a, 0, 16);
	if (reg == 1 && fam && off < 128) {
		memset(a + 8, 0xff, 8);
		a[15] = (uint8_t)(0x80 + off);
		return;
	}
	if (reg == 1 && fam) {
		a[7] = 1;
		a[15] = (uint8_t)(off - 128);
		return;
	}
	if (reg == 1)
		a[0] = 10;
	else if (reg == 2)
		memset(a, 0xff, (size_t)n - 1);
	a[n - 1] = (uint8_t)off;
}

struct model {
	int8_t	 seen[2][3][256];	/* seq + 1 of the first to add it */
	uint8_t	 out[2][3][256];	/* excluded */
	const char *tag[OPS_MAX + 1];	/* of each seq */
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct model m;
	struct addrset s;
	uint8_t a[16], b[16];
	const char *tag;
	int fam, reg, off, len, i, ex, f, o, seq = 0, nops = 0;
	uint64_t k, n, dups = 0, excl = 0, j;
	size_t q;

	memset(&m, 0, sizeof(m));
	addrset_init(&s);
	for (q = 0; q + 3 <= size && nops < OPS_MAX; q += 3, nops++) {
		ex = data[q] & 1;
		fam = (data[q] >> 1) & 1;
		reg = ((data[q] >> 2) & 3) % 3;
		off = data[q + 1];
		len = data[q + 2] % (256 - off) + 1;
		addr_of(fam, reg, off, a);
		addr_of(fam, reg, off + len - 1, b);
		f = fam ? AF_INET6 : AF_INET;
		if (ex) {
			if (addrset_exclude(&s, f, a, b) == -1)
				abort();
			for (i = off; i < off + len; i++)
				m.out[fam][reg][i] = 1;
			continue;
		}
		if (addrset_add(&s, f, a, b, tags[data[q] >> 6]) == -1)
			abort();
		m.tag[++seq] = tags[data[q] >> 6];
		for (i = off; i < off + len; i++) {
			if (m.seen[fam][reg][i] != 0)
				dups++;
			else
				m.seen[fam][reg][i] = (int8_t)seq;
		}
	}
	if (addrset_build(&s) == -1)
		abort();
	if (s.dups != dups)
		abort();
	/* sorted and non-overlapping by address; numbered without gaps */
	for (q = 0, n = 0; q < s.n; q++) {
		if (q > 0 && s.byaddr[q - 1].family == s.byaddr[q].family &&
		    (s.byaddr[q - 1].last.hi > s.byaddr[q].first.hi ||
		    (s.byaddr[q - 1].last.hi == s.byaddr[q].first.hi &&
		    s.byaddr[q - 1].last.lo >= s.byaddr[q].first.lo)))
			abort();
		if (q > 0 && s.byaddr[q - 1].family > s.byaddr[q].family)
			abort();
		if (s.r[q].base != n)
			abort();
		n += s.r[q].last.lo - s.r[q].first.lo + 1;
	}
	if (n != s.count)
		abort();
	/* the model in the order added: each first occurrence, not out */
	k = 0;
	for (i = 1; i <= seq; i++)
		for (fam = 0; fam < 2; fam++)
			for (reg = 0; reg < 3; reg++)
				for (o = 0; o < 256; o++) {
					if (m.seen[fam][reg][o] != i)
						continue;
					if (m.out[fam][reg][o]) {
						excl++;
						continue;
					}
					if (addrset_get(&s, k, &f, b, &tag) == -1)
						abort();
					addr_of(fam, reg, o, a);
					if (f != (fam ? AF_INET6 : AF_INET) ||
					    tag != m.tag[i] ||
					    memcmp(a, b, fam ? 16 : 4) != 0)
						abort();
					if (addrset_find(&s, f, a, &j) == -1 ||
					    j != k)
						abort();
					k++;
				}
	if (k != s.count || excl != s.excluded)
		abort();
	if (addrset_get(&s, k, &f, b, &tag) != -1)
		abort();
	/* what the set does not hold is not found */
	for (fam = 0; fam < 2; fam++)
		for (reg = 0; reg < 3; reg++)
			for (o = 0; o < 256; o++) {
				if (m.seen[fam][reg][o] != 0 &&
				    !m.out[fam][reg][o])
					continue;
				addr_of(fam, reg, o, a);
				if (addrset_find(&s, fam ? AF_INET6 : AF_INET,
				    a, &j) != -1)
					abort();
			}
	addrset_free(&s);
	return 0;
}
