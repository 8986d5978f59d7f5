/*
 * http/conf.h: http-get's configuration, what its command line asks of
 * the engine, in one struct hconf.  The command reads its options into
 * it (cmd/http-get/http_get_opts.c), the arguments the engine knows how to read
 * through its setters, and hands it to the engine once, to
 * hconf_settle, before the run: --proxy and the environment's proxies,
 * --netrc's file, the URLs of the operands and of the --urls lists, and
 * the URLs their patterns make.  Engine: never prints; what the
 * settling meets is told as events for the command to word.
 */
#ifndef HTTP_CONF_H
#define HTTP_CONF_H

#include <stddef.h>

#include "http/cond_io.h"
#include "http/engine.h"
#include "http/why.h"
#include "net/net.h"
#include "parse/cond.h"
#include "parse/cookie.h"
#include "parse/dialmap.h"
#include "parse/noproxy.h"
#include "parse/retry.h"
#include "tls/tls.h"

/* The command line, as the option parser settles it. */
struct hconf {
	struct httpc_opts http;		/* what every request asks */
	int		  include, silent, verbose;
	int		  show_error, no_meter;	/* -S, --no-progress-meter */
	int		  bar;		/* -#: curl's bar, terminal or not */
	int		  binary_ok;	/* some -o -: binary to a terminal */
	int		  remote_name, tunnel, fail_early;
	int		  remote_o;	/* an -O: with --urls, remote_name */
	const char	 *dump;
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
	int		  path_as_is;	/* --path-as-is: dot segments kept */
	int		  remote_header;	/* -J */
	int		  clobber;	/* --clobber */
	int		  no_clobber;	/* --no-clobber: FILE.1 .. FILE.100 */
	int		  remove_on_error;	/* --remove-on-error */
	unsigned	  proto;	/* --proto: PROTO_HTTP, PROTO_HTTPS */
	unsigned	  proto_redir;	/* --proto-redir */
	int		  netrc;	/* --netrc, --netrc-file, --netrc-optional */
	int		  netrc_optional;
	const char	 *netrc_file;	/* --netrc-file, or NULL: ~/.netrc */
	char		 *netrc_text;
	char		 *ref_buf;	/* -e URL;auto: URL */	/* its text, once read and allowed */
	size_t		  netrc_len;
	const char	 *user;		/* -u "user:password", or NULL */
	int		  auth_digest;	/* --digest, --basic, --anyauth: */
	int		  auth_basic;	/* into http.auth as curl's bits */
	int		  auth_any;
	int		  proxy_digest;	/* --proxy-digest */
	int		  proxy_any;	/* --proxy-anyauth */
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
	int		  carry;	/* a --next group follows: its idle
					   connections go on to it */
	int		  par_max;	/* --parallel-max */
	int		  par_host;	/* --parallel-host */
	int		  pipeline;	/* --pipeline's depth, 0: off */
	struct cookie_jar jar;		/* the cookie engine's: http.jar */
	const char	**cookie_files;	/* -b file, in order */
	int		  ncookie_files;
	char		 *cookie_data;	/* -b name=value, joined: http.cookie */
	const char	 *cookie_jar;	/* -c file, or NULL */
	int		  headers_cap;	/* http.headers' room */
	int		  pheaders_cap;	/* http.pheaders' */
	int		  room;		/* the other arrays' (argc's) */
	struct dialmap	 *dmap;		/* --resolve, --connect-to; or NULL */
	char		**hbufs;	/* the -H @file texts, http.headers
					   point in */
	int		  nhbufs;
	int		  junk_session;	/* -j */
	int		  quiet_connect;	/* --suppress-connect-headers */
	int		  no_url_user;	/* --disallow-username-in-url */
	char		**args;		/* the operands, as given */
	int		  nargs;
};

#define HCONF_BAD	(-2)	/* a setter: no such argument */
#define HCONF_USAGE	(-2)	/* hconf_settle: the command line is wrong */
#define HCONF_PAR_MAX	50	/* curl's --parallel-max */
/* curl's --connect-timeout (its DEFAULT_CONNECT_TIMEOUT): the dial and
   every handshake, TLS's too; -m bounds it sooner */
#define HCONF_CONNECT_MS 300000
#define HCONF_NOLIB	(-3)	/* ... asks for what no library gives */
#define HCONF_PROXY	(-4)	/* ... --proxy cannot be read */
#define HCONF_PROXY_SCHEME (-5)	/* ... --proxy's scheme unknown */
#define HCONF_PROXY_AUTH (-6)	/* ... its SOCKS user name too long */
#define HCONF_WO_MAX	(1024 * 1024 - 1)	/* a --write-out @FILE */

/*
 * hconf_init: the defaults, and room for as many -H, -o, -b and --urls
 * as there are arguments (argc).  0, or -1 with errno (ENOMEM); c is for
 * hconf_free either way.  hconf_free: what c holds.
 */
