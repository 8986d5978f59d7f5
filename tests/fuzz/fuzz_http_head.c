/*
 * fuzz_http_head.c: the response head parser must never crash or read
 * past its input; what it accepts must point inside the buffer, and the
 * framing and keep-alive rules must give an answer or an error, never
 * garbage.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_resp *r;
	enum http_body_kind k;
	uint64_t len;
	char *buf, err[SK_ERRLEN];
	long n;
	int i;

	/* an exact-size copy, so ASan sees any overread */
	if ((buf = malloc(size ? size : 1)) == NULL ||
	    (r = malloc(sizeof(*r))) == NULL) {
		free(buf);
		return 0;
	}
	memcpy(buf, data, size);
	n = http_head_parse(buf, size, r, err);
	if (n > 0) {
		if ((size_t)n > size || (size_t)n > HTTP_HEAD_MAX ||
		    r->nfields > HTTP_FIELDS_MAX || r->status < 0 ||
		    r->status > 999 || http_status_class(r->status) < 1 ||
		    http_status_class(r->status) > 5)
			abort();
		for (i = 0; i < r->nfields; i++)
			if (r->fields[i].name < buf || r->fields[i].value +
			    r->fields[i].vlen > buf + n || r->fields[i].nlen == 0)
				abort();
		if (http_body_framing(r, 0, &k, &len, err) == 0 &&
		    k != HTTP_BODY_LENGTH && len != 0)
			abort();
		(void)http_body_framing(r, 1, &k, &len, err);
		(void)http_field_get(r, "content-length");
		if (http_resp_persistent(r) != 0 &&
		    http_resp_persistent(r) != 1)
			abort();
	} else if (n == 0 && size >= HTTP_HEAD_MAX)
		abort();	/* would wait forever for more */
	free(buf);
	free(r);
	return 0;
}
