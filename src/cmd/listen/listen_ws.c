/*
 * cmd/listen/listen_ws.c: listen --ws and --to ws://, the command's side: their
 * options, and what a WebSocket side (ws/ws_side.c) tells in words.
 * --ws: each connection's upgrade (a plain HTTP request gets 426, a
 * wrong path 404) and its messages relayed as the mode says; --to
 * ws://, the bridge the other way, where each TCP client's bytes go as
 * binary messages over a WebSocket connection of its own and payloads
 * come back as bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/listen/listen.h"
#include "parse/addr.h"
#include "parse/url.h"
#include "parse/ws.h"
#include "util/base.h"
#include "ws/ws.h"

/* A WebSocket side's event (ws/ws_side.c) in words; arg: its struct. */
void
lws_say(const struct ws_side_event *ev, void *arg)
{
	const struct ws_side *w = arg;
	const struct ws_info *in = ev->info;

	switch (ev->kind) {
	case WS_SIDE_NOSESS:
		errno = ev->error;
		msg_warn("connection from %s", ev->label);
		break;
	case WS_SIDE_REFUSED:
		msg_warnx("connection from %s: %s%.0d%s%s", ev->label,
		    ev->status ? "answered " : "", ev->status, ev->status ?
		    ", " : "", ev->line);
		break;
	case WS_SIDE_UPGRADED:
		msg_warnx("connection from %s: WebSocket %s%s%s%s%s%s%s",
		    ev->label, in->target, in->protocol[0] ? ", subprotocol " :
		    "", in->protocol, in->extensions[0] || in->ext_note[0] ?
		    ", " : "", in->extensions[0] ? in->extensions :
		    in->ext_note, in->has_origin ? ", origin " : "",
		    in->origin);
		break;
	case WS_SIDE_NOT_FORWARDED:
		msg_warnx("connection from %s not forwarded: %s: %s",
		    ev->label, w->to_arg, ev->line);
		break;
	case WS_SIDE_ONWARD:
		msg_warnx("connection from %s: WebSocket %s%s%s%s%s", ev->label,
		    w->to_arg, in->protocol[0] ? ", subprotocol " : "",
		    in->protocol, in->extensions[0] || in->ext_note[0] ?
		    ", " : "", in->extensions[0] ? in->extensions :
		    in->ext_note);
		break;
	case WS_SIDE_NOTE:
	case WS_SIDE_FAILED:
		msg_warnx("connection from %s: %s", ev->label, ev->line);
		break;
	case WS_SIDE_CLOSED:
		msg_warnx("connection from %s: closed by the %s: %d%s%s",
		    ev->label, ev->server ? "server" : "client",
		    ev->end->peer_code, ev->end->peer_reason[0] ? " " : "",
		    ev->end->peer_reason);
		break;
	}
}

int
lws_to(struct ws_side *w, const char *arg, struct endpoint *to,
    const char *usage)
{
	char err[SK_ERRLEN], host[SK_HOSTLEN];

	if (ws_url_parse(arg, &w->to_url, err) == -1 ||
	    url_dial_host(&w->to_url, host, sizeof(host)) < 0)
		return cmd_usage(usage, "--to %s: %s", arg, err);
	snprintf(to->host, sizeof(to->host), "%s", host);
	snprintf(to->port, sizeof(to->port), "%s", w->to_url.port);
	w->to_arg = arg;
	return CMD_GO_ON;
}

int
lws_arg(struct ws_side *w, const char *name, const char *arg,
    const char *usage)
{
	if (strcmp(name, "--ws-binary") == 0)
		w->binary = 1;
	else if (strcmp(name, "--ws-no-deflate") == 0)
		w->no_deflate = 1;
	else if (strcmp(name, "--ws-origin") == 0) {
		if (strspn(arg, " ,\t") == strlen(arg))
			return cmd_usage(usage, "--ws-origin %s: not a list "
			    "of origins", arg);
		w->origins = arg;
	} else if (strcmp(name, "--ws-path") == 0) {
		if (arg[0] != '/' || strcspn(arg, " \t\r\n?#") != strlen(arg))
			return cmd_usage(usage, "--ws-path %s: a path starts "
			    "with / and has no spaces, ? or #", arg);
		w->path = arg;
	} else if (strcmp(name, "--ws-protocol") == 0) {
		if (strlen(arg) >= WS_PROTO_MAX || strspn(arg, " ,\t") ==
		    strlen(arg))
			return cmd_usage(usage, "--ws-protocol %s: not a list "
			    "of subprotocols", arg);
		w->protocols = arg;
	}
	return CMD_GO_ON;
}