int	hconf_init(struct hconf *c, int argc);
/* hconf_grow: room for n more arguments (-K's).  0, or -1 (ENOMEM) */
int	hconf_grow(struct hconf *c, int n);
/*
 * hconf_globals: curl's global options, given in any of the n groups
 * of --next, made every group's: -s -S --no-progress-meter -v
 * --fail-early -Z --parallel-max (--stderr is at once, so global too);
 * and one cookie engine, the first group's that has one, for every
 * group that turns one on, as curl shares its cookies between them;
 * every group but the last leaves its idle connections to the next.
 */
void	hconf_globals(struct hconf **g, int n);
void	hconf_free(struct hconf *c);
/*
 * hconf_curlrc: the ~/.curlrc curl 7.88 would read, found as curl finds
 * it (http/curlrc.c), its path in buf (cap bytes).  1, or 0: none.
 */
int	hconf_curlrc(char *buf, size_t cap);

/*
 * The setters of the options whose argument the engine reads, which
 * http-get's option rows bind (as opt.h's OPT_CALL).
 * hconf_cookie: -b's name=value pairs joined into c's Cookie field, or
 * else a cookie file's name kept.  0; -1 with errno (out of memory);
 * HCONF_BAD for pairs with a control character.
 * hconf_write_out: --write-out's format, or with @FILE (@- stdin) the
 * file's, read now.  0, or -1 with errno (c->wo NULL when the argument
 * could not be copied).
 * hconf_proto: --proto's or --proto-redir's list into *m, from every
 * scheme sockt speaks (curl's rules).  0; 1 when the list names a
 * protocol curl knows and sockt does not speak (left out; its name in
 * unk, HCONF_UNKLEN); HCONF_BAD for a list that is none.
 */
#define HCONF_UNKLEN	80
int	hconf_cookie(struct hconf *c, const char *arg);
/*
 * An outs entry that is -O, paired with its URL in order as curl pairs
 * -o and -O (the text stays through globbing); hconf_remote: is URL i's
 * file named after it (its -O, or --remote-name-all)?
 */
#define HCONF_REMOTE	"\001-O"
int	hconf_remote(const struct hconf *c, int i);
/*
 * hconf_header: -H's field (proxy: --proxy-header's) into c's list,
 * checked; with @FILE (@- stdin)
 * each line of the file (CR LF or LF ended, as curl's), blank lines and
 * lines with no ':' or ';' skipped.  0; 1 when the file cannot be read
 * (err says why: as curl, the transfer goes on without it); -1 out of
 * memory (err says so); HCONF_BAD with err for a field refused.
 */
int	hconf_header(struct hconf *c, int proxy, const char *arg, char *err);

/*
 * hconf_dialmap: --resolve's entry (connto: --connect-to's) into c's
 * map.  Each --next group has its own, as curl's: its --connect-to
 * entries alone, and the --resolve entries of the groups before it
 * (curl's DNS cache lasts), then its own.  0, or -1 with err filled.
 */
int	hconf_dialmap(struct hconf *c, int connto, const char *arg, char *err);
int	hconf_write_out(struct hconf *c, const char *arg);
int	hconf_proto(unsigned *m, const char *arg, char *unk);

/* What hconf_settle meets, for the command to say. */
enum hconf_ev_kind {
	HCONF_EV_WHY,		/* why: a file read (--netrc's, a list) */
	HCONF_EV_NOMEM,		/* out of memory */
	HCONF_EV_PROXY,		/* text: --proxy's or the environment's */
	HCONF_EV_PROXY_BAD,	/* text: --proxy cannot be read */
	HCONF_EV_NO_URL,	/* no operand and no --urls */
	HCONF_EV_EMPTY,		/* the --urls lists hold no URL */
	HCONF_EV_MORE_OUTS,	/* more -o than URLs, s the first left */
	HCONF_EV_GLOB,		/* text: a pattern (URL n of of, s) bad */
	HCONF_EV_GLOB_MORE,	/* text: the patterns make too many */
	HCONF_EV_NOCRYPTO	/* text: --digest without libcrypto, why */
};

struct hconf_event {
	enum hconf_ev_kind kind;
	int		 warn;		/* said, and the settling goes on */
	const struct httpc_why *why;	/* HCONF_EV_WHY */
	const char	*text;		/* the reason, or NULL */
	const char	*s;		/* the URL, the -o name, or NULL */
	int		 n;		/* the URL, from 1 */
	int		 of;		/* the URLs */
};

/*
 * hconf_settle: c once its options and operands (c->args) are read,
 * settled: the proxies (--proxy checked, the environment read), --netrc's
 * file, the URLs (the operands, the --urls lists', then unless -g those
 * their patterns make), each event told to say(ev, arg) as it is met.
 * Returns 0, -1 after a failure's event, or HCONF_USAGE after the event
 * of a mistake in the command line (HCONF_NOLIB, HCONF_PROXY and
 * HCONF_PROXY_SCHEME and HCONF_PROXY_AUTH after theirs).
 */
int	hconf_settle(struct hconf *c,
	    void (*say)(const struct hconf_event *ev, void *arg), void *arg);

#endif /* HTTP_CONF_H */
