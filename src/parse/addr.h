/*
 * addr.h: endpoint parsing, pure (no I/O).
 * Accepts "HOST PORT" (two operands), "HOST:PORT", "[IPv6]:PORT", and with
 * EP_LISTEN also "PORT" alone (host left empty, meaning any address) and
 * port 0.  A port is a number 1-65535 or a service name ("http"), which
 * stays a string here and is looked up when resolving.
 * port_parse checks one numeric or symbolic port and returns the number,
 * 0 for a service name, or -1 with err filled
 * ("port 70000: out of range (1-65535)").
 * addr_check_dotted refuses a host of digits and dots that is no dotted
 * quad (256.1.1.1, 1.2.3.4.5, 127.1): -1 with err filled, else 0.
 * addr_check_host is the rule for every host a command reads (operands,
 * -s, --to): no control character, space, bracket or '/', a host of
 * digits and dots a dotted quad, a host with a ':' an IPv6 address (with
 * an optional %zone).  -1 with err filled, else 0.  addr_check_literal
 * is its second half alone, for a parser that checks the characters in
 * its own words (portscan's targets).
 * addr_check_unix refuses an empty UNIX socket path, or one too long for
 * sun_path: -1 with err filled, else 0.
 * endpoint_operands says how many of the operands name the endpoint
 * when more follow: 1 for HOST:PORT or [IPV6]:PORT, else 2.
 */
#ifndef ADDR_H
#define ADDR_H

#include "util/base.h"

#define EP_LISTEN	0x01

struct endpoint {
	char	host[SK_HOSTLEN];	/* empty: any address */
	char	port[SK_PORTLEN];
};

int	port_parse(const char *s, int allow_zero, char *err);
int	addr_check_dotted(const char *h, size_t n, char *err);
int	addr_check_host(const char *h, size_t n, char *err);
int	addr_check_literal(const char *h, size_t n, char *err);
int	addr_check_unix(const char *path, char *err);
/*
 * addr_is_localhost: name is "localhost" or ends in ".localhost" (a
 * final dot and any case taken), which stay on this host whatever DNS
 * or /etc/hosts say (RFC 6761 section 6.3).
 */
int	addr_is_localhost(const char *name);
int	endpoint_parse(int argc, char *const argv[], int flags,
	    struct endpoint *ep, char *err);
int	endpoint_operands(int argc, char *const argv[]);

#endif /* ADDR_H */
