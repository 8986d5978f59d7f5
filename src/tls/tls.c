/*
 * tls.c: TLS from the system's OpenSSL 3, opened with dlopen at the first
 * use (tls.h): loading, the handshake, I/O and what a failure means.
 * Every symbol is resolved once, at load time, from the tables below (a
 * part of the module with functions of its own names its table there): a
 * library that lacks one is refused with its name, never called through
 * a null pointer.
 *
 * What OpenSSL's headers hide and we must spell out: SSL_set_tlsext_host_name
 * and SSL_CTX_set_min_proto_version are macros over SSL_ctrl and
 * SSL_CTX_ctrl (commands 55 and 123), SSL_CTX_set_mode over SSL_CTX_ctrl
 * (33); SSL_get_peer_certificate is SSL_get1_peer_certificate in 3.x;
 * SSL_CTX_set_alpn_protos returns 0 on success; options are uint64_t; and
 * 3.x takes a close without close_notify for an error unless
 * SSL_OP_IGNORE_UNEXPECTED_EOF is set (many servers close so).
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/dl.h"

#define SYM(name)	TLS_SYM(ossl, name)
static const struct dl_sym core_syms[] = {
	SYM(OpenSSL_version_num), SYM(OpenSSL_version), SYM(ERR_peek_error),
	SYM(ERR_reason_error_string), SYM(ERR_clear_error), SYM(X509_free),
	SYM(X509_get_subject_name), SYM(X509_get_issuer_name),
	SYM(X509_NAME_oneline), SYM(X509_get0_notBefore),
	SYM(X509_get0_notAfter), SYM(ASN1_TIME_to_tm), SYM(X509_get_ext_d2i),
	SYM(OPENSSL_sk_num), SYM(OPENSSL_sk_value), SYM(GENERAL_NAMES_free),
	SYM(ASN1_STRING_get0_data), SYM(ASN1_STRING_length),
	SYM(X509_VERIFY_PARAM_set1_ip_asc),
	SYM(X509_verify_cert_error_string), SYM(TLS_client_method),
	SYM(SSL_CTX_new), SYM(SSL_CTX_free),
	SYM(SSL_CTX_set_default_verify_paths),
	SYM(SSL_CTX_load_verify_locations), SYM(SSL_CTX_set_verify),
	SYM(SSL_CTX_use_certificate_chain_file),
	SYM(SSL_CTX_use_PrivateKey_file), SYM(SSL_CTX_check_private_key),
	SYM(SSL_CTX_set_options), SYM(SSL_CTX_ctrl),
	SYM(SSL_CTX_set_alpn_protos), SYM(SSL_new), SYM(SSL_free),
	SYM(SSL_set_fd), SYM(SSL_ctrl), SYM(SSL_set1_host),
	SYM(SSL_get0_param), SYM(SSL_set_connect_state), SYM(SSL_do_handshake),
	SYM(SSL_read), SYM(SSL_peek), SYM(SSL_write),
	SYM(SSL_shutdown), SYM(SSL_get_error), SYM(SSL_pending),
	SYM(SSL_get_verify_result), SYM(SSL_get_version),
	SYM(SSL_get_current_cipher), SYM(SSL_CIPHER_get_name),
	SYM(SSL_get0_alpn_selected), SYM(SSL_get1_peer_certificate),
	SYM(SSL_get_peer_cert_chain),
	SYM(X509_up_ref), SYM(X509_STORE_CTX_get0_cert),
	SYM(X509_STORE_CTX_get_ex_data),
	SYM(SSL_get_ex_data_X509_STORE_CTX_idx), SYM(SSL_set_ex_data),
	SYM(SSL_get_ex_data), SYM(ERR_error_string_n)
};

/* Every table the module resolves at load time, the core first. */
static const struct dl_symtab core_symtab = DL_SYMTAB(core_syms);
static const struct dl_symtab *const tables[] = {
	&core_symtab,
	&tls_client_symtab,
	&tls_hash_symtab,
	&tls_pin_symtab,
	&tls_server_symtab,
	&tls_probe_symtab,
	&tls_dtls_symtab,
	&tls_over_symtab,
	&tls_certinfo_symtab
};

