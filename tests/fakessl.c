/*
 * fakessl.c: a fake libssl and libcrypto for t4001, built by make check
 * as tests/fakessl.so and loaded by sockt through SOCKT_TLS_LIB and
 * SOCKT_TLS_CRYPTO.  A test artifact only: sockt itself links nothing
 * but libc.  It speaks no TLS: the "handshake" sends nothing and the
 * data goes over the socket in the clear, so a plain peer (sockt listen)
 * is enough, or as a server (listen --tls --cert) a plain client, and
 * what the real library does only on a broken network or a broken build,
 * this one does on demand.
 *
 * FAKESSL, a comma-separated list of words, says what goes wrong:
 *   version=0xN       OpenSSL_version_num says N (0x10101000: 1.1.1)
 *   ctx-new           SSL_CTX_new fails with a reason queued
 *   ctx-new-quiet     SSL_CTX_new fails with nothing queued
 *   ssl-new           SSL_new fails
 *   set-fd, sni, set1-host, set1-ip, min-proto, alpn, verify-paths,
 *   cafile, cert, key, check-key
 *                     that step of the set-up fails
 *   hs-want-read, hs-want-write
 *                     the handshake wants to read (write) forever
 *   hs-syscall        the handshake fails: SSL_ERROR_SYSCALL, ECONNRESET
 *   hs-eof            SSL_ERROR_SYSCALL with errno 0: the peer closed
 *   hs-close          SSL_ERROR_ZERO_RETURN: the peer closed, as OpenSSL
 *                     3.0 says it with SSL_OP_IGNORE_UNEXPECTED_EOF
 *   hs-ssl            SSL_ERROR_SSL, "sslv3 alert handshake failure"
 *   hs-version        SSL_ERROR_SSL, "wrong version number"
 *   hs-certreq        SSL_ERROR_SSL, "tlsv13 alert certificate required"
 *   hs-noreason       SSL_ERROR_SSL with nothing queued
 *   hs-nullreason     SSL_ERROR_SSL, a code without a reason string
 *   verify=N          the chain's verification ends with error N
 *   nocert            the server shows no certificate
 *   read-fail=N       SSL_read fails (SSL_ERROR_SSL) after N bytes
 *   read-reset=N      SSL_read fails (SSL_ERROR_SYSCALL, ECONNRESET) after N
 *   write-fail=N      SSL_write fails (SSL_ERROR_SSL) after N bytes
 *   eof-syscall       the peer's end of file is SSL_ERROR_SYSCALL, errno 0
 *   trickle           SSL_read hands out one byte a call, the rest pending
 *   cross-want        every other SSL_read wants to write first
 * Without SSL_OP_IGNORE_UNEXPECTED_EOF an end of file without
 * close_notify (here: every one, unless eof-syscall) is an error, as in
 * OpenSSL 3.  An unknown word is said on stderr.
 *
 * FAKESSL_LOG names a file that gets a line for each object made and
 * freed ("+ctx", "-ctx", "+ssl", "-ssl", "+x509", "-x509", "+names",
 * "-names"), each close_notify ("shutdown"), what was asked ("sni NAME",
 * "host NAME", "ip ADDR", "min 0x303", "alpn N", "verify MODE"), and each
 * stub called ("stub NAME"): the symbols this file does not know, made
 * by tests/tls_syms.sh from sockt's tables, so a table added there loads.
 *
 * The constants are OpenSSL 3's, spelled out here apart from sockt's
 * tls_int.h, so that a wrong one there shows.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define F_ERROR_NONE		0
#define F_ERROR_SSL		1
#define F_ERROR_WANT_READ	2
#define F_ERROR_WANT_WRITE	3
#define F_ERROR_SYSCALL		5
#define F_ERROR_ZERO_RETURN	6
#define F_CTRL_MODE		33
#define F_CTRL_SET_SESS_CACHE_MODE 44
#define F_CTRL_SET_TLSEXT_HOSTNAME 55
#define F_CTRL_SET_MIN_PROTO_VERSION 123
#define F_MODE_ENABLE_PARTIAL_WRITE 0x1L
#define F_MODE_ACCEPT_MOVING_WRITE_BUFFER 0x2L
#define F_OP_IGNORE_UNEXPECTED_EOF ((uint64_t)1 << 7)
#define F_VERIFY_PEER		1
#define F_NID_SUBJECT_ALT_NAME	85
#define F_GEN_DNS		2
#define F_GEN_IPADD		7
/* SSL_get_ex_data_X509_STORE_CTX_idx */
#define F_STORE_IDX		5
/* an error code without a reason string */
#define F_NOREASON		999

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;
typedef struct x509_st X509;
typedef struct asn1_string_st ASN1_STRING;
typedef struct stack_st OPENSSL_STACK;
typedef struct x509_store_ctx_st X509_STORE_CTX;
typedef struct X509_VERIFY_PARAM_st X509_VERIFY_PARAM;
typedef int verify_fn(int, X509_STORE_CTX *);

