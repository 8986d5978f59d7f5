/*
 * test_rate.c: the sweep's own rate (src/scan/rate.c, issue 62), driven
 * with made-up times: no cap while nothing is lost; a silence among
 * answers caps it at half the answers a second delivered; a proven loss
 * of a try sent since the last cut cuts it by 1/8, one sent before
 * does not; silence beyond what down hosts explain cuts it; the pacer
 * spaces probes and grows the rate while it holds them back; --min-rate
 * bounds it; --rate fixes it and counts losses; a try sent before a cut
 * doubted.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "scan/rate.h"
#include "tap.h"

#define MS	1000LL

/* n answers to first tries of n hosts, spread over [t, t + span) */
static void
answers(struct scan_rate *r, int n, int64_t t, int64_t span)
{
	int i;

	r->hosts += (uint64_t)n;
	r->hosts_up += (uint64_t)n;
	for (i = 0; i < n; i++)
		scan_rate_answer(r, 0, t, 0, t + span * i / n);
}

static void
test_uncapped(void)
{
	struct scan_rate r;
	int i;

	scan_rate_init(&r, 0, 0, 0);
	answers(&r, 100, 1000 * MS, 100 * MS);
	ok(r.rate == 0 && scan_rate_wait(&r, 1100 * MS) == 0,
	    "no loss: no cap, no wait");
	/* a sparse sweep: 1 host in 50 up, no cap */
	scan_rate_init(&r, 0, 0, 0);
	answers(&r, 20, 1000 * MS, 100 * MS);
	r.hosts += 980;
	for (i = 0; i < 980; i++)
		scan_rate_silent(&r, 0, 1000 * MS, 1300 * MS, 0);
	ok(r.rate == 0, "1 host in 50 up: silence is no loss");
	/* a host that answered: its silences are its window's */
	scan_rate_init(&r, 0, 0, 0);
	answers(&r, 100, 1000 * MS, 100 * MS);
	scan_rate_silent(&r, 0, 1000 * MS, 1300 * MS, 1);
	ok(r.rate == 0, "a silence of a host up: no cap");
}

static void
test_silence(void)
{
	struct scan_rate r;

	scan_rate_init(&r, 0, 0, 0);
	/* 200 answers in 100 ms: 2000 a second delivered */
	answers(&r, 200, 1000 * MS, 100 * MS);
	scan_rate_silent(&r, 0, 1000 * MS, 1250 * MS, 0);
	ok(fabs(r.rate - 1000) < 1e-9 && r.cuts == 1,
	    "a silence among answers: half the delivered rate");
	ok(scan_rate_doubt(&r, 1000 * MS) && !scan_rate_doubt(&r, 1250 * MS),
	    "a try sent before the cut is doubted, one after not");
}

static void
test_loss(void)
{
	struct scan_rate r;
	double v;

	scan_rate_init(&r, 0, 0, 0);
	answers(&r, 200, 1000 * MS, 100 * MS);
	/* a retry answered: its first try lost, uncapped: delivered / 2 */
	scan_rate_answer(&r, 1, 1300 * MS, 1000 * MS, 1310 * MS);
	ok(fabs(r.rate - 1000) < 1e-9 && r.lost == 1, "a proven loss caps");
	/* a loss of a try sent before the cut: no second cut */
	scan_rate_answer(&r, 1, 1305 * MS, 1001 * MS, 1320 * MS);
	ok(r.cuts == 1 && r.lost == 2, "a loss from before the cut: counted, "
	    "no cut");
	/* one sent after: cut by 1/8 */
	v = r.rate;
	scan_rate_answer(&r, 2, 1700 * MS, 1400 * MS, 1710 * MS);
	ok(fabs(r.rate - v * 7 / 8) < 1e-9 && r.cuts == 2 && r.lost == 4,
	    "a loss since the cut: 7/8");
	ok(fabs(scan_rate_loss(&r) - 4.0 / 207) < 1e-9,
	    "the loss: tries lost of those known");
}

