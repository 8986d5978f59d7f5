/*
 * http_req.c: HTTP/1.1 request heads as curl 7.88 writes them (RFC 9110,
 * 9112): its fields, their order and the -H list's place (parse/http.h).
 * Pure: no I/O.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "util/base.h"
#include "util/base64.h"

/* Length of a -H argument's name: up to ':' or ';'. */
static size_t
hdr_name_len(const char *h)
{
	return strcspn(h, ":;");
}

struct obuf {
	char	*p;
	size_t	 cap, len;
	int	 full;
};

static void
put(struct obuf *b, const char *s, size_t n)
{
	if (b->full || n >= b->cap - b->len) {
		b->full = 1;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
puts_(struct obuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* "name: Basic base64(user:pass)", user and pass as long as they are */
static void
put_basic(struct obuf *b, const char *name, const char *user,
    const char *pass)
{
	size_t ul = strlen(user), pl = pass != NULL ? strlen(pass) : 0;
	size_t n = ul + 1 + pl;
	char *plain, *enc;

	if ((plain = malloc(n + 1 + 4 * ((n + 2) / 3) + 1)) == NULL) {
		b->full = 1;
		return;
	}
	enc = plain + n + 1;
	memcpy(plain, user, ul);
	plain[ul] = ':';
	memcpy(plain + ul + 1, pass != NULL ? pass : "", pl);
	plain[n] = '\0';
	base64_encode((const unsigned char *)plain, n, enc);
	puts_(b, name);
	puts_(b, ": Basic ");
	puts_(b, enc);
	puts_(b, "\r\n");
	free(plain);
}

/* The defaults a -H field of the same name replaces (user_names). */
#define U_HOST		0x01
#define U_AGENT		0x02
#define U_ACCEPT	0x04
#define U_REFERER	0x08
#define U_ENCODING	0x10
#define U_AUTH		0x20
#define U_PROXY_AUTH	0x40
#define U_PROXY_CONN	0x80
#define U_TE		0x100

static const struct {
	const char	*name;
	size_t		 len;
	int		 bit;
} replaced[] = {
	{ "TE", 2, U_TE },
	{ "Host", 4, U_HOST },
	{ "Accept", 6, U_ACCEPT },
	{ "Referer", 7, U_REFERER },
	{ "User-Agent", 10, U_AGENT },
	{ "Authorization", 13, U_AUTH },
	{ "Accept-Encoding", 15, U_ENCODING },
	{ "Proxy-Connection", 16, U_PROXY_CONN },
	{ "Proxy-Authorization", 19, U_PROXY_AUTH },
};

/*
 * The defaults rq's -H fields name, a mask of U_* bits, in one pass;
 * *host the first -H Host (curl's Curl_checkheaders finds the first).
 */
static int
user_names(const struct http_req *rq, const char **host)
{
	size_t i, n;
	int k, mask = 0;

	*host = NULL;
	for (k = 0; k < rq->nheaders; k++) {
		n = hdr_name_len(rq->headers[k]);
		for (i = 0; i < sizeof(replaced) / sizeof(replaced[0]); i++) {
			if (n != replaced[i].len)
				continue;
			if (strncasecmp(rq->headers[k], replaced[i].name,
			    n) != 0)
				break;
			if (replaced[i].bit == U_HOST && *host == NULL)
				*host = rq->headers[k];
			mask |= replaced[i].bit;
			break;
		}
	}
	return mask;
}

/* A -H field as curl sends it (http_fields_put, http_field.c) */
static void
put_field(struct obuf *b, const char *h)
{
	long n;

	if (!b->full && (n = http_fields_put((char *const *)&h, 1,
	    b->p + b->len, b->cap - b->len)) != -1)
		b->len += (size_t)n;
	else
		b->full = 1;
}

/* The transfer's own fields of one kind (FK_*), where curl puts it. */
#define FK_RANGE	0
#define FK_TIME		1
#define FK_ETAG		2

static void
put_own(struct obuf *b, const struct http_req *rq, int kind)
{
	const char *f;
	size_t n;
	int i, k;

	for (i = 0; i < rq->nfields; i++) {
		f = rq->fields[i];
		n = hdr_name_len(f);
		if (n == 5 && strncasecmp(f, "Range", 5) == 0)
			k = FK_RANGE;
		else if (n == 13 && strncasecmp(f, "If-None-Match", 13) == 0)
			k = FK_ETAG;
		else
			k = FK_TIME;
		if (k == kind)
			put_field(b, f);
	}
}

/*
 * Host: the first -H Host in its place, its text after "Host:" as given
 * (curl's "Host:%s"); a bare "Host:" sends none here and lets a later
 * -H Host go with the other -H fields.  1 when the -H Host fields are
 * spent here, else 0.
 */
static int
put_host(struct obuf *b, const struct http_req *rq, const char *uh)
{
	if (uh == NULL) {
		puts_(b, "Host: ");
		puts_(b, rq->host);
		puts_(b, "\r\n");
		return 1;
	}
	if (strcmp(uh, "Host:") == 0)
		return 0;
	puts_(b, "Host:");
	puts_(b, uh + 5);
	puts_(b, "\r\n");
	return 1;
}

/*
 * curl's --tr-encoding, unless a -H TE: "Connection: TE" after the
 * value of the first -H Connection, "TE: gzip".  1 when it was sent
 * (the -H Connection fields go unsent), else 0.
 */
static int
put_te(struct obuf *b, const struct http_req *rq, int u)
{
	const char *v;

	if (!rq->te || (u & U_TE))
		return 0;
	v = http_fields_value(rq->headers, rq->nheaders, "Connection");
	puts_(b, "Connection: ");
	if (v != NULL && *v != '\0') {
		puts_(b, v);
		puts_(b, ", ");
	}
	puts_(b, "TE\r\nTE: gzip\r\n");
	return 1;
}

long
http_request_build(const struct http_req *rq, char *buf, size_t cap,
    char *err)
{
	struct obuf b = { buf, cap, 0, 0 };
	const char *uh;
	int i, u, host_done, te;

	u = user_names(rq, &uh);
	puts_(&b, rq->method);
	puts_(&b, " ");
	puts_(&b, rq->target);
	puts_(&b, rq->http10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
	host_done = put_host(&b, rq, uh);
	if (rq->proxy_auth != NULL && !(u & U_PROXY_AUTH)) {
		puts_(&b, "Proxy-Authorization: ");
		puts_(&b, rq->proxy_auth);
		puts_(&b, "\r\n");
	} else if (rq->proxy_user != NULL && !(u & U_PROXY_AUTH))
		put_basic(&b, "Proxy-Authorization", rq->proxy_user,
		    rq->proxy_pass);
	if (rq->bearer != NULL && !(u & U_AUTH)) {
		/* curl's: a token wins over -u */
		puts_(&b, "Authorization: Bearer ");
		puts_(&b, rq->bearer);
		puts_(&b, "\r\n");
	} else if (rq->auth != NULL && !(u & U_AUTH)) {
		puts_(&b, "Authorization: ");
		puts_(&b, rq->auth);
		puts_(&b, "\r\n");
	} else if (rq->user != NULL && !(u & U_AUTH))
		put_basic(&b, "Authorization", rq->user, rq->pass);
	put_own(&b, rq, FK_RANGE);
	if (!(u & U_AGENT) && rq->agent != NULL && *rq->agent != '\0') {
		puts_(&b, "User-Agent: ");
		puts_(&b, rq->agent);
		puts_(&b, "\r\n");
	}
	if (!(u & U_ACCEPT))
		puts_(&b, "Accept: */*\r\n");
	te = put_te(&b, rq, u);
	if (rq->accept_encoding != NULL && !(u & U_ENCODING)) {
		puts_(&b, "Accept-Encoding: ");
		puts_(&b, rq->accept_encoding);
		puts_(&b, "\r\n");
	}
	if (rq->referer != NULL && !(u & U_REFERER)) {
		puts_(&b, "Referer: ");
		puts_(&b, rq->referer);
		puts_(&b, "\r\n");
	}
	/* curl's: a --proxy-header Proxy-Connection goes in its place */
	if (rq->via_proxy && !(u & U_PROXY_CONN) &&
	    !http_fields_name(rq->pheaders, rq->npheaders, "Proxy-Connection"))
		puts_(&b, "Proxy-Connection: Keep-Alive\r\n");
	if (rq->cookie != NULL)
		put_field(&b, rq->cookie);
	put_own(&b, rq, FK_TIME);
	for (i = 0; i < rq->nheaders; i++)
		if ((!host_done || hdr_name_len(rq->headers[i]) != 4 ||
		    strncasecmp(rq->headers[i], "Host", 4) != 0) &&
		    !(te && http_fields_name(&rq->headers[i], 1,
		    "Connection")))
			put_field(&b, rq->headers[i]);
	put_own(&b, rq, FK_ETAG);
	/* curl's: the proxy's own fields after the -H list, defaults kept */
	for (i = 0; i < rq->npheaders; i++)
		put_field(&b, rq->pheaders[i]);
	puts_(&b, "\r\n");
	if (b.full) {
		snprintf(err, SK_ERRLEN, "request head too large");
		return -1;
	}
	return (long)b.len;
}

int
http_request_closes(const struct http_req *rq)
{
	const char *h, *v;
	size_t n;
	int i, named = 0;

	for (i = 0; i < rq->nheaders; i++) {
		h = rq->headers[i];
		n = hdr_name_len(h);
		if (n != 10 || strncasecmp(h, "Connection", 10) != 0)
			continue;
		named = 1;
		if (h[n] == ';')
			continue;
		for (v = h + n + 1; http_ows((unsigned char)*v); v++)
			;
		if (http_list_has(v, strlen(v), "close"))
			return 1;
	}
	return !named && !rq->keep_alive;
}
