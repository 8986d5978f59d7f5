/*
 * tls/: the TLS backend, as curl's lib/vtls/: the system's OpenSSL 3
 * behind sockt's own calls.  Engine: never prints, never exits.  May use
 * parse and util: it stands below net/, whose endpoints carry it.
 *
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
 * libssl.so.3 (OpenSSL 3), which was not found").  tls_opened says
 * whether the process has opened it, or tried (1), or not (0): its
 * fork handlers then matter to a forked child (net/server.c).  tls_lib_version
 * names the library's version ("OpenSSL 3.0.19 27 Jan 2026"), or NULL
 * when none could be loaded; tls_lib_name, the libssl it opened
 * (libssl.so.3, or SOCKT_TLS_LIB).
 * tls_client_new makes a client connection over fd as o says (or over
 * o->io, whose want and pending bytes its own tls_want and tls_pending
 * include: the layers beneath it in a connection stack, TLS inside an
 * https:// proxy's TLS); the
 * handshake (tls_handshake) runs until deadline (mono_ms; -1: none) and
 * leaves fd non-blocking.  With o->pins, the handshake also refuses a
 * server whose public key is none of them (after the verification, and
 * with o->insecure too, as curl's --pinnedpubkey).
 * tls_handshake_step is one step of it for a caller's poll loop, on a
 * non-blocking fd: 0 when it is done, POLLIN or POLLOUT for what the
 * next step waits on, or -1 with err (the caller keeps the time limit).
 * In TLS 1.3 a server judges the client certificate it asked for after
 * the client's side of the handshake is over: then the handshake is done
 * only at the server's word (a session ticket, data, its end), or
 * TLS_VERDICT_MS after, and its refusal fails it (tls_wake says when to
 * call again).
 * tls_verify_result: the verification's X509_V_ code (0: verified), as
 * curl's %{ssl_verify_result}; with insecure still what it found.
 * tls_read and tls_write return the bytes moved (0 from tls_read: the
 * peer ended the stream, close_notify or not), or -1 with errno (EAGAIN:
 * try again when tls_want says so; EPROTO for a TLS failure, which
 * tls_error says in words: "TLS error: decryption failed or bad record mac").
 * tls_pending: decrypted bytes waiting that poll cannot see.
 * tls_want: POLLIN or POLLOUT, what the last call that would block needs.
 * tls_shutdown sends close_notify (our half-close; reading goes on).
 * tls_quiet: how long (ms) a client's close_notify should wait for the
 * server's silence, if the server has not ended first; 0 for a server's
 * connection.  A server that answers our last command and closes without
 * reading on finds our close_notify unread, and its kernel answers the
 * close with a reset that drops what it had not yet sent of its answer.
 * In TLS 1.2 (and DTLS 1.2) close_notify also closes both ways and asks
 * the peer to drop its pending writes (RFC 5246 7.2.1): the server's end
 * is awaited, TLS_QUIET12_MS of its silence at most.  In TLS 1.3 it is a
 * half-close (RFC 8446 6.1), due once the server has been quiet for the
 * short TLS_QUIET13_MS: a server that reads to our end before it answers
 * still gets it soon.
 * tls_close frees the connection; it never closes fd.
 * tls_info describes the session for -v.  tls_kind names the protocol
 * for messages: "TLS", or "DTLS".
 */
#ifndef TLS_H
#define TLS_H

#include <sys/types.h>

#include <stddef.h>

#define TLS_LIB_NAME	"libssl.so.3"
#define TLS_QUIET12_MS	2000	/* tls_quiet: TLS 1.2, DTLS 1.2 */
#define TLS_QUIET13_MS	500	/* tls_quiet: TLS 1.3 */
#define TLS_VERDICT_MS	1000	/* tls_handshake_step: a TLS 1.3 server
				 * that sends no ticket */
#define TLS_ALPN_MAX	512	/* the wire form of an ALPN list */

struct tls_conn;
struct pin_set;

/*
 * What a client connection's records go over in place of a socket (the
 * layers beneath it in a connection stack, net/conn.h): read and write
 * as read(2) and write(2), -1 with errno (EAGAIN: wait for want's
 * events); want(arg, dir): what the last call that would block waits
 * on, dir (POLLIN or POLLOUT) when it knows of nothing else; pending:
 * bytes held that poll cannot see; done: NULL, or called with arg when
 * the connection is freed (tls_close).
 */
struct tls_io {
	ssize_t		(*read)(void *arg, void *buf, size_t n);
	ssize_t		(*write)(void *arg, const void *buf, size_t n);
	int		(*want)(void *arg, int dir);
	size_t		(*pending)(void *arg);
	void		(*done)(void *arg);
	void		*arg;
};

#define TLS_CIPHERS_ERR	"cipher list: "

