/*
 * fuzz_cdisp.c: cdisp_filename must read no byte past its value and
 * give only a safe name: not empty, not "." or "..", no '/' or '\',
 * no control character, at most CDISP_NAMEMAX bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/cdisp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[CDISP_NAMEMAX + 1], *v;
	size_t n, i;
	int rc;

	/* an exact-size copy, so ASan sees a read past it */
	if ((v = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(v, data, size);
	rc = cdisp_filename(v, size, buf);
	free(v);
	if (rc < -1 || rc > 1)
		abort();
	if (rc != 1)
		return 0;
	n = strlen(buf);
	if (n == 0 || n > CDISP_NAMEMAX || strcmp(buf, ".") == 0 ||
	    strcmp(buf, "..") == 0)
		abort();
	for (i = 0; i < n; i++)
		if (buf[i] == '/' || buf[i] == '\\' ||
		    (unsigned char)buf[i] < 0x20 || buf[i] == 0x7f)
			abort();
	return 0;
}
