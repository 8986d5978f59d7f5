/*
 * cli.c: the options several commands share (cli.h), and the -x sink
 * that prints the relay's hex dump.
 *
 * Every command used to spell out -4, -6, -n, -v, -h and the relay
 * options in its own switch; here they are read once, and a command's
 * switch lists only what is its own.  The core takes settings
 * (net_opts, relay_opts, server_opts) and knows no option letter: that
 * mapping, and the wording of its errors, is the command line's.
 */
#include <sys/socket.h>

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/join.h"
#include "cli/msg.h"
#include "cli/server_tls.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/server.h"
#include "parse/addr.h"
#include "parse/cidr.h"
#include "parse/opt.h"
#include "parse/pin.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/file.h"

#define PIN_FILEMAX	(1024 * 1024)	/* a --pinnedpubkey key file, as curl */

/*
 * cli_common: the option is a command's own, not its (its other
 * answers are 0, applied, and -1 after the message)
 */
#define CLI_NOT_OURS	1

/* --allow and --deny: one command runs per process */
static struct cidr allow[CLI_MAXACL], deny[CLI_MAXACL];
/* --pinnedpubkey, and its key file's bytes: the same */
static struct pin_set pins;
static char *pinfile;

/*
 * The rows of each group.  Their help lines are each command's own
 * (OPT_DOC rows of its table): the same letter says different things
 * to connect and to listen.
 */
static const struct opt_def family_opts[] = {
	OPT_FLAG_(CLI_O_4, '4', NULL, NULL),
	OPT_FLAG_(CLI_O_6, '6', NULL, NULL),
	OPT_END
};
static const struct opt_def numeric_opts[] = {
	OPT_FLAG_(CLI_O_NUMERIC, 'n', NULL, NULL),
	OPT_END
};
static const struct opt_def source_opts[] = {
	OPT_ARG_(CLI_O_SOURCE, 's', NULL, "addr", COMP_HOST, NULL),
	OPT_END
};
static const struct opt_def wait_opts[] = {
	OPT_SECS_(CLI_O_WAIT, 'w', NULL, "timeout", NULL),
	OPT_END
};
static const struct opt_def verbose_opts[] = {
	OPT_FLAG_(CLI_O_VERBOSE, 'v', NULL, NULL),
	OPT_END
};
static const struct opt_def relay_opts[] = {
	OPT_FLAG_(CLI_O_CRLF, 'C', NULL, NULL),
	OPT_FLAG_(CLI_O_NOSTDIN, 'd', NULL, NULL),
	OPT_FLAG_(CLI_O_QUIT_EOF, 'Q', NULL, NULL),
	OPT_FLAG_(CLI_O_DUMP, 'x', NULL, NULL),
	OPT_SECS_(CLI_O_IDLE, 'i', NULL, "idle timeout", NULL),
	/* nc's -q -1: a negative delay waits for ever */
	OPT_TYPED_(CLI_O_QUIT, 'q', NULL, "secs", OPT_T_SECS | OPT_T_ZERO |
	    OPT_T_FOREVER, "quit delay", 0, 0, NULL),
	OPT_FLAG_(CLI_O_NO_SHUTDOWN, 0, "no-shutdown", NULL),
	OPT_END
};
static const struct opt_def acl_opts[] = {
	OPT_ARG_(CLI_O_ALLOW, 0, "allow", "spec", COMP_NONE, NULL),
	OPT_ARG_(CLI_O_DENY, 0, "deny", "spec", COMP_NONE, NULL),
	OPT_END
};
static const struct opt_def limits_opts[] = {
	CLI_MAX_ROW("children", NULL),
	OPT_TYPED_(CLI_O_PER_PEER, 0, "max-per-peer", "n", OPT_T_INT |
	    OPT_T_RANGE, "--max-per-peer", 0, SERVER_MAX_LIMIT, NULL),
	OPT_END
};
static const struct opt_def tls_client_opts[] = {
	OPT_ARG_(CLI_O_CACERT, 0, "cacert", "file", COMP_FILE, NULL),
	OPT_ARG_(CLI_O_CAPATH, 0, "capath", "dir", COMP_FILE, NULL),
	OPT_ARG_(CLI_O_CERT, 0, "cert", "file", COMP_FILE, NULL),
	OPT_FLAG_(CLI_O_INSECURE, 0, "insecure", NULL),
	OPT_ARG_(CLI_O_KEY, 0, "key", "file", COMP_FILE, NULL),
	OPT_ARG_(CLI_O_PINNED, 0, "pinnedpubkey", "hashes|file", COMP_FILE,
	    NULL),
	OPT_ARG_(CLI_O_SERVERNAME, 0, "servername", "name", COMP_HOST, NULL),
	OPT_WORDS_(CLI_O_TLS_MIN, 0, "tls-min", "version", "1.2 1.3", NULL),
	OPT_END
};

