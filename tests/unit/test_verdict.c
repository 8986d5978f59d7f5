/*
 * Unit tests for scan/verdict.c: what an errno says of a port, and the
 * reason a result gives in nmap's words (--reason), for the connect and
 * the SYN scan alike.
 */
#include <errno.h>
#include <string.h>

#include "scan/scan.h"
#include "scan/verdict.h"
#include "tap.h"

/* The reason, in nmap's words, of a result no probe kind named. */
static const char *
why(int proto, int syn, int state, int e)
{
	return scan_reason_name(scan_reason(proto, syn, state, e,
	    SCAN_R_NONE));
}

int
main(void)
{
	is_int(scan_verdict(SCAN_TCP, 0), SCAN_OPEN, "connected: open");
	is_int(scan_verdict(SCAN_TCP, ECONNREFUSED), SCAN_CLOSED,
	    "refused: closed");
	is_int(scan_verdict(SCAN_TCP, EHOSTUNREACH), SCAN_FILTERED,
	    "host unreachable: filtered");
	is_int(scan_verdict(SCAN_TCP, ENOBUFS), SCAN_RESOURCE,
	    "no buffers: try again");

	is_str(why(SCAN_TCP, 1, SCAN_OPEN, 0), "syn-ack",
	    "-sS open: syn-ack");
	is_str(why(SCAN_TCP, 1, SCAN_CLOSED, ECONNREFUSED), "reset",
	    "-sS closed: reset");
	is_str(why(SCAN_TCP, 0, SCAN_CLOSED, ECONNREFUSED),
	    "conn-refused", "connect closed: conn-refused");
	is_str(why(SCAN_TCP, 1, SCAN_FILTERED, ETIMEDOUT),
	    "no-response", "silence: no-response");
	is_str(why(SCAN_TCP, 1, SCAN_FILTERED, EACCES),
	    "admin-prohibited", "ICMP admin-prohibited");
	is_str(why(SCAN_TCP, 1, SCAN_FILTERED, ECONNABORTED),
	    "port-unreach", "ICMP port unreachable to a SYN");
	is_str(why(SCAN_TCP, 1, SCAN_FILTERED, EHOSTUNREACH),
	    "host-unreach", "ICMP host unreachable");
	is_str(why(SCAN_TCP, 1, SCAN_FILTERED, ENETUNREACH),
	    "net-unreach", "ICMP net unreachable");
	is_str(why(SCAN_UDP, 0, SCAN_OPEN, 0), "udp-response",
	    "UDP open: udp-response");
	is_str(why(SCAN_UDP, 0, SCAN_CLOSED, ECONNREFUSED),
	    "port-unreach", "UDP closed: port-unreach");
	is_str(scan_reason_name(scan_reason(SCAN_TCP, 1, SCAN_FILTERED,
	    ETIMEDOUT, SCAN_R_HOST_PROHIBITED)), "host-prohibited",
	    "a reason the probe kind set wins over the errno");
	/* a probe kind names its answer (host discovery, --up) */
	{
		static const uint16_t ports[] = { 443, 80, 0, 0 };
		static const unsigned char kinds[] = { SCAN_K_PORT,
		    SCAN_K_ACK, SCAN_K_ECHO, SCAN_K_TSTAMP };
		static const struct {
			uint64_t	 probe;	/* host * 4 + its kind's index */
			int		 state, error;
			const char	*want, *name;
		} t[] = {
			{ 6, SCAN_OPEN, 0, "echo-reply",
			    "an echo answered: echo-reply" },
			{ 3, SCAN_OPEN, 0, "timestamp-reply",
			    "a timestamp answered: timestamp-reply" },
			{ 5, SCAN_CLOSED, ECONNREFUSED, "reset",
			    "an ACK's reset, without -sS's flag: reset" },
			{ 4, SCAN_CLOSED, ECONNREFUSED, "conn-refused",
			    "a connect to 443 refused: conn-refused" },
		};
		struct scan_config c;
		struct scan_result r;
		size_t i;

		memset(&c, 0, sizeof(c));
		c.ports = ports;
		c.kinds = kinds;
		c.nports = 4;
		for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
			memset(&r, 0, sizeof(r));
			r.probe = t[i].probe;
			r.state = t[i].state;
			r.error = t[i].error;
			is_str(scan_reason_name(scan_probe_reason(&c, SCAN_TCP,
			    &r)), t[i].want, t[i].name);
		}
	}
	return tap_done();
}
