/*
 * tls_int.h: what the parts of the TLS module share (tls.c: loading,
 * the handshake, I/O and the messages; tls_fns.c: the library's
 * functions and the reason of a failure, under them all; tls_client.c:
 * client contexts; tls_cert.c: what a certificate says; tls_pin.c:
 * --pinnedpubkey).  Only src/tls/tls*.c include it:
 * no other file calls OpenSSL.  The types and constants are OpenSSL 3's,
 * spelled out here so that no OpenSSL header is needed to build.
 */
#ifndef TLS_INT_H
#define TLS_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "tls/tls.h"
#include "util/dl.h"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_session_st SSL_SESSION;
typedef struct ssl_method_st SSL_METHOD;
typedef struct ssl_cipher_st SSL_CIPHER;
typedef struct x509_st X509;
typedef struct X509_name_st X509_NAME;
typedef struct asn1_string_st ASN1_STRING;
typedef struct X509_VERIFY_PARAM_st X509_VERIFY_PARAM;
typedef struct stack_st OPENSSL_STACK;
typedef struct x509_store_ctx_st X509_STORE_CTX;
typedef struct X509_pubkey_st X509_PUBKEY;
typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_md_st EVP_MD;
typedef struct engine_st ENGINE;
typedef struct X509_extension_st X509_EXTENSION;

/* x509v3.h: GENERAL_NAME, a public and stable layout */
struct general_name {
	int		 type;
	ASN1_STRING	*d;
};

#define OSSL_VERSION_3		0x30000000UL
#define OPENSSL_VERSION_TEXT	0	/* OpenSSL_version(OPENSSL_VERSION) */
#define OPENSSL_VERSION_STRING	6	/* "3.0.19" */
#define SSL_CTRL_MODE		33
#define SSL_CTRL_SET_READ_AHEAD	41
#define SSL_CTRL_SET_TLSEXT_HOSTNAME 55
#define SSL_CTRL_SET_MIN_PROTO_VERSION 123
#define TLSEXT_NAMETYPE_host_name 0
#define TLS1_VERSION		0x0301
#define TLS1_2_VERSION		0x0303
#define TLS1_3_VERSION		0x0304
#define SSL_MODE_ENABLE_PARTIAL_WRITE 0x1L
#define SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER 0x2L
#define SSL_OP_IGNORE_UNEXPECTED_EOF ((uint64_t)1 << 7)
#define SSL_VERIFY_NONE		0
#define SSL_VERIFY_PEER		1
#define SSL_VERIFY_FAIL_IF_NO_PEER_CERT 2
#define SSL_CTRL_SET_SESS_CACHE_MODE 44
#define SSL_SESS_CACHE_OFF	0
#define SSL_SESS_CACHE_CLIENT	0x0001
#define SSL_SESS_CACHE_NO_INTERNAL_STORE 0x0200
#define MBSTRING_ASC		0x1001	/* MBSTRING_FLAG | 1 */
#define X509_VERSION_3		2
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

/*
 * The library's functions that every part of the module uses, resolved
 * by tls_syms_core (tls.c).  A part that needs more keeps its own struct
 * and table and names the table in tls.c's tables[], so every symbol is
 * still resolved at load time.
 */
struct tls_fns {
	unsigned long	(*OpenSSL_version_num)(void);
	const char	*(*OpenSSL_version)(int);
	unsigned long	(*ERR_peek_error)(void);
	const char	*(*ERR_reason_error_string)(unsigned long);
	void		(*ERR_clear_error)(void);
	void		(*ERR_error_string_n)(unsigned long, char *, size_t);
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
	void		(*SSL_set_connect_state)(SSL *);
	int		(*SSL_do_handshake)(SSL *);
	int		(*SSL_read)(SSL *, void *, int);
	int		(*SSL_peek)(SSL *, void *, int);
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
	OPENSSL_STACK	*(*SSL_get_peer_cert_chain)(const SSL *);
	int		(*X509_up_ref)(X509 *);
	X509		*(*X509_STORE_CTX_get0_cert)(const X509_STORE_CTX *);
	void		*(*X509_STORE_CTX_get_ex_data)(const X509_STORE_CTX *,
			    int);
	int		(*SSL_get_ex_data_X509_STORE_CTX_idx)(void);
	int		(*SSL_set_ex_data)(SSL *, int, void *);
	void		*(*SSL_get_ex_data)(const SSL *, int);
};
extern struct tls_fns ossl;	/* tls_fns.c, filled by tls.c's load */


