/*
 * num.c: the one home of number parsing, with a range and a reason.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/base.h"
#include "util/num.h"

/*
 * Parse a decimal integer in [min, max] into *out.  Returns 0, or -1 with
 * *errstr "not a number", "too small" or "too large".
 */
int
parse_num(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	char *end;
	long long v;

	/*
	 * strtoll skips any white space (\v, \f and \r too) and takes a
	 * '+': only a digit or a minus sign may start the number.
	 */
	if (s == NULL || *s == '\0' || strchr("-0123456789", *s) == NULL) {
		*errstr = "not a number";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || end == s) {
		*errstr = "not a number";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * Parse seconds with an optional decimal fraction ("3", "0.25", ".5") into
 * milliseconds, at most 1000000 s.  Returns 0, or -1 with *errstr set.
 * Written by hand rather than with strtod so "1e3", "inf" and locales
 * cannot sneak in.
 */
int
parse_secs(const char *s, int *ms, const char **errstr)
{
	long long whole = 0;
	int frac = 0, scale = 100, digits = 0;
	const char *p = s;

	if (s == NULL || *s == '\0') {
		*errstr = "not a number";
		return -1;
	}
	if (*p == '-') {
		*errstr = "too small";
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000000) {
			*errstr = "too large";
			return -1;
		}
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	if (*p != '\0' || digits == 0) {
		*errstr = "not a number";
		return -1;
	}
	if (whole == 1000000 && frac > 0) {
		*errstr = "too large";
		return -1;
	}
	*ms = (int)(whole * 1000 + frac);
	return 0;
}

/*
 * A time as nmap spells it (--host-timeout, --scan-delay): a number of
 * seconds as parse_secs reads it and an optional unit, ms, s, m or h;
 * in milliseconds into *ms, at most INT_MAX.  Returns 0, or -1 with
 * *errstr "not a number", "bad unit" or "too large".
 */
int
parse_time_unit(const char *s, int *ms, const char **errstr)
{
	static const struct { const char *u; long long mul; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
		{ "", 1000 }
	};
	char num[32];
	size_t n, i;
	long long v;

	n = strspn(s, "0123456789.");
	if (n == 0 || n >= sizeof(num)) {
		*errstr = "not a number";
		return -1;
	}
	for (i = 0; strcmp(s + n, units[i].u) != 0; i++)
		if (units[i].u[0] == '\0') {
			*errstr = "bad unit (ms, s, m or h)";
			return -1;
		}
	memcpy(num, s, n);
	num[n] = '\0';
	if (parse_secs(num, ms, errstr) == -1)
		return -1;
	/* parse_secs gave thousandths of the unit */
	v = (long long)*ms * units[i].mul / 1000;
	if (v > INT_MAX) {
		*errstr = "too large";
		return -1;
	}
	*ms = (int)v;
	return 0;
}

/*
 * parse_secs for an option's argument, with the sentence a command
 * prints: err gets "WHAT ARG: REASON" ("timeout 0: must be more than 0").
 * Zero is refused unless allow_zero: for a timeout it would mean "give up
 * at once", never what was meant; a delay of 0 is fine.  Returns 0 with
 * *ms set, or -1 with err filled and *ms untouched.
 */
int
parse_secs_opt(const char *what, const char *arg, int allow_zero, int *ms,
    char *err)
{
	const char *errstr;
	int v;

	if (parse_secs(arg, &v, &errstr) == -1) {
		snprintf(err, SK_ERRLEN, "%s %.64s: %s", what, arg, errstr);
		return -1;
	}
	if (v == 0 && !allow_zero) {
		snprintf(err, SK_ERRLEN, "%s %.64s: must be more than 0", what,
		    arg);
		return -1;
	}
	*ms = v;
	return 0;
}

/*
 * Parse a size: decimal digits and an optional suffix k, M, G or T (either
 * case), each 1024 times the last, as curl reads --limit-rate and
 * --max-filesize ("100k", "2M").  In [min, max]; returns 0, or -1 with
 * *errstr "not a number", "too small" or "too large".  No fractions and
 * no sign: strtoull would take "-1" as a huge size.
 */
int
parse_size(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	static const char units[] = "kmgt";
	unsigned long long v = 0, mul = 1;
	const char *p = s, *u;
	int digits = 0, over = 0;

	if (s == NULL || *s == '\0') {
		*errstr = "not a number";
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (v > (unsigned long long)LLONG_MAX / 10)
			over = 1;
		else
			v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (digits > 0 && *p != '\0' && p[1] == '\0' &&
	    (u = strchr(units, *p | 0x20)) != NULL)
		for (p++; u >= units; u--)
			mul *= 1024;
	if (digits == 0 || *p != '\0') {
		*errstr = *s == '-' ? "too small" : "not a number";
		return -1;
	}
	if (over || v > (unsigned long long)LLONG_MAX / mul ||
	    (long long)(v * mul) > max) {
		*errstr = "too large";
		return -1;
	}
	if ((long long)(v * mul) < min) {
		*errstr = "too small";
		return -1;
	}
	*out = (long long)(v * mul);
	return 0;
}

/* secs as a person reads it: "40 s", "3.2 hours", "8.7 years". */
void
num_duration(double secs, char *buf, size_t len)
{
	if (secs < 120)
		snprintf(buf, len, "%.0f s", secs < 1 ? 1 : secs);
	else if (secs < 2 * 3600)
		snprintf(buf, len, "%.0f minutes", secs / 60);
	else if (secs < 2 * 86400)
		snprintf(buf, len, "%.1f hours", secs / 3600);
	else if (secs < 2 * 365.25 * 86400)
		snprintf(buf, len, "%.1f days", secs / 86400);
	else
		snprintf(buf, len, "%.1f years", secs / (365.25 * 86400));
}
