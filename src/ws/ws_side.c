/*
 * ws/ws_side.c: a WebSocket side of a server's connections as its
 * options set it (ws.h, struct ws_side: listen --ws, --to ws://): the
 * upgrade of a client's endpoint, then its messages relayed to a pair
 * of descriptors or to a second endpoint; the bridge the other way, a
 * client's bytes over a WebSocket connection of their own; and the end
 * of a session as a verdict.  What happens is told to the owner as
 * events (struct ws_side_event), who words them.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/relay.h"
#include "parse/ws.h"
#include "util/base.h"
#include "util/clock.h"
#include "ws/ws.h"

/*
 * How long a program's output may hold our answer to the client's Close
 * back: within the client's own wait for it (WS_CLOSE_MS of silence).
 */
#define WS_PROG_HC_MS	3000

/* What an event of the connection named label needs. */
struct side_say {
	const struct ws_side	*w;
	const char		*label;
};

/*
 * Tell the owner ev, of kind, about the connection label; errno as it
 * is goes with it (WS_SIDE_NOSESS's).
 */
static void
side_tell(const struct ws_side *w, struct ws_side_event *ev, int kind,
    const char *label)
{
	ev->kind = kind;
	ev->label = label;
	ev->error = errno;
	if (w->event != NULL)
		w->event(ev, w->arg);
}

/* An event with no more than a kind and a line. */
static void
side_line(const struct ws_side *w, int kind, const char *label,
    const char *line)
{
	struct ws_side_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.line = line;
	side_tell(w, &ev, kind, label);
}

/* -v: what the relay tells, named by the connection */
static void
side_note(void *arg, const char *line)
{
	const struct side_say *s = arg;

	side_line(s->w, WS_SIDE_NOTE, s->label, line);
}

/* An upgrade's -v event: the server's (UPGRADED) or the onward one's. */
static void
side_info(const struct ws_side *w, int kind, const char *label,
    const struct ws_info *info)
{
	struct ws_side_event ev;

	if (!w->verbose)
		return;
	memset(&ev, 0, sizeof(ev));
	ev.info = info;
	side_tell(w, &ev, kind, label);
}

/*
 * The end of a session: ws_relay's rc, its end and err.  A failure is
 * told; a Close but 1000, 1001 or one without a code (by the client,
 * or the server with server) is a failure too.  Returns 0 or -1.
 */
static int
side_end(const struct ws_side *w, const char *label, int rc,
    const struct ws_end *end, int server, const char *err)
{
	struct ws_side_event ev;

	if (rc == -1) {
		if (err[0] != '\0')
			side_line(w, WS_SIDE_FAILED, label, err);
		return -1;
	}
	if (end->peer_code == -1 || ws_close_clean(end->peer_code))
		return 0;
	memset(&ev, 0, sizeof(ev));
	ev.end = end;
	ev.server = server;
	side_tell(w, &ev, WS_SIDE_CLOSED, label);
	return -1;
}

/* The server's handshake on ep, answering refuse (0: none) with why. */
static int
side_accept(const struct ws_side *w, struct conn *ep, const char *label,
    int refuse, const char *why, struct ws_sess *s)
{
	struct ws_server_opts so;
	struct ws_side_event ev;
	char err[SK_ERRLEN];

	if ((s->c = ws_conn_new(ep, 0)) == NULL) {
		side_line(w, WS_SIDE_NOSESS, label, NULL);
		return -1;
	}
	memset(&so, 0, sizeof(so));
	so.path = w->path;
	so.protocols = w->protocols;
	so.no_deflate = w->no_deflate;
	so.origins = w->origins;
	so.refuse = refuse;
	so.refuse_why = why;
	so.deadline = mono_ms() + w->hs_ms;
	if (ws_server_handshake(s->c, &so, &s->info, err) == -1) {
		/* a client's mistake: told with -v, as a server does */
		if (w->verbose || s->info.status == 0) {
			memset(&ev, 0, sizeof(ev));
			ev.status = s->info.status;
			ev.line = err;
			side_tell(w, &ev, WS_SIDE_REFUSED, label);
		}
		ws_conn_free(s->c);
		s->c = NULL;
		return -1;
	}
	side_info(w, WS_SIDE_UPGRADED, label, &s->info);
	return 0;
}

int
ws_side_accept(const struct ws_side *w, struct conn *ep, const char *label,
    struct ws_sess *s)
{
	return side_accept(w, ep, label, 0, NULL, s);
}

