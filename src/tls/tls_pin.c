/*
 * tls_pin.c: --pinnedpubkey (parse/pin.h), as curl checks it: the
 * server's public key, as the DER of its SubjectPublicKeyInfo, is the
 * key file's, or its SHA-256 is one of the hashes.  Checked once the
 * handshake is done, whatever the verification said (-k too).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/pin.h"
#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"
#include "util/base64.h"

/* This part's own symbols, resolved with the rest (tls.c's tables[]). */
static struct {
	X509_PUBKEY	*(*X509_get_X509_PUBKEY)(const X509 *);
	int		(*i2d_X509_PUBKEY)(const X509_PUBKEY *, unsigned char **);
	const EVP_MD	*(*EVP_sha256)(void);
	int		(*EVP_Digest)(const void *, size_t, unsigned char *,
			    unsigned int *, const EVP_MD *, ENGINE *);
} pk;

static const struct dl_sym pin_syms[] = {
	TLS_SYM(pk, X509_get_X509_PUBKEY), TLS_SYM(pk, i2d_X509_PUBKEY),
	TLS_SYM(pk, EVP_sha256), TLS_SYM(pk, EVP_Digest)
};
const struct dl_symtab tls_pin_symtab = DL_SYMTAB(pin_syms);

/* The DER of x's SubjectPublicKeyInfo, malloc'd, its length in *len. */
static unsigned char *
spki_der(X509 *x, size_t *len)
{
	X509_PUBKEY *k = pk.X509_get_X509_PUBKEY(x);
	unsigned char *der, *p;
	int n;

	if (k == NULL || (n = pk.i2d_X509_PUBKEY(k, NULL)) <= 0 ||
	    (der = malloc((size_t)n)) == NULL)
		return NULL;
	p = der;
	if (pk.i2d_X509_PUBKEY(k, &p) != n) {
		free(der);
		return NULL;
	}
	*len = (size_t)n;
	return der;
}

/* Does the key der[0..len) match the set?  Its hash into md either way. */
static int
pin_match(const struct pin_set *ps, const unsigned char *der, size_t len,
    unsigned char *md, char *err)
{
	unsigned int mdlen = 0;
	size_t i;

	if (ps->der != NULL && ps->der_len == len &&
	    memcmp(ps->der, der, len) == 0)
		return 1;
	if (pk.EVP_Digest(der, len, md, &mdlen, pk.EVP_sha256(), NULL) != 1 ||
	    mdlen != PIN_LEN) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot hash the "
		    "server's public key"));
		return -1;
	}
	for (i = 0; i < ps->n; i++)
		if (memcmp(ps->sha256[i], md, PIN_LEN) == 0)
			return 1;
	return 0;
}

int
tls_key_pin(X509 *x, char *buf)
{
	unsigned char md[PIN_LEN], *der;
	unsigned int mdlen = 0;
	size_t len = 0;
	int ok;

	buf[0] = '\0';
	if ((der = spki_der(x, &len)) == NULL)
		return -1;
	ok = pk.EVP_Digest(der, len, md, &mdlen, pk.EVP_sha256(), NULL) == 1 &&
	    mdlen == PIN_LEN;
	free(der);
	if (!ok)
		return -1;
	memcpy(buf, "sha256//", 8);
	(void)base64_encode(md, PIN_LEN, buf + 8);
	return 0;
}

int
tls_pin_check(struct tls_conn *c, char *err)
{
	unsigned char md[PIN_LEN], *der = NULL;
	char b64[2 * PIN_LEN];
	size_t len = 0;
	X509 *x;
	int m;

	if ((x = ossl.SSL_get1_peer_certificate(c->ssl)) == NULL) {
		snprintf(err, SK_ERRLEN, "no server certificate for "
		    "--pinnedpubkey");
		errno = EPROTO;
		return -1;
	}
	der = spki_der(x, &len);
	ossl.X509_free(x);
	if (der == NULL) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot read the "
		    "server's public key"));
		errno = EPROTO;
		return -1;
	}
	m = pin_match(c->pins, der, len, md, err);
	free(der);
	if (m == 1)
		return 0;
	if (m == 0) {
		(void)base64_encode(md, PIN_LEN, b64);
		snprintf(err, SK_ERRLEN, "public key does not match "
		    "--pinnedpubkey (the server's is sha256//%s)", b64);
	}
	errno = EPROTO;
	return -1;
}
