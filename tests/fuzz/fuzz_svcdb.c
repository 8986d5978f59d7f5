/*
 * fuzz_svcdb.c: -sV's pattern file reader and matcher (parse/svcdb.c)
 * must neither crash nor read past what they were given.  The first
 * byte picks: 0 the input is a probes file (loaded, its STARTTLS lines
 * looked up, compiled, freed); else the rest is an answer matched
 * against the built-in file for probe (byte % probes), whose fields must
 * be strings within their size.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/svcdb.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct svcdb db;
	static int loaded;
	struct svcdb f;
	struct svc_hit h;
	char err[SK_ERRLEN], *text;
	int i;

	if (size == 0)
		return 0;
	if (data[0] == 0) {
		if ((text = malloc(size)) == NULL)
			return 0;
		memcpy(text, data + 1, size - 1);
		text[size - 1] = '\0';
		if (svcdb_load(&f, text, err) == 0) {
			(void)svc_starttls(&f, "smtp");
			(void)svcdb_compile(&f, err);
			svcdb_free(&f);
		}
		free(text);
		return 0;
	}
	if (!loaded && svcdb_load(&db, svcdb_text, err) == -1)
		abort();
	loaded = 1;
	if (svc_match(&db, data[0] % db.np, data + 1, size - 1, &h) > 0)
		for (i = 0; i < 4; i++)
			if (memchr(h.f[i], '\0', sizeof(h.f[i])) == NULL)
				abort();
	return 0;
}
