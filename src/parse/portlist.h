/*
 * portlist.h: port lists ("22,80,8000-8100", "1-65535", "-", "ssh,http"),
 * parsed without I/O.  Service names are resolved through a callback the
 * caller supplies, so the parser itself never reads /etc/services and the
 * unit tests and fuzzer can link it alone.
 */
#ifndef PORTLIST_H
#define PORTLIST_H

#include <stddef.h>
#include <stdint.h>

/* A set of TCP/UDP ports 1-65535. */
struct portlist {
	uint8_t		bits[65536 / 8];	/* bit p set: port p is in */
	uint32_t	count;			/* ports in the set */
};

/*
 * Look up a service name: returns its port (1-65535), or -1 if the name
 * is unknown.  arg is passed through from portlist_parse.
 */
typedef int	(*portlist_lookup_fn)(const char *name, void *arg);

/*
 * The UDP ports scanned when none are given: the services most often
 * found answering.  (TCP's are topports.h's first 1000, as nmap's.)
 */
extern const char	portlist_default_udp[];

void	portlist_init(struct portlist *pl);
int	portlist_parse(struct portlist *pl, const char *s,
	    portlist_lookup_fn fn, void *arg, char *err);
int	portlist_parse_protos(struct portlist *tcp, struct portlist *udp,
	    const char *s, portlist_lookup_fn fn, void *arg, char *err);
int	portlist_pick(struct portlist *tcp, const struct portlist *udp,
	    int protos, char *err);
int	portlist_has(const struct portlist *pl, unsigned int port);
void	portlist_put(struct portlist *pl, unsigned int p);
uint32_t portlist_remove(struct portlist *pl, const struct portlist *ex);
size_t	portlist_expand(const struct portlist *pl, uint16_t *out);

#endif /* PORTLIST_H */
