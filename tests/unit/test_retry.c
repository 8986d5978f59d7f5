/* Unit tests for the retry policy of http-get (src/retry.c). */
#include "parse/retry.h"
#include "tap.h"

int
main(void)
{
	struct retry_opts o = { 3, 0, 0, 0 };
	struct retry_state st;
	long long w = -1;
	int i;

	/* the default backoff: 1 s, doubling; three tries, then no more */
	retry_init(&st, 1000);
	ok(retry_plan(&o, &st, 1000, -1, &w) == RETRY_GO && w == 1000,
	    "first retry after 1 s");
	retry_take(&o, &st);
	ok(retry_plan(&o, &st, 2000, -1, &w) == RETRY_GO && w == 2000,
	    "second after 2 s");
	retry_take(&o, &st);
	ok(retry_plan(&o, &st, 4000, -1, &w) == RETRY_GO && w == 4000,
	    "third after 4 s");
	retry_take(&o, &st);
	is_int(retry_plan(&o, &st, 8000, -1, &w), RETRY_NONE_LEFT,
	    "no fourth with --retry 3");
	is_int((int)w, 0, "... and no wait");
	ok(retry_plan(&o, &st, 8000, 5000, &w) == RETRY_NONE_LEFT,
	    "... whatever Retry-After says");

	/* capped at 10 minutes */
	o.max = 100;
	retry_init(&st, 0);
	for (i = 0; i < 20; i++)
		retry_take(&o, &st);
	ok(retry_plan(&o, &st, 0, -1, &w) == RETRY_GO && w == RETRY_CAP_MS,
	    "backoff capped at 10 min");

	/* --retry 0: never */
	o.max = 0;
	retry_init(&st, 0);
	is_int(retry_plan(&o, &st, 0, -1, &w), RETRY_NONE_LEFT,
	    "--retry 0 never retries");

	/* --retry-delay: fixed, no doubling; Retry-After wins when longer */
	o.max = 5;
	o.delay_ms = 3000;
	retry_init(&st, 0);
	retry_take(&o, &st);
	retry_take(&o, &st);
	ok(retry_plan(&o, &st, 0, -1, &w) == RETRY_GO && w == 3000,
	    "--retry-delay stays put");
	ok(retry_plan(&o, &st, 0, 1000, &w) == RETRY_GO && w == 3000,
	    "a shorter Retry-After loses to --retry-delay");
	ok(retry_plan(&o, &st, 0, 7000, &w) == RETRY_GO && w == 7000,
	    "a longer Retry-After wins");
	ok(retry_plan(&o, &st, 0, 0, &w) == RETRY_GO && w == 3000,
	    "Retry-After: 0 leaves the delay");

	/* --retry-max-time: no wait ends past it */
	o.delay_ms = 1000;
	o.max_time_ms = 2500;
	retry_init(&st, 10000);
	ok(retry_plan(&o, &st, 10000, -1, &w) == RETRY_GO && w == 1000,
	    "within --retry-max-time");
	ok(retry_plan(&o, &st, 11500, -1, &w) == RETRY_GO && w == 1000,
	    "a wait ending right at the limit is fine");
	is_int(retry_plan(&o, &st, 11501, -1, &w), RETRY_TIME_UP,
	    "a wait ending past it is not");
	is_int(retry_plan(&o, &st, 12500, -1, &w), RETRY_TIME_UP,
	    "at the limit: none");
	is_int(retry_plan(&o, &st, 10000, 3000, &w), RETRY_TIME_UP,
	    "a Retry-After past the limit: none (curl's rule)");

	/* the statuses */
	ok(retry_status(408) && retry_status(429) && retry_status(500) &&
	    retry_status(502) && retry_status(503) && retry_status(504),
	    "408 429 500 502 503 504 retried");
	ok(!retry_status(200) && !retry_status(404) && !retry_status(501) &&
	    !retry_status(505) && !retry_status(0) && !retry_status(999),
	    "others not");
	{
		char b[32];

		retry_secs(2000, b, sizeof(b));
		is_str(b, "2 s", "whole seconds");
		retry_secs(250, b, sizeof(b));
		is_str(b, "0.25 s", "a fraction");
		retry_secs(600000, b, sizeof(b));
		is_str(b, "600 s", "ten minutes");
		retry_secs(1001, b, sizeof(b));
		is_str(b, "1.001 s", "a millisecond");
	}
	return tap_done();
}