struct asn1_string_st {
	int		 len;
	unsigned char	 data[64];
	struct tm	 tm;		/* for a time */
};
struct general_name {		/* x509v3.h's layout */
	int		 type;
	ASN1_STRING	*d;
};
struct stack_st {
	int		 n;
	void		*v[2];
	struct general_name g[2];
	ASN1_STRING	 s[2];
};
struct x509_st {
	int		 refs;
	ASN1_STRING	 not_before, not_after;
};
struct x509_store_ctx_st {
	SSL		*ssl;
	X509		*cert;
};
struct X509_VERIFY_PARAM_st {
	char		 ip[64];
};
struct ssl_ctx_st {
	uint64_t	 opts;
	long		 mode;
	int		 verify_mode;
	verify_fn	*verify_cb;
	unsigned char	 alpn[256];
	unsigned int	 alpn_len;
};
struct ssl_st {
	SSL_CTX		*ctx;
	int		 fd;
	int		 err;		/* for SSL_get_error */
	int		 hs_calls, reads;
	int		 done;		/* the handshake is over */
	long		 verify;	/* SSL_get_verify_result */
	X509		*peer;		/* the server's certificate */
	void		*ex;		/* ex_data 0 */
	size_t		 nread, nwritten;
	unsigned char	 buf[4096];	/* trickle: read, not handed out */
	size_t		 off, len;
	X509_VERIFY_PARAM param;
};

static struct {
	int		 parsed;
	unsigned long	 version;
	long		 verify;
	long		 read_fail, read_reset, write_fail; /* -1: never */
	char		 words[1024];	/* ",w1,w2,": the flags */
} mode;
static unsigned long err_code;		/* the one-deep error queue */
static const char *err_reason;
static const int dummy_method;
static const int dummy_cipher;

void	fakessl_stub(const char *);

/* Log a line to FAKESSL_LOG, if set. */
static void
say(const char *fmt, const char *arg)
{
	const char *path = getenv("FAKESSL_LOG");
	char line[512];
	int fd, n;

	if (path == NULL || path[0] == '\0')
		return;
	n = snprintf(line, sizeof(line), fmt, arg != NULL ? arg : "(null)");
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		return;
	line[n++] = '\n';
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1)
		return;
	if (write(fd, line, (size_t)n) != n)
		(void)fprintf(stderr, "fakessl: cannot log to %s\n", path);
	(void)close(fd);
}

void
fakessl_stub(const char *name)
{
	say("stub %s", name);
}

static long
value(const char *w, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(w, name, n) == 0 && w[n] == '=')
		return strtol(w + n + 1, NULL, 0);
	return -2;
}

