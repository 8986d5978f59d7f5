/*
 * http/cookies.c: the engine's cookies (parse/cookie.h holds the
 * rules): -b's cookies of the command line, a jar read from and
 * written to curl's cookie files, the Cookie field of each request,
 * and the Set-Cookie fields of each response head stored as it is
 * read, so a redirect's next hop, a later URL, and the transfers of -Z
 * and --pipeline all share one jar.
 */
#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http/engine.h"
#include "http/engine_int.h"
#include "http/output.h"
#include "parse/cookie.h"
#include "parse/http.h"
#include "parse/url.h"
#include "util/file.h"
#include "util/psl.h"

#define JAR_FILEMAX	(64 * 1024 * 1024)	/* a cookie file, bytes */
#define JAR_LINEMAX	(COOKIE_FILE_LINE_MAX + 16)	/* a line written */
#define JAR_BUFSZ	(64 * 1024)	/* lines written at once */

/*
 * Where x's request goes, for the cookie rules; for the Cookie field
 * (lazy) whether http to its host counts as secure is asked only when a
 * Secure cookie matches.
 */
static void
to_of(const struct url *u, struct cookie_to *to, int lazy)
{
	to->host = u->host;
	to->path = u->path;
	to->secure = u->https ? 1 : lazy ? -1 : cookie_secure_host(u->host);
	to->domain_ok = NULL;
}

/*
 * The name the cookie rules read for x, as curl 7.88 reads it: the
 * first -H Host's (its port left out) on the URL the user named, where
 * that field goes, else the URL's host (in to already); over http,
 * whether Secure cookies may be set and sent is that name's.  Into b.
 */
static void
to_host(const struct httpm *m, const struct mx *x, struct cookie_to *to,
    char *b, size_t cap)
{
	const struct httpc_opts *o = m->o.http;
	const char *v, *end;
	int i;

	if (!url_same_origin(x->url, x->origin))
		return;
	for (i = 0; i < o->nheaders; i++)
		if (strncasecmp(o->headers[i], "Host:", 5) == 0)
			break;
	if (i == o->nheaders)
		return;
	for (v = o->headers[i] + 5; *v == ' ' || *v == '\t'; v++)
		;
	if (*v == '[')
		end = strchr(++v, ']');
	else
		end = v + strcspn(v, ": \t");
	if (end == NULL || end == v || (size_t)(end - v) >= cap)
		return;
	memcpy(b, v, (size_t)(end - v));
	b[end - v] = '\0';
	to->host = b;
	/* whether http is as good as https: that name's, as curl asks */
	if (to->secure != -1 && !x->url->https)
		to->secure = cookie_secure_host(b);
}

int
httpc_cookie_arg(char **data, const char *arg)
{
	size_t have, n = strlen(arg);
	char *d;

	if (strchr(arg, '=') == NULL)
		return 1;
	if (!http_value_ok(arg))
		return -2;
	have = *data != NULL ? strlen(*data) : 0;
	if ((d = realloc(*data, have + 1 + n + 1)) == NULL)
		return -1;
	(void)snprintf(d + have, 1 + n + 1, "%s%s", have > 0 ? ";" : "", arg);
	*data = d;
	return 0;
}

