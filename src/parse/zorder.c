/*
 * zorder.c: the URL-order bookkeeping of http-get -Z (zorder.h).
 */
#include <errno.h>
#include <stdlib.h>

#include "parse/zorder.h"

enum { Z_WAIT, Z_ENDED, Z_RELEASED };

int
zorder_init(struct zorder *z, int n)
{
	z->n = n;
	z->due = 0;
	z->first_fail = -1;
	z->status = 0;
	z->last = 0;
	z->last_i = -1;
	if ((z->st = calloc(n > 0 ? (size_t)n : 1, 1)) == NULL)
		return -1;
	return 0;
}

void
zorder_free(struct zorder *z)
{
	free(z->st);
	z->st = NULL;
}

/* URL i ended with status, or was skipped: 0, or -1 (EINVAL). */
static int
mark(struct zorder *z, int i, int status, int skipped)
{
	if (i < 0 || i >= z->n || z->st[i] != Z_WAIT) {
		errno = EINVAL;
		return -1;
	}
	z->st[i] = Z_ENDED;
	if (z->last) {
		if (!skipped && i > z->last_i) {
			z->last_i = i;
			z->status = status;
		}
	} else if (status != 0 && (z->first_fail == -1 ||
	    i < z->first_fail)) {
		z->first_fail = i;
		z->status = status;
	}
	return 0;
}

int
zorder_end(struct zorder *z, int i, int status)
{
	return mark(z, i, status, 0);
}

int
zorder_skip(struct zorder *z, int i)
{
	return mark(z, i, 0, 1);
}

int
zorder_due(const struct zorder *z)
{
	return z->due < z->n ? z->due : -1;
}

int
zorder_release(struct zorder *z)
{
	if (z->due >= z->n || z->st[z->due] != Z_ENDED)
		return -1;
	z->st[z->due] = Z_RELEASED;
	return z->due++;
}

int
zorder_status(const struct zorder *z)
{
	return z->status;
}
