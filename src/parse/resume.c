/*
 * resume.c: a -j file read back for portscan --resume (parse/resume.h),
 * pure (no I/O).
 */
#include <stdint.h>
#include <string.h>

#include "parse/resume.h"

/* s[*i..n) starts with lit: move past it.  Returns 0, or -1. */
static int
lit(const char *s, size_t n, size_t *i, const char *lit)
{
	size_t l = strlen(lit);

	if (n - *i < l || memcmp(s + *i, lit, l) != 0)
		return -1;
	*i += l;
	return 0;
}

/* A decimal of at most 20 digits that fits 64 bits.  Returns 0, or -1. */
static int
num(const char *s, size_t n, size_t *i, uint64_t *v)
{
	size_t start = *i;
	unsigned d;

	*v = 0;
	while (*i < n && s[*i] >= '0' && s[*i] <= '9') {
		d = (unsigned)(s[*i] - '0');
		if (*v > (UINT64_MAX - d) / 10)
			return -1;
		*v = *v * 10 + d;
		(*i)++;
	}
	return *i > start ? 0 : -1;
}

/* A JSON string's inside up to its closing quote, escapes skipped. */
static int
str(const char *s, size_t n, size_t *i, const char **p, size_t *len)
{
	size_t start = *i;

	while (*i < n && s[*i] != '"') {
		if (s[*i] == '\\' && ++*i == n)
			return -1;
		(*i)++;
	}
	if (*i == n)
		return -1;
	*p = s + start;
	*len = *i - start;
	(*i)++;
	return 0;
}

/* The scan's line, s[0..n) without its newline.  Returns 0, or -1. */
static int
scan_line(const char *s, size_t n, struct resume_file *rf)
{
	size_t i = 0;

	if (lit(s, n, &i, "{\"type\":\"scan\",\"args\":\"") == -1 ||
	    str(s, n, &i, &rf->args, &rf->args_len) == -1 ||
	    lit(s, n, &i, ",\"seed\":") == -1 ||
	    num(s, n, &i, &rf->seed) == -1 ||
	    lit(s, n, &i, ",\"shard\":\"") == -1 ||
	    num(s, n, &i, &rf->shard_i) == -1 || lit(s, n, &i, "/") == -1 ||
	    num(s, n, &i, &rf->shard_n) == -1 ||
	    lit(s, n, &i, "\",\"hosts\":") == -1 ||
	    num(s, n, &i, &rf->hosts) == -1 ||
	    lit(s, n, &i, ",\"up\":") == -1 || num(s, n, &i, &rf->up) == -1 ||
	    lit(s, n, &i, "}") == -1)
		return -1;
	return i == n ? 0 : -1;
}

/*
 * A mark's line: its K into *next, its counts and its list of places
 * done after K (each above K, rising) into rf.  Returns 0, or -1: not a
 * mark, rf untouched.
 */
static int
mark_line(const char *s, size_t n, uint64_t *next, struct resume_file *rf)
{
	size_t i = 0, start, nd = 0, j;
	uint64_t v, last, st[RESUME_STATES];

	if (lit(s, n, &i, "{\"type\":\"resume\",\"next\":") == -1 ||
	    num(s, n, &i, next) == -1 || lit(s, n, &i, ",\"states\":[") == -1)
		return -1;
	for (j = 0; j < RESUME_STATES; j++)
		if (num(s, n, &i, &st[j]) == -1 || lit(s, n, &i,
		    j + 1 < RESUME_STATES ? "," : "]") == -1)
			return -1;
	start = i;
	if (lit(s, n, &i, ",\"done\":[") == 0) {
		start = i;
		for (last = *next; num(s, n, &i, &v) == 0; last = v, nd++)
			if (v <= last || (lit(s, n, &i, ",") == -1 &&
			    (i == n || s[i] != ']')))
				return -1;
		if (lit(s, n, &i, "]") == -1 || (nd > 0 && s[i - 2] == ','))
			return -1;
	}
	if (lit(s, n, &i, "}") == -1 || i != n)
		return -1;
	rf->done = s + start;
	rf->done_len = nd > 0 ? i - 2 - start : 0;
	rf->ndone = nd;
	memcpy(rf->states, st, sizeof(st));
	return 0;
}

/* The last mark's places done after its K, rf->ndone of them, into out. */
size_t
resume_done(const struct resume_file *rf, uint64_t *out)
{
	size_t i = 0, k = 0;

	while (k < rf->ndone && num(rf->done, rf->done_len, &i, &out[k]) == 0) {
		k++;
		i++;
	}
	return k;
}

/*
 * Read the len bytes of buf, a -j file, into *rf (its args point into
 * buf).  Returns 0, or -1 with *why saying what is missing.
 */
int
resume_read(const char *buf, size_t len, struct resume_file *rf,
    const char **why)
{
	const char *nl;
	size_t at = 0, n, first = 1;
	uint64_t k;

	memset(rf, 0, sizeof(*rf));
	while (at < len && (nl = memchr(buf + at, '\n', len - at)) != NULL) {
		n = (size_t)(nl - (buf + at));
		if (first) {
			if (scan_line(buf + at, n, rf) == -1) {
				*why = "its first line is no scan's line "
				    "(-j to a file writes one)";
				return -1;
			}
			first = 0;
			rf->keep = at + n + 1;
		} else if (mark_line(buf + at, n, &k, rf) == 0) {
			if (k < rf->next) {
				*why = "its marks go back";
				return -1;
			}
			rf->next = k;
			rf->keep = at + n + 1;
			rf->marks++;
		}
		at += n + 1;
	}
	if (first) {
		*why = "no whole line in it";
		return -1;
	}
	return 0;
}
