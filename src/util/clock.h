/*
 * clock.h: mono_ms returns milliseconds on the monotonic clock, for
 * deadlines and rates (only differences mean anything); mono_us the same
 * in microseconds, for the timings --write-out reports.  mono_wait is
 * poll's timeout for the nearer of two deadlines (-1: none).
 * clock_ctime writes the wall clock's now as ctime does.  mono_tally
 * counts a thing that may come thousands of times a second into a
 * struct mono_tally (zeroed to start) and says how many to tell now:
 * the first at once, then at most once every ms, those held between
 * told with the next.  Core.
 * clock_ctime writes the wall clock's now as ctime does, clock_iso8601
 * in UTC as ISO 8601 with milliseconds (at least 25 bytes), and
 * clock_iso8601_at the time sec.nsec since 1970 so.  Core.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stddef.h>

struct mono_tally {
	long long	 said;		/* mono_ms when last told; 0: never */
	long long	 held;		/* since then */
};

long long mono_ms(void);
long long mono_us(void);
int	mono_wait(long long a, long long b, long long now);
void	clock_ctime(char *buf, size_t len);
long long mono_tally(struct mono_tally *t, long long now, int ms);
void	clock_iso8601(char *buf, size_t len);
void	clock_iso8601_at(long long sec, long nsec, char *buf, size_t len);

#endif /* CLOCK_H */
