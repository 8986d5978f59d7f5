/*
 * cmd_listen.c: sockt listen, the server side of netcat: accept one
 * connection and relay it exactly as connect does.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "clock.h"
#include "cmd.h"
#include "msg.h"
#include "net.h"
#include "num.h"
#include "opt.h"
#include "relay.h"
#include "server.h"
#include "sockt.h"

#define LISTEN_MAXACL	256	/* --allow and --deny entries, each */

static const char usage[] =
    "usage: sockt listen [-46CdnQvx] [-i secs] [-q secs] [-w secs] "
    "[addr] port\n"
    "       sockt listen -U [-CdQvx] [-i secs] [-q secs] [-w secs] path\n"
    "       sockt listen [-46knv] [-i secs] [-m max] [--allow spec] "
    "[--deny spec]\n"
    "                    [--max-per-peer n] [--stderr] [addr] port\n"
    "                    [-c command | -e prog [arg ...]]\n";

/*
 * Server mode (-k, -e, -c, -m, --allow, --deny): a small layer over the
 * shared server module.  Each connection gets its own child: a program
 * spawned straight onto the socket (-e/-c), the same behind a relay that
 * enforces -i, or without a program a collector that copies the client's
 * data to stdout.
 */
struct lserve {
	char		**prog;		/* argv of -e or of sh -c; NULL: collect */
	int		  spawn_flags;	/* SERVER_SPAWN_PATH for -e, ..._STDERR */
	int		  idle_ms;	/* -i, or -1 */
	struct server_env env;
};

/* Spawn the program on the connection itself: EOF passes both ways. */
static pid_t
lserve_spawn(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;

	if (server_env_set(&ls->env, c) == -1)
		return -1;
	/* a group of its own, which the server ends as a whole */
	return server_spawn(c->fd, ls->prog, ls->env.envp,
	    ls->spawn_flags | SERVER_SPAWN_PGRP);
}

/* The program behind the relay, for the relay's stop signal handler. */
static volatile pid_t relay_prog;

/* The server ends its children with SIGTERM: end the program too. */
static void
relay_stop(int sig)
{
	(void)sig;
	if (relay_prog > 0)
		(void)kill(relay_prog, SIGTERM);
	_exit(EXIT_FAIL);
}

/*
 * End the program behind the relay and whatever it started: they share
 * our process group (the server made us its leader), so signal the group
 * with ourselves immune.  Only the program if we lead no group.
 */
static void
relay_end(pid_t pid)
{
	if (getpgrp() != getpid()) {
		(void)kill(pid, SIGTERM);
		return;
	}
	(void)signal(SIGTERM, SIG_IGN);
	(void)kill(0, SIGTERM);
}

/*
 * In a forked child: the program on one end of a socketpair, relayed to
 * the client so the idle timeout can end it.  Returns the exit status.
 */
static int
lserve_relay(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct relay_opts ro;
	char err[SK_ERRLEN], peer[SK_HOSTLEN + 16];
	int sp[2], status, rc;
	pid_t pid;

	struct sigaction sa;

	if (server_env_set(&ls->env, c) == -1 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == -1) {
		msg_warn("connection from %s port %d", c->addr, c->port);
		return EXIT_FAIL;
	}
	/* the program gets sp[1] as stdin and stdout, and nothing else */
	(void)fcntl(sp[0], F_SETFD, FD_CLOEXEC);
	(void)fcntl(sp[1], F_SETFD, FD_CLOEXEC);
	pid = server_spawn(sp[1], ls->prog, ls->env.envp, ls->spawn_flags);
	close(sp[1]);
	if (pid == -1) {
		msg_warn("%s", ls->prog[0]);
		close(sp[0]);
		return EXIT_FAIL;
	}
	relay_prog = pid;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = relay_stop;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
	/* both ways at once: a program that writes before it reads must not
	 * deadlock against a blocking write of ours */
	(void)net_set_nonblock(sp[0], 1);
	relay_opts_init(&ro);
	ro.in_fd = ro.out_fd = sp[0];
	ro.idle_ms = ls->idle_ms;
	ro.peer = peer;
	snprintf(peer, sizeof(peer), "%s port %d", c->addr, c->port);
	rc = relay_run(c->fd, &ro, err);
	/* an idle client is closed quietly, as a server does */
	if (rc == -1 && errno != ETIMEDOUT && err[0] != '\0')
		msg_warnx("%s", err);
	close(sp[0]);
	if (rc != 0)
		relay_end(pid);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return EXIT_FAIL;
	return rc == 0 && WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_FAIL;
}