struct tls_client_opts {
	const char	*host;		/* name or IP literal checked; SNI for
					 * a name */
	const char	*servername;	/* --servername: in host's place for
					 * SNI and the check, or NULL */
	const char	*port;		/* for messages only */
	const char	*cafile;	/* --cacert, or NULL: the system's */
	const char	*ca_opt;	/* the option a failed verification's
					 * hint names; NULL: --cacert */
	const char	*capath;	/* --capath, or NULL */
	const char	*cert, *key;	/* a client certificate, or NULL */
	int		 insecure;	/* no verification at all */
	int		 min_version;	/* 0 (library default), 12 or 13 */
	/* OpenSSL's cipher lists (curl's --ciphers, --tls13-ciphers): TLS
	 * 1.2 and below, TLS 1.3; NULL: the library's default.  A list
	 * OpenSSL takes nothing of fails the set-up, err beginning with
	 * TLS_CIPHERS_ERR. */
	const char	*ciphers, *ciphers13;
	const unsigned char *alpn;	/* wire form (alpn_parse), or NULL */
	size_t		 alpn_len;
	const struct pin_set *pins;	/* --pinnedpubkey (parse/pin.h), or
					 * NULL */
	/*
	 * read ahead into a large buffer: fewer reads for a bulk download,
	 * for a caller that calls tls_read until EAGAIN before it polls
	 * (tls_pending does not count what was read ahead)
	 */
	int		 read_ahead;
	int		 dtls;		/* DTLS over a connected UDP socket */
	const struct tls_io *io;	/* records over it, fd unused (it is
					 * copied; its arg is the
					 * connection's from then on), or
					 * NULL */
	int		 mtu;		/* DTLS: the link's MTU; 0: the
					 * kernel's */
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
int	tls_opened(void);
const char *tls_lib_version(void);
const char *tls_lib_name(void);
struct tls_conn *tls_client_new(int fd, const struct tls_client_opts *o,
	    char *err);
int	tls_handshake(struct tls_conn *c, long long deadline, char *err);
int	tls_handshake_step(struct tls_conn *c, char *err);
long	tls_verify_result(struct tls_conn *c);
ssize_t	tls_read(struct tls_conn *c, void *buf, size_t len);
ssize_t	tls_write(struct tls_conn *c, const void *buf, size_t len);
const char *tls_error(const struct tls_conn *c);
const char *tls_kind(const struct tls_conn *c);
size_t	tls_pending(struct tls_conn *c);
int	tls_want(const struct tls_conn *c);
int	tls_shutdown(struct tls_conn *c);
int	tls_quiet(const struct tls_conn *c);
void	tls_close(struct tls_conn *c);
void	tls_info(struct tls_conn *c, struct tls_info *info);

/*
 * The server side (tls_server.c).  tls_server_ctx_new makes the context
 * once, before the accept loop: the certificate chain and key of o, or
 * without o->cert an ephemeral self-signed certificate made in memory
 * (an EC P-256 key, CN and subjectAltName the host name, with
 * localhost, 127.0.0.1 and ::1); with o->verify_client a client
 * certificate is required and verified against o->cafile.  Each
 * connection's child then calls tls_server_new, which makes a
 * connection in accept state over fd for tls_handshake and the I/O
 * above.  tls_server_ephemeral says whether the certificate is an
 * ephemeral one, and its name.  tls_server_fingerprint puts the certificate's SHA-256
 * fingerprint (AB:CD:...) into buf, TLS_FP_LEN bytes;
 * tls_server_pin its public key's pin as --pinnedpubkey takes it
 * (sha256//BASE64, TLS_PIN_LEN bytes; "" if it could not be made).
 * tls_peer_subject puts the peer's certificate subject (/CN=...) into
 * buf, or returns -1 when it sent none.
 */
#define TLS_FP_LEN	(32 * 3)
#define TLS_PIN_LEN	(8 + 44 + 1)	/* "sha256//", base64 of 32 bytes */
#define TLS_SUBJECT_LEN	256	/* as tls_info's */

struct tls_server_ctx;

struct tls_server_opts {
	const char	*cert, *key;	/* PEM chain and key (default: in
					 * cert's file); cert NULL: ephemeral */
	const char	*cafile;	/* the CAs of client certificates */
	int		 verify_client;	/* require and verify one */
	int		 min_version;	/* 0 (library default), 12 or 13 */
	int		 dtls;		/* DTLS, with stateless cookies */
	int		 mtu;		/* DTLS: the link's MTU; 0: the
					 * kernel's */
};

struct tls_server_ctx *tls_server_ctx_new(const struct tls_server_opts *o,
	    char *err);
void	tls_server_ctx_free(struct tls_server_ctx *sc);
int	tls_server_ephemeral(const struct tls_server_ctx *sc, const char **name);
void	tls_server_fingerprint(const struct tls_server_ctx *sc, char *buf);
void	tls_server_pin(const struct tls_server_ctx *sc, char *buf);
struct tls_conn *tls_server_new(int fd, struct tls_server_ctx *sc, char *err);
int	tls_peer_subject(struct tls_conn *c, char *buf, size_t size);
/* tls_peer_chain_len: the certificates the peer sent (curl's
 * %{num_certs}), 0 for none. */
int	tls_peer_chain_len(struct tls_conn *c);
/* tls_certinfo: the peer's chain as curl's %{certs} writes it
 * (tls_certinfo.c), malloc'd for the caller to free; NULL without. */
char	*tls_certinfo(struct tls_conn *c);

/*
 * DTLS (tls_dtls.c): o->dtls makes tls_client_new's connection DTLS over
 * a connected UDP socket, and tls_server_ctx_new's context a DTLS
 * server's whose cookies (HelloVerifyRequest) are an HMAC of the
 * client's address under a secret of the process.  tls_read and
 * tls_write then move one record each.  tls_wake: the mono_ms by which
 * the connection must be called again (tls_handshake_step, tls_read)
 * even if nothing arrives, for a flight to be sent again, or -1.
 * tls_record_max: the most one tls_write sends in one record (with
 * DTLS, what fits the path MTU).  tls_dtls_listen waits on an unconnected
 * socket (a server connection from tls_server_new) for a ClientHello
 * with a valid cookie, answering the others with a HelloVerifyRequest:
 * 1 with its sender in *peer, 0 when no more datagrams are waiting, -1
 * with err.  The caller then connects fd to peer and calls
 * tls_dtls_connected, and the handshake goes on; or moves it to a
 * socket of the peer's own, connected to it (tls_dtls_rebind: 0, or -1
 * with err), and waits again with a new connection.
 * tls_dtls_new_hello says whether the datagram p[0..n), come to c's
 * socket, is a ClientHello that begins another association than c's (a
 * peer that came back from the same address and port): epoch 0 and a
 * client random not c's.
 */
#define TLS_RECORD_MAX	16384
#define DTLS_MTU_MIN	256	/* the least link MTU OpenSSL takes */

struct sockaddr_storage;

long long tls_wake(struct tls_conn *c);
size_t	tls_record_max(struct tls_conn *c);
int	tls_dtls_listen(struct tls_conn *c, struct sockaddr_storage *peer,
	    char *err);
int	tls_dtls_new_hello(struct tls_conn *c, const unsigned char *p,
	    size_t n);
int	tls_dtls_connected(struct tls_conn *c);
int	tls_dtls_rebind(struct tls_conn *c, int fd, char *err);

/*
 * tls_sha1: the SHA-1 of p[0..n) into md (TLS_SHA1_LEN bytes), from the
 * library tls_load opens (the WebSocket accept key); 0, or -1 with err.
 */
#define TLS_SHA1_LEN	20
int	tls_sha1(const void *p, size_t n, unsigned char *md, char *err);

/*
 * tls_digest: the hash the library names name ("MD5", "SHA256",
 * "SHA512-256") of p[0..n) into md (TLS_DIGEST_MAX bytes room): its
 * length, or -1 with err (no library, no such hash).  tls_random: n
 * random bytes (at most 256) into p; 0, or -1 with err.
 */
#define TLS_DIGEST_MAX	64
int	tls_digest(const char *name, const void *p, size_t n,
	    unsigned char *md, char *err);
int	tls_random(unsigned char *p, size_t n, char *err);

/*
 * A failed client handshake in curl 7.88's words (its lib/vtls/openssl.c),
 * for http-get's %{errormsg}.  tls_fail_code: the first error OpenSSL
 * queued when c's handshake failed (0: none), and its errno in *sys.
 * tls_curl_error: such a code as curl's ossl_strerror says it,
 * "OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number",
 * into buf, or with bare what ossl_strerror returns, the "error:..."
 * alone (curl's cert_stuff words); its length, or -1.
 * tls_verify_error: an X509_V_ code in OpenSSL's words ("certificate
 * has expired").  Both only for what a connection gave: the library is
 * loaded.
 */
unsigned long tls_fail_code(const struct tls_conn *c, int *sys);
/* tls_first_error: the first error OpenSSL has queued now (a context
 * that could not be made), 0: none */
unsigned long tls_first_error(void);
int	tls_curl_error(unsigned long code, int bare, char *buf, size_t size);
/* the code of a TLS 1.3 server's alert "certificate required" (SSL's
 * reason 1116, ERR_PACK'd): curl reads it after its handshake, 56 */
#define TLS_ERR_CERT_REQUIRED	0x0A00045CUL
/* what a client certificate or key that cannot be used is said with
 * (tls_client_new's err), curl's 58 */
#define TLS_CLIENT_ERR	"client "
const char *tls_verify_error(long v);

#endif /* TLS_H */
