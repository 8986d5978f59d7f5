/*
 * sig.h: sig_stop_catch has SIGINT and SIGTERM set *flag to the
 * signal's number, so a long run (portscan's scan) stops cleanly at its
 * next look; they stay caught until the process ends.  sig_stop_fd:
 * besides, a descriptor that becomes readable at such a signal (a
 * self-pipe), for an engine that waits in poll; -1 with errno.  Made
 * before sig_stop_catch, the signals then interrupt a blocked call
 * (EINTR, no SA_RESTART) for the engine to look at it.  Core.
 */
#ifndef SIG_H
#define SIG_H

#include <signal.h>

void	sig_stop_catch(volatile sig_atomic_t *flag);
int	sig_stop_fd(void);

#endif /* SIG_H */
