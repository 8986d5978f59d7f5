/*
 * tls.c: TLS from the system's OpenSSL 3, opened with dlopen at the first
 * use (tls.h).  Every symbol is resolved once, at load time, from a
 * table: a library that lacks one is refused with its name, never called
 * through a null pointer.
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
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net/net.h"
#include "net/tls.h"
#include "sockt.h"
#include "util/clock.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_method_st SSL_METHOD;
typedef struct ssl_cipher_st SSL_CIPHER;
typedef struct x509_st X509;
typedef struct X509_name_st X509_NAME;
typedef struct asn1_string_st ASN1_STRING;
typedef struct X509_VERIFY_PARAM_st X509_VERIFY_PARAM;
typedef struct stack_st OPENSSL_STACK;
typedef struct x509_store_ctx_st X509_STORE_CTX;

/* x509v3.h: GENERAL_NAME, a public and stable layout */
struct general_name {
	int		 type;
	ASN1_STRING	*d;
};

#define OSSL_VERSION_3		0x30000000UL
#define OPENSSL_VERSION_TEXT	0	/* OpenSSL_version(OPENSSL_VERSION) */
#define SSL_CTRL_MODE		33
#define SSL_CTRL_SET_TLSEXT_HOSTNAME 55
#define SSL_CTRL_SET_MIN_PROTO_VERSION 123
#define TLSEXT_NAMETYPE_host_name 0
#define TLS1_2_VERSION		0x0303
#define TLS1_3_VERSION		0x0304
#define SSL_MODE_ENABLE_PARTIAL_WRITE 0x1L
#define SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER 0x2L
#define SSL_OP_IGNORE_UNEXPECTED_EOF ((uint64_t)1 << 7)
#define SSL_VERIFY_NONE		0
#define SSL_VERIFY_PEER		1
#define SSL_FILETYPE_PEM	1
#define SSL_ERROR_SSL		1
#define SSL_ERROR_WANT_READ	2
#define SSL_ERROR_WANT_WRITE	3
#define SSL_ERROR_SYSCALL	5
#define SSL_ERROR_ZERO_RETURN	6
#define NID_subject_alt_name	85
#define GEN_DNS			2
#define GEN_IPADD		7
/* x509_vfy.h */
#define X509_V_OK		0
#define X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT 2
#define X509_V_ERR_CERT_NOT_YET_VALID 9
#define X509_V_ERR_CERT_HAS_EXPIRED 10
#define X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT 18
#define X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN 19
#define X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY 20
#define X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE 21
#define X509_V_ERR_HOSTNAME_MISMATCH 62
#define X509_V_ERR_IP_ADDRESS_MISMATCH 64

