/*
 * test_timing.c: the scanner's timing from the path (src/scan/timing.c):
 * the RTT estimator and the time limit it gives (RFC 6298, backoff, the
 * floor and ceiling, the first value), the retries a silent probe gets
 * from the losses a host has shown, the window (slow start, the cuts,
 * a host fallen silent), and nmap's -T levels.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "scan/timing.h"
#include "tap.h"

#define MS	1000LL

static void
test_rtt(void)
{
	struct scan_timing t;
	struct scan_rtt r;
	int i;

	(void)scan_timing_level(3, &t);
	memset(&r, 0, sizeof(r));
	ok(scan_rtt_limit(&r, &t, 0) == 1000 * MS, "no sample: 1 s");
	ok(scan_rtt_limit(&r, &t, 3) == 1000 * MS,
	    "no sample: no backoff either (a dead host is not slowed)");

	/* RFC 6298 2.2: SRTT = R, RTTVAR = R/2 */
	scan_rtt_sample(&r, 200 * MS);
	ok(r.srtt == 200 * MS && r.rttvar == 100 * MS,
	    "first sample: SRTT R, RTTVAR R/2");
	ok(scan_rtt_limit(&r, &t, 0) == 600 * MS, "limit SRTT + 4 RTTVAR");
	/* 2.3: RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|, SRTT = 7/8 + 1/8 */
	scan_rtt_sample(&r, 100 * MS);
	ok(r.rttvar == (3 * 100 * MS + 100 * MS) / 4 &&
	    r.srtt == (7 * 200 * MS + 100 * MS) / 8, "second sample: RFC 6298");

	/* a steady path: SRTT converges, RTTVAR decays, but 4 RTTVAR stays
	 * a quarter of SRTT at least */
	for (i = 0; i < 200; i++)
		scan_rtt_sample(&r, 200 * MS);
	ok(r.srtt > 199 * MS && r.srtt <= 200 * MS, "SRTT converges");
	ok(r.rttvar < 1 * MS, "RTTVAR decays on a steady path");
	ok(scan_rtt_limit(&r, &t, 0) >= 249 * MS &&
	    scan_rtt_limit(&r, &t, 0) <= 251 * MS,
	    "margin: a quarter of SRTT when RTTVAR is near 0");
	ok(scan_rtt_limit(&r, &t, 1) == 2 * scan_rtt_limit(&r, &t, 0),
	    "a retry waits twice as long");
	ok(scan_rtt_limit(&r, &t, 5) == scan_rtt_limit(&r, &t, 1),
	    "backoff capped");

	/* loopback: microseconds, the floor rules */
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 10; i++)
		scan_rtt_sample(&r, 20);
	ok(scan_rtt_limit(&r, &t, 0) == 100 * MS, "loopback: the 100 ms floor");
	ok(scan_rtt_limit(&r, &t, 3) == 100 * MS,
	    "floor after backoff: loopback stays fast");

	/* a huge RTT: the ceiling */
	memset(&r, 0, sizeof(r));
	scan_rtt_sample(&r, 8000 * MS);
	ok(scan_rtt_limit(&r, &t, 0) == 10000 * MS, "the 10 s ceiling");
	(void)scan_timing_level(5, &t);
	ok(scan_rtt_limit(&r, &t, 0) == 300 * MS, "-T5: 300 ms ceiling");

	memset(&r, 0, sizeof(r));
	scan_rtt_sample(&r, -5);
	ok(r.srtt == 0, "a negative sample (a clock step) counts as 0");
}

