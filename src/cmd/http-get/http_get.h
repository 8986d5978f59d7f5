/*
 * cmd/http-get/http_get.h: what the files of the http-get command share.  They
 * call each other one way only, from the top:
 *
 *	http_get.c	the command: the options read, the URLs and
 *			--output-dir checked, -b's files, the run, -c's
 *			file, the exit status
 *	http_get_opts.c	the option table and its checks, into the
 *			configuration (http/conf.h)
 *	http_get_set.c	the setters the table's rows bind
 *	http_get_run.c	the hooks of the engine's run of URLs
 *			(http/urlrun.h): each URL's state, its heads,
 *			its end and status
 *	http_get_try.c	one URL's tries in words (http/try.h decides):
 *			redirects, retries, failures, its output's name
 *	http_get_show.c	what a transfer shows: -v, the progress lines,
 *			--write-out, why an output or an engine step
 *			failed; the configuration handed to the engine
 *			once to settle, what that met in words
 *
 * Part of the command: private to the http_get*.c files.
 */
#ifndef HTTP_GET_H
#define HTTP_GET_H

#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "http/conf.h"
#include "http/cond_io.h"
#include "http/engine.h"
#include "http/ordered.h"
#include "http/output.h"
#include "http/try.h"
#include "http/wout.h"
#include "http/why.h"
#include "net/net.h"
#include "parse/http.h"
#include "parse/url.h"
#include "tls/tls.h"
#include "util/base.h"

/* curl's exit statuses (7.88), which http-get returns as curl does */
#define EXIT_URL	3		/* a malformed URL */
#define EXIT_NOLIB	4		/* a feature not built in: --digest
					   without libcrypto */
#define EXIT_PROXY	5		/* a --proxy that cannot be read */
#define EXIT_CONNECT	7		/* ... of a scheme curl has not */
#define EXIT_HTTP	22		/* -f and a status of 400 or more */
#define EXIT_WRITE	23		/* the output cannot be written */
#define EXIT_READ	26		/* a file (-K FILE) cannot be read */
#define EXIT_REDIRS	47		/* too many redirects (a loop too) */
#define EXIT_LOGIN	67		/* --disallow-username-in-url */
#define EXIT_SOCKS	97		/* a SOCKS handshake that cannot be */
#define HG_DIR_MODE	0750		/* --create-dirs: curl's mode */
extern int	hg_begun;	/* URLs begun in the run, of every group */

/*
 * One URL's try, and what -v, -i, -D, progress and --write-out need.
 * The large members come last, from res on: a new one is cleared up to
 * there (hg_try_reset clears res, output_init out; url and rip are
 * written before they are read).
 */
struct hg_get {
	const struct hconf *o;
	const char	*ref;		/* -e ';auto': the last request's */
	struct progress	 pg;		/* one transfer's line, alone */
	uint64_t	 done, total;	/* body bytes; total 0: unknown */
	struct htry	 t;		/* its redirects and retries */
	int		 https;		/* the last URL's scheme */
	long long	 t0;		/* mono_us when it began */
	long long	 t_end;
	unsigned long long hbytes;	/* response heads received */
	unsigned long long hwrote;	/* head bytes -i put in the output */
	char		*head;		/* the last final head, as received */
	size_t		 headlen;
	int		 rport;
	int		 said;		/* the failure has been reported */
	int		 xstatus;	/* the status a hook's failure means,
					   0: the outcome's (hg_status) */
	const char	*urlarg;	/* the URL as given: %{url} */
	int		 urlnum;	/* its place, from 0: %{urlnum} */
	char		 vtag[16];	/* before each -v line: "" alone, "[N] "
					   when transfers interleave */
	struct httpc_result res;	/* this try's, for --write-out */
	struct wout_try	 wt;		/* ... what its hops add up */
	struct output	 out;
	char		*url;		/* its last, never NULL once set */
	char		 rip[SK_HOSTLEN];	/* connected to */
};

/* http_get_opts.c */

/*
 * hg_opts_parse: the command line into o (http/conf.h), the option
 * arguments the engine reads read by it.  Returns CMD_GO_ON to go on,
 * else the exit status after saying why; o is for hconf_free either
 * way.  After a --next, *next and *nnext are the words after it (as an
 * argv: the --next in front), the next group's; they are left as they
 * were without one.
 */
int	hg_opts_parse(int argc, char **argv, struct hconf *o, char ***next,
	    int *nnext);
/* http-get's usage, which the setters' usage errors print */
extern const char hg_usage[];

/* http_get_set.c: the setters of the option rows (cli.h's OPT_CALL) */

struct opt_state;
int	hg_set_agent(void *, const struct opt_state *);
int	hg_set_alt_svc(void *, const struct opt_state *);
int	hg_set_bearer(void *, const struct opt_state *);
int	hg_set_connect_to(void *, const struct opt_state *);
int	hg_set_continue(void *, const struct opt_state *);
int	hg_set_cookie(void *, const struct opt_state *);
int	hg_set_header(void *, const struct opt_state *);
int	hg_set_output(void *, const struct opt_state *);
int	hg_set_proto(void *, const struct opt_state *);
int	hg_set_proto_redir(void *, const struct opt_state *);
int	hg_set_proxy_header(void *, const struct opt_state *);
int	hg_set_range(void *, const struct opt_state *);
int	hg_set_referer(void *, const struct opt_state *);
int	hg_set_request(void *, const struct opt_state *);
int	hg_set_resolve(void *, const struct opt_state *);
int	hg_set_socks4(void *, const struct opt_state *);
int	hg_set_socks4a(void *, const struct opt_state *);
int	hg_set_socks5(void *, const struct opt_state *);
int	hg_set_socks5h(void *, const struct opt_state *);
int	hg_set_stderr(void *, const struct opt_state *);
int	hg_set_time(void *, const struct opt_state *);
int	hg_set_unix(void *, const struct opt_state *);
int	hg_set_urls(void *, const struct opt_state *);
int	hg_set_user(void *, const struct opt_state *);
int	hg_set_wait(void *, const struct opt_state *);
int	hg_set_write_out(void *, const struct opt_state *);
/* -w's argument when a bare number (nc's habit), said once all are read */
extern const char *hg_w_number;

