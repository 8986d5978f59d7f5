/*
 * scan/vscan.c: service and version detection, -sV (scan/vscan.h): a
 * poll loop of its own over the probes' connections, run after the port
 * scan on the ports it found open.  Each connection is a stack (net/
 * conn.h) so that a probe inside TLS reads and writes as one outside it.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/conn.h"
#include "net/net.h"
#include "net/proxy_dial.h"
#include "net/proxy_udp.h"
#include "net/stack.h"
#include "net/starttls_io.h"
#include "parse/starttls.h"
#include "parse/svcdb.h"
#include "parse/tlsfields.h"
#include "scan/vscan.h"
#include "tls/tls_probe.h"
#include "util/base.h"
#include "util/clock.h"

#define VS_PLAN	64	/* probes a port may get */

enum { PH_CONN, PH_HS, PH_SEND, PH_READ };

/* A target's progress. */
struct vt {
	unsigned char	 plan[VS_PLAN];
	int		 np, next, active;
	struct vt	*lead;		/* its host's first target */
	int		 hact;		/* a lead's: its host's connections */
	int		 null_open;	/* the greeting's wait: nothing else */
	int		 want_tls, tls_tried, done;
	int		 stls;		/* STARTTLS to try: STLS_P_* + 1;
					 * its connection's, negated */
	long long	 end;
	unsigned long long sent[2];	/* probes sent: plain, in TLS */
};

struct vslot {
	int		 used, fd, t, probe, tls, phase;
	int		 stls;		/* STARTTLS: 1 to push, 2 pushed */
	int		 excl;		/* its port's only probe till it ends */
	int		 pxu;		/* UDP through --proxy: on pu */
	size_t		 sent, len;
	long long	 deadline;
	struct conn	 cn;
	struct proxy_udp pu;
	unsigned char	*buf;
};

struct vs {
	const struct vs_config *c;
	struct vs_target *t;
	struct vt	*v;
	size_t		 n;
	struct vslot	*s;
	struct pollfd	*pfd;
	int		 ns, nact;
	int		 hs, null;	/* the handshake's and greeting's probes */
};

static int
wait_of(const struct vs *vs, int p)
{
	return vs->c->wait_ms > 0 ? vs->c->wait_ms : vs->c->db->p[p].wait_ms;
}

/* Target i's probes, in the order they go: in TLS, those marked for it. */
static void
plan_make(struct vs *vs, size_t i, int tls)
{
	const struct svcdb *db = vs->c->db;
	struct vt *v = &vs->v[i];
	const struct vs_target *t = &vs->t[i];
	unsigned int port = t->port;
	size_t k;
	int r, listed;

	v->np = v->next = 0;
	if (port >= 9100 && port <= 9107)
		return;
	if (!t->udp && !tls && vs->null >= 0)
		v->plan[v->np++] = (unsigned char)vs->null;
	for (r = 0; r <= vs->c->intensity; r++)
		for (k = 0; k < db->np && v->np < VS_PLAN; k++) {
			listed = svc_port_in(db->p[k].ports, port);
			if ((int)k == vs->null || db->p[k].udp != t->udp ||
			    (r == 0 ? !listed : listed || db->p[k].rarity != r) ||
			    (tls && !(db->p[k].flags & SVC_T_TLS)) ||
			    ((int)k == vs->hs && (tls || vs->c->tlsx == NULL)))
				continue;
			v->plan[v->np++] = (unsigned char)k;
		}
}

static void
slot_close(struct vs *vs, struct vslot *s)
{
	conn_free(&s->cn);
	if (s->pxu)
		proxy_udp_close(&s->pu);
	else if (s->fd >= 0)
		(void)close(s->fd);
	free(s->buf);
	s->buf = NULL;
	s->used = 0;
	if (s->excl)
		vs->v[s->t].null_open = 0;
	vs->v[s->t].lead->hact--;
	vs->v[s->t].active--;
	vs->nact--;
}

/* Target i is done: its connections closed. */
static void
target_done(struct vs *vs, int i)
{
	int k;

	vs->v[i].done = 1;
	for (k = 0; k < vs->ns; k++)
		if (vs->s[k].used && vs->s[k].t == i)
			slot_close(vs, &vs->s[k]);
}

/* Did slot s read its probe back, whole? */
static int
echoed(const struct vs *vs, const struct vslot *s)
{
	const struct svc_probe *p = &vs->c->db->p[s->probe];

	return p->len > 0 && s->len == p->len && memcmp(s->buf, p->data,
	    p->len) == 0;
}

