/*
 * tls_dtls.c: DTLS, TLS over UDP (tls.h): the datagram BIO over a UDP
 * socket, the path MTU, the retransmission timer, and a server's
 * stateless cookies (RFC 6347 4.2.1: a HelloVerifyRequest whose cookie
 * is an HMAC of the client's address under a secret of this process, so
 * that a spoofed source costs the server nothing but one datagram).
 *
 * What OpenSSL's headers hide: DTLSv1_get_timeout and
 * DTLSv1_handle_timeout are SSL_ctrl 73 and 74, DTLS_set_link_mtu is
 * SSL_ctrl 120, BIO_ctrl_set_connected and BIO_dgram_get_peer are
 * BIO_ctrl 32 and 46; a BIO_ADDR is a union of the sockaddr types, which
 * a sockaddr_storage holds.  OpenSSL retransmits a flight when a read
 * finds the timer run out: the caller only has to call again by then
 * (tls_wake).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"
#include "util/clock.h"

#define DTLS_CTRL_GET_TIMEOUT	73
#define DTLS_CTRL_SET_LINK_MTU	120
#define BIO_CTRL_DGRAM_SET_CONNECTED 32
#define BIO_CTRL_DGRAM_GET_PEER	46
#define BIO_NOCLOSE		0
#define SSL_OP_NO_QUERY_MTU	((uint64_t)1 << 12)
#define SSL_OP_COOKIE_EXCHANGE	((uint64_t)1 << 13)
#define DTLS1_VERSION		0xFEFF
#define DTLS1_2_VERSION		0xFEFD
#define DTLS1_3_VERSION		0xFEFC
#define COOKIE_SECRET_LEN	32
#define COOKIE_LEN		32	/* an HMAC-SHA256 */

typedef struct bio_st BIO;

static struct {
	const SSL_METHOD *(*DTLS_client_method)(void);
	const SSL_METHOD *(*DTLS_server_method)(void);
	int		(*DTLSv1_listen)(SSL *, void *);
	size_t		(*DTLS_get_data_mtu)(const SSL *);
	void		(*SSL_CTX_set_cookie_generate_cb)(SSL_CTX *,
			    int (*)(SSL *, unsigned char *, unsigned int *));
	void		(*SSL_CTX_set_cookie_verify_cb)(SSL_CTX *,
			    int (*)(SSL *, const unsigned char *,
			    unsigned int));
	BIO		*(*BIO_new_dgram)(int, int);
	long		(*BIO_ctrl)(BIO *, int, long, void *);
	void		(*SSL_set_bio)(SSL *, BIO *, BIO *);
	BIO		*(*SSL_get_rbio)(const SSL *);
	uint64_t	(*SSL_set_options)(SSL *, uint64_t);
	unsigned char	*(*HMAC)(const EVP_MD *, const void *, int,
			    const unsigned char *, size_t, unsigned char *,
			    unsigned int *);
	const EVP_MD	*(*EVP_sha256)(void);
	int		(*RAND_bytes)(unsigned char *, int);
	int		(*CRYPTO_memcmp)(const void *, const void *, size_t);
	size_t		(*SSL_get_client_random)(const SSL *, unsigned char *,
			    size_t);
} dt;

#define SYM(name)	TLS_SYM(dt, name)
static const struct dl_sym dtls_syms[] = {
	SYM(DTLS_client_method), SYM(DTLS_server_method), SYM(DTLSv1_listen),
	SYM(DTLS_get_data_mtu), SYM(SSL_CTX_set_cookie_generate_cb),
	SYM(SSL_CTX_set_cookie_verify_cb), SYM(BIO_new_dgram), SYM(BIO_ctrl),
	SYM(SSL_set_bio), SYM(SSL_get_rbio),
	SYM(SSL_set_options), SYM(HMAC), SYM(EVP_sha256), SYM(RAND_bytes),
	SYM(CRYPTO_memcmp), SYM(SSL_get_client_random)
};
const struct dl_symtab tls_dtls_symtab = DL_SYMTAB(dtls_syms);

static unsigned char cookie_secret[COOKIE_SECRET_LEN];
static int cookie_ready;

const SSL_METHOD *
tls_dtls_method(int server)
{
	return server ? dt.DTLS_server_method() : dt.DTLS_client_method();
}

/* --tls-min's 12 or 13 as DTLS's version numbers (1.3: none in 3.0). */
int
tls_dtls_min_proto(int min_version)
{
	return min_version == 13 ? DTLS1_3_VERSION : min_version == 12 ?
	    DTLS1_2_VERSION : 0;
}

/*
 * The cookie of the peer of ssl's datagram BIO: an HMAC-SHA256 of its
 * family, port and address.  0, or -1 when the address is unknown.
 */
static int
cookie_make(SSL *ssl, unsigned char *md, unsigned int *mdlen)
{
	struct sockaddr_storage ss;
	unsigned char in[2 + 2 + 16];
	const struct sockaddr_in *sin;
	const struct sockaddr_in6 *sin6;
	size_t n;

	memset(&ss, 0, sizeof(ss));
	if (dt.BIO_ctrl(dt.SSL_get_rbio(ssl), BIO_CTRL_DGRAM_GET_PEER, 0,
	    &ss) <= 0)
		return -1;
	memset(in, 0, sizeof(in));
	in[0] = (unsigned char)(ss.ss_family >> 8);
	in[1] = (unsigned char)ss.ss_family;
	if (ss.ss_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)&ss;
		memcpy(in + 2, &sin->sin_port, 2);
		memcpy(in + 4, &sin->sin_addr, 4);
		n = 8;
	} else if (ss.ss_family == AF_INET6) {
		sin6 = (const struct sockaddr_in6 *)(const void *)&ss;
		memcpy(in + 2, &sin6->sin6_port, 2);
		memcpy(in + 4, &sin6->sin6_addr, 16);
		n = sizeof(in);
	} else
		return -1;
	if (dt.HMAC(dt.EVP_sha256(), cookie_secret, COOKIE_SECRET_LEN, in, n,
	    md, mdlen) == NULL)
		return -1;
	return 0;
}

