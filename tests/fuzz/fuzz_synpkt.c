/*
 * fuzz_synpkt.c: synpkt_parse must neither crash nor read past what it
 * is given, whatever a raw socket hands over: the first byte picks the
 * socket kind, the rest is the packet.  An answer it accepts must say
 * something whole: a kind, a family, and for an ICMP error a code; and
 * each kind comes only from the socket that can hand it over.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/synpkt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t from6[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 1 };
	struct synpkt_ans a;
	uint8_t *p, key[16];
	int in, k;

	if (size < 1)
		return 0;
	in = data[0] & 3;
	/* an exact copy, so that a read past the end is the sanitiser's */
	if ((p = malloc(size - 1 ? size - 1 : 1)) == NULL)
		return 0;
	memcpy(p, data + 1, size - 1);
	k = synpkt_parse(in, p, size - 1, from6, &a);
	if (k != SYNPKT_NONE) {
		if (k != a.kind || (a.family != 4 && a.family != 6))
			abort();
		if ((k == SYNPKT_ECHO || k == SYNPKT_TSTAMP) &&
		    (in == SYNPKT_IN_TCP4 || in == SYNPKT_IN_TCP6 ||
		    a.rport != 0))
			abort();
		/* a timestamp reply is IPv4's, a reset a TCP socket's */
		if ((k == SYNPKT_TSTAMP && in != SYNPKT_IN_ICMP4) ||
		    ((k == SYNPKT_ACKRST || k == SYNPKT_RST ||
		    k == SYNPKT_SYNACK) && in != SYNPKT_IN_TCP4 &&
		    in != SYNPKT_IN_TCP6))
			abort();
		if (k == SYNPKT_UNREACH && a.code != SYNPKT_U_NET &&
		    a.code != SYNPKT_U_HOST && a.code != SYNPKT_U_PROTO &&
		    a.code != SYNPKT_U_PORT && a.code != SYNPKT_U_ADMIN)
			abort();
		if ((in == SYNPKT_IN_TCP4 || in == SYNPKT_IN_ICMP4) !=
		    (a.family == 4))
			abort();
	}
	/* the cookie over what came is a plain function of it */
	memset(key, 0x5a, sizeof(key));
	if (synpkt_cookie(key, a.family == 4 ? 4 : 6, a.addr, a.rport,
	    a.lport, k & 3) != synpkt_cookie(key, a.family == 4 ? 4 : 6,
	    a.addr, a.rport, a.lport, k & 3))
		abort();
	(void)synpkt_siphash(key, p, size - 1);
	free(p);
	return 0;
}
