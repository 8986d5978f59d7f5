/*
 * fuzz_cidr.c: cidr_parse on arbitrary bytes.  A block that parses must
 * format, reparse to the same block, and contain its own address.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cidr.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cidr c, d;
	char err[SK_ERRLEN], buf[80];
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (cidr_parse(s, &c, err) == 0) {
		if (cidr_format(&c, buf, sizeof(buf)) != 0)
			abort();
		if (cidr_parse(buf, &d, err) != 0 ||
		    memcmp(&c, &d, sizeof(c)) != 0)
			abort();
		if (!cidr_match(&c, c.family, c.addr))
			abort();
	} else if (strlen(err) == 0)
		abort();
	free(s);
	return 0;
}
