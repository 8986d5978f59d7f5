/*
 * fuzz_num.c: parse_num, parse_secs and parse_secs_opt must agree with
 * what they promise.  The first byte picks a range (and whether zero
 * seconds are allowed); the rest, up to a NUL, is the text.  A success
 * must be plain decimal ("-" and digits, or digits with one fraction for
 * seconds) in range, with the value a simple reference computes; a
 * refusal must give one of the documented reasons and leave the result
 * alone.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/base.h"
#include "util/num.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct {
	long long	min, max;
} ranges[] = {
	{ 0, 100 }, { 1, 65535 }, { -10, 10 }, { LLONG_MIN, LLONG_MAX },
	{ 0, 0 }, { 1, 1000000 }, { LLONG_MIN, 0 }, { -1, LLONG_MAX },
};

static int
reason_ok(const char *e)
{
	return e != NULL && (strcmp(e, "not a number") == 0 ||
	    strcmp(e, "too small") == 0 || strcmp(e, "too large") == 0);
}

/*
 * The reference: "-"? DIGIT+ and nothing else.  Returns 1 with the
 * magnitude in *mag (saturated at ULLONG_MAX) and the sign in *neg.
 */
static int
ref_int(const char *s, unsigned long long *mag, int *neg)
{
	*neg = *s == '-';
	s += *neg;
	if (*s == '\0')
		return 0;
	for (*mag = 0; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (*mag > (ULLONG_MAX - d) / 10)
			*mag = ULLONG_MAX;
		else
			*mag = *mag * 10 + d;
	}
	return *s == '\0';
}

static void
check_num(const char *s, long long min, long long max)
{
	unsigned long long mag = 0;
	long long v = 42424242, want;
	const char *e = NULL;
	int neg, r, syntax;

	r = parse_num(s, min, max, &v, &e);
	syntax = ref_int(s, &mag, &neg);
	if (r == -1) {
		if (!reason_ok(e) || v != 42424242)
			abort();
		/* refused: then the reference must refuse too */
		if (!syntax)
			return;
		if (neg && mag > (unsigned long long)LLONG_MAX + 1)
			return;
		if (!neg && mag > (unsigned long long)LLONG_MAX)
			return;
		want = neg ? (mag == (unsigned long long)LLONG_MAX + 1 ?
		    LLONG_MIN : -(long long)mag) : (long long)mag;
		if (want >= min && want <= max)
			abort();	/* a good number refused */
		return;
	}
	if (r != 0 || !syntax || v < min || v > max)
		abort();
	want = neg ? (mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN :
	    -(long long)mag) : (long long)mag;
	if (v != want)
		abort();
}

/* The reference for seconds: DIGIT* ["." DIGIT*], one digit at least. */
static int
ref_secs(const char *s, long long *ms)
{
	long long whole = 0;
	int frac = 0, scale = 100, digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if (whole <= 1000000)
			whole = whole * 10 + (*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits++) {
			frac += (*s - '0') * scale;
			scale /= 10;
		}
	if (*s != '\0' || digits == 0)
		return 0;
	*ms = whole * 1000 + frac;
	return 1;
}

static void
check_secs(const char *s, int allow_zero)
{
	char err[SK_ERRLEN];
	const char *e = NULL;
	long long want = -1;
	int ms = -7, ms2 = -7, r, syntax;

	r = parse_secs(s, &ms, &e);
	syntax = ref_secs(s, &want);
	if (r == -1) {
		if (!reason_ok(e) || ms != -7)
			abort();
		if (syntax && want <= 1000000000LL)
			abort();	/* good seconds refused */
	} else if (r != 0 || !syntax || ms != want || ms < 0 ||
	    ms > 1000000000)
		abort();

	err[0] = '\0';
	if (parse_secs_opt("timeout", s, allow_zero, &ms2, err) == 0) {
		if (r != 0 || ms2 != ms || (ms2 == 0 && !allow_zero))
			abort();
	} else {
		if (ms2 != -7 || strncmp(err, "timeout ", 8) != 0 ||
		    strlen(err) >= SK_ERRLEN)
			abort();
		if (r == 0 && !(ms == 0 && !allow_zero))
			abort();
	}
}

/*
 * parse_size: a success is digits and at most one suffix letter, in
 * range, and a number with no suffix agrees with parse_num.
 */
static void
check_size(const char *s, long long min, long long max)
{
	long long v = 42424242, w = 0;
	const char *e = NULL, *e2 = NULL;
	size_t n = strlen(s), i;

	if (parse_size(s, min, max, &v, &e) == -1) {
		if (!reason_ok(e) || v != 42424242)
			abort();
		if (n > 0 && s[0] != '-' && parse_num(s, min, max, &w, &e2) == 0)
			abort();	/* plain digits parse_num takes */
		return;
	}
	if (v < min || v > max || n == 0)
		abort();
	for (i = 0; i + 1 < n; i++)
		if (s[i] < '0' || s[i] > '9')
			abort();
	if (s[n - 1] >= '0' && s[n - 1] <= '9') {
		if (parse_num(s, min, max, &w, &e2) != 0 || w != v)
			abort();
	} else if (strchr("kKmMgGtT", s[n - 1]) == NULL || n < 2 ||
	    v % 1024 != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long long min, max, t;
	char *s;
	unsigned sel;

	if (size == 0)
		return 0;
	sel = data[0];
	data++;
	size--;
	if ((sel & 0x0f) < sizeof(ranges) / sizeof(ranges[0])) {
		min = ranges[sel & 0x0f].min;
		max = ranges[sel & 0x0f].max;
	} else if (size >= 16) {
		/* a range from the input itself */
		memcpy(&min, data, sizeof(min));
		memcpy(&max, data + 8, sizeof(max));
		data += 16;
		size -= 16;
		if (min > max) {
			t = min;
			min = max;
			max = t;
		}
	} else {
		min = 0;
		max = 65535;
	}
	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_num(s, min, max);
	check_secs(s, (sel & 0x10) != 0);
	check_size(s, min, max);
	free(s);
	return 0;
}
