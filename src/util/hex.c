/*
 * hex.c: hexadecimal: one digit's value, shared by the URL and HTTP
 * parsers so the rule lives in one place, and a line of a hex dump.
 */
#include <stdio.h>

#include "util/hex.h"

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
hex_dump_line(char *line, char tag, unsigned long long off,
    const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t j, k;

	k = (size_t)snprintf(line, HEX_LINELEN, "%c %08llx  ", tag, off);
	for (j = 0; j < 16; j++) {
		if (j < n) {
			line[k++] = hex[p[j] >> 4];
			line[k++] = hex[p[j] & 15];
		} else {
			line[k++] = ' ';
			line[k++] = ' ';
		}
		line[k++] = ' ';
		if (j == 7)
			line[k++] = ' ';
	}
	line[k++] = ' ';
	line[k++] = '|';
	for (j = 0; j < 16 && j < n; j++)
		line[k++] = p[j] >= 0x20 && p[j] < 0x7f ? (char)p[j] : '.';
	line[k++] = '|';
	line[k++] = '\n';
	return k;
}
