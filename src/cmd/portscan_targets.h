/*
 * cmd/portscan_targets.h: portscan's hosts: the targets of the command
 * line and of -iL files, every address of each name once, less the
 * exclusions, held as address ranges however many addresses they cover;
 * and the check that a scan is not too big to start without --yes.
 * Part of the portscan command: it says what went wrong itself (msg.c),
 * and a step returns CMD_GO_ON to go on, else the exit status
 * (cmd/cmd.h).
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
#include "scan/specs.h"
#include "scan/targets.h"

struct ps_hosts {
	struct addrset	  set;		/* count, dups, excluded when done */
	int		  verbose;	/* say what names resolve to */
};

int	ps_specs_file(struct scan_specs *sp, struct exclude *ex,
	    const char *path, const char *opt);
int	ps_exclude_resolve(struct exclude *ex, const struct net_opts *no);
int	ps_hosts_add(struct ps_hosts *h, const struct target *t,
	    const char *spec, const struct net_opts *no);
int	ps_hosts_done(struct ps_hosts *h, const struct exclude *ex);
void	ps_hosts_free(struct ps_hosts *h);

#endif /* PS_TARGETS_H */
