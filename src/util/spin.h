/*
 * spin.h: whether a loop should wait for its next event awake (polling
 * without sleeping, SPIN_US at most) or asleep, chosen by measuring
 * both.  A process asleep in poll(2) is woken by an interrupt from
 * another CPU, and on a virtual machine that wake-up can cost more than
 * the answer it waited for; awake, it holds a CPU that the peer or other
 * work may need.  So the caller counts its waits: PROBE awake, PROBE
 * asleep, then STAY the way that was faster by a tenth, and again.  One
 * CPU is never spun on.  Used by http/wait.c and net/udpfwd.c.  Core.
 */
#ifndef SPIN_H
#define SPIN_H

#define SPIN_US		100	/* an event awaited awake for so long */

struct spin {
	int		 can;		/* more than one CPU */
	int		 on;		/* spin now */
	int		 step;		/* probing one way, the other, or not */
	int		 n;		/* waits in this step */
	long long	 sum;		/* their lengths, us */
	long long	 avg[2];	/* the wait asleep [0], awake [1] */
};

void	spin_init(struct spin *s);
/* A wait that ended with an event us after it began, counted. */
void	spin_measured(struct spin *s, long long us);

#endif /* SPIN_H */
