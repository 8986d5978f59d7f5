/*
 * fuzz_proto.c: proto_parse must read no byte past its string, leave
 * only bits of PROTO_ALL, and report an unknown name that fits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, unk[16];
	unsigned m = PROTO_ALL;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (proto_parse(s, &m, unk, sizeof(unk)) == 0 &&
	    ((m & ~PROTO_ALL) != 0 || memchr(unk, '\0', sizeof(unk)) == NULL))
		abort();
	free(s);
	return 0;
}
