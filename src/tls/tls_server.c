/*
 * tls_server.c: the server side of TLS (tls.h): a context made once,
 * before the accept loop, from a certificate file or an ephemeral
 * self-signed certificate made in memory (as ncat does without
 * --ssl-cert), client certificates required and verified for mutual
 * TLS, and a connection in accept state for each client, made in that
 * client's child: the parent pays for the key and the certificate once,
 * each child only for SSL_new and its handshake.
 *
 * The context is made in the parent and copied into every child by fork,
 * so TLS 1.3 session tickets, whose keys it holds, resume in any child;
 * the server's session cache, which a child would fill for itself alone,
 * is off.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"

#define EPHEMERAL_DAYS	365
#define CN_MAX		64	/* X.509's upper bound of a common name */

/* What the server side uses beyond the core's functions (tls_int.h). */
static struct {
	const SSL_METHOD *(*TLS_server_method)(void);
	void		(*SSL_set_accept_state)(SSL *);
	int		(*SSL_CTX_use_certificate)(SSL_CTX *, X509 *);
	int		(*SSL_CTX_use_PrivateKey)(SSL_CTX *, EVP_PKEY *);
	X509		*(*SSL_CTX_get0_certificate)(const SSL_CTX *);
	int		(*SSL_CTX_set_session_id_context)(SSL_CTX *,
			    const unsigned char *, unsigned int);
	void		(*SSL_CTX_set_client_CA_list)(SSL_CTX *,
			    OPENSSL_STACK *);
	OPENSSL_STACK	*(*SSL_load_client_CA_file)(const char *);
	EVP_PKEY	*(*EVP_PKEY_Q_keygen)(void *, const char *,
			    const char *, ...);
	void		(*EVP_PKEY_free)(EVP_PKEY *);
	const EVP_MD	*(*EVP_sha256)(void);
	int		(*RAND_bytes)(unsigned char *, int);
	X509		*(*X509_new)(void);
	int		(*X509_set_version)(X509 *, long);
	ASN1_STRING	*(*X509_get_serialNumber)(X509 *);
	int		(*ASN1_INTEGER_set_uint64)(ASN1_STRING *, uint64_t);
	ASN1_STRING	*(*X509_getm_notBefore)(const X509 *);
	ASN1_STRING	*(*X509_getm_notAfter)(const X509 *);
	ASN1_STRING	*(*X509_gmtime_adj)(ASN1_STRING *, long);
	int		(*X509_set_pubkey)(X509 *, EVP_PKEY *);
	int		(*X509_NAME_add_entry_by_txt)(X509_NAME *, const char *,
			    int, const unsigned char *, int, int, int);
	int		(*X509_set_issuer_name)(X509 *, const X509_NAME *);
	X509_EXTENSION	*(*X509V3_EXT_nconf_nid)(void *, void *, int,
			    const char *);
	int		(*X509_add_ext)(X509 *, X509_EXTENSION *, int);
	void		(*X509_EXTENSION_free)(X509_EXTENSION *);
	int		(*X509_sign)(X509 *, EVP_PKEY *, const EVP_MD *);
	int		(*X509_digest)(const X509 *, const EVP_MD *,
			    unsigned char *, unsigned int *);
} srv;

#define SYM(name)	TLS_SYM(srv, name)
static const struct dl_sym server_syms[] = {
	SYM(TLS_server_method), SYM(SSL_set_accept_state),
	SYM(SSL_CTX_use_certificate), SYM(SSL_CTX_use_PrivateKey),
	SYM(SSL_CTX_get0_certificate), SYM(SSL_CTX_set_session_id_context),
	SYM(SSL_CTX_set_client_CA_list), SYM(SSL_load_client_CA_file),
	SYM(EVP_PKEY_Q_keygen), SYM(EVP_PKEY_free), SYM(EVP_sha256),
	SYM(RAND_bytes), SYM(X509_new), SYM(X509_set_version),
	SYM(X509_get_serialNumber), SYM(ASN1_INTEGER_set_uint64),
	SYM(X509_getm_notBefore), SYM(X509_getm_notAfter),
	SYM(X509_gmtime_adj), SYM(X509_set_pubkey),
	SYM(X509_NAME_add_entry_by_txt), SYM(X509_set_issuer_name),
	SYM(X509V3_EXT_nconf_nid), SYM(X509_add_ext),
	SYM(X509_EXTENSION_free), SYM(X509_sign), SYM(X509_digest)
};
const struct dl_symtab tls_server_symtab = DL_SYMTAB(server_syms);

struct tls_server_ctx {
	SSL_CTX		*ctx;
	int		 dtls, mtu;	/* o's */
	int		 ephemeral;
	char		 name[CN_MAX];	/* the ephemeral certificate's */
	char		 fp[TLS_FP_LEN];
	char		 pin[TLS_PIN_LEN];	/* sha256//BASE64 */
};

/*
 * The ephemeral certificate's name: the host name if it is a plain DNS
 * name short enough for a common name, else localhost.
 */
