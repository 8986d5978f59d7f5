/*
 * fuzz_zorder.c: the URL-order books of http-get -Z fed completion
 * orders the input chooses.  The input's first byte is the URL count;
 * each byte after it ends (or, with the top bit, skips) one URL still
 * running, picked by its value, with the status its low bits give.  At
 * every step, what is released must be exactly the next URLs in order
 * that have ended, each once; the status must be the first failure in
 * URL order among those ended; and at the end every URL is released.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/zorder.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zorder z;
	int ended[256], released[256], status[256];
	int n, i, j, k, next = 0, left, want;
	size_t p;

	if (size < 1)
		return 0;
	n = data[0];
	if (zorder_init(&z, n) == -1)
		abort();
	memset(ended, 0, sizeof(ended));
	memset(released, 0, sizeof(released));
	left = n;
	for (p = 1; p <= size && left > 0; p++) {
		/* past the input: end the rest in order, so all end */
		unsigned b = p < size ? data[p] : 0;

		k = (int)(b & 0x7f) % left;
		for (i = 0, j = -1; i < n; i++)
			if (!ended[i] && k-- == 0) {
				j = i;
				break;
			}
		if (j == -1)
			abort();
		status[j] = (b & 0x80) ? 0 : (int)(b % 3);
		if (((b & 0x80) ? zorder_skip(&z, j) : zorder_end(&z, j,
		    status[j])) == -1)
			abort();
		if (zorder_end(&z, j, 0) != -1)
			abort();	/* twice */
		ended[j] = 1;
		left--;
		/* released: exactly the ended run from next on */
		while (next < n && ended[next]) {
			if (zorder_release(&z) != next || released[next])
				abort();
			released[next++] = 1;
		}
		if (zorder_release(&z) != -1)
			abort();
		if (zorder_due(&z) != (next < n ? next : -1))
			abort();
		for (i = 0, want = 0; i < n; i++)
			if (ended[i] && status[i] != 0) {
				want = status[i];
				break;
			}
		if (zorder_status(&z) != want)
			abort();
		if (p == size)
			p--;	/* keep ending the rest with byte 0 */
	}
	if (next != n || zorder_due(&z) != -1)
		abort();
	zorder_free(&z);
	return 0;
}
