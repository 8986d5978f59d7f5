/*
 * fuzz_pin.c: pin_parse and pin_key_der must neither crash nor lie:
 * pin_parse accepts only ';'-joined "sha256//" entries of 44 base64
 * characters, one hash each, and refuses the rest with a reason;
 * pin_key_der keeps its DER within the input and says why it refuses.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pin.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pin_set ps;
	unsigned char *b;
	char *s, err[SK_ERRLEN];
	size_t n = 0, slen;
	int r;

	if ((s = malloc(size + 1)) == NULL || (b = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	slen = strlen(s);
	err[0] = '\0';
	memset(&ps, 0, sizeof(ps));
	r = pin_parse(s, &ps, err);
	if (r == -1 && (err[0] == '\0' || strlen(err) >= SK_ERRLEN))
		abort();
	/* "sha256//" and 44 characters a hash, one ';' between two */
	if (r == 0 && (ps.n == 0 || ps.n > PIN_MAX ||
	    slen != ps.n * 52 + ps.n - 1 || !pin_is_hashes(s)))
		abort();
	memcpy(b, data, size);
	err[0] = '\0';
	r = pin_key_der(b, size, &n, err);
	if (r == -1 && err[0] == '\0')
		abort();
	if (r == 0 && (n == 0 || n > size || b[0] != 0x30))
		abort();
	free(b);
	free(s);
	return 0;
}