static const struct {
	unsigned int	 group;
	const struct opt_def *opts;
} groups[] = {
	{ CLI_FAMILY,	family_opts },
	{ CLI_NUMERIC,	numeric_opts },
	{ CLI_SOURCE,	source_opts },
	{ CLI_WAIT,	wait_opts },
	{ CLI_VERBOSE,	verbose_opts },
	{ CLI_RELAY,	relay_opts },
	{ CLI_ACL,	acl_opts },
	{ CLI_LIMITS,	limits_opts },
	{ CLI_TLS_CLIENT, tls_client_opts },
	{ CLI_TLS_SERVER, cli_tls_server_opts },
	{ CLI_JOIN,	cli_join_opts },
};
#define NGROUPS	(sizeof(groups) / sizeof(groups[0]))

/* Every command that takes -4 and -6 refuses both, not the last one. */
static const struct opt_excl family_excl[] = {
	{ { CLI_O_4 }, { CLI_O_6 }, NULL },
	{ { 0 }, { 0 }, NULL }
};

/*
 * The -x sink: "> 00000010  68 65 6c 6c 6f 0a ...  |hello.|" on stderr,
 * one write per line so lines from several processes never mix.  The
 * relay only hands over the bytes; saying them is the command's part.
 */
static void
relay_dump_stderr(char tag, unsigned long long base, const unsigned char *p,
    size_t n, void *arg)
{
	static const char hex[] = "0123456789abcdef";
	char line[96];
	size_t i, j, k;

	(void)arg;

	for (i = 0; i < n; i += 16) {
		k = (size_t)snprintf(line, sizeof(line), "%c %08llx  ", tag,
		    base + i);
		for (j = 0; j < 16; j++) {
			if (i + j < n) {
				line[k++] = hex[p[i + j] >> 4];
				line[k++] = hex[p[i + j] & 15];
			} else {
				line[k++] = ' ';
				line[k++] = ' ';
			}
			line[k++] = ' ';
			if (j == 7)
				line[k++] = ' ';
		}
		line[k++] = ' ';
		line[k++] = '|';
		for (j = 0; j < 16 && i + j < n; j++)
			line[k++] = p[i + j] >= 0x20 && p[i + j] < 0x7f ?
			    (char)p[i + j] : '.';
		line[k++] = '|';
		line[k++] = '\n';
		(void)io_write_all(2, line, k);
	}
}

void
cli_init(struct cli *cl, const struct cli_spec *spec, struct opt_state *st,
    int argc, char **argv)
{
	size_t i, n = 0;

	memset(cl, 0, sizeof(*cl));
	cl->spec = spec;
	/* the command's own first: one of its letters wins over a group's */
	if (spec->extra != NULL)
		cl->tabs[n++] = spec->extra;
	cl->tabs[n++] = spec->opts;
	for (i = 0; i < NGROUPS; i++)
		if (spec->takes & groups[i].group)
			cl->tabs[n++] = groups[i].opts;
	cl->tabs[n] = NULL;
	opt_init(st, argc, argv, cl->tabs);
	cl->describe = argc == 2 && strcmp(argv[1], CLI_DESCRIBE) == 0;
}

static int	cli_named(const char *, const char *);

/* The letter of option id in any of cl's tables, or 0. */
static int
cli_letter(const struct cli *cl, int id)
{
	const struct opt_def *r;
	size_t i;

	for (i = 0; cl->tabs[i] != NULL; i++)
		for (r = cl->tabs[i]; r->id != 0; r++)
			if (r->id == id && r->letter != 0)
				return r->letter;
	return 0;
}

