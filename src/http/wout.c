/*
 * http/wout.c: --write-out after a transfer (http/wout.h): the values
 * of the engine's result, and the rendered format written through a
 * buffer a stream, so a line of %{json} goes out in one write.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/engine.h"
#include "http/wout.h"
#include "net/io.h"
#include "parse/http.h"
#include "parse/writeout.h"
#include "util/base.h"
#include "util/file.h"

/* the output, buffered per stream; the first error is kept */
struct wout {
	char		 buf[4096];
	size_t		 n;
	int		 fd;
	int		 err;
	void		(*unknown)(void *, const char *, size_t);
	void		*arg;
};

static void
wout_flush(struct wout *w)
{
	if (w->n > 0 && io_write_all(w->fd, w->buf, w->n) == -1 &&
	    w->err == 0)
		w->err = errno;
	w->n = 0;
}

static void
wout_put(void *arg, int to_stderr, const char *p, size_t n)
{
	struct wout *w = arg;
	int fd = to_stderr ? STDERR_FILENO : STDOUT_FILENO;

	if (fd != w->fd) {
		wout_flush(w);
		w->fd = fd;
	}
	if (w->n + n > sizeof(w->buf))
		wout_flush(w);
	if (n > sizeof(w->buf)) {
		if (io_write_all(fd, p, n) == -1 && w->err == 0)
			w->err = errno;
		return;
	}
	memcpy(w->buf + w->n, p, n);
	w->n += n;
}

static void
wout_unknown(void *arg, const char *p, size_t n)
{
	struct wout *w = arg;

	w->unknown(w->arg, p, n);
}

/* A step of the try in microseconds from its start t0, 0 if none. */
static long long
since(long long t0, long long t)
{
	return t > 0 && t >= t0 ? t - t0 : 0;
}

void
wout_result(struct wo_values *v, const struct httpc_result *res,
    long long t0, long long t_end)
{
	v->http_code = res->status;
	v->time_namelookup = since(t0, res->t_resolved);
	v->time_connect = since(t0, res->t_connected);
	v->time_starttransfer = since(t0, res->t_first);
	v->time_total = since(t0, t_end);
	v->ssl_verify_result = res->ssl_verify;
}

int
wout_write(const char *fmt, size_t len, struct wo_values *v,
    char *head, size_t headlen,
    void (*unknown)(void *, const char *, size_t), void *arg)
{
	static struct wout w;
	struct wo_sink k;
	struct http_resp *resp = NULL;
	char err[SK_ERRLEN];

	if (headlen > 0 && (resp = malloc(sizeof(*resp))) != NULL &&
	    http_head_parse(head, headlen, resp, err) > 0)
		v->resp = resp;
	w.n = 0;
	w.fd = STDOUT_FILENO;
	w.err = 0;
	w.unknown = unknown;
	w.arg = arg;
	k.arg = &w;
	k.put = wout_put;
	k.unknown = wout_unknown;
	wo_render(fmt, len, v, &k);
	wout_flush(&w);
	v->resp = NULL;
	free(resp);
	return w.err;
}

int
wout_load(const char *arg, size_t max, char **fmt, size_t *len)
{
	char *b;
	size_t n;

	free(*fmt);
	if ((*fmt = strdup(arg)) == NULL)
		return -1;
	*len = strlen(arg);
	if (arg[0] != '@')
		return 0;
	if (read_file(arg + 1, max, &b, &n) == -1)
		return -1;
	free(*fmt);
	*fmt = b;
	*len = wo_strip_lines(b, n);
	return 0;
}

void
wout_keep_head(char **head, size_t *len, const char *p, size_t n)
{
	if (n <= HTTP_HEAD_MAX && (*head != NULL || (*head =
	    malloc(HTTP_HEAD_MAX)) != NULL)) {
		memcpy(*head, p, n);
		*len = n;
	}
}
