/*
 * fuzz_proxyhdr.c: the PROXY protocol header (proxyhdr.c) on any bytes.
 * A verdict is -1 with a message, 0 (more wanted, never once a whole
 * line or block could be in), or a length within the input and the
 * limits; every prefix waits or agrees (a refusal the same one), and
 * more bytes after a header change nothing.  A header that names a
 * client is built again from its addresses, in both versions, and parses
 * back to the same addresses.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/proxyhdr.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define PREFIXES	300	/* the prefixes tried, at most */

static void
message_ok(const char *e)
{
	size_t n = strnlen(e, SK_ERRLEN);

	if (n == 0 || n == SK_ERRLEN)
		abort();
}

static int
same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	const struct sockaddr_in *a4 = (const void *)a, *b4 = (const void *)b;
	const struct sockaddr_in6 *a6 = (const void *)a, *b6 = (const void *)b;

	if (a->ss_family != b->ss_family)
		return 0;
	if (a->ss_family == AF_INET)
		return a4->sin_port == b4->sin_port &&
		    memcmp(&a4->sin_addr, &b4->sin_addr, 4) == 0;
	return a6->sin6_port == b6->sin6_port &&
	    memcmp(&a6->sin6_addr, &b6->sin6_addr, 16) == 0;
}

/* Is ss an IPv4-mapped IPv6 address? */
static int
mapped(const struct sockaddr_storage *ss)
{
	static const unsigned char pre[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	const struct sockaddr_in6 *s6 = (const void *)ss;

	return ss->ss_family == AF_INET6 &&
	    memcmp(s6->sin6_addr.s6_addr, pre, 12) == 0;
}

/*
 * The header h rebuilt in version v, parsed back to the same; an
 * IPv4-mapped address beside one that is not is two families, which
 * go as UNKNOWN (v2: UNSPEC).
 */
static void
rebuild(const struct proxyhdr *h, int v)
{
	unsigned char out[PROXYHDR_BUILD_MAX];
	struct proxyhdr h2;
	char err[SK_ERRLEN];
	size_t n;
	int two = mapped(&h->src) != mapped(&h->dst);

	n = proxyhdr_build(out, v, (const struct sockaddr *)&h->src,
	    h->srclen, (const struct sockaddr *)&h->dst, h->dstlen);
	if (n > PROXYHDR_BUILD_MAX || (v == 1 && n > PROXYHDR_V1_MAX))
		abort();
	if (proxyhdr_parse(out, n, &h2, err) != (int)n || h2.version != v ||
	    h2.local != two)
		abort();
	if (two)
		return;
	/* an IPv4-mapped pair comes back as the IPv4 it maps */
	if (h->src.ss_family == h2.src.ss_family &&
	    (!same_addr(&h->src, &h2.src) || !same_addr(&h->dst, &h2.dst)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxyhdr h, h2;
	unsigned char *p, *q;
	char err[SK_ERRLEN], e2[SK_ERRLEN];
	size_t i, lim;
	int r, r2;

	/* an exact-size copy, so ASan sees any overread */
	if ((p = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(p, data, size);
	err[0] = '\0';
	r = proxyhdr_parse(p, size, &h, err);
	if (r < -1 || (r > 0 && (size_t)r > size) || r > PROXYHDR_MAX ||
	    (r == 0 && size >= PROXYHDR_MAX) ||
	    (r > 0 && h.version == 1 && r > PROXYHDR_V1_MAX) ||
	    (r > 0 && h.version == 2 && r < PROXYHDR_V2_HEAD))
		abort();
	if (r == -1)
		message_ok(err);
	lim = size < PREFIXES ? size : PREFIXES;
	for (i = 0; i < lim; i++) {
		e2[0] = '\0';
		r2 = proxyhdr_parse(p, i, &h2, e2);
		if (r > 0 ? (i < (size_t)r ? r2 != 0 : r2 != r) :
		    r2 != 0 && (r2 != -1 || strcmp(e2, err) != 0))
			abort();
	}
	if (r > 0) {
		/* more after the header: the same header */
		if ((q = malloc(size + 8)) != NULL) {
			memcpy(q, p, size);
			memset(q + size, 'x', 8);
			if (proxyhdr_parse(q, size + 8, &h2, e2) != r ||
			    h2.local != h.local || (!h.local &&
			    (!same_addr(&h.src, &h2.src) ||
			    !same_addr(&h.dst, &h2.dst))))
				abort();
			free(q);
		}
		if (!h.local) {
			if (h.srclen == 0 || h.dstlen == 0 ||
			    h.src.ss_family != h.dst.ss_family)
				abort();
			rebuild(&h, 1);
			rebuild(&h, 2);
		}
	}
	free(p);
	return 0;
}
