/*
 * http/sched.c: the engine's transfer scheduler (engine.h says what the
 * engine does).  A transfer waits in the pending list, in the order the
 * caller handed it over (or at the front when it goes again), until a
 * connection to its host can take it: an idle one, a new one within
 * the limits, or, when pipelining, the least loaded one with room.  A
 * connection holds its transfers in the order their requests go out;
 * the first is the one whose response is being read.  One poll(2)
 * waits for every connection, and for the timers: -m per transfer, the
 * connect timeout and the next Happy Eyeballs attempt per opening
 * connection, the idle timeout, --limit-rate's pauses, a retry's start.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/engine.h"
#include "http/engine_int.h"
#include "net/net.h"
#include "parse/dialmap.h"
#include "util/base.h"
#include "util/clock.h"

#define PFD_SPARE	64	/* poll entries past one per connection */

/* Transfers from the caller while there is room to hold them. */
static int
pull(struct httpm *m)
{
	struct httpm_req rq;
	struct url *redir;
	struct mx *x;
	int cap = m->o.max_conns * m->o.depth + m->o.max_conns, i;

	while (!m->dry && m->npend < cap) {
		memset(&rq, 0, sizeof(rq));
		if (m->h.next == NULL || m->h.next(m->h.arg, &rq) != 1) {
			m->dry = 1;
			break;
		}
		if ((x = mx_get(m)) == NULL)
			return -1;
		redir = x->redir;
		memset(x, 0, sizeof(*x));
		x->redir = redir;
		x->id = rq.id;
		x->url = rq.url;
		x->origin = rq.origin != NULL ? rq.origin : rq.url;
		x->px = rq.proxy;
		/*
		 * SOCKS always tunnels; an http:// proxy when asked, or when
		 * --connect-to sends the connection elsewhere (curl's)
		 */
		x->tunnel = rq.proxy != NULL && (rq.proxy->kind != PROXY_HTTP ||
		    rq.tunnel || (m->o.http->dialmap != NULL &&
		    dialmap_connto(m->o.http->dialmap, rq.url->host,
		    rq.url->port_num) != NULL));
		/* a --next group follows: the connection is kept for it */
		x->keep_alive = rq.keep_alive || m->o.carry;
		x->resume = rq.resume;
		x->not_before = rq.not_before;
		x->deadline = rq.deadline;
		x->referer = rq.referer;
		for (i = 0; i < rq.nfields && i < HTTPM_FIELDS; i++)
			x->fields[x->nfields++] = rq.fields[i];
		x->auth = rq.auth;
		x->pauth = rq.pauth;
		x->res.next = &m->redir;
		if ((x->host = host_of(m, x)) == -1) {
			x->next = m->freex;
			m->freex = x;
			return -1;
		}
		list_add(&m->pend, &m->ptail, x);
		m->npend++;
	}
	return 0;
}

/* x takes a connection: -m counts from now, unless it goes on. */
static void
start_clock(struct httpm *m, struct mx *x, long long now)
{
	if (x->deadline == 0)
		x->deadline = m->o.http->max_ms > 0 ? now +
		    m->o.http->max_ms : -1;
}

/*
 * Connections to h at most.  -Z's default opens many only where the
 * round trip is long: there the handshakes of many pay for themselves
 * (200 small files over a 40 ms round trip: 0.3 s with 50, 1.6 s with
 * 6), while near (loopback, a LAN) they cost CPU and the few kept busy
 * do better.  Until one has connected the round trip is unknown: a few
 * first, then the rest, as curl opens one first.
 */
static int
host_cap(const struct httpm *m, const struct mhost *h)
{
	if (m->o.near_host == 0 || h->rtt_us >= HTTPM_FAR_US ||
	    m->o.near_host > m->o.max_host)
		return m->o.max_host;
	return m->o.near_host;
}

/*
 * Room for x on a connection: an idle one to its host, a new one, or
 * (pipelining) the least busy one with room.  1 placed (or ended while
 * opening a connection for it), 0 not now.
 */