static void
test_pacer(void)
{
	struct scan_rate r;
	int64_t t = 2000 * MS, w;
	double v;
	int i, sent = 0;

	scan_rate_init(&r, 0, 0, 0);
	answers(&r, 200, 1000 * MS, 100 * MS);
	scan_rate_silent(&r, 0, 1000 * MS, t, 0);	/* 1000 a second */
	/* a second of a sender as fast as it can: the pacer's count */
	v = r.rate;
	while (t < 2100 * MS) {
		if ((w = scan_rate_wait(&r, t)) > 0) {
			t += w;
			continue;
		}
		scan_rate_sent(&r, t);
		sent++;
	}
	ok(sent >= 100 && sent <= 104, "1000 a second: about 100 in 100 ms");
	(void)scan_rate_wait(&r, t + 1);
	ok(r.rate > v && fabs(r.rate - v * 33 / 32) < 1e-6,
	    "held back for 100 ms: 1/32 more");
	/* an idle sender (the pacer never held a probe) does not grow it */
	v = r.rate;
	(void)scan_rate_wait(&r, t + 5000 * MS);
	(void)scan_rate_wait(&r, t + 5200 * MS);
	ok(r.rate == v, "idle: no growth");
	/* min bounds a cut */
	scan_rate_init(&r, 0, 1500, 0);
	answers(&r, 200, 1000 * MS, 100 * MS);
	scan_rate_silent(&r, 0, 1000 * MS, 1250 * MS, 0);
	ok(r.rate == 1500, "--min-rate: no cut below it");
	for (i = 0; i < 1000; i++)
		scan_rate_sent(&r, 3000 * MS);
	ok(scan_rate_wait(&r, 3000 * MS) > 0, "a burst past the credit waits");
}

static void
test_fixed(void)
{
	struct scan_rate r;

	scan_rate_init(&r, 5000, 0, 0);
	answers(&r, 200, 1000 * MS, 100 * MS);
	scan_rate_answer(&r, 1, 1300 * MS, 1000 * MS, 1310 * MS);
	scan_rate_silent(&r, 0, 1000 * MS, 1320 * MS, 0);
	ok(r.rate == 0 && r.cuts == 0 && r.lost == 1 &&
	    !scan_rate_doubt(&r, 0), "--rate: never moved, losses counted");
	ok(r.carried >= 1000, "what the path carried, for the warning");
}

static void
test_excess(void)
{
	struct scan_rate r;
	int i;

	scan_rate_init(&r, 0, 0, 0);
	answers(&r, 200, 1000 * MS, 100 * MS);
	scan_rate_silent(&r, 0, 1000 * MS, 1250 * MS, 0);
	/* since the cut: 100 answered, 10 silent: down hosts, no cut */
	answers(&r, 100, 1300 * MS, 100 * MS);
	for (i = 0; i < 20; i++)
		scan_rate_silent(&r, 1, 1300 * MS, 1600 * MS, 0);
	ok(r.cuts == 1, "a few silent since the cut: no cut");
	/* 40 more silent: beyond 1 in 4 of the answers, a cut */
	for (i = 0; i < 20; i++)
		scan_rate_silent(&r, 1, 1300 * MS, 1600 * MS, 0);
	ok(r.cuts == 2 && r.s_cut == 0, "silence beyond 1 in 4: a cut");
	/* down hosts explain silence: 300 silent of 300 answered */
	for (i = 0; i < 300; i++)
		scan_rate_dead(&r);
	answers(&r, 100, 1700 * MS, 100 * MS);
	for (i = 0; i < 60; i++)
		scan_rate_silent(&r, 1, 1700 * MS, 2000 * MS, 0);
	ok(r.cuts == 2, "silence the down hosts explain: no cut");
	ok(scan_rate_doubt(&r, 1500 * MS) && !scan_rate_doubt(&r, 1700 * MS),
	    "doubted: a try sent before the last cut");
	/* the sweep's tail: only down hosts' tries left, no answer */
	scan_rate_init(&r, 0, 0, 0);
	answers(&r, 200, 1000 * MS, 100 * MS);
	scan_rate_silent(&r, 0, 1000 * MS, 1250 * MS, 0);
	for (i = 0; i < 100; i++)
		scan_rate_silent(&r, 1, 1300 * MS, 1700 * MS, 0);
	ok(r.cuts == 1, "silence with no answer to compare: no cut");
}

int
main(void)
{
	test_uncapped();
	test_silence();
	test_loss();
	test_pacer();
	test_fixed();
	test_excess();
	return tap_done();
}
