/*
 * util/grow.h: room for one more element in an array that doubles as it
 * fills, the one growth rule of the parsers' lists.  Pure: no I/O.
 *
 * grow: make *v (of *cap elements of size bytes, n of them used) hold at
 * least n + 1, doubling *cap (16 at first).  Returns 0, or -1 with errno
 * ENOMEM (*v and *cap as they were, still to free).
 * grow_to: the same for room for need elements in all (a byte buffer's
 * next n bytes), doubling as often as it takes.
 * GROW(v, n, cap): grow for the array v, its count n and capacity cap.
 */
#ifndef GROW_H
#define GROW_H

#include <stddef.h>

#define GROW(v, n, cap)	grow((void **)&(v), (n), &(cap), sizeof(*(v)))

int	grow(void **v, size_t n, size_t *cap, size_t size);
int	grow_to(void **v, size_t need, size_t *cap, size_t size);

#endif /* GROW_H */
