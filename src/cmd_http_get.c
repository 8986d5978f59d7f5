/*
 * cmd_http_get.c: sockt http-get, an HTTP/1.1 client in the spirit of
 * curl: strict framing (a short body is an error, never a silently
 * truncated file), redirects, atomic -o, and a body that moves with
 * splice(2) on Linux.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE		/* splice, F_SETPIPE_SZ */
#endif

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "http.h"
#include "msg.h"
#include "net.h"
#include "num.h"
#include "opt.h"
#include "relay.h"
#include "sockt.h"
#include "url.h"

#define EXIT_HTTP	22		/* -f and a status of 400 or more */
#define BUFSZ		(512 * 1024)	/* head and body reads */
#define REQSZ		(16 * 1024)	/* the request head */
#define PIPESZ		(1024 * 1024)	/* splice pipe, when allowed */
#define PROGRESS_MS	250
#define INTERIM_MAX	32		/* 1xx heads before the final one */

static const char usage[] =
    "usage: sockt http-get [-fIiLsv] [-A agent] [-D file] [-H header]... "
    "[-m secs]\n"
    "                      [-o file | -O] [-w secs] [--idle-timeout secs]\n"
    "                      [--max-redirs n] URL\n"
    "  -A agent   User-Agent (default sockt/" SOCKT_VERSION ")\n"
    "  -D file    write the response heads to file (- for stdout)\n"
    "  -f         fail with exit status 22 on an HTTP status of 400 or more\n"
    "             or outside 100-599\n"
    "  -H header  add or replace a header ('Name: value'; 'Name:' drops it)\n"
    "  -I         send HEAD and show the response head\n"
    "  -i         put the response heads, 1xx ones too, before the body\n"
    "  -L         follow redirects (at most --max-redirs, default 10)\n"
    "  -m secs    limit the whole transfer\n"
    "  -O         write to a file named after the URL's last segment\n"
    "  -o file    write the body to file, atomically (- for stdout)\n"
    "  -s         silent: no progress bar, no chatter\n"
    "  -v         show the request and response heads on stderr\n"
    "  -w secs    connect timeout (default 10)\n"
    "  --idle-timeout secs  give up when no data arrives for this long\n";

static const struct opt_long longs[] = {
	{ "dump-header",	1, 'D' },
	{ "fail",		0, 'f' },
	{ "head",		0, 'I' },
	{ "header",		1, 'H' },
	{ "include",		0, 'i' },
	{ "location",		0, 'L' },
	{ "max-redirs",		1, 'R' },
	{ "max-time",		1, 'm' },
	{ "output",		1, 'o' },
	{ "remote-name",	0, 'O' },
	{ "silent",		0, 's' },
	{ "user-agent",		1, 'A' },
	{ "verbose",		0, 'v' },
	{ "connect-timeout",	1, 'w' },
	{ "idle-timeout",	1, 'T' },
	{ NULL,			0, 0 }
};

struct opts {
	int		  fail, head, include, location, silent, verbose;
	int		  remote_name;
	const char	 *agent, *dump, *out;
	char		**headers;
	int		  nheaders;
	int		  connect_ms, max_ms;
	int		  idle_ms;	/* 0: none */
	long long	  max_redirs;	/* -1: no limit */
};

/* The output: stdout, a device as it is, or a temporary file renamed. */
struct output {
	const char	*path;		/* NULL: stdout */
	const char	*dest;		/* path, or the target of its symlink */
	int		 fd;		/* -1 until opened */
	int		 is_tmp;
	int		 splice_ok;	/* a regular file, no O_APPEND */
	int		 is_pipe;	/* a blocking pipe: splice directly */
	int		 is_tty;
	int		 keep;		/* a 304: FILE stays as it was */
};

/* One connection and its read buffer. */
struct conn {
	int		 s;
	char		*buf;
	size_t		 len, off;	/* unread bytes: buf[off .. len) */
	long long	 deadline;	/* ms, or -1 */
	int		 armed_ms;	/* SO_RCVTIMEO in force, 0 none */
	const struct opts *o;
};

struct progress {
	int		 on;
	uint64_t	 done, total;	/* total 0: unknown */
	long long	 start, last;
	int		 shown;
};

/* The temporary file, for the signal handler to remove. */
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_live;

