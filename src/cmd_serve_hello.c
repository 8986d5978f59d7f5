/*
 * cmd_serve_hello.c: sockt serve-hello, the greeting server.  Each client
 * gets "Welcome!", then "Hello, LINE!" for every line it sends, until it
 * sends "exit", closes, or stays idle too long.  Fork per connection
 * through the shared server module.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server.h"
#include "sockt.h"

#define HELLO_MAXLINE	8192		/* longest line, without its end */
#define HELLO_IDLE_MS	60000		/* the default for -i */

static const char usage[] =
    "usage: sockt serve-hello [-46v] [-i secs] [-m max] [--max-per-peer n]\n"
    "                         [addr] port\n";

static const char greeting[] = "Welcome!\n";
static const char too_long[] = "error: line too long (more than 8192 "
    "bytes)\n";

struct hello {
	int	idle_ms;
	int	verbose;
};

/*
 * Append "Hello, LINE!\n" to out, flushing it to fd first if full; a
 * client that stops reading gets idle_ms to take it.
 */
static int
hello_reply(int fd, char *out, size_t outsz, size_t *outlen,
    const char *line, size_t n, int idle_ms)
{
	if (*outlen + n + 9 > outsz) {
		if (io_write_timed(fd, out, *outlen, idle_ms) == -1)
			return -1;
		*outlen = 0;
	}
	memcpy(out + *outlen, "Hello, ", 7);
	memcpy(out + *outlen + 7, line, n);
	memcpy(out + *outlen + 7 + n, "!\n", 2);
	*outlen += n + 9;
	return 0;
}

/*
 * After the overlong-line error: half-close and read what the client
 * still sends, for at most a second and 1 MiB, so that closing with
 * unread input does not reset the connection before the error line has
 * been read.
 */
static void
hello_linger(int fd)
{
	char buf[16384];
	long long end = mono_ms() + 1000;
	size_t total = 0;
	struct pollfd pfd;
	ssize_t r;
	int wait;

	(void)shutdown(fd, SHUT_WR);
	while (total < 1024 * 1024 && (wait = (int)(end - mono_ms())) > 0) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, wait) <= 0)
			break;
		if ((r = read(fd, buf, sizeof(buf))) <= 0) {
			if (r == -1 && (errno == EINTR || errno == EAGAIN))
				continue;
			break;
		}
		total += (size_t)r;
	}
}

/*
 * The child's side of one connection.  TCP is a stream: lines are found
 * in whatever the reads return, so a line split over many segments and
 * many lines in one segment are the same to it.  Returns the exit status.
 */
