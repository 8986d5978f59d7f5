/*
 * portlist.c: port list parsing.  Pure: no I/O; service names go through
 * the caller's lookup callback.
 *
 * Grammar: a comma-separated list of elements; an element is a port
 * ("80"), a service name ("http"), a range of either ("8000-8100",
 * "ftp-ssh") or "-" alone for every port.  Half-open ranges ("1-", "-80")
 * are refused rather than guessed at: a typo should not silently become a
 * scan of 65,535 ports.
 */
#include <stdio.h>
#include <string.h>

#include "parse/portlist.h"
#include "util/base.h"

/*
 * What a UDP scan probes when no ports are given: the UDP services most
 * often found answering (DNS, DHCP, TFTP, NTP, NetBIOS, SNMP, IKE,
 * syslog, RIP, IPMI, mDNS, SSDP, SIP, RADIUS, L2TP, OpenVPN, WireGuard,
 * memcached, ...) and the low dynamic ports RPC services take.
 */
const char portlist_default_udp[] =
    "7,9,17,19,49,53,67-69,80,88,111,120,123,135-139,158,161-162,177,"
    "389,427,443,445,464,497,500,514-515,518,520,593,623,626,631,996-999,"
    "1022-1023,1025-1030,1194,1433-1434,1645-1646,1701,1718-1719,1812-1813,"
    "1900,2000,2048-2049,2222-2223,3283,3456,3478,3703,4444,4500,5000,"
    "5060,5353,5355,5632,9200,10000,11211,17185,20031,31337,32768-32769,"
    "32771,32815,33281,49152-49154,49156,49181-49182,49186,49188,"
    "49190-49194,51820";

#define ELEM_MAX	64	/* longest element we quote or look up */

void
portlist_init(struct portlist *pl)
{
	memset(pl, 0, sizeof(*pl));
}

int
portlist_has(const struct portlist *pl, unsigned int port)
{
	if (port == 0 || port > 65535)
		return 0;
	return (pl->bits[port >> 3] >> (port & 7)) & 1;
}

/* Put port p (1-65535) into pl, as --top-ports does. */
void
portlist_put(struct portlist *pl, unsigned int p)
{
	if (p == 0 || p > 65535 || portlist_has(pl, p))
		return;
	pl->bits[p >> 3] |= (uint8_t)(1u << (p & 7));
	pl->count++;
}

/*
 * Take every port of ex out of pl (--exclude-ports).  Returns how many
 * ports of pl that removed.
 */
uint32_t
portlist_remove(struct portlist *pl, const struct portlist *ex)
{
	unsigned int p;
	uint32_t n = 0;

	for (p = 1; p <= 65535; p++)
		if (portlist_has(pl, p) && portlist_has(ex, p)) {
			pl->bits[p >> 3] &= (uint8_t)~(1u << (p & 7));
			n++;
		}
	pl->count -= n;
	return n;
}

static void
portlist_add(struct portlist *pl, unsigned int lo, unsigned int hi)
{
	unsigned int p;

	for (p = lo; p <= hi; p++) {
		if (!portlist_has(pl, p)) {
			pl->bits[p >> 3] |= (uint8_t)(1u << (p & 7));
			pl->count++;
		}
	}
}

/* Write the ports in ascending order into out (room for count); return count. */
size_t
portlist_expand(const struct portlist *pl, uint16_t *out)
{
	size_t n = 0;
	unsigned int p;

	for (p = 1; p <= 65535; p++)
		if (portlist_has(pl, p))
			out[n++] = (uint16_t)p;
	return n;
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
is_name(const char *s, size_t n)
{
	size_t i;
	int c;

	if (n == 0 || n > 32)
		return 0;
	c = (unsigned char)s[0];
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return 0;
	for (i = 1; i < n; i++) {
		c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-_.+", c) != NULL))
			return 0;
	}
	return 1;
}

/* Decimal value of n digits, saturating above 65536. */
static long
digits_value(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		v = v * 10 + (s[i] - '0');
		if (v > 65536)
			v = 65536;
	}
	return v;
}

