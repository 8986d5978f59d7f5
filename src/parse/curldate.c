/*
 * curldate.c: a date as curl 7.88's curl_getdate (lib/parsedate.c) reads
 * it, written anew from what it does (see curldate.h).  Its quirks are
 * kept on purpose, since a -z date a script passes to curl must mean the
 * same here: at most six words and numbers are read (the rest ignored),
 * a month only by its three letters, "1999-12-12" read as no date, a
 * two-digit year 71-99 in the 1900s and 00-70 in the 2000s, a year
 * before 1583 refused.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "parse/curldate.h"
#include "parse/httpdate.h"


/* The zones curl knows, minutes west of UTC (summer ones an hour less). */
static const struct zone {
	char	name[5];
	short	west;
} zones[] = {
	{ "GMT", 0 }, { "UT", 0 }, { "UTC", 0 }, { "WET", 0 },
	{ "BST", -60 }, { "WAT", 60 }, { "AST", 240 }, { "ADT", 180 },
	{ "EST", 300 }, { "EDT", 240 }, { "CST", 360 }, { "CDT", 300 },
	{ "MST", 420 }, { "MDT", 360 }, { "PST", 480 }, { "PDT", 420 },
	{ "YST", 540 }, { "YDT", 480 }, { "HST", 600 }, { "HDT", 540 },
	{ "CAT", 600 }, { "AHST", 600 }, { "NT", 660 }, { "IDLW", 720 },
	{ "CET", -60 }, { "MET", -60 }, { "MEWT", -60 }, { "MEST", -120 },
	{ "CEST", -120 }, { "MESZ", -120 }, { "FWT", -60 }, { "FST", -120 },
	{ "EET", -120 }, { "WAST", -420 }, { "WADT", -480 }, { "CCT", -480 },
	{ "JST", -540 }, { "EAST", -600 }, { "EADT", -660 }, { "GST", -600 },
	{ "NZT", -720 }, { "NZST", -720 }, { "NZDT", -780 }, { "IDLE", -720 },
	/* military letters, with the signs of real use (not RFC 822's) */
	{ "A", 60 }, { "B", 120 }, { "C", 180 }, { "D", 240 }, { "E", 300 },
	{ "F", 360 }, { "G", 420 }, { "H", 480 }, { "I", 540 }, { "K", 600 },
	{ "L", 660 }, { "M", 720 }, { "N", -60 }, { "O", -120 },
	{ "P", -180 }, { "Q", -240 }, { "R", -300 }, { "S", -360 },
	{ "T", -420 }, { "U", -480 }, { "V", -540 }, { "W", -600 },
	{ "X", -660 }, { "Y", -720 }, { "Z", 0 }
};

enum { NEXT_MDAY, NEXT_YEAR };

/* What has been read; -1 for not yet. */
struct date {
	int	wday, mon, mday, year, hour, min, sec;
	long	tz;		/* seconds to add to the local reading */
	int	next;		/* what a lone number is taken for */
};

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* w's index in the n names of tab (stride bytes apart), any case, or -1. */
static int
name_of(const char *w, const char *tab, int n, size_t stride)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcasecmp(w, tab + (size_t)i * stride) == 0)
			return i;
	return -1;
}

/* The zone w in seconds to add, or -1 (no offset is -1 s). */
static long
zone_of(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcasecmp(w, zones[i].name) == 0)
			return zones[i].west * 60L;
	return -1;
}

/*
 * A word at *p (up to 31 letters at a time, as curl's buffer): the day
 * of the week, else the month, else the zone, each only once.  0, or -1
 * when it is none of those.
 */
static int
word(struct date *d, const char **p)
{
	char w[32];
	size_t n = 0;

	while (n < sizeof(w) - 1 && is_alpha((unsigned char)(*p)[n])) {
		w[n] = (*p)[n];
		n++;
	}
	w[n] = '\0';
	*p += n;
	/* the day's number is no part of the date: only that it came */
	if (d->wday == -1 && (d->wday = n > 3 ?
	    name_of(w, http_long_days[0], 7, sizeof(http_long_days[0])) :
	    name_of(w, http_days[0], 7, sizeof(http_days[0]))) != -1)
		return 0;
	if (d->mon == -1 && (d->mon = name_of(w, http_months[0], 12,
	    sizeof(http_months[0]))) != -1)
		return 0;
	if (d->tz == -1 && (d->tz = zone_of(w)) != -1)
		return 0;
	return -1;
}

/*
 * scanf's "%02d" at *p, as curl reads a clock with it: white space
 * skipped, then a sign and digits, two characters at most.  1 with *v
 * and *p past it, else 0.
 */
