/*
 * http/wout.h: --write-out after a transfer: the engine's result as the
 * values of parse/writeout.c, and the format rendered to stdout and
 * stderr through a buffer a stream, each written whole.  Like the
 * engine it never prints words of its own and never exits: an unknown
 * variable goes to the caller's hook, a failed write comes back as its
 * errno.
 */
#ifndef HTTP_WOUT_H
#define HTTP_WOUT_H

#include <stddef.h>

#include "http/engine.h"
#include "parse/writeout.h"
#include "util/base.h"

/* What --write-out adds up over the hops of a try (wout_hop). */
struct wout_try {
	unsigned long long req_bytes;	/* request heads, CONNECTs' too */
	long long	 conns;		/* connections made */
	long long	 t_redirect;	/* mono_us the last redirect ended,
					   0: none */
	int		 lport;		/* our end of the last connection */
	int		 num_certs;	/* the last handshake's chain, as */
	char		*certs;		/* ... curl's certinfo: its text, or
					   NULL (malloc'd: wout_try_reset) */
	char		 lip[SK_HOSTLEN];
};

/* wout_try_reset: w for a try afresh (a few stores, not the buffer's
 * memset: it runs for every URL); certs freed, so NULL at first. */
void	wout_try_reset(struct wout_try *w);

/* wout_hop: a hop of the try ended (a redirect, or its last): into w. */
void	wout_hop(struct wout_try *w, const struct httpm_end *end);

/*
 * wout_errormsg: %{errormsg} in curl 7.88's words for the exit status
 * (curl's code) of the commonest failures: a name not resolved (6), a
 * connection failed (7), -f's status (22), a time out (28), a resume
 * refused (33), a trailer (43), an empty reply (52) (the others:
 * wout_curl_error); url the effective URL, ms the time taken,
 * got the body's bytes (of res->body_len, when known).  Into b (cap
 * bytes), or NULL: the caller's.
 */
const char *wout_errormsg(const struct httpc_result *res, int status,
	    const char *url, long long ms, unsigned long long got, char *b,
	    size_t cap);
/*
 * wout_curl_peer: a failure with the peer's name in it, as curl words
 * it (http/errmsg.c): a connection that failed (7) or timed out (28,
 * --connect-timeout) after ms, a handshake (35), a certificate (60);
 * and OpenSSL's words: a client certificate not loaded (58), a read
 * OpenSSL failed (56).
 * Into b: its length, or -1 when res is no such failure.
 */
int	wout_curl_peer(const struct httpc_result *res, int status,
	    long long ms, char *b, size_t cap);
/*
 * wout_curl_error: wout_errormsg's other failures (http/errmsg.c): the
 * sentence curl fails with where status and res->err say which;
 * max_redirs -L's limit (47).  Into b (cap bytes), or a constant; NULL
 * where it has none (the caller's line, then).
 */
const char *wout_curl_error(const struct httpc_result *res, int status,
	    int max_redirs, char *b, size_t cap);

/*
 * wout_result: the values res (the last hop's) and w hold into v: the
 * status, the steps' times in microseconds from t0 (0 for a step not
 * taken), the total to t_end, the certificate's verdict, a CONNECT's
 * status, what the hops added up.
 */
void	wout_result(struct wo_values *v, const struct httpc_result *res,
	    const struct wout_try *w, long long t0, long long t_end);

/*
 * wout_write: fmt[0..len) rendered with v, and the last response head
 * head[0..headlen) (0: none) for %header{}, to stdout (and %{stderr}'s
 * part to stderr); unknown(arg, name, n) for each %{name} it does not
 * know; v->redirect_url, when NULL, from a 3xx head's Location
 * resolved against v->url_effective.  Returns 0, or the errno of the
 * first write that failed.
 */
int	wout_write(const char *fmt, size_t len, struct wo_values *v,
	    char *head, size_t headlen,
	    void (*unknown)(void *, const char *, size_t), void *arg);

/*
 * wout_load: --write-out's argument into *fmt (freed first) and *len:
 * the format itself, or with @FILE (@- for stdin) the file's, of at most
 * max bytes, read as curl reads it (wo_strip_lines).  Returns 0, or -1
 * with errno (*fmt the argument, or NULL when it could not be copied).
 */
int	wout_load(const char *arg, size_t max, char **fmt, size_t *len);

/*
 * wout_keep_head: a final head p[0..n) kept in *head (HTTP_HEAD_MAX
 * bytes, allocated once) for %header{}, *len its length; a larger head,
 * or no memory, keeps the one before.
 */
void	wout_keep_head(char **head, size_t *len, const char *p, size_t n);

#endif /* HTTP_WOUT_H */
