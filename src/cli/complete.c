/*
 * complete.c: the completion scripts for bash, zsh and fish (complete.h).
 *
 * Nothing here lists an option: each command says its own through
 * cli.c's CLI_DESCRIBE, run in a child so a command's state stays its
 * own, and that comes from its option table: the names, the argument,
 * how it completes (file, host, port, a list of words) and the help
 * line.  What is written here is only how the operands of the first
 * synopsis line complete, by their names ("host", "port", "path").
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/complete.h"
#include "cli/msg.h"
#include "util/base.h"
#include "util/file.h"

#define MAXOPTS		160
#define MAXOPERANDS	8
/* a command's description: 4 KiB today; what load keeps is under 160 KiB */
#define DESCRIBE_MAX	(1024 * 1024)

struct copt {
	char		 names[256];	/* "-o --output" */
	char		 arg[32];	/* "file", or "" for a flag */
	char		 desc[160];
	const char	*kind;		/* "file" "host" "port" "words" "none" */
	char		 words[512];	/* for "words" */
};

struct ccmd {
	const struct complete_cmd *c;
	struct copt	 opt[MAXOPTS];
	int		 nopt;
	const char	*operand[MAXOPERANDS];	/* kinds, in order */
	int		 noperand;
	int		 more;		/* the last operand repeats */
};