static int
place(struct httpm *m, struct mx *x, long long now)
{
	struct mhost *h = &m->hosts[x->host];
	struct mconn *c, *best = NULL, *idle = NULL;
	int i, depth = h->nopipe ? 1 : m->o.depth;

	for (i = 0; i < m->o.max_conns; i++) {
		if ((c = m->conns[i]) == NULL || c->closing)
			continue;
		if (c->host != x->host) {
			if (c->nq == 0 && idle == NULL)
				idle = c;
			continue;
		}
		if (c->nq == 0) {
			best = c;
			break;
		}
		if (c->nq < depth && (best == NULL || c->nq < best->nq))
			best = c;
	}
	if ((best == NULL || best->nq > 0) && h->nconns < host_cap(m, h)) {
		if (m->nconns == m->o.max_conns && idle != NULL)
			mconn_close(m, idle);	/* a host no one waits for */
		if (m->nconns < m->o.max_conns) {
			if ((c = mconn_new(m, x->host)) == NULL)
				return -1;
			start_clock(m, x, now);
			list_add(&c->q, &c->qtail, x);
			c->nq++;
			(void)open_begin(m, c);
			return 1;
		}
	}
	if (best == NULL)
		return 0;
	start_clock(m, x, now);
	list_add(&best->q, &best->qtail, x);
	best->nq++;
	best->unsent = 1;	/* assign writes it, with the others placed */
	return 1;
}

/*
 * An idle open connection takes the transfers of one to the same server
 * still opening: no transfer waits on a handshake while a connection to
 * its server is free.  A lost SYN costs a second, so with many
 * connections opening at once the one left behind would hold up its
 * transfer (and, in URL order, those after it) long after the others
 * are done; the connection still opening takes the next transfer that
 * waits, if any, once it is open.  Nothing is written before a
 * connection is open, so the transfers move whole.
 */
static void
steal(struct httpm *m)
{
	struct mconn *c, *o;
	int i, j, idle = 0;

	for (i = 0; i < m->o.max_conns && !idle; i++)
		idle = (c = m->conns[i]) != NULL && c->state == C_OPEN &&
		    c->nq == 0 && !c->closing;
	for (i = 0; idle && i < m->o.max_conns; i++) {
		if ((o = m->conns[i]) == NULL || o->state == C_OPEN ||
		    o->nq == 0)
			continue;
		for (j = 0; j < m->o.max_conns; j++) {
			if ((c = m->conns[j]) == NULL || c->state != C_OPEN ||
			    c->nq > 0 || c->closing || c->host != o->host)
				continue;
			c->q = o->q;
			c->qtail = o->qtail;
			c->nq = o->nq;
			c->unsent = 1;
			o->q = o->qtail = NULL;
			o->nq = 0;
			break;
		}
	}
}

/* The waiting transfers onto connections, in order, as room allows. */
static void
assign(struct httpm *m, long long now)
{
	struct mx *x, *prev = NULL, *nx;
	struct mconn *c;
	int rc, i;

	m->pass++;
	steal(m);
	for (x = m->pend; x != NULL; x = nx) {
		nx = x->next;
		if (x->not_before > now || m->hosts[x->host].full == m->pass) {
			prev = x;
			continue;
		}
		/* off the list first: place may end it, or close others */
		list_cut(&m->pend, &m->ptail, prev, x);
		m->npend--;
		if (x->deadline == 0 && m->h.start != NULL &&
		    m->h.start(m->h.arg, x->id) == 0)
			rc = 2;
		else
			rc = place(m, x, now);
		if (rc != 0) {
			if (rc == 2)
				drop(m, x);
			else if (rc == -1) {
				mx_seterr(x, HTTPC_ERR_CONNECT, "%s",
				    strerror(ENOMEM));
				finish(m, NULL, x);
			}
			nx = prev != NULL ? prev->next : m->pend;
			continue;
		}
		/* back where it was */
		x->next = prev != NULL ? prev->next : m->pend;
		if (prev != NULL)
			prev->next = x;
		else
			m->pend = x;
		if (x->next == NULL)
			m->ptail = x;
		m->npend++;
		m->hosts[x->host].full = m->pass;
		prev = x;
		nx = x->next;
	}
	/* the requests placed, a connection's all in one write */
	for (i = 0; i < m->o.max_conns; i++)
		if ((c = m->conns[i]) != NULL && c->unsent) {
			c->unsent = 0;
			if (c->state == C_OPEN && c->woff == c->wlen)
				(void)mconn_flush(m, c);
		}
}

#define SOONER(t) do { if ((t) > 0 && (next == -1 || (t) < next)) \
	next = (t); } while (0)

/*
 * c's timers: its connect timeout and next dial attempt, its first
 * transfer's -m, the idle timeout, the end of a pause.  The next one
 * due, or -1.
 */