/* The library's functions, resolved by the table below. */
static struct {
	unsigned long	(*OpenSSL_version_num)(void);
	const char	*(*OpenSSL_version)(int);
	unsigned long	(*ERR_peek_error)(void);
	const char	*(*ERR_reason_error_string)(unsigned long);
	void		(*ERR_clear_error)(void);
	void		(*X509_free)(X509 *);
	X509_NAME	*(*X509_get_subject_name)(const X509 *);
	X509_NAME	*(*X509_get_issuer_name)(const X509 *);
	char		*(*X509_NAME_oneline)(const X509_NAME *, char *, int);
	const ASN1_STRING *(*X509_get0_notBefore)(const X509 *);
	const ASN1_STRING *(*X509_get0_notAfter)(const X509 *);
	int		(*ASN1_TIME_to_tm)(const ASN1_STRING *, struct tm *);
	void		*(*X509_get_ext_d2i)(const X509 *, int, int *, int *);
	int		(*OPENSSL_sk_num)(const OPENSSL_STACK *);
	void		*(*OPENSSL_sk_value)(const OPENSSL_STACK *, int);
	void		(*GENERAL_NAMES_free)(OPENSSL_STACK *);
	const unsigned char *(*ASN1_STRING_get0_data)(const ASN1_STRING *);
	int		(*ASN1_STRING_length)(const ASN1_STRING *);
	int		(*X509_VERIFY_PARAM_set1_ip_asc)(X509_VERIFY_PARAM *,
			    const char *);
	const char	*(*X509_verify_cert_error_string)(long);
	const SSL_METHOD *(*TLS_client_method)(void);
	SSL_CTX		*(*SSL_CTX_new)(const SSL_METHOD *);
	void		(*SSL_CTX_free)(SSL_CTX *);
	int		(*SSL_CTX_set_default_verify_paths)(SSL_CTX *);
	int		(*SSL_CTX_load_verify_locations)(SSL_CTX *, const char *,
			    const char *);
	void		(*SSL_CTX_set_verify)(SSL_CTX *, int,
			    int (*)(int, X509_STORE_CTX *));
	int		(*SSL_CTX_use_certificate_chain_file)(SSL_CTX *,
			    const char *);
	int		(*SSL_CTX_use_PrivateKey_file)(SSL_CTX *, const char *,
			    int);
	int		(*SSL_CTX_check_private_key)(const SSL_CTX *);
	uint64_t	(*SSL_CTX_set_options)(SSL_CTX *, uint64_t);
	long		(*SSL_CTX_ctrl)(SSL_CTX *, int, long, void *);
	int		(*SSL_CTX_set_alpn_protos)(SSL_CTX *,
			    const unsigned char *, unsigned int);
	SSL		*(*SSL_new)(SSL_CTX *);
	void		(*SSL_free)(SSL *);
	int		(*SSL_set_fd)(SSL *, int);
	long		(*SSL_ctrl)(SSL *, int, long, void *);
	int		(*SSL_set1_host)(SSL *, const char *);
	X509_VERIFY_PARAM *(*SSL_get0_param)(SSL *);
	int		(*SSL_connect)(SSL *);
	int		(*SSL_read)(SSL *, void *, int);
	int		(*SSL_write)(SSL *, const void *, int);
	int		(*SSL_shutdown)(SSL *);
	int		(*SSL_get_error)(const SSL *, int);
	int		(*SSL_pending)(const SSL *);
	long		(*SSL_get_verify_result)(const SSL *);
	const char	*(*SSL_get_version)(const SSL *);
	const SSL_CIPHER *(*SSL_get_current_cipher)(const SSL *);
	const char	*(*SSL_CIPHER_get_name)(const SSL_CIPHER *);
	void		(*SSL_get0_alpn_selected)(const SSL *,
			    const unsigned char **, unsigned int *);
	X509		*(*SSL_get1_peer_certificate)(const SSL *);
	int		(*X509_up_ref)(X509 *);
	X509		*(*X509_STORE_CTX_get0_cert)(const X509_STORE_CTX *);
	void		*(*X509_STORE_CTX_get_ex_data)(const X509_STORE_CTX *,
			    int);
	int		(*SSL_get_ex_data_X509_STORE_CTX_idx)(void);
	int		(*SSL_set_ex_data)(SSL *, int, void *);
	void		*(*SSL_get_ex_data)(const SSL *, int);
} F;

#define SYM(name)	{ #name, &F.name }
static const struct {
	const char	*name;
	void		*slot;		/* a function pointer of F */
} syms[] = {
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
	SYM(SSL_get0_param), SYM(SSL_connect), SYM(SSL_read), SYM(SSL_write),
	SYM(SSL_shutdown), SYM(SSL_get_error), SYM(SSL_pending),
	SYM(SSL_get_verify_result), SYM(SSL_get_version),
	SYM(SSL_get_current_cipher), SYM(SSL_CIPHER_get_name),
	SYM(SSL_get0_alpn_selected), SYM(SSL_get1_peer_certificate),
	SYM(X509_up_ref), SYM(X509_STORE_CTX_get0_cert),
	SYM(X509_STORE_CTX_get_ex_data),
	SYM(SSL_get_ex_data_X509_STORE_CTX_idx), SYM(SSL_set_ex_data),
	SYM(SSL_get_ex_data)
};

struct tls_conn {
	SSL_CTX		*ctx;
	SSL		*ssl;
	int		 fd;
	int		 want;		/* POLLIN or POLLOUT */
	X509		*leaf;		/* the server's certificate, kept by
					 * verify_cb for the messages */
	const char	*host, *port;
};