static void
on_signal(int sig)
{
	if (tmp_live)
		(void)unlink(tmp_path);
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

/*
 * Remove the temporary file on the signals that would end us, and put
 * the caller's actions back after.  A signal the caller ignored (nohup,
 * SIGINT in a background job) stays ignored: it must not end a download.
 */
static void
tmp_guard(int on)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM };
	static struct sigaction old[3];
	static int caught[3];
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (!on) {
			if (caught[i])
				(void)sigaction(sigs[i], &old[i], NULL);
			caught[i] = 0;
		} else if (!caught[i] &&
		    sigaction(sigs[i], NULL, &old[i]) == 0 &&
		    ((old[i].sa_flags & SA_SIGINFO) ||
		    old[i].sa_handler != SIG_IGN) &&
		    sigaction(sigs[i], &sa, NULL) == 0)
			caught[i] = 1;
	}
}

/*
 * Open the output when the first byte is due: stdout, an existing
 * non-regular file as it is (/dev/null, a fifo), or a temporary file
 * beside FILE (or the file its symlink names) that out_finish renames
 * into place.
 */
static int
out_open(struct output *out)
{
	static char real[PATH_MAX];
	struct stat st;
	const char *slash, *base;
	mode_t mask;
	int n, fl;

	if (out->fd != -1)
		return 0;
	if (out->path == NULL) {
		out->fd = STDOUT_FILENO;
	} else if (stat(out->path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((out->fd = open(out->path, O_WRONLY | O_CLOEXEC)) == -1) {
			msg_warn("%s", out->path);
			return -1;
		}
	} else {
		/*
		 * Write through a symlink, as curl does: the temporary file
		 * goes beside the target and replaces it, not the link.
		 */
		out->dest = out->path;
		if (lstat(out->path, &st) == 0 && S_ISLNK(st.st_mode)) {
			if (realpath(out->path, real) == NULL) {
				msg_warn("%s", out->path);
				return -1;
			}
			out->dest = real;
		}
		slash = strrchr(out->dest, '/');
		base = slash ? slash + 1 : out->dest;
		n = snprintf(tmp_path, sizeof(tmp_path), "%.*s.%s.sockt-XXXXXX",
		    (int)(base - out->dest), out->dest, base);
		if (n < 0 || (size_t)n >= sizeof(tmp_path)) {
			msg_warnx("%s: file name too long", out->path);
			return -1;
		}
		tmp_guard(1);
		if ((out->fd = mkstemp(tmp_path)) == -1) {
			msg_warn("%s", out->path);
			tmp_guard(0);
			return -1;
		}
		tmp_live = 1;
		out->is_tmp = 1;
		/* the mode a plain create would give, or the old file's */
		mask = umask(0);
		(void)umask(mask);
		if (fchmod(out->fd, stat(out->dest, &st) == 0 ?
		    (st.st_mode & 07777) : (0666 & ~mask)) == -1) {
			msg_warn("%s", out->path);
			return -1;
		}
		(void)fcntl(out->fd, F_SETFD, FD_CLOEXEC);
	}
	if (fstat(out->fd, &st) == 0 && (fl = fcntl(out->fd, F_GETFL)) != -1) {
		out->splice_ok = S_ISREG(st.st_mode) && !(fl & O_APPEND);
		out->is_pipe = S_ISFIFO(st.st_mode) && !(fl & O_NONBLOCK);
	}
	out->is_tty = isatty(out->fd);
	return 0;
}

/* Remove the temporary file: the old FILE stays as it was. */
static void
out_abort(struct output *out)
{
	if (out->is_tmp && tmp_live) {
		(void)close(out->fd);
		(void)unlink(tmp_path);
		tmp_live = 0;
		tmp_guard(0);
	} else if (out->fd > STDERR_FILENO)
		(void)close(out->fd);
	out->fd = -1;
}

static int
out_finish(struct output *out)
{
	int rc = 0;

	if (out->fd == -1 && out->path != NULL && out_open(out) == -1)
		return -1;	/* an empty body still makes the file */
	if (out->is_tmp) {
		if (close(out->fd) == -1 || rename(tmp_path, out->dest) == -1) {
			msg_warn("%s", out->path);
			(void)unlink(tmp_path);
			rc = -1;
		}
		tmp_live = 0;
		tmp_guard(0);
	} else if (out->fd > STDERR_FILENO && close(out->fd) == -1) {
		msg_warn("%s", out->path);
		rc = -1;
	}
	out->fd = -1;
	return rc;
}

static int
out_write(struct output *out, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (out_open(out) == -1)
		return -1;
	if (io_write_all(out->fd, p, n) == -1) {
		/* a reader of stdout that went away needs no message */
		if (!(out->path == NULL && errno == EPIPE))
			msg_warn("%s", out->path ? out->path : "stdout");
		return -1;
	}
	return 0;
}

static void
fmt_size(char *b, size_t cap, double v)
{
	static const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int u = 0;

	while (v >= 1024 && u < 4) {
		v /= 1024;
		u++;
	}
	snprintf(b, cap, u == 0 ? "%.0f %s" : "%.1f %s", v, unit[u]);
}

static void
progress_show(struct progress *p, int final)
{
	char line[160], done[32], rate[32];
	long long now = mono_ms(), el;
	double bps;
	int n;

	if (!p->on || (!final && now - p->last < PROGRESS_MS))
		return;
	p->last = now;
	el = now - p->start;
	bps = el > 0 ? (double)p->done * 1000.0 / (double)el : 0;
	fmt_size(done, sizeof(done), (double)p->done);
	fmt_size(rate, sizeof(rate), bps);
	if (p->total > 0) {
		long long eta = bps > 0 ? (long long)((double)(p->total -
		    (p->done < p->total ? p->done : p->total)) / bps) : 0;

		n = snprintf(line, sizeof(line), "\r%12s %12s/s %3d%%  ETA "
		    "%lld:%02lld:%02lld ", done, rate, (int)(p->done * 100 /
		    p->total), eta / 3600, eta / 60 % 60, eta % 60);
	} else
		n = snprintf(line, sizeof(line), "\r%12s %12s/s ", done, rate);
	if (n > 0 && (size_t)n < sizeof(line)) {
		if (final && (size_t)n + 1 < sizeof(line))
			line[n++] = '\n';
		(void)io_write_all(STDERR_FILENO, line, (size_t)n);
		p->shown = 1;
	}
}

static void
progress_end(struct progress *p)
{
	/* the last line stays, even for a transfer too quick to show one */
	if (p->on)
		progress_show(p, 1);
	p->on = 0;
}

/*
 * Keep SO_RCVTIMEO at the idle timeout, or the time left for -m when
 * that is shorter, so a stalled read (or splice) fails in time with no
 * poll(2) per read.  With -m it is reset only when 100 ms too generous,
 * which keeps the setsockopt off the path of every read.  Returns -1
 * once the time is up (errno ETIMEDOUT).
 */
static int
conn_arm(struct conn *c)
{
	struct timeval tv;
	long long want = -1;

	if (c->deadline != -1) {
		want = c->deadline - mono_ms();
		if (want <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	if (c->o->idle_ms > 0 && (want == -1 || c->o->idle_ms < want))
		want = c->o->idle_ms;
	if (want == -1 || (c->armed_ms != 0 && c->armed_ms - want < 100))
		return 0;
	tv.tv_sec = (time_t)(want / 1000);
	tv.tv_usec = (suseconds_t)(want % 1000 * 1000);
	if (setsockopt(c->s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1)
		return -1;
	c->armed_ms = (int)want;
	return 0;
}

/* read(2) with EINTR handled and a read timeout turned into ETIMEDOUT. */
static ssize_t
conn_read(struct conn *c, void *p, size_t n)
{
	ssize_t r;

	if (conn_arm(c) == -1)
		return -1;
	while ((r = read(c->s, p, n)) == -1 && errno == EINTR)
		;
	if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		errno = ETIMEDOUT;
	return r;
}

static void
say_read_error(const struct conn *c)
{
	if (errno == ETIMEDOUT && c->deadline != -1 &&
	    (c->o->idle_ms <= 0 || c->deadline - mono_ms() < c->o->idle_ms))
		msg_warnx("operation timed out after %d ms",
		    c->o->max_ms);
	else if (errno == ETIMEDOUT && c->o->idle_ms > 0)
		msg_warnx("no data for %d ms (idle timeout)", c->o->idle_ms);
	else
		msg_warn("read");
}

/* -v: each line of a head, CR dropped, after a prefix. */
static void
show_head(const char *prefix, const char *p, size_t n)
{
	const char *lf;
	size_t l;

	while (n > 0) {
		lf = memchr(p, '\n', n);
		l = lf ? (size_t)(lf - p) : n;
		if (l == 0 || (l == 1 && p[0] == '\r'))
			break;
		fprintf(stderr, "%s%.*s\n", prefix, (int)(l > 0 &&
		    p[l - 1] == '\r' ? l - 1 : l), p);
		if (lf == NULL)
			break;
		n -= l + 1;
		p += l + 1;
	}
}

static int	emit_head(const struct opts *, struct output *, int *,
		    const char *, size_t);

/*
 * Read until a whole final response head is in c->buf at c->off, passing
 * 1xx interim responses to -i, -D and -v as curl does.  All the heads
 * together must fit in HTTP_HEAD_MAX, and there may be INTERIM_MAX
 * interim ones at most: a server that sends 100 Continue forever is
 * stopped here, not by -m.  Returns 0, or -1 after saying why.
 */
static int
read_head(struct conn *c, struct http_resp *r, struct output *out,
    int *dump_fd)
{
	char err[SK_ERRLEN];
	size_t total = 0;	/* bytes of the interim heads so far */
	long hl;
	int ninterim = 0;
	ssize_t n;

	for (;;) {
		hl = c->len > c->off ? http_head_parse(c->buf + c->off,
		    c->len - c->off, r, err) : 0;
		if (hl == -1) {
			msg_warnx("protocol error: %s", err);
			return -1;
		}
		if ((hl > 0 && total + (size_t)hl > HTTP_HEAD_MAX) ||
		    (hl == 0 && total + c->len - c->off >= HTTP_HEAD_MAX)) {
			msg_warnx("protocol error: response heads too large "
			    "(over %d bytes, %d interim)", HTTP_HEAD_MAX,
			    ninterim);
			return -1;
		}
		if (hl > 0) {
			if (http_status_class(r->status) != 1)
				return 0;
			if (r->status == 101) {
				if (c->o->verbose)
					show_head("< ", c->buf + c->off,
					    (size_t)hl);
				msg_warnx("protocol error: unexpected 101 "
				    "Switching Protocols");
				return -1;
			}
			if (++ninterim > INTERIM_MAX) {
				msg_warnx("protocol error: too many interim "
				    "responses (over %d)", INTERIM_MAX);
				return -1;
			}
			/* 100 Continue and the like */
			if (emit_head(c->o, out, dump_fd, c->buf + c->off,
			    (size_t)hl) == -1)
				return -1;
			c->off += (size_t)hl;
			total += (size_t)hl;
			continue;
		}
		if (c->off > 0 && c->len == BUFSZ) {
			memmove(c->buf, c->buf + c->off, c->len - c->off);
			c->len -= c->off;
			c->off = 0;
		}
		n = conn_read(c, c->buf + c->len, BUFSZ - c->len);
		if (n == -1) {
			say_read_error(c);
			return -1;
		}
		if (n == 0) {
			if (c->len == c->off)
				msg_warnx("empty reply from server");
			else
				msg_warnx("connection closed inside the "
				    "response head");
			return -1;
		}
		c->len += (size_t)n;
	}
}

/* Deliver body bytes: the progress bar and the output. */
static int
deliver(struct output *out, struct progress *pg, const char *p, size_t n)
{
	if (out_write(out, p, n) == -1)
		return -1;
	pg->done += n;
	progress_show(pg, 0);
	return 0;
}

#ifdef __linux__

/*
 * Move up to *left bytes (or everything until EOF when unlimited) from
 * the socket to the output without copying through user space: socket
 * -> output pipe directly, or socket -> pipe -> file.  Returns 1 when
 * done (EOF or *left reached), 0 when splice is not possible here and
 * nothing was moved (the caller falls back to read/write), -1 after
 * saying why.
 */
static int
body_splice(struct conn *c, struct output *out, struct progress *pg,
    uint64_t *left, int unlimited)
{
	int p[2] = { -1, -1 }, rc = -1, first = 1;
	ssize_t n, m;
	size_t want, cap = PIPESZ;

	if (out_open(out) == -1)
		return -1;
	if (!out->splice_ok && !out->is_pipe)
		return 0;
	if (!out->is_pipe) {
		if (pipe(p) == -1)
			return 0;
		/* a bigger pipe means fewer trips; the default is 64 KiB */
		if (fcntl(p[1], F_SETPIPE_SZ, PIPESZ) == -1)
			cap = 64 * 1024;
	}
	while (unlimited || *left > 0) {
		want = unlimited || *left > cap ? cap : (size_t)*left;
		if (conn_arm(c) == -1) {
			say_read_error(c);
			goto done;
		}
		n = splice(c->s, NULL, out->is_pipe ? out->fd : p[1], NULL,
		    want, SPLICE_F_MOVE | SPLICE_F_MORE);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (first && io_splice_unsupported(errno)) {
				rc = 0;
				goto done;
			}
			if (errno == EAGAIN)
				errno = ETIMEDOUT;
			if (errno == EPIPE && out->path == NULL)
				goto done;	/* stdout went away */
			say_read_error(c);
			goto done;
		}
		first = 0;
		if (n == 0) {
			rc = 1;
			goto done;
		}
		for (m = n; !out->is_pipe && m > 0; ) {
			ssize_t k = splice(p[0], NULL, out->fd, NULL, (size_t)m,
			    SPLICE_F_MOVE | SPLICE_F_MORE);

			if (k == -1 && errno == EINTR)
				continue;
			if (k <= 0) {
				msg_warn("%s", out->path ? out->path :
				    "stdout");
				goto done;
			}
			m -= k;
		}
		if (!unlimited)
			*left -= (uint64_t)n;
		pg->done += (uint64_t)n;
		progress_show(pg, 0);
	}
	rc = 1;
done:
	if (p[0] != -1) {
		(void)close(p[0]);
		(void)close(p[1]);
	}
	return rc;
}
#endif

/* A body of known length (or, unlimited, one that ends at close). */
static int
body_plain(struct conn *c, struct output *out, struct progress *pg,
    uint64_t length, int unlimited)
{
	uint64_t left = length;
	size_t n = c->len - c->off;
	ssize_t r;

	if (!unlimited && (uint64_t)n > left)
		n = (size_t)left;	/* what follows is no body */
	if (deliver(out, pg, c->buf + c->off, n) == -1)
		return -1;
	left -= n;
	c->off = c->len = 0;
#ifdef __linux__
	if (unlimited || left > 0) {
		int k = body_splice(c, out, pg, &left, unlimited);

		if (k == -1)
			return -1;
		if (k == 1)
			goto check;
	}
#endif
	while (unlimited || left > 0) {
		n = BUFSZ;
		if (!unlimited && left < (uint64_t)n)
			n = (size_t)left;
		if ((r = conn_read(c, c->buf, n)) == -1) {
			say_read_error(c);
			return -1;
		}
		if (r == 0)
			break;
		if (deliver(out, pg, c->buf, (size_t)r) == -1)
			return -1;
		if (!unlimited)
			left -= (uint64_t)r;
	}
#ifdef __linux__
check:
#endif
	if (!unlimited && left > 0) {
		msg_warnx("transfer closed with %llu bytes remaining",
		    (unsigned long long)left);
		return -1;
	}
	return 0;
}

static int
body_chunked(struct conn *c, struct output *out, struct progress *pg)
{
	struct http_chunked ch;
	char err[SK_ERRLEN];
	size_t got;
	ssize_t r;
	long k;

	http_chunked_init(&ch);
	for (;;) {
		if (c->len > c->off) {
			k = http_chunked_decode(&ch, c->buf + c->off,
			    c->len - c->off, &got, err);
			if (k == -1) {
				msg_warnx("protocol error: %s", err);
				return -1;
			}
			if (deliver(out, pg, c->buf + c->off, got) == -1)
				return -1;
		}
		if (http_chunked_done(&ch))
			return 0;
		c->off = c->len = 0;
		if ((r = conn_read(c, c->buf, BUFSZ)) == -1) {
			say_read_error(c);
			return -1;
		}
		if (r == 0) {
			msg_warnx("transfer closed inside the chunked body");
			return -1;
		}
		c->len = (size_t)r;
	}
}

/*
 * The proxy for this URL from http_proxy and no_proxy: 1 with *proxy
 * filled, 0 for none, or -1 with why (SK_ERRLEN) filled.
 */
static int
proxy_for(const struct url *u, struct url *proxy, char *why)
{
	const char *env = getenv("http_proxy"), *np;
	char err[SK_ERRLEN];

	if (env == NULL || *env == '\0')
		return 0;
	np = getenv("no_proxy");
	if (np == NULL)
		np = getenv("NO_PROXY");
	if (url_no_proxy(np, u))
		return 0;
	if (url_parse(env, proxy, err) == -1) {
		snprintf(why, SK_ERRLEN, "http_proxy: bad proxy URL: %.*s",
		    SK_ERRLEN - 32, err);
		return -1;
	}
	if (!proxy->port_given) {
		proxy->port_num = 1080;	/* as curl does */
		snprintf(proxy->port, sizeof(proxy->port), "1080");
	}
	return 1;
}

static int
is_redirect(int status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

/*
 * Headers from -H that go only to the host the user named: credentials,
 * and a Host that names that host (as curl does, another host gets its
 * own name).
 */
static int
header_private(const char *h)
{
	return strncasecmp(h, "Authorization", 13) == 0 ||
	    strncasecmp(h, "Cookie", 6) == 0 ||
	    (strncasecmp(h, "Host", 4) == 0 && (h[4] == ':' || h[4] == ';'));
}

/* Write the head where -i, -D and -v want it; -1 after saying why. */
static int
emit_head(const struct opts *o, struct output *out, int *dump_fd,
    const char *p, size_t n)
{
	if (o->verbose)
		show_head("< ", p, n);
	if (o->include && out_write(out, p, n) == -1)
		return -1;
	if (o->dump != NULL) {
		if (*dump_fd == -1) {
			if (strcmp(o->dump, "-") == 0)
				*dump_fd = STDOUT_FILENO;
			else if ((*dump_fd = open(o->dump, O_WRONLY | O_CREAT |
			    O_TRUNC | O_CLOEXEC, 0666)) == -1) {
				msg_warn("%s", o->dump);
				return -1;
			}
		}
		if (io_write_all(*dump_fd, p, n) == -1) {
			msg_warn("%s", o->dump);
			return -1;
		}
	}
	return 0;
}

/*
 * One request and its response.  Returns the exit status when the
 * transfer is over, or -2 with *next filled when a redirect is to be
 * followed.
 */
static int
transfer(const struct opts *o, const struct url *u, const struct url *orig,
    int head, struct output *out, int *dump_fd, struct url *next,
    long long deadline, char *buf)
{
	struct http_req rq;
	struct http_resp *r;
	struct opts noinc;
	const struct opts *eo;
	struct url proxy;
	struct net_opts no;
	struct conn c;
	struct progress pg;
	enum http_body_kind kind;
	uint64_t length;
	const struct http_field *loc;
	char err[SK_ERRLEN], host[SK_HOSTLEN + 16];
	char target[URL_PATHLEN + SK_HOSTLEN + 16], *req = NULL, **hdrs = NULL;
	char addr[SK_HOSTLEN];
	long rl;
	int i, use_proxy, status = EXIT_FAIL, port, nh = 0;

	memset(&c, 0, sizeof(c));
	c.s = -1;
	c.buf = buf;
	c.deadline = deadline;
	c.o = o;
	if ((r = malloc(sizeof(*r))) == NULL ||
	    (req = malloc(REQSZ)) == NULL ||
	    (o->nheaders > 0 && (hdrs = calloc((size_t)o->nheaders,
	    sizeof(*hdrs))) == NULL)) {
		msg_warn("malloc");
		free(req);
		free(r);
		return EXIT_FAIL;
	}

	/* the request */
	if ((use_proxy = proxy_for(u, &proxy, err)) == -1) {
		msg_warnx("%s", err);
		goto out;
	}
	if (url_authority(u, host, sizeof(host)) == -1) {
		msg_warnx("host name too long");
		goto out;
	}
	memset(&rq, 0, sizeof(rq));
	rq.method = head ? "HEAD" : "GET";
	rq.host = host;
	rq.agent = o->agent;
	if (use_proxy) {
		(void)url_string(u, target, sizeof(target));
		rq.target = target;
		if (proxy.has_auth) {
			rq.proxy_user = proxy.user;
			rq.proxy_pass = proxy.pass;
		}
	} else
		rq.target = u->path;
	if (u->has_auth) {
		rq.user = u->user;
		rq.pass = u->pass;
	}
	for (i = 0; i < o->nheaders; i++)
		if (url_same_origin(u, orig) || !header_private(o->headers[i]))
			hdrs[nh++] = o->headers[i];
	rq.headers = hdrs;
	rq.nheaders = nh;
	if ((rl = http_request_build(&rq, req, REQSZ, err)) == -1) {
		msg_warnx("%s", err);
		goto out;
	}

	/* the connection */
	memset(&no, 0, sizeof(no));
	no.family = AF_UNSPEC;
	no.timeout_ms = o->connect_ms;
	if (deadline != -1) {
		long long left = deadline - mono_ms();

		if (left <= 0) {
			msg_warnx("operation timed out after %d ms", o->max_ms);
			goto out;
		}
		if (no.timeout_ms <= 0 || left < no.timeout_ms)
			no.timeout_ms = (int)left;
	}
	c.s = use_proxy ? net_dial(proxy.host, proxy.port, &no, err) :
	    net_dial(u->host, u->port, &no, err);
	if (c.s == -1) {
		if (use_proxy)
			msg_warnx("proxy %s", err);
		else
			msg_warnx("%s", err);
		goto out;
	}
	if (o->verbose) {
		if (net_peer_str(c.s, addr, sizeof(addr), &port) == 0)
			fprintf(stderr, "* connected to %s port %d%s\n", addr,
			    port, use_proxy ? " (proxy)" : "");
		show_head("> ", req, (size_t)rl);
	}
	if (io_write_all(c.s, req, (size_t)rl) == -1) {
		msg_warn("%s port %s: write", use_proxy ? proxy.host :
		    u->host, use_proxy ? proxy.port : u->port);
		goto out;
	}

	/* the response */
	if (read_head(&c, r, out, dump_fd) == -1)
		goto out;
	if (o->location && is_redirect(r->status) &&
	    (loc = http_field_get(r, "Location")) != NULL) {
		char ref[URL_PATHLEN + SK_HOSTLEN];

		if (o->verbose)
			show_head("< ", c.buf + c.off, r->head_len);
		if (o->include || o->dump != NULL) {
			struct opts q = *o;

			q.verbose = 0;
			if (emit_head(&q, out, dump_fd, c.buf + c.off,
			    r->head_len) == -1)
				goto out;
		}
		if (loc->vlen >= sizeof(ref)) {
			msg_warnx("redirect location too long");
			goto out;
		}
		memcpy(ref, loc->value, loc->vlen);
		ref[loc->vlen] = '\0';
		if (url_resolve(u, ref, next, err) == -1) {
			msg_warnx("redirect: %s", err);
			goto out;
		}
		status = r->status == 303 ? -3 : -2;
		goto out;
	}
	if (o->fail && http_status_class(r->status) >= 4) {
		if (o->verbose)
			show_head("< ", c.buf + c.off, r->head_len);
		(void)url_string(u, target, sizeof(target));
		msg_warnx("%s: server returned %d %.*s", target, r->status,
		    (int)(r->rlen > 80 ? 80 : r->rlen), r->reason);
		status = EXIT_HTTP;
		goto out;
	}
	if (http_body_framing(r, head, &kind, &length, err) == -1) {
		msg_warnx("protocol error: %s", err);
		goto out;
	}
	/*
	 * A 304 says the user's copy is current: -o and -O leave FILE as it
	 * was, neither created nor truncated, as curl does; the head still
	 * goes to -D, -v and, with -i, to stdout.  With -I the head is what
	 * was asked for and goes to FILE as for any status.
	 */
	eo = o;
	if (r->status == 304 && !head && out->path != NULL) {
		out->keep = 1;
		noinc = *o;
		noinc.include = 0;
		eo = &noinc;
	}
	if (emit_head(eo, out, dump_fd, c.buf + c.off, r->head_len) == -1)
		goto out;
	c.off += r->head_len;

	/* the body */
	memset(&pg, 0, sizeof(pg));
	if (kind != HTTP_BODY_NONE && !o->silent && isatty(STDERR_FILENO)) {
		if (out_open(out) == -1)
			goto out;
		pg.on = !out->is_tty;
		pg.start = pg.last = mono_ms();
		pg.total = kind == HTTP_BODY_LENGTH ? length : 0;
	}
	switch (kind) {
	case HTTP_BODY_NONE:
		status = EXIT_OK;
		break;
	case HTTP_BODY_LENGTH:
		status = body_plain(&c, out, &pg, length, 0) == 0 ? EXIT_OK :
		    EXIT_FAIL;
		break;
	case HTTP_BODY_CLOSE:
		status = body_plain(&c, out, &pg, 0, 1) == 0 ? EXIT_OK :
		    EXIT_FAIL;
		break;
	case HTTP_BODY_CHUNKED:
		status = body_chunked(&c, out, &pg) == 0 ? EXIT_OK : EXIT_FAIL;
		break;
	}
	progress_end(&pg);
out:
	if (c.s != -1)
		(void)close(c.s);
	free(hdrs);
	free(req);
	free(r);
	return status;
}

static int
parse_opts(int argc, char **argv, struct opts *o, const char **urlarg)
{
	struct opt_state st;
	const char *errstr;
	char err[SK_ERRLEN];
	int c;

	memset(o, 0, sizeof(*o));
	o->agent = "sockt/" SOCKT_VERSION;
	o->connect_ms = NET_CONNECT_TIMEOUT_MS;
	o->max_redirs = 10;
	if ((o->headers = calloc((size_t)argc, sizeof(char *))) == NULL) {
		msg_warn("malloc");
		return EXIT_FAIL;
	}
	opt_init(&st, argc, argv, "fIiLsvOA:D:H:m:o:w:", longs);
	while ((c = opt_next(&st)) != -1) {
		errstr = NULL;
		switch (c) {
		case 'f':
			o->fail = 1;
			break;
		case 'I':
			o->head = o->include = 1;
			break;
		case 'i':
			o->include = 1;
			break;
		case 'L':
			o->location = 1;
			break;
		case 's':
			o->silent = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'O':
			o->remote_name = 1;
			break;
		case 'A':
			/* the same rule as for a -H value */
			if (!http_value_ok(st.arg))
				return msg_usage(usage, "user agent contains "
				    "a control character");
			o->agent = st.arg;
			break;
		case 'D':
			o->dump = st.arg;
			break;
		case 'H':
			if (http_header_check(st.arg, err) == -1)
				return msg_usage(usage, "%s", err);
			o->headers[o->nheaders++] = st.arg;
			break;
		case 'm':
			if (parse_secs_opt("max time", st.arg, 0, &o->max_ms,
			    err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'o':
			o->out = st.arg;
			break;
		case 'w':
			if (parse_secs_opt("connect timeout", st.arg, 0,
			    &o->connect_ms, err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'T':
			if (parse_secs_opt("idle timeout", st.arg, 0,
			    &o->idle_ms, err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'R':
			if (strcmp(st.arg, "-1") == 0)
				o->max_redirs = -1;
			else if (parse_num(st.arg, 0, 1000, &o->max_redirs,
			    &errstr) == -1)
				return msg_usage(usage, "max redirects %s: %s",
				    st.arg, errstr);
			break;
		case 'h':
			return msg_help(usage);
		default:
			return msg_usage(usage, "%s", st.err);
		}
	}
	if (st.argc == 0)
		return msg_usage(usage, "missing URL");
	if (st.argc > 1)
		return msg_usage(usage, "too many operands: %s", st.argv[1]);
	if (o->out != NULL && o->remote_name)
		return msg_usage(usage, "-o and -O do not go together");
	*urlarg = st.argv[0];
	return -1;
}

int
cmd_http_get(int argc, char *argv[])
{
	struct opts o;
	struct url *u, *next, *orig, *tmp;
	struct output out;
	const char *urlarg = NULL;
	char err[SK_ERRLEN], name[PATH_MAX], **seen = NULL, *buf = NULL;
	long long deadline, nredirs = 0;
	int status, i, nseen = 0, head, dump_fd = -1;

	if ((status = parse_opts(argc, argv, &o, &urlarg)) != -1) {
		free(o.headers);
		return status;
	}
	status = EXIT_FAIL;
	u = malloc(sizeof(*u));
	next = malloc(sizeof(*next));
	orig = malloc(sizeof(*orig));
	buf = malloc(BUFSZ);
	if (u == NULL || next == NULL || orig == NULL || buf == NULL) {
		msg_warn("malloc");
		goto done;
	}
	if (url_parse(urlarg, u, err) == -1) {
		msg_warnx("%s", err);
		status = EXIT_USAGE;
		goto done;
	}
	*orig = *u;
	memset(&out, 0, sizeof(out));
	out.fd = -1;
	if (o.out != NULL && strcmp(o.out, "-") != 0)
		out.path = o.out;
	if (o.remote_name) {
		if (url_filename(u, name, sizeof(name), err) == -1) {
			msg_warnx("%s", err);
			status = EXIT_USAGE;
			goto done;
		}
		out.path = name;
	}
	deadline = o.max_ms > 0 ? mono_ms() + o.max_ms : -1;
	head = o.head;
	for (;;) {
		status = transfer(&o, u, orig, head, &out, &dump_fd, next,
		    deadline, buf);
		if (status != -2 && status != -3)
			break;
		/* a redirect */
		if (status == -3)
			head = o.head;	/* 303: GET (or HEAD still) */
		if (o.max_redirs != -1 && nredirs >= o.max_redirs) {
			msg_warnx("too many redirects (at most %lld)",
			    o.max_redirs);
			status = EXIT_FAIL;
			break;
		}
		nredirs++;
		/* a URL met before is a loop: stop now, not after n trips */
		{
			char s[URL_PATHLEN + SK_HOSTLEN + 16], **ns;

			if (url_string(u, s, sizeof(s)) == -1 ||
			    (ns = realloc(seen, (size_t)(nseen + 1) *
			    sizeof(*seen))) == NULL) {
				msg_warn("redirect");
				status = EXIT_FAIL;
				break;
			}
			seen = ns;
			if ((seen[nseen] = strdup(s)) == NULL) {
				msg_warn("redirect");
				status = EXIT_FAIL;
				break;
			}
			nseen++;
			if (url_string(next, s, sizeof(s)) == -1)
				s[0] = '\0';
			for (i = 0; i < nseen; i++)
				if (strcmp(seen[i], s) == 0)
					break;
			if (i < nseen) {
				msg_warnx("redirect loop: %s", s);
				status = EXIT_FAIL;
				break;
			}
			if (o.verbose)
				fprintf(stderr, "* redirect to %s\n", s);
		}
		tmp = u;
		u = next;
		next = tmp;
	}
	if (status == EXIT_OK && !out.keep) {
		if (out_finish(&out) == -1)
			status = EXIT_FAIL;
	} else
		out_abort(&out);
	if (dump_fd > STDERR_FILENO && close(dump_fd) == -1) {
		msg_warn("%s", o.dump);
		status = EXIT_FAIL;
	}
done:
	for (i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	free(u);
	free(next);
	free(orig);
	free(buf);
	free(o.headers);
	return status;
}