static long long
mconn_timers(struct httpm *m, struct mconn *c, long long now)
{
	const struct httpc_opts *o = m->o.http;
	struct mx *x = c->q;
	long long next = -1, t;

	if (c->state != C_OPEN) {
		if (c->dial_deadline != -1 && now >= c->dial_deadline) {
			open_timeout(m, c);
			return -1;
		}
		SOONER(c->dial_deadline);
		if ((t = open_wake(c)) != -1 && now >= t) {
			if (open_step(m, c, NULL, 0) == -1)
				return -1;
			t = open_wake(c);
		}
		SOONER(t);
	}
	if (x == NULL)
		return next;
	if (x->deadline > 0 && now >= x->deadline) {
		/* curl's "N out of M bytes received" */
		if (c->inbody && c->kind == HTTP_BODY_LENGTH)
			x->res.body_len = x->body + c->left;
		mconn_fail_first(m, c, HTTPC_ERR_TIMEOUT, "operation timed out "
		    "after %d ms", o->max_ms);
		return -1;
	}
	SOONER(x->deadline);
	/* -Y/-y: --limit-rate's pauses count too, as curl's */
	if (o->speed_limit > 0 && c->state == C_OPEN &&
	    (t = speed_check(m, c, now)) != -1) {
		if (t == -2)
			return -1;
		SOONER(t);
	}
	if (c->paused > 0) {
		if (now < c->paused) {
			SOONER(c->paused);
			return next;
		}
		/* a read is due, whether or not poll would say so: TLS may
		 * hold what it read already */
		c->paused = 0;
		c->last_rx = now;
		if (mconn_read(m, c) == -1 || (x = c->q) == NULL)
			return -1;
		if (c->paused > 0)
			SOONER(c->paused);
	}
	if (c->state == C_OPEN && o->idle_ms > 0 && c->paused == 0) {
		t = c->last_rx + o->idle_ms;
		if (now >= t) {
			mconn_fail_first(m, c, HTTPC_ERR_TIMEOUT, "no data for "
			    "%d ms (idle timeout)", o->idle_ms);
			return -1;
		}
		SOONER(t);
	}
	return next;
}

/* The timers that are due run; the next one due, or -1. */
static long long
expire(struct httpm *m, long long now)
{
	struct mx *x, *prev = NULL, *nx;
	struct mconn *c, *nc;
	long long next = -1, t;
	int i;

	for (i = 0; i < m->o.max_conns; i++)
		if (m->conns[i] != NULL &&
		    (t = mconn_timers(m, m->conns[i], now)) != -1)
			SOONER(t);
	/* the ends under way: a quiet peer's bound */
	for (c = m->ends; c != NULL; c = nc) {
		nc = c->next;
		if (now >= conn_close_due(&c->conn) && mconn_end(m, c) == 1)
			continue;
		SOONER(conn_close_due(&c->conn));
	}
	for (x = m->pend; x != NULL; x = nx) {
		nx = x->next;
		if (x->deadline > 0 && now >= x->deadline) {
			list_cut(&m->pend, &m->ptail, prev, x);
			m->npend--;
			mx_seterr(x, HTTPC_ERR_TIMEOUT, "operation timed out "
			    "after %d ms", m->o.http->max_ms);
			finish(m, NULL, x);
			continue;
		}
		if (x->not_before > now)
			SOONER(x->not_before);
		if (x->deadline > 0)
			SOONER(x->deadline);
		prev = x;
	}
	return next;
}
#undef SOONER

/* Room in the poll arrays for n entries.  0, or -1. */
static int
pfd_room(struct httpm *m, int n)
{
	struct pollfd *np;
	struct mconn **nc;

	if (n <= m->npfd)
		return 0;
	n += PFD_SPARE;
	if ((np = realloc(m->pfd, (size_t)n * sizeof(*np))) == NULL)
		return -1;
	m->pfd = np;
	if ((nc = realloc(m->pconn, (size_t)n * sizeof(*nc))) == NULL)
		return -1;
	m->pconn = nc;
	m->npfd = n;
	return 0;
}

/*
 * The ends under way into m->pfd from nfd on, each what its next step
 * waits for.  The count, or -1.
 */
static int
ends_set(struct httpm *m, int nfd)
{
	struct mconn *c;
	struct pollfd *p;

	for (c = m->ends; c != NULL; c = c->next) {
		if (pfd_room(m, nfd + PFD_SPARE) == -1)
			return -1;
		p = &m->pfd[nfd];
		p->fd = c->conn.fd;
		p->events = (short)c->want;
		p->revents = 0;
		m->pconn[nfd++] = c;
	}
	return nfd;
}

/*
 * What each connection waits for, into m->pfd (a connection's entries
 * side by side, m->pconn saying whose).  The count, or -1.
 */
