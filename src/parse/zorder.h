/*
 * zorder.h: the URL-order bookkeeping of http-get -Z, pure (no I/O):
 * transfers end in any order, but their bodies to stdout are written in
 * URL order and the exit status is that of the first failure in URL
 * order.  Each URL is waiting, then ended (with its status) or skipped
 * (never started: --fail-early), then released: its turn to be written
 * came.
 *
 * zorder_init: n URLs, all waiting.  0, or -1 with errno (ENOMEM).
 * zorder_end: URL i ended with status (0: ok).  0, or -1 (EINVAL) when i
 * is out of range or not waiting.
 * zorder_skip: URL i will never start; it ends with status 0.
 * zorder_due: the URL whose turn it is (its body may go straight to
 * stdout), or -1 once all are released.
 * zorder_release: the URL whose turn it is, when it has ended: released
 * now and returned; else -1.
 * zorder_status: the status of the first failed URL in URL order among
 * those ended, 0 when none failed; with last set (one URL at a time, as
 * curl's serial transfers), the status of the last URL ended, skipped
 * ones left out (curl exits with its last transfer's code).
 */
#ifndef ZORDER_H
#define ZORDER_H

struct zorder {
	int		 n;
	int		 due;		/* the first not released */
	int		 first_fail;	/* the least failed index, or -1 */
	int		 status;	/* its status */
	int		 last;		/* the last ended's status instead */
	int		 last_i;	/* the last ended, or -1 */
	unsigned char	*st;		/* each URL's state */
};

int	zorder_init(struct zorder *z, int n);
void	zorder_free(struct zorder *z);
int	zorder_end(struct zorder *z, int i, int status);
int	zorder_skip(struct zorder *z, int i);
int	zorder_due(const struct zorder *z);
int	zorder_release(struct zorder *z);
int	zorder_status(const struct zorder *z);

#endif /* ZORDER_H */
