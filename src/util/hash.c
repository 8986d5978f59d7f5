/*
 * hash.c: splitmix64's finaliser, the one 64-bit mixer (util/hash.h).
 */
#include <stdint.h>

#include "util/hash.h"

uint64_t
hash_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}
