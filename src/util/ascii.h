/*
 * util/ascii.h: character classes in ASCII alone, pure (no I/O), for
 * the parsers: isdigit and isalpha follow the locale, and a port, a
 * service name or a URL pattern means the same whatever the locale, so
 * the parsers test the bytes themselves.  Any int may be given: EOF and
 * the bytes above 127 are in no class.
 *
 * ascii_digit: '0' to '9'.
 * ascii_alpha: 'a' to 'z' and 'A' to 'Z'.
 */
#ifndef UTIL_ASCII_H
#define UTIL_ASCII_H

int	ascii_digit(int c);
int	ascii_alpha(int c);

#endif /* UTIL_ASCII_H */
