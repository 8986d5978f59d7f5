/*
 * cli/: what the commands share on the command line and on stderr (the
 * shared options, messages, completion, progress, server events).  May
 * use the engine (net, http, scan), parse and util; never cmd.
 *
 * cli.h: the options several commands share, read for them.
 *
 * Layer: command helper, included by the commands (cmd/NAME.c) only.  It
 * prints their usage errors and their help through msg.h, and turns
 * option letters into settings of the core's structures (net_opts,
 * relay_opts, server_opts): the core knows no option letter.
 *
 * A command describes its command line in a struct cli_spec: the
 * synopsis, its table of options (opt.h: the letters, long names,
 * arguments, completions and help lines of its own options, and the
 * help lines of the shared ones it takes), the groups of shared options
 * it takes (their rows are cli.c's; a letter of the command's own wins
 * over a group's), and its rules: what an option needs, what it
 * excludes, a row each (opt.h's struct opt_rule).  It points
 * the struct cli at where the groups it takes go, and reads its own
 * options with cli_next, which applies the shared ones itself:
 *
 *	cli_init(&cl, &spec, &st, argc, argv);
 *	cl.no = &no;
 *	while ((c = cli_next(&cl, &st)) != CLI_END) {
 *		if (c < 0)	(help shown, or a usage error said)
 *			return c == CLI_HELP ? EXIT_OK : EXIT_USAGE;
 *		switch (c) {
 *		case HG_OUTPUT:
 *			...
 *		}
 *	}
 *
 * cli_next returns the id of an option of the command's own (above 0),
 * CLI_HELP once the help was printed, -1 once a usage error was said
 * (with the try line), or CLI_END at the end, once the rules (-4 with
 * -6 for every command that takes CLI_FAMILY, then spec.rules, then
 * those of the other groups it takes) have been checked; the operands
 * are then st.argv[0 .. st.argc - 1].
 * An option whose row gives its argument's type (OPT_INT_, OPT_SECS_
 * ...: opt.h) comes with its value read and checked, in st.num or
 * st.ms ("max time x: not a number" was said for it); a flag that
 * only says "given" needs no case: read that with opt_seen(&st, id)
 * after the loop.
 * A row that binds its option (opt.h's OPT_BOOL, OPT_STRING, OPT_INT,
 * OPT_CALL ...: as git's OPT_* bind a variable) is applied to cl.dest,
 * the command's struct its rows name, and needs no id of the command's
 * enum and no case: the row is the whole option.  The shared groups'
 * rows bind the same way, into the struct their group's pointer names
 * (cl.no, cl.ro ...), their setters getting the struct cli itself.  A
 * setter (OPT_CALL) returns 0, or -1 after a usage error's message, or
 * CLI_FAIL after another failure's, and cli_next returns that.
 *
 * --help (and "sockt help CMD") prints the synopsis and then the help
 * lines of the table's rows in order.  A command's own ids are an enum
 * that starts at CLI_O_OWN, above the ids of the shared options.
 */
#ifndef CLI_H
#define CLI_H

#include "parse/opt.h"

#define CLI_FAMILY	0x0001	/* -4, -6 into no->family */
#define CLI_NUMERIC	0x0002	/* -n into no->numeric */
#define CLI_SOURCE	0x0004	/* -s addr into no->src_addr */
#define CLI_WAIT	0x0008	/* -w secs ("timeout") into *wait_ms */
#define CLI_VERBOSE	0x0010	/* -v into verbose */
#define CLI_RELAY	0x0020	/* -C -d -Q -x, -i secs, -q secs,
				 * --no-shutdown into *ro */
#define CLI_ACL		0x0040	/* --allow spec, --deny spec into *so */
#define CLI_LIMITS	0x0080	/* -m max, --max-per-peer n into *so */
#define CLI_TLS_CLIENT	0x0100	/* a TLS client's --cacert --capath --cert
				 * --insecure --key --pinnedpubkey
				 * --servername --tls-min into *tls */
#define CLI_TLS_SERVER	0x0200	/* --tls --cert --key --cacert
				 * --tls-verify-client --tls-min into
				 * *tls_srv (server_tls.c) */
#define CLI_JOIN	0x0400	/* --join spec, repeatable, into *joins
				 * (join.c) */
#define CLI_USER	0x0800	/* --user name into *user (server_user.c) */
#define CLI_FAMILY_LAST	0x1000	/* with CLI_FAMILY: the last of -4 and -6
				 * wins, as curl's (http-get) */

