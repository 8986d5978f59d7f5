/*
 * fuzz_target.c: the target parser must neither crash nor overrun, and
 * an octet range's runs hold exactly as many addresses as it counts, in
 * order, none touching the next.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "parse/target.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct sum {
	uint64_t	n;
	int64_t		end;	/* the last run's last address, or -2: none yet
				 * (a first run may start at 0.0.0.0) */
};

static uint32_t
num4(const uint8_t a[4])
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	    (uint32_t)a[2] << 8 | a[3];
}

static int
sum_run(const uint8_t first[4], const uint8_t last[4], void *arg)
{
	struct sum *s = arg;

	if (num4(last) < num4(first) || (int64_t)num4(first) <= s->end + 1)
		abort();
	/* 64 bits: the whole space is one run of 2^32 */
	s->n += (uint64_t)num4(last) - num4(first) + 1;
	s->end = num4(last);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target t;
	char err[SK_ERRLEN], *s;
	uint8_t raw[16];
	int r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	r = target_parse(s, &t, err);
	if (r == -1) {
		if (err[0] == '\0' || strlen(err) >= SK_ERRLEN)
			abort();
	} else if (t.family == AF_UNSPEC) {
		if (t.count != 1 || t.name[0] == '\0' ||
		    strlen(t.name) >= sizeof(t.name))
			abort();
	} else if (t.octets) {
		struct sum sm = { 0, -2 };

		if (target_runs(&t, sum_run, &sm) == -1 || sm.n != t.count ||
		    t.family != AF_INET)
			abort();
	} else {
		if (t.count == 0)
			abort();
		if (target_addr(&t, 0, raw) == -1 ||
		    target_addr(&t, t.count - 1, raw) == -1 ||
		    (t.count != UINT64_MAX &&
		    target_addr(&t, t.count, raw) != -1))
			abort();
	}
	free(s);
	return 0;
}