static int
hello_serve(struct server_conn *c, void *arg)
{
	const struct hello *h = arg;
	char in[HELLO_MAXLINE + 2], out[2 * HELLO_MAXLINE + 64];
	struct pollfd pfd;
	size_t len = 0, outlen = 0, start, n;
	char *nl;
	ssize_t r;
	int rc, eof = 0;

	/* every write is bounded by -i: a client that stops reading cannot
	 * hold a child, or a -m slot, for ever */
	if (net_set_nonblock(c->fd, 1) == -1)
		goto fail;
	if (io_write_timed(c->fd, greeting, sizeof(greeting) - 1,
	    h->idle_ms) == -1)
		goto fail;
	while (!eof) {
		pfd.fd = c->fd;
		pfd.events = POLLIN;
		if ((rc = poll(&pfd, 1, h->idle_ms)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (rc == 0) {
			if (h->verbose)
				msg_warnx("connection from %s port %d: idle "
				    "for %d.%03d s, closing", c->addr,
				    c->port, h->idle_ms / 1000,
				    h->idle_ms % 1000);
			return EXIT_OK;
		}
		if ((r = read(c->fd, in + len, sizeof(in) - len)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			goto fail;
		}
		if (r == 0) {
			/* a last line without its newline is still a line */
			eof = 1;
			if (len == 0)
				break;
			in[len++] = '\n';
		} else
			len += (size_t)r;
		for (start = 0; (nl = memchr(in + start, '\n',
		    len - start)) != NULL; start = (size_t)(nl - in) + 1) {
			n = (size_t)(nl - (in + start));
			if (n > 0 && in[start + n - 1] == '\r')
				n--;
			if (n > HELLO_MAXLINE)
				goto overlong;
			if (n == 4 && memcmp(in + start, "exit", 4) == 0) {
				if (outlen > 0 && io_write_timed(c->fd, out,
				    outlen, h->idle_ms) == -1)
					goto fail;
				return EXIT_OK;
			}
			if (hello_reply(c->fd, out, sizeof(out), &outlen,
			    in + start, n, h->idle_ms) == -1)
				goto fail;
		}
		if (outlen > 0) {
			if (io_write_timed(c->fd, out, outlen,
			    h->idle_ms) == -1)
				goto fail;
			outlen = 0;
		}
		memmove(in, in + start, len - start);
		len -= start;
		if (len == sizeof(in))
			goto overlong;
	}
	return EXIT_OK;

overlong:
	if (outlen > 0)
		(void)io_write_timed(c->fd, out, outlen, h->idle_ms);
	(void)io_write_timed(c->fd, too_long, sizeof(too_long) - 1,
	    h->idle_ms);
	hello_linger(c->fd);
	if (h->verbose)
		msg_warnx("connection from %s port %d: line too long, closing",
		    c->addr, c->port);
	return EXIT_FAIL;
fail:
	if (h->verbose)
		msg_warn("connection from %s port %d", c->addr, c->port);
	return EXIT_FAIL;
}

int
cmd_serve_hello(int argc, char *argv[])
{
	struct opt_state st;
	struct net_opts no;
	struct server_opts so;
	struct endpoint ep;
	struct hello h;
	const char *errstr;
	char err[SK_ERRLEN];
	long long v;
	int c, lfd, rc;
	static const struct opt_long longs[] = {
		{ "max-per-peer", 1, 'P' },
		{ NULL, 0, 0 }
	};

	net_opts_init(&no);
	memset(&so, 0, sizeof(so));
	so.max_children = SERVER_MAX_CHILDREN;
	h.idle_ms = HELLO_IDLE_MS;
	h.verbose = 0;
	opt_init(&st, argc, argv, "46vi:m:", longs);
	while ((c = opt_next(&st)) != -1) {
		switch (c) {
		case '4':
		case '6':
			(void)net_opts_flag(&no, c);
			break;
		case 'v':
			h.verbose = so.verbose = 1;
			break;
		case 'i':
			if (parse_secs_opt("idle timeout", st.arg, 0, &h.idle_ms,
			    err) == -1)
				return msg_usage(usage, "%s", err);
			break;
		case 'm':
			if (parse_num(st.arg, 1, SERVER_MAX_LIMIT, &v,
			    &errstr) == -1)
				return msg_usage(usage, "max children %s: %s "
				    "(1-%d)", st.arg, errstr, SERVER_MAX_LIMIT);
			so.max_children = (int)v;
			break;
		case 'P':
			if (parse_num(st.arg, 0, SERVER_MAX_LIMIT, &v,
			    &errstr) == -1)
				return msg_usage(usage, "--max-per-peer %s: %s "
				    "(0-%d)", st.arg, errstr, SERVER_MAX_LIMIT);
			so.max_per_peer = (int)v;
			break;
		case 'h':
			return msg_help(usage);
		default:
			return msg_usage(usage, "%s", st.err);
		}
	}
	if (endpoint_parse(st.argc, st.argv, EP_LISTEN, &ep, err) == -1)
		return msg_usage(usage, "%s", err);
	if ((lfd = server_listen(&ep, &no, so.verbose, err)) == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	so.serve = hello_serve;
	so.arg = &h;
	rc = server_run(lfd, &so, err);
	close(lfd);
	if (rc == -1) {
		msg_warnx("%s", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
