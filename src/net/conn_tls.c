/*
 * conn_tls.c: a TLS client pushed on the connection stack (conn.h's
 * conn_push_tls_client), over the descriptor or over the layers beneath
 * it.  Apart from conn.c, which the Makefile builds for speed (every
 * stream byte goes through its chain): this runs once a connection.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/conn.h"
#include "tls/tls.h"
#include "util/base.h"

/* A TLS layer's records through the layers beneath it (tls.h's tls_io). */
struct below {
	struct conn	*c;
	int		 at;	/* the TLS layer's place */
};

static ssize_t
below_read(void *arg, void *buf, size_t n)
{
	struct below *b = arg;

	return conn_read_under(b->c, b->at, buf, n);
}

static ssize_t
below_write(void *arg, const void *buf, size_t n)
{
	struct below *b = arg;

	return conn_write_under(b->c, b->at, buf, n);
}

static int
below_want(void *arg, int dir)
{
	struct below *b = arg;

	return conn_want_under(b->c, b->at, dir);
}

static size_t
below_pending(void *arg)
{
	struct below *b = arg;

	return conn_pending_under(b->c, b->at);
}

int
conn_push_tls_client(struct conn *c, const struct tls_client_opts *o,
    char *err)
{
	struct tls_client_opts to = *o;
	struct tls_io io = { below_read, below_write, below_want,
	    below_pending, free, NULL };
	struct below *b;
	struct tls_conn *t;
	int i;

	if (c->nlayers == CONN_LAYERS) {
		errno = ENOBUFS;
		snprintf(err, SK_ERRLEN, "%s", strerror(errno));
		return -1;
	}
	to.io = NULL;
	/* a layer below moves bytes (a proxy's TLS): over it, not fd */
	for (i = 0; i < c->nlayers && c->layer[i].ops->read == NULL; i++)
		continue;
	if (i < c->nlayers) {
		if ((b = malloc(sizeof(*b))) == NULL) {
			snprintf(err, SK_ERRLEN, "%s", strerror(errno));
			return -1;
		}
		b->c = c;
		b->at = c->nlayers;
		io.arg = b;
		to.io = &io;
	}
	if ((t = tls_client_new(c->fd, &to, err)) == NULL)
		return -1;
	return conn_push_tls_hs(c, t);	/* room, as above */
}
