/*
 * scan/specs.h: the targets of a scan as written, on the command line
 * or in a file (-iL), and the steps from them to the addresses
 * (scan/targets.h): a file's targets or exclusions taken in, the
 * exclusions' names resolved, a target's addresses added.  Each step
 * returns -1 with err filled (the sentence the command says), or with
 * err empty and errno set (out of memory, mostly); it never prints.
 */
#ifndef SCAN_SPECS_H
#define SCAN_SPECS_H

#include <stddef.h>

#include "net/net.h"
#include "parse/addrset.h"
#include "parse/target.h"
#include "parse/targetfile.h"

struct scan_specs {
	char		**v;		/* the targets as written */
	size_t		  n, cap;
	char		**owned;	/* those read from files, to free */
	size_t		  nowned, capowned;
};

int	scan_specs_add(struct scan_specs *sp, char *spec, int owned);
void	scan_specs_free(struct scan_specs *sp);
int	scan_specs_buf(struct scan_specs *sp, const char *buf, size_t len,
	    size_t *line, char *err);
int	scan_exclude_buf(struct exclude *ex, const char *buf, size_t len,
	    size_t *line, char *err);
int	scan_exclude_resolve(struct exclude *ex, const struct net_opts *no,
	    size_t *bad, char *err);
int	scan_hosts_add(struct addrset *set, const struct target *t,
	    const char *spec, const struct net_opts *no,
	    void (*seen)(const struct addrinfo *ai, void *arg), char *err);

#endif /* SCAN_SPECS_H */
