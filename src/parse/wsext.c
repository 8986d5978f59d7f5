/*
 * wsext.c: Sec-WebSocket-Extensions read and permessage-deflate's
 * negotiation, pure: no I/O (wsext.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/wsext.h"
#include "util/base.h"

static void
skip_ows(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
}

/* A token at s[*i..n) into out (cap bytes).  0, or -1 with err. */
static int
token(const char *s, size_t n, size_t *i, char *out, size_t cap,
    const char *what, char *err)
{
	size_t k = 0;

	while (*i < n && http_tchar((unsigned char)s[*i])) {
		if (k + 1 >= cap) {
			snprintf(err, SK_ERRLEN, "an extension %s longer than "
			    "%zu characters", what, cap - 1);
			return -1;
		}
		out[k++] = s[(*i)++];
	}
	out[k] = '\0';
	if (k == 0) {
		snprintf(err, SK_ERRLEN, "an extension %s expected at "
		    "character %zu", what, *i + 1);
		return -1;
	}
	return 0;
}

/*
 * A quoted-string at s[*i] (the quote) into out, unescaped: a token
 * once undone (RFC 6455 9.1).  0, or -1 with err.
 */
static int
quoted(const char *s, size_t n, size_t *i, char *out, size_t cap,
    char *err)
{
	size_t k = 0, j;

	for ((*i)++; *i < n && s[*i] != '"'; (*i)++) {
		if (s[*i] == '\\' && ++(*i) >= n)
			break;
		if (k + 1 >= cap) {
			snprintf(err, SK_ERRLEN, "an extension parameter's "
			    "value longer than %zu characters", cap - 1);
			return -1;
		}
		out[k++] = s[*i];
	}
	if (*i >= n) {
		snprintf(err, SK_ERRLEN, "an extension parameter's quoted "
		    "value is not closed");
		return -1;
	}
	(*i)++;
	out[k] = '\0';
	for (j = 0; j < k && http_tchar((unsigned char)out[j]); j++)
		;
	if (k == 0 || j < k) {
		snprintf(err, SK_ERRLEN, "an extension parameter's quoted "
		    "value is not a token");
		return -1;
	}
	return 0;
}

/* One parameter after its ';' into e.  0, or -1 with err. */
static int
param(const char *s, size_t n, size_t *i, struct wsext *e, char *err)
{
	struct wsext_param *p;

	if (e->nparams == WSEXT_PARAMS) {
		snprintf(err, SK_ERRLEN, "an extension with more than %d "
		    "parameters", WSEXT_PARAMS);
		return -1;
	}
	p = &e->p[e->nparams];
	memset(p, 0, sizeof(*p));
	skip_ows(s, n, i);
	if (token(s, n, i, p->name, sizeof(p->name), "parameter", err) == -1)
		return -1;
	skip_ows(s, n, i);
	if (*i < n && s[*i] == '=') {
		(*i)++;
		skip_ows(s, n, i);
		p->has_value = 1;
		if (*i < n && s[*i] == '"') {
			if (quoted(s, n, i, p->value, sizeof(p->value),
			    err) == -1)
				return -1;
		} else if (token(s, n, i, p->value, sizeof(p->value),
		    "parameter's value", err) == -1)
			return -1;
	}
	e->nparams++;
	return 0;
}

int
wsext_next(const char *s, size_t n, size_t *pos, struct wsext *e,
    char *err)
{
	size_t i = *pos;

	memset(e, 0, sizeof(*e));
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
		i++;
	if (i >= n) {
		*pos = i;
		return 0;
	}
	if (token(s, n, &i, e->name, sizeof(e->name), "name", err) == -1)
		return -1;
	for (;;) {
		skip_ows(s, n, &i);
		if (i >= n || s[i] == ',')
			break;
		if (s[i] != ';') {
			snprintf(err, SK_ERRLEN, "an extension list with '%c' "
			    "at character %zu", s[i], i + 1);
			return -1;
		}
		i++;
		if (param(s, n, &i, e, err) == -1)
			return -1;
	}
	*pos = i;
	return 1;
}

/* A window size: 8 to 15, in digits without a leading zero.  Or -1. */
static int
bits(const char *v)
{
	if (strlen(v) == 1 && v[0] >= '8' && v[0] <= '9')
		return v[0] - '0';
	if (strlen(v) == 2 && v[0] == '1' && v[1] >= '0' && v[1] <= '5')
		return 10 + v[1] - '0';
	return -1;
}

