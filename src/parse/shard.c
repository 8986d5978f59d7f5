/*
 * shard.c: the --shard argument of portscan, pure (no I/O).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/shard.h"
#include "util/base.h"
#include "util/num.h"

int
shard_parse(const char *s, uint64_t *i, uint64_t *n, char *err)
{
	const char *slash = strchr(s, '/'), *errstr;
	char num[32];
	long long a, b;
	size_t len;

	if (slash == NULL || (len = (size_t)(slash - s)) >= sizeof(num)) {
		snprintf(err, SK_ERRLEN, "shard %.64s: expected I/N", s);
		return -1;
	}
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_num(num, 1, SHARD_MAX, &a, &errstr) == -1 ||
	    parse_num(slash + 1, 1, SHARD_MAX, &b, &errstr) == -1) {
		snprintf(err, SK_ERRLEN, "shard %.64s: expected I/N with "
		    "1 <= I <= N <= %d", s, SHARD_MAX);
		return -1;
	}
	if (a > b) {
		snprintf(err, SK_ERRLEN, "shard %.64s: shard %lld of %lld "
		    "does not exist", s, a, b);
		return -1;
	}
	*i = (uint64_t)(a - 1);
	*n = (uint64_t)b;
	return 0;
}