static int loaded;		/* 1: F is complete; -1: failed */
static char load_err[SK_ERRLEN];
static char lib_version[128];
static char lib_name[256];	/* the libssl opened */

/* Open the libraries and fill ossl.  Returns 0, or -1 with load_err. */
static int
tls_open(void)
{
	const char *ssl = dl_name("SOCKT_TLS_LIB", TLS_LIB_NAME);
	const char *crypto = dl_name("SOCKT_TLS_CRYPTO", "libcrypto.so.3");
	const char *missing;
	void *h[2];

	/* the message names the library the user has to install */
	if ((h[1] = dl_open(crypto)) == NULL ||
	    (h[0] = dl_open(ssl)) == NULL) {
		snprintf(load_err, sizeof(load_err), "TLS needs %s (OpenSSL "
		    "3), which was not found", TLS_LIB_NAME);
		return -1;
	}
	/* libssl's symbols first, then libcrypto's */
	if (dl_resolve(h, 2, tables, sizeof(tables) / sizeof(tables[0]),
	    &missing) == -1) {
		snprintf(load_err, sizeof(load_err), "TLS needs OpenSSL 3: %s "
		    "has no %s", ssl, missing);
		return -1;
	}
	if (ossl.OpenSSL_version_num() < OSSL_VERSION_3) {
		snprintf(load_err, sizeof(load_err), "TLS needs OpenSSL 3; "
		    "%s is %s", ssl, ossl.OpenSSL_version(OPENSSL_VERSION_TEXT));
		return -1;
	}
	snprintf(lib_version, sizeof(lib_version), "%s",
	    ossl.OpenSSL_version(OPENSSL_VERSION_TEXT));
	snprintf(lib_name, sizeof(lib_name), "%s", ssl);
	return 0;
}

int
tls_load(char *err)
{
	if (loaded == 0)
		loaded = tls_open() == 0 ? 1 : -1;
	if (loaded == 1)
		return 0;
	snprintf(err, SK_ERRLEN, "%s", load_err);
	return -1;
}

int
tls_opened(void)
{
	return loaded != 0;
}

const char *
tls_lib_version(void)
{
	char err[SK_ERRLEN];

	return tls_load(err) == 0 ? lib_version : NULL;
}

const char *
tls_lib_name(void)
{
	char err[SK_ERRLEN];

	return tls_load(err) == 0 ? lib_name : NULL;
}

/* A file option's failure: "what FILE: reason". */
int
tls_file_fail(const char *what, const char *file, char *err)
{
	int e = errno;

	snprintf(err, SK_ERRLEN, "%s %s: %s", what, file,
	    tls_reason(e != 0 ? strerror(e) : "unusable"));
	return -1;
}

/*
 * A context as every part of the module wants one: SSL_CTX_new(m) with
 * SSL_OP_IGNORE_UNEXPECTED_EOF, partial writes from a moving buffer, and
 * the lowest protocol version min (a TLS1_*_VERSION; 0: the library's
 * default).  NULL with err.
 */
