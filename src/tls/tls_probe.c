/*
 * tls_probe.c: portscan's TLS probe (tls_probe.h): its context, the
 * session whose handshake the connection stack's TLS layer runs
 * (net/conn.c, as every other command's), why a handshake failed in the
 * probe's own words, and what the peer's certificate says: its subject
 * and issuer as openssl x509 prints them, its names, notAfter and the
 * days left, and whether it has expired, is not yet valid, is
 * self-signed or is for another name than the target's.
 * Nothing is verified: a scan wants to see every certificate, the bad
 * ones most of all.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse/tlsfields.h"
#include "tls/tls.h"
#include "tls/tls_int.h"
#include "tls/tls_probe.h"
#include "util/base.h"

/* X509_NAME_print_ex's flags that openssl x509 -subject prints with */
#define XN_FLAG_ONELINE	0x82031fUL
#define GEN_EMAIL	1
#define GEN_URI		6
#define PROBE_NAME_MAX	256	/* the name sent and checked, its NUL too */

/* This part's own symbols, resolved with the rest (tls.c's tables[]). */
static struct {
	const struct bio_method_st *(*BIO_s_mem)(void);
	struct bio_st	*(*BIO_new)(const struct bio_method_st *);
	int		(*BIO_read)(struct bio_st *, void *, int);
	int		(*BIO_free)(struct bio_st *);
	int		(*X509_NAME_print_ex)(struct bio_st *, const X509_NAME *,
			    int, unsigned long);
	int		(*X509_self_signed)(X509 *, int);
	int		(*X509_check_host)(X509 *, const char *, size_t,
			    unsigned int, char **);
	int		(*ASN1_TIME_diff)(int *, int *, const ASN1_STRING *,
			    const ASN1_STRING *);
	void		(*SSL_CTX_set_security_level)(SSL_CTX *, int);
} pr;

static const struct dl_sym probe_syms[] = {
	TLS_SYM(pr, BIO_s_mem), TLS_SYM(pr, BIO_new), TLS_SYM(pr, BIO_read),
	TLS_SYM(pr, BIO_free), TLS_SYM(pr, X509_NAME_print_ex),
	TLS_SYM(pr, X509_self_signed), TLS_SYM(pr, X509_check_host),
	TLS_SYM(pr, ASN1_TIME_diff), TLS_SYM(pr, SSL_CTX_set_security_level)
};
const struct dl_symtab tls_probe_symtab = DL_SYMTAB(probe_syms);

struct tls_probe_ctx {
	SSL_CTX		*ctx;
};

struct tls_probe_ctx *
tls_probe_ctx_new(char *err)
{
	struct tls_probe_ctx *x;

	if (tls_load(err) == -1)
		return NULL;
	if ((x = calloc(1, sizeof(*x))) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return NULL;
	}
	/* the system's policy (TLS 1.2, level 2) would hide old servers */
	if ((x->ctx = tls_ctx_new(ossl.TLS_client_method(), TLS1_VERSION,
	    err)) == NULL) {
		free(x);
		return NULL;
	}
	ossl.SSL_CTX_set_verify(x->ctx, SSL_VERIFY_NONE, NULL);
	pr.SSL_CTX_set_security_level(x->ctx, 0);
	return x;
}

void
tls_probe_ctx_free(struct tls_probe_ctx *x)
{
	if (x == NULL)
		return;
	ossl.SSL_CTX_free(x->ctx);
	free(x);
}

struct tls_conn *
tls_probe_conn(struct tls_probe_ctx *x, int fd, const char *name, char *err)
{
	struct tls_conn *c;
	char *host;

	/* the name in the same block, freed with it by tls_close */
	if ((c = calloc(1, sizeof(*c) + PROBE_NAME_MAX)) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return NULL;
	}
	host = (char *)(c + 1);
	/* a name cut short would be another name: none then */
	if (name != NULL && strlen(name) < PROBE_NAME_MAX)
		memcpy(host, name, strlen(name) + 1);
	c->fd = fd;
	c->host = host;
	c->client = 1;
	/* no verification was asked for: its verdict is no failure's cause */
	c->insecure = 1;
	ossl.ERR_clear_error();
	if ((c->ssl = ossl.SSL_new(x->ctx)) == NULL ||
	    ossl.SSL_set_fd(c->ssl, fd) != 1) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot make a TLS "
		    "session"));
		tls_close(c);
		return NULL;
	}
	ossl.SSL_set_connect_state(c->ssl);
	/* SNI as a client by that name sends it; refused, the check stays */
	if (host[0] != '\0')
		(void)ossl.SSL_ctrl(c->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME,
		    TLSEXT_NAMETYPE_host_name, host);
	return c;
}

/* Why the handshake failed (SSL error e, errno sys), for a scan. */
static void
probe_reason(int e, int sys, char *buf, size_t size)
{
	const char *r;

	if (e == SSL_ERROR_SYSCALL && ossl.ERR_peek_error() == 0) {
		if (sys == 0)
			snprintf(buf, size, "closed during the TLS handshake");
		else
			snprintf(buf, size, "TLS handshake failed: %s",
			    strerror(sys));
		return;
	}
	r = tls_reason("unknown error");
	/* what OpenSSL says of a reply that is no TLS record */
	if (strcmp(r, "wrong version number") == 0 ||
	    strcmp(r, "packet length too long") == 0 ||
	    strcmp(r, "record layer failure") == 0 ||
	    strcmp(r, "unknown protocol") == 0)
		snprintf(buf, size, "not TLS (%s)", r);
	else
		snprintf(buf, size, "TLS handshake failed: %s", r);
}