/*
 * A table of symbols (util/dl.h) resolved into function pointers at load
 * time: TLS_SYM(fns, NAME) is the entry tests/tls_syms.sh reads.
 */
#define TLS_SYM(fns, name)	DL_SYM(fns, name)

struct tls_conn {
	SSL_CTX		*ctx;
	SSL		*ssl;
	int		 fd;
	int		 want;		/* POLLIN or POLLOUT */
	X509		*leaf;		/* the server's certificate, kept by
					 * verify_cb for the messages */
	const char	*host, *port;	/* port NULL: a server's connection */
	const char	*ca_opt;	/* the CA option a hint names, or
					 * NULL: --cacert */
	const struct pin_set *pins;	/* a client's --pinnedpubkey, or NULL */
	int		 insecure;	/* the verdict is not the cause */
	int		 dtls;		/* over a datagram socket */
	int		 client;	/* tls_client_new's */
	int		 asked;		/* the server asked for our
					 * certificate (tls_client.c) */
	int		 ticket;	/* a session ticket came */
	long long	 verdict_due;	/* TLS 1.3, a certificate asked
					 * for: the wait for the server's
					 * word ends (tls_handshake_step);
					 * 0: none */
	int		 mtu;		/* DTLS: the link's MTU, or 0 */
	struct tls_io	 io;		/* records over it, not fd
					 * (tls_over.c): io.read not NULL */
	int		 via_want;	/* io blocked: what it waits for */
	int		 fail_ssl;	/* the failed handshake step's SSL
					 * error code and errno, for a
					 * caller with words of its own
					 * (tls_probe.c); its reasons stay
					 * queued (tls_reason peeks) */
	int		 fail_errno;
	unsigned long	 fail_code;	/* ... and the first error queued
					 * then, 0: none (tls_fail_code) */
	char		 why[128];	/* tls_error */
};

/*
 * The tables of the parts with symbols of their own, resolved with the
 * core's (tls.c's tables[])
 */
extern const struct dl_symtab tls_client_symtab;	/* tls_client.c */
extern const struct dl_symtab tls_hash_symtab;		/* tls_hash.c */
extern const struct dl_symtab tls_pin_symtab;		/* tls_pin.c */
extern const struct dl_symtab tls_server_symtab;	/* tls_server.c */
extern const struct dl_symtab tls_probe_symtab;	/* tls_probe.c */
extern const struct dl_symtab tls_dtls_symtab;		/* tls_dtls.c */
extern const struct dl_symtab tls_over_symtab;		/* tls_over.c */
extern const struct dl_symtab tls_certinfo_symtab;	/* tls_certinfo.c */

/* tls_fns.c */
const char *tls_reason(const char *);

/* tls.c */
int	tls_file_fail(const char *, const char *, char *);
SSL_CTX	*tls_ctx_new(const SSL_METHOD *, int, char *);
int	tls_min_proto(int);
int	tls_keep_leaf(int, X509_STORE_CTX *);

/* tls_pin.c: --pinnedpubkey, and a key's pin (TLS_PIN_LEN) */
int	tls_pin_check(struct tls_conn *, char *);
int	tls_key_pin(X509 *, char *);

/* tls_dtls.c: DTLS's method, versions, BIO and a server's cookies */
const SSL_METHOD *tls_dtls_method(int);
int	tls_dtls_min_proto(int);
int	tls_dtls_bio(struct tls_conn *, int, char *);
int	tls_dtls_ctx(SSL_CTX *, char *);

/* tls_over.c: c's SSL reads and writes through c->io */
int	tls_over_bio(struct tls_conn *, char *);

/* tls_cert.c */
void	tls_cert_time(const ASN1_STRING *, int, char *, size_t);
void	tls_cert_names(X509 *, int, char *, size_t);

#endif /* TLS_INT_H */
