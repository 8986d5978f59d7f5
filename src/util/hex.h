/*
 * hex.h: one hexadecimal digit's value, pure (no I/O).  A leaf helper
 * for the pure parsers (url.c's percent-decoding, http.c's chunk sizes);
 * anything may include it.
 */
#ifndef HEX_H
#define HEX_H

/* hex_digit: the value of a hex digit (either case), or -1. */
int	hex_digit(int c);

#endif /* HEX_H */