SSL_CTX *
tls_ctx_new(const SSL_METHOD *m, int min, char *err)
{
	SSL_CTX *ctx;

	ossl.ERR_clear_error();
	if ((ctx = ossl.SSL_CTX_new(m)) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot make a TLS "
		    "context"));
		return NULL;
	}
	ossl.SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	(void)ossl.SSL_CTX_ctrl(ctx, SSL_CTRL_MODE,
	    SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
	    NULL);
	if (min != 0 && ossl.SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION,
	    min, NULL) != 1) {
		/* DTLS 1.3 (0xFEFC): only a newer OpenSSL has it */
		if (min == 0xFEFC)
			snprintf(err, SK_ERRLEN, "--tls-min 1.3: %s has no "
			    "DTLS 1.3", ossl.OpenSSL_version(
			    OPENSSL_VERSION_TEXT));
		else
			snprintf(err, SK_ERRLEN, "cannot set the lowest TLS "
			    "version");
		ossl.SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* --tls-min's 12 or 13 as the version OpenSSL takes; 0 stays 0. */
int
tls_min_proto(int min_version)
{
	return min_version == 13 ? TLS1_3_VERSION : min_version == 12 ?
	    TLS1_2_VERSION : 0;
}

/*
 * The verification callback of clients and servers alike: keeps the
 * peer's certificate, which a refused handshake does not keep, for the
 * message that says what is wrong with it; the verdict is OpenSSL's.
 */
int
tls_keep_leaf(int ok, X509_STORE_CTX *xs)
{
	SSL *ssl = ossl.X509_STORE_CTX_get_ex_data(xs,
	    ossl.SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_conn *c = ssl != NULL ? ossl.SSL_get_ex_data(ssl, 0) : NULL;
	X509 *x = ossl.X509_STORE_CTX_get0_cert(xs);

	if (c != NULL && c->leaf == NULL && x != NULL &&
	    ossl.X509_up_ref(x) == 1)
		c->leaf = x;
	return ok;
}

/* Why verification refused the peer (v from SSL_get_verify_result). */
static void
verify_reason(struct tls_conn *c, long v, char *err)
{
	X509 *x = c->leaf;
	const char *ca = c->ca_opt != NULL ? c->ca_opt : "--cacert";
	char when[32], names[256];

	switch (v) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
		tls_cert_time(x == NULL ? NULL : v == X509_V_ERR_CERT_HAS_EXPIRED ?
		    ossl.X509_get0_notAfter(x) : ossl.X509_get0_notBefore(x), 0,
		    when, sizeof(when));
		snprintf(err, SK_ERRLEN, v == X509_V_ERR_CERT_HAS_EXPIRED ?
		    "certificate has expired (notAfter %s)" :
		    "certificate is not yet valid (notBefore %s)", when);
		break;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		snprintf(err, SK_ERRLEN, "self-signed certificate");
		break;
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		snprintf(err, SK_ERRLEN, "self-signed certificate in "
		    "certificate chain (try %s)", ca);
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		snprintf(err, SK_ERRLEN, "unable to get local issuer "
		    "certificate (try %s)", ca);
		break;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		names[0] = '\0';
		if (x != NULL)
			tls_cert_names(x, 0, names, sizeof(names));
		if (names[0] == '\0')
			snprintf(err, SK_ERRLEN, "certificate is not for %s",
			    c->host);
		else
			/* both cut to fit SK_ERRLEN: the host whole
			 * before a long list of names */
			snprintf(err, SK_ERRLEN, "certificate is for %.120s, "
			    "not %.100s", names, c->host);
		break;
	default:
		snprintf(err, SK_ERRLEN, "certificate refused: %s",
		    ossl.X509_verify_cert_error_string(v));
		break;
	}
}

/*
 * The reason OpenSSL queued, after what, with a hint where one helps:
 * "TLS handshake failed: wrong version number (is port 80 a TLS port?)".
 */
static void
tls_why(const struct tls_conn *c, const char *what, char *buf, size_t size)
{
	const char *r = tls_reason("unknown error");

	/* a server's connection (no port) has no port to doubt */
	if (c->port != NULL && (strcmp(r, "wrong version number") == 0 ||
	    strcmp(r, "packet length too long") == 0 ||
	    strcmp(r, "record layer failure") == 0))
		snprintf(buf, size, "%s: %s (is port %s a TLS port?)", what, r,
		    c->port);
	else if (strstr(r, "certificate required") != NULL)
		snprintf(buf, size, "%s: %s (try --cert)", what, r);
	else
		snprintf(buf, size, "%s: %s", what, r);
}

/*
 * Why the handshake failed with SSL error code e (errno sys), both kept
 * in c for a caller that words it its own way (portscan's probe).
 * OpenSSL records the chain's verdict even when it was not asked to act
 * on it (--insecure): then the verdict is not the cause.
 */
static void
handshake_reason(struct tls_conn *c, int e, int sys, char *err)
{
	long v = ossl.SSL_get_verify_result(c->ssl);

	c->fail_ssl = e;
	c->fail_errno = sys;
	c->fail_code = ossl.ERR_peek_error();
	if (v != X509_V_OK && !c->insecure) {
		verify_reason(c, v, err);
		return;
	}
	/* a close: with SSL_OP_IGNORE_UNEXPECTED_EOF, a zero return too */
	if ((e == SSL_ERROR_SYSCALL || e == SSL_ERROR_ZERO_RETURN) &&
	    ossl.ERR_peek_error() == 0) {
		snprintf(err, SK_ERRLEN, "%s handshake failed: %s",
		    tls_kind(c), sys != 0 ? strerror(sys) : "the peer closed "
		    "the connection");
		return;
	}
	tls_why(c, c->dtls ? "DTLS handshake failed" : "TLS handshake failed",
	    err, SK_ERRLEN);
}

/* Whether the session is TLS 1.3 (DTLS 1.3 too). */
static int
tls_is13(const struct tls_conn *c)
{
	const char *v = ossl.SSL_get_version(c->ssl);

	return v != NULL && (strcmp(v, "TLSv1.3") == 0 ||
	    strcmp(v, "DTLSv1.3") == 0);
}

/*
 * TLS 1.3 ends a client's handshake before the server has judged the
 * certificate it asked for (RFC 8446 4.4.2.4), and its refusal, an
 * alert, comes after.  Until its word (a session ticket, sent once it
 * took our Finished; its first bytes; its end; or that alert) the
 * handshake is not done, so that a refusal is never taken for a success
 * (connect -z, -q 0); TLS_VERDICT_MS at most, for a server that sends
 * no ticket.  What it sent stays to be read.
 */
static int
tls_verdict(struct tls_conn *c, char *err)
{
	char b;
	int rc, e = 0, sys;

	ossl.ERR_clear_error();
	errno = 0;
	rc = ossl.SSL_peek(c->ssl, &b, 1);
	sys = errno;
	if (rc <= 0)
		e = ossl.SSL_get_error(c->ssl, rc);
	if (rc <= 0 && !c->ticket && mono_ms() < c->verdict_due &&
	    (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE))
		return e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
	c->verdict_due = 0;
	c->asked = 0;
	if (rc <= 0 && (e == SSL_ERROR_SSL || (e == SSL_ERROR_SYSCALL &&
	    sys != 0 && sys != EAGAIN))) {
		handshake_reason(c, e, sys, err);
		return -1;
	}
	return 0;
}

int
tls_handshake_step(struct tls_conn *c, char *err)
{
	int rc, e, sys;

	if (c->verdict_due != 0)
		return tls_verdict(c, err);
	ossl.ERR_clear_error();
	errno = 0;
	c->via_want = 0;
	rc = ossl.SSL_do_handshake(c->ssl);
	sys = errno;
	if (rc == 1) {
		if (c->pins != NULL && tls_pin_check(c, err) == -1)
			return -1;
		if (!c->asked || c->ticket || !tls_is13(c))
			return 0;
		c->verdict_due = mono_ms() + TLS_VERDICT_MS;
		return tls_verdict(c, err);
	}
	e = ossl.SSL_get_error(c->ssl, rc);
	/* DTLS: an empty datagram is no close (io_result) */
	if (e == SSL_ERROR_WANT_READ || (c->dtls && e == SSL_ERROR_SYSCALL &&
	    sys == 0 && ossl.ERR_peek_error() == 0))
		return c->via_want != 0 ? c->via_want : POLLIN;
	if (e == SSL_ERROR_WANT_WRITE)
		return c->via_want != 0 ? c->via_want : POLLOUT;
	handshake_reason(c, e, sys, err);
	return -1;
}

int
tls_handshake(struct tls_conn *c, long long deadline, char *err)
{
	struct pollfd pfd;
	long long wake;
	int fl, rc, wait;

	/* the backend stands below net/: the flag set here, not there */
	if ((fl = fcntl(c->fd, F_GETFL)) == -1 ||
	    fcntl(c->fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	for (;;) {
		if ((rc = tls_handshake_step(c, err)) <= 0)
			return rc;
		wait = -1;
		if (deadline != -1 && (wait = (int)(deadline - mono_ms())) <=
		    0) {
			snprintf(err, SK_ERRLEN, "%s handshake timed out",
			    tls_kind(c));
			errno = ETIMEDOUT;
			return -1;
		}
		/* DTLS: the next step by its retransmission timer */
		if ((wake = tls_wake(c)) != -1 && (wait == -1 ||
		    wake - mono_ms() < wait))
			wait = wake > mono_ms() ? (int)(wake - mono_ms()) : 0;
		pfd.fd = c->fd;
		pfd.events = (short)rc;
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR) {
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
	}
}

/*
 * After an SSL_read or SSL_write that returned rc <= 0: EOF (0), or -1
 * with errno (EAGAIN with c->want set, EPROTO for a TLS error, whose
 * reason tls_error gives: a TLS 1.3 refusal of a client certificate that
 * came after tls_verdict's wait).
 */
static ssize_t
io_result(struct tls_conn *c, int rc)
{
	int e = errno;

	switch (ossl.SSL_get_error(c->ssl, rc)) {
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_WANT_READ:
		c->want = POLLIN;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_WANT_WRITE:
		c->want = POLLOUT;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_SYSCALL:
		if (ossl.ERR_peek_error() == 0) {
			if (e == 0 && c->dtls) {
				/*
				 * An empty datagram: UDP has no EOF, and one
				 * from a spoofed source must not end the
				 * session (RFC 6347 4.1.2.7: dropped).
				 */
				c->want = POLLIN;
				errno = EAGAIN;
				return -1;
			}
			if (e == 0)
				return 0;	/* EOF, no close_notify */
			errno = e;
			return -1;
		}
		/* FALLTHROUGH */
	default:
		tls_why(c, "TLS error", c->why, sizeof(c->why));
		c->fail_code = ossl.ERR_peek_error();	/* curl's words */
		errno = EPROTO;
		return -1;
	}
}

ssize_t
tls_read(struct tls_conn *c, void *buf, size_t len)
{
	int rc;

	ossl.ERR_clear_error();
	errno = 0;
	c->want = POLLIN;
	c->via_want = 0;
	if ((rc = ossl.SSL_read(c->ssl, buf, len > INT32_MAX ? INT32_MAX :
	    (int)len)) > 0)
		return rc;
	return io_result(c, rc);
}

ssize_t
tls_write(struct tls_conn *c, const void *buf, size_t len)
{
	int rc;

	if (len == 0)
		return 0;
	ossl.ERR_clear_error();
	errno = 0;
	c->want = POLLOUT;
	c->via_want = 0;
	if ((rc = ossl.SSL_write(c->ssl, buf, len > INT32_MAX ? INT32_MAX :
	    (int)len)) > 0)
		return rc;
	if (io_result(c, rc) == 0)
		errno = EPIPE;	/* the peer has closed: no more writing */
	return -1;
}

const char *
tls_kind(const struct tls_conn *c)
{
	return c->dtls ? "DTLS" : "TLS";
}

const char *
tls_error(const struct tls_conn *c)
{
	return c->why[0] != '\0' ? c->why : "TLS error";
}

size_t
tls_pending(struct tls_conn *c)
{
	int n = ossl.SSL_pending(c->ssl);

	/* over layers, what they hold (an outer TLS decrypted) is ours
	   to read too */
	return (n > 0 ? (size_t)n : 0) + (c->io.pending != NULL ?
	    c->io.pending(c->io.arg) : 0);
}

int
tls_want(const struct tls_conn *c)
{
	return c->via_want != 0 ? c->via_want : c->want;
}

int
tls_shutdown(struct tls_conn *c)
{
	int rc;

	ossl.ERR_clear_error();
	/* 0: close_notify sent, the peer's not yet seen; we keep reading */
	if ((rc = ossl.SSL_shutdown(c->ssl)) >= 0)
		return 0;
	return io_result(c, rc) == 0 ? 0 : -1;
}

int
tls_quiet(const struct tls_conn *c)
{
	if (!c->client)
		return 0;
	return tls_is13(c) ? TLS_QUIET13_MS : TLS_QUIET12_MS;
}

void
tls_close(struct tls_conn *c)
{
	if (c == NULL)
		return;
	if (c->io.done != NULL)
		c->io.done(c->io.arg);
	if (c->leaf != NULL)
		ossl.X509_free(c->leaf);
	if (c->ssl != NULL)
		ossl.SSL_free(c->ssl);
	if (c->ctx != NULL)
		ossl.SSL_CTX_free(c->ctx);
	free(c);
}