#define CLI_END		0	/* cli_next: the options are read */
#define CLI_HELP	(-2)	/* cli_next: the help was printed */
#define CLI_FAIL	(-3)	/* cli_next: a bound option's setter failed
				 * (not a usage error), said */
#define CLI_SETOPT	(-4)	/* ... on a value curl takes and cannot
				 * use (its 49, CURLE_SETOPT_OPTION_SYNTAX) */

/*
 * The proxy options of connect, listen and http-get, alike in all three:
 * the schemes --proxy completes to, and the --proxy-user row.
 */
#define CLI_PROXY_WORDS	"socks5:// socks5h:// socks4:// socks4a:// http://"
#define CLI_PROXY_USER_HELP	"  --proxy-user user:pw  the proxy's credentials\n"
#define CLI_PROXY_USER_AT(T, f) \
	OPT_STRING(0, "proxy-user", "user:pw", COMP_NONE, T, f, \
	    CLI_PROXY_USER_HELP)

/*
 * Rows that several commands' tables hold alike: help lines of shared
 * options (one wording each: -4 and -6 say what sockt.1 says of them), and options of the same letter and meaning in connect and
 * listen (id: the command's own).
 */
#define CLI_FAMILY_DOC \
	OPT_DOC(CLI_O_4, "  -4, -6     IPv4 or IPv6 addresses only\n"), \
	OPT_LIKE_ABOVE(CLI_O_6)
/* -s as a client's, and --max-per-peer as a TCP server's */
#define CLI_SOURCE_DOC \
	OPT_DOC(CLI_O_SOURCE, "  -s addr    connect from this source address\n")
#define CLI_PER_PEER_DOC \
	OPT_DOC(CLI_O_PER_PEER, "  --max-per-peer n  at most n connections " \
	    "from one address (0: no limit;\n             default: a quarter " \
	    "of -m, loopback not counted)\n")
#define CLI_ACL_DOC \
	OPT_DOC(CLI_O_ALLOW, \
	    "  --allow spec, --deny spec  serve only, or never, these " \
	    "peers\n" \
	    "             (address or CIDR block; repeatable)\n"), \
	OPT_LIKE_ABOVE(CLI_O_DENY)
#define CLI_UNIX_HELP	"  -U         path is a UNIX-domain stream socket\n"
#define CLI_LINES_HELP \
	"  --lines    with -u: a datagram a line of stdin, its newline kept\n"
/* -U and --lines, bound to member f of T (parse/opt.h's OPT_BOOL) */
#define CLI_UNIX_AT(T, f)	OPT_BOOL('U', NULL, T, f, CLI_UNIX_HELP)
#define CLI_LINES_AT(T, f)	OPT_BOOL(0, "lines", T, f, CLI_LINES_HELP)

/* --ws-max-message, the same option of connect and listen */
#define CLI_WS_MAX_HELP \
	"  --ws-max-message bytes  refuse a larger message with 1009 " \
	"(default 64M)\n"
#define CLI_WS_MAX_AT(T, f) \
	OPT_SIZE(0, "ws-max-message", "bytes", "--ws-max-message", 1, \
	    (long long)1 << 40, T, f, CLI_WS_MAX_HELP)

/*
 * CLI_LIMITS's -m, whose message names what it counts ("max children
 * 0: too small (1-100000)"): a command that counts other things
 * declares the row in its own table, whose letter and type win; the
 * group's row still binds the value (into cl.so).  The expansion needs
 * net/server.h.
 */
#define CLI_MAX_ROW(what, help) \
	OPT_TYPED_(CLI_O_MAX, 'm', NULL, "max", OPT_T_INT | OPT_T_RANGE, \
	    "max " what, 1, SERVER_MAX_LIMIT, (help))

/*
 * The ids of the shared options: what the commands' help rows (OPT_DOC)
 * and rules call them.  Each is declared once, by its group's row
 * (cli.c, server_tls.c, join.c, server_user.c), which binds it: a member
 * of the struct its group's pointer of struct cli names, or a setter.
 */