static int
lookup(const char *s, size_t n, portlist_lookup_fn fn, void *arg)
{
	char name[ELEM_MAX + 1];
	int p;

	if (fn == NULL || !is_name(s, n))
		return -1;
	memcpy(name, s, n);
	name[n] = '\0';
	p = fn(name, arg);
	return p >= 1 && p <= 65535 ? p : -1;
}

/*
 * One end of a range, or a lone port: returns the port, or -1 with err
 * filled; elem/elen is the whole element, for the message.
 */
static int
parse_end(const char *s, size_t n, const char *elem, size_t elen,
    portlist_lookup_fn fn, void *arg, char *err)
{
	const char *what = elen != n ? "port range " : "port ";
	long v;
	int p;

	if (all_digits(s, n)) {
		v = digits_value(s, n);
		if (v < 1 || v > 65535) {
			if (elen != n)
				snprintf(err, SK_ERRLEN, "port range %.*s: "
				    "%.*s out of range (1-65535)", (int)elen,
				    elem, (int)n, s);
			else
				snprintf(err, SK_ERRLEN, "port %.*s: out of "
				    "range (1-65535)", (int)n, s);
			return -1;
		}
		return (int)v;
	}
	if (!is_name(s, n)) {
		snprintf(err, SK_ERRLEN, "%s%.*s: not a number or service name",
		    what, (int)elen, elem);
		return -1;
	}
	if ((p = lookup(s, n, fn, arg)) == -1) {
		if (elen != n)
			snprintf(err, SK_ERRLEN, "port range %.*s: unknown "
			    "service %.*s", (int)elen, elem, (int)n, s);
		else
			snprintf(err, SK_ERRLEN, "port %.*s: unknown service",
			    (int)n, s);
		return -1;
	}
	return p;
}

static int
parse_elem(struct portlist *pl, const char *e, size_t n,
    portlist_lookup_fn fn, void *arg, char *err)
{
	const char *dash;
	int lo, hi;

	if (n == 1 && e[0] == '-') {
		portlist_add(pl, 1, 65535);
		return 0;
	}
	dash = memchr(e, '-', n);
	/* a service name may hold a '-' itself ("netbios-ns") */
	if (dash != NULL && (lo = lookup(e, n, fn, arg)) != -1) {
		portlist_add(pl, (unsigned int)lo, (unsigned int)lo);
		return 0;
	}
	if (dash == NULL) {
		if ((lo = parse_end(e, n, e, n, fn, arg, err)) == -1)
			return -1;
		portlist_add(pl, (unsigned int)lo, (unsigned int)lo);
		return 0;
	}
	if (dash == e) {
		snprintf(err, SK_ERRLEN, "port range %.*s: missing start",
		    (int)n, e);
		return -1;
	}
	if (dash == e + n - 1) {
		snprintf(err, SK_ERRLEN, "port range %.*s: missing end",
		    (int)n, e);
		return -1;
	}
	if (memchr(dash + 1, '-', n - (size_t)(dash + 1 - e)) != NULL) {
		snprintf(err, SK_ERRLEN, "port range %.*s: too many '-'",
		    (int)n, e);
		return -1;
	}
	if (!all_digits(e, (size_t)(dash - e)) &&
	    !all_digits(dash + 1, n - (size_t)(dash + 1 - e)) &&
	    lookup(e, (size_t)(dash - e), fn, arg) == -1) {
		/* "a-b": neither a range of numbers nor a known name */
		snprintf(err, SK_ERRLEN, "port %.*s: not a port number, range "
		    "or known service", (int)n, e);
		return -1;
	}
	if ((lo = parse_end(e, (size_t)(dash - e), e, n, fn, arg, err)) == -1)
		return -1;
	if ((hi = parse_end(dash + 1, n - (size_t)(dash + 1 - e), e, n, fn,
	    arg, err)) == -1)
		return -1;
	if (lo > hi) {
		snprintf(err, SK_ERRLEN, "port range %.*s: start is after end",
		    (int)n, e);
		return -1;
	}
	portlist_add(pl, (unsigned int)lo, (unsigned int)hi);
	return 0;
}

/*
 * Parse a port list and add its ports to pl (so several lists can be
 * merged).  fn looks up service names; NULL refuses them.  Returns the
 * number of ports in pl, or -1 with err filled and pl unchanged.
 */
