/*
 * cmd_listen.c: sockt listen, the server side of netcat: accept one
 * connection and relay it exactly as connect does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sockt.h"

static const char usage[] =
    "usage: sockt listen [-46CdnQvx] [-i secs] [-q secs] [-w secs] "
    "[addr] port\n"
    "       sockt listen -U [-CdQvx] [-i secs] [-q secs] [-w secs] path\n";

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
	int status = EXIT_OK;

	memset(&no, 0, sizeof(no));
	no.family = AF_UNSPEC;
	relay_opts_init(&ro);
	opt_init(&st, argc, argv, "46CdnQUvxi:q:w:", NULL);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case '4':
			no.family = AF_INET;
			break;
		case '6':
			no.family = AF_INET6;
			break;
		case 'C':
			ro.crlf = 1;
			break;
		case 'd':
			ro.no_stdin = 1;
			break;
		case 'n':
			no.numeric = 1;
			break;
		case 'Q':
			ro.exit_on_eof = 1;
			break;
		case 'U':
			unix_path = 1;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'x':
			ro.hexdump = 1;
			break;
		case 'i':
			errstr = NULL;
			if (parse_secs(st.arg, &ro.idle_ms, &errstr) == -1 ||
			    ro.idle_ms == 0)
				return msg_usage(usage, "idle timeout %s: %s",
				    st.arg, errstr ? errstr :
				    "must be more than 0");
			break;
		case 'q':
			if (parse_secs(st.arg, &ro.quit_ms, &errstr) == -1)
				return msg_usage(usage, "quit delay %s: %s",
				    st.arg, errstr);
			break;
		case 'w':
			errstr = NULL;
			if (parse_secs(st.arg, &accept_ms, &errstr) == -1 ||
			    accept_ms == 0)
				return msg_usage(usage, "timeout %s: %s", st.arg,
				    errstr ? errstr : "must be more than 0");
			break;
		case 'h':
			return msg_help(usage);
		default:
			return msg_usage(usage, "%s", st.err);
		}
	}

	if (unix_path) {
		if (st.argc != 1)
			return msg_usage(usage, st.argc == 0 ? "missing socket "
			    "path" : "too many operands: %s", st.argv[1]);
		if (no.family != AF_UNSPEC || no.numeric)
			return msg_usage(usage, "-U does not go with -4, -6 "
			    "or -n");
		path = st.argv[0];
		lfd = net_listen_unix(path, SOCK_STREAM, 1, err);
	} else {
		if (endpoint_parse(st.argc, st.argv, EP_LISTEN, &ep, err) == -1)
			return msg_usage(usage, "%s", err);
		lfd = net_listen(ep.host, ep.port, &no, 1, err);
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

	sslen = sizeof(ss);
	while ((s = net_accept(lfd, &ss, &sslen, accept_ms)) == -1 &&
	    errno == EINTR)
		;
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
