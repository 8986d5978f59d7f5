/*
 * cli/server_tls.c: what the TLS servers, listen and serve-hello, share:
 * their options (CLI_TLS_SERVER): --tls (--ssl, as ncat spells it), the
 * certificate and key, mutual TLS, the lowest version, into a struct
 * tls_server_opts (tls/tls.h); the context made from them once, and what
 * each connection's handshake reports, in words: the handshake is
 * serve/'s (serve/child.c's lserve_tls, a layer of the connection stack),
 * which tells it as events.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/server_tls.h"
#include "parse/opt.h"
#include "serve/serve.h"
#include "tls/tls.h"
#include "util/base.h"

static int	set_cert(void *, const struct opt_state *);
static int	set_key(void *, const struct opt_state *);
static int	set_cacert(void *, const struct opt_state *);
static int	set_tls_min(void *, const struct opt_state *);

/*
 * The rows, each binding its option into cl->tls_srv (a setter for a
 * file name, never empty, and the version's words); --tls binds nothing,
 * the command reads it with opt_seen.  Each command's help lines are
 * CLI_TLS_SERVER_DOC (cli.h).
 */
const struct opt_def cli_tls_server_opts[] = {
	OPT_FLAG_(CLI_O_SRV_TLS, 0, "tls", NULL),
	OPT_ALIAS(CLI_O_SRV_TLS, 0, "ssl", 0),
	OPT_CALL_ID(CLI_O_SRV_CERT, 0, "cert", "file", COMP_FILE, NULL,
	    set_cert, NULL),
	OPT_CALL_ID(CLI_O_SRV_KEY, 0, "key", "file", COMP_FILE, NULL, set_key,
	    NULL),
	OPT_CALL_ID(CLI_O_SRV_CACERT, 0, "cacert", "file", COMP_FILE, NULL,
	    set_cacert, NULL),
	OPT_BOOL_ID(CLI_O_SRV_VERIFY, 0, "tls-verify-client",
	    struct tls_server_opts, verify_client),
	OPT_CALL_ID(CLI_O_SRV_TLS_MIN, 0, "tls-min", "version", COMP_WORDS,
	    "1.2 1.3", set_tls_min, NULL),
	OPT_END
};

/* A file name of option name into *to: 0, or -1 after the message. */
static int
set_file(const struct cli *cl, const char *name, const char *arg,
    const char **to)
{
	if (*arg == '\0')
		return msg_usage(cl->spec->usage, "--%s: empty file name",
		    name);
	*to = arg;
	return 0;
}

static int
set_cert(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;

	return set_file(cl, "cert", st->arg, &cl->tls_srv->cert);
}

static int
set_key(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;

	return set_file(cl, "key", st->arg, &cl->tls_srv->key);
}

static int
set_cacert(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;

	return set_file(cl, "cacert", st->arg, &cl->tls_srv->cafile);
}

static int
set_tls_min(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;
	const char *arg = st->arg;

	if (strcmp(arg, "1.2") != 0 && strcmp(arg, "1.3") != 0)
		return msg_usage(cl->spec->usage, "--tls-min %s: not 1.2 or "
		    "1.3", arg);
	cl->tls_srv->min_version = strcmp(arg, "1.3") == 0 ? 13 : 12;
	return 0;
}

/* What the group's options need, checked once they are read. */
const struct opt_rule cli_tls_server_rules[] = {
	{ OPT_NEEDS, { CLI_O_SRV_CERT, CLI_O_SRV_KEY, CLI_O_SRV_CACERT,
	    CLI_O_SRV_VERIFY, CLI_O_SRV_TLS_MIN }, { CLI_O_SRV_TLS }, NULL },
	{ OPT_NEEDS, { CLI_O_SRV_KEY }, { CLI_O_SRV_CERT }, NULL },
	{ OPT_NEEDS, { CLI_O_SRV_VERIFY }, { CLI_O_SRV_CACERT },
	    "%s needs --cacert file: the CAs of client certificates" },
	{ OPT_NEEDS, { CLI_O_SRV_CACERT }, { CLI_O_SRV_VERIFY },
	    "%s goes with --tls-verify-client" },
	OPT_RULES_END
};

struct tls_server_ctx *
cli_tls_server_ctx(const struct tls_server_opts *o, int verbose)
{
	struct tls_server_ctx *sc;
	char err[SK_ERRLEN], fp[TLS_FP_LEN], pin[TLS_PIN_LEN];
	const char *name;

	if ((sc = tls_server_ctx_new(o, err)) == NULL) {
		msg_warnx("%s", err);
		return NULL;
	}
	if (!verbose)
		return sc;
	tls_server_fingerprint(sc, fp);
	if (tls_server_ephemeral(sc, &name))
		msg_warnx("ephemeral TLS certificate for %s, SHA-256 "
		    "fingerprint %s", name, fp);
	else
		msg_warnx("TLS certificate %s, SHA-256 fingerprint %s",
		    o->cert, fp);
	/* the form a client pins it by (connect --pinnedpubkey) */
	tls_server_pin(sc, pin);
	if (pin[0] != '\0')
		msg_warnx("its public key, for --pinnedpubkey: %s", pin);
	return sc;
}

void
cli_tls_say(const char *peer, struct tls_conn *tls)
{
	struct tls_info in;

	tls_info(tls, &in);
	msg_warnx("connection from %s: %s, cipher %s%s%s", peer, in.version,
	    in.cipher, in.subject[0] != '\0' ? ", client certificate " : "",
	    in.subject);
}

void
cli_tls_event(const struct lserve_event *ev, void *arg)
{
	(void)arg;
	if (ev->kind == LSERVE_EV_TLS)
		cli_tls_say(ev->peer, ev->tls);
	else if (ev->kind == LSERVE_EV_PEER_FAIL)
		msg_warnx("connection from %s: %s", ev->peer, ev->what);
}