/* Does the space-separated list names hold name? */
static int
has_name(const char *names, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = names; (p = strstr(p, name)) != NULL; p += n)
		if ((p == names || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* How an operand called arg (a synopsis word) is completed. */
static const char *
kind_of(const char *arg)
{
	if (strstr(arg, "file") != NULL || strstr(arg, "path") != NULL ||
	    strcmp(arg, "dir") == 0)
		return "file";
	if (strncmp(arg, "host", 4) == 0 || strcmp(arg, "addr") == 0 ||
	    strncmp(arg, "proxy", 5) == 0 || strcmp(arg, "target") == 0)
		return "host";
	if (strcmp(arg, "port") == 0 || strcmp(arg, "ports") == 0)
		return "port";
	return "none";
}

/* Run "CMD --sockt-options" in a child; its output, NUL-ended, or NULL. */
static char *
describe(const struct complete_cmd *c)
{
	char *argv[3], *buf;
	size_t len;
	pid_t pid;
	int p[2], st, rc;

	if (pipe(p) == -1)
		return NULL;
	if ((pid = fork()) == -1) {
		(void)close(p[0]);
		(void)close(p[1]);
		return NULL;
	}
	if (pid == 0) {
		argv[0] = (char *)c->name;
		argv[1] = (char *)CLI_DESCRIBE;
		argv[2] = NULL;
		(void)close(p[0]);
		if (dup2(p[1], STDOUT_FILENO) == -1)
			_exit(1);
		_exit(c->fn(2, argv));
	}
	(void)close(p[1]);
	/* closed before the wait: a child with more to say gets EPIPE */
	rc = read_fd(p[0], DESCRIBE_MAX, &buf, &len);
	(void)close(p[0]);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
	if (rc == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* An "O" line's fields: names, arg, kind, words, description. */
static void
opt_line(struct ccmd *cc, char *l)
{
	static const char *const kinds[] = {
		"none", "file", "host", "port", "words"
	};
	struct copt *o;
	char *f[5];
	size_t k;
	int i;

	if (cc->nopt == MAXOPTS)
		return;
	for (i = 0; i < 5; i++) {
		f[i] = l;
		if (l != NULL && (l = strchr(l, '\t')) != NULL)
			*l++ = '\0';
	}
	o = &cc->opt[cc->nopt++];
	(void)snprintf(o->names, sizeof(o->names), "%s", f[0] ? f[0] : "");
	(void)snprintf(o->arg, sizeof(o->arg), "%s", f[1] ? f[1] : "");
	(void)snprintf(o->words, sizeof(o->words), "%s", f[3] ? f[3] : "");
	(void)snprintf(o->desc, sizeof(o->desc), "%s", f[4] ? f[4] : "");
	o->kind = NULL;
	for (k = 0; o->arg[0] != '\0' && k < sizeof(kinds) / sizeof(kinds[0]);
	    k++)
		if (f[2] != NULL && strcmp(f[2], kinds[k]) == 0)
			o->kind = kinds[k];
	if (o->arg[0] != '\0' && o->kind == NULL)
		o->kind = "none";
}

static const struct copt *
opt_named(const struct ccmd *cc, const char *name)
{
	int i;

	for (i = 0; i < cc->nopt; i++)
		if (has_name(cc->opt[i].names, name))
			return &cc->opt[i];
	return NULL;
}

/*
 * The operands of the first synopsis line (syn, NUL-ended, its lines
 * joined): words outside brackets that are neither an option nor an
 * option's argument.  Optional ones ("[addr]") are left out: completing
 * by position, they would make every later position ambiguous.
 */
static void
operands(struct ccmd *cc, char *syn)
{
	const struct copt *o;
	char *w, *save = NULL;
	int depth = 0, skip = 0, nw = 0;

	for (w = strtok_r(syn, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		if (nw++ < 3)
			continue;	/* "usage:" "sockt" "CMD" */
		if (depth == 0 && !skip && *w != '[' && *w != '{') {
			if (*w == '-') {
				o = opt_named(cc, w);
				skip = o != NULL && o->arg[0] != '\0';
			} else if (strcmp(w, "...") == 0)
				cc->more = 1;
			else if (cc->noperand < MAXOPERANDS)
				cc->operand[cc->noperand++] =
				    strcmp(w, "URL") == 0 ? "none" : kind_of(w);
		} else if (depth == 0 && skip)
			skip = 0;
		for (; *w != '\0'; w++)
			depth += (*w == '[' || *w == '{') -
			    (*w == ']' || *w == '}');
		if (depth < 0)
			depth = 0;
	}
}

/* Fill cc from the command's own description.  0, or -1. */
static int
load(struct ccmd *cc, const struct complete_cmd *c)
{
	char *out, *l, *e, syn[2048];
	size_t sl = 0;
	int forms = 0;

	memset(cc, 0, sizeof(*cc));
	cc->c = c;
	if ((out = describe(c)) == NULL)
		return -1;
	syn[0] = '\0';
	for (l = out; *l != '\0'; l = e) {
		if ((e = strchr(l, '\n')) != NULL)
			*e++ = '\0';
		else
			e = l + strlen(l);
		if (strncmp(l, "O\t", 2) == 0)
			opt_line(cc, l + 2);
		else if (strncmp(l, "U\t", 2) == 0) {
			/* only the first form: up to the next "sockt" */
			if (strstr(l, " sockt ") != NULL && ++forms > 1)
				continue;
			if (forms > 1)
				continue;
			sl += (size_t)snprintf(syn + sl, sizeof(syn) - sl,
			    " %s", l + 2);
			if (sl >= sizeof(syn))
				sl = sizeof(syn) - 1;
		}
	}
	free(out);
	operands(cc, syn);
	return 0;
}

/*
 * Text made safe inside the single quotes the scripts put it in: for zsh
 * also inside _arguments' brackets and colons (a ':' escaped, brackets
 * turned round); for fish a quote and a backslash escaped.
 */
static void
clean(const char *s, char *out, size_t cap, int zsh)
{
	size_t o = 0;

	for (; *s != '\0' && o + 3 < cap; s++) {
		if (zsh && (*s == '[' || *s == ']'))
			out[o++] = *s == '[' ? '(' : ')';
		else if (zsh && *s == ':') {
			out[o++] = '\\';
			out[o++] = ':';
		} else if (zsh && (*s == '\'' || *s == '\\'))
			out[o++] = ' ';
		else if (!zsh && (*s == '\'' || *s == '\\')) {
			out[o++] = '\\';
			out[o++] = *s;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
}

/* bash: one case per command; the rest is shared shell code. */
static void
bash_cmd(const struct ccmd *cc)
{
	const struct copt *o;
	char name[64], *save = NULL, *w;
	int i, k;

	printf("\t%s)\n\t\topts='", cc->c->name);
	for (i = 0; i < cc->nopt; i++)
		printf("%s%s", i ? " " : "", cc->opt[i].names);
	printf("'\n\t\targs=' ");
	for (i = 0; i < cc->nopt; i++)
		if (cc->opt[i].arg[0] != '\0')
			printf("%s ", cc->opt[i].names);
	printf("'\n\t\tkinds='");
	for (k = 0; k < cc->noperand; k++)
		printf("%s%s", k ? " " : "", cc->operand[k]);
	printf("'\n\t\tmore=%d\n\t\tcase $prev in\n", cc->more);
	for (i = 0; i < cc->nopt; i++) {
		o = &cc->opt[i];
		if (o->arg[0] == '\0')
			continue;
		printf("\t\t");
		(void)snprintf(name, sizeof(name), "%s", o->names);
		for (k = 0, w = strtok_r(name, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save), k++)
			printf("%s%s", k ? "|" : "", w);
		if (strcmp(o->kind, "words") == 0)
			printf(") _sockt_kind words '%s'; return ;;\n",
			    o->words);
		else
			printf(") _sockt_kind %s; return ;;\n", o->kind);
	}
	printf("\t\tesac\n\t\t;;\n");
}

/* The first lines of every script: what made it. */
static void
put_header(const char *shell)
{
	printf("# %s completion for sockt(1), made by \"sockt --complete "
	    "%s\"\n# from the option tables of each command: do not "
	    "edit.\n\n", shell, shell);
}

/* The names of the n commands, a space between them. */
static void
put_names(const struct ccmd *cc, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s%s", i ? " " : "", cc[i].c->name);
}

static void
bash_script(const struct ccmd *cc, size_t n)
{
	size_t i;

	put_header("bash");
	printf("_sockt_kind()\n{\n"
	    "\tcase $1 in\n"
	    "\tfile)\n"
	    "\t\tcompopt -o filenames 2>/dev/null\n"
	    "\t\tCOMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
	    "\thost) COMPREPLY=($(compgen -A hostname -- \"$cur\")) ;;\n"
	    "\tport)\n"
	    "\t\tCOMPREPLY=($(compgen -W \"$(awk '$1 ~ /^[a-z]/ "
	    "{ print $1 }' \\\n"
	    "\t\t    /etc/services 2>/dev/null | sort -u)\" -- \"$cur\")) "
	    ";;\n"
	    "\twords) COMPREPLY=($(compgen -W \"$2\" -- \"$cur\")) ;;\n"
	    "\tesac\n}\n\n"
	    "_sockt()\n{\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} "
	    "prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\tlocal opts args kinds more i n=0 k\n"
	    "\tCOMPREPLY=()\n"
	    "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	    "\t\tCOMPREPLY=($(compgen -W '");
	put_names(cc, n);
	printf(" help --help --version' -- \"$cur\"))\n"
	    "\t\treturn\n\tfi\n"
	    "\tcase ${COMP_WORDS[1]} in\n"
	    "\thelp)\n"
	    "\t\t[ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W '");
	put_names(cc, n);
	printf("' -- \"$cur\"))\n\t\treturn ;;\n");
	for (i = 0; i < n; i++)
		bash_cmd(&cc[i]);
	printf("\t*) return ;;\n\tesac\n"
	    "\tcase $cur in\n"
	    "\t-*) COMPREPLY=($(compgen -W \"$opts --help\" -- \"$cur\"))\n"
	    "\t\treturn ;;\n\tesac\n"
	    "\t# which operand: the words that are no option nor its "
	    "argument\n"
	    "\tfor ((i = 2; i < COMP_CWORD; i++)); do\n"
	    "\t\tcase ${COMP_WORDS[i]} in\n"
	    "\t\t-*) case $args in *\" ${COMP_WORDS[i]} \"*) "
	    "i=$((i + 1)) ;; esac ;;\n"
	    "\t\t*) n=$((n + 1)) ;;\n"
	    "\t\tesac\n\tdone\n"
	    "\tset -- $kinds\n"
	    "\tif [ \"$n\" -lt $# ]; then\n"
	    "\t\tshift \"$n\"\n\t\tk=$1\n"
	    "\telif [ \"$more\" = 1 ] && [ $# -gt 0 ]; then\n"
	    "\t\teval \"k=\\${$#}\"\n"
	    "\telse\n\t\treturn\n\tfi\n"
	    "\t_sockt_kind \"$k\"\n}\n"
	    "complete -F _sockt sockt\n");
}

/* zsh: the action of an argument of kind k. */
static const char *
zsh_action(const char *k)
{
	return strcmp(k, "file") == 0 ? "_files" :
	    strcmp(k, "host") == 0 ? "_hosts" :
	    strcmp(k, "port") == 0 ? "_ports" : " ";
}

static void
zsh_cmd(const struct ccmd *cc)
{
	const struct copt *o;
	char name[256], desc[200], arg[64], *save = NULL, *w;
	int i, k;

	printf("\t(%s)\n\t\t_arguments -s", cc->c->name);
	for (i = 0; i < cc->nopt; i++) {
		o = &cc->opt[i];
		clean(o->desc, desc, sizeof(desc), 1);
		clean(o->arg, arg, sizeof(arg), 1);
		(void)snprintf(name, sizeof(name), "%s", o->names);
		for (w = strtok_r(name, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save)) {
			printf(" \\\n\t\t    '%s[%s]", w, desc);
			if (o->arg[0] == '\0')
				printf("'");
			else if (strcmp(o->kind, "words") == 0)
				printf(":%s:(%s)'", arg, o->words);
			else
				printf(":%s:%s'", arg, zsh_action(o->kind));
		}
	}
	for (k = 0; k < cc->noperand; k++)
		printf(" \\\n\t\t    '%s%d:%s:%s'", k + 1 == cc->noperand &&
		    cc->more ? "*" : "", k + 1, cc->operand[k],
		    zsh_action(cc->operand[k]));
	printf(" ;;\n");
}

static void
zsh_script(const struct ccmd *cc, size_t n)
{
	char desc[200];
	size_t i;

	printf("#compdef sockt\n");
	put_header("zsh");
	printf("_sockt() {\n"
	    "\tlocal -a cmds\n\tcmds=(\n");
	for (i = 0; i < n; i++) {
		clean(cc[i].c->summary, desc, sizeof(desc), 1);
		printf("\t    '%s:%s'\n", cc[i].c->name, desc);
	}
	printf("\t    'help:show the help of a command'\n\t)\n"
	    "\tif (( CURRENT == 2 )); then\n"
	    "\t\t_describe -t commands 'sockt command' cmds\n"
	    "\t\treturn\n\tfi\n"
	    "\tlocal cmd=${words[2]}\n"
	    "\tshift words\n\t(( CURRENT-- ))\n"
	    "\tcase $cmd in\n"
	    "\t(help) _describe -t commands 'sockt command' cmds ;;\n");
	for (i = 0; i < n; i++)
		zsh_cmd(&cc[i]);
	printf("\tesac\n}\n\n_sockt \"$@\"\n");
}

static void
fish_cmd(const struct ccmd *cc)
{
	const struct copt *o;
	char name[256], desc[200], *save = NULL, *w;
	int i, k;

	for (i = 0; i < cc->nopt; i++) {
		o = &cc->opt[i];
		clean(o->desc, desc, sizeof(desc), 0);
		printf("complete -c sockt -n '__fish_seen_subcommand_from %s'",
		    cc->c->name);
		(void)snprintf(name, sizeof(name), "%s", o->names);
		for (w = strtok_r(name, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save))
			/*
			 * -l --long, -o -iL (one dash, many letters), -s -x;
			 * quoted, for curl's -# (a comment to fish)
			 */
			printf(" -%s '%s'", w[1] == '-' ? "l" : w[2] != '\0' ?
			    "o" : "s", w + (w[1] == '-' ? 2 : 1));
		if (o->arg[0] != '\0') {
			if (strcmp(o->kind, "file") == 0)
				printf(" -r -F");
			else if (strcmp(o->kind, "host") == 0)
				printf(" -x -a '(__fish_print_hostnames)'");
			else if (strcmp(o->kind, "port") == 0)
				printf(" -x -a '(__sockt_services)'");
			else if (strcmp(o->kind, "words") == 0)
				printf(" -x -a '%s'", o->words);
			else
				printf(" -x");
		}
		printf(" -d '%s'\n", desc[0] != '\0' ? desc : o->names);
	}
	/* operands: what the first of them takes */
	for (k = 0; k < cc->noperand && k < 1; k++) {
		if (strcmp(cc->operand[k], "host") == 0)
			printf("complete -c sockt -n '__fish_seen_subcommand_"
			    "from %s' -a '(__fish_print_hostnames)'\n",
			    cc->c->name);
		else if (strcmp(cc->operand[k], "port") == 0)
			printf("complete -c sockt -n '__fish_seen_subcommand_"
			    "from %s' -a '(__sockt_services)'\n", cc->c->name);
		else if (strcmp(cc->operand[k], "file") == 0)
			printf("complete -c sockt -n '__fish_seen_subcommand_"
			    "from %s' -F\n", cc->c->name);
	}
}

static void
fish_script(const struct ccmd *cc, size_t n)
{
	char desc[200];
	size_t i;

	put_header("fish");
	printf("function __sockt_services\n"
	    "\tstring replace -r '[ \\t].*' '' </etc/services 2>/dev/null |"
	    " string match -r '^[a-z].*' | sort -u\nend\n\n"
	    "set -l __sockt_cmds ");
	put_names(cc, n);
	printf(" help\ncomplete -c sockt -f\n"
	    "complete -c sockt -n \"not __fish_seen_subcommand_from "
	    "$__sockt_cmds\" -l help -d 'the commands'\n"
	    "complete -c sockt -n \"not __fish_seen_subcommand_from "
	    "$__sockt_cmds\" -l version -d 'the version'\n");
	for (i = 0; i < n; i++) {
		clean(cc[i].c->summary, desc, sizeof(desc), 0);
		printf("complete -c sockt -n \"not __fish_seen_subcommand_from "
		    "$__sockt_cmds\" -a %s -d '%s'\n", cc[i].c->name, desc);
	}
	printf("complete -c sockt -n \"not __fish_seen_subcommand_from "
	    "$__sockt_cmds\" -a help -d 'show the help of a command'\n"
	    "complete -c sockt -n '__fish_seen_subcommand_from help' -a '");
	put_names(cc, n);
	printf("'\n");
	for (i = 0; i < n; i++) {
		printf("\n");
		fish_cmd(&cc[i]);
	}
}

int
complete_script(const char *shell, const struct complete_cmd *cmds, size_t n)
{
	struct ccmd *cc;
	size_t i;

	if (strcmp(shell, "bash") != 0 && strcmp(shell, "zsh") != 0 &&
	    strcmp(shell, "fish") != 0) {
		msg_warnx("--complete %s: no such shell (bash, zsh or fish)",
		    shell);
		return COMPLETE_NO_SHELL;
	}
	if ((cc = calloc(n, sizeof(*cc))) == NULL) {
		msg_warn("malloc");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (load(&cc[i], &cmds[i]) == -1) {
			msg_warnx("--complete: %s did not describe its options",
			    cmds[i].name);
			free(cc);
			return -1;
		}
	if (strcmp(shell, "bash") == 0)
		bash_script(cc, n);
	else if (strcmp(shell, "zsh") == 0)
		zsh_script(cc, n);
	else
		fish_script(cc, n);
	/* main's stdout_done flushes and judges the writes */
	free(cc);
	return 0;
}
