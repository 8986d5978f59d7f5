/*
 * grow.c: an array's room doubled as it fills.  See grow.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/grow.h"

int
grow(void **v, size_t n, size_t *cap, size_t size)
{
	void *nv;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 16;
	if (nc > SIZE_MAX / size || (nv = realloc(*v, nc * size)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	*v = nv;
	*cap = nc;
	return 0;
}
