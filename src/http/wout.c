/*
 * http/wout.c: --write-out after a transfer (http/wout.h): the values
 * of the engine's result, and the rendered format written through a
 * buffer a stream, so a line of %{json} goes out in one write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/engine.h"
#include "http/wout.h"
#include "net/io.h"
#include "parse/http.h"
#include "parse/url.h"
#include "parse/writeout.h"
#include "util/base.h"
#include "util/clock.h"
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
wout_try_reset(struct wout_try *w)
{
	w->req_bytes = 0;
	w->conns = w->t_redirect = 0;
	w->lport = w->num_certs = 0;
	w->lip[0] = '\0';
	free(w->certs);
	w->certs = NULL;
}

void
wout_hop(struct wout_try *w, const struct httpm_end *end)
{
	const struct httpc_result *res = end->res;

	w->req_bytes += res->req_bytes;
	/* it connected for this hop, or took a kept connection */
	if (res->t_connected != 0)
		w->conns++;
	/* curl's certinfo is the try's last handshake's, if any */
	if (res->t_appconnect != 0) {
		w->num_certs = res->num_certs;
		free(w->certs);
		w->certs = end->certs != NULL ? strdup(end->certs) : NULL;
	}
	if (end->peer != NULL) {
		(void)snprintf(w->lip, sizeof(w->lip), "%s",
		    end->peer->local_ip != NULL ? end->peer->local_ip : "");
		w->lport = end->peer->local_port;
	}
	if (res->outcome == HTTPC_REDIRECT)
		w->t_redirect = mono_us();
}

void
wout_result(struct wo_values *v, const struct httpc_result *res,
    const struct wout_try *w, long long t0, long long t_end)
{
	v->http_code = res->status;
	v->http_connect = res->connect_status;
	v->time_namelookup = since(t0, res->t_resolved);
	v->time_connect = since(t0, res->t_connected);
	v->time_appconnect = since(t0, res->t_appconnect);
	v->time_pretransfer = since(t0, res->t_pretransfer);
	v->time_starttransfer = since(t0, res->t_first);
	v->time_redirect = since(t0, w->t_redirect);
	v->time_total = since(t0, t_end);
	/*
	 * curl's: 1 (!X509_V_OK) from its TLS setup to OpenSSL's verdict
	 * (a handshake failed, a CA file not read), and for a name its own
	 * check's (X509's 62 and 64); a key not pinned came after it
	 */
	v->ssl_verify_result = res->ssl_verify == 62 || res->ssl_verify == 64 ||
	    (res->ssl_verify == 0 && res->outcome == HTTPC_ERR_TLS &&
	    strncmp(res->err, "proxy ", 6) != 0 &&
	    strstr(res->err, "--pinnedpubkey") == NULL) ? 1 : res->ssl_verify;
	v->num_certs = w->num_certs;
	v->certs = w->certs;
	v->proxy_ssl_verify_result = res->proxy_verify;
	v->size_request = w->req_bytes;
	v->num_connects = w->conns;
	v->local_ip = w->lip;
	v->local_port = w->lport;
	v->version = "sockt/" SOCKT_VERSION;
}

const char *
wout_errormsg(const struct httpc_result *res, int status, const char *url,
    long long ms, unsigned long long got, char *b, size_t cap)
{
	static const struct {
		int		 status;
		const char	*text;
	} fixed[] = {
		{ 33, "HTTP server doesn't seem to support byte ranges. "
		    "Cannot resume." },
		{ 43, "Failed reading the chunked-encoded stream" },
		{ 52, "Empty reply from server" } };
	struct url u;
	const char *host = NULL;
	size_t i;
	int n = -1;
	char err[SK_ERRLEN], of[32] = "";

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i].status == status)
			return fixed[i].text;
	memset(&u, 0, sizeof(u));
	if (url != NULL && url_parse_mode(url, &u, URL_IDN, err) == 0)
		host = u.host;
	if (status == 6 && host != NULL && res->detail == HTTPC_D_RESOLVE)
		n = snprintf(b, cap, "Could not resolve host: %s", host);
	else if (status == 22)
		n = snprintf(b, cap, "The requested URL returned error: %d",
		    res->status);
	/* -m's (sys_err 0; --connect-timeout's in a handshake: errmsg.c) */
	else if (status == 28 && res->sys_err == 0 &&
	    res->t_pretransfer == 0 && res->outcome == HTTPC_ERR_TIMEOUT)
		n = snprintf(b, cap, "Connection timed out after %lld "
		    "milliseconds", ms);
	else if (status == 28 && res->sys_err == 0 &&
	    res->outcome == HTTPC_ERR_TIMEOUT &&
	    strncmp(res->err, "Operation too slow", 18) != 0) {
		if (res->body_len != 0)
			(void)snprintf(of, sizeof(of), " out of %llu",
			    (unsigned long long)res->body_len);
		n = snprintf(b, cap, "Operation timed out after %lld "
		    "milliseconds with %llu%s bytes received", ms, got, of);
	} else
		n = wout_curl_peer(res, status, ms, b, cap);
	url_free(&u);
	return n < 0 || (size_t)n >= cap ? NULL : b;
}

/*
 * An absolute URL of a scheme http-get does not fetch ("ht3p://h/"):
 * curl's %{redirect_url} gives it as it is (its own case 1159).
 */
static int
other_scheme(const char *s)
{
	size_t i = 0;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	while (s[i] != '\0' && strchr("abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-", s[i]) != NULL)
		i++;
	return strncmp(s + i, "://", 3) == 0;
}

/*
 * Where a 3xx not followed points (curl's %{redirect_url}): its
 * Location resolved against the URL, or as it is when of another
 * scheme, for the caller to free; or NULL.
 */
static char *
redirect_url(const struct wo_values *v)
{
	const struct http_field *f;
	struct url *u;
	char err[SK_ERRLEN], *loc;
	char *r = NULL;

	if (v->resp == NULL || v->resp->status / 100 != 3 ||
	    v->url_effective == NULL ||
	    (f = http_field_get(v->resp, "Location")) == NULL ||
	    f->vlen == 0 || (loc = malloc(f->vlen + 1)) == NULL)
		return NULL;
	if ((u = calloc(2, sizeof(*u))) == NULL) {
		free(loc);
		return NULL;
	}
	memcpy(loc, f->value, f->vlen);
	loc[f->vlen] = '\0';
	if (url_parse(v->url_effective, u, err) == 0 &&
	    url_resolve(u, loc, u + 1, err) == 0)
		r = url_string_new(u + 1);
	else if (other_scheme(loc)) {
		r = loc;
		loc = NULL;
	}
	url_free(u);
	url_free(u + 1);
	free(u);
	free(loc);
	return r;
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
	static char *redir;	/* the last one's: freed at the next */

	if (headlen > 0 && (resp = malloc(sizeof(*resp))) != NULL &&
	    http_head_parse_client(head, headlen, HTTP_HEAD_MAX, resp,
	    err) > 0)
		v->resp = resp;
	free(redir);
	redir = NULL;
	if (v->redirect_url == NULL)
		v->redirect_url = redir = redirect_url(v);
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
