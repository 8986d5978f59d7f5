/*
 * urlglob.h: http-get's URLs after globbing, pure (no I/O): each URL of
 * the command line and the --urls lists a pattern (parse/glob.h) whose
 * URLs take its place, in order, its -o name going to each with "#N"
 * filled in.  A URL with none of [ ] { } \ is taken as it is.  Done
 * once, before any URL is fetched, so every mode sees a plain list.
 */
#ifndef URLGLOB_H
#define URLGLOB_H

#include <stddef.h>

/*
 * bytes a pattern's URLs, or its -o names, may take: a million URLs of
 * 1 kB; past it the run is refused before anything is allocated (a
 * malloc of terabytes is no way to find out)
 */
#define URLGLOB_BYTESMAX	((size_t)1024 * 1024 * 1024)

/* The lists globbing made; urlglob_free frees them. */
struct urlglob {
	char		**urls;		/* the URLs in order */
	int		  nurls;
	const char	**outs;		/* their -o names, one a URL */
	int		  nouts;
	char		**bufs;		/* the blocks the URLs and names made
					   are in */
	int		  nbufs;
};

/*
 * urlglob_expand: urls[0..nurls) as patterns, with outs[0..nouts) their
 * -o names (- for stdout: each URL of its pattern to stdout), into g:
 * the URLs made point into g->bufs, the others are urls' own.  Returns
 * 0; -1 with errno ENOMEM; -2 with err (SK_ERRLEN) glob_parse's and
 * *bad the index of the URL whose pattern it is; -3 with err the whole
 * sentence: more URLs than GLOB_URLS_MAX past the patterns, or a
 * pattern's URLs or names over URLGLOB_BYTESMAX.  g is for
 * urlglob_free either way.
 */
int	urlglob_expand(char *const *urls, int nurls, const char *const *outs,
	    int nouts, struct urlglob *g, int *bad, char *err);

/* urlglob_free: the lists and the blocks of g. */
void	urlglob_free(struct urlglob *g);

#endif /* URLGLOB_H */
