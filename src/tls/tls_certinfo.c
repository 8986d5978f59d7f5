/*
 * tls_certinfo.c: the server's chain as curl's %{certs} writes it: curl
 * 7.88's certinfo for OpenSSL (its Curl_ossl_certchain), each field a
 * "Name:value" line and the certificate itself in PEM, in curl's order.
 * Every value is printed by the OpenSSL function curl prints it with, so
 * the text is curl's byte for byte with the same library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/tls.h"
#include "tls/tls_int.h"

typedef struct bio_st BIO;
typedef struct bignum_st BIGNUM;
typedef struct asn1_object_st ASN1_OBJECT;

/* x509.h: X509_ALGOR, a public layout */
struct x509_algor {
	ASN1_OBJECT	*algorithm;
	void		*parameter;
};

#define BIO_CTRL_INFO		3	/* BIO_get_mem_data */
#define XN_FLAG_ONELINE		0x82031fUL
#define V_ASN1_NEG_INTEGER	0x102
#define EVP_PKEY_RSA		6
#define EVP_PKEY_DH		28
#define EVP_PKEY_DSA		116

/* This part's own symbols, resolved with the rest (tls.c's tables[]). */
static struct {
	const void	*(*BIO_s_mem)(void);
	BIO		*(*BIO_new)(const void *);
	int		(*BIO_free)(BIO *);
	long		(*BIO_ctrl)(BIO *, int, long, void *);
	int		(*BIO_write)(BIO *, const void *, int);
	int		(*X509_NAME_print_ex)(BIO *, const X509_NAME *, int,
			    unsigned long);
	long		(*X509_get_version)(const X509 *);
	const ASN1_STRING *(*X509_get0_serialNumber)(const X509 *);
	int		(*ASN1_STRING_type)(const ASN1_STRING *);
	void		(*X509_get0_signature)(const ASN1_STRING **,
			    const struct x509_algor **, const X509 *);
	int		(*i2a_ASN1_OBJECT)(BIO *, const ASN1_OBJECT *);
	X509_PUBKEY	*(*X509_get_X509_PUBKEY)(const X509 *);
	int		(*X509_PUBKEY_get0_param)(ASN1_OBJECT **,
			    const unsigned char **, int *, void **,
			    const X509_PUBKEY *);
	const OPENSSL_STACK *(*X509_get0_extensions)(const X509 *);
	ASN1_OBJECT	*(*X509_EXTENSION_get_object)(X509_EXTENSION *);
	int		(*i2t_ASN1_OBJECT)(char *, int, const ASN1_OBJECT *);
	int		(*X509V3_EXT_print)(BIO *, X509_EXTENSION *,
			    unsigned long, int);
	int		(*ASN1_STRING_print)(BIO *, const ASN1_STRING *);
	ASN1_STRING	*(*X509_EXTENSION_get_data)(X509_EXTENSION *);
	int		(*ASN1_TIME_print)(BIO *, const ASN1_STRING *);
	EVP_PKEY	*(*X509_get0_pubkey)(const X509 *);
	int		(*EVP_PKEY_get_id)(const EVP_PKEY *);
	int		(*EVP_PKEY_get_bn_param)(const EVP_PKEY *, const char *,
			    BIGNUM **);
	int		(*BN_num_bits)(const BIGNUM *);
	int		(*BN_print)(BIO *, const BIGNUM *);
	void		(*BN_free)(BIGNUM *);
	int		(*PEM_write_bio_X509)(BIO *, const X509 *);
} ci;

