/*
 * cli.c: the options several commands share, in groups (cli.h): their
 * rows and rules, the reading of a command line with them, and --help
 * rendered from a command's table.  What some of them read is read.c's;
 * the table as text, and option by option, is describe.c's.
 *
 * Every command used to spell out -4, -6, -n, -v, -h and the relay
 * options in its own switch; here they are read once, and a command's
 * switch lists only what is its own.  The core takes settings
 * (net_opts, relay_opts, server_opts) and knows no option letter: that
 * mapping, and the wording of its errors, is the command line's.
 */
#include <sys/socket.h>

#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/join.h"
#include "cli/msg.h"
#include "cli/read.h"
#include "cli/server_tls.h"
#include "cli/server_user.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/relay.h"
#include "net/server.h"
#include "parse/addr.h"
#include "parse/opt.h"
#include "tls/tls.h"
#include "util/base.h"

/*
 * cli_common: the option is a command's own, not its (its other
 * answers are 0, applied, and -1 after the message)
 */
#define CLI_NOT_OURS	1

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

/* What the groups' options need or exclude, checked after the last. */
static const struct opt_rule family_rules[] = {
	{ OPT_EXCLUDES, { CLI_O_4 }, { CLI_O_6 }, NULL },
	OPT_RULES_END
};
static const struct opt_rule tls_client_rules[] = {
	{ OPT_NEEDS, { CLI_O_KEY }, { CLI_O_CERT }, NULL },
	OPT_RULES_END
};

/*
 * The groups, in the order their rules are checked (-4 with -6 first,
 * every command refusing both rather than taking the last; then the
 * command's own rules, then the other groups').
 */
static const struct {
	unsigned int	 group;
	const struct opt_def *opts;
	const struct opt_rule *rules;	/* or NULL */
} groups[] = {
	{ CLI_FAMILY,	family_opts,	family_rules },
	{ CLI_NUMERIC,	numeric_opts,	NULL },
	{ CLI_SOURCE,	source_opts,	NULL },
	{ CLI_WAIT,	wait_opts,	NULL },
	{ CLI_VERBOSE,	verbose_opts,	NULL },
	{ CLI_RELAY,	relay_opts,	NULL },
	{ CLI_ACL,	acl_opts,	NULL },
	{ CLI_LIMITS,	limits_opts,	NULL },
	{ CLI_TLS_CLIENT, tls_client_opts, tls_client_rules },
	{ CLI_TLS_SERVER, cli_tls_server_opts, cli_tls_server_rules },
	{ CLI_JOIN,	cli_join_opts,	NULL },
	{ CLI_USER,	cli_user_opts,	NULL },
};
#define NGROUPS	(sizeof(groups) / sizeof(groups[0]))

void
cli_tables(const struct cli_spec *spec, const struct opt_def **tabs)
{
	size_t i, n = 0;

	/* the command's own first: one of its letters wins over a group's */
	if (spec->extra != NULL)
		tabs[n++] = spec->extra;
	tabs[n++] = spec->opts;
	for (i = 0; i < NGROUPS; i++)
		if (spec->takes & groups[i].group)
			tabs[n++] = groups[i].opts;
	tabs[n] = NULL;
}

void
cli_init(struct cli *cl, const struct cli_spec *spec, struct opt_state *st,
    int argc, char **argv)
{
	memset(cl, 0, sizeof(*cl));
	cl->spec = spec;
	cli_tables(spec, cl->tabs);
	opt_init(st, argc, argv, cl->tabs);
}