static int
poll_set(struct httpm *m)
{
	struct mconn *c;
	struct pollfd *p;
	int i, k, nfd = 0;

	m->awaiting = 0;
	for (i = 0; i < m->o.max_conns; i++) {
		if ((c = m->conns[i]) == NULL)
			continue;
		if (c->state == C_OPEN && c->q != NULL && !c->inbody &&
		    c->woff == c->wlen && c->paused == 0)
			m->awaiting = 1;
		if (pfd_room(m, nfd + PFD_SPARE) == -1)
			return -1;
		p = &m->pfd[nfd];
		if (c->state != C_OPEN)
			k = open_fds(c, p, m->npfd - nfd);
		else {
			/* a read goes on when readable; TLS may want to
			 * write for it (a key update) */
			p->fd = c->conn.fd;
			p->events = c->paused > 0 ? 0 : POLLIN;
			if ((c->woff < c->wlen && c->want == POLLOUT) ||
			    c->rwant_out)
				p->events |= POLLOUT;
			p->revents = 0;
			k = p->events != 0;
		}
		while (k-- > 0)
			m->pconn[nfd++] = c;
	}
	return ends_set(m, nfd);
}

/* A connection's turn after poll: its entries pfd[0..n). */
static void
mconn_event(struct httpm *m, struct mconn *c, const struct pollfd *pfd, int n)
{
	short rev = pfd[0].revents;

	if (c->state == C_END) {
		(void)mconn_end(m, c);
		return;
	}
	if (c->state != C_OPEN) {
		(void)open_step(m, c, pfd, n);
		return;
	}
	if ((rev & POLLOUT) && mconn_flush(m, c) == -1)
		return;
	if ((rev & (POLLIN | POLLHUP | POLLERR)) ||
	    (c->rwant_out && (rev & POLLOUT))) {
		c->rwant_out = 0;
		(void)mconn_read(m, c);
	}
}

/* Anything under way: a connection with a transfer. */
static int
busy(const struct httpm *m)
{
	int i;

	if (!m->dry || m->npend > 0)
		return 1;
	for (i = 0; i < m->o.max_conns; i++)
		if (m->conns[i] != NULL && m->conns[i]->nq > 0)
			return 1;
	return 0;
}