static void
parse_modes(void)
{
	static const char *flags = ",ctx-new,ctx-new-quiet,ssl-new,set-fd,sni,"
	    "set1-host,set1-ip,min-proto,alpn,verify-paths,cafile,cert,key,"
	    "check-key,hs-want-read,hs-want-write,hs-syscall,hs-eof,hs-close,"
	    "hs-ssl,"
	    "hs-version,hs-certreq,hs-noreason,hs-nullreason,nocert,"
	    "eof-syscall,trickle,cross-want,";
	const char *env = getenv("FAKESSL");
	char copy[1024], key[64], *w, *save;
	long v;

	mode.parsed = 1;
	mode.version = 0x30000000UL;
	mode.read_fail = mode.read_reset = mode.write_fail = -1;
	snprintf(mode.words, sizeof(mode.words), ",");
	snprintf(copy, sizeof(copy), "%s", env != NULL ? env : "");
	for (w = strtok_r(copy, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save)) {
		snprintf(key, sizeof(key), ",%s,", w);
		if ((v = value(w, "version")) != -2)
			mode.version = (unsigned long)v;
		else if ((v = value(w, "verify")) != -2)
			mode.verify = v;
		else if ((v = value(w, "read-fail")) != -2)
			mode.read_fail = v;
		else if ((v = value(w, "read-reset")) != -2)
			mode.read_reset = v;
		else if ((v = value(w, "write-fail")) != -2)
			mode.write_fail = v;
		else if (strstr(flags, key) != NULL)
			snprintf(mode.words + strlen(mode.words),
			    sizeof(mode.words) - strlen(mode.words), "%s,", w);
		else
			(void)fprintf(stderr, "fakessl: unknown FAKESSL word "
			    "%s\n", w);
	}
}

/* Is the flag word w in FAKESSL? */
static int
on(const char *w)
{
	char key[64];

	if (!mode.parsed)
		parse_modes();
	snprintf(key, sizeof(key), ",%s,", w);
	return strstr(mode.words, key) != NULL;
}

/* Queue an error (the fake's queue holds one) and say SSL_ERROR_SSL. */
static int
fail_ssl(SSL *s, unsigned long code, const char *reason)
{
	err_code = code;
	err_reason = reason;
	if (s != NULL)
		s->err = F_ERROR_SSL;
	return -1;
}

/* ---- the version and the error queue -------------------------------- */

unsigned long
OpenSSL_version_num(void)
{
	if (!mode.parsed)
		parse_modes();
	return mode.version;
}

const char *
OpenSSL_version(int t)
{
	if (t != 0)
		return "not OPENSSL_VERSION";
	return OpenSSL_version_num() < 0x30000000UL ?
	    "OpenSSL 1.1.1w (fakessl)" : "OpenSSL 3.0.0 (fakessl)";
}

unsigned long
ERR_peek_error(void)
{
	return err_code;
}

const char *
ERR_reason_error_string(unsigned long e)
{
	return e == err_code && e != F_NOREASON ? err_reason : NULL;
}

void
ERR_clear_error(void)
{
	err_code = 0;
	err_reason = NULL;
}

/* ---- certificates ----------------------------------------------------- */

static void
set_time(ASN1_STRING *a, int year, int mon, int day)
{
	memset(&a->tm, 0, sizeof(a->tm));
	a->tm.tm_year = year - 1900;
	a->tm.tm_mon = mon - 1;
	a->tm.tm_mday = day;
}

/* The server's certificate: fake.invalid and 127.0.0.1, one reference. */
static X509 *
x509_new(void)
{
	X509 *x;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	x->refs = 1;
	set_time(&x->not_before, 2020, 1, 1);
	if (mode.verify == 10)
		set_time(&x->not_after, 2020, 2, 1);
	else
		set_time(&x->not_after, 2099, 12, 31);
	return x;
}

void
X509_free(X509 *x)
{
	if (x == NULL)
		return;
	say("-x509", NULL);
	if (--x->refs == 0)
		free(x);
}

int
X509_up_ref(X509 *x)
{
	say("+x509", NULL);
	x->refs++;
	return 1;
}

const void *
X509_get_subject_name(const X509 *x)
{
	(void)x;
	return "/CN=fake.invalid";
}

const void *
X509_get_issuer_name(const X509 *x)
{
	(void)x;
	return "/CN=fakessl root";
}

char *
X509_NAME_oneline(const void *name, char *buf, int size)
{
	if (buf == NULL || size <= 0)
		return NULL;
	snprintf(buf, (size_t)size, "%s", (const char *)name);
	return buf;
}

const ASN1_STRING *
X509_get0_notBefore(const X509 *x)
{
	return &x->not_before;
}

const ASN1_STRING *
X509_get0_notAfter(const X509 *x)
{
	return &x->not_after;
}