static int loaded;		/* 1: F is complete; -1: failed */
static char load_err[SK_ERRLEN];
static char lib_version[128];

static const char *
env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : dflt;
}

/* Open the libraries and fill F.  Returns 0, or -1 with load_err. */
static int
tls_open(void)
{
	const char *ssl = env_or("SOCKT_TLS_LIB", TLS_LIB_NAME);
	const char *crypto = env_or("SOCKT_TLS_CRYPTO", "libcrypto.so.3");
	void *hc, *hs, *p;
	size_t i;

	/* the message names the library the user has to install */
	if ((hc = dlopen(crypto, RTLD_NOW | RTLD_LOCAL)) == NULL ||
	    (hs = dlopen(ssl, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		snprintf(load_err, sizeof(load_err), "TLS needs %s (OpenSSL "
		    "3), which was not found", TLS_LIB_NAME);
		return -1;
	}
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		if ((p = dlsym(hs, syms[i].name)) == NULL &&
		    (p = dlsym(hc, syms[i].name)) == NULL) {
			snprintf(load_err, sizeof(load_err), "TLS needs "
			    "OpenSSL 3: %s has no %s", ssl, syms[i].name);
			return -1;
		}
		/* POSIX: a function's address fits in a void * */
		memcpy(syms[i].slot, &p, sizeof(p));
	}
	if (F.OpenSSL_version_num() < OSSL_VERSION_3) {
		snprintf(load_err, sizeof(load_err), "TLS needs OpenSSL 3; "
		    "%s is %s", ssl, F.OpenSSL_version(OPENSSL_VERSION_TEXT));
		return -1;
	}
	snprintf(lib_version, sizeof(lib_version), "%s",
	    F.OpenSSL_version(OPENSSL_VERSION_TEXT));
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

const char *
tls_lib_version(void)
{
	char err[SK_ERRLEN];

	return tls_load(err) == 0 ? lib_version : NULL;
}

/* The reason of the first error queued by OpenSSL, else fallback. */
static const char *
ossl_reason(const char *fallback)
{
	const char *r = NULL;
	unsigned long e = F.ERR_peek_error();

	if (e != 0)
		r = F.ERR_reason_error_string(e);
	return r != NULL ? r : fallback;
}

/* A file option's failure: "what FILE: reason". */
static int
file_fail(const char *what, const char *file, char *err)
{
	int e = errno;

	snprintf(err, SK_ERRLEN, "%s %s: %s", what, file,
	    ossl_reason(e != 0 ? strerror(e) : "unusable"));
	return -1;
}

/*
 * OpenSSL's verification callback: keeps the server's certificate, which
 * a refused handshake does not keep, for the message that says what is
 * wrong with it; the verdict is OpenSSL's.
 */
static int
verify_cb(int ok, X509_STORE_CTX *xs)
{
	SSL *ssl = F.X509_STORE_CTX_get_ex_data(xs,
	    F.SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_conn *c = ssl != NULL ? F.SSL_get_ex_data(ssl, 0) : NULL;
	X509 *x = F.X509_STORE_CTX_get0_cert(xs);

	if (c != NULL && c->leaf == NULL && x != NULL &&
	    F.X509_up_ref(x) == 1)
		c->leaf = x;
	return ok;
}

/* The CA store, client certificate and protocol limits of o into ctx. */
static int
ctx_setup(SSL_CTX *ctx, const struct tls_client_opts *o, char *err)
{
	F.SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	(void)F.SSL_CTX_ctrl(ctx, SSL_CTRL_MODE, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER, NULL);
	if (o->min_version != 0 && F.SSL_CTX_ctrl(ctx,
	    SSL_CTRL_SET_MIN_PROTO_VERSION, o->min_version == 13 ?
	    TLS1_3_VERSION : TLS1_2_VERSION, NULL) != 1) {
		snprintf(err, SK_ERRLEN, "cannot set the lowest TLS version");
		return -1;
	}
	errno = 0;
	if (o->cafile != NULL || o->capath != NULL) {
		if (F.SSL_CTX_load_verify_locations(ctx, o->cafile,
		    o->capath) != 1)
			return file_fail(o->cafile != NULL ? "CA file" :
			    "CA directory", o->cafile != NULL ? o->cafile :
			    o->capath, err);
	} else if (F.SSL_CTX_set_default_verify_paths(ctx) != 1) {
		snprintf(err, SK_ERRLEN, "cannot load the system's CA store");
		return -1;
	}
	F.SSL_CTX_set_verify(ctx, o->insecure ? SSL_VERIFY_NONE :
	    SSL_VERIFY_PEER, verify_cb);
	if (o->cert != NULL && F.SSL_CTX_use_certificate_chain_file(ctx,
	    o->cert) != 1)
		return file_fail("client certificate", o->cert, err);
	if (o->cert != NULL && (F.SSL_CTX_use_PrivateKey_file(ctx,
	    o->key != NULL ? o->key : o->cert, SSL_FILETYPE_PEM) != 1 ||
	    F.SSL_CTX_check_private_key(ctx) != 1))
		return file_fail("client key", o->key != NULL ? o->key :
		    o->cert, err);
	if (o->alpn != NULL && F.SSL_CTX_set_alpn_protos(ctx, o->alpn,
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
	int ip = inet_pton(AF_INET, o->host, a) == 1 ||
	    inet_pton(AF_INET6, o->host, a) == 1;

	if (F.SSL_set_fd(c->ssl, c->fd) != 1 ||
	    F.SSL_set_ex_data(c->ssl, 0, c) != 1) {
		snprintf(err, SK_ERRLEN, "%s", ossl_reason("SSL_set_fd "
		    "failed"));
		return -1;
	}
	if (!ip && F.SSL_ctrl(c->ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME,
	    TLSEXT_NAMETYPE_host_name, (void *)(uintptr_t)o->host) != 1) {
		snprintf(err, SK_ERRLEN, "cannot send the name %s", o->host);
		return -1;
	}
	if (o->insecure)
		return 0;
	if ((ip ? F.X509_VERIFY_PARAM_set1_ip_asc(F.SSL_get0_param(c->ssl),
	    o->host) : F.SSL_set1_host(c->ssl, o->host)) != 1) {
		snprintf(err, SK_ERRLEN, "cannot check the certificate "
		    "against %s", o->host);
		return -1;
	}
	return 0;
}

struct tls_conn *
tls_client_new(int fd, const struct tls_client_opts *o, char *err)
{
	struct tls_conn *c;

	err[0] = '\0';
	if (tls_load(err) == -1)
		return NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return NULL;
	}
	c->fd = fd;
	c->host = o->host;
	c->port = o->port;
	F.ERR_clear_error();
	if ((c->ctx = F.SSL_CTX_new(F.TLS_client_method())) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", ossl_reason("cannot make a "
		    "TLS context"));
		tls_close(c);
		return NULL;
	}
	if (ctx_setup(c->ctx, o, err) == -1 ||
	    (c->ssl = F.SSL_new(c->ctx)) == NULL ||
	    ssl_setup(c, o, err) == -1) {
		if (c->ssl == NULL && err[0] == '\0')
			snprintf(err, SK_ERRLEN, "cannot make a TLS session");
		tls_close(c);
		return NULL;
	}
	return c;
}

/* A certificate time as 2026-11-13 (with the clock when full). */
static void
cert_time(const ASN1_STRING *t, int full, char *buf, size_t size)
{
	struct tm tm;

	buf[0] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (t == NULL || F.ASN1_TIME_to_tm(t, &tm) != 1 ||
	    strftime(buf, size, full ? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d",
	    &tm) == 0)
		snprintf(buf, size, "?");
}

/*
 * The certificate's names, ", "-separated: its DNS names (and, with ips,
 * its IP addresses) from subjectAltName as "DNS:" or "IP:" when tagged,
 * else bare.  Empty when it has none.
 */
static void
cert_names(X509 *x, int tagged, char *buf, size_t size)
{
	OPENSSL_STACK *gens;
	struct general_name *g;
	const unsigned char *d;
	char ip[INET6_ADDRSTRLEN];
	size_t len = 0;
	int i, n;

	buf[0] = '\0';
	if ((gens = F.X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL)) == NULL)
		return;
	n = F.OPENSSL_sk_num(gens);
	for (i = 0; i < n && len + 1 < size; i++) {
		g = F.OPENSSL_sk_value(gens, i);
		d = F.ASN1_STRING_get0_data(g->d);
		if (g->type == GEN_DNS)
			len += (size_t)snprintf(buf + len, size - len, "%s%s%.*s",
			    len > 0 ? ", " : "", tagged ? "DNS:" : "",
			    F.ASN1_STRING_length(g->d), (const char *)d);
		else if (g->type == GEN_IPADD &&
		    (F.ASN1_STRING_length(g->d) == 4 ||
		    F.ASN1_STRING_length(g->d) == 16) && inet_ntop(
		    F.ASN1_STRING_length(g->d) == 4 ? AF_INET : AF_INET6, d,
		    ip, sizeof(ip)) != NULL)
			len += (size_t)snprintf(buf + len, size - len, "%s%s%s",
			    len > 0 ? ", " : "", tagged ? "IP:" : "", ip);
	}
	F.GENERAL_NAMES_free(gens);
}

/* Why verification refused the peer (v from SSL_get_verify_result). */
static void
verify_reason(struct tls_conn *c, long v, char *err)
{
	X509 *x = c->leaf;
	char when[32], names[256];

	switch (v) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
	case X509_V_ERR_CERT_NOT_YET_VALID:
		cert_time(x == NULL ? NULL : v == X509_V_ERR_CERT_HAS_EXPIRED ?
		    F.X509_get0_notAfter(x) : F.X509_get0_notBefore(x), 0,
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
		    "certificate chain (try --cacert)");
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		snprintf(err, SK_ERRLEN, "unable to get local issuer "
		    "certificate (try --cacert)");
		break;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		names[0] = '\0';
		if (x != NULL)
			cert_names(x, 0, names, sizeof(names));
		if (names[0] == '\0')
			snprintf(err, SK_ERRLEN, "certificate is not for %s",
			    c->host);
		else
			snprintf(err, SK_ERRLEN, "certificate is for %s, not "
			    "%s", names, c->host);
		break;
	default:
		snprintf(err, SK_ERRLEN, "certificate refused: %s",
		    F.X509_verify_cert_error_string(v));
		break;
	}
}

