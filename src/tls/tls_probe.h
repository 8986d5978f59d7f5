/*
 * tls_probe.h: a TLS handshake that a poll loop drives, and what the
 * peer's certificate says, for portscan --probe tls: the scanner never
 * calls OpenSSL itself.  No verification: the point is to see what a
 * port presents, whatever it is.  Core: never prints, never exits.
 *
 * tls_probe_ctx_new makes the context every probe of a process shares
 * (after tls_load; a forked worker makes its own): any protocol version
 * and cipher the library has, so that old servers still show their
 * certificate.  NULL with err on failure.
 * tls_probe_new starts a handshake over the connected, non-blocking fd,
 * sending name as SNI and checking the certificate against it (NULL: no
 * name, no check).  NULL with err on failure.  It never closes fd.
 * tls_probe_step runs the handshake on: POLLIN or POLLOUT while it waits
 * for the socket, else 0 with f filled: the session and certificate, or
 * f->error with why there is none (the certificate's fields too when one
 * came before the failure).
 * tls_probe_expire fills f for a handshake out of time.
 * tls_probe_free frees p.
 * tls_conn_fields fills f from any connection after its handshake: the
 * version, cipher, and its peer's certificate checked against name
 * (NULL: none).
 */
#ifndef TLS_PROBE_H
#define TLS_PROBE_H

#include "parse/tlsfields.h"

struct tls_conn;
struct tls_probe;
struct tls_probe_ctx;

struct tls_probe_ctx *tls_probe_ctx_new(char *err);
void	tls_probe_ctx_free(struct tls_probe_ctx *x);
struct tls_probe *tls_probe_new(struct tls_probe_ctx *x, int fd,
	    const char *name, char *err);
int	tls_probe_step(struct tls_probe *p, struct tls_fields *f);
void	tls_probe_expire(struct tls_probe *p, struct tls_fields *f);
void	tls_probe_free(struct tls_probe *p);
void	tls_conn_fields(struct tls_conn *c, const char *name,
	    struct tls_fields *f);

#endif /* TLS_PROBE_H */
