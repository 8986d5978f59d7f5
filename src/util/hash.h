/*
 * util/hash.h: a 64-bit number mixed into a well-spread one, pure (no
 * I/O), for every layer: parse/hostmap.c's slots and scan/order.c's
 * keyed permutation (-r) both need numbers that come in runs (address
 * numbers, probe indexes) scattered, and one mixer serves both.
 *
 * hash_mix64: splitmix64's finaliser (Steele, Lea and Flood), a
 * bijection of the 64-bit numbers in which every input bit moves about
 * half the output bits; 0 maps to 0.  Not a keyed hash: a caller that
 * must not be steered by its input mixes in a seed of its own.
 */
#ifndef UTIL_HASH_H
#define UTIL_HASH_H

#include <stdint.h>

uint64_t hash_mix64(uint64_t x);

#endif /* UTIL_HASH_H */