static int
cookie_generate(SSL *ssl, unsigned char *cookie, unsigned int *len)
{
	return cookie_make(ssl, cookie, len) == 0 ? 1 : 0;
}

static int
cookie_verify(SSL *ssl, const unsigned char *cookie, unsigned int len)
{
	unsigned char md[64];
	unsigned int n = 0;

	if (cookie_make(ssl, md, &n) == -1 || n != COOKIE_LEN ||
	    len != COOKIE_LEN)
		return 0;
	return dt.CRYPTO_memcmp(md, cookie, COOKIE_LEN) == 0 ? 1 : 0;
}

/* A server context's cookies, under a secret made once a process. */
int
tls_dtls_ctx(SSL_CTX *ctx, char *err)
{
	if (!cookie_ready) {
		if (dt.RAND_bytes(cookie_secret, COOKIE_SECRET_LEN) != 1) {
			snprintf(err, SK_ERRLEN, "cannot make the cookie "
			    "secret: %s", tls_reason("no randomness"));
			return -1;
		}
		cookie_ready = 1;
	}
	dt.SSL_CTX_set_cookie_generate_cb(ctx, cookie_generate);
	dt.SSL_CTX_set_cookie_verify_cb(ctx, cookie_verify);
	ossl.SSL_CTX_set_options(ctx, SSL_OP_COOKIE_EXCHANGE);
	return 0;
}

/*
 * A datagram BIO over c->fd for c->ssl, told the peer when the socket
 * is connected, and the link's MTU when mtu > 0 (else the kernel's,
 * which OpenSSL asks).  0, or -1 with err.
 */
int
tls_dtls_bio(struct tls_conn *c, int mtu, char *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	BIO *b;

	if ((b = dt.BIO_new_dgram(c->fd, BIO_NOCLOSE)) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot make a "
		    "datagram BIO"));
		return -1;
	}
	memset(&ss, 0, sizeof(ss));
	if (getpeername(c->fd, (struct sockaddr *)&ss, &len) == 0)
		(void)dt.BIO_ctrl(b, BIO_CTRL_DGRAM_SET_CONNECTED, 0, &ss);
	dt.SSL_set_bio(c->ssl, b, b);
	c->mtu = mtu;
	if (mtu > 0) {
		(void)dt.SSL_set_options(c->ssl, SSL_OP_NO_QUERY_MTU);
		if (ossl.SSL_ctrl(c->ssl, DTLS_CTRL_SET_LINK_MTU, mtu,
		    NULL) != 1) {
			snprintf(err, SK_ERRLEN, "an MTU of %d is too small "
			    "for DTLS", mtu);
			return -1;
		}
	}
	return 0;
}

long long
tls_wake(struct tls_conn *c)
{
	struct timeval tv;

	/* the wait for a TLS 1.3 server's verdict (tls_handshake_step) */
	if (c->verdict_due != 0)
		return c->verdict_due;
	if (!c->dtls || ossl.SSL_ctrl(c->ssl, DTLS_CTRL_GET_TIMEOUT, 0,
	    &tv) != 1)
		return -1;
	return mono_ms() + (long long)tv.tv_sec * 1000 +
	    (tv.tv_usec + 999) / 1000;
}

size_t
tls_record_max(struct tls_conn *c)
{
	size_t n;

	if (!c->dtls)
		return TLS_RECORD_MAX;
	n = dt.DTLS_get_data_mtu(c->ssl);
	return n > 0 && n < TLS_RECORD_MAX ? n : TLS_RECORD_MAX;
}

int
tls_dtls_listen(struct tls_conn *c, struct sockaddr_storage *peer,
    char *err)
{
	int rc;

	memset(peer, 0, sizeof(*peer));
	ossl.ERR_clear_error();
	if ((rc = dt.DTLSv1_listen(c->ssl, peer)) >= 0)
		return rc;
	snprintf(err, SK_ERRLEN, "%s", tls_reason("DTLS listen failed"));
	return -1;
}

/*
 * A ClientHello's first record: type 22, the version, epoch 0 (bytes 3
 * and 4), then the handshake's header (type 1 at 13, 12 bytes) and the
 * body: the client's version and its random.
 */
#define HELLO_RANDOM	(13 + 12 + 2)

int
tls_dtls_new_hello(struct tls_conn *c, const unsigned char *p, size_t n)
{
	unsigned char r[32];

	if (n < HELLO_RANDOM + sizeof(r) || p[0] != 22 || p[3] != 0 ||
	    p[4] != 0 || p[13] != 1)
		return 0;
	/* the same random: a copy of the hello that began c, sent again */
	if (dt.SSL_get_client_random(c->ssl, r, sizeof(r)) != sizeof(r))
		return 0;
	return memcmp(p + HELLO_RANDOM, r, sizeof(r)) != 0;
}

int
tls_dtls_connected(struct tls_conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	if (getpeername(c->fd, (struct sockaddr *)&ss, &len) == -1)
		return -1;
	(void)dt.BIO_ctrl(dt.SSL_get_rbio(c->ssl),
	    BIO_CTRL_DGRAM_SET_CONNECTED, 0, &ss);
	return 0;
}

int
tls_dtls_rebind(struct tls_conn *c, int fd, char *err)
{
	c->fd = fd;
	return tls_dtls_bio(c, c->mtu, err);
}