static int
two(const char **p, int *v)
{
	const char *s = *p;
	int neg = 0, n = 0, w = 0, digits = 0;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-') {
		neg = *s++ == '-';
		w++;
	}
	for (; w < 2 && is_digit((unsigned char)*s); w++, digits++)
		n = n * 10 + (*s++ - '0');
	if (digits == 0)
		return 0;
	*v = neg ? -n : n;
	*p = s;
	return 1;
}

/* HH:MM:SS or HH:MM at *p (the first clock only): 1, else 0. */
static int
clock_at(struct date *d, const char **p)
{
	const char *s = *p;
	int h, m, sec;

	if (d->sec != -1 || !two(&s, &h) || *s++ != ':' || !two(&s, &m))
		return 0;
	*p = s;
	if (*s == ':' && (s++, two(&s, &sec)))
		*p = s;
	else
		sec = 0;
	d->hour = h;
	d->min = m;
	d->sec = sec;
	return 1;
}

/*
 * A number at *p (start is where the text began): a clock, a zone
 * +HHMM or -HHMM, YYYYMMDD, else the day of the month or the year, as
 * curl guesses.  0, or -1 when it fits nowhere.
 */
static int
number(struct date *d, const char *start, const char **p)
{
	const char *s = *p;
	long long v = 0;
	int found = 0;
	long len;

	if (clock_at(d, p))
		return 0;
	for (; is_digit((unsigned char)*s); s++)
		if ((v = v * 10 + (*s - '0')) > INT_MAX)
			return -1;
	len = (long)(s - *p);
	if (d->tz == -1 && len == 4 && v <= 1400 && *p > start &&
	    ((*p)[-1] == '+' || (*p)[-1] == '-')) {
		found = 1;
		/* +0100 is an hour east: an hour less in UTC */
		d->tz = (long)(v / 100 * 60 + v % 100) * 60;
		if ((*p)[-1] == '+')
			d->tz = -d->tz;
	}
	if (len == 8 && d->year == -1 && d->mon == -1 && d->mday == -1) {
		found = 1;
		d->year = (int)(v / 10000);
		d->mon = (int)(v % 10000 / 100) - 1;
		d->mday = (int)(v % 100);
	}
	if (!found && d->next == NEXT_MDAY && d->mday == -1) {
		if (v > 0 && v < 32) {
			d->mday = (int)v;
			found = 1;
		}
		d->next = NEXT_YEAR;
	}
	if (!found && d->next == NEXT_YEAR && d->year == -1) {
		d->year = (int)v;
		found = 1;
		if (v < 100)
			d->year += v > 70 ? 1900 : 2000;
		if (d->mday == -1)
			d->next = NEXT_MDAY;
	}
	*p = s;
	return found ? 0 : -1;
}

/* Seconds since the epoch of a UTC date, by curl's own arithmetic. */
static long long
epoch_of(const struct date *d)
{
	static const int before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	long long leaps = d->year - (d->mon <= 1);

	leaps = leaps / 4 - leaps / 100 + leaps / 400 - (1969 / 4) +
	    (1969 / 100) - (1969 / 400);
	return ((((long long)(d->year - 1970) * 365 + leaps + before[d->mon] +
	    d->mday - 1) * 24 + d->hour) * 60 + d->min) * 60 + d->sec;
}

int
curldate_parse(const char *s, long long *t)
{
	struct date d = { -1, -1, -1, -1, -1, -1, -1, -1, NEXT_MDAY };
	const char *p = s;
	long long v;
	int part;

	for (part = 0; *p != '\0' && part < 6; part++) {
		while (*p != '\0' && !is_alpha((unsigned char)*p) &&
		    !is_digit((unsigned char)*p))
			p++;
		if (is_alpha((unsigned char)*p)) {
			if (word(&d, &p) == -1)
				return -1;
		} else if (is_digit((unsigned char)*p) &&
		    number(&d, s, &p) == -1)
			return -1;
	}
	if (d.sec == -1)
		d.sec = d.min = d.hour = 0;
	/* the Gregorian calendar began in 1582 */
	if (d.mday == -1 || d.mon == -1 || d.year < 1583 || d.mday > 31 ||
	    d.mon > 11 || d.hour > 23 || d.min > 59 || d.sec > 60)
		return -1;
	v = epoch_of(&d) + (d.tz == -1 ? 0 : d.tz);
	/* curl_getdate's -1 means failure: a real -1 becomes 0 */
	*t = v == -1 ? 0 : v;
	return 0;
}

size_t
curldate_format(long long t, char *b, size_t cap)
{
	struct tm tm;
	time_t tt = (time_t)t;
	int n;

	if (cap < CURLDATE_LEN || (long long)tt != t ||
	    gmtime_r(&tt, &tm) == NULL)
		return 0;
	n = snprintf(b, cap, "%s, %02d %s %4lld %02d:%02d:%02d GMT",
	    http_days[tm.tm_wday], tm.tm_mday,
	    http_months[tm.tm_mon], tm.tm_year + 1900LL, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}
