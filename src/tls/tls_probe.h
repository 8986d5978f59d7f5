/*
 * tls_probe.h: portscan --probe tls's TLS session and what the peer's
 * certificate says: the scanner never calls OpenSSL itself.  Its
 * handshake is the connection stack's TLS layer (net/conn.h's
 * conn_push_tls_hs, stepped by conn_step), as every other command's.  No
 * verification: the point is to see what a port presents, whatever it
 * is.  Core: never prints, never exits.
 *
 * tls_probe_ctx_new makes the context every probe of a process shares
 * (after tls_load; a forked worker makes its own): any protocol version
 * and cipher the library has, so that old servers still show their
 * certificate.  NULL with err on failure.
 * tls_probe_conn makes a client session over the connected, non-blocking
 * fd for that layer, sending name as SNI and checking the certificate
 * against it (NULL: no name, no check); insecure, so that the chain's
 * verdict is never taken for a failure's cause, and with no certificate
 * callback, so that TLS 1.3's wait for the server's verdict on ours never
 * comes (tls.h).  tls_close (the layer's end) frees it and never closes
 * fd.  NULL with err on failure.
 * tls_probe_fields fills f once that handshake is over: the version,
 * cipher, and the peer's certificate checked against the name, even when
 * the handshake failed (failed not 0: then f->error says why in the
 * probe's words, "not TLS (wrong version number)", from what the failed
 * step kept: its SSL error code, errno and the reasons still queued) or
 * ran out of time.
 */
#ifndef TLS_PROBE_H
#define TLS_PROBE_H

#include "parse/tlsfields.h"

struct tls_conn;
struct tls_probe_ctx;

struct tls_probe_ctx *tls_probe_ctx_new(char *err);
void	tls_probe_ctx_free(struct tls_probe_ctx *x);
struct tls_conn *tls_probe_conn(struct tls_probe_ctx *x, int fd,
	    const char *name, char *err);
void	tls_probe_fields(struct tls_conn *c, int failed, struct tls_fields *f);

#endif /* TLS_PROBE_H */
