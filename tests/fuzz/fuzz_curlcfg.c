/*
 * fuzz_curlcfg.c: a config file line read by cfg_line and made words by
 * cfg_words must stay inside its buffers: the option and the parameter
 * inside the line, no word past the room curlcfg.h asks for, at most
 * CFG_WORDS of them, and a verdict curl has a warning for.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/curlcfg.h"
#include "parse/opt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

enum { O_HEADER = 1000, O_SILENT, O_DEPTH };

static const struct opt_def tab[] = {
	OPT_ARG_(O_HEADER, 'H', "header", "header", COMP_NONE, NULL),
	OPT_FLAG_(O_SILENT, 's', "silent", NULL),
	OPT_OPTARG_(O_DEPTH, 0, "pipeline", "n", NULL),
	OPT_END
};
static const struct opt_def *const tabs[] = { tab, NULL };
static const struct opt_foreign foreign[] = {
	{ "-d --data", "no body" },
	{ NULL, NULL }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct opt_state st;
	struct cfg_line l;
	char *s, *buf, *w[CFG_WORDS], *argv[] = { "x", NULL };
	size_t cap;
	int n, i, v;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	cap = 2 * strlen(s) + 8;
	if (cfg_line(s, &l) == 1) {
		if (l.opt < s || l.opt > s + size ||
		    (l.param != NULL && (l.param < s || l.param > s + size)))
			abort();
		if ((buf = malloc(cap)) == NULL) {
			free(s);
			return 0;
		}
		opt_init(&st, 1, argv, tabs);
		st.foreign = foreign;
		v = cfg_words(&st, &l, buf, cap, w, &n);
		if (n < 0 || n > CFG_WORDS || v < CFG_OK || v > CFG_GARBAGE ||
		    *cfg_why(v) == (v == CFG_OK ? 'x' : '\0'))
			abort();
		for (i = 0; i < n; i++)
			if (w[i] < buf || w[i] >= buf + cap ||
			    memchr(w[i], '\0', cap - (size_t)(w[i] - buf)) ==
			    NULL)
				abort();
		free(buf);
	}
	free(s);
	return 0;
}
