/*
 * sig.h: sig_stop_catch has SIGINT and SIGTERM set *flag to the
 * signal's number, so a long run (portscan's scan) stops cleanly at its
 * next look; they stay caught until the process ends.  sig_stop_fd:
 * besides, a descriptor that becomes readable at such a signal (a
 * self-pipe), for an engine that waits in poll; -1 with errno.  Made
 * before sig_stop_catch, the signals then interrupt a blocked call
 * (EINTR, no SA_RESTART) for the engine to look at it.
 *
 * Whatever the process is doing, such a signal ends it within a second:
 * the flag set, it has SIG_GRACE_MS to stop cleanly, then the signal's
 * own default action ends it (a write to a reader that never reads,
 * restarted after the handler, would otherwise wait for ever).
 *
 * sig_noted(sig): from a stop signal's handler of any kind (a server's
 * own too), the process is stopping; sig_stopping() says so (the
 * signal's number, or 0) to what must not wait for ever then: a
 * diagnostic to a stderr nobody reads is dropped rather than hang a
 * server whose handler only sets a flag.
 *
 * sig_let_in(waitmask): for a loop that keeps its signals blocked but
 * while it waits (ppoll, epoll_pwait) and may never wait, busy: when a
 * signal that waitmask lets in is pending, let it in for a moment, so
 * that its handler runs now.  Returns 1 when one did, else 0.  Core.
 */
#ifndef SIG_H
#define SIG_H

#include <signal.h>

#define SIG_GRACE_MS	500	/* a stop signal's grace to a clean end */

void	sig_stop_catch(volatile sig_atomic_t *flag);
int	sig_stop_fd(void);
int	sig_let_in(const sigset_t *waitmask);
void	sig_grace(int sig);
void	sig_noted(int sig);
int	sig_stopping(void);

#endif /* SIG_H */