/* Why SSL_connect failed with SSL error code e. */
static void
handshake_reason(struct tls_conn *c, int e, int sys, char *err)
{
	long v = F.SSL_get_verify_result(c->ssl);
	const char *r;

	if (v != X509_V_OK) {
		verify_reason(c, v, err);
		return;
	}
	if (e == SSL_ERROR_SYSCALL && F.ERR_peek_error() == 0) {
		snprintf(err, SK_ERRLEN, "TLS handshake failed: %s", sys != 0 ?
		    strerror(sys) : "the peer closed the connection");
		return;
	}
	r = ossl_reason("unknown error");
	if (strcmp(r, "wrong version number") == 0 ||
	    strcmp(r, "packet length too long") == 0 ||
	    strcmp(r, "record layer failure") == 0)
		snprintf(err, SK_ERRLEN, "TLS handshake failed: %s (is port "
		    "%s a TLS port?)", r, c->port != NULL ? c->port : "this");
	else if (strstr(r, "certificate required") != NULL)
		snprintf(err, SK_ERRLEN, "TLS handshake failed: %s (try "
		    "--cert)", r);
	else
		snprintf(err, SK_ERRLEN, "TLS handshake failed: %s", r);
}

int
tls_handshake(struct tls_conn *c, long long deadline, char *err)
{
	struct pollfd pfd;
	int rc, e, wait;

	if (net_set_nonblock(c->fd, 1) == -1) {
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	for (;;) {
		F.ERR_clear_error();
		errno = 0;
		if ((rc = F.SSL_connect(c->ssl)) == 1)
			return 0;
		e = F.SSL_get_error(c->ssl, rc);
		if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) {
			handshake_reason(c, e, errno, err);
			return -1;
		}
		wait = -1;
		if (deadline != -1 && (wait = (int)(deadline - mono_ms())) <=
		    0) {
			snprintf(err, SK_ERRLEN, "TLS handshake timed out");
			errno = ETIMEDOUT;
			return -1;
		}
		pfd.fd = c->fd;
		pfd.events = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
		if (poll(&pfd, 1, wait) == -1 && errno != EINTR) {
			snprintf(err, SK_ERRLEN, "poll: %s", strerror(errno));
			return -1;
		}
	}
}

