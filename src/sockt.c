/*
 * sockt.c: main and the command table.
 *
 * sockt COMMAND [options] [args]: each command lives in src/cmd/NAME.c and
 * returns its exit status; this file only makes the process sane (fds 0-2
 * open, SIGPIPE ignored), dispatches, and checks that stdout was written.
 */
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/complete.h"
#include "cli/describe.h"
#include "cli/msg.h"
#include "cmd/cmd.h"
#include "http/decode.h"
#include "net/relay.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/idn.h"
#include "util/psl.h"

/*
 * A command: its name, its function, its command line (the synopsis,
 * the option table and its rules, which the function parses with and
 * --help, the completions and the tests read here) and its line in the
 * list of commands.
 */
struct command {
	const char	*name;
	int		(*fn)(int, char **);
	const struct cli_spec *spec;
	const char	*summary;
};

/*
 * Sorted by name; only commands that work are listed.  connect's table
 * is nc's form, the fuller: -X, and -x naming the proxy, as well.
 */
static const struct command commands[] = {
	{ "connect", cmd_connect, &connect_spec_nc,
	    "relay stdin/stdout over TCP, UDP, UNIX, TLS, DTLS or WebSocket" },
	{ "http-get", cmd_http_get, &http_get_spec,
	    "fetch a URL over HTTP/1.1, like curl" },
	{ "listen", cmd_listen, &listen_spec,
	    "accept a connection and relay it, or serve many (-k)" },
	{ "portscan", cmd_portscan, &portscan_spec,
	    "scan TCP and UDP ports: open, closed or filtered" },
	{ "serve-hello", cmd_serve_hello, &serve_hello_spec,
	    "greeting server: Welcome!, then Hello, NAME! per message" },
	{ "udp-send", cmd_udp_send, &udp_send_spec,
	    "send datagrams and print the replies" },
	{ "udp-serve", cmd_udp_serve, &udp_serve_spec,
	    "answer, echo or print datagrams from any peer" },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/*
 * help -a: the pages of no command, sockt-NAME(7), which help NAME shows
 * as it would a command's, and the overview
 */
#define TOPICS_ALL	"sockt-migration(7): from nc, ncat, socat, curl, " \
	"nmap\nsockt-tls(7): TLS and DTLS\nsockt(1): the overview\n"

static void
usage_main(FILE *f)
{
	size_t i;

	fprintf(f, "usage: sockt COMMAND [options] [args]\n"
	    "       sockt help [-a | COMMAND]\n"
	    "       sockt --help | --version\n\ncommands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\nexit status: 0 success, 1 network or runtime failure, "
	    "2 usage\nsee sockt(1) for the details\n");
}

static const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
lc(char c)
{
	return tolower((unsigned char)c);
}

/*
 * Damerau-Levenshtein distance of two short strings (64 chars at most),
 * ignoring case: a command typed in capitals is still a near miss.
 */
static int
edit_distance(const char *a, const char *b)
{
	int d[65][65], i, j, la, lb, c;

	la = (int)strlen(a);
	lb = (int)strlen(b);
	if (la > 64 || lb > 64)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = lc(a[i - 1]) != lc(b[j - 1]);
			d[i][j] = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < d[i][j])
				d[i][j] = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < d[i][j])
				d[i][j] = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && lc(a[i - 1]) == lc(b[j - 2]) &&
			    lc(a[i - 2]) == lc(b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

/* The nearest command name, if one is close enough to be a typo. */
static const char *
command_suggest(const char *name)
{
	size_t i, n = strlen(name);
	int best = 3, dist;
	const char *found = NULL;

	/* the name in another case (HTTP-GET, Connect) first */
	for (i = 0; i < NCOMMANDS; i++)
		if (strcasecmp(commands[i].name, name) == 0)
			return commands[i].name;
	for (i = 0; i < NCOMMANDS; i++) {
		if (n >= 3 && strncasecmp(commands[i].name, name, n) == 0)
			return commands[i].name;
		dist = edit_distance(name, commands[i].name);
		if (dist < best) {
			best = dist;
			found = commands[i].name;
		}
	}
	return found;
}

static int
unknown_command(const char *name)
{
	const char *s = command_suggest(name);

	if (cli_socat_word(name)) {
		fprintf(stderr, "sockt: '%s' is socat's address syntax: sockt "
		    "takes a command (sockt listen -k 9000 --to host:80); see "
		    "the socat table of README.md's \"Coming from\" guide\n",
		    name);
		return EXIT_USAGE;
	}
	if (s != NULL)
		fprintf(stderr, "sockt: unknown command '%s'; did you mean "
		    "'%s'?\n", name, s);
	else
		fprintf(stderr, "sockt: unknown command '%s'\n", name);
	msg_try(NULL, 0);
	return EXIT_USAGE;
}

/*
 * Make sure fds 0, 1 and 2 are open, so a socket never becomes stdout,
 * yet keep a closed stdout or stderr closed in effect: /dev/null opened
 * read-only fails every write with EBADF, as the closed descriptor would
 * have.  Data meant for a closed stdout is then an error ("stdout: Bad
 * file descriptor", as cat >&- says), never silently discarded.  A closed
 * stdin reads as empty, as it always has: a daemon that starts us with
 * fd 0 closed means "nothing to send".
 */
static void
sanitize_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* open takes the lowest free fd: this one */
		if (open("/dev/null", O_RDONLY) == -1)
			abort();
	}
}

