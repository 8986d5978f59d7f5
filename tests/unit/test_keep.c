/*
 * Unit tests for the results --sort holds back (scan/keep.c): kept with
 * a copy of the banner, put in probe order, freed.
 */
#include <string.h>

#include "scan/keep.h"
#include "tap.h"

int
main(void)
{
	static const uint64_t probes[] = { 7, 2, 300, 0, 2 };
	struct scan_keep k;
	struct scan_result r;
	size_t i;
	int sorted = 1;

	memset(&k, 0, sizeof(k));
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 300; i++) {
		r.probe = i < 5 ? probes[i] : 1000 - i;
		r.state = i == 0 ? SCAN_OPEN : SCAN_CLOSED;
		r.banner_len = i == 0 ? 3 : 0;
		memcpy(r.banner, "SSH", 3);
		if (scan_keep_add(&k, &r) == -1)
			break;
	}
	is_int(k.n, 300, "300 results kept, past the first 256");
	memcpy(r.banner, "xxx", 3);
	ok(k.v[0].blen == 3 && memcmp(k.v[0].banner, "SSH", 3) == 0,
	    "the banner copied");
	ok(k.v[1].banner == NULL && k.v[1].blen == 0, "none without one");
	scan_keep_sort(&k);
	for (i = 1; i < k.n; i++)
		if (k.v[i - 1].probe > k.v[i].probe)
			sorted = 0;
	ok(sorted, "in probe order");
	is_int(k.v[0].probe, 0, "probe 0 first");
	is_int(k.v[k.n - 1].probe, 995, "995 last");
	for (i = 0; i < k.n && k.v[i].probe != 7; i++)
		;
	ok(i < k.n && k.v[i].state == SCAN_OPEN && k.v[i].blen == 3,
	    "probe 7 keeps its state and banner");
	scan_keep_free(&k);
	ok(k.v == NULL && k.n == 0, "freed");
	memset(&k, 0, sizeof(k));
	scan_keep_sort(&k);
	scan_keep_free(&k);
	ok(1, "an empty keep sorts and frees");
	return tap_done();
}
