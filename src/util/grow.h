/*
 * util/grow.h: room for one more element in an array that doubles as it
 * fills, the one growth rule of the parsers' lists; and such an array,
 * or any block, given back and forgotten.  Pure: no I/O.
 *
 * grow: make *v (of *cap elements of size bytes, n of them used) hold at
 * least n + 1, doubling *cap (16 at first).  Returns 0, or -1 with errno
 * ENOMEM (*v and *cap as they were, still to free).
 * grow_to: the same for room for need elements in all (a byte buffer's
 * next n bytes), doubling as often as it takes.
 * GROW(v, n, cap): grow for the array v, its count n and capacity cap.
 * grow_free: each of the *n elements of *v (size bytes each) handed to
 * elem_free (what an element holds: a string, a descriptor; NULL for
 * nothing), then *v freed and forgotten: *v NULL, *n and *cap 0, so the
 * array may grow again or be freed again.
 * GROW_FREE(v, n, cap, elem_free): grow_free for the array v, n and cap.
 * FREE_NULL(p): free(p), and p NULL, so a second free is harmless.
 */
#ifndef GROW_H
#define GROW_H

#include <stddef.h>
#include <stdlib.h>	/* free, for FREE_NULL */

#define GROW(v, n, cap)	grow((void **)&(v), (n), &(cap), sizeof(*(v)))
#define GROW_FREE(v, n, cap, elem_free) \
	grow_free((void **)&(v), &(n), &(cap), sizeof(*(v)), (elem_free))
#define FREE_NULL(p)	do { free(p); (p) = NULL; } while (0)

int	grow(void **v, size_t n, size_t *cap, size_t size);
int	grow_to(void **v, size_t need, size_t *cap, size_t size);
void	grow_free(void **v, size_t *n, size_t *cap, size_t size,
	    void (*elem_free)(void *));

#endif /* GROW_H */
