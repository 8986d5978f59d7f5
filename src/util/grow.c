/*
 * grow.c: an array's room doubled as it fills, and the array given
 * back.  See grow.h.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/grow.h"

int
grow(void **v, size_t n, size_t *cap, size_t size)
{
	return grow_to(v, n + 1, cap, size);
}

int
grow_to(void **v, size_t need, size_t *cap, size_t size)
{
	void *nv;
	size_t nc;

	if (need <= *cap)
		return 0;
	nc = *cap ? *cap : 16;
	while (nc < need && nc <= SIZE_MAX / 2)
		nc *= 2;
	if (nc < need || nc > SIZE_MAX / size ||
	    (nv = realloc(*v, nc * size)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	*v = nv;
	*cap = nc;
	return 0;
}

void
grow_free(void **v, size_t *n, size_t *cap, size_t size,
    void (*elem_free)(void *))
{
	size_t i;

	if (elem_free != NULL)
		for (i = 0; i < *n; i++)
			elem_free((char *)*v + i * size);
	FREE_NULL(*v);
	*n = *cap = 0;
}
