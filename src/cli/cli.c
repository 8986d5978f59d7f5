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
#include <stddef.h>
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
 * The setters of the options that are not a plain store, in a row of
 * their group below: each gets the struct cli (for the command's usage
 * and the pointers its group names), returns 0, or -1 after the message.
 */
static int	set_source(void *, const struct opt_state *);
static int	set_dump(void *, const struct opt_state *);
static int	set_no_shutdown(void *, const struct opt_state *);
static int	set_allow(void *, const struct opt_state *);
static int	set_deny(void *, const struct opt_state *);
static int	set_pinned(void *, const struct opt_state *);
static int	set_servername(void *, const struct opt_state *);
static int	set_tls_min(void *, const struct opt_state *);

/*
 * The rows of each group, each binding its option: a member of the
 * struct the group's pointer of struct cli names (groups[] below), or a
 * setter.  Their help lines are each command's own (OPT_DOC rows of its
 * table): the same letter says different things to connect and to
 * listen.
 */
static const struct opt_def family_opts[] = {
	OPT_SET_INT_ID(CLI_O_4, '4', NULL, struct net_opts, family, AF_INET),
	OPT_SET_INT_ID(CLI_O_6, '6', NULL, struct net_opts, family, AF_INET6),
	OPT_END
};
static const struct opt_def numeric_opts[] = {
	OPT_BOOL_ID(CLI_O_NUMERIC, 'n', NULL, struct net_opts, numeric),
	OPT_END
};
static const struct opt_def source_opts[] = {
	OPT_CALL_ID(CLI_O_SOURCE, 's', NULL, "addr", COMP_HOST, NULL,
	    set_source, NULL),
	OPT_END
};
/* the int cl->wait_ms points at: the row's own, at offset 0 */
static const struct opt_def wait_opts[] = {
	OPT_ROW_(NULL, "secs", NULL, NULL, OPT_TYPE_(OPT_T_SECS, "timeout", 0,
	    0), CLI_O_WAIT, 0, 'w', 1, COMP_NONE, 0, OPT_B_INT),
	OPT_END
};
static const struct opt_def verbose_opts[] = {
	OPT_BOOL_ID(CLI_O_VERBOSE, 'v', NULL, struct cli, verbose),
	OPT_END
};
#define RO	struct relay_opts
static const struct opt_def relay_opts[] = {
	OPT_BOOL_ID(CLI_O_CRLF, 'C', NULL, RO, crlf),
	OPT_BOOL_ID(CLI_O_NOSTDIN, 'd', NULL, RO, no_stdin),
	OPT_BOOL_ID(CLI_O_QUIT_EOF, 'Q', NULL, RO, exit_on_eof),
	OPT_FLAG_CALL_ID(CLI_O_DUMP, 'x', NULL, set_dump),
	OPT_NUMBER_ID(CLI_O_IDLE, 'i', NULL, "secs", OPT_T_SECS,
	    "idle timeout", 0, 0, RO, idle_ms),
	/* nc's -q -1: a negative delay waits for ever */
	OPT_NUMBER_ID(CLI_O_QUIT, 'q', NULL, "secs", OPT_T_SECS | OPT_T_ZERO |
	    OPT_T_FOREVER, "quit delay", 0, 0, RO, quit_ms),
	OPT_FLAG_CALL_ID(CLI_O_NO_SHUTDOWN, 0, "no-shutdown", set_no_shutdown),
	OPT_END
};
static const struct opt_def acl_opts[] = {
	OPT_CALL_ID(CLI_O_ALLOW, 0, "allow", "spec", COMP_NONE, NULL,
	    set_allow, NULL),
	OPT_CALL_ID(CLI_O_DENY, 0, "deny", "spec", COMP_NONE, NULL, set_deny,
	    NULL),
	OPT_END
};
static const struct opt_def limits_opts[] = {
	OPT_NUMBER_ID(CLI_O_MAX, 'm', NULL, "max", OPT_T_INT | OPT_T_RANGE,
	    "max children", 1, SERVER_MAX_LIMIT, struct server_opts,
	    max_children),
	OPT_NUMBER_ID(CLI_O_PER_PEER, 0, "max-per-peer", "n", OPT_T_INT |
	    OPT_T_RANGE, "--max-per-peer", 0, SERVER_MAX_LIMIT,
	    struct server_opts, max_per_peer),
	OPT_END
};
#define TC	struct tls_client_opts
static const struct opt_def tls_client_opts[] = {
	OPT_STRING_ID(CLI_O_CACERT, 0, "cacert", "file", COMP_FILE, TC,
	    cafile),
	OPT_STRING_ID(CLI_O_CAPATH, 0, "capath", "dir", COMP_FILE, TC,
	    capath),
	OPT_STRING_ID(CLI_O_CERT, 0, "cert", "file", COMP_FILE, TC, cert),
	OPT_BOOL_ID(CLI_O_INSECURE, 0, "insecure", TC, insecure),
	OPT_STRING_ID(CLI_O_KEY, 0, "key", "file", COMP_FILE, TC, key),
	OPT_CALL_ID(CLI_O_PINNED, 0, "pinnedpubkey", "hashes|file", COMP_FILE,
	    NULL, set_pinned, NULL),
	OPT_CALL_ID(CLI_O_SERVERNAME, 0, "servername", "name", COMP_HOST,
	    NULL, set_servername, NULL),
	OPT_CALL_ID(CLI_O_TLS_MIN, 0, "tls-min", "version", COMP_WORDS,
	    "1.2 1.3", set_tls_min, NULL),
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
#define CLI_SELF	((size_t)-1)	/* groups[].base: the struct cli itself */
#define AT(f)		offsetof(struct cli, f)
static const struct {
	unsigned int	 group;
	const struct opt_def *opts;
	const struct opt_rule *rules;	/* or NULL */
	size_t		 base;		/* where the plain rows store: the
					 * struct this pointer of struct cli
					 * points at (AT(no)), or CLI_SELF */
} groups[] = {
	{ CLI_FAMILY,	family_opts,	family_rules,	AT(no) },
	{ CLI_NUMERIC,	numeric_opts,	NULL,		AT(no) },
	{ CLI_SOURCE,	source_opts,	NULL,		AT(no) },
	{ CLI_WAIT,	wait_opts,	NULL,		AT(wait_ms) },
	{ CLI_VERBOSE,	verbose_opts,	NULL,		CLI_SELF },
	{ CLI_RELAY,	relay_opts,	NULL,		AT(ro) },
	{ CLI_ACL,	acl_opts,	NULL,		AT(so) },
	{ CLI_LIMITS,	limits_opts,	NULL,		AT(so) },
	{ CLI_TLS_CLIENT, tls_client_opts, tls_client_rules, AT(tls) },
	{ CLI_TLS_SERVER, cli_tls_server_opts, cli_tls_server_rules,
	    AT(tls_srv) },
	{ CLI_JOIN,	cli_join_opts,	NULL,		AT(joins) },
	{ CLI_USER,	cli_user_opts,	NULL,		AT(user) },
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

static int
set_source(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;
	const char *arg = st->arg;
	char err[SK_ERRLEN];

	/* the rule of the host operand, not the resolver's guess */
	if (*arg == '\0')
		return msg_usage(cl->spec->usage, "-s: missing address");
	if (addr_check_host(arg, strlen(arg), err) == -1)
		return msg_usage(cl->spec->usage, "source %s", err);
	cl->no->src_addr = arg;
	return 0;
}

static int
set_dump(void *dest, const struct opt_state *st)
{
	(void)st;
	((struct cli *)dest)->ro->dump = msg_dump;
	return 0;
}

static int
set_no_shutdown(void *dest, const struct opt_state *st)
{
	(void)st;
	((struct cli *)dest)->ro->no_shutdown |= RELAY_KEEP_SOCK;
	return 0;
}

static int
set_allow(void *dest, const struct opt_state *st)
{
	return cli_read_acl(dest, 1, st->arg);
}

static int
set_deny(void *dest, const struct opt_state *st)
{
	return cli_read_acl(dest, 0, st->arg);
}

static int
set_pinned(void *dest, const struct opt_state *st)
{
	return cli_read_pin(dest, st->arg);
}

static int
set_servername(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;

	if (st->arg[0] == '\0')
		return msg_usage(cl->spec->usage, "--servername: empty name");
	cl->tls->servername = st->arg;
	return 0;
}

static int
set_tls_min(void *dest, const struct opt_state *st)
{
	struct cli *cl = dest;
	const char *arg = st->arg;

	if (strcmp(arg, "1.2") != 0 && strcmp(arg, "1.3") != 0)
		return msg_usage(cl->spec->usage, "--tls-min %s: 1.2 or 1.3",
		    arg);
	cl->tls->min_version = arg[2] == '3' ? 13 : 12;
	return 0;
}

/*
 * The struct row r stores into: a group's (groups[].base) for a row of
 * a group the command takes, else the command's, cl->dest.  *group says
 * which.
 */
static void *
cli_base(struct cli *cl, const struct opt_def *r, int *group)
{
	const struct opt_def *g;
	size_t i;
	void *p;

	*group = 1;
	for (i = 0; i < NGROUPS; i++) {
		if (!(cl->spec->takes & groups[i].group))
			continue;
		for (g = groups[i].opts; g->id != 0 && g != r; g++)
			;
		if (g != r)
			continue;
		if (groups[i].base == CLI_SELF)
			return cl;
		memcpy(&p, (char *)cl + groups[i].base, sizeof(p));
		return p;
	}
	*group = 0;
	return cl->dest;
}

/*
 * An option whose row binds it (opt.h's OPT_BOOL ...): its value stored
 * at the row's offset in its struct (cli_base), or handed to the row's
 * setter: cl->dest for a command's row, cl itself for a group's.
 * Returns 0, or the setter's answer (-1, CLI_FAIL) after its message.
 */
static int
cli_bind(struct cli *cl, const struct opt_def *r, const struct opt_state *st)
{
	const struct opt_def *t = opt_typed(st, r->id);
	int group;
	char *p = (char *)cli_base(cl, r, &group) + r->off;
	long long v = st->arg == NULL ? 0 : st->num;

	if (t != NULL && (t->u.type->flags & OPT_T_KIND) == OPT_T_SECS)
		v = st->ms;
	switch (OPT_BIND(r)) {
	case OPT_B_FLAG:
		*(int *)(void *)p = !st->neg;	/* curl's --no-NAME: 0 */
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
	case OPT_B_CONST:
		*(int *)(void *)p = r->u.value;
		return 0;
	default:
		return r->u.set(group ? (void *)cl : cl->dest, st);
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

	if (opt_check(st, (cl->spec->takes & (CLI_FAMILY | CLI_FAMILY_LAST)) ==
	    CLI_FAMILY ? family_rules : NULL) == -1 || opt_check(st, cl->spec->rules) == -1)
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
			/* -o -x: curl's warning (its case 1268) */
			if (cl->flag_warn != NULL && !*cl->flag_warn &&
			    r->comp == COMP_FILE && r->has_arg &&
			    strchr(r->arg, '|') == NULL && st->arg[0] == '-' &&
			    st->arg[1] != '\0')
				msg_warnx("the file name argument '%s' looks "
				    "like a flag", st->arg);
			if ((rc = cli_bind(cl, r, st)) != 0)
				return rc;
			continue;
		}
		/* a group's option of no binding (--tls): opt_seen's */
		if (c >= CLI_O_OWN)
			return c;
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