/* Slot s's probe is over: an echo named, the slot closed. */
static void
probe_end(struct vs *vs, struct vslot *s)
{
	const struct svc_probe *p = &vs->c->db->p[s->probe];
	struct vs_target *t = &vs->t[s->t];

	if (echoed(vs, s) && t->state < 2) {
		memset(&t->hit, 0, sizeof(t->hit));
		snprintf(t->hit.svc, sizeof(t->hit.svc), "echo");
		t->state = 2;
		t->probe = p->name;
		target_done(vs, s->t);
		return;
	}
	slot_close(vs, s);
}

/* What slot s read so far, matched.  Returns 1 when its target is done. */
static int
answer(struct vs *vs, struct vslot *s)
{
	struct vs_target *t = &vs->t[s->t];
	struct vt *v = &vs->v[s->t];
	struct svc_hit h;
	int m;

	if ((m = svc_match(vs->c->db, (size_t)s->probe, s->buf, s->len,
	    &h)) == 0 || m < t->state)
		return 0;
	if (m == 2 && strcmp(h.svc, "ssl") == 0) {
		v->want_tls = !t->tls;
		return 0;
	}
	if (m == 1 && t->state == 1)
		return 0;
	t->hit = h;
	t->state = m;
	t->probe = vs->c->db->p[s->probe].name;
	v->stls = vs->hs >= 0 && vs->c->tlsx != NULL && !t->tls && !t->udp ?
	    svc_starttls(vs->c->db, h.svc) + 1 : 0;
	if (m == 2) {
		target_done(vs, s->t);
		/* no probe more, but STARTTLS's connection */
		v->done = v->stls == 0;
		v->next = v->np;
	}
	return m == 2;
}

/* Slot s's probe goes out: its payload, or straight to its answer. */
static void
probe_begin(struct vs *vs, struct vslot *s, long long now)
{
	s->sent = 0;
	s->phase = vs->c->db->p[s->probe].len > 0 ? PH_SEND : PH_READ;
	s->deadline = now + wait_of(vs, s->probe);
	vs->v[s->t].sent[s->tls != 0] |= 1ULL << s->probe;
}

/* The probe target i sends next, or -1 for none now. */
static int
pick(struct vs *vs, size_t i)
{
	struct vt *v = &vs->v[i];
	int p;

	if (v->want_tls && !v->tls_tried && vs->hs >= 0 &&
	    vs->c->tlsx != NULL && !vs->t[i].tls) {
		v->tls_tried = 1;
		return vs->hs;
	}
	while (v->next < v->np) {
		p = v->plan[v->next++];
		if (p == vs->hs && (v->tls_tried || vs->t[i].tls))
			continue;
		if (v->sent[vs->t[i].tls] & (1ULL << p))
			continue;
		if (p == vs->hs)
			v->tls_tried = 1;
		return p;
	}
	/* the probes over: STARTTLS's connection, the last */
	if (v->stls > 0 && v->active == 0 && !vs->t[i].tls) {
		v->stls = -v->stls;
		return vs->hs;
	}
	return -1;
}

/* t's address and port as text, for the proxy.  0 or -1. */
static int
target_text(const struct vs_target *t, char *host, char *port)
{
	int pn;

	if (net_addr_str((const struct sockaddr *)&t->a.ss, t->a.len, host,
	    SK_HOSTLEN, &pn) == -1)
		return -1;
	snprintf(port, 8, "%u", t->port);
	return 0;
}

/*
 * UDP through --proxy: an association of s's own (net/proxy_udp.c, as
 * connect -u's), its header naming t: what the relay sends back naming
 * another address or port is not the probe's answer.  Its fd, or -1.
 */
static int
udp_via(struct vs *vs, struct vslot *s, const struct vs_target *t)
{
	struct net_opts o;
	char host[SK_HOSTLEN], port[8], err[SK_ERRLEN];

	net_opts_init(&o);
	o.timeout_ms = VS_CONNECT_MS;
	if (target_text(t, host, port) == -1 || proxy_udp_open(&s->pu,
	    vs->c->px, host, port, &o, err) == -1)
		return -1;
	s->pxu = 1;
	return s->pu.fd;
}

