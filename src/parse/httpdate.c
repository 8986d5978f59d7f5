/*
 * httpdate.c: HTTP dates by hand, without strptime, timegm or the
 * locale, which are not in POSIX (timegm) or depend on the environment
 * (strptime's %a and %b follow LC_TIME).  See httpdate.h.
 */
#include <stddef.h>
#include <string.h>

#include "parse/httpdate.h"

#define YEAR_SECS	(366LL * 86400)

const char http_days[7][4] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};
const char http_long_days[7][10] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};
const char http_months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

struct scan {
	const char	*p, *end;
};

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static long long
days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(long long y, int m)
{
	static const int n[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Exactly the text w, case-sensitive as the grammar is. */
static int
lit(struct scan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return 0;
	s->p += n;
	return 1;
}

/* Exactly n digits (n <= 4). */
static int
digits(struct scan *s, int n, int *v)
{
	int i;

	if (s->end - s->p < n)
		return 0;
	for (*v = 0, i = 0; i < n; i++) {
		if (s->p[i] < '0' || s->p[i] > '9')
			return 0;
		*v = *v * 10 + (s->p[i] - '0');
	}
	s->p += n;
	return 1;
}

/* One of the names in tab (count of them, width w), its index. */
static int
name(struct scan *s, const char *tab, size_t count, size_t w)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (lit(s, tab + i * w))
			return (int)i;
	return -1;
}

/* "HH:MM:SS" */
static int
clock_of(struct scan *s, int *h, int *mi, int *se)
{
	return digits(s, 2, h) && lit(s, ":") && digits(s, 2, mi) &&
	    lit(s, ":") && digits(s, 2, se);
}

/* A date as it is read: mo 1-12, se up to 60 (a leap second). */
struct when {
	int	y, mo, d, h, mi, se;
};

static int
finish(const struct when *w, long long *t)
{
	int se = w->se;

	if (w->mo < 1 || w->mo > 12 || w->d < 1 ||
	    w->d > month_days(w->y, w->mo) || w->h > 23 || w->mi > 59 ||
	    se > 60)
		return -1;
	if (se == 60)
		se = 59;	/* a leap second: the moment before will do */
	*t = days_from_civil(w->y, w->mo, w->d) * 86400 + w->h * 3600LL +
	    w->mi * 60 + se;
	return 0;
}

/*
 * After the day name, the form IMF-fixdate and RFC 850 share: ", DD",
 * the month's name and the year (ydigits digits) each after sep, then
 * " HH:MM:SS GMT".  Returns 1 when it is all there.
 */
static int
comma_date(struct scan *s, const char *sep, int ydigits, struct when *w)
{
	int mo;

	if (!lit(s, ", ") || !digits(s, 2, &w->d) || !lit(s, sep) ||
	    (mo = name(s, http_months[0], 12, 4)) < 0 || !lit(s, sep) ||
	    !digits(s, ydigits, &w->y) || !lit(s, " ") ||
	    !clock_of(s, &w->h, &w->mi, &w->se) || !lit(s, " GMT"))
		return 0;
	w->mo = mo + 1;
	return 1;
}

/* IMF-fixdate after the day name: ", 06 Nov 1994 08:49:37 GMT" */
static int
imf(struct scan *s, long long *t)
{
	struct when w;

	if (!comma_date(s, " ", 4, &w))
		return -1;
	return finish(&w, t);
}

/*
 * RFC 850 after the day name: ", 06-Nov-94 08:49:37 GMT".  The year's
 * century is the one that puts it no more than 50 years after now's.
 */
static int
rfc850(struct scan *s, long long now, long long *t)
{
	struct when w;
	long long now_days, ny;

	if (!comma_date(s, "-", 2, &w))
		return -1;
	/* the year of now: close enough from days / 365.2425 */
	now_days = (now >= 0 ? now : now - 86399) / 86400;
	ny = 1970 + (now_days * 400) / 146097;
	w.y += (int)(ny - ny % 100);
	if (w.y > ny + 50)
		w.y -= 100;
	return finish(&w, t);
}

/* asctime after the day name: " Nov  6 08:49:37 1994" */
static int
asc(struct scan *s, long long *t)
{
	struct when w;
	int mo;

	if (!lit(s, " ") || (mo = name(s, http_months[0], 12, 4)) < 0 ||
	    !lit(s, " "))
		return -1;
	w.mo = mo + 1;
	if (lit(s, " ")) {
		if (!digits(s, 1, &w.d))
			return -1;
	} else if (!digits(s, 2, &w.d))
		return -1;
	if (!lit(s, " ") || !clock_of(s, &w.h, &w.mi, &w.se) ||
	    !lit(s, " ") || !digits(s, 4, &w.y))
		return -1;
	return finish(&w, t);
}

static int
ows(int c)
{
	return c == ' ' || c == '\t';
}

/* *p (*n bytes) without the optional white space around it. */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && ows((*p)[*n - 1]))
		(*n)--;
	while (*n > 0 && ows(**p)) {
		(*p)++;
		(*n)--;
	}
}

int
http_date_parse(const char *p, size_t n, long long now, long long *t)
{
	struct scan s;
	long long v;
	int r;

	trim(&p, &n);
	s.p = p;
	s.end = p + n;
	/* the long names first: "Sunday" also starts with "Sun" */
	if (name(&s, http_long_days[0], 7, 10) >= 0)
		r = rfc850(&s, now, &v);
	else if (name(&s, http_days[0], 7, 4) >= 0)
		r = s.p < s.end && *s.p == ',' ? imf(&s, &v) : asc(&s, &v);
	else
		return -1;
	if (r == -1 || s.p != s.end)
		return -1;
	*t = v;
	return 0;
}