int
ASN1_TIME_to_tm(const ASN1_STRING *t, struct tm *tm)
{
	*tm = t->tm;
	return 1;
}

void *
X509_get_ext_d2i(const X509 *x, int nid, int *crit, int *idx)
{
	OPENSSL_STACK *st;
	static const unsigned char lo[4] = { 127, 0, 0, 1 };

	(void)x;
	if (nid != F_NID_SUBJECT_ALT_NAME || crit != NULL || idx != NULL ||
	    (st = calloc(1, sizeof(*st))) == NULL)
		return NULL;
	say("+names", NULL);
	st->n = 2;
	st->g[0].type = F_GEN_DNS;
	st->s[0].len = (int)strlen("fake.invalid");
	memcpy(st->s[0].data, "fake.invalid", (size_t)st->s[0].len);
	st->g[1].type = F_GEN_IPADD;
	st->s[1].len = 4;
	memcpy(st->s[1].data, lo, sizeof(lo));
	st->g[0].d = &st->s[0];
	st->g[1].d = &st->s[1];
	st->v[0] = &st->g[0];
	st->v[1] = &st->g[1];
	return st;
}

int
OPENSSL_sk_num(const OPENSSL_STACK *st)
{
	return st != NULL ? st->n : -1;
}

void *
OPENSSL_sk_value(const OPENSSL_STACK *st, int i)
{
	return st != NULL && i >= 0 && i < st->n ? st->v[i] : NULL;
}

void
GENERAL_NAMES_free(OPENSSL_STACK *st)
{
	if (st == NULL)
		return;
	say("-names", NULL);
	free(st);
}

const unsigned char *
ASN1_STRING_get0_data(const ASN1_STRING *a)
{
	return a->data;
}

int
ASN1_STRING_length(const ASN1_STRING *a)
{
	return a->len;
}

int
X509_VERIFY_PARAM_set1_ip_asc(X509_VERIFY_PARAM *p, const char *ip)
{
	unsigned char a[16];

	say("ip %s", ip);
	if (on("set1-ip") || (inet_pton(AF_INET, ip, a) != 1 &&
	    inet_pton(AF_INET6, ip, a) != 1))
		return 0;
	snprintf(p->ip, sizeof(p->ip), "%s", ip);
	return 1;
}

const char *
X509_verify_cert_error_string(long v)
{
	static char s[64];

	snprintf(s, sizeof(s), "fake verify error %ld", v);
	return s;
}

X509 *
X509_STORE_CTX_get0_cert(const X509_STORE_CTX *xs)
{
	return xs->cert;
}

void *
X509_STORE_CTX_get_ex_data(const X509_STORE_CTX *xs, int idx)
{
	return idx == F_STORE_IDX ? xs->ssl : NULL;
}

int
SSL_get_ex_data_X509_STORE_CTX_idx(void)
{
	return F_STORE_IDX;
}

/* ---- contexts ----------------------------------------------------------- */

const void *
TLS_client_method(void)
{
	return &dummy_method;
}

/* The server's side, the same fake: a plain client is its peer. */
const void *
TLS_server_method(void)
{
	return &dummy_method;
}

int
SSL_CTX_set_session_id_context(SSL_CTX *ctx, const unsigned char *sid,
    unsigned int len)
{
	(void)ctx;
	(void)sid;
	return len <= 32;
}

SSL_CTX *
SSL_CTX_new(const void *meth)
{
	SSL_CTX *ctx;

	if (on("ctx-new")) {
		fail_ssl(NULL, 1, "fakessl: no context today");
		return NULL;
	}
	if (on("ctx-new-quiet") || meth != &dummy_method ||
	    (ctx = calloc(1, sizeof(*ctx))) == NULL)
		return NULL;
	say("+ctx", NULL);
	return ctx;
}

void
SSL_CTX_free(SSL_CTX *ctx)
{
	if (ctx == NULL)
		return;
	say("-ctx", NULL);
	free(ctx);
}

int
SSL_CTX_set_default_verify_paths(SSL_CTX *ctx)
{
	(void)ctx;
	return on("verify-paths") ? 0 : 1;
}

