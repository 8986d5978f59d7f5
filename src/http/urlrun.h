/*
 * http/urlrun.h: a run of URLs through the engine (engine.h) in URL
 * order, as http-get runs them in every mode: one at a time on a kept
 * connection (a window of one), or with -Z and --pipeline many at once.
 * The caller makes each URL's state when its turn to start comes (a
 * struct urun_url at the head of its own), hands one back to go on (a
 * redirect, within the same -m) or again (a retry, with a time not to
 * start before), ends it with its status, and hears of each through
 * hooks.  The run keeps the window of URLs under way, the queue of
 * those handed back, each hop's proxy, --fail-early's stop, the
 * URL-order books (parse/zorder.h) and stdout's order (ordered.h): to
 * stdout, bodies never interleave; the one whose turn it is in URL
 * order streams straight through, each other is held and written whole
 * when its turn comes; the status is the first failure's in URL order
 * (one at a time: the last URL's, as curl's).
 * Engine: never prints; what the caller says it says in its hooks.
 */
#ifndef HTTP_URLRUN_H
#define HTTP_URLRUN_H

#include <stddef.h>
#include <stdint.h>

#include "http/auth.h"
#include "http/engine.h"
#include "http/ordered.h"
#include "http/output.h"
#include "http/why.h"
#include "parse/http.h"
#include "parse/noproxy.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "parse/zorder.h"

/*
 * One URL of the run, from its first try to its turn in URL order: the
 * head of the caller's state.  urun_url_init clears it up to px; the
 * caller fills orig, fields, resume, out and to_stdout before its
 * begin hook returns it.
 */
struct urun_url {
	int		 idx;		/* its place, from 0 */
	int		 status;	/* once ended: its status, 0 ok */
	int		 to_stdout;	/* its body goes to stdout */
	int		 resume;	/* -C: a 416 answers it */
	int		 redirected;	/* handed on by a redirect this try */
	int		 has_ref;	/* ref is this hop's Referer */
	struct output	*out;		/* its output, the caller's */
	struct output	*heads;		/* -D - with the body elsewhere: its
					   heads' stdout (the caller's), or
					   NULL */
	struct ord_hold	 hold;		/* what it holds for stdout */
	long long	 not_before;	/* a retry's start, 0: now */
	long long	 deadline;	/* its try's -m, 0 until it starts */
	struct urun_url	*qnext;		/* in the queue to hand over again */
	const struct url *hop;		/* this hop's URL: orig, or cur */
	const char	*fields[HTTPM_FIELDS];	/* its own fields */
	int		 nfields;
	struct hauth	 auth;		/* --digest: its challenge so far */
	struct hauth	 pauth;		/* --proxy-digest: its proxy's */
	struct proxy	 px;		/* this hop's proxy */
	struct url	 cur;		/* a redirect's target */
	char		*ref;		/* -e ';auto': the last hop's URL */
	struct url	 orig;		/* the URL named */
};

/* The hooks; those marked so may be NULL. */
struct urun_hooks {
	void	*arg;
	/*
	 * URL idx's turn to start came: its state (urun_url_init'd), or
	 * NULL with *status its exit status after saying why
	 */
	struct urun_url *(*begin)(void *arg, int idx, int *status);
	/* u goes through proxy px (from names the setting); NULL: none */
	void	(*proxy)(void *arg, struct urun_url *u, const char *from);
	/* the engine's hooks for u, as engine.h has them; request and
	   progress may be NULL */
	void	(*request)(void *arg, struct urun_url *u,
		    const struct httpm_peer *pr, const char *req, size_t n);
	int	(*head)(void *arg, struct urun_url *u, enum httpc_head what,
		    const struct http_resp *r, const char *p, size_t n);
	void	(*progress)(void *arg, struct urun_url *u, uint64_t done);
	/*
	 * u's try ended (never for one --fail-early dropped): the caller
	 * calls urun_redirect, urun_retry or urun_end
	 */
	void	(*done)(void *arg, struct urun_url *u,
		    const struct httpm_end *end);
	/*
	 * the turn of u, bound for stdout, came after it ended: what it
	 * held was written, or failed (failed: u->out says why)
	 */
	void	(*released)(void *arg, struct urun_url *u, int failed);
	/* u is done with: free it */
	void	(*free)(void *arg, struct urun_url *u);
};

