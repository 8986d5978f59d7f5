/*
 * hex.h: hexadecimal, pure (no I/O).  A leaf helper for the pure parsers
 * (url.c's percent-decoding, http.c's chunk sizes) and for -x's dump;
 * anything may include it.
 */
#ifndef HEX_H
#define HEX_H

#include <stddef.h>

#define HEX_LINELEN	96	/* a line of hex_dump_line, its newline too */

/* hex_digit: the value of a hex digit (either case), or -1. */
int	hex_digit(int c);

/*
 * hex_dump_line: the line of a hex dump for p[0..n) (n at most 16) at
 * offset off, tag first, as -x prints it: "> 00000010  68 65 6c 6c 6f
 * 0a ...  |hello.|" and a newline, into line (HEX_LINELEN bytes).
 * Returns its length.
 */
size_t	hex_dump_line(char *line, char tag, unsigned long long off,
	    const unsigned char *p, size_t n);

#endif /* HEX_H */
