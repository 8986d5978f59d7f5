/*
 * tap.h: a minimal TAP producer for the C unit tests.
 * Each test file includes it once, calls ok()/is_str()/is_int() and ends
 * main with "return tap_done();".
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static int
ok_at(int cond, const char *file, int line, const char *desc)
{
	tap_n++;
	if (cond)
		printf("ok %d - %s\n", tap_n, desc);
	else {
		tap_failed++;
		printf("not ok %d - %s\n#   at %s line %d\n", tap_n, desc,
		    file, line);
	}
	return cond;
}

#define ok(cond, desc)	ok_at((cond) != 0, __FILE__, __LINE__, (desc))

#define is_int(got, want, desc) do {					\
	long long g_ = (got), w_ = (want);				\
	if (!ok(g_ == w_, (desc)))					\
		printf("#   got %lld, want %lld\n", g_, w_);		\
} while (0)

#define is_str(got, want, desc) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (!ok(g_ != NULL && strcmp(g_, w_) == 0, (desc)))		\
		printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_);\
} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif /* TAP_H */
