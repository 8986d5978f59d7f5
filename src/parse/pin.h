/*
 * pin.h: --pinnedpubkey, curl's spelling: "sha256//BASE64" entries
 * joined by ';', each the SHA-256 of a DER SubjectPublicKeyInfo in
 * base64, or else the name of a file holding the public key itself (PEM
 * "PUBLIC KEY" or DER).  Pure: the file is read by the caller, the
 * server's key hashed by the TLS module.
 *
 * pin_is_hashes: does s give hashes (it starts with "sha256//"), not a
 * file?
 * pin_parse: the hashes of s into ps->sha256, ps->n of them; each entry
 * must be "sha256//" and the base64 of 32 bytes (44 characters, '='
 * padding).  ps->der is left alone.  Returns 0, or -1 with err
 * (SK_ERRLEN) naming the entry.
 * pin_key_der: the public key of a file's bytes buf[0..len) as DER, in
 * place: a PEM "-----BEGIN PUBLIC KEY-----" block is decoded (the DER is
 * shorter than its base64), bytes that are DER already (a SEQUENCE) are
 * kept.  Returns 0 with *der_len set, or -1 with err when buf holds
 * neither (a certificate, a private key, garbage).
 */
#ifndef PIN_H
#define PIN_H

#include <stddef.h>

#define PIN_LEN		32	/* a SHA-256 */
#define PIN_MAX		32	/* hashes in one --pinnedpubkey */

struct pin_set {
	unsigned char	 sha256[PIN_MAX][PIN_LEN];
	size_t		 n;
	const unsigned char *der;	/* a key file's DER, or NULL */
	size_t		 der_len;
};

int	pin_is_hashes(const char *s);
int	pin_parse(const char *s, struct pin_set *ps, char *err);
int	pin_key_der(unsigned char *buf, size_t len, size_t *der_len,
	    char *err);

#endif /* PIN_H */
