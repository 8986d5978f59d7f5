/*
 * cmd/listen_pp.c: haproxy's PROXY protocol in listen, the command's
 * side (net/proxyhdr_io.c moves the bytes).  --accept-proxy-protocol:
 * each connection's header read where the connection is served (its
 * child, or the relay mode's one process), never in the accept loop,
 * its client made the peer from then on (the program's environment, -v,
 * --allow, --deny and --max-per-peer), and a connection without a valid
 * one closed with a line that says why; --proxy-from, the peers trusted
 * to send it (the server resets any other at the accept).
 * --proxy-protocol v1|v2: the
 * forwarder's header, sent onward before any byte of the client's.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/msg.h"
#include "cmd/listen.h"
#include "net/exec.h"
#include "net/proxyhdr_io.h"
#include "net/server.h"
#include "parse/cidr.h"
#include "parse/proxyhdr.h"
#include "sockt.h"

/* --proxy-from's entries: one command runs per process */
static struct cidr pp_from[CLI_MAXACL];

/*
 * One --proxy-from: its entries, parted by commas, each an address or a
 * CIDR block as --allow takes them (cidr_parse), added to so's list.
 */
int
lpp_from(struct server_opts *so, const char *list)
{
	char item[128], err[SK_ERRLEN];
	const char *p = list, *e;
	size_t n;

	so->pp_from = pp_from;
	for (;;) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 0 || n >= sizeof(item))
			return msg_usage(listen_usage, "--proxy-from %s: %s",
			    list, n == 0 ? "an empty entry" : "an entry too "
			    "long");
		if (so->npp_from == CLI_MAXACL)
			return msg_usage(listen_usage, "--proxy-from: more "
			    "than %d", CLI_MAXACL);
		memcpy(item, p, n);
		item[n] = '\0';
		if (cidr_parse(item, &pp_from[so->npp_from], err) == -1)
			return msg_usage(listen_usage, "--proxy-from %s", err);
		so->npp_from++;
		if (e == NULL)
			return SK_CONTINUE;
		p = e + 1;
	}
}

/*
 * c's header, within ms, applied to c, then the screening of the peer
 * it names (server_late_admit, which closes a refused c).  -v says what
 * the header said, in the words of the connection that brought it.
 * Returns 1 to serve c, else 0 (said, or told to the server to say).
 */
int
lpp_take(const struct lserve *ls, const struct server_opts *so, int ms,
    struct server_conn *c)
{
	struct proxyhdr h;
	char why[SK_ERRLEN], real[SERVER_LABELLEN];
	int ok;

	memcpy(real, c->label, sizeof(real));
	if ((ok = proxyhdr_read(c->fd, ms, &h, why) == 0)) {
		proxyhdr_apply(&h, c);
		if (ls->verbose)
			msg_warnx("connection from %s: PROXY header v%d %s%s%s",
			    real, h.version, h.kind, h.local ? " (its own "
			    "address kept)" : " from ", h.local ? "" :
			    c->label);
	} else
		msg_warnx("connection from %s: no valid PROXY header: %s",
		    real, why);
	return server_late_admit(c, so, ok);
}

/*
 * The server's serve hook with --accept-proxy-protocol: the header,
 * then what serves the connection without it (ls->pp_next).
 */
int
lpp_serve(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;

	if (lpp_take(ls, ls->so, ls->so->proxy_ms, c) != 1)
		return EXIT_FAIL;
	return ls->pp_next(c, arg);
}

/*
 * -e/-c straight on the connection, once its header is read: this child
 * becomes the program, as lserve_spawn's would be, its environment
 * naming the header's client.
 */
int
lpp_exec(struct server_conn *c, void *arg)
{
	struct lserve *ls = arg;

	if (exec_env_set(&ls->env, c->fd, c->addr, c->port,
	    (const struct sockaddr *)&c->dst, c->dstlen) == -1) {
		msg_warn("connection from %s", c->label);
		return EXIT_FAIL;
	}
	(void)exec_exec(c->fd, ls->prog, ls->env.envp, ls->spawn_flags);
	msg_warn("%s", ls->prog[0]);
	return EXIT_FAIL;
}
