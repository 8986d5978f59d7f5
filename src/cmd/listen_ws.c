/*
 * cmd/listen_ws.c: listen --ws, the server side of WebSocket: each
 * connection's upgrade (a plain HTTP request gets 426, a wrong path 404)
 * and its messages relayed as the mode says; and --to ws://, the bridge
 * the other way, where each TCP client's bytes go as binary messages
 * over a WebSocket connection of its own and payloads come back as bytes.
 * Both take endpoints (net/conn.h) whose layers (TLS, or none) carry
 * the bytes; their owners end them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/listen.h"
#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "parse/addr.h"
#include "parse/ws.h"
#include "sockt.h"
#include "util/clock.h"
#include "ws/ws.h"

struct note_to {
	const char	*label;
};

/* -v: what the relay tells, named by the connection */
static void
lws_note(void *arg, const char *line)
{
	const struct note_to *n = arg;

	msg_warnx("connection from %s: %s", n->label, line);
}

/* The end of a session as an exit status, said when it is not normal. */
static int
lws_end(int rc, const struct ws_end *end, const char *label,
    const char *who, const char *err)
{
	if (rc == -1) {
		if (err[0] != '\0')
			msg_warnx("connection from %s: %s", label, err);
		return EXIT_FAIL;
	}
	if (end->peer_code == -1 || end->peer_code == WS_CLOSE_NORMAL ||
	    end->peer_code == WS_CLOSE_AWAY || end->peer_code == WS_CLOSE_NONE)
		return EXIT_OK;
	msg_warnx("connection from %s: closed by the %s: %d%s%s", label, who,
	    end->peer_code, end->peer_reason[0] ? " " : "", end->peer_reason);
	return EXIT_FAIL;
}

int
lws_accept(const struct lws *w, struct conn *ep, const char *label,
    struct lws_sess *s)
{
	struct ws_server_opts so;
	char err[SK_ERRLEN];

	if ((s->c = ws_conn_new(ep, 0)) == NULL) {
		msg_warn("connection from %s", label);
		return EXIT_FAIL;
	}
	memset(&so, 0, sizeof(so));
	so.path = w->path;
	so.protocols = w->protocols;
	so.no_deflate = w->no_deflate;
	so.origins = w->origins;
	so.refuse = s->refuse;
	so.refuse_why = s->refuse_why;
	so.deadline = mono_ms() + w->hs_ms;
	if (ws_server_handshake(s->c, &so, &s->info, err) == -1) {
		/* a client's mistake: said with -v, as a server does */
		if (w->verbose || s->info.status == 0)
			msg_warnx("connection from %s: %s%.0d%s%s", label,
			    s->info.status ? "answered " : "",
			    s->info.status, s->info.status ? ", " : "", err);
		ws_conn_free(s->c);
		s->c = NULL;
		return EXIT_FAIL;
	}
	if (w->verbose)
		msg_warnx("connection from %s: WebSocket %s%s%s%s%s%s%s",
		    label, s->info.target, s->info.protocol[0] ?
		    ", subprotocol " : "", s->info.protocol,
		    s->info.extensions[0] || s->info.ext_note[0] ? ", " : "",
		    s->info.extensions[0] ? s->info.extensions :
		    s->info.ext_note, s->info.has_origin ? ", origin " : "",
		    s->info.origin);
	return EXIT_OK;
}

int
lws_run(const struct lws *w, struct lws_sess *s, const char *label,
    int in_fd, int out_fd, struct conn *io, const struct relay_opts *ro)
{
	struct ws_relay_opts wo;
	struct ws_end end;
	struct note_to nt = { label };
	char err[SK_ERRLEN];
	int rc;

	ws_relay_opts_init(&wo);
	wo.in_fd = in_fd;
	wo.out_fd = out_fd;
	wo.io = io;
	wo.binary = w->binary;
	wo.ping_ms = w->ping_ms;
	wo.max_message = (uint64_t)w->max_message;
	wo.no_stdin = ro->no_stdin;
	wo.quit_ms = ro->quit_ms;
	wo.idle_ms = ro->idle_ms;
	/* -Q: the client's Close ends it all at once anyway */
	wo.half_close_ms = ro->exit_on_eof ? 0 : w->half_close_ms;
	if (w->verbose) {
		wo.note = lws_note;
		wo.note_arg = &nt;
	}
	rc = ws_relay(s->c, &wo, &end, err);
	ws_conn_free(s->c);
	s->c = NULL;
	return lws_end(rc, &end, label, "client", err);
}

