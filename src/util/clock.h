/*
 * clock.h: mono_ms returns milliseconds on the monotonic clock, for
 * deadlines and rates (only differences mean anything); mono_us the same
 * in microseconds, for the timings --write-out reports.  Core.
 */
#ifndef CLOCK_H
#define CLOCK_H

long long mono_ms(void);
long long mono_us(void);

#endif /* CLOCK_H */
