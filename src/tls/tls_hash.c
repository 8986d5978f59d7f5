/*
 * tls_hash.c: hashes and random bytes from the libcrypto the TLS
 * module loads: SHA-1 for the WebSocket handshake's accept key (RFC
 * 6455 4.2.2), a digest by name and a client nonce for HTTP Digest
 * authentication (RFC 7616): a hash is never written by hand here, and
 * sockt links nothing but libc.
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
	const EVP_MD	*(*EVP_get_digestbyname)(const char *);
	int		(*RAND_bytes)(unsigned char *, int);
} hs;

static const struct dl_sym hash_syms[] = {
	TLS_SYM(hs, EVP_sha1), TLS_SYM(hs, EVP_Digest),
	TLS_SYM(hs, EVP_get_digestbyname), TLS_SYM(hs, RAND_bytes)
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

int
tls_digest(const char *name, const void *p, size_t n, unsigned char *md,
    char *err)
{
	const EVP_MD *type;
	unsigned int len = 0;

	if (tls_load(err) == -1)
		return -1;
	if ((type = hs.EVP_get_digestbyname(name)) == NULL) {
		snprintf(err, SK_ERRLEN, "the TLS library has no %s", name);
		return -1;
	}
	if (hs.EVP_Digest(p, n, md, &len, type, NULL) != 1 || len == 0 ||
	    len > TLS_DIGEST_MAX) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("digest failed"));
		return -1;
	}
	return (int)len;
}

int
tls_random(unsigned char *p, size_t n, char *err)
{
	if (tls_load(err) == -1)
		return -1;
	if (n > 256 || hs.RAND_bytes(p, (int)n) != 1) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("random bytes"));
		return -1;
	}
	return 0;
}
