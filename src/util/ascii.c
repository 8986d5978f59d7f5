/*
 * ascii.c: character classes that do not follow the locale (util/ascii.h).
 */
#include "util/ascii.h"

int
ascii_digit(int c)
{
	return c >= '0' && c <= '9';
}

int
ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