/* A connection for target i's probe p.  0, 1 when out of descriptors. */
static int
slot_start(struct vs *vs, size_t i, int p, long long now)
{
	const struct vs_config *c = vs->c;
	struct vs_target *t = &vs->t[i];
	const struct scan_addr *a, *src;
	struct vslot *s;
	int k, fd;

	for (k = 0; k < vs->ns && vs->s[k].used; k++)
		;
	if (k == vs->ns)
		return 1;
	s = &vs->s[k];
	memset(s, 0, sizeof(*s));
	/* the proxy failed: the probe is over, the next tries again */
	if (t->udp && c->px != NULL) {
		if ((fd = udp_via(vs, s, t)) == -1)
			return 0;
	} else if ((fd = net_socket(t->a.ss.ss_family, t->udp ? SOCK_DGRAM :
	    SOCK_STREAM, 1)) == -1)
		return 1;
	s->used = 1;
	s->fd = fd;
	s->t = (int)i;
	s->probe = p;
	s->tls = t->tls || p == vs->hs;
	s->stls = p == vs->hs && vs->v[i].stls < 0;
	s->phase = PH_CONN;
	s->deadline = now + VS_CONNECT_MS;
	conn_init(&s->cn, fd);
	vs->v[i].lead->hact++;
	vs->v[i].active++;
	vs->nact++;
	if ((s->buf = malloc(VS_CAP)) == NULL) {
		slot_close(vs, s);
		return 1;
	}
	/* the greeting, and a handshake that changes what follows, alone */
	if (p == vs->null || p == vs->hs)
		vs->v[i].null_open = s->excl = 1;
	if (s->pxu) {
		(void)conn_push(&s->cn, &proxy_udp_layer, &s->pu);
		probe_begin(vs, s, now);
		return 0;
	}
	a = c->px != NULL ? c->pxa : &t->a;
	src = a->ss.ss_family == AF_INET ? c->src4 : c->src6;
	if (src != NULL && bind(fd, (const struct sockaddr *)&src->ss,
	    src->len) == -1) {
		slot_close(vs, s);
		return 0;
	}
	if (connect(fd, (const struct sockaddr *)&a->ss, a->len) == 0 &&
	    t->udp)
		probe_begin(vs, s, now);
	else if (errno != EINPROGRESS && errno != EINTR) {
		t->gone = errno == ECONNREFUSED;
		slot_close(vs, s);
		if (t->gone)
			target_done(vs, (int)i);
	}
	return 0;
}

/* TLS's handshake on s's stack, above what is there.  0 or -1. */
static int
tls_push(struct vs *vs, struct vslot *s)
{
	struct tls_conn *tc;
	char err[SK_ERRLEN];

	s->tls = 2;	/* pushed */
	return (tc = tls_probe_conn(vs->c->tlsx, s->fd, NULL, err)) == NULL ||
	    stack_push_tls_hs(&s->cn, tc, err) == -1 ? -1 : 0;
}

/* STARTTLS's dialogue for s's port, on s's stack.  0 or -1. */
static int
stls_push(struct vs *vs, struct vslot *s)
{
	struct starttls_opts o;
	char err[SK_ERRLEN];

	s->stls = 2;	/* pushed */
	memset(&o, 0, sizeof(o));
	/* tried: said in the port's record from here on */
	o.proto = -vs->v[s->t].stls - 1;
	vs->t[s->t].stls = starttls_proto_name(o.proto);
	/* EHLO's name our address; xmpp's domain the one the probe asks */
	o.name = o.proto == STLS_P_XMPP ? "localhost" : NULL;
	return starttls_push(&s->cn, &o, err);
}

/* --proxy: its handshake for s's port, on s's stack.  0 or -1. */
static int
proxy_push(struct vs *vs, struct vslot *s)
{
	const struct vs_target *t = &vs->t[s->t];
	struct proxy_tunnel tun;
	char host[SK_HOSTLEN], port[8], err[SK_ERRLEN];

	if (target_text(t, host, port) == -1)
		return -1;
	memset(&tun, 0, sizeof(tun));
	tun.px = vs->c->px;
	tun.host = host;
	tun.port = port;
	return stack_push_proxy(&s->cn, &tun, err);
}

static void hs_step(struct vs *, struct vslot *, long long);

/*
 * The connect came: the proxy's handshake, STARTTLS's and TLS's (hs_step
 * pushes them), or the probe.
 */
static void
connected(struct vs *vs, struct vslot *s, long long now)
{
	struct vs_target *t = &vs->t[s->t];
	socklen_t sl = sizeof(int);
	int e = 0;

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &e, &sl) == -1 || e != 0) {
		t->gone = e == ECONNREFUSED;
		if (t->gone)
			target_done(vs, s->t);
		else
			slot_close(vs, s);
		return;
	}
	if (vs->c->px != NULL && proxy_push(vs, s) == -1) {
		slot_close(vs, s);
		return;
	}
	if (vs->c->px == NULL && !s->tls) {
		probe_begin(vs, s, now);
		return;
	}
	s->phase = PH_HS;
	s->deadline = now + VS_CONNECT_MS;
	hs_step(vs, s, now);
}

