/* Unit tests for util/hex.c: a digit's value, a line of -x's dump. */
#include <string.h>

#include "tap.h"
#include "util/hex.h"

int
main(void)
{
	char line[HEX_LINELEN];
	size_t n;

	is_int(hex_digit('0'), 0, "0");
	is_int(hex_digit('f'), 15, "f");
	is_int(hex_digit('F'), 15, "F, either case");
	is_int(hex_digit('g'), -1, "g is none");

	n = hex_dump_line(line, '>', 0x10,
	    (const unsigned char *)"hello\001world, a line", 16);
	line[n] = '\0';
	is_int((int)n, 81, "the length returned, the newline too");
	is_str(line, "> 00000010  68 65 6c 6c 6f 01 77 6f  72 6c 64 2c 20 61 "
	    "20 6c  |hello.world, a l|\n", "16 bytes: two groups of 8, the "
	    "unprintable as a dot");
	n = hex_dump_line(line, '<', 0, (const unsigned char *)"XYZ", 3);
	line[n] = '\0';
	is_str(line, "< 00000000  58 59 5a                                   "
	    "       |XYZ|\n", "a short line padded to the text column");
	n = hex_dump_line(line, '<', 0xffffffffULL, (const unsigned char *)
	    "\x7f\x80 ~", 4);
	line[n] = '\0';
	ok(strstr(line, "< ffffffff  7f 80 20 7e ") == line &&
	    strstr(line, "|.. ~|\n") != NULL, "DEL and high bytes as dots");
	ok(n < HEX_LINELEN, "within HEX_LINELEN");
	return tap_done();
}