/*
 * Does a help line of tab name "--name" as a word ("-name" for nmap's
 * one-dash names, name[0] '-')?
 */
static int
cli_help_names(const struct opt_def *tab, const char *name)
{
	const struct opt_def *r;
	const char *p, *w;
	char word[72];
	size_t n;

	snprintf(word, sizeof(word), "%s%s", name[0] == '-' ? "" : "--", name);
	n = strlen(word);
	for (r = tab; r->id != 0; r++)
		for (p = r->help; p != NULL && (w = strstr(p, word)) != NULL;
		    p = w + 1)
			if ((w == r->help || strchr(" ,(", w[-1]) != NULL) &&
			    strchr("abcdefghijklmnopqrstuvwxyz-", w[n]) == NULL)
				return 1;
	return 0;
}

/*
 * The long names of the options the help shows by their letter (-f is
 * also curl's --fail): one list from the tables, so that every spelling
 * sockt takes is in its help, and a new one cannot be left out.
 */
static void
cli_help_long(const struct cli *cl)
{
	const struct opt_def *r;
	char done[2048] = "", item[96];
	size_t i, col = 0, len;
	int c;

	for (i = 0; cl->tabs[i] != NULL; i++)
		for (r = cl->tabs[i]; r->id != 0; r++) {
			if (r->id < 0 || r->name == NULL ||
			    (c = cli_letter(cl, r->id)) == 0 ||
			    cli_named(done, r->name) ||
			    cli_help_names(cl->spec->opts, r->name))
				continue;
			len = strlen(done);
			snprintf(done + len, sizeof(done) - len, " %s",
			    r->name);
			snprintf(item, sizeof(item), "%s-%c --%s",
			    col == 0 ? "" : ", ", c, r->name);
			if (col == 0) {
				fputs("long forms: ", stdout);
				col = 12;
			} else if (col + strlen(item) > 76) {
				fputs(",\n ", stdout);
				col = 1;
				item[0] = ' ';
				memmove(item, item + 1, strlen(item));
			}
			fputs(item, stdout);
			col += strlen(item);
		}
	if (col > 0)
		fputs("\n", stdout);
}

/*
 * --help: the synopsis, the help lines of the table in order, and the
 * long names of the options shown by their letter.
 */
static void
cli_help(const struct cli *cl)
{
	const struct opt_def *r;

	msg_stdout_text();
	fputs(cl->spec->usage, stdout);
	for (r = cl->spec->opts; r->id != 0; r++)
		if (r->help != NULL)
			fputs(r->help, stdout);
	cli_help_long(cl);
}