static void
test_tries(void)
{
	/* no loss: two tries, as nmap's least */
	is_int(scan_tries_needed(1800, 0, 2000, 0, 11), 2,
	    "clean path: one retry");
	is_int(scan_tries_needed(0, 0, 2000, 0, 11), 2,
	    "a host that never answered: one retry");
	/* 1% each way: ~2% a round trip -> 4 tries */
	is_int(scan_tries_needed(1800, 36, 2000, 1, 11), 4,
	    "2% lost: four tries");
	/* 3% each way: ~6% -> 5 tries (2000 * 0.06^5 < 0.005) */
	is_int(scan_tries_needed(1800, 110, 2000, 2, 11), 5,
	    "6% lost: five tries");
	/* 0.1% each way: a few losses -> 3 */
	is_int(scan_tries_needed(1800, 4, 2000, 1, 11), 3,
	    "0.2% lost: three tries");
	/* the cap: --retries */
	is_int(scan_tries_needed(1800, 110, 2000, 2, 3), 3,
	    "--retries 2: three at most");
	is_int(scan_tries_needed(1800, 110, 2000, 2, 1), 1,
	    "--retries 0: one");
	is_int(scan_tries_needed(0, 0, 2000, 0, 1), 1,
	    "--retries 0 without loss: one");
	/* a retry answered at try 4 proves four lost in a row: allow one more */
	is_int(scan_tries_needed(100000, 4, 2, 4, 11), 6,
	    "one more than the last try answered");
	/* few answers: the estimate is not trusted as a large one */
	ok(scan_tries_needed(9, 1, 10, 1, 11) >
	    scan_tries_needed(900, 100, 10, 1, 11),
	    "1 lost of 10 calls for more tries than 100 of 1000");
	/* every probe answered only after a loss: the cap */
	is_int(scan_tries_needed(10, 10, 1000, 1, 11), 11,
	    "half lost: the cap");
}

static void
test_cwnd(void)
{
	struct scan_timing t;
	struct scan_cwnd w;
	double before;
	int i, cut;

	(void)scan_timing_level(3, &t);
	scan_cwnd_init(&w, &t);
	ok(w.cwnd == 256, "-T3: a host's window starts at 256");
	ok(scan_cwnd_room(&w, 255) && !scan_cwnd_room(&w, 256),
	    "room below the window only");
	/* slow start: one more per answer while in flight keeps up */
	for (i = 0; i < 100; i++)
		scan_cwnd_answer(&w, 0, 0, i, 256, 4, 4096, 0);
	ok(w.cwnd == 356, "slow start: +1 an answer");
	/* but not beyond twice what is in flight */
	for (i = 0; i < 1000; i++)
		scan_cwnd_answer(&w, 0, 0, i, 10, 4, 4096, 0);
	ok(w.cwnd == 356, "no growth beyond twice what is in flight");
	scan_cwnd_init(&w, &t);
	for (i = 0; i < 10000; i++)
		scan_cwnd_answer(&w, 0, 0, i, 4000, 4, 4096, 0);
	ok(w.cwnd == 4096, "never beyond the global window");

	/* a loss shown by a retry, few losses: a fifth off */
	scan_cwnd_init(&w, &t);
	scan_cwnd_answer(&w, 1, 1000, 5000, 200, 4, 4096, 0.05);
	ok(fabs(w.cwnd - 256 * 0.8) < 1e-9 && w.cuts == 1,
	    "random loss: cut by a fifth");
	/* the same window's losses cut once */
	scan_cwnd_answer(&w, 1, 2000, 6000, 200, 4, 4096, 0.05);
	ok(w.cuts == 1, "a loss of a try sent before the cut: no new cut");
	scan_cwnd_answer(&w, 1, 7000, 9000, 200, 4, 4096, 0.05);
	ok(w.cuts == 2, "a loss after it: another");
	/* many losses: half of what is in flight */
	scan_cwnd_init(&w, &t);
	scan_cwnd_answer(&w, 1, 1000, 5000, 100, 4, 4096, 0.5);
	ok(w.cwnd == 50.5, "heavy loss: half of what is in flight");
	for (i = 0; i < 20; i++)
		scan_cwnd_answer(&w, 1, 6000 + i * 10000, 10000 + i * 10000,
		    10, 4, 4096, 0.5);
	ok(w.cwnd == 4 && w.low == 4, "never below the least");
	/* congestion avoidance after a cut: slower growth */
	scan_cwnd_init(&w, &t);
	scan_cwnd_answer(&w, 1, 1000, 5000, 300, 4, 4096, 0.05);
	for (i = 0; i < 100; i++)
		scan_cwnd_answer(&w, 0, 0, 6000 + i, 300, 4, 4096, 0.05);
	ok(w.cwnd > 204.8 && w.cwnd < 206, "after a cut: +1 a window");

	/* one that answered and then lets four first tries in a row go */
	scan_cwnd_init(&w, &t);
	for (i = 0; i < 4; i++)
		scan_cwnd_answer(&w, 0, 0, 50 + i, 100, 4, 4096, 0);
	for (i = 0, cut = 0; i < 3; i++)
		cut += scan_cwnd_silence(&w, 100 + i, 1000 + i, 100, 4);
	ok(cut == 0 && w.cuts == 0, "three silent first tries: no cut");
	ok(scan_cwnd_silence(&w, 103, 1003, 100, 4) == 1 &&
	    w.cwnd == 50.5, "the fourth: a hard cut");
	/* an answer between breaks the run */
	scan_cwnd_init(&w, &t);
	for (i = 0, cut = 0; i < 10; i++) {
		cut += scan_cwnd_silence(&w, 100 + i, 1000 + i, 100, 4);
		if (i % 3 == 2)
			scan_cwnd_answer(&w, 0, 0, 1000 + i, 100, 4, 4096, 0);
	}
	ok(cut == 0, "silence among answers: a dropped port, no cut");
	/*
	 * A firewall past a few ports: one cut, then none while nothing
	 * answers (each later silent run would have cut to the least),
	 * and the next only after four answers
	 */
	scan_cwnd_init(&w, &t);
	for (i = 0; i < 10; i++)
		scan_cwnd_answer(&w, 0, 0, 50 + i, 100, 4, 4096, 0);
	before = w.cwnd;
	for (i = 0, cut = 0; i < 400; i++)
		cut += scan_cwnd_silence(&w, 100 + i, 1000 + i, 100, 4);
	ok(cut == 1 && w.cwnd >= 50, "a firewall's silence: one cut, not "
	    "one per four probes");
	ok(scan_cwnd_undo(&w, 900) == 0 && w.cwnd == 50.5,
	    "a probe sent before the cut: nothing undone");
	ok(scan_cwnd_undo(&w, 1100) == 1 && w.cwnd == before &&
	    scan_cwnd_undo(&w, 1200) == 0, "one sent after it, silent too: "
	    "the window back, once");
	for (i = 0; i < 3; i++)
		scan_cwnd_answer(&w, 0, 0, 2000 + i, 100, 4, 4096, 0);
	for (i = 0, cut = 0; i < 8; i++)
		cut += scan_cwnd_silence(&w, 3000 + i, 4000 + i, 100, 4);
	ok(cut == 0, "three answers: not enough to cut again");
	scan_cwnd_answer(&w, 0, 0, 5000, 100, 4, 4096, 0);
	for (i = 0, cut = 0; i < 4; i++)
		cut += scan_cwnd_silence(&w, 6000 + i, 7000 + i, 100, 4);
	ok(cut == 1, "four answers, then silence again: a cut");
	scan_cwnd_answer(&w, 0, 0, 7100, 100, 4, 4096, 0);
	ok(scan_cwnd_undo(&w, 7200) == 0 && w.cwnd < 60,
	    "an answer after a cut proves it: kept");
}