/*
 * After an SSL_read or SSL_write that returned rc <= 0: EOF (0), or -1
 * with errno (EAGAIN with c->want set, EPROTO for a TLS error).
 */
static ssize_t
io_result(struct tls_conn *c, int rc)
{
	int e = errno;

	switch (F.SSL_get_error(c->ssl, rc)) {
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
		if (F.ERR_peek_error() == 0) {
			if (e == 0)
				return 0;	/* EOF, no close_notify */
			errno = e;
			return -1;
		}
		/* FALLTHROUGH */
	default:
		errno = EPROTO;
		return -1;
	}
}

ssize_t
tls_read(struct tls_conn *c, void *buf, size_t len)
{
	int rc;

	F.ERR_clear_error();
	errno = 0;
	c->want = POLLIN;
	if ((rc = F.SSL_read(c->ssl, buf, len > INT32_MAX ? INT32_MAX :
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
	F.ERR_clear_error();
	errno = 0;
	c->want = POLLOUT;
	if ((rc = F.SSL_write(c->ssl, buf, len > INT32_MAX ? INT32_MAX :
	    (int)len)) > 0)
		return rc;
	if (io_result(c, rc) == 0)
		errno = EPIPE;	/* the peer has closed: no more writing */
	return -1;
}

size_t
tls_pending(struct tls_conn *c)
{
	int n = F.SSL_pending(c->ssl);

	return n > 0 ? (size_t)n : 0;
}

int
tls_want(const struct tls_conn *c)
{
	return c->want;
}

int
tls_shutdown(struct tls_conn *c)
{
	int rc;

	F.ERR_clear_error();
	/* 0: close_notify sent, the peer's not yet seen; we keep reading */
	if ((rc = F.SSL_shutdown(c->ssl)) >= 0)
		return 0;
	return io_result(c, rc) == 0 ? 0 : -1;
}

void
tls_close(struct tls_conn *c)
{
	if (c == NULL)
		return;
	if (c->leaf != NULL)
		F.X509_free(c->leaf);
	if (c->ssl != NULL)
		F.SSL_free(c->ssl);
	if (c->ctx != NULL)
		F.SSL_CTX_free(c->ctx);
	free(c);
}

void
tls_info(struct tls_conn *c, struct tls_info *in)
{
	const SSL_CIPHER *ci = F.SSL_get_current_cipher(c->ssl);
	const unsigned char *a = NULL;
	unsigned int alen = 0;
	X509 *x;

	memset(in, 0, sizeof(*in));
	snprintf(in->version, sizeof(in->version), "%s",
	    F.SSL_get_version(c->ssl));
	snprintf(in->cipher, sizeof(in->cipher), "%s", ci != NULL ?
	    F.SSL_CIPHER_get_name(ci) : "none");
	F.SSL_get0_alpn_selected(c->ssl, &a, &alen);
	if (a != NULL)
		snprintf(in->alpn, sizeof(in->alpn), "%.*s", (int)alen,
		    (const char *)a);
	if ((x = F.SSL_get1_peer_certificate(c->ssl)) == NULL)
		return;
	(void)F.X509_NAME_oneline(F.X509_get_subject_name(x), in->subject,
	    (int)sizeof(in->subject));
	(void)F.X509_NAME_oneline(F.X509_get_issuer_name(x), in->issuer,
	    (int)sizeof(in->issuer));
	cert_time(F.X509_get0_notBefore(x), 1, in->not_before,
	    sizeof(in->not_before));
	cert_time(F.X509_get0_notAfter(x), 1, in->not_after,
	    sizeof(in->not_after));
	cert_names(x, 1, in->san, sizeof(in->san));
	F.X509_free(x);
}
