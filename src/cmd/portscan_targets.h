/*
 * cmd/portscan_targets.h: portscan's hosts: the targets of the command line and of
 * -iL files, every address of each name once, less the exclusions, held
 * as address ranges however many addresses they cover; and the
 * check that a scan is not too big to start without --yes.  Part of the
 * portscan command: it says what went wrong itself (msg.c).
 */
#ifndef PS_TARGETS_H
#define PS_TARGETS_H

#include <stddef.h>
#include <stdint.h>

#include "net/net.h"
#include "parse/addrset.h"
#include "parse/target.h"
#include "parse/targetfile.h"
#include "scan/scan.h"

#define PS_MAX_PROBES	16777216ULL	/* more asks for --yes */

struct ps_hosts {
	struct addrset	  set;		/* count, dups, excluded when done */
	int		  verbose;	/* say what names resolve to */
};

struct ps_specs {
	char		**v;		/* the targets as written */
	size_t		  n, cap;
	char		**owned;	/* those read from files, to free */
	size_t		  nowned, capowned;
};

int	ps_specs_add(struct ps_specs *, char *, int);
int	ps_specs_file(struct ps_specs *, const char *, const char *);
void	ps_specs_free(struct ps_specs *);
int	ps_exclude_file(struct exclude *, const char *, const char *);
int	ps_exclude_resolve(struct exclude *, const struct net_opts *);
int	ps_hosts_add(struct ps_hosts *, const struct target *, const char *,
	    const struct net_opts *);
int	ps_hosts_done(struct ps_hosts *, const struct exclude *);
void	ps_hosts_get(const struct ps_hosts *, uint64_t, struct scan_addr *,
	    const char **);
void	ps_hosts_free(struct ps_hosts *);
void	ps_duration(double, char *, size_t);

#endif /* PS_TARGETS_H */