int
lws_serve(const struct lws *w, struct conn *ep, const char *label,
    int in_fd, int out_fd, struct conn *io, const struct relay_opts *ro)
{
	struct lws_sess s;

	memset(&s, 0, sizeof(s));
	if (lws_accept(w, ep, label, &s) != EXIT_OK)
		return EXIT_FAIL;
	return lws_run(w, &s, label, in_fd, out_fd, io, ro);
}

void
lws_refuse(const struct lws *w, struct conn *ep, const char *label,
    int status, const char *why)
{
	struct lws_sess s;

	memset(&s, 0, sizeof(s));
	s.refuse = status;
	s.refuse_why = why;
	/* the request read, the status answered: never an upgrade */
	(void)lws_accept(w, ep, label, &s);
}

int
lws_onward(const struct lws *w, const struct server_conn *c, struct conn *cl,
    struct conn *far, int idle_ms)
{
	struct ws_client_opts co;
	struct ws_relay_opts wo;
	struct ws_info info;
	struct ws_end end;
	struct ws_conn *wc;
	struct note_to nt = { c->label };
	char err[SK_ERRLEN];
	int rc;

	if ((wc = ws_conn_new(far, 1)) == NULL) {
		msg_warn("connection from %s", c->label);
		return -1;
	}
	memset(&co, 0, sizeof(co));
	co.url = &w->to_url;
	co.protocols = w->protocols;
	co.no_deflate = w->no_deflate;
	co.deadline = mono_ms() + w->hs_ms;
	if (ws_client_handshake(wc, &co, &info, err) == -1) {
		msg_warnx("connection from %s not forwarded: %s: %s", c->label,
		    w->to_arg, err);
		ws_conn_free(wc);
		return -1;
	}
	if (w->verbose)
		msg_warnx("connection from %s: WebSocket %s%s%s%s%s", c->label,
		    w->to_arg, info.protocol[0] ? ", subprotocol " : "",
		    info.protocol, info.extensions[0] || info.ext_note[0] ?
		    ", " : "", info.extensions[0] ? info.extensions :
		    info.ext_note);
	ws_relay_opts_init(&wo);
	wo.io = cl;
	(void)net_set_nonblock(cl->fd, 1);
	wo.binary = 1;
	wo.ping_ms = w->ping_ms;
	wo.max_message = (uint64_t)w->max_message;
	wo.idle_ms = idle_ms;
	/* the client's end: our Close, and the server's answer, briefly */
	wo.quit_ms = 2000;
	if (w->verbose) {
		wo.note = lws_note;
		wo.note_arg = &nt;
	}
	rc = ws_relay(wc, &wo, &end, err);
	ws_conn_free(wc);
	return lws_end(rc, &end, c->label, "server", err);
}

int
lws_to(struct lws *w, const char *arg, struct endpoint *to,
    const char *usage)
{
	char err[SK_ERRLEN], host[SK_HOSTLEN];

	if (ws_url_parse(arg, &w->to_url, err) == -1 ||
	    url_dial_host(&w->to_url, host, sizeof(host)) < 0)
		return msg_usage(usage, "--to %s: %s", arg, err);
	snprintf(to->host, sizeof(to->host), "%s", host);
	snprintf(to->port, sizeof(to->port), "%s", w->to_url.port);
	w->to_arg = arg;
	return SK_CONTINUE;
}

int
lws_arg(struct lws *w, const char *name, const char *arg, const char *usage)
{
	if (strcmp(name, "--ws-binary") == 0)
		w->binary = 1;
	else if (strcmp(name, "--ws-no-deflate") == 0)
		w->no_deflate = 1;
	else if (strcmp(name, "--ws-origin") == 0) {
		if (strspn(arg, " ,\t") == strlen(arg))
			return msg_usage(usage, "--ws-origin %s: not a list "
			    "of origins", arg);
		w->origins = arg;
	} else if (strcmp(name, "--ws-path") == 0) {
		if (arg[0] != '/' || strcspn(arg, " \t\r\n?#") != strlen(arg))
			return msg_usage(usage, "--ws-path %s: a path starts "
			    "with / and has no spaces, ? or #", arg);
		w->path = arg;
	} else if (strcmp(name, "--ws-protocol") == 0) {
		if (strlen(arg) >= WS_PROTO_MAX || strspn(arg, " ,\t") ==
		    strlen(arg))
			return msg_usage(usage, "--ws-protocol %s: not a list "
			    "of subprotocols", arg);
		w->protocols = arg;
	}
	return SK_CONTINUE;
}
