/*
 * Unit tests for the locale-free character classes (util/ascii.c):
 * every byte value and EOF, against the C locale's own classes.
 */
#include <ctype.h>
#include <stdio.h>

#include "tap.h"
#include "util/ascii.h"

int
main(void)
{
	int c, digit = 1, alpha = 1;

	for (c = 0; c < 256; c++) {
		/* in the C locale isdigit and isalpha are ASCII's */
		if (!ascii_digit(c) != !isdigit(c))
			digit = 0;
		if (!ascii_alpha(c) != !isalpha(c))
			alpha = 0;
	}
	ok(digit, "ascii_digit: '0' to '9' of the 256 bytes, as the C "
	    "locale's isdigit");
	ok(alpha, "ascii_alpha: the 52 letters of the 256 bytes, as the C "
	    "locale's isalpha");
	ok(!ascii_digit(EOF) && !ascii_alpha(EOF), "EOF is in neither");
	ok(!ascii_alpha(0xe9) && !ascii_digit(0xb2), "a Latin-1 letter "
	    "and a superscript digit are in neither");
	ok(ascii_digit('0') && ascii_digit('9') && !ascii_digit('/') &&
	    !ascii_digit(':'), "the digits' edges");
	ok(ascii_alpha('a') && ascii_alpha('Z') && !ascii_alpha('@') &&
	    !ascii_alpha('[') && !ascii_alpha('`') && !ascii_alpha('{'),
	    "the letters' edges");
	return tap_done();
}