int
SSL_CTX_load_verify_locations(SSL_CTX *ctx, const char *file,
    const char *dir)
{
	(void)ctx;
	if (file == NULL && dir == NULL)
		return 0;
	if (on("cafile"))
		return fail_ssl(NULL, 2, "fakessl: no certificate in there"), 0;
	return 1;
}

void
SSL_CTX_set_verify(SSL_CTX *ctx, int m, verify_fn *cb)
{
	ctx->verify_mode = m;
	ctx->verify_cb = cb;
	say(m & F_VERIFY_PEER ? "verify %s" : "verify none", "peer");
}

int
SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file)
{
	(void)ctx;
	(void)file;
	if (on("cert"))
		return fail_ssl(NULL, 3, "fakessl: not a certificate"), 0;
	return 1;
}

int
SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type)
{
	(void)ctx;
	(void)file;
	if (on("key") || type != 1)
		return fail_ssl(NULL, 4, "fakessl: not a key"), 0;
	return 1;
}

int
SSL_CTX_check_private_key(const SSL_CTX *ctx)
{
	(void)ctx;
	if (on("check-key"))
		return fail_ssl(NULL, 5, "key values mismatch"), 0;
	return 1;
}

uint64_t
SSL_CTX_set_options(SSL_CTX *ctx, uint64_t op)
{
	return ctx->opts |= op;
}

long
SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg)
{
	char v[32];

	(void)parg;
	if (cmd == F_CTRL_MODE)
		return ctx->mode |= larg;
	/* a client's tickets seen, a server's cache off: nothing to fake */
	if (cmd == F_CTRL_SET_SESS_CACHE_MODE)
		return 0;
	if (cmd == F_CTRL_SET_MIN_PROTO_VERSION) {
		snprintf(v, sizeof(v), "%#lx", larg);
		say("min %s", v);
		return !on("min-proto") && (larg == 0x303 || larg == 0x304);
	}
	snprintf(v, sizeof(v), "%d", cmd);
	say("SSL_CTX_ctrl %s: unknown", v);
	return 0;
}

/* the client's ticket and certificate-request callbacks: never called,
 * as the fake asks for no certificate and sends no ticket */
void
SSL_CTX_sess_set_new_cb(SSL_CTX *ctx, int (*cb)(SSL *, void *))
{
	(void)ctx;
	(void)cb;
}

void
SSL_set_cert_cb(SSL *s, int (*cb)(SSL *, void *), void *arg)
{
	(void)s;
	(void)cb;
	(void)arg;
}

/* 0 on success, as OpenSSL has it (the other way round from the rest) */
int
SSL_CTX_set_alpn_protos(SSL_CTX *ctx, const unsigned char *p,
    unsigned int len)
{
	char v[16];
	unsigned int i;

	for (i = 0; i < len; i += 1U + p[i])
		if (p[i] == 0)
			return 1;
	if (on("alpn") || i != len || len > sizeof(ctx->alpn))
		return 1;
	memcpy(ctx->alpn, p, len);
	ctx->alpn_len = len;
	snprintf(v, sizeof(v), "%u", len);
	say("alpn %s", v);
	return 0;
}

/* ---- connections ------------------------------------------------------- */

