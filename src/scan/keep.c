/*
 * scan/keep.c: results held back for --sort (scan/keep.h).
 */
#include <stdlib.h>
#include <string.h>

#include "scan/keep.h"
#include "scan/scan.h"

/*
 * Keep a copy of r.  A banner that finds no memory is dropped, the
 * result kept without it.  Returns 0, or -1 out of memory.
 */
int
scan_keep_add(struct scan_keep *k, const struct scan_result *r)
{
	struct scan_kept *ns;

	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 256;

		if ((ns = realloc(k->v, cap * sizeof(*ns))) == NULL)
			return -1;
		k->v = ns;
		k->cap = cap;
	}
	ns = &k->v[k->n];
	ns->probe = r->probe;
	ns->state = r->state;
	ns->error = r->error;
	ns->reason = r->reason;
	ns->blen = 0;
	ns->banner = NULL;
	if (r->banner_len > 0 && (ns->banner = malloc(r->banner_len)) != NULL) {
		memcpy(ns->banner, r->banner, r->banner_len);
		ns->blen = r->banner_len;
	}
	k->n++;
	return 0;
}

static int
kept_cmp(const void *a, const void *b)
{
	const struct scan_kept *x = a, *y = b;

	return x->probe < y->probe ? -1 : x->probe > y->probe;
}

/* In probe order. */
void
scan_keep_sort(struct scan_keep *k)
{
	if (k->n > 0)
		qsort(k->v, k->n, sizeof(*k->v), kept_cmp);
}

void
scan_keep_free(struct scan_keep *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->v[i].banner);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

/*
 * e, a result held in another keep, into k, its banner with it (the
 * other forgets e).  Returns 0, or -1 out of memory, e then freed.
 */
int
scan_keep_move(struct scan_keep *k, struct scan_kept *e)
{
	struct scan_kept *ns;

	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;

		if ((ns = realloc(k->v, cap * sizeof(*ns))) == NULL) {
			free(e->banner);
			return -1;
		}
		k->v = ns;
		k->cap = cap;
	}
	k->v[k->n++] = *e;
	return 0;
}
