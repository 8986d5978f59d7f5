/*
 * http/wait.c: how the engine's loop waits for its connections.
 *
 * A process that sleeps in poll(2) is woken by an interrupt from the
 * CPU the answer came in on, which on a virtual machine can cost more
 * than a small answer takes; util/spin.c measures both ways and says
 * which.  Only a wait for an answer to a request that went out is
 * measured or spun: a slow server is waited for asleep.
 */
#include <poll.h>
#include <unistd.h>

#include "http/engine.h"
#include "http/engine_int.h"
#include "util/clock.h"
#include "util/spin.h"

void
wait_init(struct httpm *m)
{
	spin_init(&m->spin);
}

/* Awake for an answer, up to SPIN_US.  poll's count, 0 for none. */
static int
spin(struct httpm *m, int nfd, long long t0)
{
	int n;

	do
		n = poll(m->pfd, (nfds_t)nfd, 0);
	while (n == 0 && mono_us() - t0 < SPIN_US);
	return n;
}

int
wait_for(struct httpm *m, int nfd, int wait)
{
	long long t0 = mono_us();
	int n = 0, timed = m->awaiting && wait != 0;
	int spun = timed && m->spin.on;

	if (spun && (n = spin(m, nfd, t0)) != 0) {
		if (n > 0)
			spin_measured(&m->spin, mono_us() - t0);
		return n;
	}
	/*
	 * the caller's output goes before the loop sleeps, not while there
	 * is more to do: so a fast run writes it in large pieces, and no
	 * timer wakes the loop for it
	 */
	if (wait != 0 && m->h.pending != NULL && m->h.pending(m->h.arg)) {
		if (!spun && (n = poll(m->pfd, (nfds_t)nfd, 0)) != 0) {
			if (n > 0 && timed)
				spin_measured(&m->spin, mono_us() - t0);
			return n;
		}
		if (m->h.idle != NULL)
			m->h.idle(m->h.arg);
	}
	if ((n = poll(m->pfd, (nfds_t)nfd, wait)) > 0 && timed)
		spin_measured(&m->spin, mono_us() - t0);
	return n;
}
