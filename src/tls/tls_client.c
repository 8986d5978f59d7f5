/*
 * tls_client.c: a TLS client connection (tls.h): the CA store, the
 * client certificate, the protocol limits, SNI and the name checked.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"

/*
 * A read buffer this large with read-ahead: one read(2) brings several
 * records, where without it OpenSSL reads each record's header and body
 * apart (two reads a 16 KiB record)
 */
#define READ_AHEAD_LEN	(256 * 1024)

/* This part's own symbols, resolved with the rest (tls.c's tables[]). */
static struct {
	void	(*SSL_CTX_set_default_read_buffer_len)(SSL_CTX *, size_t);
	void	(*SSL_CTX_sess_set_new_cb)(SSL_CTX *,
		    int (*)(SSL *, SSL_SESSION *));
	void	(*SSL_set_cert_cb)(SSL *, int (*)(SSL *, void *), void *);
	int	(*SSL_CTX_set_cipher_list)(SSL_CTX *, const char *);
	int	(*SSL_CTX_set_ciphersuites)(SSL_CTX *, const char *);
} cl;

static const struct dl_sym client_syms[] = {
	TLS_SYM(cl, SSL_CTX_set_default_read_buffer_len),
	TLS_SYM(cl, SSL_CTX_sess_set_new_cb), TLS_SYM(cl, SSL_set_cert_cb),
	TLS_SYM(cl, SSL_CTX_set_cipher_list),
	TLS_SYM(cl, SSL_CTX_set_ciphersuites)
};
const struct dl_symtab tls_client_symtab = DL_SYMTAB(client_syms);

/*
 * The server asked for our certificate: in TLS 1.3 it judges it after
 * our side of the handshake is over (tls_handshake_step waits).
 */
static int
cert_asked(SSL *ssl, void *arg)
{
	(void)ssl;
	((struct tls_conn *)arg)->asked = 1;
	return 1;
}

/*
 * A session ticket: a TLS 1.3 server sends it once it has taken our
 * Finished, the certificate it asked for with it.  Not kept (0: OpenSSL
 * frees it).
 */
static int
got_ticket(SSL *ssl, SSL_SESSION *sess)
{
	struct tls_conn *c = ossl.SSL_get_ex_data(ssl, 0);

	(void)sess;
	if (c != NULL)
		c->ticket = 1;
	return 0;
}

/* The CA store, client certificate and ALPN of o into ctx. */
static int
ctx_setup(SSL_CTX *ctx, const struct tls_client_opts *o, char *err)
{
	const char *bad = NULL;

	errno = 0;
	/*
	 * -k: no store at all, as curl's populate_x509_store: a --cacert
	 * it cannot read is no failure, and the verdict a -w shows is
	 * against no root (20, as curl's)
	 */
	if (o->insecure)
		;
	else if (o->cafile != NULL || o->capath != NULL) {
		if (ossl.SSL_CTX_load_verify_locations(ctx, o->cafile,
		    o->capath) != 1)
			return tls_file_fail(o->cafile != NULL ? "CA file" :
			    "CA directory", o->cafile != NULL ? o->cafile :
			    o->capath, err);
	} else if (ossl.SSL_CTX_set_default_verify_paths(ctx) != 1) {
		snprintf(err, SK_ERRLEN, "cannot load the system's CA store");
		return -1;
	}
	ossl.SSL_CTX_set_verify(ctx, o->insecure ? SSL_VERIFY_NONE :
	    SSL_VERIFY_PEER, tls_keep_leaf);
	if (o->cert != NULL && ossl.SSL_CTX_use_certificate_chain_file(ctx,
	    o->cert) != 1)
		return tls_file_fail(TLS_CLIENT_ERR "certificate", o->cert,
		    err);
	if (o->cert != NULL && (ossl.SSL_CTX_use_PrivateKey_file(ctx,
	    o->key != NULL ? o->key : o->cert, SSL_FILETYPE_PEM) != 1 ||
	    ossl.SSL_CTX_check_private_key(ctx) != 1))
		return tls_file_fail(TLS_CLIENT_ERR "key", o->key != NULL ?
		    o->key : o->cert, err);
	/* curl's --ciphers and --tls13-ciphers: OpenSSL's own syntax */
	if (o->ciphers != NULL && cl.SSL_CTX_set_cipher_list(ctx,
	    o->ciphers) != 1)
		bad = o->ciphers;
	else if (o->ciphers13 != NULL && cl.SSL_CTX_set_ciphersuites(ctx,
	    o->ciphers13) != 1)
		bad = o->ciphers13;
	if (bad != NULL) {
		snprintf(err, SK_ERRLEN, TLS_CIPHERS_ERR "OpenSSL takes no "
		    "cipher of %s", bad);
		return -1;
	}
	if (o->read_ahead) {
		cl.SSL_CTX_set_default_read_buffer_len(ctx, READ_AHEAD_LEN);
		(void)ossl.SSL_CTX_ctrl(ctx, SSL_CTRL_SET_READ_AHEAD, 1, NULL);
	}
	/* the tickets only seen (got_ticket), none stored */
	(void)ossl.SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SESS_CACHE_MODE,
	    SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE, NULL);
	cl.SSL_CTX_sess_set_new_cb(ctx, got_ticket);
	if (o->alpn != NULL && ossl.SSL_CTX_set_alpn_protos(ctx, o->alpn,
	    (unsigned int)o->alpn_len) != 0) {
		snprintf(err, SK_ERRLEN, "cannot offer the ALPN list");
		return -1;
	}
	return 0;
}

