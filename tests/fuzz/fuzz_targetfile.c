/*
 * fuzz_targetfile.c: the -iL tokeniser and the exclusion parser must
 * neither crash nor lie.  The input is a target file: every token it
 * yields is non-empty, free of white space and '#', shorter than
 * TFILE_TOKLEN and found in the input where the parser said; the line
 * count never runs backwards.  Each token is then offered as an
 * exclusion: it is accepted as a block that matches its own first
 * address, or as a name, or refused with a reason; the whole input is
 * offered as a --exclude list too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "parse/targetfile.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_exclusion(struct exclude *ex, const char *tok)
{
	char err[SK_ERRLEN];
	size_t nets = ex->nnets, names = ex->nnames;

	err[0] = '\0';
	if (exclude_add(ex, tok, err) == -1) {
		if (err[0] == '\0' || strlen(err) >= SK_ERRLEN ||
		    ex->nnets != nets || ex->nnames != names)
			abort();
		return;
	}
	if (ex->nnets > nets) {
		/* one block, or an octet range's several: each holds its
		 * own first address */
		if (ex->nnames != names)
			abort();
		/* the first few and the last: an octet range may add tens
		 * of thousands, and each match is a walk of them all */
		for (; nets < ex->nnets; nets++)
			if ((nets < 16 || nets == ex->nnets - 1) &&
			    !exclude_match(ex, ex->nets[nets].family,
			    ex->nets[nets].addr))
				abort();
	} else if (ex->nnames != names + 1 || ex->nnets != nets ||
	    ex->names[names][0] == '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	char tok[TFILE_TOKLEN], err[SK_ERRLEN], *s;
	struct exclude ex;
	size_t pos = 0, line = 1, last = 1, n, k;
	int r;

	exclude_init(&ex);
	while ((r = tfile_next(buf, size, &pos, &line, tok, err)) == 1) {
		n = strlen(tok);
		if (n == 0 || n >= TFILE_TOKLEN || pos > size || pos < n ||
		    memcmp(buf + pos - n, tok, n) != 0 || line < last)
			abort();
		for (k = 0; k < n; k++)
			if (tok[k] == '#' || tok[k] == ' ' || tok[k] == '\n' ||
			    tok[k] == '\t' || tok[k] == '\r')
				abort();
		last = line;
		check_exclusion(&ex, tok);
	}
	if (r == -1 && (err[0] == '\0' || strlen(err) >= SK_ERRLEN))
		abort();
	if (r == 0 && pos != size)
		abort();
	exclude_free(&ex);
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	if (exclude_add_list(&ex, s, err) == -1 &&
	    (err[0] == '\0' || strlen(err) >= SK_ERRLEN))
		abort();
	exclude_free(&ex);
	free(s);
	return 0;
}
