/*
 * cmd/http_get.h: what the files of the http-get command share.  They
 * call each other one way only, from the top:
 *
 *	http_get.c	the command: the options read, the URLs and
 *			--output-dir checked, -b's files, the run, -c's
 *			file, the exit status
 *	http_get_opts.c	the option table and its checks
 *	http_get_urls.c	what is read before the run: the operands, the
 *			--urls lists, URL globbing, --proto, -b's
 *			argument, --netrc's file
 *	http_get_run.c	the hooks of the engine's run of URLs
 *			(http/urlrun.h): each URL's state, its heads,
 *			its end and status
 *	http_get_try.c	one URL's tries in words (http/try.h decides):
 *			redirects, retries, failures, its output's name
 *	http_get_show.c	what a transfer shows: -v, the progress lines,
 *			--write-out, why an output or an engine step
 *			failed
 *
 * Part of the command: private to the http_get*.c files.
 */
#ifndef HTTP_GET_H
#define HTTP_GET_H

#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "http/cond_io.h"
#include "http/engine.h"
#include "http/ordered.h"
#include "http/output.h"
#include "http/try.h"
#include "http/why.h"
#include "net/net.h"
#include "parse/cond.h"
#include "parse/cookie.h"
#include "parse/http.h"
#include "parse/noproxy.h"
#include "parse/retry.h"
#include "parse/url.h"
#include "tls/tls.h"
#include "util/base.h"

#define EXIT_HTTP	22		/* -f and a status of 400 or more */
#define HG_DIR_MODE	0750		/* --create-dirs: curl's mode */

/* Option ids of -C -r -z -R --etag-*, http/cond_io.h's: http-get's first. */
enum cond_id {
	COND_CONTINUE = CLI_O_OWN + HCOND_CONTINUE,
	COND_RANGE = CLI_O_OWN + HCOND_RANGE,
	COND_TIME = CLI_O_OWN + HCOND_TIME,
	COND_REMOTE_TIME = CLI_O_OWN + HCOND_REMOTE_TIME,
	COND_ETAG_SAVE = CLI_O_OWN + HCOND_ETAG_SAVE,
	COND_ETAG_CMP = CLI_O_OWN + HCOND_ETAG_CMP,
	COND_NEXT = CLI_O_OWN + HCOND_NOPTS	/* the next id free */
};

/* The command line, as the option parser settles it. */
struct hg_opts {
	struct httpc_opts http;		/* what every request asks */
	int		  include, silent, verbose;
	int		  remote_name, tunnel, fail_early;
	const char	 *dump;
	const char	 *out;		/* the current URL's -o, or NULL */
	const char	 *outdir;	/* --output-dir */
	int		  create_dirs;	/* --create-dirs */
	const char	**outs;		/* every -o, one a URL in order */
	int		  nouts;
	const char	**lists;	/* every --urls */
	int		  nlists;
	char		**urls;		/* the operands, then the lists' */
	int		  nurls;
	char		**bufs;		/* the lists' text, urls point in */
	char		**gbufs;	/* the URLs and -o names globbing made */
	int		  ngbufs;
	int		  globoff;	/* -g */
	int		  remote_header;	/* -J */
	int		  clobber;	/* --clobber */
	unsigned	  proto;	/* --proto: PROTO_HTTP, PROTO_HTTPS */
	unsigned	  proto_redir;	/* --proto-redir */
	int		  netrc;	/* --netrc, --netrc-file, --netrc-optional */
	int		  netrc_optional;
	const char	 *netrc_file;	/* --netrc-file, or NULL: ~/.netrc */
	char		 *netrc_text;	/* its text, once read and allowed */
	size_t		  netrc_len;
	const char	 *user;		/* -u "user:password", or NULL */
	struct net_opts	  no;		/* -4, -6: the family into http */
	struct tls_client_opts tls;	/* https: -k, --cacert ...; http.tls */
	struct tls_client_opts ptls;	/* an https:// proxy's: --proxy-* */
	struct proxy_env  env;		/* --proxy and the environment */
	int		  fail_body;	/* --fail-with-body */
	struct retry_opts retry;
	int		  connrefused;	/* --retry-connrefused */
	char		 *wo;		/* --write-out, or NULL */
	size_t		  wolen;
	long long	  max_redirs;	/* -1: no limit */
	struct getcond	  gc;		/* -C -r -z -R --etag-* as given */
	int		  parallel;	/* -Z */
	int		  par_max;	/* --parallel-max */
	int		  par_host;	/* --parallel-host */
	int		  pipeline;	/* --pipeline's depth, 0: off */
	struct cookie_jar jar;		/* the cookie engine's: http.jar */
	const char	**cookie_files;	/* -b file, in order */
	int		  ncookie_files;
	char		 *cookie_data;	/* -b name=value, joined: http.cookie */
	const char	 *cookie_jar;	/* -c file, or NULL */
	int		  junk_session;	/* -j */
};