static void
test_levels(void)
{
	struct scan_timing t;

	is_int(scan_timing_word("4"), 4, "-T4");
	is_int(scan_timing_word("insane"), 5, "-T insane");
	is_int(scan_timing_word("paranoid"), 0, "-T paranoid");
	is_int(scan_timing_word("6"), -1, "-T6: none");
	is_int(scan_timing_word("44"), -1, "-T44: none");
	is_int(scan_timing_word("fast"), -1, "-T fast: none");
	ok(scan_timing_level(6, &t) == -1 && scan_timing_level(-1, &t) == -1,
	    "no level 6, no -1");
	(void)scan_timing_level(3, &t);
	ok(t.window == 0 && t.rate == 0 && t.max_retries == 10 &&
	    t.initial_us == 1000 * MS && t.floor_us == 100 * MS,
	    "-T3: the fd window, no pace, 1 s first, 100 ms floor, 10 retries");
	(void)scan_timing_level(4, &t);
	ok(t.ceiling_us == 1250 * MS && t.initial_us == 500 * MS &&
	    t.max_retries == 6, "-T4: nmap's 1.25 s, 500 ms, 6 retries");
	(void)scan_timing_level(5, &t);
	ok(t.floor_us == 50 * MS && t.ceiling_us == 300 * MS &&
	    t.max_retries == 2, "-T5: 50-300 ms, 2 retries");
	(void)scan_timing_level(2, &t);
	ok(t.window == 1 && t.rate == 2.5, "-T2: one at a time, 0.4 s apart");
	(void)scan_timing_level(0, &t);
	ok(t.window == 1 && fabs(t.rate * 300 - 1) < 1e-9,
	    "-T0: one every 5 minutes");
}

int
main(void)
{
	test_rtt();
	test_tries();
	test_cwnd();
	test_levels();
	return tap_done();
}