int
httpc_jar_load(struct cookie_jar *j, const char *path, int junk,
    const char *first)
{
	static struct url u;
	char *buf, *p, *e, *end, err[SK_ERRLEN];
	size_t len, n;
	long long now = (long long)time(NULL);
	int rc = 0;

	if (read_file(path, JAR_FILEMAX, &buf, &len) == -1)
		return errno == ENOENT ? 0 : -1;	/* none yet: as curl */
	j->host = first != NULL && url_parse(first, &u, err) == 0 ? u.host :
	    NULL;
	for (p = buf, end = buf + len; p < end && rc != -1; p = e + 1) {
		if ((e = memchr(p, '\n', (size_t)(end - p))) == NULL)
			e = end;
		n = (size_t)(e - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		rc = cookie_line(j, p, n, junk, now);
	}
	j->host = NULL;
	free(buf);
	return rc == -1 ? -1 : 0;
}

/* The lines buffered in b[0..*len) out, at the end or when full. */
static int
jar_put(struct output *out, char *b, size_t *len, const char *p, size_t n)
{
	if (*len + n > JAR_BUFSZ) {
		if (output_write(out, b, *len) == -1)
			return -1;
		*len = 0;
	}
	memcpy(b + *len, p, n);
	*len += n;
	return 0;
}

int
httpc_jar_save(const struct cookie_jar *j, const char *path)
{
	struct output out;
	const struct cookie **c;
	char *b, line[JAR_LINEMAX];
	size_t n, len = 0;
	int i, k, rc = 0;

	c = calloc((size_t)j->n + 1, sizeof(*c));
	b = malloc(JAR_BUFSZ);
	if (c == NULL || b == NULL) {
		free(c);
		free(b);
		return -1;
	}
	/* as -o is written: a temporary file renamed over it, a device or
	   a fifo as it is (-c /dev/null), - for stdout */
	output_init(&out, strcmp(path, "-") == 0 ? NULL : path);
	memcpy(b, COOKIE_FILE_HEAD, sizeof(COOKIE_FILE_HEAD) - 1);
	len = sizeof(COOKIE_FILE_HEAD) - 1;
	k = cookie_order(j, (long long)time(NULL), c);
	for (i = 0; i < k && rc == 0; i++)
		if ((n = cookie_format(c[i], line, sizeof(line))) > 0)
			rc = jar_put(&out, b, &len, line, n);
	if (rc == 0 && (output_write(&out, b, len) == -1 ||
	    output_finish(&out) == -1))
		rc = -1;
	if (rc == -1) {
		output_abort(&out);
		errno = out.fail == OUTPUT_FAIL_NAMELEN ? ENAMETOOLONG :
		    out.err;
	}
	free(c);
	free(b);
	return rc;
}

size_t
cookies_field(struct httpm *m, const struct mx *x, char *buf, size_t cap)
{
	const struct httpc_opts *o = m->o.http;
	struct cookie_to to;
	char host[SK_HOSTLEN];
	size_t n = 0, len;
	int i;

	if (o->jar == NULL && o->cookie == NULL)
		return 0;
	memcpy(buf, "Cookie: ", 8);
	if (o->jar != NULL) {
		to_of(x->url, &to, 1);
		to_host(m, x, &to, host, sizeof(host));
		n = cookie_header(o->jar, &to, (long long)time(NULL), buf + 8,
		    cap - 8);
	}
	/* -b name=value: to the URL the user named, as -H Cookie goes */
	if (o->cookie != NULL && url_same_origin(x->url, x->origin)) {
		for (i = 0; i < o->nheaders; i++)
			if (strncasecmp(o->headers[i], "Cookie", 6) == 0 &&
			    (o->headers[i][6] == ':' || o->headers[i][6] == ';'))
				break;
		len = strlen(o->cookie);
		if (i == o->nheaders && 8 + n + 2 + len < cap) {
			if (n > 0) {
				memcpy(buf + 8 + n, "; ", 2);
				n += 2;
			}
			memcpy(buf + 8 + n, o->cookie, len + 1);
			n += len;
		}
	}
	return n == 0 ? 0 : 8 + n;
}

void
cookies_store(struct httpm *m, const struct mx *x, const struct http_resp *r)
{
	const struct httpc_opts *o = m->o.http;
	struct cookie_to to;
	char err[SK_ERRLEN], host[SK_HOSTLEN];
	long long now;
	int i, k = 0;

	if (o->jar == NULL)
		return;
	for (i = 0; i < r->nfields && k < COOKIE_SET_MAX; i++) {
		if (r->fields[i].nlen != 10 || strncasecmp(r->fields[i].name,
		    "Set-Cookie", 10) != 0)
			continue;
		if (k++ == 0) {
			to_of(x->url, &to, 0);
			to_host(m, x, &to, host, sizeof(host));
			/* the public suffix list, read once: curl's */
			if (psl_load(err) == 0)
				to.domain_ok = psl_cookie_ok;
			now = (long long)time(NULL);
		}
		/* refused ones are dropped, as curl drops them; ENOMEM too */
		(void)cookie_set(o->jar, r->fields[i].value, r->fields[i].vlen,
		    &to, now, err);
	}
}
