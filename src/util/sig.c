/*
 * util/sig.c: SIGINT and SIGTERM caught into a flag (sig.h).
 */
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "util/sig.h"

static volatile sig_atomic_t *stop_flag;
static volatile sig_atomic_t grace_sig;
static volatile sig_atomic_t noted_sig;

void
sig_noted(int sig)
{
	noted_sig = sig;
}

int
sig_stopping(void)
{
	return noted_sig;
}
static int stop_pipe[2] = { -1, -1 };

/* The grace is over: end as the stop signal itself would have. */
static void
on_late(int unused)
{
	sigset_t set;

	(void)unused;
	(void)signal(grace_sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, grace_sig);
	(void)sigprocmask(SIG_UNBLOCK, &set, NULL);
	(void)raise(grace_sig);
	_exit(128 + grace_sig);
}

/*
 * From a stop signal's handler: end the process by sig if it has not
 * ended within SIG_GRACE_MS.  The first signal starts the time; SIGALRM
 * is the clock (no other part of sockt uses it).
 */
void
sig_grace(int sig)
{
	struct itimerval it;
	struct sigaction sa;

	noted_sig = sig;
	if (grace_sig != 0)
		return;
	grace_sig = sig;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_late;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGALRM, &sa, NULL);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = SIG_GRACE_MS * 1000L;
	(void)setitimer(ITIMER_REAL, &it, NULL);
}

int
sig_let_in(const sigset_t *waitmask)
{
	sigset_t pend, old;
	int s, any = 0;

	if (sigpending(&pend) == -1)
		return 0;
	for (s = 1; s < 32 && !any; s++)
		any = sigismember(&pend, s) == 1 &&
		    sigismember(waitmask, s) == 0;
	if (!any)
		return 0;
	(void)sigprocmask(SIG_SETMASK, waitmask, &old);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	return 1;
}

static void
on_stop(int sig)
{
	int save = errno;

	*stop_flag = sig;
	sig_grace(sig);
	/* a poll that had not begun when the flag was set sees this */
	if (stop_pipe[1] != -1)
		(void)write(stop_pipe[1], "", 1);
	errno = save;
}

int
sig_stop_fd(void)
{
	int i;

	if (stop_pipe[0] != -1)
		return stop_pipe[0];
	if (pipe(stop_pipe) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		(void)fcntl(stop_pipe[i], F_SETFD, FD_CLOEXEC);
		(void)fcntl(stop_pipe[i], F_SETFL, O_NONBLOCK);
	}
	return stop_pipe[0];
}

/*
 * Catch SIGINT and SIGTERM into *flag; they stay caught to the end, so
 * that no signal cuts the last stdio flush short.  A signal the caller
 * ignored (SIGINT in a background job, say) stays ignored.  SA_RESTART:
 * a write to stdout failing with EINTR would lose what stdio had
 * buffered, while poll, where an engine waits, fails with EINTR anyway.
 * Not once the self-pipe is made: its engine writes with write(2), and
 * one blocked on a descriptor nobody reads must see EINTR and the pipe.
 */
void
sig_stop_catch(volatile sig_atomic_t *flag)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa, old;
	size_t i;

	stop_flag = flag;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sa.sa_flags = stop_pipe[0] != -1 ? 0 : SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_IGN))
			(void)sigaction(sigs[i], &sa, NULL);
}
