/*
 * shard.h: the --shard argument of portscan ("2/5": the second of five
 * slices of the probes), parsed without I/O so the unit tests and the
 * fuzzer link it alone.
 */
#ifndef SHARD_H
#define SHARD_H

#include <stdint.h>

#define SHARD_MAX	1000000	/* largest N */

/*
 * shard_parse: "I/N" with 1 <= I <= N <= SHARD_MAX, both decimal.
 * Returns 0 with *i set to I - 1 (zero-based) and *n to N, or -1 with err
 * (SK_ERRLEN) filled and *i, *n untouched.
 */
int	shard_parse(const char *s, uint64_t *i, uint64_t *n, char *err);

#endif /* SHARD_H */
