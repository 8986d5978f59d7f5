/*
 * scan/fd.c: the probes' sockets as things owned: each has one owner,
 * the probe it serves (or the pool), and is closed once, for that owner;
 * a connected one with a reset, so that a scan leaves no TIME_WAIT; and
 * the small pool of settled UDP sockets kept to probe the same address
 * again; and the window, as many probes in flight as descriptors allow.  Below probe.c and handshake.c, which both close what they own.
 */
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "scan/scan.h"
#include "scan/scan_int.h"

#define FD_RESERVE	64	/* fds left for everything but probes */

/*
 * Size the window.  A window of SYNs alone (raw: -sS without -u) holds
 * no descriptor, so memory alone bounds it: want, or SCAN_SYN_WINDOW.
 * Else the soft RLIMIT_NOFILE is raised toward the hard one, and want >
 * 0 is clamped to what the limit allows (*clamped, unless NULL, set to
 * 1 when it was), want <= 0 asks for the default, min(SCAN_WINDOW_CAP,
 * limit).  Returns the window, at least 1.
 */
int
scan_window(int want, int raw, int *clamped)
{
	struct rlimit rl;
	rlim_t target;
	long avail;

	if (clamped != NULL)
		*clamped = 0;
	if (raw)
		return want > 0 ? want : SCAN_SYN_WINDOW;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1) {
		rl.rlim_cur = 256;
		rl.rlim_max = 256;
	}
	if (rl.rlim_cur != RLIM_INFINITY && (rl.rlim_max == RLIM_INFINITY ||
	    rl.rlim_cur < rl.rlim_max)) {
		/* enough for any window; the kernel may still say less */
		target = rl.rlim_max == RLIM_INFINITY ? 1048576 : rl.rlim_max;
		if (target > 1048576)
			target = 1048576;
		while (target > rl.rlim_cur) {
			struct rlimit nrl = { target, rl.rlim_max };

			if (setrlimit(RLIMIT_NOFILE, &nrl) == 0) {
				rl.rlim_cur = target;
				break;
			}
			target /= 2;
		}
	}
	avail = rl.rlim_cur == RLIM_INFINITY ? 1048576 :
	    (long)rl.rlim_cur - FD_RESERVE;
	if (avail < 1)
		avail = 1;
	if (want <= 0)
		return avail < SCAN_WINDOW_CAP ? (int)avail : SCAN_WINDOW_CAP;
	if (want > avail) {
		if (clamped != NULL)
			*clamped = 1;
		return (int)avail;
	}
	return want;
}


/*
 * Who owns each probe socket.  A debug build (make
 * CPPFLAGS=-DSCAN_FD_CHECK) keeps, per descriptor, the probe that owns
 * it (probe + 1; OWNER_POOL for a UDP socket in the pool) and aborts when
 * a socket is taken twice or closed for a probe that does not own it:
 * the close that would otherwise fail another probe later, or hand it a
 * stranger's answer, stops there with a core to read.  Otherwise these
 * cost nothing.
 */
#ifdef SCAN_FD_CHECK
#define FD_CHECK_MAX	65536

static uint64_t fd_owner[FD_CHECK_MAX];

void
fd_own(int fd, uint64_t owner)
{
	if (fd < 0 || (fd < FD_CHECK_MAX && fd_owner[fd] != 0))
		abort();
	if (fd < FD_CHECK_MAX)
		fd_owner[fd] = owner == OWNER_POOL ? owner : owner + 1;
}

void
fd_give(int fd, uint64_t owner)
{
	if (fd < 0 || (fd < FD_CHECK_MAX && fd_owner[fd] !=
	    (owner == OWNER_POOL ? owner : owner + 1)))
		abort();
	if (fd < FD_CHECK_MAX)
		fd_owner[fd] = 0;
}
#endif

/* Close owner's probe socket. */
void
probe_close(int fd, uint64_t owner)
{
	fd_give(fd, owner);
	(void)close(fd);
}

/*
 * Close owner's probe socket, which may be connected, without leaving a
 * TIME_WAIT behind.
 */
void
close_abort(int fd, uint64_t owner)
{
	struct linger lg = { 1, 0 };

	fd_give(fd, owner);
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	(void)close(fd);
}

/*
 * A settled UDP probe's socket: keep it to probe the same address again
 * (its source address and port stay those of that route), or close it.
 */
void
pool_put(struct worker *wk, int fd, uint64_t probe, size_t ai)
{
	if (fd == -1)		/* scan_udp_start closed it already */
		return;
	if (wk->pool_n == UDP_POOL) {
		probe_close(fd, probe);
		return;
	}
	fd_give(fd, probe);
	fd_own(fd, OWNER_POOL);
	wk->pool_fd[wk->pool_n] = fd;
	wk->pool_ai[wk->pool_n++] = ai;
}

/* A kept socket that probed address ai, or -1. */
int
pool_take(struct worker *wk, size_t ai)
{
	int i, fd;

	for (i = wk->pool_n - 1; i >= 0; i--) {
		if (wk->pool_ai[i] != ai)
			continue;
		fd = wk->pool_fd[i];
		wk->pool_fd[i] = wk->pool_fd[--wk->pool_n];
		wk->pool_ai[i] = wk->pool_ai[wk->pool_n];
		return fd;
	}
	/* another address's: make room for this one's */
	if (wk->pool_n == UDP_POOL)
		probe_close(wk->pool_fd[--wk->pool_n], OWNER_POOL);
	return -1;
}

void
pool_drop(struct worker *wk)
{
	while (wk->pool_n > 0)
		probe_close(wk->pool_fd[--wk->pool_n], OWNER_POOL);
}