static const struct dl_sym certinfo_syms[] = {
	TLS_SYM(ci, BIO_s_mem), TLS_SYM(ci, BIO_new), TLS_SYM(ci, BIO_free),
	TLS_SYM(ci, BIO_ctrl), TLS_SYM(ci, BIO_write),
	TLS_SYM(ci, X509_NAME_print_ex), TLS_SYM(ci, X509_get_version),
	TLS_SYM(ci, X509_get0_serialNumber), TLS_SYM(ci, ASN1_STRING_type),
	TLS_SYM(ci, X509_get0_signature), TLS_SYM(ci, i2a_ASN1_OBJECT),
	TLS_SYM(ci, X509_get_X509_PUBKEY), TLS_SYM(ci, X509_PUBKEY_get0_param),
	TLS_SYM(ci, X509_get0_extensions),
	TLS_SYM(ci, X509_EXTENSION_get_object), TLS_SYM(ci, i2t_ASN1_OBJECT),
	TLS_SYM(ci, X509V3_EXT_print), TLS_SYM(ci, ASN1_STRING_print),
	TLS_SYM(ci, X509_EXTENSION_get_data), TLS_SYM(ci, ASN1_TIME_print),
	TLS_SYM(ci, X509_get0_pubkey), TLS_SYM(ci, EVP_PKEY_get_id),
	TLS_SYM(ci, EVP_PKEY_get_bn_param), TLS_SYM(ci, BN_num_bits),
	TLS_SYM(ci, BN_print), TLS_SYM(ci, BN_free),
	TLS_SYM(ci, PEM_write_bio_X509)
};
const struct dl_symtab tls_certinfo_symtab = DL_SYMTAB(certinfo_syms);

static void
put(BIO *b, const char *s)
{
	(void)ci.BIO_write(b, s, (int)strlen(s));
}

/*
 * A field's line ended: curl's tool writes a newline after each value
 * that does not end in one (a PEM does).
 */
static void
eol(BIO *b)
{
	char *p;
	long n = ci.BIO_ctrl(b, BIO_CTRL_INFO, 0, &p);

	if (n > 0 && p[n - 1] != '\n')
		put(b, "\n");
}

/*
 * A field begun, the one before ended: its name and the colon (a PEM's
 * "Cert:" is not written).
 */
static void
label(BIO *b, const char *name)
{
	eol(b);
	put(b, name);
	put(b, ":");
}

/* The bytes of s in hex, each followed by sep ("" or ":"). */
static void
hex(BIO *b, const ASN1_STRING *s, const char *sep)
{
	const unsigned char *d = ossl.ASN1_STRING_get0_data(s);
	int i, n = ossl.ASN1_STRING_length(s);
	char x[4];

	for (i = 0; i < n; i++) {
		(void)snprintf(x, sizeof(x), "%02x%s", d[i], sep);
		put(b, x);
	}
}

/*
 * The key's numbers as curl's pubkey_show writes them, "type(name):" and
 * BN_print's hex; names NUL-separated, each named to OpenSSL as itself
 * but pub_key ("pub").
 */
static void
key_numbers(BIO *b, const EVP_PKEY *k, const char *type, const char *names)
{
	BIGNUM *bn;
	char l[32];

	for (; *names != '\0'; names += strlen(names) + 1) {
		bn = NULL;
		(void)ci.EVP_PKEY_get_bn_param(k, strcmp(names, "pub_key") == 0 ?
		    "pub" : names, &bn);
		(void)snprintf(l, sizeof(l), "%s(%s)", type, names);
		label(b, l);
		if (bn != NULL)
			(void)ci.BN_print(b, bn);
		ci.BN_free(bn);
	}
}

/* The public key's fields: RSA's size and numbers, DSA's and DH's. */
static void
key_fields(BIO *b, const X509 *x)
{
	const EVP_PKEY *k = ci.X509_get0_pubkey(x);
	BIGNUM *n = NULL;
	char bits[16];

	if (k == NULL)
		return;
	switch (ci.EVP_PKEY_get_id(k)) {
	case EVP_PKEY_RSA:
		(void)ci.EVP_PKEY_get_bn_param(k, "n", &n);
		(void)snprintf(bits, sizeof(bits), "%d", n != NULL ?
		    ci.BN_num_bits(n) : 0);
		ci.BN_free(n);
		label(b, "RSA Public Key");
		put(b, bits);
		key_numbers(b, k, "rsa", "n\0e\0");
		break;
	case EVP_PKEY_DSA:
		key_numbers(b, k, "dsa", "p\0q\0g\0pub_key\0");
		break;
	case EVP_PKEY_DH:
		key_numbers(b, k, "dh", "p\0q\0g\0pub_key\0");
		break;
	}
}