/*
 * Is stdout's reader gone?  A pipe's write end polls POLLERR once no
 * reader is left, a socket's POLLHUP; a file or a terminal neither.
 */
static int
stdout_reader_gone(void)
{
	struct pollfd p;

	p.fd = STDOUT_FILENO;
	p.events = POLLOUT;
	p.revents = 0;
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP));
}

/*
 * Flush stdout and turn a failed write into a failure, never a silent
 * truncation: returns status, or EXIT_FAIL when stdout failed.  Text for
 * a person (help, version, a completion script: msg_stdout_text) is the
 * exception: a reader that stopped early, as "| head -1" does, took what
 * it wanted, and that is a normal end, said nowhere.
 */
static int
stdout_done(int status)
{
	errno = 0;
	if (fflush(stdout) == EOF) {
		if (errno == EPIPE && msg_stdout_is_text())
			return status;
		if (errno != EPIPE)
			msg_warn("stdout");
		return status == EXIT_OK ? EXIT_FAIL : status;
	}
	if (ferror(stdout)) {
		if (msg_stdout_is_text() && stdout_reader_gone())
			return status;
		/*
		 * An earlier write failed and its errno is long gone; a
		 * stdout not open for writing (the stand-in for a closed
		 * one, see sanitize_fds) is the cause we can still tell.
		 */
		if (!io_fd_writable(STDOUT_FILENO)) {
			errno = EBADF;
			msg_warn("stdout");
		} else
			msg_warnx("stdout: write error");
		return status == EXIT_OK ? EXIT_FAIL : status;
	}
	return status;
}

/*
 * sockt --complete bash|zsh|fish: the shell's completion script, made from
 * the commands' own option tables, which the command table carries
 * (complete.c).  Not in --help: it is for make install and packagers;
 * the man page says how to load it.
 */
static int
complete_main(int argc, char **argv)
{
	struct complete_cmd cc[NCOMMANDS];
	size_t i;
	int rc;

	msg_init("--complete");
	msg_stdout_text();
	if (argc != 3) {
		fprintf(stderr, "usage: sockt --complete bash|zsh|fish\n");
		return EXIT_USAGE;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		cc[i].name = commands[i].name;
		cc[i].spec = commands[i].spec;
		cc[i].summary = commands[i].summary;
	}
	rc = complete_script(argv[2], cc, NCOMMANDS);
	return stdout_done(rc == 0 ? EXIT_OK : rc == COMPLETE_NO_SHELL ?
	    EXIT_USAGE : EXIT_FAIL);
}

/* --version's line of a coding's library: what it is, or why none */
static void
version_codec(const char *what, enum http_coding cd)
{
	const char *v, *file;
	char err[SK_ERRLEN];

	if ((v = decode_codec_version(cd, &file, err)) != NULL)
		printf("%s: %s (%s)\n", what, v, file);
	else
		printf("%s: none (%s)\n", what, err);
}

/* --version: ours, and the libraries each facility would load */
static void
version(void)
{
	char err[SK_ERRLEN];

	printf("sockt %s\n", SOCKT_VERSION);
	/* loads the library: says what connect --tls would use */
	if (tls_load(err) == 0)
		printf("TLS: %s (%s)\n", tls_lib_version(), tls_lib_name());
	else
		printf("TLS: none (%s)\n", err);
	/* and what http-get --compressed would inflate with */
	if (decode_load(err) == 0)
		printf("zlib: %s (%s)\n", decode_lib_version(),
		    decode_lib_name());
	else
		printf("zlib: none (%s)\n", err);
	/* and the codings --compressed offers beside gzip and deflate */
	version_codec("brotli", HTTP_CODING_BR);
	version_codec("zstd", HTTP_CODING_ZSTD);
	/* and what http-get turns international host names with */
	if (idn_load(err) == 0)
		printf("IDN: %s (%s)\n", idn_version(), idn_name());
	else
		printf("IDN: none (%s)\n", err);
	/* and the public suffix list its cookies are held to */
	if (psl_load(err) == 0)
		printf("PSL: %s (%s)\n", psl_version(), psl_name());
	else
		printf("PSL: none (%s)\n", err);
}

