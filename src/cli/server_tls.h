/*
 * cli/server_tls.h: what TLS servers (listen and serve-hello) share: their
 * option group (CLI_TLS_SERVER in cli.h; the rows and the reading are
 * cli.c's to call), the context made once with its -v line, and what
 * each connection's handshake (serve/'s lserve_tls) reports, in words.
 */
#ifndef SERVER_TLS_H
#define SERVER_TLS_H

#include "cli/cli.h"
#include "parse/opt.h"

/* The group's rows, each binding its option into cl->tls_srv. */
extern const struct opt_def cli_tls_server_opts[];
/* What the group's options need: rows cli_next checks after the last. */
extern const struct opt_rule cli_tls_server_rules[];

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
 * What a client's TLS handshake met, in words: cli_tls_say the session
 * (-v's line: the version, the cipher, the client certificate's
 * subject); cli_tls_event, a struct lserve's event hook (serve/serve.h)
 * for a server whose children run serve/'s handshake (lserve_tls) and
 * nothing else of it, LSERVE_EV_TLS so and LSERVE_EV_PEER_FAIL as
 * "connection from PEER: WHY" (serve/ tells a timeout with -v alone).
 */
struct lserve_event;
struct tls_conn;
void	cli_tls_say(const char *peer, struct tls_conn *tls);
void	cli_tls_event(const struct lserve_event *ev, void *arg);

#endif /* SERVER_TLS_H */
