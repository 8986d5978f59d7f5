/*
 * scan/mark.h: where a resumable scan stands (portscan --resume).  The
 * results come back out of order, a window's worth at a time; a mark
 * takes each by its place in the scan's order (scan_probe_seq) with
 * what it should write, and hands them back in order, so that what was
 * written is every probe before base and nothing after it.  Bookkeeping
 * only: no I/O.
 */
#ifndef SCAN_MARK_H
#define SCAN_MARK_H

#include <stddef.h>
#include <stdint.h>

struct scan_mark_e {
	char		*line;		/* what to write, or NULL: nothing */
	int		 done;
	int		 tag;		/* the caller's: what it counts */
};

struct scan_mark {
	uint64_t	 base;		/* every place below is handed back */
	struct scan_mark_e *v;		/* a ring: v[(head + k) % cap] is
					 * place base + k */
	size_t		 head, cap;
};

int	scan_mark_put(struct scan_mark *m, uint64_t seq, char *line, int tag);
int	scan_mark_pop(struct scan_mark *m, char **line, int *tag);
int	scan_mark_held(struct scan_mark *m, size_t *pos, uint64_t *seq,
	    char **line, int *tag);
void	scan_mark_free(struct scan_mark *m);

#endif /* SCAN_MARK_H */