/* SNI for a name (never an IP literal, RFC 6066) and the name checked. */
static int
ssl_setup(struct tls_conn *c, const struct tls_client_opts *o, char *err)
{
	unsigned char a[sizeof(struct in6_addr)];
	const char *name = c->host;
	int ip = inet_pton(AF_INET, name, a) == 1 ||
	    inet_pton(AF_INET6, name, a) == 1;

	ossl.SSL_set_connect_state(c->ssl);
	if (c->dtls && tls_dtls_bio(c, o->mtu, err) == -1)
		return -1;
	if (c->io.read != NULL && tls_over_bio(c, err) == -1)
		return -1;
	if ((!c->dtls && c->io.read == NULL && ossl.SSL_set_fd(c->ssl,
	    c->fd) != 1) ||
	    ossl.SSL_set_ex_data(c->ssl, 0, c) != 1) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("SSL_set_fd "
		    "failed"));
		return -1;
	}
	cl.SSL_set_cert_cb(c->ssl, cert_asked, c);
	if (!ip && ossl.SSL_ctrl(c->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME,
	    TLSEXT_NAMETYPE_host_name, (void *)(uintptr_t)name) != 1) {
		snprintf(err, SK_ERRLEN, "cannot send the name %s", name);
		return -1;
	}
	if (o->insecure)
		return 0;
	if ((ip ? ossl.X509_VERIFY_PARAM_set1_ip_asc(ossl.SSL_get0_param(c->ssl),
	    name) : ossl.SSL_set1_host(c->ssl, name)) != 1) {
		snprintf(err, SK_ERRLEN, "cannot check the certificate "
		    "against %s", name);
		return -1;
	}
	return 0;
}

struct tls_conn *
tls_client_new(int fd, const struct tls_client_opts *o, char *err)
{
	struct tls_conn *c;

	err[0] = '\0';
	if (tls_load(err) == -1 || (c = calloc(1, sizeof(*c))) == NULL) {
		if (err[0] == '\0')
			snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		/* o->io's arg is ours: let go as tls_close would */
		if (o->io != NULL && o->io->done != NULL)
			o->io->done(o->io->arg);
		return NULL;
	}
	c->fd = fd;
	c->host = o->servername != NULL ? o->servername : o->host;
	c->port = o->port;
	c->ca_opt = o->ca_opt;
	c->pins = o->pins;
	c->insecure = o->insecure;
	c->dtls = o->dtls;
	c->client = 1;
	if (o->io != NULL)
		c->io = *o->io;
	if ((c->ctx = tls_ctx_new(o->dtls ? tls_dtls_method(0) :
	    ossl.TLS_client_method(), o->dtls ?
	    tls_dtls_min_proto(o->min_version) :
	    tls_min_proto(o->min_version), err)) == NULL) {
		tls_close(c);
		return NULL;
	}
	if (ctx_setup(c->ctx, o, err) == -1 ||
	    (c->ssl = ossl.SSL_new(c->ctx)) == NULL ||
	    ssl_setup(c, o, err) == -1) {
		if (c->ssl == NULL && err[0] == '\0')
			snprintf(err, SK_ERRLEN, "cannot make a TLS session");
		tls_close(c);
		return NULL;
	}
	return c;
}


long
tls_verify_result(struct tls_conn *c)
{
	return ossl.SSL_get_verify_result(c->ssl);
}