int
ws_side_run(const struct ws_side *w, struct ws_sess *s, const char *label,
    int in_fd, int out_fd, struct conn *io, const struct relay_opts *ro)
{
	struct relay_opts io_ro = *ro;
	struct ws_opts wo;
	struct ws_end end;
	struct side_say say = { w, label };
	char err[SK_ERRLEN];
	int rc;

	io_ro.in_fd = in_fd;
	io_ro.out_fd = out_fd;
	io_ro.io_conn = io;
	ws_opts_init(&wo);
	wo.binary = w->binary;
	wo.ping_ms = w->ping_ms;
	wo.max_message = (uint64_t)w->max_message;
	/*
	 * -Q: the client's Close ends it all at once anyway.  A program
	 * (-e, -c) on a socketpair is the client's correspondent: the
	 * client's Close is the end of its input, as a TCP half-close is,
	 * and its answers to the last lines go before our Close, which
	 * follows its end (WS_PROG_HC_MS at most); else a client that sends
	 * its last line and its Close at once loses the answer whenever
	 * both come before the program has written it (issue 55)
	 */
	wo.half_close_ms = ro->exit_on_eof ? 0 : w->half_close_ms > 0 ?
	    w->half_close_ms : ro->io_reset_eof ? WS_PROG_HC_MS : 0;
	if (w->verbose) {
		wo.note = side_note;
		wo.note_arg = &say;
	}
	rc = ws_relay(s->c, &io_ro, &wo, &end, err);
	ws_conn_free(s->c);
	s->c = NULL;
	return side_end(w, label, rc, &end, 0, err);
}

int
ws_side_serve(const struct ws_side *w, struct conn *ep, const char *label,
    int in_fd, int out_fd, struct conn *io, const struct relay_opts *ro)
{
	struct ws_sess s;

	memset(&s, 0, sizeof(s));
	if (side_accept(w, ep, label, 0, NULL, &s) == -1)
		return -1;
	return ws_side_run(w, &s, label, in_fd, out_fd, io, ro);
}

void
ws_side_refuse(const struct ws_side *w, const char *label, struct conn *ep,
    const char *why)
{
	struct ws_sess s;

	memset(&s, 0, sizeof(s));
	/* the request read, 502 answered: never an upgrade */
	(void)side_accept(w, ep, label, 502, why, &s);
}

int
ws_side_near(const struct ws_side *w, const char *label, struct conn *cc,
    struct conn *fc, int idle_ms)
{
	struct relay_opts ro;

	relay_opts_init(&ro);
	ro.idle_ms = idle_ms;
	/*
	 * a WebSocket client to a far side, TCP or TLS: messages become
	 * bytes, bytes binary messages; the client's Close ends the far
	 * side's input (close_notify over TLS); the far side's end is our
	 * Close, the client's answer briefly
	 */
	ro.quit_ms = 2000;
	(void)net_set_nonblock(fc->fd, 1);
	return ws_side_serve(w, cc, label, -1, -1, fc, &ro) == 0 ? 0 : 1;
}

/*
 * The client's bytes (cl) over a WebSocket connection on far, the
 * upgrade sent for the URL.  Returns 0, 1 when the session failed, -1
 * when the upgrade did.
 */
static int
side_onward(const struct ws_side *w, const char *label, struct conn *cl,
    struct conn *far, int idle_ms)
{
	struct ws_client_opts co;
	struct relay_opts ro;
	struct ws_opts wo;
	struct ws_info info;
	struct ws_end end;
	struct ws_conn *wc;
	struct side_say say = { w, label };
	char err[SK_ERRLEN];
	int rc;

	if ((wc = ws_conn_new(far, 1)) == NULL) {
		side_line(w, WS_SIDE_NOSESS, label, NULL);
		return -1;
	}
	memset(&co, 0, sizeof(co));
	co.url = &w->to_url;
	co.protocols = w->protocols;
	co.no_deflate = w->no_deflate;
	co.deadline = mono_ms() + w->hs_ms;
	if (ws_client_handshake(wc, &co, &info, err) == -1) {
		side_line(w, WS_SIDE_NOT_FORWARDED, label, err);
		ws_conn_free(wc);
		return -1;
	}
	side_info(w, WS_SIDE_ONWARD, label, &info);
	relay_opts_init(&ro);
	ro.io_conn = cl;
	(void)net_set_nonblock(cl->fd, 1);
	ro.idle_ms = idle_ms;
	/* the client's end: our Close, and the server's answer, briefly */
	ro.quit_ms = 2000;
	ws_opts_init(&wo);
	wo.binary = 1;
	wo.ping_ms = w->ping_ms;
	wo.max_message = (uint64_t)w->max_message;
	if (w->verbose) {
		wo.note = side_note;
		wo.note_arg = &say;
	}
	rc = ws_relay(wc, &ro, &wo, &end, err);
	ws_conn_free(wc);
	return side_end(w, label, rc, &end, 1, err) == 0 ? 0 : 1;
}

int
ws_side_far(const struct ws_side *w, const char *label, struct conn *cc,
    struct conn *fc, int idle_ms, char *why)
{
	int rc;

	if ((rc = side_onward(w, label, cc, fc, idle_ms)) != 0)
		snprintf(why, SK_ERRLEN, rc == -1 ? "the WebSocket upgrade "
		    "onward failed" : "the WebSocket session failed");
	return rc;
}