/* A name (subject, issuer) as openssl x509 prints it, into buf. */
static void
name_str(const X509_NAME *n, char *buf, size_t size)
{
	struct bio_st *b;
	int len = -1;

	buf[0] = '\0';
	if (n == NULL)
		return;
	if ((b = pr.BIO_new(pr.BIO_s_mem())) != NULL) {
		if (pr.X509_NAME_print_ex(b, n, 0, XN_FLAG_ONELINE) >= 0 &&
		    (len = pr.BIO_read(b, buf, (int)size - 1)) >= 0)
			buf[len] = '\0';
		(void)pr.BIO_free(b);
	}
	if (len < 0)
		(void)ossl.X509_NAME_oneline(n, buf, (int)size);
}

/* subjectAltName's DNS names, addresses, mail addresses and URIs. */
static void
san_fields(X509 *x, struct tls_fields *f)
{
	OPENSSL_STACK *gens;
	struct general_name *g;
	const unsigned char *d;
	char ip[INET6_ADDRSTRLEN];
	int i, n, l;

	if ((gens = ossl.X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL)) == NULL)
		return;
	n = ossl.OPENSSL_sk_num(gens);
	for (i = 0; i < n; i++) {
		g = ossl.OPENSSL_sk_value(gens, i);
		d = ossl.ASN1_STRING_get0_data(g->d);
		l = ossl.ASN1_STRING_length(g->d);
		if (d == NULL || l < 0)
			continue;
		if (g->type == GEN_DNS)
			(void)tlsf_san_add(f, "DNS:", d, (size_t)l);
		else if (g->type == GEN_EMAIL)
			(void)tlsf_san_add(f, "email:", d, (size_t)l);
		else if (g->type == GEN_URI)
			(void)tlsf_san_add(f, "URI:", d, (size_t)l);
		else if (g->type == GEN_IPADD && (l == 4 || l == 16) &&
		    inet_ntop(l == 4 ? AF_INET : AF_INET6, d, ip,
		    sizeof(ip)) != NULL)
			(void)tlsf_san_add(f, "IP:", ip, strlen(ip));
	}
	ossl.GENERAL_NAMES_free(gens);
}

/* The certificate x checked against name (NULL: no check) into f. */
static void
cert_fields(X509 *x, const char *name, struct tls_fields *f)
{
	const ASN1_STRING *na = ossl.X509_get0_notAfter(x);
	const ASN1_STRING *nb = ossl.X509_get0_notBefore(x);
	struct tm tm;
	int days, secs;

	f->has_cert = 1;
	name_str(ossl.X509_get_subject_name(x), f->subject,
	    sizeof(f->subject));
	name_str(ossl.X509_get_issuer_name(x), f->issuer, sizeof(f->issuer));
	memset(&tm, 0, sizeof(tm));
	if (na == NULL || ossl.ASN1_TIME_to_tm(na, &tm) != 1 ||
	    strftime(f->not_after, sizeof(f->not_after), "%Y-%m-%dT%H:%M:%SZ",
	    &tm) == 0)
		snprintf(f->not_after, sizeof(f->not_after), "?");
	/* from NULL: from now; negative once past */
	if (na != NULL && pr.ASN1_TIME_diff(&days, &secs, NULL, na) == 1) {
		f->days_left = tlsf_days((long long)days * 86400 + secs);
		if (days < 0 || secs < 0)
			f->flags |= TLSF_EXPIRED;
	}
	if (nb != NULL && pr.ASN1_TIME_diff(&days, &secs, NULL, nb) == 1 &&
	    (days > 0 || secs > 0))
		f->flags |= TLSF_NOT_YET_VALID;
	/* its issuer's name is its own, and its own key verifies it */
	if (pr.X509_self_signed(x, 1) == 1)
		f->flags |= TLSF_SELF_SIGNED;
	/* as a client checks (SSL_set1_host): 1 matches, < 0 is no answer */
	if (name != NULL && pr.X509_check_host(x, name, strlen(name), 0,
	    NULL) == 0)
		f->flags |= TLSF_NAME_MISMATCH;
	san_fields(x, f);
}

/* The session of c and its peer's certificate checked against name. */
static void
conn_fields(struct tls_conn *c, const char *name, struct tls_fields *f)
{
	const SSL_CIPHER *ci = ossl.SSL_get_current_cipher(c->ssl);
	const char *v = ossl.SSL_get_version(c->ssl);
	X509 *x;

	memset(f, 0, sizeof(*f));
	snprintf(f->version, sizeof(f->version), "%s", v != NULL ? v : "");
	snprintf(f->cipher, sizeof(f->cipher), "%s", ci != NULL ?
	    ossl.SSL_CIPHER_get_name(ci) : "");
	if ((x = ossl.SSL_get1_peer_certificate(c->ssl)) == NULL)
		return;
	cert_fields(x, name, f);
	ossl.X509_free(x);
}

void
tls_probe_fields(struct tls_conn *c, int failed, struct tls_fields *f)
{
	/* done either way; a failure may have brought the certificate */
	conn_fields(c, c->host[0] != '\0' ? c->host : NULL, f);
	if (failed)
		probe_reason(c->fail_ssl, c->fail_errno, f->error,
		    sizeof(f->error));
}
