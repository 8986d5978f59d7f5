/* Unit tests for the awake-or-asleep choice of util/spin.c. */
#include "tap.h"
#include "util/spin.h"

/* n waits of us each, counted the way s is waiting now */
static void
feed(struct spin *s, int n, long long awake_us, long long asleep_us)
{
	while (n-- > 0)
		spin_measured(s, s->on ? awake_us : asleep_us);
}

int
main(void)
{
	struct spin s;

	spin_init(&s);
	s.can = 1;		/* the test machine may have one CPU */
	s.on = 1;
	ok(s.on, "starts awake, to measure that first");
	feed(&s, 31, 20, 60);
	ok(s.on, "31 waits: still measuring awake");
	feed(&s, 1, 20, 60);
	ok(!s.on, "after 32 awake, 32 asleep are measured");
	feed(&s, 32, 20, 60);
	ok(s.on, "awake was faster by more than a tenth: it stays awake");
	is_int((int)s.avg[1], 20, "the awake average kept");
	is_int((int)s.avg[0], 60, "the asleep average kept");
	feed(&s, 1023, 20, 60);
	ok(s.on, "for 1024 waits");
	feed(&s, 1, 20, 60);
	ok(s.on, "then measured again, awake first");

	/* asleep is faster now (a busy machine): the next choice sleeps */
	feed(&s, 32, 80, 30);
	ok(!s.on, "32 awake measured, now asleep");
	feed(&s, 32, 80, 30);
	ok(!s.on, "asleep was faster: it sleeps");

	/* within a tenth: sleeping wins, it costs no CPU */
	feed(&s, 1024, 80, 30);
	feed(&s, 32, 95, 100);
	feed(&s, 32, 95, 100);
	ok(!s.on, "awake faster by less than a tenth: asleep");

	/* a long wait counts as 2 ms, so one idle pause cannot decide */
	feed(&s, 1024, 0, 0);
	feed(&s, 31, 10, 10);
	spin_measured(&s, 1000000);
	is_int((int)s.avg[1], (31 * 10 + 2000) / 32, "a wait over 2 ms counts as 2 ms");

	/* one CPU: never awake, nothing counted */
	spin_init(&s);
	s.can = 0;
	s.on = 0;
	feed(&s, 5000, 1, 100);
	ok(!s.on, "one CPU: never spins");
	return tap_done();
}
