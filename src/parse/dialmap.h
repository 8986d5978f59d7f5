/*
 * dialmap.h: where http-get's connections go, as curl's --resolve and
 * --connect-to say, pure (no I/O).  The URL's host stays the name of the
 * request (Host, SNI, the certificate's check, cookies, redirects); only
 * the address dialed changes.
 *
 * dialmap_resolve_add reads "[+]HOST:PORT:ADDR[,ADDR]..." (HOST "*" for
 * any; an IPv6 address or host in brackets); a later entry for the same
 * HOST and PORT takes the place of an earlier one, as in curl's cache,
 * and "-HOST:PORT" drops it (none there: nothing done, as curl).
 * dialmap_connto_add reads "HOST1:PORT1:HOST2:PORT2", any part empty
 * (HOST1 or PORT1: any; HOST2 or PORT2: the request's own); the first
 * that matches and changes something is used, as in curl.  Both return 0, or -1 with err saying
 * which part is wrong.
 *
 * dialmap_connto: the --connect-to entry for host and port, or NULL.
 *
 * dialmap_route: where a connection for host and port goes: --connect-to
 * first (with connto set), into to_host and *to_port, then --resolve on
 * that: its entry (the addresses to dial, as given), or NULL to resolve
 * to_host as ever.
 */
#ifndef DIALMAP_H
#define DIALMAP_H

#include <stddef.h>

#include "util/base.h"

#define DIALMAP_ADDRS	16		/* addresses of one --resolve */
#define DIALMAP_ADDRLEN	64		/* an address literal, with a zone */
#define DIALMAP_MAX	64		/* entries of each kind */

struct dialmap_resolve {
	char	host[SK_HOSTLEN];	/* "" for any (*) */
	int	port;
	int	naddr;
	char	addr[DIALMAP_ADDRS][DIALMAP_ADDRLEN];
};

struct dialmap_connto {
	char	host1[SK_HOSTLEN];	/* "": any */
	int	port1;			/* 0: any */
	char	host2[SK_HOSTLEN];	/* "": the request's */
	int	port2;			/* 0: the request's */
};

struct dialmap {
	struct dialmap_resolve	res[DIALMAP_MAX];
	int			nres;
	struct dialmap_connto	ct[DIALMAP_MAX];
	int			nct;
};

int	dialmap_resolve_add(struct dialmap *m, const char *arg, char *err);
int	dialmap_connto_add(struct dialmap *m, const char *arg, char *err);
const struct dialmap_connto *dialmap_connto(const struct dialmap *m,
	    const char *host, int port);
const struct dialmap_resolve *dialmap_route(const struct dialmap *m,
	    const char *host, int port, int connto, char *to_host, size_t cap,
	    int *to_port);

#endif /* DIALMAP_H */
