/*
 * cli/server_tls.h: what TLS servers (listen and serve-hello) share: their
 * option group (CLI_TLS_SERVER in cli.h; the rows and the reading are
 * cli.c's to call), the context made once with its -v line, and what
 * each connection's handshake (a layer of net/stack.h's) reports, in
 * words.
 */
#ifndef SERVER_TLS_H
#define SERVER_TLS_H

#include "cli/cli.h"
#include "parse/opt.h"

/* The group's rows, each binding its option into cl->tls_srv. */
extern const struct opt_def cli_tls_server_opts[];
/* What the group's options need: rows cli_next checks after the last. */
extern const struct opt_rule cli_tls_server_rules[];

struct conn;
struct tls_server_ctx;
struct tls_server_opts;

/*
 * --mtu bytes (DTLS: the path MTU, DTLS_MTU_MIN to 65535), a row of a
 * command's table bound to member f of T (parse/opt.h's OPT_NUMBER).
 * The expansion needs tls/tls.h.
 */
#define CLI_MTU_AT(T, f, help) \
	OPT_NUMBER(0, "mtu", "bytes", OPT_T_INT | OPT_T_RANGE_TO, "--mtu", \
	    DTLS_MTU_MIN, 65535, T, f, (help))

/*
 * The server's context, made before it listens; with verbose the line
 * that names its certificate and fingerprint.  NULL after the message.
 */
struct tls_server_ctx *cli_tls_server_ctx(const struct tls_server_opts *o,
	    int verbose);
/*
 * The TLS of the client on c's descriptor (label names it), a layer
 * pushed onto c and its handshake run within ms (net/stack.h's
 * stack_accept_tls), in words: 0, or -1 after the message (a timeout is
 * said with verbose only, as an idle client's end is), c's layers freed
 * and its descriptor left open.  With verbose, the session in a line.
 * subject, if not NULL, gets the client certificate's subject (empty
 * for none), size bytes.
 */
int	cli_tls_accept(struct tls_server_ctx *sc, struct conn *c,
	    const char *label, int ms, int verbose, char *subject, size_t size);

#endif /* SERVER_TLS_H */