/* The handshake one step on. */
static void
hs_step(struct vs *vs, struct vslot *s, long long now)
{
	static struct tls_fields f;
	static char text[TLSF_TEXT_MAX];
	struct vs_target *t = &vs->t[s->t];
	char err[SK_ERRLEN];
	int rc;

	/* STARTTLS's failure (once pushed), in the dialogue's words, for -v */
	if ((rc = conn_step(&s->cn, s->stls == 2 ? t->why : err)) > 0) {
		vs->pfd[s - vs->s].events = (short)rc;
		return;
	}
	if (rc == -1) {
		slot_close(vs, s);
		return;
	}
	/* the next layer up, once those below are done: STARTTLS, TLS */
	if (s->stls == 1 || s->tls == 1) {
		if ((s->stls == 1 ? stls_push(vs, s) : tls_push(vs, s)) == -1)
			slot_close(vs, s);
		else
			hs_step(vs, s, now);
		return;
	}
	if (s->probe != vs->hs) {
		probe_begin(vs, s, now);
		return;
	}
	/* TLS found: its names, and the probes again inside it */
	t->tls = !s->stls;
	tls_probe_fields(conn_tls(&s->cn), 0, &f);
	if (tlsf_text(&f, TLSF_OG, text, sizeof(text)) > 0) {
		text[sizeof(t->cert) - 1] = '\0';
		memcpy(t->cert, text, sizeof(t->cert));
	}
	/* STARTTLS: its names are all it was for */
	if (s->stls) {
		target_done(vs, s->t);
		return;
	}
	plan_make(vs, (size_t)s->t, 1);
	s->probe = vs->null;
	s->excl = 1;
	probe_begin(vs, s, now);
}

/* Room to send: the payload on. */
static void
send_step(struct vs *vs, struct vslot *s, long long now)
{
	const struct svc_probe *p = &vs->c->db->p[s->probe];
	ssize_t n;

	n = conn_write(&s->cn, p->data + s->sent, p->len - s->sent);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		probe_end(vs, s);
		return;
	}
	if ((s->sent += (size_t)n) == p->len) {
		s->phase = PH_READ;
		s->deadline = now + wait_of(vs, s->probe);
	}
}

/* Readable: what came is read and matched; the end ends the probe. */
static void
read_step(struct vs *vs, struct vslot *s)
{
	ssize_t n;
	size_t was = s->len;
	int end = 0;

	for (;;) {
		n = conn_read(&s->cn, s->buf + s->len, VS_CAP - s->len);
		if (n > 0) {
			s->len += (size_t)n;
			vs->t[s->t].answered = 1;
			if (s->len < VS_CAP && !vs->t[s->t].udp)
				continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR ||
		    (errno == ECONNREFUSED && s->pxu)))
			/* through a relay a refusal is the relay's ICMP
			 * (dante's, for a datagram before its socket is
			 * up), not the port's */
			break;
		else if (n < 0 && errno == ECONNREFUSED && vs->t[s->t].udp) {
			vs->t[s->t].gone = 1;
			target_done(vs, s->t);
			return;
		}
		end = 1;
		break;
	}
	if (s->len > was && answer(vs, s))
		return;
	/* the probe back, whole: an echo, no need to wait for more */
	if (end || echoed(vs, s))
		probe_end(vs, s);
}

/*
 * Slot s's time is up: a greeting that never came carries the next
 * probe on the same connection, else the probe is over.
 */
static void
timed_out(struct vs *vs, struct vslot *s, long long now)
{
	struct vt *v = &vs->v[s->t];
	int p;

	if (s->phase == PH_READ && s->probe == vs->null && s->len == 0 &&
	    !s->tls && v->next < v->np && v->plan[v->next] != vs->hs) {
		p = pick(vs, (size_t)s->t);
		v->null_open = s->excl = 0;
		if (p >= 0) {
			s->probe = p;
			probe_begin(vs, s, now);
			return;
		}
	}
	if (s->stls == 2)
		conn_timeout(&s->cn, vs->t[s->t].why);
	probe_end(vs, s);
}

static void
slot_step(struct vs *vs, struct vslot *s, short rev, long long now)
{
	if (rev != 0 && s->phase == PH_CONN)
		connected(vs, s, now);
	else if (rev != 0 && s->phase == PH_HS)
		hs_step(vs, s, now);
	else if (rev != 0 && s->phase == PH_SEND)
		send_step(vs, s, now);
	else if (rev != 0)
		read_step(vs, s);
	if (s->used && s->phase == PH_SEND && s->sent == 0)
		send_step(vs, s, now);
	if (s->used && s->deadline <= now)
		timed_out(vs, s, now);
}

