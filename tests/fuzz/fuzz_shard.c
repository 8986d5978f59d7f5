/*
 * fuzz_shard.c: shard_parse ("I/N") must neither crash nor lie: what it
 * accepts is two plain decimals around the first '/', 1 <= I <= N <=
 * SHARD_MAX, and prints back as the same numbers; what it refuses comes
 * with a reason and leaves the results alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/shard.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The reference: DIGIT+ up to the end or to stop; *v saturates. */
static const char *
ref_digits(const char *s, int stop, unsigned long long *v)
{
	const char *p;

	*v = 0;
	for (p = s; *p >= '0' && *p <= '9'; p++)
		if (*v <= SHARD_MAX)
			*v = *v * 10 + (unsigned)(*p - '0');
	if (p == s || *p != stop)
		return NULL;
	return p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, err[SK_ERRLEN], back[64];
	const char *slash;
	unsigned long long a = 0, b = 0;
	uint64_t i = 777, n = 777, i2, n2;
	int r, want;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	r = shard_parse(s, &i, &n, err);

	/* "-0" would pass parse_num as 0, which is refused anyway */
	want = (slash = ref_digits(s, '/', &a)) != NULL &&
	    ref_digits(slash + 1, '\0', &b) != NULL && a >= 1 && a <= b &&
	    b <= SHARD_MAX && (size_t)(slash - s) < 32;
	if (r == -1) {
		if (err[0] == '\0' || strlen(err) >= SK_ERRLEN ||
		    strncmp(err, "shard ", 6) != 0 || i != 777 || n != 777)
			abort();
		if (want)
			abort();	/* a good shard refused */
	} else {
		if (r != 0 || !want || n < 1 || n > SHARD_MAX || i >= n ||
		    i + 1 != a || n != b)
			abort();
		snprintf(back, sizeof(back), "%llu/%llu",
		    (unsigned long long)i + 1, (unsigned long long)n);
		if (shard_parse(back, &i2, &n2, err) != 0 || i2 != i ||
		    n2 != n)
			abort();
	}
	free(s);
	return 0;
}
