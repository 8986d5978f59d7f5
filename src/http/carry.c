/*
 * http/carry.c: idle connections carried from one engine to the next,
 * as curl's connection cache outlives a --next group: the next group's
 * requests to the same server by the same way (the host key of pool.c,
 * and --connect-to sending it to the same place, curl's rule) go on
 * them.  A TLS one goes on where the next group's TLS options match
 * its group's (curl's Curl_ssl_config_matches: the CA, the verification,
 * the client certificate, the ciphers, the pinned keys); none through a
 * proxy (a tunnel holds its proxy's handshake) or over --unix-socket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/engine.h"
#include "http/engine_int.h"
#include "parse/dialmap.h"
#include "tls/tls.h"
#include "util/base.h"

#define CARRY_MAX	8	/* connections carried at once */

static struct carried {
	struct mconn	*c;
	struct mhost	 h;		/* its host, no addresses kept */
	char		 to[SK_HOSTLEN];	/* where --connect-to sent it */
	int		 to_port;
	const struct tls_client_opts *tls;	/* its group's, for TLS */
} carry[CARRY_MAX];
static int ncarry;

/* a and b the same string, or both none */
static int
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* A TLS connection made with a's options good for b's (pins: the same) */
static int
same_tls(const struct tls_client_opts *a, const struct tls_client_opts *b)
{
	return a != NULL && b != NULL && a->insecure == b->insecure &&
	    a->min_version == b->min_version && a->pins == b->pins &&
	    same_str(a->cafile, b->cafile) && same_str(a->capath, b->capath) &&
	    same_str(a->cert, b->cert) && same_str(a->key, b->key) &&
	    same_str(a->servername, b->servername) &&
	    same_str(a->ciphers, b->ciphers) &&
	    same_str(a->ciphers13, b->ciphers13);
}

/* Where m's --connect-to sends the dial for h: into to, *port. */
static void
route(const struct httpm *m, const struct mhost *h, char *to, size_t cap,
    int *port)
{
	const struct dialmap *dm = m->o.http->dialmap;

	*port = h->to_port_num;
	(void)snprintf(to, cap, "%s", h->to_host);
	if (dm != NULL && !h->has_px)
		(void)dialmap_route(dm, h->to_host, h->to_port_num, 1, to, cap,
		    port);
}

void
carry_keep(struct httpm *m)
{
	struct mconn *c;
	struct carried *k;
	int i;

	if (!m->o.carry || m->o.http->unix_path != NULL)
		return;
	for (i = 0; i < m->o.max_conns && ncarry < CARRY_MAX; i++) {
		if ((c = m->conns[i]) == NULL || c->state != C_OPEN ||
		    c->nq != 0 || c->closing || (c->tls != NULL &&
		    tls_pending(c->tls) != 0) ||
		    c->at_ptls >= 0 || c->at_proxy >= 0 ||
		    c->conn.peer_end != 0 || c->len != c->off ||
		    c->dialer != NULL)
			continue;
		k = &carry[ncarry++];
		k->c = c;
		k->tls = c->tls != NULL ? m->o.http->tls : NULL;
		k->h = m->hosts[c->host];
		route(m, &k->h, k->to, sizeof(k->to), &k->to_port);
		m->hosts[c->host].nconns--;
		m->conns[i] = NULL;
		m->nconns--;
	}
}

/* k's host added to m: its index, or -1 (ENOMEM). */
static int
host_add(struct httpm *m, const struct carried *k)
{
	struct mhost *h;

	if ((h = host_room(m)) == NULL)
		return -1;
	*h = k->h;
	h->ai = NULL;
	h->ai_own = h->ai_unix = 0;
	h->map = NULL;
	h->nconns = 0;
	/* --resolve's addresses for its next dials are m's */
	host_map(m, h, h->has_px ? h->px.host : h->to_host,
	    h->has_px ? (int)strtol(h->px.port, NULL, 10) : h->to_port_num);
	return m->nhosts++;
}

void
carry_adopt(struct httpm *m)
{
	struct carried *k;
	char to[SK_HOSTLEN];
	int i, j, port, hi;

	for (i = 0; i < ncarry; i++) {
		k = &carry[i];
		route(m, &k->h, to, sizeof(to), &port);
		if ((hi = host_add(m, k)) == -1) {
			/* out of memory: no end but the descriptor's */
			conn_abort(&k->c->conn);
			free(k->c->buf);
			free(k->c->wb);
			free(k->c);
			continue;
		}
		for (j = 0; j < m->o.max_conns && m->conns[j] != NULL; j++)
			;
		if (j < m->o.max_conns)
			m->conns[j] = k->c;
		m->nconns++;
		m->hosts[hi].nconns++;
		k->c->m = m;
		k->c->host = hi;
		/*
		 * elsewhere by this group's --connect-to (not curl's to use),
		 * TLS made with other options, or no slot for it: its
		 * graceful end
		 */
		if (j == m->o.max_conns || m->o.http->unix_path != NULL ||
		    port != k->to_port || strcmp(to, k->to) != 0 ||
		    (k->tls != NULL && !same_tls(k->tls, m->o.http->tls)))
			mconn_close(m, k->c);
	}
	ncarry = 0;
}