/* The letter of option id in any of tabs, or 0. */
static int
cli_letter(const struct opt_def *const *tabs, int id)
{
	const struct opt_def *r;
	size_t i;

	for (i = 0; tabs[i] != NULL; i++)
		for (r = tabs[i]; r->id != 0; r++)
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
cli_help_long(const struct cli_spec *spec, const struct opt_def *const *tabs)
{
	const struct opt_def *r;
	char done[2048] = "", item[96];
	size_t i, col = 0, len;
	int c;

	for (i = 0; tabs[i] != NULL; i++)
		for (r = tabs[i]; r->id != 0; r++) {
			if (r->id < 0 || r->name == NULL ||
			    (c = cli_letter(tabs, r->id)) == 0 ||
			    opt_word_in(done, r->name) ||
			    cli_help_names(spec->opts, r->name))
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

void
cli_help(const struct cli_spec *spec)
{
	const struct opt_def *tabs[OPT_MAXTABS + 1], *r;

	msg_stdout_text();
	fputs(spec->usage, stdout);
	for (r = spec->opts; r->id != 0; r++)
		if (r->help != NULL)
			fputs(r->help, stdout);
	cli_tables(spec, tabs);
	cli_help_long(spec, tabs);
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
		o->dump = msg_dump;
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
		return cli_read_pin(cl, arg);
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
		return cli_read_acl(cl, c, arg);
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
	case CLI_O_USER:
		return cli_user(cl, arg);
	default:
		return CLI_NOT_OURS;
	}
}

/*
 * An option whose row binds it (opt.h's OPT_BOOL ...): its value stored
 * at the row's offset in cl->dest, or handed to the row's setter.
 * Returns 0, or the setter's answer (-1, CLI_FAIL) after its message.
 */
static int
cli_bind(const struct cli *cl, const struct opt_def *r,
    const struct opt_state *st)
{
	const struct opt_def *t = opt_typed(st, r->id);
	char *p = (char *)cl->dest + r->off;
	long long v = st->arg == NULL ? 0 : st->num;

	if (t != NULL && (t->u.type->flags & OPT_T_KIND) == OPT_T_SECS)
		v = st->ms;
	switch (OPT_BIND(r)) {
	case OPT_B_FLAG:
		*(int *)(void *)p = 1;
		return 0;
	case OPT_B_INT:
		*(int *)(void *)p = (int)v;
		return 0;
	case OPT_B_NUM:
		*(long long *)(void *)p = v;
		return 0;
	case OPT_B_STR:
		*(const char **)(void *)p = st->arg;
		return 0;
	default:
		return r->u.set(cl->dest, st);
	}
}

/*
 * After the last option: the rules, the family's first, then the
 * command's, then the other groups'.  CLI_END, or -1 after the message.
 */
static int
cli_end(struct cli *cl, struct opt_state *st)
{
	size_t i;

	if (opt_check(st, (cl->spec->takes & CLI_FAMILY) ? family_rules :
	    NULL) == -1 || opt_check(st, cl->spec->rules) == -1)
		return msg_usage(cl->spec->usage, "%s", st->err);
	for (i = 1; i < NGROUPS; i++)
		if ((cl->spec->takes & groups[i].group) &&
		    opt_check(st, groups[i].rules) == -1)
			return msg_usage(cl->spec->usage, "%s", st->err);
	return CLI_END;
}

int
cli_next(struct cli *cl, struct opt_state *st)
{
	const struct opt_def *r;
	int c, rc;

	for (;;) {
		switch ((c = opt_next(st))) {
		case OPT_DONE:
			return cli_end(cl, st);
		case OPT_ERR:
			return msg_usage(cl->spec->usage, "%s", st->err);
		case OPT_HELP:
			cli_help(cl->spec);
			return CLI_HELP;
		}
		if ((r = opt_bound(st, c)) != NULL) {
			if ((rc = cli_bind(cl, r, st)) != 0)
				return rc;
			continue;
		}
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

int
cli_prog_first(struct opt_state *st, char **sh_argv, char ***prog, int flags,
    int max, const char *usage, const char *what, const char *line)
{
	char **p = *prog;
	int n;

	if (!(flags & EXEC_PATH) || st->argc > 0)
		return 0;
	for (n = 0; p[n + 1] != NULL; n++)
		if (n == max || p[n + 1][0] == '-')
			break;
	if (n == 0 || p[n + 1] != NULL)
		return msg_usage(usage, "missing %s: -e takes the rest of the "
		    "line (the program and its arguments)%s; give %s before "
		    "it: %s -e %s", what, max > 0 ? ", or alone before the "
		    "port, as ncat's" : "", what, line,
		    p[0]);
	/* ncat's -e PROG [address] port: the program alone, the operands
	 * after it */
	sh_argv[0] = p[0];
	sh_argv[1] = NULL;
	*prog = sh_argv;
	st->argv = p + 1;
	st->argc = n;
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
