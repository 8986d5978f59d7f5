/*
 * proxyto.h: listen --serve-proxy's --allow-to and --deny-to entries,
 * pure (no I/O): where the proxy's clients may go, and may not.  An
 * entry is
 *	CIDR		an address or block (10.0.0.0/8, ::1), any port;
 *	host:port	a name as the client gives it (any case), or an
 *			address or block (10.0.0.0/8:443, [::1]:22), and
 *			one port, or "*" for any.
 * An entry takes a destination when its block holds the address, or
 * its name is the name the client asked for (any case, a final dot or
 * not; whatever it resolves to: naming it is trusting it).  --allow-to lets through what one of its
 * entries takes, --deny-to never (deny wins).
 */
#ifndef PROXYTO_H
#define PROXYTO_H

#include <sys/types.h>
#include <sys/socket.h>

#include "parse/cidr.h"
#include "util/base.h"

struct proxy_to {
	int		 is_name;	/* name, else block */
	struct cidr	 block;
	char		 name[SK_HOSTLEN];
	int		 port;		/* 0: any */
};

/*
 * proxy_to_parse: one argument of option opt ("--allow-to", named in
 * err).  Returns 0, or -1 with err.
 */
int	proxy_to_parse(const char *opt, const char *s, struct proxy_to *to,
	    char *err);

/*
 * proxy_to_match: does one of the n entries let a client that asked for
 * name (NULL for an address) reach the address sa (NULL: not known
 * here, only a name entry can match) at port?  1 or 0.
 */
int	proxy_to_match(const struct proxy_to *to, size_t n, const char *name,
	    const struct sockaddr *sa, int port);
/*
 * proxy_to_names: the same, but a block that holds a whole family
 * (0.0.0.0/0, ::/0, ::ffff:0:0/96 for IPv4) takes nothing: an entry
 * names an address of the proxy's own host (127.0.0.0/8,
 * 127.0.0.1:5432), "anywhere" does not.  1 or 0.
 */
int	proxy_to_names(const struct proxy_to *to, size_t n, const char *name,
	    const struct sockaddr *sa, int port);

#endif /* PROXYTO_H */