/* Is name (with its dashes) in the space-separated list done? */
static int
cli_named(const char *done, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = done; (p = strstr(p, name)) != NULL; p += n)
		if ((p == done || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The help line that describes row r of tab (r's, or the one above). */
static const char *
cli_help_of(const struct opt_def *tab, const struct opt_def *r)
{
	while (r > tab && (r->rflags & OPT_R_SAME))
		r--;
	return r->help;
}

static const char *const comp_names[] = {
	"none", "file", "host", "port", "words"
};

/*
 * One "O" line for option id, described by help (or NULL), unless every
 * name of it was listed already (done: those names, added to).
 */
static void
describe_one(const struct cli *cl, const struct opt_state *st, int id,
    const char *help, char *done, size_t dcap)
{
	const struct opt_def *r, *def;
	char names[256], name[64];
	const char *desc;
	size_t i, n = 0, dl;
	int pass;

	/* its first row, even one a letter of the command's own hides */
	for (i = 0, def = NULL; def == NULL && cl->tabs[i] != NULL; i++)
		for (r = cl->tabs[i]; def == NULL && r->id != 0; r++)
			if (r->id == id && !(r->rflags & OPT_R_DOC))
				def = r;
	(void)st;
	if (def == NULL)
		return;
	names[0] = '\0';
	/* the letter first, then the long names, as the tables give them */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; cl->tabs[i] != NULL; i++)
			for (r = cl->tabs[i]; r->id != 0; r++) {
				if (r->id != id || (r->rflags & OPT_R_DOC))
					continue;
				if (pass == 0 && r->letter != 0)
					(void)snprintf(name, sizeof(name), "-%c",
					    r->letter);
				else if (pass == 1 && r->name != NULL)
					(void)snprintf(name, sizeof(name),
					    "%s%s", r->name[0] == '-' ? "" :
					    "--", r->name);
				else
					continue;
				if (cli_named(done, name) ||
				    cli_named(names, name) || n >= sizeof(names))
					continue;
				n += (size_t)snprintf(names + n,
				    sizeof(names) - n, "%s%s", n ? " " : "",
				    name);
			}
	if (n == 0 || n >= sizeof(names))
		return;
	dl = strlen(done);
	(void)snprintf(done + dl, dcap - dl, " %s", names);
	desc = opt_desc(help, &dl);
	printf("O\t%s\t%s\t%s\t%s\t%.*s\n", names,
	    def->has_arg == 1 ? def->arg : "",
	    def->has_arg == 1 ? comp_names[def->comp] : "",
	    def->comp == COMP_WORDS ? def->words : "", (int)dl, desc);
}

/* CLI_DESCRIBE: the command's usage lines and options, on stdout. */
static int
cli_describe(const struct cli *cl, const struct opt_state *st)
{
	const char *u = cl->spec->usage, *e;
	const struct opt_def *r, *tab = cl->spec->opts;
	char done[2048] = "";
	size_t i;

	msg_stdout_text();
	for (; *u != '\0'; u = *e ? e + 1 : e) {
		if ((e = strchr(u, '\n')) == NULL)
			e = u + strlen(u);
		printf("U\t%.*s\n", (int)(e - u), u);
	}
	/* in the order of --help, each option where it is first described */
	for (r = tab; r->id != 0; r++)
		if (r->id > 0)
			describe_one(cl, st, r->id, cli_help_of(tab, r), done,
			    sizeof(done));
	/* then any the help does not describe */
	for (i = 0; cl->tabs[i] != NULL; i++)
		for (r = cl->tabs[i]; r->id != 0; r++)
			if (r->id > 0)
				describe_one(cl, st, r->id, NULL, done,
				    sizeof(done));
	return fflush(stdout) == EOF ? -1 : 0;
}

/*
 * --allow or --deny SPEC, added to its list.  Returns 0, else -1 after
 * the message.
 */
static int
cli_acl(struct cli *cl, int c, const char *spec)
{
	const char *opt = c == CLI_O_ALLOW ? "--allow" : "--deny";
	struct cidr *list = c == CLI_O_ALLOW ? allow : deny;
	size_t *n = c == CLI_O_ALLOW ? &cl->so->nallow : &cl->so->ndeny;
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

/*
 * A relay option: -C -d -Q -x --no-shutdown, -i and -q with their
 * seconds (read by opt_next into ms).
 */
static void
cli_relay(struct cli *cl, int c, int ms)
{
	struct relay_opts *o = cl->ro;

	switch (c) {
	case CLI_O_CRLF:
		o->crlf = 1;
		break;
	case CLI_O_NOSTDIN:
		o->no_stdin = 1;
		break;
	case CLI_O_QUIT_EOF:
		o->exit_on_eof = 1;
		break;
	case CLI_O_NO_SHUTDOWN:
		o->no_shutdown |= RELAY_KEEP_SOCK;
		break;
	case CLI_O_DUMP:
		o->dump = relay_dump_stderr;
		break;
	case CLI_O_IDLE:
		o->idle_ms = ms;
		break;
	default:
		o->quit_ms = ms;
		break;
	}
}

/*
 * --pinnedpubkey: sha256// hashes, or a key file read now.  Returns 0,
 * else -1 after the message.
 */
static int
cli_pin(struct cli *cl, const char *arg)
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

/*
 * A TLS client's option into cl->tls.  Returns 0, else -1 after the
 * message.
 */
static int
cli_tls(struct cli *cl, int c, const char *arg)
{
	struct tls_client_opts *o = cl->tls;

	switch (c) {
	case CLI_O_CACERT:
		o->cafile = arg;
		break;
	case CLI_O_CAPATH:
		o->capath = arg;
		break;
	case CLI_O_CERT:
		o->cert = arg;
		break;
	case CLI_O_INSECURE:
		o->insecure = 1;
		break;
	case CLI_O_KEY:
		o->key = arg;
		break;
	case CLI_O_PINNED:
		return cli_pin(cl, arg);
	case CLI_O_SERVERNAME:
		if (arg[0] == '\0')
			return msg_usage(cl->spec->usage, "--servername: empty "
			    "name");
		o->servername = arg;
		break;
	default:
		if (strcmp(arg, "1.2") != 0 && strcmp(arg, "1.3") != 0)
			return msg_usage(cl->spec->usage, "--tls-min %s: 1.2 or "
			    "1.3", arg);
		o->min_version = arg[2] == '3' ? 13 : 12;
		break;
	}
	return 0;
}

/*
 * Apply option c if it is a shared one (a group's rows are in the
 * tables only when the command takes the group).  Returns 0 once
 * applied, CLI_NOT_OURS for an option that is the command's own, else
 * -1 after the message.
 */
static int
cli_common(struct cli *cl, int c, const struct opt_state *st)
{
	const char *arg = st->arg;
	char err[SK_ERRLEN];

	switch (c) {
	case CLI_O_4:
	case CLI_O_6:
		cl->no->family = c == CLI_O_4 ? AF_INET : AF_INET6;
		return 0;
	case CLI_O_NUMERIC:
		cl->no->numeric = 1;
		return 0;
	case CLI_O_SOURCE:
		/* the rule of the host operand, not the resolver's guess */
		if (*arg == '\0')
			return msg_usage(cl->spec->usage, "-s: missing address");
		if (addr_check_host(arg, strlen(arg), err) == -1)
			return msg_usage(cl->spec->usage, "source %s", err);
		cl->no->src_addr = arg;
		return 0;
	case CLI_O_WAIT:
		*cl->wait_ms = st->ms;
		return 0;
	case CLI_O_VERBOSE:
		cl->verbose = 1;
		return 0;
	case CLI_O_CRLF:
	case CLI_O_NOSTDIN:
	case CLI_O_QUIT_EOF:
	case CLI_O_DUMP:
	case CLI_O_IDLE:
	case CLI_O_QUIT:
	case CLI_O_NO_SHUTDOWN:
		cli_relay(cl, c, st->ms);
		return 0;
	case CLI_O_ALLOW:
	case CLI_O_DENY:
		return cli_acl(cl, c, arg);
	case CLI_O_MAX:
		cl->so->max_children = (int)st->num;
		return 0;
	case CLI_O_PER_PEER:
		cl->so->max_per_peer = (int)st->num;
		return 0;
	case CLI_O_CACERT:
	case CLI_O_CAPATH:
	case CLI_O_CERT:
	case CLI_O_INSECURE:
	case CLI_O_KEY:
	case CLI_O_PINNED:
	case CLI_O_SERVERNAME:
	case CLI_O_TLS_MIN:
		return cli_tls(cl, c, arg);
	case CLI_O_SRV_TLS:
	case CLI_O_SRV_CERT:
	case CLI_O_SRV_KEY:
	case CLI_O_SRV_CACERT:
	case CLI_O_SRV_VERIFY:
	case CLI_O_SRV_TLS_MIN:
		return cli_tls_server(cl, c, arg);
	case CLI_O_JOIN:
		return cli_join(cl, arg);
	default:
		return CLI_NOT_OURS;
	}
}

/*
 * A typed option of the command's own listed in cl->vals: the value
 * opt_next read, stored.  Returns 1, or 0 if c is not listed.
 */
static int
cli_val(const struct cli *cl, int c, const struct opt_state *st)
{
	const struct cli_val *v;
	const struct opt_def *r;
	int secs;

	for (v = cl->vals; v != NULL && v->id != 0; v++) {
		if (v->id != c || (r = opt_typed(st, c)) == NULL)
			continue;
		secs = (r->type->flags & OPT_T_KIND) == OPT_T_SECS;
		if (v->num != NULL)
			*v->num = secs ? st->ms : st->num;
		else
			*v->i = secs ? st->ms : (int)st->num;
		return 1;
	}
	return 0;
}

/*
 * After the last option: the options that exclude each other, and those
 * that need another.
 */
static int
cli_end(struct cli *cl, struct opt_state *st)
{
	if (((cl->spec->takes & CLI_FAMILY) &&
	    opt_check(st, family_excl) == -1) ||
	    opt_check(st, cl->spec->excl) == -1 ||
	    ((cl->spec->takes & CLI_TLS_SERVER) &&
	    cli_tls_server_end(st) == -1))
		return msg_usage(cl->spec->usage, "%s", st->err);
	if ((cl->spec->takes & CLI_TLS_CLIENT) && cl->tls->key != NULL &&
	    cl->tls->cert == NULL)
		return msg_usage(cl->spec->usage, "--key needs --cert");
	return CLI_END;
}

int
cli_next(struct cli *cl, struct opt_state *st)
{
	int c, rc;

	if (cl->describe)
		return cli_describe(cl, st) == -1 ? -1 : CLI_HELP;
	for (;;) {
		switch ((c = opt_next(st))) {
		case OPT_DONE:
			return cli_end(cl, st);
		case OPT_ERR:
			return msg_usage(cl->spec->usage, "%s", st->err);
		case OPT_HELP:
			cli_help(cl);
			return CLI_HELP;
		}
		if (cli_val(cl, c, st))
			continue;
		if ((rc = cli_common(cl, c, st)) == CLI_NOT_OURS)
			return c;
		if (rc == -1)
			return -1;
	}
}

int
cli_service(const char *port, const char *proto, char *err)
{
	if (port[0] == '\0' || (port[0] >= '0' && port[0] <= '9'))
		return 0;
	if (getservbyname(port, proto) == NULL) {
		snprintf(err, SK_ERRLEN, "port %.64s: unknown service", port);
		return -1;
	}
	return 0;
}

int
cli_endpoint(int argc, char *const argv[], int flags, const char *proto,
    struct endpoint *ep, char *err)
{
	if (endpoint_parse(argc, argv, flags, ep, err) == -1)
		return -1;
	return cli_service(ep->port, proto, err);
}

int
cli_prog(int command, struct opt_state *st, char **sh_argv, char ***prog,
    int *flags, const char *usage)
{
	if (*prog != NULL)
		return msg_usage(usage, "-c and -e exclude each other and go "
		    "once");
	if (*st->arg == '\0')
		return msg_usage(usage, "%s: empty %s", command ? "-c" : "-e",
		    command ? "command" : "program name");
	if (command) {
		sh_argv[0] = "/bin/sh";
		sh_argv[1] = "-c";
		sh_argv[2] = st->arg;
		sh_argv[3] = NULL;
		*prog = sh_argv;
		return 0;
	}
	*prog = opt_rest(st);
	*flags |= EXEC_PATH;
	return 0;
}

void
cli_tls_show(struct tls_conn *tc, const char *prefix)
{
	struct tls_info in;
	char l[5][sizeof(in.subject) + sizeof(in.san)];
	size_t i;

	tls_info(tc, &in);
	snprintf(l[0], sizeof(l[0]), "%s, cipher %s, %s%s", in.version,
	    in.cipher, in.alpn[0] != '\0' ? "ALPN " : "no ALPN", in.alpn);
	if (in.subject[0] == '\0') {
		snprintf(l[1], sizeof(l[1]), "no server certificate");
		l[2][0] = '\0';
	} else {
		snprintf(l[1], sizeof(l[1]), "certificate subject %s",
		    in.subject);
		snprintf(l[2], sizeof(l[2]), "certificate issuer %s",
		    in.issuer);
		snprintf(l[3], sizeof(l[3]), "certificate valid from %s to %s",
		    in.not_before, in.not_after);
		snprintf(l[4], sizeof(l[4]), "certificate names %s",
		    in.san[0] != '\0' ? in.san : "none (no subjectAltName)");
	}
	for (i = 0; i < 5 && l[i][0] != '\0'; i++) {
		if (prefix != NULL)
			fprintf(stderr, "%s%s\n", prefix, l[i]);
		else
			msg_warnx("%s", l[i]);
	}
}
