/*
 * fuzz_authchal.c: authchal_schemes and authchal_digest must read no
 * byte past their value, and a challenge read must hold NUL-terminated
 * values within their arrays, a nonce, and an -sess algorithm only with
 * a qop.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/authchal.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct digest_chal dc;
	const char *why = NULL;
	char *v;
	int rc;

	/* an exact-size copy, so ASan sees a read past it */
	if ((v = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(v, data, size);
	if (authchal_schemes(v, size) & ~0x1fu)
		abort();
	rc = authchal_digest(v, size, &dc, &why);
	free(v);
	if (rc < -1 || rc > 1 || (rc == -1 && why == NULL))
		abort();
	if (rc != 1)
		return 0;
	if (memchr(dc.realm, '\0', sizeof(dc.realm)) == NULL ||
	    memchr(dc.nonce, '\0', sizeof(dc.nonce)) == NULL ||
	    memchr(dc.opaque, '\0', sizeof(dc.opaque)) == NULL ||
	    memchr(dc.algorithm, '\0', sizeof(dc.algorithm)) == NULL)
		abort();
	if ((dc.sess && dc.qop == 0) || dc.qop < 0 || dc.qop > 2)
		abort();
	return 0;
}