struct urun_opts {
	int		 nurls;
	int		 window;	/* httpm_limits' */
	int		 follow;	/* -L: keep the last URL's connection */
	int		 fail_early;	/* start no URL after a failure */
	/* the proxies to choose from for each hop, or NULL: none */
	const struct proxy_env *env;
	int		 tunnel;	/* -p: CONNECT through an http:// one */
	int		 auto_referer;	/* -e ';auto' */
	int		 auth;		/* --digest, --anyauth: a 401 may be
					   answered on the same connection */
};

struct urun {
	struct urun_opts o;
	struct urun_hooks h;
	struct httpm	*m;
	struct zorder	 z;
	struct urun_url	**slot;		/* by URL index, NULL when gone */
	int		 next_url;	/* the first not handed over yet */
	struct urun_url	*again, *again_tail;
	int		 stop;		/* --fail-early: start no more */
	struct ord_out	 so;		/* bodies bound for stdout */
};

/*
 * urun_init: a run of uo's URLs over an engine with mo's limits (its
 * http options), hooks h.  0, or -1 with errno; r is for urun_free
 * either way.
 */
int	urun_init(struct urun *r, const struct urun_opts *uo,
	    const struct httpm_opts *mo, const struct urun_hooks *h);
/* urun_run: until every URL ended.  0, or -1 with errno (poll). */
int	urun_run(struct urun *r);
/*
 * urun_status: the status of the first failure in URL order, 0: none;
 * one at a time, the last URL's (curl's).
 */
int	urun_status(const struct urun *r);
/* urun_flush: what stdout holds written now.  0, or -1 (r->so.err). */
int	urun_flush(struct urun *r);
/* urun_free: the engine, and every URL left (its output aborted). */
void	urun_free(struct urun *r);

/* urun_url_init: u for URL idx, nothing set yet. */
void	urun_url_init(struct urun_url *u, int idx);
/*
 * urun_sink: bytes of u for its output (a head -i or -D - puts in it):
 * a file's written, stdout's through its turn.  0, or -1 with the
 * output's failure set.
 */
int	urun_sink(struct urun *r, struct urun_url *u, const char *p, size_t n);
/*
 * urun_heads: a head of u for stdout (-D -): before its body when that
 * goes to stdout, else through u->heads in u's turn, whatever its body's
 * output; never dropped as -z drops a body.  0, or -1 with the failure
 * set in the output that stood for stdout.
 */
int	urun_heads(struct urun *r, struct urun_url *u, const char *p,
	    size_t n);
/*
 * urun_heads_twice: a head of u for stdout from -i and -D - at once:
 * each line twice, as curl writes each line to both in turn.  As
 * urun_sink.
 */
int	urun_heads_twice(struct urun *r, struct urun_url *u, const char *p,
	    size_t n);
/*
 * urun_kept: of the bytes u's try put in its output (bytes), those that
 * went where they cannot be taken back (ord_kept).
 */
unsigned long long urun_kept(const struct urun *r, const struct urun_url *u,
	    unsigned long long bytes);
/*
 * urun_redirect: u goes on to next now, under the deadline it ran.
 * Returns 0, or -1 (ENOMEM) with u where it was.
 */
int	urun_redirect(struct urun *r, struct urun_url *u,
	    const struct url *next, long long deadline);
/*
 * urun_retry: u's try goes again from its URL named at not_before
 * (mono_ms), other transfers going on meanwhile; what it held for
 * stdout was not written and is dropped.
 */
void	urun_retry(struct urun *r, struct urun_url *u, long long not_before);
/*
 * urun_end: u ended with status.  One bound for a file is done with at
 * once (the free hook); one with bytes for stdout (its body, or heads)
 * waits for its turn (released).
 * Then call urun_release.
 */
void	urun_end(struct urun *r, struct urun_url *u, int status);
/*
 * urun_release: the URLs whose turn came, in URL order: a held body
 * written whole (the released hook); then the URL due next, if it is
 * under way, streams from here on.
 */
void	urun_release(struct urun *r);

/*
 * bytes of a --urls list: a million URLs of 200 bytes fit, and the
 * count of URLs (an int) stays far from its limit
 */
#define URUN_LISTMAX	(256 * 1024 * 1024)

/*
 * urun_read_list: the --urls list path (- for stdin) read whole into
 * *buf (the caller frees it), its URLs split in place and pushed on *v
 * (*n of them; parse/urllist.h).  Returns 0, or -1 with w filled: the
 * file cannot be read or is no list of URLs (a NUL byte), or "malloc"
 * and ENOMEM.
 */
int	urun_read_list(const char *path, char **buf, char ***v, int *n,
	    struct httpc_why *w);

#endif /* HTTP_URLRUN_H */
