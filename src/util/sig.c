/*
 * util/sig.c: SIGINT and SIGTERM caught into a flag (sig.h).
 */
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "util/sig.h"

static volatile sig_atomic_t *stop_flag;

static void
on_stop(int sig)
{
	*stop_flag = sig;
}

/*
 * Catch SIGINT and SIGTERM into *flag; they stay caught to the end, so
 * that no signal cuts the last stdio flush short.  A signal the caller
 * ignored (SIGINT in a background job, say) stays ignored.  SA_RESTART:
 * a write to stdout failing with EINTR would lose what stdio had
 * buffered, while poll, where an engine waits, fails with EINTR anyway.
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
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_IGN))
			(void)sigaction(sigs[i], &sa, NULL);
}