/* In a forked child, with no program: the client's data to stdout. */
static int
lserve_collect(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;
	struct relay_opts ro;
	char err[SK_ERRLEN], peer[SK_HOSTLEN + 16];

	relay_opts_init(&ro);
	ro.no_stdin = 1;
	ro.idle_ms = ls->idle_ms;
	ro.peer = peer;
	snprintf(peer, sizeof(peer), "%s port %d", c->addr, c->port);
	if (relay_run(c->fd, &ro, err) == 0)
		return EXIT_OK;
	/* an idle client is closed quietly, as a server does */
	if (errno == ETIMEDOUT)
		return EXIT_OK;
	if (err[0] != '\0')
		msg_warnx("%s", err);
	return EXIT_FAIL;
}

/* Is prog executable, as given or found in PATH the way execvp would? */
static int
prog_found(const char *prog)
{
	char path[4096];
	const char *p, *end, *dirs = getenv("PATH");
	int n;

	if (strchr(prog, '/') != NULL)
		return access(prog, X_OK) == 0;
	if (dirs == NULL)
		dirs = "/usr/bin:/bin";
	for (p = dirs; ; p = end + 1) {
		end = strchr(p, ':');
		if (end == NULL)
			end = p + strlen(p);
		n = snprintf(path, sizeof(path), "%.*s%s%s", (int)(end - p), p,
		    end == p ? "" : "/", prog);
		if (n > 0 && (size_t)n < sizeof(path) &&
		    access(path, X_OK) == 0)
			return 1;
		if (*end == '\0')
			return 0;
	}
}

