/*
 * fuzz_resume.c: resume_read (a -j file read back for portscan
 * --resume) must neither crash nor read past what it was given, and
 * what it accepts must hold: the bytes kept end at a newline, the
 * command line lies inside them, and the last mark's places done are as
 * many as it said, each after its K and rising.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/resume.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct resume_file rf;
	const char *why = NULL;
	uint64_t *done, last;
	char *s;
	size_t i, n;

	/* a copy of its own size: a read past it is the sanitizer's */
	if ((s = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	if (resume_read(s, size, &rf, &why) == -1) {
		if (why == NULL || why[0] == '\0')
			abort();
		free(s);
		return 0;
	}
	if (rf.keep == 0 || rf.keep > size || s[rf.keep - 1] != '\n' ||
	    rf.args < s || rf.args + rf.args_len > s + rf.keep)
		abort();
	if ((done = calloc(rf.ndone + 1, sizeof(*done))) == NULL) {
		free(s);
		return 0;
	}
	n = resume_done(&rf, done);
	if (n != rf.ndone)
		abort();
	for (i = 0, last = rf.next; i < n; last = done[i++])
		if (done[i] <= last)
			abort();
	free(done);
	free(s);
	return 0;
}
