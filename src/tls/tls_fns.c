/*
 * tls_fns.c: what every part of the TLS module stands on: ossl, the
 * OpenSSL functions it calls (filled by tls.c's load from the tables of
 * the parts), and what a failure of theirs means.  Below tls.c, so that
 * a part tls.c calls (tls_pin.c's check) reaches the library without
 * calling back up into tls.c.
 */
#include <stdio.h>
#include <string.h>

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

unsigned long
tls_fail_code(const struct tls_conn *c, int *sys)
{
	*sys = c->fail_errno;
	return c->fail_code;
}

unsigned long
tls_first_error(void)
{
	return ossl.ERR_peek_error();
}

int
tls_curl_error(unsigned long code, int bare, char *buf, size_t size)
{
	int n;

	/* a code comes from a connection: the library is loaded */
	n = bare ? 0 : snprintf(buf, size, "OpenSSL/%s: ",
	    ossl.OpenSSL_version(OPENSSL_VERSION_STRING));
	if (n < 0 || (size_t)n >= size)
		return -1;
	ossl.ERR_error_string_n(code, buf + n, size - (size_t)n);
	return n + (int)strlen(buf + n);
}

const char *
tls_verify_error(long v)
{
	return ossl.X509_verify_cert_error_string(v);
}