/* Whether man(1) knows the page name (man -w, quietly): 1 or 0. */
static int
help_man_has(char *name)
{
	char *av[] = { "man", "-w", name, NULL };
	pid_t pid;
	int fd, st;

	if ((pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1 &&
		    dup2(fd, STDOUT_FILENO) != -1)
			(void)dup2(fd, STDERR_FILENO);
		execvp(av[0], av);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/*
 * Show the page sockt-NAME(SECT) with man(1), which this process becomes
 * (no child left to wait for): the tree's (man/ beside the binary, as
 * ./sockt runs from the tree) with man -l, else the installed one that
 * man -w finds.  Returns only when there is neither, or man did not run
 * (said in one line).
 */
static void
help_open(const char *name, int sect, const char *argv0)
{
	char page[PATH_MAX], *av[] = { "man", page, NULL, NULL };
	const char *s = strrchr(argv0, '/');
	int n = s != NULL ? (int)(s - argv0) + 1 : 0;

	snprintf(page, sizeof(page), "%.*sman/sockt-%s.%d", n, argv0, name,
	    sect);
	if (n > 0 && access(page, R_OK) == 0) {
		av[1] = "-l";
		av[2] = page;
	} else {
		/* sockt-NAME, installed */
		av[1] += n + 4;
		*strrchr(av[1], '.') = '\0';
		if (!help_man_has(av[1]))
			return;
	}
	/* on a pipe man(1) formats plain text, as git help's, unless told
	 * to keep the overstrike */
	if (fflush(stdout) == 0 && unsetenv("MAN_KEEP_FORMATTING") == 0) {
		execvp(av[0], av);
		msg_init("help");
		msg_warn("man");
	}
}

/*
 * sockt help [-a | COMMAND | TOPIC], as git help: COMMAND's page, at a
 * terminal or on a pipe (SOCKT_MAN=no: never), where there is one, else
 * its --help text; a topic's page; -a every page.
 */
static int
help_main(int argc, char **argv)
{
	const struct command *c;
	const char *env = getenv("SOCKT_MAN");
	int pages;
	size_t i;

	msg_stdout_text();
	if (argc > 3) {
		fprintf(stderr, "sockt: help takes one command: %s\n", argv[3]);
		msg_try(NULL, 0);
		return EXIT_USAGE;
	}
	/* "help help" is the help on help: this page */
	if (argc < 3 || strcmp(argv[2], "help") == 0) {
		usage_main(stdout);
		return stdout_done(EXIT_OK);
	}
	pages = env == NULL || strcmp(env, "no") != 0;
	if (strcmp(argv[2], "-a") == 0) {
		for (i = 0; i < NCOMMANDS; i++)
			printf("sockt-%s(1): %s\n", commands[i].name,
			    commands[i].summary);
		fputs(TOPICS_ALL, stdout);
		return stdout_done(EXIT_OK);
	}
	if ((c = command_find(argv[2])) == NULL) {
		/* a topic's page (sockt-tls(7)); not with SOCKT_MAN=no */
		if (pages)
			help_open(argv[2], 7, argv[0]);
		return unknown_command(argv[2]);
	}
	if (pages)
		help_open(c->name, 1, argv[0]);
	msg_init(c->name);
	cli_help(c->spec);
	return stdout_done(EXIT_OK);
}

static int
run_command(const struct command *c, int argc, char **argv)
{
	msg_init(c->name);
	return stdout_done(c->fn(argc, argv));
}

int
main(int argc, char *argv[])
{
	const struct command *c;

	sanitize_fds();
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		return EXIT_FAIL;

	if (argc < 2) {
		fprintf(stderr, "sockt: missing command\n");
		msg_try(NULL, 0);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		/* git's "--help CMD": run as CMD --help, the one path */
		if (argc == 3 && argv[1][1] != 'V' && argv[1][2] != 'v' &&
		    argv[2][0] != '-') {
			if ((c = command_find(argv[2])) == NULL)
				return unknown_command(argv[2]);
			return run_command(c, 2,
			    (char *[]){ argv[2], argv[1], NULL });
		}
		/* each takes nothing else after it: "--version --bogus" is
		 * a mistake, not a version */
		if (argc > 2) {
			fprintf(stderr, "sockt: %s takes no arguments: %s\n",
			    argv[1], argv[2]);
			msg_try(NULL, 0);
			return EXIT_USAGE;
		}
		msg_stdout_text();
		if (argv[1][1] == 'h' || argv[1][2] == 'h')
			usage_main(stdout);
		else
			version();
		return stdout_done(EXIT_OK);
	}
	if (strcmp(argv[1], "help") == 0)
		return help_main(argc, argv);
	if (strcmp(argv[1], "--complete") == 0)
		return complete_main(argc, argv);
	if (argv[1][0] == '-') {
		fprintf(stderr, "sockt: unknown option %s\n", argv[1]);
		msg_try(NULL, 0);
		return EXIT_USAGE;
	}
	if ((c = command_find(argv[1])) == NULL)
		return unknown_command(argv[1]);
	/* the table as the tests read it: "sockt CMD --sockt-options" */
	if (argc == 3 && strcmp(argv[2], CLI_DESCRIBE) == 0) {
		msg_init(c->name);
		return stdout_done(cli_describe(c->spec) == 0 ? EXIT_OK :
		    EXIT_FAIL);
	}
	return run_command(c, argc - 1, argv + 1);
}
