/*
 * tls_over.c: TLS over what its caller gives (tls.h's struct tls_io)
 * instead of a socket: the layers beneath it in a connection stack, as
 * an https:// URL's TLS goes inside an https:// proxy's TLS through its
 * CONNECT tunnel (curl's HTTPS proxy).  A BIO of our own reads and
 * writes through them; when they would block, the connection waits for
 * what they wait for.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "tls/tls.h"
#include "tls/tls_int.h"
#include "util/base.h"

/* bio.h */
#define BIO_FLAGS_READ		0x01
#define BIO_FLAGS_WRITE		0x02
#define BIO_FLAGS_RWS		0x07
#define BIO_FLAGS_SHOULD_RETRY	0x08
#define BIO_CTRL_FLUSH		11
#define BIO_TYPE_SOURCE_SINK	0x0400

typedef struct bio_st BIO;
typedef struct bio_method_st BIO_METHOD;

/* This part's own symbols, resolved with the rest (tls.c's tables[]). */
static struct {
	int		(*BIO_get_new_index)(void);
	BIO_METHOD	*(*BIO_meth_new)(int, const char *);
	void		(*BIO_meth_free)(BIO_METHOD *);
	int		(*BIO_meth_set_write)(BIO_METHOD *,
			    int (*)(BIO *, const char *, int));
	int		(*BIO_meth_set_read)(BIO_METHOD *,
			    int (*)(BIO *, char *, int));
	int		(*BIO_meth_set_ctrl)(BIO_METHOD *,
			    long (*)(BIO *, int, long, void *));
	BIO		*(*BIO_new)(const BIO_METHOD *);
	void		(*BIO_set_data)(BIO *, void *);
	void		*(*BIO_get_data)(BIO *);
	void		(*BIO_set_init)(BIO *, int);
	void		(*BIO_set_flags)(BIO *, int);
	void		(*BIO_clear_flags)(BIO *, int);
	void		(*SSL_set_bio)(SSL *, BIO *, BIO *);
} ov;

static const struct dl_sym over_syms[] = {
	TLS_SYM(ov, BIO_get_new_index), TLS_SYM(ov, BIO_meth_new),
	TLS_SYM(ov, BIO_meth_free),
	TLS_SYM(ov, BIO_meth_set_write), TLS_SYM(ov, BIO_meth_set_read),
	TLS_SYM(ov, BIO_meth_set_ctrl), TLS_SYM(ov, BIO_new),
	TLS_SYM(ov, BIO_set_data), TLS_SYM(ov, BIO_get_data),
	TLS_SYM(ov, BIO_set_init), TLS_SYM(ov, BIO_set_flags),
	TLS_SYM(ov, BIO_clear_flags), TLS_SYM(ov, SSL_set_bio)
};
const struct dl_symtab tls_over_symtab = DL_SYMTAB(over_syms);

/*
 * What is beneath would block: the BIO says "again", and the
 * connection's next wait is theirs (a read of ours may wait for an
 * outer TLS to write, a key update).
 */
static int
over_again(BIO *b, struct tls_conn *c, int dir)
{
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		c->via_want = c->io.want(c->io.arg, dir == BIO_FLAGS_READ ?
		    POLLIN : POLLOUT);
		ov.BIO_set_flags(b, dir | BIO_FLAGS_SHOULD_RETRY);
	}
	return -1;
}

static int
over_write(BIO *b, const char *p, int n)
{
	struct tls_conn *c = ov.BIO_get_data(b);
	ssize_t w;

	ov.BIO_clear_flags(b, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
	while ((w = c->io.write(c->io.arg, p, (size_t)n)) == -1 &&
	    errno == EINTR)
		;
	if (w > 0)
		return (int)w;
	return over_again(b, c, BIO_FLAGS_WRITE);
}

static int
over_read(BIO *b, char *p, int n)
{
	struct tls_conn *c = ov.BIO_get_data(b);
	ssize_t r;

	ov.BIO_clear_flags(b, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
	while ((r = c->io.read(c->io.arg, p, (size_t)n)) == -1 &&
	    errno == EINTR)
		;
	if (r >= 0)
		return (int)r;	/* 0: the stream beneath ended */
	return over_again(b, c, BIO_FLAGS_READ);
}

/* Nothing is buffered here: a flush is done, other controls unknown. */
static long
over_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	(void)b;
	(void)num;
	(void)ptr;
	return cmd == BIO_CTRL_FLUSH;
}

int
tls_over_bio(struct tls_conn *c, char *err)
{
	static BIO_METHOD *meth;
	BIO *b;

	/* made once, kept for the process's life as OpenSSL's own are */
	if (meth == NULL && ((meth = ov.BIO_meth_new(ov.BIO_get_new_index() |
	    BIO_TYPE_SOURCE_SINK, "sockt tls over layers")) == NULL ||
	    ov.BIO_meth_set_write(meth, over_write) != 1 ||
	    ov.BIO_meth_set_read(meth, over_read) != 1 ||
	    ov.BIO_meth_set_ctrl(meth, over_ctrl) != 1)) {
		/* half made: freed, or each later try would leak one */
		if (meth != NULL)
			ov.BIO_meth_free(meth);
		meth = NULL;
		snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot make the "
		    "BIO of TLS over layers"));
		return -1;
	}
	if ((b = ov.BIO_new(meth)) == NULL) {
		snprintf(err, SK_ERRLEN, "%s", tls_reason("cannot make the "
		    "BIO of TLS over layers"));
		return -1;
	}
	ov.BIO_set_data(b, c);
	ov.BIO_set_init(b, 1);
	/* the SSL owns it from here, freed with it */
	ov.SSL_set_bio(c->ssl, b, b);
	return 0;
}
