/*
 * fuzz_urlglob.c: urlglob_expand over the lines of the input as URLs
 * (every other one with an -o name of #N's, one with -o -) must give as
 * many URLs as the patterns count, a plain URL as it is, an -o name for
 * each URL that had one, and free what it made either way.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/glob.h"
#include "parse/urlglob.h"
#include "util/base.h"

#define LINES	8
#define MADE	20000	/* URLs at most: bytes, not a fuzzer's time */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *names[3] = { "a#1", "-", "b#2#1" };
	struct urlglob g;
	struct glob gl;
	char *buf, *p, *nl, *urls[LINES], err[SK_ERRLEN];
	long long want = 0;
	int i, n = 0, bad, rc, refused = 0;

	if ((buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (p = buf; n < LINES; p = nl + 1) {
		urls[n++] = p;
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		*nl = '\0';
	}
	for (i = 0; i < n; i++) {
		if (strpbrk(urls[i], "[]{}\\") == NULL) {
			want++;
			continue;
		}
		if (glob_parse(urls[i], &gl, err, sizeof(err)) == 0)
			want += gl.count;
		else
			refused = 1;	/* nothing is expanded then */
		glob_free(&gl);
	}
	if (want > MADE && !refused) {
		free(buf);
		return 0;
	}
	rc = urlglob_expand(urls, n, names, 3, &g, &bad, err);
	/* a bad pattern is refused, by its index, and nothing else is */
	if ((refused ? rc != -2 && rc != -1 : rc == -2) || (rc == -2 &&
	    (bad < 0 || bad >= n)))
		abort();
	if (rc == 0) {
		if (g.nurls != want || g.nouts > g.nurls)
			abort();
		for (i = 0; i < g.nurls; i++)
			if (g.urls[i] == NULL || (i < g.nouts &&
			    g.outs[i] == NULL))
				abort();
	}
	urlglob_free(&g);
	free(buf);
	return 0;
}
