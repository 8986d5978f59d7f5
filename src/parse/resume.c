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

/* A mark's line, as read. */
struct mark {
	uint64_t	 next;
	uint64_t	 st[RESUME_STATES];
	int		 stop;		/* it has a list of places done */
	const char	*done;
	size_t		 done_len, nd;
	const char	*res;		/* "res", or NULL */
	size_t		 res_len;
};

/*
 * A mark's line: its K, its counts, its list of places done after K
 * (each above K, rising) and its runs into *mk.  Returns 0, or -1: not
 * a mark.
 */
static int
mark_line(const char *s, size_t n, struct mark *mk)
{
	size_t i = 0, start, j;
	uint64_t v, last;

	memset(mk, 0, sizeof(*mk));
	if (lit(s, n, &i, "{\"type\":\"resume\",\"next\":") == -1 ||
	    num(s, n, &i, &mk->next) == -1 ||
	    lit(s, n, &i, ",\"states\":[") == -1)
		return -1;
	for (j = 0; j < RESUME_STATES; j++)
		if (num(s, n, &i, &mk->st[j]) == -1 || lit(s, n, &i,
		    j + 1 < RESUME_STATES ? "," : "]") == -1)
			return -1;
	if (lit(s, n, &i, ",\"done\":[") == 0) {
		mk->stop = 1;
		mk->done = s + (start = i);
		for (last = mk->next; num(s, n, &i, &v) == 0; last = v,
		    mk->nd++)
			if (v <= last || (lit(s, n, &i, ",") == -1 &&
			    (i == n || s[i] != ']')))
				return -1;
		if (lit(s, n, &i, "]") == -1 || (mk->nd > 0 && s[i - 2] == ','))
			return -1;
		mk->done_len = mk->nd > 0 ? i - 1 - start : 0;
	}
	if (lit(s, n, &i, ",\"res\":\"") == 0 &&
	    str(s, n, &i, &mk->res, &mk->res_len) == -1)
		return -1;
	return lit(s, n, &i, "}") == -1 || i != n ? -1 : 0;
}

/*
 * The next run of s[*i..n): its state, reason and length.  Returns 1,
 * 0 at the end, or -1: no run.
 */
static int
run(const char *s, size_t n, size_t *i, int *state, int *reason,
    uint64_t *len)
{
	if (*i == n)
		return 0;
	if (n - *i < 2 || s[*i] < 'a' || s[*i] > 'z' || s[*i + 1] < 'A' ||
	    s[*i + 1] > 'Z')
		return -1;
	*state = s[*i] - 'a';
	*reason = s[*i + 1] - 'A';
	*i += 2;
	if (num(s, n, i, len) == -1)
		*len = 1;
	return *len > 0 ? 1 : -1;
}

/*
 * The runs of s[0..n), counted; with fn, results skip to skip + count
 * to it: of the places from place on, or with dl (dlen bytes) of the
 * places it lists, those above place.  Returns the results, or
 * UINT64_MAX when the runs are malformed.
 */
static uint64_t
runs(const char *s, size_t n, uint64_t skip, uint64_t count, uint64_t place,
    const char *dl, size_t dlen, resume_fn *fn, void *arg)
{
	size_t i = 0, di = 0;
	uint64_t len, total = 0, k, end, p;
	int st, re, r;

	while ((r = run(s, n, &i, &st, &re, &len)) == 1) {
		if (len > UINT64_MAX - 1 - total)
			return UINT64_MAX;
		k = total > skip ? total : skip;
		total += len;
		end = skip + count < total ? skip + count : total;
		for (; fn != NULL && k < end; k++) {
			if (dl == NULL)
				fn(arg, place + (k - skip), st, re);
			else if (num(dl, dlen, &di, &p) == 0) {
				di++;	/* its comma */
				if (p > place)
					fn(arg, p, st, re);
			}
		}
	}
	return r == 0 ? total : UINT64_MAX;
}

/* The last stop's places done after the last K, into out (rf->ndone at
 * most). */
size_t
resume_done(const struct resume_file *rf, uint64_t *out)
{
	size_t i = 0, j, k = 0;

	for (j = 0; j < rf->ndone && num(rf->done, rf->done_len, &i,
	    &out[k]) == 0; j++, i++)
		if (out[k] > rf->next)
			k++;
	return k;
}

/*
 * The len bytes of buf, a -j or -oX file, into *rf; with fn, each
 * place's result of an -oX file's marks before its last K to fn.
 * Returns 0, or -1 with *why saying what is missing.
 */
static int
walk(const char *buf, size_t len, struct resume_file *rf, const char **why,
    resume_fn *fn, void *arg)
{
	const char *nl, *s;
	struct mark mk;
	size_t at = 0, n, first = 1;

	memset(rf, 0, sizeof(*rf));
	rf->xml = len >= 5 && memcmp(buf, "<?xml", 5) == 0;
	while (at < len && (nl = memchr(buf + at, '\n', len - at)) != NULL) {
		s = buf + at;
		n = (size_t)(nl - s);
		at += n + 1;
		/* an -oX file: its comments of ours, the rest nmap's */
		if (rf->xml && (n < 22 || memcmp(s, "<!-- sockt-resume ", 18) !=
		    0))
			continue;
		if (rf->xml) {
			s += 18;
			n -= 22;
		}
		if (first) {
			if (scan_line(s, n, rf) == -1) {
				*why = "its first line of ours is no scan's "
				    "line";
				return -1;
			}
			first = 0;
			rf->keep = at;
			continue;
		}
		if (mark_line(s, n, &mk) == -1)
			continue;
		if (mk.next < rf->next) {
			*why = "its marks go back";
			return -1;
		}
		/* -oX: the results of every place since the last mark */
		if (rf->xml && (mk.res == NULL || runs(mk.res, mk.res_len, 0,
		    0, 0, NULL, 0, NULL, NULL) != mk.next - rf->next + mk.nd))
			continue;
		if (rf->xml && fn != NULL)
			(void)runs(mk.res, mk.res_len, 0, mk.next - rf->next,
			    rf->next, NULL, 0, fn, arg);
		if (mk.stop) {
			rf->done = mk.done;
			rf->done_len = mk.done_len;
			rf->ndone = mk.nd;
			rf->dres = mk.res;
			rf->dres_len = mk.res_len;
			rf->dskip = mk.next - rf->next;
		}
		rf->next = mk.next;
		rf->keep = at;
		rf->marks++;
		memcpy(rf->states, mk.st, sizeof(mk.st));
	}
	if (first && !rf->xml) {
		*why = "no whole line in it";
		return -1;
	}
	/* the last stop's places past the last K */
	if (rf->dres != NULL && fn != NULL)
		(void)runs(rf->dres, rf->dres_len, rf->dskip, rf->ndone,
		    rf->next, rf->done, rf->done_len, fn, arg);
	return 0;
}

/* Read the len bytes of buf, a -j or -oX file, into *rf (its args point
 * into buf).  Returns 0, or -1 with *why saying what is missing. */
int
resume_read(const char *buf, size_t len, struct resume_file *rf,
    const char **why)
{
	return walk(buf, len, rf, why, NULL, NULL);
}

/*
 * An -oX file's results, read into rf: each place's before the last
 * mark's K, in order, then those of the last stop's places done after
 * it, to fn.
 */
void
resume_results(const char *buf, const struct resume_file *rf, resume_fn *fn,
    void *arg)
{
	struct resume_file t;
	const char *why;

	if (rf->xml)
		(void)walk(buf, rf->keep, &t, &why, fn, arg);
}