int
httpm_run(struct httpm *m)
{
	long long now, next;
	int i, j, n, nfd, wait, hit;

	for (;;) {
		m->kick = 0;
		if (pull(m) == -1)
			return -1;
		now = mono_ms();
		assign(m, now);
		if (!busy(m))
			break;
		next = expire(m, now);
		if (m->kick)
			continue;	/* ended: the caller may have more */
		if ((nfd = poll_set(m)) == -1)
			return -1;
		if (nfd == 0 && next == -1) {
			/*
			 * A transfer ended at once, or assign's write found its
			 * kept connection closed by the server and put the
			 * requests back: the next assign dials anew for them
			 */
			if (!m->dry || m->npend > 0)
				continue;
			/* nothing can start: a bug, not a hang */
			errno = EDEADLK;
			return -1;
		}
		now = mono_ms();
		wait = next == -1 ? -1 : next - now > 0 ? (int)(next - now) : 0;
		if ((n = wait_for(m, nfd, wait)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < nfd && n > 0; i = j) {
			/* a connection's entries are side by side */
			for (hit = 0, j = i; j < nfd &&
			    m->pconn[j] == m->pconn[i]; j++)
				hit += m->pfd[j].revents != 0;
			if (hit == 0)
				continue;
			n -= hit;
			mconn_event(m, m->pconn[i], &m->pfd[i], j - i);
		}
	}
	return 0;
}

struct httpm *
httpm_new(const struct httpm_opts *o, const struct httpm_hooks *h)
{
	struct sockaddr_un *sun;
	struct httpm *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->o = *o;
	if (m->o.depth < 1)
		m->o.depth = 1;
	if (m->o.max_host < 1)
		m->o.max_host = 1;
	if (m->o.max_conns < 1)
		m->o.max_conns = 1;
	m->h = *h;
	wait_init(m);
	if (o->http->unix_path != NULL) {
		/* checked to fit by the command (addr_check_unix) */
		sun = (struct sockaddr_un *)&m->uaddr;
		sun->sun_family = AF_UNIX;
		(void)snprintf(sun->sun_path, sizeof(sun->sun_path), "%s",
		    o->http->unix_path);
		m->uai.ai_family = AF_UNIX;
		m->uai.ai_socktype = SOCK_STREAM;
		m->uai.ai_addr = (struct sockaddr *)sun;
		m->uai.ai_addrlen = sizeof(*sun);
	}
	if ((m->conns = calloc((size_t)m->o.max_conns, sizeof(*m->conns))) ==
	    NULL || (m->resp = malloc(sizeof(*m->resp))) == NULL ||
	    (m->req = malloc(m->reqcap = HTTPC_REQSZ)) == NULL ||
	    (m->hdrs = calloc((size_t)o->http->nheaders + HTTPM_FIELDS + 2,
	    sizeof(*m->hdrs))) == NULL ||
	    (m->cookie = malloc(COOKIE_FIELD_MAX + strlen(o->http->cookie !=
	    NULL ? o->http->cookie : "") + 2)) == NULL ||
	    pfd_room(m, m->o.max_conns + PFD_SPARE) == -1) {
		httpm_free(m);
		return NULL;
	}
	carry_adopt(m);
	return m;
}

/*
 * The ends still under way run to their end, each within its bound
 * (conn_close_due): what the engine's loop left, and the connections
 * httpm_free closes, all in one poll.
 */
static void
ends_finish(struct httpm *m)
{
	struct mconn *c, *nc;
	long long now, next;
	int i, nfd;

	while (m->ends != NULL) {
		now = mono_ms();
		next = -1;
		for (c = m->ends; c != NULL; c = nc) {
			nc = c->next;
			if (now >= conn_close_due(&c->conn) &&
			    mconn_end(m, c) == 1)
				continue;
			if (next == -1 || conn_close_due(&c->conn) < next)
				next = conn_close_due(&c->conn);
		}
		/* no room to poll them: the bound alone ends them */
		if ((nfd = ends_set(m, 0)) == -1)
			nfd = 0;
		if (m->ends == NULL || poll(m->pfd, (nfds_t)nfd, next > now ?
		    (int)(next - now) : 0) <= 0)
			continue;
		for (i = 0; i < nfd; i++)
			if (m->pfd[i].revents != 0)
				(void)mconn_end(m, m->pconn[i]);
	}
}

void
httpm_free(struct httpm *m)
{
	struct mx *x;
	int i;

	if (m == NULL)
		return;
	if (m->conns != NULL)
		carry_keep(m);
	for (i = 0; m->conns != NULL && i < m->o.max_conns; i++)
		if (m->conns[i] != NULL) {
			/* answers cut short: nobody wants the rest */
			while ((x = mconn_pop(m->conns[i])) != NULL) {
				m->conns[i]->conn.peer_end = CONN_PEER_GONE;
				decode_free(&x->dec);
				mx_free(x);
			}
			mconn_close(m, m->conns[i]);
		}
	ends_finish(m);
	while ((x = m->pend) != NULL) {
		m->pend = x->next;
		mx_free(x);
	}
	while ((x = m->freex) != NULL) {
		m->freex = x->next;
		mx_free(x);
	}
	for (i = 0; i < m->nhosts; i++)
		if (m->hosts[i].ai_unix)
			free(m->hosts[i].ai);
		else if (m->hosts[i].ai_own)
			net_addr_list_free(m->hosts[i].ai);
		else if (m->hosts[i].ai != NULL)
			freeaddrinfo(m->hosts[i].ai);
	free(m->hosts);
	free(m->conns);
	free(m->resp);
	free(m->req);
	free(m->target);
	free(m->hdrs);
	free(m->cookie);
	free(m->pfd);
	free(m->pconn);
	free(m);
}

int
httpm_limits(struct httpm_opts *mo, int parallel, int pipeline, int par_max,
    int par_host, int all_files)
{
	int one = !parallel && pipeline == 0, w;

	mo->depth = pipeline > 0 ? pipeline : 1;
	/*
	 * --pipeline alone: one connection to each host, pipelined; one at
	 * a time: one connection, kept while the URLs go to its host
	 */
	mo->max_conns = one ? 1 : par_max;
	/* no --parallel-host: as many as --parallel-max, as curl, to a
	   far host */
	mo->max_host = !parallel ? 1 : par_host > 0 ? par_host : par_max;
	mo->near_host = parallel && par_host == 0 ? HTTPM_NEAR_CONNS : 0;
	w = 4 * mo->max_conns * mo->depth;
	w = w < HTTPM_WINDOW_MIN ? HTTPM_WINDOW_MIN : w > HTTPM_WINDOW_MAX ?
	    HTTPM_WINDOW_MAX : w;
	if (one)
		return 1;
	return all_files ? 0 : w;	/* every body to a file: none held */
}
