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

#include <stdio.h>
#include <string.h>

#include "addr.h"
#include "cidr.h"
#include "cli.h"
#include "msg.h"
#include "net.h"
#include "num.h"
#include "opt.h"
#include "relay.h"
#include "server.h"
#include "sockt.h"

/* --allow and --deny: one command runs per process */
static struct cidr allow[CLI_MAXACL], deny[CLI_MAXACL];

/* The letters and long options of each group, for cli_init. */
static const struct {
	unsigned int	 group;
	const char	*shorts;
	struct opt_long	 longs[2];
} groups[] = {
	{ CLI_FAMILY,	"46",		{ { NULL, 0, 0 } } },
	{ CLI_NUMERIC,	"n",		{ { NULL, 0, 0 } } },
	{ CLI_SOURCE,	"s:",		{ { NULL, 0, 0 } } },
	{ CLI_WAIT,	"w:",		{ { NULL, 0, 0 } } },
	{ CLI_VERBOSE,	"v",		{ { NULL, 0, 0 } } },
	{ CLI_RELAY,	"CdQxi:q:",	{ { "no-shutdown", 0, 'H' },
					  { NULL, 0, 0 } } },
	{ CLI_ACL,	"",		{ { "allow", 1, 'A' },
					  { "deny", 1, 'D' } } },
	{ CLI_LIMITS,	"m:",		{ { "max-per-peer", 1, 'P' } } },
};
#define NGROUPS	(sizeof(groups) / sizeof(groups[0]))

