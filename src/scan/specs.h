/*
 * scan/specs.h: the targets of a scan as written, on the command line
 * or in a file (-iL), and the steps from them to the addresses
 * (scan/targets.h): a file's targets or exclusions taken in, the
 * exclusions' names resolved, a target's addresses added; and a scan's
 * targets, struct scan_targets, made in one call from them.  Each step
 * returns -1 with err filled (the sentence the command says), or with
 * err empty and errno set (out of memory, mostly); it never prints.
 */
#ifndef SCAN_SPECS_H
#define SCAN_SPECS_H

#include <stddef.h>
#include <stdint.h>

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

/*
 * A scan's targets, which its configuration carries (scan_config
 * .targets): those of files and the exclusions as the options give
 * them, then, once scan_targets_build made it, every address as ranges,
 * and after host discovery the hosts up.  The engine's to free
 * (scan_targets_free).
 */
struct scan_targets {
	struct scan_specs files;	/* the targets of files (-iL) */
	struct exclude	  ex;		/* the exclusions */
	int		  excluding;	/* some were given */
	struct addrset	  set;		/* the addresses, built */
	uint64_t	 *up;		/* after discovery: the set's index
					 * of each host up; NULL: all */
};

/* What scan_targets_build met on its way, for the caller to say. */
#define SCAN_TE_SEEN	0	/* name resolved to addr (with verbose) */
#define SCAN_TE_NOADDR	1	/* name has no IPv4 or IPv6 address:
				 * skipped */
#define SCAN_TE_SKIP	2	/* a target not added, err says why (empty:
				 * error): skipped */

struct scan_target_ev {
	int		 kind;		/* SCAN_TE_* */
	const char	*name;		/* the target's name */
	const char	*addr;		/* SEEN: an address, as text */
	const char	*err;		/* SKIP: why; "" for error */
	int		 error;		/* SKIP: errno */
};

/* Why scan_targets_build failed */
#define SCAN_TB_SPEC	1	/* a target is not one (err: why) */
#define SCAN_TB_EMPTY	2	/* no target: no operand, files empty */
#define SCAN_TB_EXCLUDE	3	/* an exclusion's name did not resolve
				 * (err: why, with the name) */
#define SCAN_TB_ERRNO	4	/* errno says (out of memory) */

#define SCAN_FILE_MAX	(64 * 1024 * 1024)	/* bytes of a target file */

int	scan_targets_file(struct scan_targets *tg, const char *path,
	    int exclude, size_t *line, char *err);
int	scan_targets_build(struct scan_targets *tg, char **ops, size_t nops,
	    const struct net_opts *no, int verbose,
	    void (*on_ev)(const struct scan_target_ev *ev, void *arg),
	    void *arg, int *why, char *err);
void	scan_targets_free(struct scan_targets *tg);
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
	    void (*seen)(const struct addrinfo *ai, void *arg), void *arg,
	    char *err);

#endif /* SCAN_SPECS_H */