/* One certificate's fields, in curl's order. */
static void
cert_fields(BIO *b, X509 *x)
{
	const struct x509_algor *alg = NULL;
	const ASN1_STRING *sig = NULL, *sn;
	const OPENSSL_STACK *exts;
	X509_EXTENSION *e;
	X509_PUBKEY *pk;
	ASN1_OBJECT *oid = NULL;
	char name[128];
	int i;

	label(b, "Subject");
	(void)ci.X509_NAME_print_ex(b, ossl.X509_get_subject_name(x), 0,
	    XN_FLAG_ONELINE);
	label(b, "Issuer");
	(void)ci.X509_NAME_print_ex(b, ossl.X509_get_issuer_name(x), 0,
	    XN_FLAG_ONELINE);
	(void)snprintf(name, sizeof(name), "%lx", ci.X509_get_version(x));
	label(b, "Version");
	put(b, name);
	label(b, "Serial Number");
	if ((sn = ci.X509_get0_serialNumber(x)) != NULL) {
		if (ci.ASN1_STRING_type(sn) == V_ASN1_NEG_INTEGER)
			put(b, "-");
		hex(b, sn, "");
	}
	ci.X509_get0_signature(&sig, &alg, x);
	if (alg != NULL) {
		label(b, "Signature Algorithm");
		(void)ci.i2a_ASN1_OBJECT(b, alg->algorithm);
	}
	if ((pk = ci.X509_get_X509_PUBKEY(x)) != NULL &&
	    ci.X509_PUBKEY_get0_param(&oid, NULL, NULL, NULL, pk) == 1 &&
	    oid != NULL) {
		label(b, "Public Key Algorithm");
		(void)ci.i2a_ASN1_OBJECT(b, oid);
	}
	exts = ci.X509_get0_extensions(x);
	for (i = 0; exts != NULL && i < ossl.OPENSSL_sk_num(exts); i++) {
		e = ossl.OPENSSL_sk_value(exts, i);
		name[0] = '\0';
		(void)ci.i2t_ASN1_OBJECT(name, (int)sizeof(name),
		    ci.X509_EXTENSION_get_object(e));
		label(b, name);
		if (!ci.X509V3_EXT_print(b, e, 0, 0))
			(void)ci.ASN1_STRING_print(b,
			    ci.X509_EXTENSION_get_data(e));
	}
	label(b, "Start date");
	(void)ci.ASN1_TIME_print(b, ossl.X509_get0_notBefore(x));
	label(b, "Expire date");
	(void)ci.ASN1_TIME_print(b, ossl.X509_get0_notAfter(x));
	key_fields(b, x);
	if (sig != NULL) {
		label(b, "Signature");
		hex(b, sig, ":");
	}
	eol(b);
	(void)ci.PEM_write_bio_X509(b, x);
}

char *
tls_certinfo(struct tls_conn *c)
{
	OPENSSL_STACK *sk = ossl.SSL_get_peer_cert_chain(c->ssl);
	BIO *b;
	char *p, *s = NULL;
	long n;
	int i;

	if (sk == NULL || (b = ci.BIO_new(ci.BIO_s_mem())) == NULL)
		return NULL;
	for (i = 0; i < ossl.OPENSSL_sk_num(sk); i++)
		cert_fields(b, ossl.OPENSSL_sk_value(sk, i));
	n = ci.BIO_ctrl(b, BIO_CTRL_INFO, 0, &p);
	if (n >= 0 && (s = malloc((size_t)n + 1)) != NULL) {
		memcpy(s, p, (size_t)n);
		s[n] = '\0';
	}
	(void)ci.BIO_free(b);
	return s;
}