static void
ephemeral_name(char *buf, size_t size)
{
	char host[256];
	const char *name = host;
	size_t n;

	if (gethostname(host, sizeof(host)) == -1)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	n = strlen(name);
	if (n == 0 || n >= size || n >= CN_MAX || strspn(name,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
	    != n) {
		name = "localhost";
		n = strlen(name);
	}
	memcpy(buf, name, n + 1);
}

/*
 * A self-signed certificate for key pk, named sc->name (subject and
 * issuer CN, and subjectAltName with localhost and the loopback
 * addresses), valid from an hour ago (clocks differ) for a year, with a
 * random serial number, signed with SHA-256.  Returns it, or NULL.
 */
static X509 *
ephemeral_cert(const struct tls_server_ctx *sc, EVP_PKEY *pk)
{
	unsigned char rnd[8];
	char san[CN_MAX + 64];
	X509_EXTENSION *ext;
	X509_NAME *nm;
	uint64_t serial = 0;
	X509 *x;
	size_t i;
	int ok;

	if ((x = srv.X509_new()) == NULL)
		return NULL;
	if (srv.RAND_bytes(rnd, (int)sizeof(rnd)) != 1) {
		ossl.X509_free(x);
		return NULL;
	}
	for (i = 0; i < sizeof(rnd); i++)
		serial = serial << 8 | rnd[i];
	serial = (serial >> 1) | 1;	/* positive, never 0 (RFC 5280) */
	snprintf(san, sizeof(san), "DNS:%s%s,IP:127.0.0.1,IP:::1", sc->name,
	    strcmp(sc->name, "localhost") == 0 ? "" : ",DNS:localhost");
	nm = ossl.X509_get_subject_name(x);
	ok = srv.X509_set_version(x, X509_VERSION_3) == 1 &&
	    srv.ASN1_INTEGER_set_uint64(srv.X509_get_serialNumber(x),
	    serial) == 1 &&
	    srv.X509_gmtime_adj(srv.X509_getm_notBefore(x), -3600L) != NULL &&
	    srv.X509_gmtime_adj(srv.X509_getm_notAfter(x),
	    EPHEMERAL_DAYS * 86400L) != NULL &&
	    srv.X509_set_pubkey(x, pk) == 1 &&
	    srv.X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
	    (const unsigned char *)sc->name, -1, -1, 0) == 1 &&
	    srv.X509_set_issuer_name(x, nm) == 1 &&
	    (ext = srv.X509V3_EXT_nconf_nid(NULL, NULL, NID_subject_alt_name,
	    san)) != NULL;
	if (ok) {
		ok = srv.X509_add_ext(x, ext, -1) == 1;
		srv.X509_EXTENSION_free(ext);
	}
	if (!ok || srv.X509_sign(x, pk, srv.EVP_sha256()) <= 0) {
		ossl.X509_free(x);
		return NULL;
	}
	return x;
}

/* An ephemeral key and certificate into sc->ctx.  Returns 0, or -1. */
static int
ctx_ephemeral(struct tls_server_ctx *sc, char *err)
{
	EVP_PKEY *pk;
	X509 *x = NULL;
	int ok;

	ephemeral_name(sc->name, sizeof(sc->name));
	sc->ephemeral = 1;
	ok = (pk = srv.EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256")) != NULL &&
	    (x = ephemeral_cert(sc, pk)) != NULL &&
	    srv.SSL_CTX_use_certificate(sc->ctx, x) == 1 &&
	    srv.SSL_CTX_use_PrivateKey(sc->ctx, pk) == 1;
	if (x != NULL)
		ossl.X509_free(x);
	if (pk != NULL)
		srv.EVP_PKEY_free(pk);
	if (!ok)
		snprintf(err, SK_ERRLEN, "cannot make a certificate: %s",
		    tls_reason("unknown error"));
	return ok ? 0 : -1;
}

/* The certificate of o (or an ephemeral one), the CAs, the limits. */
static int
ctx_setup(struct tls_server_ctx *sc, const struct tls_server_opts *o,
    char *err)
{
	static const unsigned char sid[] = "sockt";
	OPENSSL_STACK *names;

	(void)ossl.SSL_CTX_ctrl(sc->ctx, SSL_CTRL_SET_SESS_CACHE_MODE,
	    SSL_SESS_CACHE_OFF, NULL);
	/* without one, resuming a session whose client was verified fails */
	if (srv.SSL_CTX_set_session_id_context(sc->ctx, sid,
	    sizeof(sid) - 1) != 1) {
		snprintf(err, SK_ERRLEN, "cannot set up the TLS context");
		return -1;
	}
	errno = 0;
	if (o->cert == NULL) {
		if (ctx_ephemeral(sc, err) == -1)
			return -1;
	} else if (ossl.SSL_CTX_use_certificate_chain_file(sc->ctx,
	    o->cert) != 1)
		return tls_file_fail("certificate", o->cert, err);
	else if (ossl.SSL_CTX_use_PrivateKey_file(sc->ctx, o->key != NULL ?
	    o->key : o->cert, SSL_FILETYPE_PEM) != 1 ||
	    ossl.SSL_CTX_check_private_key(sc->ctx) != 1)
		return tls_file_fail("key", o->key != NULL ? o->key : o->cert,
		    err);
	if (!o->verify_client)
		return 0;
	errno = 0;
	if (ossl.SSL_CTX_load_verify_locations(sc->ctx, o->cafile, NULL) != 1 ||
	    (names = srv.SSL_load_client_CA_file(o->cafile)) == NULL)
		return tls_file_fail("CA file", o->cafile, err);
	/* the CAs named to the client, which picks its certificate by them */
	srv.SSL_CTX_set_client_CA_list(sc->ctx, names);
	ossl.SSL_CTX_set_verify(sc->ctx, SSL_VERIFY_PEER |
	    SSL_VERIFY_FAIL_IF_NO_PEER_CERT, tls_keep_leaf);
	return 0;
}

/* The certificate's SHA-256 fingerprint as AB:CD:..., into sc->fp. */
static void
ctx_fingerprint(struct tls_server_ctx *sc)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char md[64];
	unsigned int n = 0, i;
	X509 *x = srv.SSL_CTX_get0_certificate(sc->ctx);

	sc->fp[0] = '\0';
	if (x == NULL || tls_key_pin(x, sc->pin) == -1)
		sc->pin[0] = '\0';
	if (x == NULL || srv.X509_digest(x, srv.EVP_sha256(), md, &n) != 1 ||
	    n * 3 > sizeof(sc->fp))
		return;
	for (i = 0; i < n; i++) {
		sc->fp[3 * i] = hex[md[i] >> 4];
		sc->fp[3 * i + 1] = hex[md[i] & 15];
		sc->fp[3 * i + 2] = i + 1 < n ? ':' : '\0';
	}
}

