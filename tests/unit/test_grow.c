/*
 * Unit tests for the growing arrays (util/grow.c): room doubles from 16,
 * a byte buffer grows to what it needs, and an array is given back with
 * what each element holds, forgotten, ready to grow or be freed again.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "util/grow.h"

struct item {
	char	*s;
	int	 id;
};

static int dropped, idsum;

static void
item_drop(void *p)
{
	struct item *it = p;

	free(it->s);
	dropped++;
	idsum += it->id;
}

int
main(void)
{
	struct item *v = NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0, bcap = 0;
	int i, fine = 1;

	for (i = 0; i < 40; i++) {
		if (GROW(v, n, cap) == -1) {
			fine = 0;
			break;
		}
		v[n].s = malloc(8);
		v[n].id = i;
		n++;
	}
	ok(fine, "40 elements, one at a time");
	is_int(cap, 64, "room doubled from 16: 16, 32, 64");
	is_int(grow_to((void **)&buf, 100, &bcap, 1), 0, "a buffer of 100 "
	    "bytes");
	is_int(bcap, 128, "... room of 128");
	is_int(grow_to((void **)&buf, 50, &bcap, 1), 0, "less than it has: "
	    "nothing to do");
	is_int(bcap, 128, "... the same room");
	errno = 0;
	is_int(grow_to((void **)&buf, SIZE_MAX, &bcap, 1), -1,
	    "SIZE_MAX bytes: refused");
	ok(errno == ENOMEM && bcap == 128 && buf != NULL, "... ENOMEM, the "
	    "buffer as it was");

	GROW_FREE(v, n, cap, item_drop);
	is_int(dropped, 40, "grow_free: every element dropped");
	is_int(idsum, 39 * 40 / 2, "... each once");
	ok(v == NULL && n == 0 && cap == 0, "... the array forgotten");
	GROW_FREE(v, n, cap, item_drop);
	is_int(dropped, 40, "... and freed again: nothing to drop");
	ok(GROW(v, n, cap) == 0 && cap == 16, "... it grows again");
	GROW_FREE(v, n, cap, NULL);
	ok(v == NULL && n == 0 && cap == 0, "no drop: the array alone");

	FREE_NULL(buf);
	ok(buf == NULL, "FREE_NULL: freed and forgotten");
	FREE_NULL(buf);
	ok(buf == NULL, "... twice is harmless");
	return tap_done();
}
