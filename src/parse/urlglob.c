/*
 * urlglob.c: http-get's URL list after globbing (parse/urlglob.h):
 * first every pattern parsed and the URLs counted, so a bad one at the
 * end of a long list costs nothing, then each pattern's URLs and names
 * made in two blocks, sized first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/glob.h"
#include "parse/urlglob.h"
#include "parse/urllist.h"
#include "util/base.h"

/* 1 when u may hold a pattern: a plain URL is taken as it is. */
static int
may_glob(const char *u)
{
	return strpbrk(u, "[]{}\\") != NULL;
}

/*
 * How many URLs the patterns make, at most GLOB_URLS_MAX more than
 * there are patterns.  Returns 0 with *total, else as urlglob_expand.
 */
static int
count(char *const *urls, int nurls, long long *total, int *bad, char *err)
{
	struct glob gl;
	long long made = 0;
	int i, rc;

	*total = 0;
	for (i = 0; i < nurls; i++) {
		if (!may_glob(urls[i])) {
			(*total)++;
			continue;
		}
		if ((rc = glob_parse(urls[i], &gl, err, SK_ERRLEN)) == 0 &&
		    gl.nvar > 0)
			made += gl.count;
		*total += gl.count;
		glob_free(&gl);
		*bad = i;
		if (rc != 0)
			return rc;
	}
	if (made > GLOB_URLS_MAX) {
		(void)snprintf(err, SK_ERRLEN, "the URL patterns make %lld "
		    "URLs, at most %d", made, GLOB_URLS_MAX);
		return -3;
	}
	return 0;
}

/* A block of n bytes, kept in g.  NULL with errno ENOMEM. */
static char *
block(struct urlglob *g, size_t n)
{
	char *b;

	if ((b = malloc(n)) == NULL || urllist_push(&g->bufs, &g->nbufs,
	    b) == -1) {
		free(b);
		errno = ENOMEM;
		return NULL;
	}
	return b;
}

/* What a pattern makes: its URLs, its -o names (out), in blocks of g. */
static int
expand(struct urlglob *g, const struct glob *gl, const char *out,
    char **urls, const char **outs, char *err)
{
	char *b, *nb = NULL;
	size_t len = 0, nlen = 0, n;
	long long i;

	for (i = 0; i < gl->count && len <= URLGLOB_BYTESMAX &&
	    nlen <= URLGLOB_BYTESMAX; i++) {
		len += glob_url(gl, i, NULL, 0) + 1;
		if (out != NULL)
			nlen += glob_name(gl, i, out, NULL, 0) + 1;
	}
	if (len > URLGLOB_BYTESMAX || nlen > URLGLOB_BYTESMAX) {
		(void)snprintf(err, SK_ERRLEN, "the %s of the URL pattern take "
		    "more than %zu MiB", len > URLGLOB_BYTESMAX ? "URLs" :
		    "-o names", URLGLOB_BYTESMAX >> 20);
		return -3;
	}
	if ((b = block(g, len)) == NULL || (out != NULL &&
	    (nb = block(g, nlen)) == NULL))
		return -1;
	for (i = 0; i < gl->count; i++) {
		n = glob_url(gl, i, b, len);
		urls[i] = b;
		b += n + 1;
		len -= n + 1;
		if (out == NULL)
			continue;
		n = glob_name(gl, i, out, nb, nlen);
		outs[i] = nb;
		nb += n + 1;
		nlen -= n + 1;
	}
	return 0;
}

int
urlglob_expand(char *const *urls, int nurls, const char *const *outs,
    int nouts, struct urlglob *g, int *bad, char *err)
{
	struct glob gl;
	long long total, at = 0;
	int i, rc;

	memset(g, 0, sizeof(*g));
	if ((rc = count(urls, nurls, &total, bad, err)) != 0)
		return rc;
	if ((g->urls = calloc((size_t)total + 1, sizeof(*g->urls))) == NULL ||
	    (g->outs = calloc((size_t)total + 1, sizeof(*g->outs))) == NULL)
		return -1;
	for (i = 0; i < nurls && rc == 0; i++) {
		if (!may_glob(urls[i])) {
			if (i < nouts)
				g->outs[g->nouts++] = outs[i];
			g->urls[at++] = urls[i];
			continue;
		}
		*bad = i;
		if ((rc = glob_parse(urls[i], &gl, err, SK_ERRLEN)) == 0)
			rc = expand(g, &gl, i < nouts && strcmp(outs[i],
			    "-") != 0 ? outs[i] : NULL, g->urls + at,
			    g->outs + at, err);
		if (rc == 0) {
			/* -o -: each of its URLs to stdout */
			for (; i < nouts && g->nouts < at + gl.count;
			    g->nouts++)
				if (g->outs[g->nouts] == NULL)
					g->outs[g->nouts] = outs[i];
			at += gl.count;
		}
		glob_free(&gl);
	}
	g->nurls = (int)at;
	return rc;
}

void
urlglob_free(struct urlglob *g)
{
	int i;

	for (i = 0; i < g->nbufs; i++)
		free(g->bufs[i]);
	free(g->bufs);
	free(g->urls);
	free(g->outs);
	memset(g, 0, sizeof(*g));
}
