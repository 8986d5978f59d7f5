/*
 * tls_cert.c: what a certificate says, in words for -v and the messages:
 * its times, its names, and the session's description (tls_info).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"

/* A certificate time as 2026-11-13 (with the clock when full). */
void
tls_cert_time(const ASN1_STRING *t, int full, char *buf, size_t size)
{
	struct tm tm;

	buf[0] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ossl.ASN1_TIME_to_tm(t, &tm) != 1 ||
	    strftime(buf, size, full ? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d",
	    &tm) == 0)
		snprintf(buf, size, "?");
}

/*
 * The certificate's names, ", "-separated: its DNS names (and, with ips,
 * its IP addresses) from subjectAltName as "DNS:" or "IP:" when tagged,
 * else bare.  Empty when it has none.
 */
void
tls_cert_names(X509 *x, int tagged, char *buf, size_t size)
{
	OPENSSL_STACK *gens;
	struct general_name *g;
	const unsigned char *d;
	char ip[INET6_ADDRSTRLEN];
	size_t len = 0;
	int i, n;

	buf[0] = '\0';
	if ((gens = ossl.X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL)) == NULL)
		return;
	n = ossl.OPENSSL_sk_num(gens);
	for (i = 0; i < n && len + 1 < size; i++) {
		g = ossl.OPENSSL_sk_value(gens, i);
		d = ossl.ASN1_STRING_get0_data(g->d);
		if (g->type == GEN_DNS)
			len += (size_t)snprintf(buf + len, size - len, "%s%s%.*s",
			    len > 0 ? ", " : "", tagged ? "DNS:" : "",
			    ossl.ASN1_STRING_length(g->d), (const char *)d);
		else if (g->type == GEN_IPADD &&
		    (ossl.ASN1_STRING_length(g->d) == 4 ||
		    ossl.ASN1_STRING_length(g->d) == 16) && inet_ntop(
		    ossl.ASN1_STRING_length(g->d) == 4 ? AF_INET : AF_INET6, d,
		    ip, sizeof(ip)) != NULL)
			len += (size_t)snprintf(buf + len, size - len, "%s%s%s",
			    len > 0 ? ", " : "", tagged ? "IP:" : "", ip);
	}
	ossl.GENERAL_NAMES_free(gens);
}

void
tls_info(struct tls_conn *c, struct tls_info *in)
{
	const SSL_CIPHER *ci = ossl.SSL_get_current_cipher(c->ssl);
	const unsigned char *a = NULL;
	unsigned int alen = 0;
	X509 *x;

	memset(in, 0, sizeof(*in));
	snprintf(in->version, sizeof(in->version), "%s",
	    ossl.SSL_get_version(c->ssl));
	snprintf(in->cipher, sizeof(in->cipher), "%s", ci != NULL ?
	    ossl.SSL_CIPHER_get_name(ci) : "none");
	ossl.SSL_get0_alpn_selected(c->ssl, &a, &alen);
	if (a != NULL)
		snprintf(in->alpn, sizeof(in->alpn), "%.*s", (int)alen,
		    (const char *)a);
	if ((x = ossl.SSL_get1_peer_certificate(c->ssl)) == NULL)
		return;
	(void)ossl.X509_NAME_oneline(ossl.X509_get_subject_name(x), in->subject,
	    (int)sizeof(in->subject));
	(void)ossl.X509_NAME_oneline(ossl.X509_get_issuer_name(x), in->issuer,
	    (int)sizeof(in->issuer));
	tls_cert_time(ossl.X509_get0_notBefore(x), 1, in->not_before,
	    sizeof(in->not_before));
	tls_cert_time(ossl.X509_get0_notAfter(x), 1, in->not_after,
	    sizeof(in->not_after));
	tls_cert_names(x, 1, in->san, sizeof(in->san));
	ossl.X509_free(x);
}

int
tls_peer_chain_len(struct tls_conn *c)
{
	OPENSSL_STACK *sk = ossl.SSL_get_peer_cert_chain(c->ssl);

	return sk != NULL ? ossl.OPENSSL_sk_num(sk) : 0;
}