enum cli_id {
	CLI_O_4 = 1,	/* -4 */
	CLI_O_6,	/* -6 */
	CLI_O_NUMERIC,	/* -n */
	CLI_O_SOURCE,	/* -s addr */
	CLI_O_WAIT,	/* -w secs */
	CLI_O_VERBOSE,	/* -v */
	CLI_O_CRLF,	/* -C */
	CLI_O_NOSTDIN,	/* -d */
	CLI_O_QUIT_EOF,	/* -Q */
	CLI_O_DUMP,	/* -x */
	CLI_O_IDLE,	/* -i secs */
	CLI_O_QUIT,	/* -q secs */
	CLI_O_NO_SHUTDOWN,	/* --no-shutdown */
	CLI_O_ALLOW,	/* --allow spec */
	CLI_O_DENY,	/* --deny spec */
	CLI_O_MAX,	/* -m max */
	CLI_O_PER_PEER,	/* --max-per-peer n */
	CLI_O_CACERT,	/* --cacert file */
	CLI_O_CAPATH,	/* --capath dir */
	CLI_O_CERT,	/* --cert file */
	CLI_O_INSECURE,	/* --insecure */
	CLI_O_KEY,	/* --key file */
	CLI_O_PINNED,	/* --pinnedpubkey hashes|file */
	CLI_O_SERVERNAME,	/* --servername name */
	CLI_O_TLS_MIN,	/* --tls-min 1.2|1.3 */
	CLI_O_SRV_TLS,	/* a server's --tls, --ssl */
	CLI_O_SRV_CERT,	/* --cert file */
	CLI_O_SRV_KEY,	/* --key file */
	CLI_O_SRV_CACERT,	/* --cacert file */
	CLI_O_SRV_VERIFY,	/* --tls-verify-client */
	CLI_O_SRV_TLS_MIN,	/* --tls-min 1.2|1.3 */
	CLI_O_JOIN,	/* --join [source>]group[@if] */
	CLI_O_USER,	/* --user name */
	CLI_O_OWN	/* the first id of a command's own */
};

/* The help lines of CLI_TLS_SERVER, the same for every server. */
#define CLI_TLS_SERVER_DOC \
	OPT_DOC(CLI_O_SRV_TLS, \
	    "  --tls, --ssl  serve TLS (OpenSSL 3 at run time); without "\
	    "--cert an ephemeral\n" \
	    "             self-signed certificate, its fingerprint shown "\
	    "with -v\n"), \
	OPT_DOC(CLI_O_SRV_CERT, \
	    "  --cert file  the certificate chain to serve (PEM)\n"), \
	OPT_DOC(CLI_O_SRV_KEY, \
	    "  --key file   its key (default: in --cert's file)\n"), \
	OPT_DOC(CLI_O_SRV_VERIFY, \
	    "  --tls-verify-client  require a client certificate, "\
	    "verified against --cacert\n"), \
	OPT_DOC(CLI_O_SRV_CACERT, \
	    "  --cacert file  the CAs of client certificates (PEM)\n"), \
	OPT_DOC(CLI_O_SRV_TLS_MIN, \
	    "  --tls-min 1.2|1.3  the lowest TLS version accepted\n")

#define CLI_MAXACL	256	/* --allow and --deny entries, each */

struct cli_joins;
struct net_opts;
struct relay_opts;
struct server_opts;
struct tls_client_opts;
struct tls_conn;
struct user_id;

/*
 * The help lines of CLI_TLS_CLIENT's options but --insecure, whose
 * spelling is each command's own (http-get's -k too), which goes
 * between the two: rows for a command's table.
 */
#define CLI_TLS_CLIENT_DOC \
	OPT_DOC(CLI_O_CACERT, \
	    "  --cacert file     trust the CA certificates of file (PEM) " \
	    "instead\n"), \
	OPT_DOC(CLI_O_CAPATH, \
	    "  --capath dir      trust the CA certificates of dir (c_rehash " \
	    "form) instead\n"), \
	OPT_DOC(CLI_O_CERT, \
	    "  --cert file       present this client certificate (PEM)\n")
#define CLI_TLS_CLIENT_DOC2 \
	OPT_DOC(CLI_O_KEY, \
	    "  --key file        the client certificate's key (default: in " \
	    "--cert's file)\n"), \
	OPT_DOC(CLI_O_PINNED, \
	    "  --pinnedpubkey hashes|file  accept only this public key: " \
	    "sha256//BASE64\n" \
	    "                    (;-separated: any of them) or a key file " \
	    "(PEM, DER), as curl\n"), \
	OPT_DOC(CLI_O_SERVERNAME, \
	    "  --servername name  send this name (SNI) and check the " \
	    "certificate against it\n"), \
	OPT_DOC(CLI_O_TLS_MIN, \
	    "  --tls-min 1.2|1.3  the lowest TLS version accepted\n")
struct tls_server_opts;