struct tls_server_ctx *
tls_server_ctx_new(const struct tls_server_opts *o, char *err)
{
	struct tls_server_ctx *sc;

	err[0] = '\0';
	if (tls_load(err) == -1)
		return NULL;
	if ((sc = calloc(1, sizeof(*sc))) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return NULL;
	}
	sc->dtls = o->dtls;
	sc->mtu = o->mtu;
	if ((sc->ctx = tls_ctx_new(o->dtls ? tls_dtls_method(1) :
	    srv.TLS_server_method(), o->dtls ?
	    tls_dtls_min_proto(o->min_version) :
	    tls_min_proto(o->min_version), err)) == NULL) {
		free(sc);
		return NULL;
	}
	if (ctx_setup(sc, o, err) == -1 ||
	    (o->dtls && tls_dtls_ctx(sc->ctx, err) == -1)) {
		tls_server_ctx_free(sc);
		return NULL;
	}
	ctx_fingerprint(sc);
	return sc;
}

void
tls_server_ctx_free(struct tls_server_ctx *sc)
{
	if (sc == NULL)
		return;
	ossl.SSL_CTX_free(sc->ctx);
	free(sc);
}

/* Whether the certificate is ephemeral, and then its name. */
int
tls_server_ephemeral(const struct tls_server_ctx *sc, const char **name)
{
	*name = sc->name;
	return sc->ephemeral;
}

void
tls_server_fingerprint(const struct tls_server_ctx *sc, char *buf)
{
	memcpy(buf, sc->fp, TLS_FP_LEN);
}

void
tls_server_pin(const struct tls_server_ctx *sc, char *buf)
{
	memcpy(buf, sc->pin, TLS_PIN_LEN);
}

struct tls_conn *
tls_server_new(int fd, struct tls_server_ctx *sc, char *err)
{
	struct tls_conn *c;
	int one = 1;

	err[0] = '\0';
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return NULL;
	}
	/* c->ctx stays NULL: the context is the server's, not c's to free */
	c->fd = fd;
	c->dtls = sc->dtls;
	/*
	 * A server writes its handshake's last flight, the session tickets
	 * and the first answer as small writes one after another: Nagle
	 * would hold each back until the last is acknowledged, a delayed
	 * ACK (40 ms on Linux) per connection.  OpenSSL writes whole
	 * records, so nothing is lost to tinygrams.  Not TCP: no matter.
	 */
	if (!c->dtls)
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
		    sizeof(one));
	ossl.ERR_clear_error();
	if ((c->ssl = ossl.SSL_new(sc->ctx)) == NULL ||
	    (c->dtls ? tls_dtls_bio(c, sc->mtu, err) : ossl.SSL_set_fd(c->ssl,
	    fd) != 1 ? -1 : 0) == -1 ||
	    ossl.SSL_set_ex_data(c->ssl, 0, c) != 1) {
		if (err[0] == '\0')
			snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot "
			    "make a TLS session"));
		tls_close(c);
		return NULL;
	}
	srv.SSL_set_accept_state(c->ssl);
	return c;
}

int
tls_peer_subject(struct tls_conn *c, char *buf, size_t size)
{
	X509 *x;

	buf[0] = '\0';
	if ((x = ossl.SSL_get1_peer_certificate(c->ssl)) == NULL)
		return -1;
	(void)ossl.X509_NAME_oneline(ossl.X509_get_subject_name(x), buf,
	    size > INT32_MAX ? INT32_MAX : (int)size);
	ossl.X509_free(x);
	return 0;
}
