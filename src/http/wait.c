/*
 * http/wait.c: how the engine's loop waits for its connections.
 *
 * A process that sleeps in poll(2) is woken by an interrupt from the
 * CPU the answer came in on, and on a virtual machine that costs more
 * than a small answer takes: one at a time, 2,000 small files from
 * nginx on loopback took 65 us each sleeping, 34 us each when the
 * client asked poll without waiting until the answer was there (curl
 * takes 92 us; a minimal blocking client in C 60 us).  But awake, the
 * client holds a CPU that the server, or other work, may need: on a
 * machine whose CPUs are all busy the same files took 26 us sleeping
 * and 40 us awake.  So the engine measures both: it waits PROBE answers
 * awake (for at most SPIN_US each, then asleep), PROBE asleep, and then
 * STAY answers the way that was faster by a tenth, and measures again.
 * A slow server (answers past SPIN_US) is waited for asleep, as the
 * spin gains nothing there; one CPU is never spun on.  Only a wait for
 * an answer to a request that went out is measured or spun.
 */
#include <poll.h>
#include <unistd.h>

#include "http/engine.h"
#include "http/engine_int.h"
#include "util/clock.h"

#define SPIN_US		100	/* an answer awaited awake for so long */
#define PROBE		32	/* answers measured each way */
#define STAY		1024	/* answers waited for the way chosen */
#define SAMPLE_MAX	2000	/* us: a longer wait counts as so long */

void
wait_init(struct httpm *m)
{
#ifdef _SC_NPROCESSORS_ONLN
	m->spin.can = sysconf(_SC_NPROCESSORS_ONLN) > 1;
#endif
	m->spin.on = m->spin.can;
}

/*
 * An answer came us after the wait began: counted for the way waited.
 * After PROBE of each way, the faster by a tenth is kept for STAY.
 */
static void
measured(struct httpm *m, long long us)
{
	if (!m->spin.can)
		return;
	m->spin.sum += us < SAMPLE_MAX ? us : SAMPLE_MAX;
	if (++m->spin.n < (m->spin.step < 2 ? PROBE : STAY))
		return;
	if (m->spin.step < 2)
		m->spin.avg[m->spin.on] = m->spin.sum / m->spin.n;
	m->spin.step = (m->spin.step + 1) % 3;
	m->spin.n = 0;
	m->spin.sum = 0;
	if (m->spin.step == 0)
		m->spin.on = 1;		/* measure again, awake first */
	else if (m->spin.step == 1)
		m->spin.on = 0;
	else
		m->spin.on = m->spin.avg[1] * 10 < m->spin.avg[0] * 9;
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
			measured(m, mono_us() - t0);
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
				measured(m, mono_us() - t0);
			return n;
		}
		if (m->h.idle != NULL)
			m->h.idle(m->h.arg);
	}
	if ((n = poll(m->pfd, (nfds_t)nfd, wait)) > 0 && timed)
		measured(m, mono_us() - t0);
	return n;
}