/* Every command that takes -4 and -6 refuses both, not the last one. */
static const struct opt_excl family_excl[] = {
	{ "4", "6", NULL },
	{ NULL, NULL, NULL }
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

/* Append src to the n entries of dst (cap of them); a slip is cut short. */
static void
longs_add(struct opt_long *dst, size_t *n, size_t cap,
    const struct opt_long *src, size_t nsrc)
{
	size_t i;

	for (i = 0; i < nsrc && src[i].name != NULL && *n + 1 < cap; i++)
		dst[(*n)++] = src[i];
	dst[*n].name = NULL;
}

void
cli_init(struct cli *cl, const struct cli_spec *spec, struct opt_state *st,
    int argc, char **argv)
{
	size_t i, n = 0, cap = sizeof(cl->longs) / sizeof(cl->longs[0]);

	memset(cl, 0, sizeof(*cl));
	cl->spec = spec;
	/* the command's own letters first: one of them wins over a group's */
	(void)strncat(cl->shorts, spec->shorts, sizeof(cl->shorts) - 1);
	for (i = 0; i < NGROUPS; i++) {
		if (!(spec->takes & groups[i].group))
			continue;
		(void)strncat(cl->shorts, groups[i].shorts,
		    sizeof(cl->shorts) - strlen(cl->shorts) - 1);
		longs_add(cl->longs, &n, cap, groups[i].longs, 2);
	}
	for (i = 0; spec->longs != NULL && spec->longs[i].name != NULL; i++)
		;
	longs_add(cl->longs, &n, cap, spec->longs, i);
	opt_init(st, argc, argv, cl->shorts, cl->longs);
	cl->describe = argc == 2 && strcmp(argv[1], CLI_DESCRIBE) == 0;
}

/*
 * The help line of option tok ("-o", "--output"): its argument's name
 * into arg and its description into desc, both "" when the help has no
 * such line.  A line is "  -o file    text" or "  -4, -6     text" or
 * "  -N, --no-wait  text": options and argument, two spaces, the text.
 */
static void
help_find(const char *help, const char *tok, char *arg, size_t acap,
    char *desc, size_t dcap)
{
	const char *l, *e, *gap, *p, *q;
	size_t tl = strlen(tok);

	arg[0] = desc[0] = '\0';
	for (l = help; l != NULL && *l != '\0'; l = *e ? e + 1 : e) {
		if ((e = strchr(l, '\n')) == NULL)
			e = l + strlen(l);
		if (strncmp(l, "  -", 3) != 0 ||
		    (gap = strstr(l + 2, "  ")) == NULL || gap > e)
			continue;
		for (p = l + 2; p < gap; p = q) {
			for (q = p; q < gap && *q != ' ' && *q != ','; q++)
				;
			if ((size_t)(q - p) == tl && strncmp(p, tok, tl) == 0)
				break;
			while (q < gap && (*q == ' ' || *q == ','))
				q++;
		}
		if (p >= gap)
			continue;
		/* the argument: the word of the left part not an option */
		for (p = l + 2; p < gap; p = q) {
			for (q = p; q < gap && *q != ' ' && *q != ','; q++)
				;
			if (*p != '-' && q > p)
				(void)snprintf(arg, acap, "%.*s", (int)(q - p),
				    p);
			while (q < gap && (*q == ' ' || *q == ','))
				q++;
		}
		while (*gap == ' ')
			gap++;
		(void)snprintf(desc, dcap, "%.*s", (int)(e - gap), gap);
		return;
	}
}

/* One "O" line: names, the argument if it takes one, the help text. */
static void
describe_one(const struct cli *cl, const char *names, const char *tok,
    int has_arg)
{
	char arg[32], desc[160];

	help_find(cl->spec->help != NULL ? cl->spec->help : "", tok, arg,
	    sizeof(arg), desc, sizeof(desc));
	if (has_arg && arg[0] == '\0')
		(void)snprintf(arg, sizeof(arg), "arg");
	printf("O\t%s\t%s\t%s\n", names, has_arg ? arg : "", desc);
}

/* CLI_DESCRIBE: the command's usage lines and options, on stdout. */
static int
cli_describe(const struct cli *cl)
{
	const char *u = cl->spec->usage, *e;
	const char *p;
	const struct opt_long *lo;
	char names[256], tok[4];
	size_t n;

	for (; *u != '\0'; u = *e ? e + 1 : e) {
		if ((e = strchr(u, '\n')) == NULL)
			e = u + strlen(u);
		printf("U\t%.*s\n", (int)(e - u), u);
	}
	/* each letter, with the long options that are its other names */
	for (p = cl->shorts; *p != '\0'; p++) {
		if (*p == ':' || strchr(p + 1, *p) != NULL)
			continue;	/* a group's letter the command has too */
		n = (size_t)snprintf(names, sizeof(names), "-%c", *p);
		for (lo = cl->longs; lo->name != NULL; lo++)
			if (lo->val == (unsigned char)*p && n < sizeof(names))
				n += (size_t)snprintf(names + n,
				    sizeof(names) - n, " --%s", lo->name);
		(void)snprintf(tok, sizeof(tok), "-%c", *p);
		describe_one(cl, names, tok, p[1] == ':');
	}
	/* the long options with no letter */
	for (lo = cl->longs; lo->name != NULL; lo++) {
		if (lo->val > 0 && lo->val < 256 && lo->val != ':' &&
		    strchr(cl->shorts, lo->val) != NULL)
			continue;
		/* "-iL": a long option spelt with one dash, as nmap's */
		(void)snprintf(names, sizeof(names), "%s%s",
		    lo->name[0] == '-' ? "" : "--", lo->name);
		describe_one(cl, names, names, lo->has_arg);
	}
	return fflush(stdout) == EOF ? EXIT_FAIL : EXIT_OK;
}

/*
 * An option of seconds in cl->secs.  Returns 0, 1 if c is none of them,
 * or EXIT_USAGE after the message.
 */
static int
cli_secs(struct cli *cl, int c, const char *arg)
{
	const struct cli_secs *s;
	char err[SK_ERRLEN];

	for (s = cl->secs; s != NULL && s->c != 0; s++) {
		if (s->c != c)
			continue;
		if (parse_secs_opt(s->what, arg, s->allow_zero, s->ms,
		    err) == -1)
			return msg_usage(cl->spec->usage, "%s", err);
		return 0;
	}
	return 1;
}

/* --allow or --deny SPEC, added to its list.  Returns 0, or EXIT_USAGE. */
static int
cli_acl(struct cli *cl, int c, const char *spec)
{
	const char *opt = c == 'A' ? "--allow" : "--deny";
	struct cidr *list = c == 'A' ? allow : deny;
	size_t *n = c == 'A' ? &cl->so->nallow : &cl->so->ndeny;
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

/* -m or --max-per-peer N.  Returns 0, or EXIT_USAGE. */
static int
cli_limit(struct cli *cl, int c, const char *arg)
{
	const char *errstr;
	long long v;

	if (c == 'm') {
		if (parse_num(arg, 1, SERVER_MAX_LIMIT, &v, &errstr) == -1)
			return msg_usage(cl->spec->usage, "max children %s: %s "
			    "(1-%d)", arg, errstr, SERVER_MAX_LIMIT);
		cl->so->max_children = (int)v;
		return 0;
	}
	if (parse_num(arg, 0, SERVER_MAX_LIMIT, &v, &errstr) == -1)
		return msg_usage(cl->spec->usage, "--max-per-peer %s: %s (0-%d)",
		    arg, errstr, SERVER_MAX_LIMIT);
	cl->so->max_per_peer = (int)v;
	return 0;
}

/* A relay option: -C -d -Q -x --no-shutdown, -i and -q with their seconds. */
static int
cli_relay(struct cli *cl, int c, const char *arg)
{
	struct relay_opts *o = cl->ro;
	char err[SK_ERRLEN];
	int rc = 0;

	switch (c) {
	case 'C':
		o->crlf = 1;
		break;
	case 'd':
		o->no_stdin = 1;
		break;
	case 'Q':
		o->exit_on_eof = 1;
		break;
	case 'H':
		o->no_shutdown |= RELAY_KEEP_SOCK;
		break;
	case 'x':
		o->dump = relay_dump_stderr;
		break;
	case 'i':
		rc = parse_secs_opt("idle timeout", arg, 0, &o->idle_ms, err);
		break;
	default:
		rc = parse_secs_opt("quit delay", arg, 1, &o->quit_ms, err);
		break;
	}
	return rc == -1 ? msg_usage(cl->spec->usage, "%s", err) : 0;
}

/*
 * Apply option c if it is a common one the command takes.  Returns 0,
 * 1 for an option that is the command's own, or EXIT_USAGE after the
 * message.
 */
static int
cli_common(struct cli *cl, int c, const char *arg)
{
	char err[SK_ERRLEN];
	unsigned int takes = cl->spec->takes;

	switch (c) {
	case '4':
	case '6':
		if (!(takes & CLI_FAMILY))
			return 1;
		cl->no->family = c == '4' ? AF_INET : AF_INET6;
		return 0;
	case 'n':
		if (!(takes & CLI_NUMERIC))
			return 1;
		cl->no->numeric = 1;
		return 0;
	case 's':
		if (!(takes & CLI_SOURCE))
			return 1;
		/* the rule of the host operand, not the resolver's guess */
		if (*arg == '\0')
			return msg_usage(cl->spec->usage, "-s: missing address");
		if (addr_check_host(arg, strlen(arg), err) == -1)
			return msg_usage(cl->spec->usage, "source %s", err);
		cl->no->src_addr = arg;
		return 0;
	case 'w':
		if (!(takes & CLI_WAIT))
			return 1;
		if (parse_secs_opt("timeout", arg, 0, cl->wait_ms, err) == -1)
			return msg_usage(cl->spec->usage, "%s", err);
		return 0;
	case 'v':
		if (!(takes & CLI_VERBOSE))
			return 1;
		cl->verbose = 1;
		return 0;
	case 'C':
	case 'd':
	case 'Q':
	case 'H':
	case 'x':
	case 'i':
	case 'q':
		return takes & CLI_RELAY ? cli_relay(cl, c, arg) : 1;
	case 'A':
	case 'D':
		return takes & CLI_ACL ? cli_acl(cl, c, arg) : 1;
	case 'm':
	case 'P':
		return takes & CLI_LIMITS ? cli_limit(cl, c, arg) : 1;
	default:
		return 1;
	}
}

/* After the last option: the options that exclude each other. */
static int
cli_end(struct cli *cl, struct opt_state *st)
{
	if (((cl->spec->takes & CLI_FAMILY) &&
	    opt_check(st, family_excl) == -1) ||
	    opt_check(st, cl->spec->excl) == -1) {
		cl->status = msg_usage(cl->spec->usage, "%s", st->err);
		return CLI_EXIT;
	}
	return -1;
}

int
cli_next(struct cli *cl, struct opt_state *st)
{
	int c, rc;

	if (cl->describe) {
		cl->status = cli_describe(cl);
		return CLI_EXIT;
	}
	for (;;) {
		switch ((c = opt_next(st))) {
		case -1:
			return cli_end(cl, st);
		case '?':
			cl->status = msg_usage(cl->spec->usage, "%s", st->err);
			return CLI_EXIT;
		case 'h':
			cl->status = msg_help(cl->spec->usage, cl->spec->help);
			return CLI_EXIT;
		}
		/*
		 * A letter of the command's own is not the group's (connect
		 * -X makes -x its own: "-x proxy[:port]", as nc)
		 */
		rc = 1;
		if (c <= 0 || c == ':' || c > 255 ||
		    strchr(cl->spec->shorts, c) == NULL)
			rc = cli_common(cl, c, st->arg);
		if (rc == 1 &&
		    (rc = cli_secs(cl, c, st->arg)) == 1)
			return c;
		if (rc != 0) {
			cl->status = rc;
			return CLI_EXIT;
		}
	}
}