static void
put2(char *b, int v)
{
	b[0] = (char)('0' + v / 10);
	b[1] = (char)('0' + v % 10);
}

size_t
http_date_format(long long t, char *b, size_t cap)
{
	long long z, era, doe, yoe, doy, y, secs;
	int m, d, mp;

	/* 253402300799 is 9999-12-31 23:59:59 */
	if (cap < HTTPDATE_LEN + 1 || t < 0 || t > 253402300799LL)
		return 0;
	z = t / 86400 + 719468;
	secs = t % 86400;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (int)((5 * doy + 2) / 153);
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);

	memcpy(b, http_days[(t / 86400 + 4) % 7], 3);
	memcpy(b + 3, ", ", 2);
	put2(b + 5, d);
	b[7] = ' ';
	memcpy(b + 8, http_months[m - 1], 3);
	b[11] = ' ';
	put2(b + 12, (int)(y / 100));
	put2(b + 14, (int)(y % 100));
	b[16] = ' ';
	put2(b + 17, (int)(secs / 3600));
	b[19] = ':';
	put2(b + 20, (int)(secs / 60 % 60));
	b[22] = ':';
	put2(b + 23, (int)(secs % 60));
	memcpy(b + 25, " GMT", 5);
	return HTTPDATE_LEN;
}

int
http_retry_after(const char *p, size_t n, long long now, long long *delay)
{
	long long v = 0, t;
	size_t i;

	trim(&p, &n);
	if (n > 0 && p[0] >= '0' && p[0] <= '9') {
		/* delay-seconds = 1*DIGIT; a huge one is a year */
		for (i = 0; i < n; i++) {
			if (p[i] < '0' || p[i] > '9')
				return -1;
			if (v < YEAR_SECS)
				v = v * 10 + (p[i] - '0');
		}
		*delay = v < YEAR_SECS ? v : YEAR_SECS;
		return 0;
	}
	if (http_date_parse(p, n, now, &t) == -1)
		return -1;
	v = t - now;
	*delay = v < 0 ? 0 : v < YEAR_SECS ? v : YEAR_SECS;
	return 0;
}

/* RFC 6265 section 5.1.1's delimiter: what separates a date's tokens. */
static int
cookie_delim(unsigned char c)
{
	return c == 0x09 || (c >= 0x20 && c <= 0x2f) ||
	    (c >= 0x3b && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
	    (c >= 0x7b && c <= 0x7e);
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* 1 to max digits at t[0..n), then no digit (the rest is ignored). */
static int
cookie_num(const char *t, size_t n, size_t min, size_t max, int *v)
{
	size_t i;

	for (*v = 0, i = 0; i < n && i < max + 1 && is_digit(t[i]); i++)
		*v = *v * 10 + (t[i] - '0');
	return i >= min && i <= max;
}

/* hms-time: 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT ( non-digit *OCTET ) */
static int
cookie_time(const char *t, size_t n, struct when *w)
{
	size_t i = 0;
	int *f[3], k, j;

	f[0] = &w->h;
	f[1] = &w->mi;
	f[2] = &w->se;
	for (k = 0; k < 3; k++) {
		for (*f[k] = 0, j = 0; i < n && is_digit(t[i]) && j < 3; i++, j++)
			*f[k] = *f[k] * 10 + (t[i] - '0');
		if (j < 1 || j > 2)
			return 0;
		if (k < 2 && (i >= n || t[i++] != ':'))
			return 0;
	}
	return 1;
}

/* The month whose name t[0..n) begins with (3 letters, any case). */
static int
cookie_month(const char *t, size_t n)
{
	int i, k;

	if (n < 3)
		return 0;
	for (i = 0; i < 12; i++) {
		for (k = 0; k < 3; k++)
			if ((t[k] | 0x20) != (http_months[i][k] | 0x20))
				break;
		if (k == 3)
			return i + 1;
	}
	return 0;
}

int
http_cookie_date(const char *p, size_t n, long long *t)
{
	struct when w;
	size_t i = 0, s;
	int got_time = 0, got_day = 0, got_month = 0, got_year = 0, v;

	memset(&w, 0, sizeof(w));
	while (i < n) {
		while (i < n && cookie_delim((unsigned char)p[i]))
			i++;
		for (s = i; i < n && !cookie_delim((unsigned char)p[i]); i++)
			;
		if (i == s)
			break;
		if (!got_time && cookie_time(p + s, i - s, &w))
			got_time = 1;
		else if (!got_day && cookie_num(p + s, i - s, 1, 2, &v)) {
			got_day = 1;
			w.d = v;
		} else if (!got_month && (v = cookie_month(p + s, i - s)) > 0) {
			got_month = 1;
			w.mo = v;
		} else if (!got_year && cookie_num(p + s, i - s, 2, 4, &v)) {
			got_year = 1;
			w.y = v >= 70 && v <= 99 ? v + 1900 : v <= 69 ? v + 2000 :
			    v;
		}
	}
	if (!got_time || !got_day || !got_month || !got_year || w.y < 1601 ||
	    w.se > 59)
		return -1;
	return finish(&w, t);
}
