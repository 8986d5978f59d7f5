/*
 * cli/read.c: what the shared options --allow, --deny and --pinnedpubkey
 * read their arguments into (read.h): address blocks into the server's
 * lists, a pin's hashes or its key file's DER into the TLS client's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cli/read.h"
#include "net/server.h"
#include "parse/cidr.h"
#include "parse/pin.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/file.h"

#define PIN_FILEMAX	(1024 * 1024)	/* a --pinnedpubkey key file, as curl */

/* --allow and --deny: one command runs per process */
static struct cidr allow[CLI_MAXACL], deny[CLI_MAXACL];
/* --pinnedpubkey, and its key file's bytes: the same */
static struct pin_set pins;
static char *pinfile;

int
cli_read_acl(struct cli *cl, int is_allow, const char *spec)
{
	const char *opt = is_allow ? "--allow" : "--deny";
	struct cidr *list = is_allow ? allow : deny;
	size_t *n = is_allow ? &cl->so->nallow : &cl->so->ndeny;
	char err[SK_ERRLEN];

	cl->so->allow = allow;
	cl->so->deny = deny;
	if (*n == CLI_MAXACL)
		return msg_usage(cl->spec->usage, "%s: more than %d", opt,
		    CLI_MAXACL);
	if (cidr_parse(spec, &list[(*n)++], err) == -1)
		return msg_usage(cl->spec->usage, "%s %s", opt, err);
	return 0;
}

int
cli_read_pin(struct cli *cl, const char *arg)
{
	char err[SK_ERRLEN];
	size_t n, dlen;

	free(pinfile);
	pinfile = NULL;
	memset(&pins, 0, sizeof(pins));
	if (pin_is_hashes(arg)) {
		if (pin_parse(arg, &pins, err) == -1)
			return msg_usage(cl->spec->usage, "%s", err);
	} else {
		/* no such file: most likely a pin in another form */
		if (read_file(arg, PIN_FILEMAX, &pinfile, &n) == -1)
			return msg_usage(cl->spec->usage, "--pinnedpubkey %s: %s",
			    arg, errno == EFBIG ? "over 1 MiB" : errno ==
			    ENOENT ? "no such key file, nor sha256//BASE64 "
			    "(the SHA-256 of the public key, as listen --tls -v "
			    "prints it; not a certificate's fingerprint)" :
			    strerror(errno));
		if (pin_key_der((unsigned char *)pinfile, n, &dlen, err) == -1)
			return msg_usage(cl->spec->usage, "--pinnedpubkey %s: %s",
			    arg, err);
		pins.der = (const unsigned char *)pinfile;
		pins.der_len = dlen;
	}
	cl->tls->pins = &pins;
	return 0;
}