SSL *
SSL_new(SSL_CTX *ctx)
{
	SSL *s;

	if (on("ssl-new") || (s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->ctx = ctx;
	s->fd = -1;
	say("+ssl", NULL);
	return s;
}

void
SSL_free(SSL *s)
{
	if (s == NULL)
		return;
	say("-ssl", NULL);
	if (s->peer != NULL && --s->peer->refs == 0)
		free(s->peer);
	free(s);
}

int
SSL_set_fd(SSL *s, int fd)
{
	if (on("set-fd"))
		return 0;
	s->fd = fd;
	return 1;
}

long
SSL_ctrl(SSL *s, int cmd, long larg, void *parg)
{
	char v[16];

	(void)s;
	if (cmd == F_CTRL_SET_TLSEXT_HOSTNAME && larg == 0 && parg != NULL) {
		say("sni %s", parg);
		return on("sni") ? 0 : 1;
	}
	snprintf(v, sizeof(v), "%d", cmd);
	say("SSL_ctrl %s: unknown", v);
	return 0;
}

int
SSL_set1_host(SSL *s, const char *host)
{
	(void)s;
	say("host %s", host);
	return on("set1-host") ? 0 : 1;
}

X509_VERIFY_PARAM *
SSL_get0_param(SSL *s)
{
	return &s->param;
}

void
SSL_set_connect_state(SSL *s)
{
	(void)s;
}

void
SSL_set_accept_state(SSL *s)
{
	(void)s;
}

int
SSL_set_ex_data(SSL *s, int idx, void *p)
{
	if (idx != 0)
		return 0;
	s->ex = p;
	return 1;
}

void *
SSL_get_ex_data(const SSL *s, int idx)
{
	return idx == 0 ? s->ex : NULL;
}

/* ---- the handshake ------------------------------------------------------ */

/*
 * The handshake's failures on demand: what SSL_do_handshake returns (-1,
 * or 0 for an end of file), with s->err set; else 1.
 */
static int
hs_fault(SSL *s)
{
	if (on("hs-want-read") || on("hs-want-write")) {
		s->err = on("hs-want-read") ? F_ERROR_WANT_READ :
		    F_ERROR_WANT_WRITE;
		return -1;
	}
	if (on("hs-syscall") || on("hs-eof")) {
		s->err = F_ERROR_SYSCALL;
		errno = on("hs-syscall") ? ECONNRESET : 0;
		return -1;
	}
	if (on("hs-close")) {
		s->err = F_ERROR_ZERO_RETURN;
		return 0;	/* a "controlled" end */
	}
	if (on("hs-ssl"))
		return fail_ssl(s, 10, "sslv3 alert handshake failure");
	if (on("hs-version"))
		return fail_ssl(s, 11, "wrong version number");
	if (on("hs-certreq"))
		return fail_ssl(s, 12, "tlsv13 alert certificate required");
	if (on("hs-nullreason"))
		return fail_ssl(s, F_NOREASON, NULL);
	if (on("hs-noreason")) {
		s->err = F_ERROR_SSL;
		return -1;
	}
	return 1;
}

/*
 * The chain's verification, as OpenSSL does it: the verdict recorded
 * whatever the mode, the callback asked, and the handshake refused only
 * with SSL_VERIFY_PEER and a callback that says no.  1, or -1.
 */
static int
hs_verify(SSL *s)
{
	X509_STORE_CTX xs;
	int ok = mode.verify == 0;

	if (!on("nocert") && (s->peer = x509_new()) == NULL)
		return fail_ssl(s, 20, "malloc failure");
	s->verify = mode.verify;
	xs.ssl = s;
	xs.cert = s->peer;
	if (s->ctx->verify_cb != NULL)
		ok = s->ctx->verify_cb(ok, &xs);
	if (!ok && (s->ctx->verify_mode & F_VERIFY_PEER))
		return fail_ssl(s, 21, "certificate verify failed");
	return 1;
}

int
SSL_do_handshake(SSL *s)
{
	int rc;

	if (s->fd == -1)
		return fail_ssl(s, 22, "no socket");
	if (s->done)
		return 1;
	/* the first call wants to write: the caller's loop goes round */
	if (s->hs_calls++ == 0) {
		s->err = F_ERROR_WANT_WRITE;
		return -1;
	}
	if ((rc = hs_fault(s)) != 1 || (rc = hs_verify(s)) != 1)
		return rc;
	s->done = 1;
	s->err = F_ERROR_NONE;
	return 1;
}

/* ---- I/O ----------------------------------------------------------------- */

/* After a read or write of the socket that gave n <= 0. */
static int
io_fail(SSL *s, ssize_t n, int want)
{
	if (n == 0) {
		if (s->ctx->opts & F_OP_IGNORE_UNEXPECTED_EOF)
			s->err = F_ERROR_ZERO_RETURN;
		else if (on("eof-syscall")) {
			s->err = F_ERROR_SYSCALL;
			errno = 0;
		} else
			return fail_ssl(s, 30, "unexpected eof while reading");
		return 0;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		s->err = want;
		return -1;
	}
	s->err = F_ERROR_SYSCALL;
	return -1;
}

/* A failure asked for once N bytes have gone by, else 0. */
static int
io_fault(SSL *s, size_t done, long fail, long reset, const char *why)
{
	if (fail >= 0 && done >= (size_t)fail)
		return fail_ssl(s, 31, why);
	if (reset >= 0 && done >= (size_t)reset) {
		s->err = F_ERROR_SYSCALL;
		errno = ECONNRESET;
		return -1;
	}
	return 0;
}

/* How much more may move before a failure asked for at fail or reset. */
static size_t
io_room(size_t done, size_t want, long fail, long reset)
{
	if (fail >= 0 && want > (size_t)fail - done)
		want = (size_t)fail - done;
	if (reset >= 0 && want > (size_t)reset - done)
		want = (size_t)reset - done;
	return want;
}

int
SSL_read(SSL *s, void *buf, int num)
{
	ssize_t n;

	if (!s->done || num <= 0)
		return fail_ssl(s, 32, "SSL_read before the handshake");
	if (io_fault(s, s->nread, mode.read_fail, mode.read_reset,
	    "decryption failed or bad record mac") == -1)
		return -1;
	if (on("cross-want") && s->reads++ % 2 == 0) {
		s->err = F_ERROR_WANT_WRITE;
		return -1;
	}
	if (s->off == s->len) {
		n = read(s->fd, on("trickle") ? s->buf : buf, io_room(s->nread,
		    on("trickle") ? sizeof(s->buf) : (size_t)num,
		    mode.read_fail, mode.read_reset));
		if (n <= 0)
			return io_fail(s, n, F_ERROR_WANT_READ);
		if (!on("trickle")) {
			s->nread += (size_t)n;
			return (int)n;
		}
		s->off = 0;
		s->len = (size_t)n;
	}
	/* trickle: one byte now, the rest for SSL_pending */
	*(unsigned char *)buf = s->buf[s->off++];
	s->nread++;
	return 1;
}

int
SSL_write(SSL *s, const void *buf, int num)
{
	ssize_t n;

	if (!s->done || num <= 0)
		return fail_ssl(s, 33, "SSL_write before the handshake");
	if (io_fault(s, s->nwritten, mode.write_fail, -1,
	    "fakessl: no more writing") == -1)
		return -1;
	if ((n = write(s->fd, buf, io_room(s->nwritten, (size_t)num,
	    mode.write_fail, -1))) == -1)
		return io_fail(s, -1, F_ERROR_WANT_WRITE);
	s->nwritten += (size_t)n;
	return (int)n;
}

int
SSL_shutdown(SSL *s)
{
	say("shutdown", NULL);
	if (!s->done)
		return fail_ssl(s, 34, "shutdown while in init");
	if (shutdown(s->fd, SHUT_WR) == -1) {
		s->err = F_ERROR_SYSCALL;
		return -1;
	}
	return 0;
}

int
SSL_get_error(const SSL *s, int rc)
{
	return rc > 0 ? F_ERROR_NONE : s->err;
}

int
SSL_pending(const SSL *s)
{
	return (int)(s->len - s->off);
}

long
SSL_get_verify_result(const SSL *s)
{
	return s->verify;
}

const char *
SSL_get_version(const SSL *s)
{
	(void)s;
	return "TLSv1.3";
}

const void *
SSL_get_current_cipher(const SSL *s)
{
	return s->done ? &dummy_cipher : NULL;
}

const char *
SSL_CIPHER_get_name(const void *c)
{
	return c == &dummy_cipher ? "FAKE_NULL_CIPHER" : "?";
}

/* The server takes the first protocol offered. */
void
SSL_get0_alpn_selected(const SSL *s, const unsigned char **p,
    unsigned int *len)
{
	*p = NULL;
	*len = 0;
	if (s->ctx->alpn_len > 0) {
		*p = s->ctx->alpn + 1;
		*len = s->ctx->alpn[0];
	}
}

X509 *
SSL_get1_peer_certificate(const SSL *s)
{
	if (s->peer == NULL)
		return NULL;
	say("+x509", NULL);
	s->peer->refs++;
	return s->peer;
}
