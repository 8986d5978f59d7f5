/*
 * tls.h: TLS over a connected socket, from the system's OpenSSL 3
 * (libssl.so.3, libcrypto.so.3), opened with dlopen the first time TLS is
 * needed: sockt links nothing but libc, and plain TCP works where the
 * library is absent.  No OpenSSL header is needed to build: tls.c
 * declares the few prototypes and constants it uses.  Core: never
 * prints, never exits; the functions that can fail fill an SK_ERRLEN err
 * with the cause in words a user can act on ("certificate has expired
 * (notAfter 2026-11-13)"), which the caller prefixes with the peer.
 *
 * SOCKT_TLS_LIB names the libssl to open instead of libssl.so.3 (and
 * SOCKT_TLS_CRYPTO the libcrypto), for tests.
 *
 * tls_load opens the library once; 0, or -1 with err ("TLS needs
 * libssl.so.3 (OpenSSL 3), which was not found").  tls_lib_version
 * names the library's version ("OpenSSL 3.0.19 27 Jan 2026"), or NULL
 * when none could be loaded; tls_lib_name, the libssl it opened
 * (libssl.so.3, or SOCKT_TLS_LIB).
 * tls_client_new makes a client connection over fd as o says; the
 * handshake (tls_handshake) runs until deadline (mono_ms; -1: none) and
 * leaves fd non-blocking.
 * tls_read and tls_write return the bytes moved (0 from tls_read: the
 * peer ended the stream, close_notify or not), or -1 with errno (EAGAIN:
 * try again when tls_want says so; EPROTO for a TLS failure, which
 * tls_error says in words: "TLS error: decryption failed or bad record mac").
 * tls_pending: decrypted bytes waiting that poll cannot see.
 * tls_want: POLLIN or POLLOUT, what the last call that would block needs.
 * tls_shutdown sends close_notify (our half-close; reading goes on).
 * tls_close frees the connection; it never closes fd.
 * tls_info describes the session for -v.
 */
#ifndef TLS_H
#define TLS_H

#include <sys/types.h>

#include <stddef.h>

#define TLS_LIB_NAME	"libssl.so.3"
#define TLS_ALPN_MAX	512	/* the wire form of an ALPN list */

struct tls_conn;

struct tls_client_opts {
	const char	*host;		/* name or IP literal checked; SNI for
					 * a name */
	const char	*port;		/* for messages only */
	const char	*cafile;	/* --cacert, or NULL: the system's */
	const char	*capath;	/* --capath, or NULL */
	const char	*cert, *key;	/* a client certificate, or NULL */
	int		 insecure;	/* no verification at all */
	int		 min_version;	/* 0 (library default), 12 or 13 */
	const unsigned char *alpn;	/* wire form (alpn_parse), or NULL */
	size_t		 alpn_len;
};

struct tls_info {
	char	version[16];	/* TLSv1.3 */
	char	cipher[64];
	char	alpn[256];	/* empty: none agreed */
	char	subject[256];
	char	issuer[256];
	char	not_before[32];	/* 2025-01-31 12:00:00 UTC */
	char	not_after[32];
	char	san[512];	/* DNS:a, IP:127.0.0.1, ... */
};

int	tls_load(char *err);
const char *tls_lib_version(void);
const char *tls_lib_name(void);
struct tls_conn *tls_client_new(int fd, const struct tls_client_opts *o,
	    char *err);
int	tls_handshake(struct tls_conn *c, long long deadline, char *err);
ssize_t	tls_read(struct tls_conn *c, void *buf, size_t len);
ssize_t	tls_write(struct tls_conn *c, const void *buf, size_t len);
const char *tls_error(const struct tls_conn *c);
size_t	tls_pending(struct tls_conn *c);
int	tls_want(const struct tls_conn *c);
int	tls_shutdown(struct tls_conn *c);
void	tls_close(struct tls_conn *c);
void	tls_info(struct tls_conn *c, struct tls_info *info);

#endif /* TLS_H */
