/*
 * cmd/connect/connect_ws.c: connect ws:// and wss://: the upgrade within -w, then
 * the messages (ws_relay: the WebSocket layer under net/relay.c) and the
 * exit status their end calls for: 0 when the server closed with 1000 or
 * 1001 (or with no code), else 1 with one line that says what ended it.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/connect/connect_ws.h"
#include "net/relay.h"
#include "parse/ws.h"
#include "util/base.h"
#include "util/clock.h"
#include "util/sig.h"
#include "ws/ws.h"

static volatile sig_atomic_t ws_stop;

/* -v: each thing the relay tells, as a line of ours */
static void
ws_note(void *arg, const char *line)
{
	const struct connect_ws *w = arg;

	msg_warnx("%s: %s", w->url_arg, line);
}

int
connect_ws_session(struct conn *ep, const struct connect_ws *w)
{
	struct ws_client_opts co;
	struct relay_opts ro;
	struct ws_opts wo;
	struct ws_info info;
	struct ws_end end;
	struct ws_conn *c;
	char err[SK_ERRLEN];
	int rc;

	if ((c = ws_conn_new(ep, 1)) == NULL) {
		msg_warn("%s", w->url_arg);
		return EXIT_FAIL;
	}
	memset(&co, 0, sizeof(co));
	co.url = &w->url;
	co.headers = w->headers;
	co.nheaders = w->nheaders;
	co.protocols = w->protocols;
	co.no_deflate = w->no_deflate;
	co.deadline = w->timeout_ms > 0 ? mono_ms() + w->timeout_ms : -1;
	if (ws_client_handshake(c, &co, &info, err) == -1) {
		msg_warnx("%s: %s", w->url_arg, err);
		ws_conn_free(c);
		return EXIT_FAIL;
	}
	if (w->verbose) {
		msg_warnx("%s: %d %s%s%s", w->url_arg, info.status,
		    info.reason, info.protocol[0] ? ", subprotocol " : "",
		    info.protocol);
		if (w->protocols != NULL && info.protocol[0] == '\0')
			msg_warnx("%s: the server chose no subprotocol",
			    w->url_arg);
		if (info.extensions[0] != '\0' || info.ext_note[0] != '\0')
			msg_warnx("%s: %s", w->url_arg, info.extensions[0] ?
			    info.extensions : info.ext_note);
	}
	relay_opts_init(&ro);
	ro.idle_ms = w->idle_ms;
	ro.quit_ms = w->quit_ms;
	ws_opts_init(&wo);
	wo.binary = w->binary;
	wo.ping_ms = w->ping_ms;
	wo.max_message = (uint64_t)w->max_message;
	if (w->verbose) {
		wo.note = ws_note;
		wo.note_arg = (void *)(uintptr_t)w;
	}
	/* -z: the upgrade was the check; a Close of our own ends it */
	if (w->check_only) {
		if ((ro.in_fd = open("/dev/null", O_RDONLY)) == -1) {
			msg_warn("/dev/null");
			ws_conn_free(c);
			return EXIT_FAIL;
		}
		ro.quit_ms = w->timeout_ms > 0 ? w->timeout_ms : 1000;
	} else
		ro.no_stdin = w->no_stdin;
	/* Ctrl-C, SIGTERM: Close 1001 and its bounded handshake, then the
	 * signal's own end.  Caught only once the self-pipe is there: one
	 * caught without it never reaches the relay, which goes on. */
	if ((ro.stop_fd = sig_stop_fd()) != -1)
		sig_stop_catch(&ws_stop);
	rc = ws_relay(c, &ro, &wo, &end, err);
	if (ws_stop != 0) {
		ws_conn_free(c);
		(void)signal((int)ws_stop, SIG_DFL);
		(void)raise((int)ws_stop);
		return EXIT_FAIL;
	}
	if (w->check_only)
		(void)close(ro.in_fd);
	ws_conn_free(c);
	if (rc == -1) {
		if (err[0] != '\0')
			msg_warnx("%s: %s", w->url_arg, err);
		return EXIT_FAIL;
	}
	if (end.peer_code == -1 || ws_close_clean(end.peer_code))
		return EXIT_OK;
	msg_warnx("%s: closed by the server: %d%s%s", w->url_arg,
	    end.peer_code, end.peer_reason[0] ? " " : "", end.peer_reason);
	return EXIT_FAIL;
}
