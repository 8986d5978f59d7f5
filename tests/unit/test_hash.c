/*
 * Unit tests for the 64-bit mixer (util/hash.c): splitmix64's published
 * outputs, and that it is a bijection that spreads a run of numbers.
 */
#include <stdint.h>

#include "tap.h"
#include "util/hash.h"

/* splitmix64's step: the state advanced by the golden gamma, mixed */
static uint64_t
splitmix64(uint64_t *state)
{
	*state += 0x9e3779b97f4a7c15ULL;
	return hash_mix64(*state);
}

/* bits that differ between a and b */
static int
bits_apart(uint64_t a, uint64_t b)
{
	uint64_t d = a ^ b;
	int n = 0;

	for (; d != 0; d &= d - 1)
		n++;
	return n;
}

int
main(void)
{
	uint64_t st = 0, x, y;
	int i, low, high, same;

	/* the reference generator's first outputs from seed 0 */
	ok(splitmix64(&st) == 0xe220a8397b1dcdafULL,
	    "splitmix64 from 0: first output e220a8397b1dcdaf");
	ok(splitmix64(&st) == 0x6e789e6aa1b965f4ULL,
	    "... second 6e789e6aa1b965f4");
	ok(splitmix64(&st) == 0x06c45d188009454fULL,
	    "... third 06c45d188009454f");
	ok(hash_mix64(0) == 0, "0 mixes to 0");
	/* a run of neighbours comes out scattered: about half the bits
	 * differ between consecutive inputs' outputs, never few */
	low = 64;
	high = 0;
	same = 0;
	for (i = 0; i < 4096; i++) {
		x = hash_mix64((uint64_t)i);
		y = hash_mix64((uint64_t)i + 1);
		if (x == y)
			same++;
		if (bits_apart(x, y) < low)
			low = bits_apart(x, y);
		if (bits_apart(x, y) > high)
			high = bits_apart(x, y);
	}
	is_int(same, 0, "no neighbours of 0 to 4096 mix to one number");
	ok(low >= 12 && high <= 52, "neighbours' outputs differ in 12 to 52 "
	    "of 64 bits");
	return tap_done();
}
