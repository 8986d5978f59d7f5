/*
 * scan/mark.c: a resumable scan's place, its results put back in order
 * (scan/mark.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "scan/mark.h"

/* Room for place base + k: the ring doubled, its entries laid out anew. */
static int
mark_grow(struct scan_mark *m, uint64_t k)
{
	struct scan_mark_e *v;
	size_t cap = m->cap ? m->cap : 1024, i;

	while ((uint64_t)cap <= k) {
		if (cap > SIZE_MAX / 2 / sizeof(*v)) {
			errno = ENOMEM;
			return -1;
		}
		cap *= 2;
	}
	if ((v = calloc(cap, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++)
		v[i] = m->v[(m->head + i) % m->cap];
	free(m->v);
	m->v = v;
	m->head = 0;
	m->cap = cap;
	return 0;
}

/*
 * Place seq is done; line (allocated, the mark's now) is what it writes,
 * or NULL, tag what the caller counts it as.  A place below base, or
 * done already, is dropped.  Returns 0, or -1 out of memory (line freed).
 */
int
scan_mark_put(struct scan_mark *m, uint64_t seq, char *line, int tag)
{
	struct scan_mark_e *e;
	uint64_t k;

	if (seq < m->base) {
		free(line);
		return 0;
	}
	k = seq - m->base;
	if (k >= m->cap && mark_grow(m, k) == -1) {
		free(line);
		return -1;
	}
	e = &m->v[(m->head + k) % m->cap];
	if (e->done) {
		free(line);
		return 0;
	}
	e->done = 1;
	e->line = line;
	e->tag = tag;
	return 0;
}

/*
 * The next place in order, if it is done: 1 with *line its line (the
 * caller's to free; NULL: nothing to write) and *tag its tag, base moved
 * past it; else 0.
 */
int
scan_mark_pop(struct scan_mark *m, char **line, int *tag)
{
	struct scan_mark_e *e;

	if (m->cap == 0 || !(e = &m->v[m->head])->done)
		return 0;
	*line = e->line;
	*tag = e->tag;
	e->line = NULL;
	e->done = 0;
	m->head = (m->head + 1) % m->cap;
	m->base++;
	return 1;
}

/*
 * The places done after base, not handed back, in order from *pos (0
 * first): 1 with the next's place in *seq, its line in *line (the
 * caller's now) and its tag in *tag, *pos moved past it; 0 at the end.
 */
int
scan_mark_held(struct scan_mark *m, size_t *pos, uint64_t *seq, char **line,
    int *tag)
{
	struct scan_mark_e *e;

	for (; *pos < m->cap; (*pos)++) {
		e = &m->v[(m->head + *pos) % m->cap];
		if (!e->done)
			continue;
		*seq = m->base + *pos;
		*line = e->line;
		*tag = e->tag;
		e->line = NULL;
		(*pos)++;
		return 1;
	}
	return 0;
}

void
scan_mark_free(struct scan_mark *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->v[i].line);
	free(m->v);
	m->v = NULL;
	m->cap = m->head = 0;
}