static int
listen_serve(int lfd, struct server_opts *so, struct lserve *ls)
{
	char err[SK_ERRLEN];
	int rc;

	if (ls->prog != NULL && server_env_init(&ls->env) == -1) {
		msg_warn("environment");
		return EXIT_FAIL;
	}
	so->arg = ls;
	if (ls->prog == NULL)
		so->serve = lserve_collect;
	else if (ls->idle_ms > 0)
		so->serve = lserve_relay;
	else
		so->spawn = lserve_spawn;
	rc = server_run(lfd, so, err);
	if (ls->prog != NULL)
		server_env_free(&ls->env);
	if (rc == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	/* -e/-c without -k: the program's exit status, for scripts */
	return rc;
}

int
cmd_listen(int argc, char *argv[])
{
	struct opt_state st;
	struct net_opts no;
	struct relay_opts ro;
	struct endpoint ep;
	struct sockaddr_storage ss;
	socklen_t sslen;
	const char *errstr, *path = NULL;
	char err[SK_ERRLEN], host[SK_HOSTLEN], peer[SK_HOSTLEN + SK_PORTLEN + 8];
	int c, lfd, s, port, unix_path = 0, verbose = 0, accept_ms = 0;
	int status = EXIT_OK, left;
	long long deadline;
	static const struct opt_long longs[] = {
		{ "allow", 1, 'A' },
		{ "deny", 1, 'D' },
		{ "max-per-peer", 1, 'P' },
		{ "stderr", 0, 'S' },
		{ NULL, 0, 0 }
	};
	struct server_opts so;
	struct lserve ls;
	char *sh_argv[4];
	long long v;
	static struct cidr allow[LISTEN_MAXACL], deny[LISTEN_MAXACL];
	int keep = 0, per_peer = 0;

	net_opts_init(&no);
	relay_opts_init(&ro);
	memset(&so, 0, sizeof(so));
	so.max_children = 0;
	memset(&ls, 0, sizeof(ls));
	so.allow = allow;
	so.deny = deny;
	opt_init(&st, argc, argv, "46CdnQUvxc:e:i:km:q:w:", longs);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case 'A':
			if (so.nallow == LISTEN_MAXACL)
				return msg_usage(usage, "--allow: more than %d",
				    LISTEN_MAXACL);
			if (cidr_parse(st.arg, &allow[so.nallow++], err) == -1)
				return msg_usage(usage, "--allow %s", err);
			break;
		case 'D':
			if (so.ndeny == LISTEN_MAXACL)
				return msg_usage(usage, "--deny: more than %d",
				    LISTEN_MAXACL);
			if (cidr_parse(st.arg, &deny[so.ndeny++], err) == -1)
				return msg_usage(usage, "--deny %s", err);
			break;
		case 'c':
		case 'e':
			if (ls.prog != NULL)
				return msg_usage(usage, "-c and -e exclude each "
				    "other and go once");
			if (*st.arg == '\0')
				return msg_usage(usage, "-%c: empty %s", c,
				    c == 'c' ? "command" : "program name");
			if (c == 'c') {
				sh_argv[0] = "/bin/sh";
				sh_argv[1] = "-c";
				sh_argv[2] = st.arg;
				sh_argv[3] = NULL;
				ls.prog = sh_argv;
				break;
			}
			/* -e PROG ARG...: the rest of the line is the program's */
			ls.prog = &argv[st.ind - 1];
			ls.prog[0] = st.arg;
			ls.spawn_flags |= SERVER_SPAWN_PATH;
			st.argc = st.ind;
			break;
		case 'k':
			keep = 1;
			break;
		case 'P':
			if (parse_num(st.arg, 0, SERVER_MAX_LIMIT, &v,
			    &errstr) == -1)
				return msg_usage(usage, "--max-per-peer %s: %s "
				    "(0-%d)", st.arg, errstr, SERVER_MAX_LIMIT);
			so.max_per_peer = (int)v;
			per_peer = 1;
			break;
		case 'S':
			ls.spawn_flags |= SERVER_SPAWN_STDERR;
			break;
		case 'm':
			if (parse_num(st.arg, 1, SERVER_MAX_LIMIT, &v,
			    &errstr) == -1)
				return msg_usage(usage, "max children %s: %s "
				    "(1-%d)", st.arg, errstr, SERVER_MAX_LIMIT);
			so.max_children = (int)v;
			break;
		case '4':
		case '6':
		case 'n':
			(void)net_opts_flag(&no, c);
			break;
		case 'C':
		case 'd':
		case 'Q':
		case 'x':
		case 'i':
		case 'q':
			if (relay_opts_flag(&ro, c, st.arg, err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'U':
			unix_path = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'w':
			if (parse_secs_opt("timeout", st.arg, 0, &accept_ms,
			    err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'h':
			return msg_help(usage);
		default:
			return msg_usage(usage, "%s", st.err);
		}
	}
	if ((ls.spawn_flags & SERVER_SPAWN_STDERR) && ls.prog == NULL)
		return msg_usage(usage, "--stderr needs a program (-c or -e)");
	if (keep || ls.prog != NULL) {
		if (ro.crlf || ro.no_stdin || ro.exit_on_eof || ro.dump != NULL ||
		    ro.quit_ms != -1 || accept_ms != 0)
			return msg_usage(usage, "-C, -d, -Q, -q, -w and -x "
			    "shape the relay to stdin; they do not go with %s",
			    keep ? "-k" : "-c or -e");
		if ((ls.spawn_flags & SERVER_SPAWN_PATH) &&
		    !prog_found(ls.prog[0]))
			return msg_usage(usage, "-e %s: program not found",
			    ls.prog[0]);
		if (so.max_children == 0)
			so.max_children = keep ? SERVER_MAX_CHILDREN : 1;
		so.once = !keep;
		/* a program behind the -i relay needs the peer too */
		so.need_peer = ls.prog != NULL;
		so.verbose = verbose;
		ls.idle_ms = ro.idle_ms;
	} else if (so.max_children != 0)
		return msg_usage(usage, "-m needs -k");
	/* one connection has no peer to limit: say so, as for -m */
	if (per_peer && !keep)
		return msg_usage(usage, "--max-per-peer needs -k");
	if (per_peer && unix_path)
		return msg_usage(usage, "--max-per-peer is for IP peers; it "
		    "does not go with -U");
	if (unix_path && so.nallow + so.ndeny > 0)
		return msg_usage(usage, "--allow and --deny are for IP peers; "
		    "they do not go with -U");

	if (unix_path) {
		if (st.argc != 1)
			return msg_usage(usage, st.argc == 0 ? "missing socket "
			    "path" : "too many operands: %s", st.argv[1]);
		if (no.family != AF_UNSPEC || no.numeric)
			return msg_usage(usage, "-U does not go with -4, -6 "
			    "or -n");
		path = st.argv[0];
		lfd = net_listen_unix(path, SOCK_STREAM, so.max_children ?
		    SOMAXCONN : 1, err);
	} else {
		if (endpoint_parse(st.argc, st.argv, EP_LISTEN, &ep, err) == -1)
			return msg_usage(usage, "%s", err);
		lfd = net_listen(ep.host, ep.port, &no, so.max_children ?
		    SOMAXCONN : 1, err);
	}
	if (lfd == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	if (verbose) {
		if (path != NULL)
			msg_warnx("listening on %s", path);
		else if (net_local_str(lfd, host, sizeof(host), &port) == 0)
			msg_warnx("listening on %s port %d", host, port);
	}
	if (so.max_children != 0) {
		status = listen_serve(lfd, &so, &ls);
		close(lfd);
		if (path != NULL)
			(void)unlink(path);
		return status;
	}

	/* -w bounds the whole wait, refused peers included */
	deadline = accept_ms > 0 ? mono_ms() + accept_ms : -1;
	for (;;) {
		sslen = sizeof(ss);
		do {
			left = 0;
			if (deadline != -1 && (left = (int)(deadline -
			    mono_ms())) <= 0) {
				s = -1;
				errno = ETIMEDOUT;
				break;
			}
			s = net_accept(lfd, &ss, &sslen, left);
		} while (s == -1 && errno == EINTR);
		if (s == -1 || server_peer_allowed(&so,
		    (struct sockaddr *)&ss))
			break;
		/* a refused peer never reaches the relay */
		if (verbose && net_addr_str((struct sockaddr *)&ss, sslen,
		    host, sizeof(host), &port) == 0)
			msg_warnx("connection from %s port %d refused by the "
			    "access list", host, port);
		close(s);
	}
	if (s == -1) {
		if (errno == ETIMEDOUT)
			msg_warnx("no connection within %d.%03d s",
			    accept_ms / 1000, accept_ms % 1000);
		else
			msg_warn("accept");
		close(lfd);
		if (path != NULL)
			(void)unlink(path);
		return EXIT_FAIL;
	}
	/* one connection only: stop listening before relaying */
	close(lfd);
	if (path != NULL) {
		(void)unlink(path);
		snprintf(peer, sizeof(peer), "%s", path);
	} else if (net_addr_str((struct sockaddr *)&ss, sslen, host,
	    sizeof(host), &port) == 0)
		snprintf(peer, sizeof(peer), "%s port %d", host, port);
	else
		snprintf(peer, sizeof(peer), "peer");
	if (verbose)
		msg_warnx("connection from %s", peer);
	ro.peer = peer;
	if (relay_run(s, &ro, err) == -1) {
		if (err[0] != '\0')
			msg_warnx("%s", err);
		status = EXIT_FAIL;
	}
	close(s);
	if (verbose)
		msg_warnx("connection from %s closed", peer);
	return status;
}