/* A command's command line. */
struct cli_spec {
	const char	 *usage;	/* the synopsis: "usage: sockt CMD ..." */
	const struct opt_def *opts;	/* its options, in --help order */
	unsigned int	  takes;	/* CLI_* */
	const struct opt_rule *rules;	/* what its options need and
					 * exclude (opt.h), or NULL */
	/* more options of this form, each with an OPT_DOC row in opts */
	const struct opt_def *extra;
};

/*
 * The spellings of curl that http-get refuses, and of nmap that
 * portscan refuses, each with what to use instead (foreign.c): a command
 * sets st.foreign to its table after cli_init.
 */
extern const struct opt_foreign cli_curl_foreign[];
extern const struct opt_foreign cli_nmap_foreign[];
/* ncat's for connect and listen; socat's address as a command name */
extern const struct opt_foreign cli_nc_connect_foreign[];
extern const struct opt_foreign cli_nc_listen_foreign[];
int	cli_socat_word(const char *name);

struct cli {
	const struct cli_spec *spec;
	void		 *dest;		/* the struct its bound rows name */
	struct net_opts	 *no;		/* CLI_FAMILY, CLI_NUMERIC, CLI_SOURCE */
	struct relay_opts *ro;		/* CLI_RELAY */
	struct server_opts *so;		/* CLI_ACL, CLI_LIMITS */
	struct tls_client_opts *tls;	/* CLI_TLS_CLIENT */
	struct tls_server_opts *tls_srv;	/* CLI_TLS_SERVER */
	struct cli_joins *joins;	/* CLI_JOIN */
	struct user_id	 *user;		/* CLI_USER */
	int		 *wait_ms;	/* CLI_WAIT */
	int		  verbose;	/* CLI_VERBOSE: -v given */
	const int	 *flag_warn;	/* unless set (-s): curl's warning
					   of a file name like a flag */
	/* its own options, then those of the groups it takes */
	const struct opt_def *tabs[OPT_MAXTABS + 1];
};

struct endpoint;

void	cli_init(struct cli *cl, const struct cli_spec *spec,
	    struct opt_state *st, int argc, char **argv);
int	cli_next(struct cli *cl, struct opt_state *st);
/*
 * cli_tables: spec's tables into tabs (OPT_MAXTABS + 1, NULL-ended), in
 * the order a letter is looked for: its extra rows, its own, then those
 * of the groups it takes.
 */
void	cli_tables(const struct cli_spec *spec, const struct opt_def **tabs);
/*
 * cli_help: spec's --help on stdout (marked as text): the synopsis, the
 * help lines of its table in order, and the long names of the options
 * shown by their letter.
 */
void	cli_help(const struct cli_spec *spec);

/*
 * cli_endpoint: endpoint_parse, then cli_service on its port.
 * cli_service: a port given as a service name must be one of the system's
 * for proto ("tcp" or "udp"): "http-nope" is a mistake in the command
 * line, as 70000 is, and is said before any socket is made.  Both return
 * 0, or -1 with err filled (a usage error).
 */
int	cli_endpoint(int argc, char *const argv[], int flags,
	    const char *proto, struct endpoint *ep, char *err);
int	cli_service(const char *port, const char *proto, char *err);

/*
 * cli_prog: -c COMMAND (command set: sh -c COMMAND, in sh_argv, four
 * slots) or -e PROG ARG... (the rest of the line, where option parsing
 * ends; EXEC_PATH into *flags) into *prog, for listen and connect.
 * Returns 0, else -1 after the message.
 */
int	cli_prog(int command, struct opt_state *st, char **sh_argv,
	    char ***prog, int *flags, const char *usage);

/*
 * cli_prog_first: -e met before any operand, so that it took them as its
 * arguments: as ncat's -e, the program alone when 1 to max words follow
 * it, none an option (listen -k -e PROG 7002): those are then st's
 * operands and *prog the program, in sh_argv.  Else (max 0: connect,
 * whose rule is the rest of the line) the rule in one line, what it
 * misses (what: "port") and how to write it (line: "listen port").
 * flags are cli_prog's.  Returns 0 (nothing done when operands came
 * before -e, or -c was given), or -1 after the message.
 */
int	cli_prog_first(struct opt_state *st, char **sh_argv, char ***prog,
	    int flags, int max, const char *usage, const char *what,
	    const char *line);

/*
 * cli_tls_show: what a TLS session agreed on and whom the server's
 * certificate names, for -v: lines on stderr, each after prefix ("* "),
 * or as the command's messages when prefix is NULL.
 */
void	cli_tls_show(struct tls_conn *tc, const char *prefix);

#endif /* CLI_H */
