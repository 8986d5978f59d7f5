/*
 * clock.h: mono_ms returns milliseconds on the monotonic clock, for
 * deadlines and rates (only differences mean anything).  Core.
 */
#ifndef CLOCK_H
#define CLOCK_H

long long mono_ms(void);

#endif /* CLOCK_H */