/*
 * One URL's try, and what -v, -i, -D, progress and --write-out need.
 * The large members come last, from res on: a new one is cleared up to
 * there (hg_try_reset clears res, output_init out; url and rip are
 * written before they are read).
 */
struct hg_get {
	const struct hg_opts *o;
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
	const char	*urlarg;	/* the URL as given: %{url} */
	int		 urlnum;	/* its place, from 0: %{urlnum} */
	char		 vtag[16];	/* before each -v line: "" alone, "[N] "
					   when transfers interleave */
	struct httpc_result res;	/* this try's, for --write-out */
	struct output	 out;
	char		 url[URL_PATHLEN + SK_HOSTLEN + 16];	/* its last */
	char		 rip[SK_HOSTLEN];	/* connected to */
};

/* http_get_opts.c */

/*
 * hg_opts_parse: the command line into o, the --urls lists read.
 * Returns CMD_GO_ON to go on, else the exit status after saying why;
 * o is for hg_opts_free either way.
 */
int	hg_opts_parse(int argc, char **argv, struct hg_opts *o);
/* hg_opts_free: what hg_opts_parse allocated. */
void	hg_opts_free(struct hg_opts *o);

/* http_get_urls.c */

/*
 * hg_urls: the URLs: the operands argv[0..argc), then those of the
 * --urls lists, then the patterns expanded (unless -g).  Returns
 * CMD_GO_ON to go on, else the exit status after saying why (with
 * usage for a usage error).
 */
int	hg_urls(struct hg_opts *o, int argc, char **argv, const char *usage);
/*
 * hg_proto_opt: --proto or --proto-redir (opt) arg into *m, from every
 * scheme sockt speaks, as curl's; a name curl does not know is left out
 * with a warning.  Returns CMD_GO_ON, else EXIT_USAGE after saying
 * why (with usage).
 */
int	hg_proto_opt(unsigned *m, const char *opt, const char *arg,
	    const char *usage);

/*
 * hg_cookie_arg: a -b argument: cookies to send, or a file to read
 * (httpc_cookie_arg).  Returns CMD_GO_ON to go on, else the exit
 * status after saying why (usage: the command's synopsis).
 */
int	hg_cookie_arg(struct hg_opts *o, const char *arg, const char *usage);

/*
 * hg_netrc_load: --netrc's file read into o (http/netrc.h), unless
 * missing or others may read it (a warning).  Returns CMD_GO_ON, or
 * EXIT_FAIL after saying why.
 */
int	hg_netrc_load(struct hg_opts *o);

/* http_get_run.c */

/*
 * hg_run: the URLs of o through the engine, one at a time on a kept
 * connection, or with -Z and --pipeline many at once.  Returns the exit
 * status: the first failure in URL order.
 */
int	hg_run(struct hg_opts *o);

/* http_get_try.c */

/*
 * hg_retry_at_head: a final head worth a retry, which will follow
 * unless kept bytes of the try went where they cannot be taken back:
 * returns 1 to refuse its body, else 0.
 */
int	hg_retry_at_head(struct hg_get *g, const struct http_resp *r,
	    unsigned long long kept);
/* hg_redirect_ok: CMD_GO_ON to follow u's redirect to next, else
 * EXIT_FAIL after saying why (--proto-redir, --max-redirs, a loop). */
int	hg_redirect_ok(struct hg_get *g, const struct url *u,
	    const struct url *next);
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
/*
 * hg_output_name: out for u as -o (o->out) or -O name it, in
 * --output-dir, its directories made with --create-dirs as it is
 * opened; name holds PATH_MAX bytes.  CMD_GO_ON or EXIT_USAGE.
 */
int	hg_output_name(const struct hg_opts *o, const struct url *u,
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
/* hg_say_output: why the output failed, as output.c recorded it. */
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
/* hg_write_out: --write-out after a URL.  Returns status, or EXIT_FAIL. */
int	hg_write_out(struct hg_get *g, int status);

#endif /* HTTP_GET_H */