/* New probes, round the targets, within the window. */
static void
fill(struct vs *vs, long long now)
{
	struct vt *v;
	size_t i;
	int p, more = 1;

	while (more && vs->nact < vs->ns) {
		more = 0;
		for (i = 0; i < vs->n && vs->nact < vs->ns; i++) {
			v = &vs->v[i];
			if (v->done || v->null_open || v->active >= VS_PAR ||
			    v->lead->hact >= vs->c->host_max ||
			    now >= v->end || (p = pick(vs, i)) < 0)
				continue;
			/* again, once one is free (a handshake is not: its
			 * plan's place may be past a probe not to be sent) */
			if (slot_start(vs, i, p, now) == 1) {
				v->next -= p != vs->hs;
				return;
			}
			more = 1;
		}
	}
}

static int
probe_named(const struct svcdb *db, const char *name)
{
	size_t k;

	for (k = 0; k < db->np; k++)
		if (strcmp(db->p[k].name, name) == 0)
			return (int)k;
	return -1;
}

int
vscan_run(const struct vs_config *c, struct vs_target *t, size_t n,
    char *err)
{
	static volatile sig_atomic_t never;
	volatile sig_atomic_t *stop = c->stop != NULL ? c->stop : &never;
	struct vs vs;
	long long now, due;
	size_t i;
	int k, busy, rc = -2;

	memset(&vs, 0, sizeof(vs));
	vs.c = c;
	vs.t = t;
	vs.n = n;
	vs.ns = c->window;
	vs.null = probe_named(c->db, "null");
	vs.hs = probe_named(c->db, "tls");
	if ((vs.v = calloc(n + 1, sizeof(*vs.v))) == NULL ||
	    (vs.s = calloc((size_t)vs.ns, sizeof(*vs.s))) == NULL ||
	    (vs.pfd = calloc((size_t)vs.ns, sizeof(*vs.pfd))) == NULL)
		goto out;
	rc = 0;
	now = mono_ms();
	for (i = 0; i < n; i++) {
		plan_make(&vs, i, 0);
		vs.v[i].end = now + VS_PORT_MS;
		/* a host's ports are together (vscan_keep sorts them) */
		vs.v[i].lead = i > 0 && t[i].host == t[i - 1].host ?
		    vs.v[i - 1].lead : &vs.v[i];
	}
	for (;;) {
		now = mono_ms();
		if (*stop == 0)
			fill(&vs, now);
		due = now + 100;
		for (k = 0, busy = 0; k < vs.ns; k++) {
			vs.pfd[k].fd = vs.s[k].used ? vs.s[k].fd : -1;
			vs.pfd[k].revents = 0;
			if (!vs.s[k].used)
				continue;
			busy = 1;
			if (vs.s[k].phase != PH_HS)
				vs.pfd[k].events = vs.s[k].phase == PH_READ ?
				    POLLIN : POLLOUT;
			if (vs.s[k].deadline < due)
				due = vs.s[k].deadline;
			if (vs.s[k].phase == PH_READ &&
			    conn_pending(&vs.s[k].cn) > 0)
				due = now;
		}
		if (!busy || *stop != 0)
			break;
		if (poll(vs.pfd, (nfds_t)vs.ns, (int)(due > now ? due - now :
		    0)) == -1 && errno != EINTR) {
			snprintf(err, SK_ERRLEN, "-sV: poll: %s",
			    strerror(errno));
			rc = -1;
			break;
		}
		now = mono_ms();
		for (k = 0; k < vs.ns; k++)
			if (vs.s[k].used)
				slot_step(&vs, &vs.s[k], vs.pfd[k].revents |
				    (vs.s[k].phase == PH_READ &&
				    conn_pending(&vs.s[k].cn) > 0 ? POLLIN :
				    0), now);
	}
	/* what a stop left with a probe to go or out is not done */
	for (i = 0; i < n; i++)
		t[i].done = *stop == 0 ||
		    vs.v[i].done || (vs.v[i].next >= vs.v[i].np &&
		    vs.v[i].active == 0);
	for (k = 0; k < vs.ns; k++)
		if (vs.s[k].used)
			slot_close(&vs, &vs.s[k]);
out:
	free(vs.pfd);
	free(vs.s);
	free(vs.v);
	return rc;
}