/* http_get_run.c */

/*
 * hg_run: the URLs of o through the engine, one at a time on a kept
 * connection, or with -Z and --pipeline many at once.  Returns the exit
 * status: the first failure in URL order.
 */
int	hg_run(struct hconf *o);

/* http_get_try.c */

/*
 * hg_retry_at_head: a final head worth a retry, which will follow
 * unless kept bytes of the try went where they cannot be taken back:
 * returns 1 to refuse its body, else 0.
 */
int	hg_retry_at_head(struct hg_get *g, const struct http_resp *r,
	    unsigned long long kept);
/* hg_redirect_ok: CMD_GO_ON to follow a redirect to next, else
 * EXIT_FAIL after saying why (--proto-redir, --max-redirs). */
int	hg_redirect_ok(struct hg_get *g, const struct url *next);
/* hg_url_ascii: u's international host name in ASCII (URL_IDN): CMD_GO_ON,
 * else curl's exit status after saying why. */
int	hg_url_ascii(struct url *u);
/*
 * hg_retry_go: may the try that ended with *oc go again (--retry)?  kept:
 * its bytes already where they cannot be taken back, which refuse it;
 * cut: -1 the output is rewound, else a resume goes on (1: the try's
 * bytes stay, htry_again's cut).  Returns 1 with *wait (ms) after taking
 * a retry, else 0 after saying why not (*oc may become HTTPC_ERR_OUTPUT).
 */
int	hg_retry_go(struct hg_get *g, enum httpc_outcome *oc,
	    unsigned long long kept, int cut, long long *wait);
/* hg_try_reset: a try begins afresh: the redirects, counts and result
 * of the one before forgotten. */
void	hg_try_reset(struct hg_get *g);
/* hg_say_failure: why the try failed, once. */
void	hg_say_failure(struct hg_get *g, enum httpc_outcome oc);
/* hg_failure_line: that line into b[0..cap) ("" none), or NULL where
 * output.c words it. */
const char *hg_failure_line(const struct hg_get *g, enum httpc_outcome oc,
	    char *b, size_t cap);
/* hg_status: the exit status of a try that failed with oc, curl's. */
int	hg_status(const struct hg_get *g, enum httpc_outcome oc);
/*
 * hg_output_name: out for u, URL i, as its -o or -O name it, in
 * --output-dir, its directories made with --create-dirs as it is
 * opened; name holds PATH_MAX bytes.  CMD_GO_ON or EXIT_USAGE.
 */
int	hg_output_name(const struct hconf *o, int i, const struct url *u,
	    char *name, struct output *out);

/*
 * hg_header_name: -J: the final head r names the file in its
 * Content-Disposition: name (PATH_MAX bytes, out's path) becomes it, in
 * --output-dir, never over an existing file unless --clobber.  Returns
 * 0, or -1 after saying why (a name with no safe reading).
 */
int	hg_header_name(struct hg_get *g, const struct http_resp *r,
	    char *name);

/* http_get_show.c */

/* hg_say_why: why an engine step failed, as it recorded it. */
void	hg_say_why(const struct httpc_why *w);
/*
 * hg_quiet: -s, -S, --no-progress-meter and -o - settled once the options
 * are read: the messages muted as curl's -s mutes them, the progress
 * line off, binary output to a terminal allowed by -o -.
 */
void	hg_quiet(struct hconf *o);
/* hg_say_kept: where output_abort kept an unfinished -o's bytes. */
void	hg_say_kept(const struct output *out);
/*
 * hg_say_output: why the output failed, as output.c recorded it; after
 * hg_quiet with -s, curl's warnings are not said, -S or not.
 */
void	hg_say_output(const struct output *out);
/*
 * -v (each line after g->vtag): where the request goes and on a new
 * connection its TLS session, and the request head req[0..n); then a
 * response head, with the codings its body will be decoded through
 * when it is the final one.
 */
void	hg_verbose_request(const struct hg_get *g, const struct httpm_peer *pr,
	    const char *req, size_t n);
void	hg_verbose_head(const struct hg_get *g, enum httpc_head what,
	    const struct http_resp *r, const char *p, size_t n);
/* hg_progress_show: one transfer's progress line (final: the last). */
void	hg_progress_show(struct hg_get *g, int final);
/*
 * hg_progress_all: the line of many transfers at once: how many of
 * nurls ended, the bytes, the rate.
 */
void	hg_progress_all(struct progress *pg, int ndone, int nurls,
	    uint64_t bytes, int final);
/* hg_write_out: --write-out after a URL, failed the line that said why
 * its try failed (or NULL).  Returns status, or EXIT_FAIL. */
int	hg_write_out(struct hg_get *g, int status, const char *failed);
/*
 * hg_settle: o handed to the engine to settle, what it meets said.
 * Returns CMD_GO_ON to go on, else the exit status after saying why.
 */
int	hg_settle(struct hconf *o);

#endif /* HTTP_GET_H */
