/*
 * fuzz_alpn.c: alpn_parse must neither crash nor lie: what it accepts is
 * a comma list of non-empty names up to 255 bytes whose wire form fits,
 * and reading the wire form back gives the list again; what it refuses
 * comes with a reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/alpn.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char out[64];
	char *s, *back, err[SK_ERRLEN];
	size_t len = 999, i, k, n, slen;
	int r;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	slen = strlen(s);
	err[0] = '\0';
	r = alpn_parse(s, out, sizeof(out), &len, err);
	if (r == -1) {
		if (err[0] == '\0' || strlen(err) >= SK_ERRLEN)
			abort();
		free(s);
		return 0;
	}
	if (r != 0 || len > sizeof(out) || len != slen + 1)
		abort();
	/* the wire form read back, commas between the names */
	if ((back = malloc(len + 1)) == NULL)
		abort();
	for (i = 0, k = 0; i < len; i += n + 1) {
		n = out[i];
		if (n == 0 || i + 1 + n > len)
			abort();
		if (k > 0)
			back[k++] = ',';
		memcpy(back + k, out + i + 1, n);
		k += n;
	}
	back[k] = '\0';
	if (strcmp(back, s) != 0)
		abort();
	free(back);
	free(s);
	return 0;
}
