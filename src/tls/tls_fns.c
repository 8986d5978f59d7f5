/*
 * tls_fns.c: what every part of the TLS module stands on: ossl, the
 * OpenSSL functions it calls (filled by tls.c's load from the tables of
 * the parts), and what a failure of theirs means.  Below tls.c, so that
 * a part tls.c calls (tls_pin.c's check) reaches the library without
 * calling back up into tls.c.
 */
#include "tls/tls_int.h"

struct tls_fns ossl;

/* The reason of the first error queued by OpenSSL, else fallback. */
const char *
tls_reason(const char *fallback)
{
	const char *r = NULL;
	unsigned long e = ossl.ERR_peek_error();

	if (e != 0)
		r = ossl.ERR_reason_error_string(e);
	return r != NULL ? r : fallback;
}
