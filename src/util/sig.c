/*
 * util/sig.c: SIGINT and SIGTERM caught into a flag (sig.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "util/sig.h"

static volatile sig_atomic_t *stop_flag;
static int stop_pipe[2] = { -1, -1 };

static void
on_stop(int sig)
{
	int save = errno;

	*stop_flag = sig;
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