int
portlist_parse(struct portlist *pl, const char *s, portlist_lookup_fn fn,
    void *arg, char *err)
{
	struct portlist tmp;
	const char *p, *comma;
	size_t n;

	if (*s == '\0') {
		snprintf(err, SK_ERRLEN, "empty port list");
		return -1;
	}
	tmp = *pl;
	for (p = s;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		if (n == 0) {
			snprintf(err, SK_ERRLEN, "port list %.64s%s: empty "
			    "element", s, strlen(s) > 64 ? "..." : "");
			return -1;
		}
		if (n > ELEM_MAX) {
			snprintf(err, SK_ERRLEN, "port %.32s...: too long", p);
			return -1;
		}
		if (parse_elem(&tmp, p, n, fn, arg, err) == -1)
			return -1;
		if (comma == NULL)
			break;
	}
	*pl = tmp;
	return (int)pl->count;
}

/*
 * nmap's -p with protocols, "U:53,111,T:21-25,80": a T: or U: prefix
 * sends the ports after it, up to the next prefix, to tcp or udp; ports
 * before any prefix go to both.  Returns a mask of the prefixes met (1
 * T:, 2 U:), or -1 with err filled and both lists unchanged.
 */
int
portlist_parse_protos(struct portlist *tcp, struct portlist *udp,
    const char *s, portlist_lookup_fn fn, void *arg, char *err)
{
	static struct portlist t, u;
	char elem[ELEM_MAX + 1];
	const char *p, *comma;
	size_t n;
	int cur = 3, named = 0, c;

	t = *tcp;
	u = *udp;
	for (p = s;; p = comma + 1) {
		comma = strchr(p, ',');
		n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		c = n >= 2 && p[1] == ':' ? p[0] & ~0x20 : 0;
		if (c == 'S') {
			snprintf(err, SK_ERRLEN, "port list %.64s: S: is SCTP's, "
			    "which sockt does not scan: T: for TCP, U: for UDP",
			    s);
			return -1;
		}
		if (c == 'T' || c == 'U') {
			named |= cur = c == 'T' ? 1 : 2;
			p += 2;
			n -= 2;
			if (n == 0) {
				snprintf(err, SK_ERRLEN, "port list %.64s: no port "
				    "after %c: (as nmap's: U:53,T:80)", s, c);
				return -1;
			}
		}
		if (n == 0 || n > ELEM_MAX) {
			snprintf(err, SK_ERRLEN, n == 0 ? "port list %.64s: "
			    "empty element" : "port list %.64s: an element too "
			    "long", s);
			return -1;
		}
		memcpy(elem, p, n);
		elem[n] = '\0';
		if (((cur & 1) && portlist_parse(&t, elem, fn, arg, err) == -1) ||
		    ((cur & 2) && portlist_parse(&u, elem, fn, arg, err) == -1))
			return -1;
		if (comma == NULL)
			break;
	}
	*tcp = t;
	*udp = u;
	return named;
}

/*
 * The ports of the protocols scanned (1 TCP, 2 UDP, 3 both) after
 * portlist_parse_protos, into tcp: one list serves every protocol.
 * Returns 0, or -1 with err filled when a protocol scanned has no port
 * or the two differ.
 */
int
portlist_pick(struct portlist *tcp, const struct portlist *udp, int protos,
    char *err)
{
	if (protos == 2)
		*tcp = *udp;
	if (tcp->count == 0) {
		snprintf(err, SK_ERRLEN, "-p: no %s port to scan: %s",
		    protos == 2 ? "UDP" : "TCP", protos == 2 ? "T: ports are "
		    "TCP's, scanned with -sT (-t)" : "U: ports are UDP's, "
		    "scanned with -sU (-u)");
		return -1;
	}
	if (protos == 3 && memcmp(tcp, udp, sizeof(*tcp)) != 0) {
		snprintf(err, SK_ERRLEN, "-p: other TCP ports than UDP ones: one "
		    "scan probes the same ports over both; scan them apart "
		    "(-sT -p T_PORTS, then -sU -p U_PORTS)");
		return -1;
	}
	return 0;
}
