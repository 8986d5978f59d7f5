/*
 * serve/lserve.c: listen's modes on the listening socket: the relay
 * mode's one connection, relayed to stdin and stdout (lserve_single),
 * and the program and keep modes' server, each connection given the
 * child the mode asks for (lserve_run).  See serve.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/exec.h"
#include "net/net.h"
#include "net/prefork.h"
#include "net/relay.h"
#include "net/server.h"
#include "parse/addr.h"
#include "proxy/proxy_serve.h"
#include "serve/forward.h"
#include "serve/serve.h"
#include "tls/tls.h"
#include "util/base.h"
#include "ws/ws.h"

int
lserve_single(int lfd, const struct lserve_one *o, struct relay_opts *ro)
{
	const struct lserve *ls = o->ls;
	struct server_conn c;
	struct conn ep;
	char err[SK_ERRLEN], peer[NET_LABELLEN];
	int rc, status = 0;

	/* with --accept-proxy-protocol, its header too (net/server_late.c) */
	rc = server_accept_wait(lfd, o->so, o->accept_ms, &c);
	if (rc == -1) {
		if (errno == ETIMEDOUT)
			lserve_tell(ls, LSERVE_EV_NO_CONN, NULL, NULL, 0,
			    o->accept_ms);
		else
			server_emit(o->so, SERVER_EV_ACCEPT, NULL, 0, errno);
	}
	/* before close: net_unlink_unix needs the socket open */
	if (o->path != NULL)
		(void)net_unlink_unix(o->path, o->path_id);
	close(lfd);
	if (rc == -1)
		return -1;
	/* a UNIX client has no name of its own: call it by our path */
	if (o->path != NULL && c.peer.ss_family == AF_UNIX)
		snprintf(peer, sizeof(peer), "%s", o->path);
	else if (net_addr_label((struct sockaddr *)&c.peer, c.peerlen, peer,
	    sizeof(peer)) == -1)
		snprintf(peer, sizeof(peer), "peer");
	if (ls->verbose)
		server_emit(o->so, SERVER_EV_OPEN, peer, 0, errno);
	ro->peer = peer;
	conn_init(&ep, c.fd);
	/* a failed handshake is said by the hook */
	if (ls->tls != NULL && lserve_tls(ls, &ep, peer, NULL,
	    0) == -1) {
		/* no words of ours on their way: nothing to linger for */
		(void)conn_close(&ep, 0);
		status = -1;
	} else {
		ro->conn = &ep;
		if (ls->ws != NULL)
			status = ws_side_serve(ls->ws, &ep, peer, ro->in_fd,
			    ro->out_fd, NULL, ro) == 0 ? 0 : -1;
		else if (relay_run(c.fd, ro, err) == -1) {
			if (err[0] != '\0')
				lserve_tell(ls, LSERVE_EV_FAILED, peer, err, 0,
				    0);
			status = -1;
		}
		(void)conn_close(&ep, -1);
	}
	if (ls->verbose)
		server_emit(o->so, SERVER_EV_CLOSED, peer, 0, errno);
	return status;
}

int
lserve_run(int lfd, struct server_opts *so, struct lserve *ls, char *err)
{
	int rc;

	if (ls->prog != NULL && exec_env_init(&ls->env) == -1) {
		snprintf(err, SK_ERRLEN, "environment: %s", strerror(errno));
		return -1;
	}
	if (ls->proxy != NULL) {
		so->serve = lserve_proxy;
		pserve_listener(ls->proxy, lfd);
		/* not for -v, --max-per-peer, --accept-proxy-protocol:
		 * one child a connection, to log, to count, to read it */
		prefork_open(ls->prefork, lfd, so);
	}
	else if (ls->to != NULL || ls->to_unix != NULL) {
		forward_resolve(&ls->fwd);
		so->serve = lserve_forward;
		if (forward_loops(&ls->fwd, lfd)) {
			/* a host and port: a UNIX path never loops here */
			snprintf(err, SK_ERRLEN, "--to %.160s port %.32s: the "
			    "listening socket itself", ls->to->host,
			    ls->to->port);
			forward_free(&ls->fwd);
			if (ls->prog != NULL)
				exec_env_free(&ls->env);
			return -1;
		}
	}
	else if (ls->prog == NULL)
		so->serve = lserve_collect;
	else if (ls->idle_ms > 0 || ls->tls != NULL || ls->ws != NULL ||
	    (ls->spawn_flags & EXEC_PTY))
		so->serve = lserve_relay;
	else if (so->proxy_hdr)
		so->serve = lserve_pp_exec;
	else {
		so->spawn = lserve_spawn;
		ls->spawns = 1;
	}
	rc = server_run(lfd, so, err);
	if (ls->proxy != NULL)
		prefork_close(ls->prefork);
	if (ls->prog != NULL)
		exec_env_free(&ls->env);
	forward_free(&ls->fwd);
	/* -e/-c without -k: the program's exit status, for scripts */
	return rc;
}
