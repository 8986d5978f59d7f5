/*
 * fuzz_glob.c: glob_parse must accept or refuse any text without
 * reading past it, never count more than GLOB_URLS_MAX URLs, and each
 * URL and name it builds must fit the length it reports, cut or not.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/glob.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct glob g;
	char *s, err[128], buf[64], big[8192];
	size_t n, m;
	long long i;
	int rc;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rc = glob_parse(s, &g, err, sizeof(err));
	if (rc == 0) {
		if (g.count < 1 || g.count > GLOB_URLS_MAX ||
		    g.nvar > GLOB_PATTERNS)
			abort();
		/* the first, the last and a few between */
		for (i = 0; i < g.count; i += g.count / 7 + 1) {
			n = glob_url(&g, i, big, sizeof(big));
			if (n < sizeof(big) && strlen(big) != n)
				abort();
			m = glob_url(&g, i, buf, sizeof(buf));
			if (m != n || strlen(buf) != (n < sizeof(buf) ? n :
			    sizeof(buf) - 1))
				abort();
			n = glob_name(&g, i, "#1-#2.#9#", big, sizeof(big));
			if (n < sizeof(big) && strlen(big) != n)
				abort();
		}
		(void)glob_url(&g, g.count - 1, buf, sizeof(buf));
	} else if (rc == -2 && (err[0] == '\0' || memchr(err, '\0',
	    sizeof(err)) == NULL))
		abort();
	glob_free(&g);
	free(s);
	return 0;
}
