/*
 * scan/keep.h: results held back to be shown in probe order once the
 * scan is done (portscan's --sort), each with a copy of its banner.
 * Bookkeeping only: no I/O.
 */
#ifndef SCAN_KEEP_H
#define SCAN_KEEP_H

#include <stddef.h>
#include <stdint.h>

#include "scan/scan.h"

struct scan_kept {
	uint64_t	probe;
	int		state;
	int		error, reason;	/* the result's, for scan_reason */
	size_t		blen;
	char		*banner;
};

struct scan_keep {
	struct scan_kept *v;
	size_t		  n, cap;
};

int	scan_keep_add(struct scan_keep *k, const struct scan_result *r);
int	scan_keep_move(struct scan_keep *k, struct scan_kept *e);
void	scan_keep_sort(struct scan_keep *k);
void	scan_keep_free(struct scan_keep *k);

#endif /* SCAN_KEEP_H */
