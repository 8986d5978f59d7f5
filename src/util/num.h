/*
 * util/: numbers, hex digits, the monotonic clock, whole files read
 * into memory and growing arrays, and base.h (the version and buffer
 * sizes), for every layer.  Uses nothing but libc; may do I/O (file.c),
 * never prints, never exits.
 *
 * num.h: number parsing with a range and a reason, pure (no I/O).
 * parse_num: decimal integer in [min, max]; on failure *errstr is
 * "not a number", "too small" or "too large".
 * parse_secs: seconds with an optional fraction ("2", "0.25") into
 * milliseconds, 0 to 1000000 s.
 * parse_time_unit: parse_secs with nmap's units (500ms, 5s, 2m, 1h).
 * parse_secs_opt: parse_secs for option WHAT's argument; -1 with err
 * (SK_ERRLEN bytes) "WHAT ARG: REASON", and 0 refused ("must be more
 * than 0") unless allow_zero.
 * parse_size: a byte count with an optional k, M, G or T (1024-based)
 * suffix in [min, max], with parse_num's reasons.
 * num_duration: seconds as a person reads them, "40 s", "3.2 hours",
 * "8.7 years", into buf (len bytes).
 */
#ifndef NUM_H
#define NUM_H

int	parse_num(const char *s, long long min, long long max, long long *out,
	    const char **errstr);
int	parse_secs(const char *s, int *ms, const char **errstr);
int	parse_time_unit(const char *s, int *ms, const char **errstr);
int	parse_secs_opt(const char *what, const char *arg, int allow_zero,
	    int *ms, char *err);
int	parse_size(const char *s, long long min, long long max, long long *out,
	    const char **errstr);
void	num_duration(double secs, char *buf, size_t len);

#endif /* NUM_H */