/* One parameter p into pmd; the side's rules (response).  0, or -1. */
static int
pmd_param(const struct wsext_param *p, int response, struct wsext_pmd *pmd,
    char *err)
{
	int *flag = NULL, *win = NULL;

	if (strcmp(p->name, "server_no_context_takeover") == 0)
		flag = &pmd->server_no_context_takeover;
	else if (strcmp(p->name, "client_no_context_takeover") == 0)
		flag = &pmd->client_no_context_takeover;
	else if (strcmp(p->name, "server_max_window_bits") == 0)
		win = &pmd->server_max_window_bits;
	else if (strcmp(p->name, "client_max_window_bits") == 0)
		win = &pmd->client_max_window_bits;
	else {
		snprintf(err, SK_ERRLEN, "permessage-deflate with an unknown "
		    "parameter %s", p->name);
		return -1;
	}
	if ((flag != NULL && *flag) || (win != NULL && *win != 0)) {
		snprintf(err, SK_ERRLEN, "permessage-deflate with %s twice",
		    p->name);
		return -1;
	}
	if (flag != NULL) {
		if (p->has_value) {
			snprintf(err, SK_ERRLEN, "permessage-deflate's %s with "
			    "a value", p->name);
			return -1;
		}
		*flag = 1;
		return 0;
	}
	/* an offer's client_max_window_bits alone: the client can take one */
	if (!p->has_value && !response && win ==
	    &pmd->client_max_window_bits) {
		*win = -1;
		return 0;
	}
	if (!p->has_value || (*win = bits(p->value)) == -1) {
		*win = 0;
		snprintf(err, SK_ERRLEN, "permessage-deflate's %s%s%s is not "
		    "8 to 15", p->name, p->has_value ? "=" : "",
		    p->has_value ? p->value : " without a value");
		return -1;
	}
	return 0;
}

int
wsext_pmd_params(const struct wsext *e, int response, struct wsext_pmd *p,
    char *err)
{
	int i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < e->nparams; i++)
		if (pmd_param(&e->p[i], response, p, err) == -1)
			return -1;
	return 0;
}

int
wsext_pmd_accept(const char *s, size_t n, struct wsext_pmd *agreed,
    char *err)
{
	struct wsext e;
	struct wsext_pmd offer;
	size_t pos = 0;
	int r;

	err[0] = '\0';
	memset(agreed, 0, sizeof(*agreed));
	while ((r = wsext_next(s, n, &pos, &e, err)) == 1) {
		if (strcasecmp(e.name, WSEXT_PMD) != 0)
			continue;
		/* an offer we cannot take is declined; the next may do */
		if (wsext_pmd_params(&e, 0, &offer, err) == -1)
			continue;
		agreed->server_no_context_takeover =
		    offer.server_no_context_takeover;
		agreed->client_no_context_takeover =
		    offer.client_no_context_takeover;
		agreed->server_max_window_bits = offer.server_max_window_bits;
		err[0] = '\0';
		return 1;
	}
	return r == -1 ? -1 : 0;
}

int
wsext_pmd_response(const char *s, size_t n, struct wsext_pmd *agreed,
    int *count, char *err)
{
	struct wsext e;
	size_t pos = 0;
	int r;

	while ((r = wsext_next(s, n, &pos, &e, err)) == 1) {
		if (strcasecmp(e.name, WSEXT_PMD) != 0) {
			snprintf(err, SK_ERRLEN, "the server agreed to an "
			    "extension that was not offered (%s)", e.name);
			return -1;
		}
		if (++*count > 1) {
			snprintf(err, SK_ERRLEN, "the server agreed to "
			    "permessage-deflate twice");
			return -1;
		}
		if (wsext_pmd_params(&e, 1, agreed, err) == -1)
			return -1;
	}
	return r;
}

size_t
wsext_pmd_format(const struct wsext_pmd *p, char *buf, size_t cap)
{
	int n;

	n = snprintf(buf, cap, "%s%s%s", WSEXT_PMD,
	    p->server_no_context_takeover ? "; server_no_context_takeover" :
	    "", p->client_no_context_takeover ?
	    "; client_no_context_takeover" : "");
	if (n > 0 && (size_t)n < cap && p->server_max_window_bits > 0)
		n += snprintf(buf + n, cap - (size_t)n,
		    "; server_max_window_bits=%d", p->server_max_window_bits);
	if (n > 0 && (size_t)n < cap && p->client_max_window_bits > 0)
		n += snprintf(buf + n, cap - (size_t)n,
		    "; client_max_window_bits=%d", p->client_max_window_bits);
	else if (n > 0 && (size_t)n < cap && p->client_max_window_bits < 0)
		n += snprintf(buf + n, cap - (size_t)n,
		    "; client_max_window_bits");
	if (n < 0)
		n = 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

int
wsext_pmd_bits(int max)
{
	if (max <= 0 || max > 15)
		return 15;
	return max < 9 ? 9 : max;
}
