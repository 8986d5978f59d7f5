/*
 * tls_hash.c: SHA-1 from the libcrypto the TLS module loads, for the
 * WebSocket handshake's accept key (RFC 6455 4.2.2): a hash is never
 * written by hand here, and sockt links nothing but libc.
 */
#include <stdio.h>
#include <string.h>

#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"

/* This part's own symbols, resolved with the rest (tls.c's tables[]). */
static struct {
	const EVP_MD	*(*EVP_sha1)(void);
	int		(*EVP_Digest)(const void *, size_t, unsigned char *,
			    unsigned int *, const EVP_MD *, ENGINE *);
} hs;

static const struct dl_sym hash_syms[] = {
	TLS_SYM(hs, EVP_sha1), TLS_SYM(hs, EVP_Digest)
};
const struct dl_symtab tls_hash_symtab = DL_SYMTAB(hash_syms);

int
tls_sha1(const void *p, size_t n, unsigned char *md, char *err)
{
	unsigned int len = 0;

	if (tls_load(err) == -1)
		return -1;
	if (hs.EVP_Digest(p, n, md, &len, hs.EVP_sha1(), NULL) != 1 ||
	    len != TLS_SHA1_LEN) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("SHA-1 failed"));
		return -1;
	}
	return 0;
}
