/*
 * fuzz_resume.c: resume_read (a -j or -oX file read back for portscan
 * --resume) must neither crash nor read past what it was given, and
 * what it accepts must hold: the bytes kept end at a newline (none kept
 * only of an -oX file with no scan comment), the command line lies
 * inside them, the last stop's places done are at most as many as it
 * said, each after the last K and rising; and an -oX file's results
 * (resume_results) are of every place before the last K in order, then
 * of places after it, rising.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/resume.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* the places resume_results handed over: next, then after the last K */
static uint64_t	want, next;
static int	past;

static void
place(void *arg, uint64_t p, int state, int reason)
{
	(void)arg;
	if (state < 0 || state > 25 || reason < 0 || reason > 25)
		abort();
	if (!past && p == want && p < next) {
		want++;
		return;
	}
	/* the main part ends at K, the stop's list above it, rising */
	if ((!past && want != next) || p <= next || (past && p <= want))
		abort();
	past = 1;
	want = p;
}

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
	if (rf.keep == 0 && (!rf.xml || rf.args != NULL || rf.next != 0))
		abort();
	if (rf.keep > 0 && (rf.keep > size || s[rf.keep - 1] != '\n' ||
	    rf.args < s || rf.args + rf.args_len > s + rf.keep))
		abort();
	want = 0;
	next = rf.next;
	past = 0;
	resume_results(s, &rf, place, NULL);
	if (rf.xml && rf.keep > 0 && want < next)
		abort();
	if ((done = calloc(rf.ndone + 1, sizeof(*done))) == NULL) {
		free(s);
		return 0;
	}
	n = resume_done(&rf, done);
	if (n > rf.ndone)
		abort();
	for (i = 0, last = rf.next; i < n; last = done[i++])
		if (done[i] <= last)
			abort();
	free(done);
	free(s);
	return 0;
}
