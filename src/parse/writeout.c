/*
 * writeout.c: --write-out formats (writeout.h).  The tokenizer follows
 * curl's tool_writeout.c rule for rule, so a format written for curl
 * prints the same here; %{json} is valid JSON whatever bytes a header
 * or URL holds (invalid UTF-8 becomes \u00XX, one per byte).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/writeout.h"

/*
 * The variables sorted by name (%{json} lists them in this order, as
 * curl 7.88): their names in one string, each ended by a NUL, and their
 * values in the same order (a name added goes into both at one place),
 * not a table of pointers, which the binary relocated at every start
 * (16 bytes a name, 720 in all).
 */
static const char varnames[] =
	"certs\0"
	"content_type\0"
	"errormsg\0"
	"exitcode\0"
	"filename_effective\0"
	"ftp_entry_path\0"
	"header_json\0"
	"http_code\0"
	"http_connect\0"
	"http_version\0"
	"json\0"
	"local_ip\0"
	"local_port\0"
	"method\0"
	"num_certs\0"
	"num_connects\0"
	"num_headers\0"
	"num_redirects\0"
	"onerror\0"
	"proxy_ssl_verify_result\0"
	"redirect_url\0"
	"referer\0"
	"remote_ip\0"
	"remote_port\0"
	"response_code\0"
	"scheme\0"
	"size_download\0"
	"size_header\0"
	"size_request\0"
	"size_upload\0"
	"speed_download\0"
	"speed_upload\0"
	"ssl_verify_result\0"
	"stderr\0"
	"stdout\0"
	"time_appconnect\0"
	"time_connect\0"
	"time_namelookup\0"
	"time_pretransfer\0"
	"time_redirect\0"
	"time_starttransfer\0"
	"time_total\0"
	"url\0"
	"url_effective\0"
	"urlnum\0";
static const unsigned char varids[] = {
	WO_CERTS, WO_CONTENT_TYPE, WO_ERRORMSG, WO_EXITCODE,
	WO_FILENAME_EFFECTIVE, WO_FTP_ENTRY_PATH, WO_HEADER_JSON,
	WO_HTTP_CODE, WO_HTTP_CONNECT, WO_HTTP_VERSION, WO_JSON,
	WO_LOCAL_IP, WO_LOCAL_PORT, WO_METHOD, WO_NUM_CERTS,
	WO_NUM_CONNECTS, WO_NUM_HEADERS, WO_NUM_REDIRECTS, WO_ONERROR,
	WO_PROXY_SSL_VERIFY_RESULT, WO_REDIRECT_URL, WO_REFERER,
	WO_REMOTE_IP, WO_REMOTE_PORT, WO_RESPONSE_CODE, WO_SCHEME,
	WO_SIZE_DOWNLOAD, WO_SIZE_HEADER, WO_SIZE_REQUEST,
	WO_SIZE_UPLOAD, WO_SPEED_DOWNLOAD, WO_SPEED_UPLOAD,
	WO_SSL_VERIFY_RESULT, WO_STDERR, WO_STDOUT, WO_TIME_APPCONNECT,
	WO_TIME_CONNECT, WO_TIME_NAMELOOKUP, WO_TIME_PRETRANSFER,
	WO_TIME_REDIRECT, WO_TIME_STARTTRANSFER, WO_TIME_TOTAL, WO_URL,
	WO_URL_EFFECTIVE, WO_URLNUM
};
#define NVARS	(sizeof(varids) / sizeof(varids[0]))

static enum wo_kind
tok(struct wo_tok *t, enum wo_kind kind, const char *p, size_t n)
{
	t->kind = kind;
	t->p = p;
	t->n = n;
	return kind;
}

/* "%{name}" at fmt[*pos], the "%{" already seen; end is the "}". */
static enum wo_kind
tok_var(const char *fmt, size_t len, size_t *pos, const char *end,
    struct wo_tok *t)
{
	const char *name = fmt + *pos + 2, *v;
	size_t n = (size_t)(end - name), i;

	*pos = (size_t)(end - fmt) + 1;
	/* the spelling %{header{name}} means curl's %header{name} */
	if (n >= 7 && memcmp(name, "header{", 7) == 0 && *pos < len &&
	    fmt[*pos] == '}') {
		(*pos)++;
		return tok(t, WO_HEADER, name + 7, n - 7);
	}
	for (i = 0, v = varnames; i < NVARS; v += strlen(v) + 1, i++)
		if (strlen(v) == n && memcmp(v, name, n) == 0) {
			t->var = (enum wo_var)varids[i];
			return tok(t, WO_VAR, name, n);
		}
	return tok(t, WO_UNKNOWN, name, n);
}

/* The token at a "%" with a byte after it. */
static enum wo_kind
tok_percent(const char *fmt, size_t len, size_t *pos, struct wo_tok *t)
{
	const char *p = fmt + *pos, *end;
	size_t left = len - *pos;

	if (p[1] == '%') {
		*pos += 2;
		return tok(t, WO_TEXT, p, 1);
	}
	if (p[1] == '{') {
		if ((end = memchr(p + 2, '}', left - 2)) == NULL) {
			*pos += 2;
			return tok(t, WO_TEXT, p, 2);
		}
		return tok_var(fmt, len, pos, end, t);
	}
	if (left >= 8 && memcmp(p + 1, "header{", 7) == 0) {
		if ((end = memchr(p + 8, '}', left - 8)) == NULL) {
			*pos += 8;
			return tok(t, WO_TEXT, p, 8);
		}
		*pos = (size_t)(end - fmt) + 1;
		return tok(t, WO_HEADER, p + 8, (size_t)(end - (p + 8)));
	}
	/* no syntax of ours: both bytes as they are */
	*pos += 2;
	return tok(t, WO_TEXT, p, 2);
}

enum wo_kind
wo_next(const char *fmt, size_t len, size_t *pos, struct wo_tok *t)
{
	const char *p = fmt + *pos, *stop;
	size_t left;

	if (*pos >= len)
		return tok(t, WO_END, NULL, 0);
	left = len - *pos;
	if (p[0] == '%' && left > 1)
		return tok_percent(fmt, len, pos, t);
	if (p[0] == '\\' && left > 1) {
		*pos += 2;
		switch (p[1]) {
		case 'n':
			return tok(t, WO_TEXT, "\n", 1);
		case 'r':
			return tok(t, WO_TEXT, "\r", 1);
		case 't':
			return tok(t, WO_TEXT, "\t", 1);
		case '\\':
			return tok(t, WO_TEXT, "\\", 1);
		default:
			return tok(t, WO_TEXT, p, 2);
		}
	}
	/* plain text up to the next % or \ (one byte if it is one) */
	for (stop = p + 1; stop < fmt + len && *stop != '%' && *stop != '\\';
	    stop++)
		;
	*pos += (size_t)(stop - p);
	return tok(t, WO_TEXT, p, (size_t)(stop - p));
}

/* The length of the valid UTF-8 sequence at p, or 0. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	unsigned int cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		cp = p[0] & 0x07;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/*
 * p[0..n) as a JSON string, quotes included; lower: its ASCII capitals
 * in lower case (header_json's names, as curl's).
 */
static void
put_json_str(const struct wo_sink *k, int err, const char *p, size_t n,
    int lower)
{
	/* a byte and its letter after the backslash, as curl's (and JSON's) */
	static const char esc[] = "\"\"\\\\\bb\ff\nn\rr\tt";
	const unsigned char *u = (const unsigned char *)p;
	const char *q;
	char e[8];
	size_t i = 0, run, l;

	k->put(k->arg, err, "\"", 1);
	while (i < n) {
		for (run = i; run < n && u[run] >= 0x20 && u[run] != '"' &&
		    u[run] != '\\' && (!lower || u[run] < 'A' || u[run] > 'Z') &&
		    (l = utf8_len(u + run, n - run)) > 0; run += l)
			;
		if (run > i)
			k->put(k->arg, err, p + i, run - i);
		if ((i = run) >= n)
			break;
		if (lower && u[i] >= 'A' && u[i] <= 'Z') {
			e[0] = (char)(u[i] | 0x20);
			k->put(k->arg, err, e, 1);
		} else if ((q = memchr(esc, u[i], sizeof(esc) - 1)) != NULL) {
			e[0] = '\\';
			e[1] = q[1];
			k->put(k->arg, err, e, 2);
		} else {
			/*
			 * another control byte, or a byte of no valid
			 * sequence (curl 7.88 writes "u000b", no backslash:
			 * no JSON)
			 */
			(void)snprintf(e, sizeof(e), "\\u%04x", u[i]);
			k->put(k->arg, err, e, 6);
		}
		i++;
	}
	k->put(k->arg, err, "\"", 1);
}

static void
put_str(const struct wo_sink *k, int err, int json, const char *s, size_t n)
{
	if (json && s == NULL)
		k->put(k->arg, err, "null", 4);
	else if (json)
		put_json_str(k, err, s, n, 0);
	else if (s != NULL)
		k->put(k->arg, err, s, n);
}

/* The value of field name[0..n) of the last head, or NULL. */
static const struct http_field *
field(const struct wo_values *v, const char *name, size_t n)
{
	char b[WO_HNAMELEN];

	if (v->resp == NULL || n >= sizeof(b) || memchr(name, '\0', n))
		return NULL;
	memcpy(b, name, n);
	b[n] = '\0';
	return http_field_get(v->resp, b);
}

/* Microseconds as curl prints seconds: 0.001234 */
static int
fmt_time(char *b, size_t cap, long long us)
{
	if (us < 0)
		us = 0;
	return snprintf(b, cap, "%lld.%06lld", us / 1000000, us % 1000000);
}

static unsigned long long
speed(const struct wo_values *v)
{
	if (v->time_total <= 0)
		return 0;
	return (unsigned long long)((double)v->size_download * 1e6 /
	    (double)v->time_total);
}

/* The last head's version as curl names it: "1", "1.1", "2"; "0": none. */
static const char *
version(const struct wo_values *v)
{
	if (v->resp != NULL && v->resp->major == 2)
		return "2";
	if (v->resp == NULL || v->resp->major != 1)
		return "0";
	return v->resp->minor == 0 ? "1" : "1.1";
}

/* A string variable's value (NULL: null), or -1 for no string one. */
static int
str_var(enum wo_var var, const struct wo_values *v, const char **s,
    size_t *n)
{
	const struct http_field *f;

	*s = NULL;
	switch (var) {
	case WO_CERTS:
		*s = v->certs != NULL ? v->certs : "";
		break;
	case WO_CONTENT_TYPE:
		if ((f = field(v, "Content-Type", 12)) != NULL) {
			*s = f->value;
			*n = f->vlen;
			return 0;
		}
		break;
	case WO_ERRORMSG:
		*s = v->errormsg;
		break;
	case WO_FILENAME_EFFECTIVE:
		*s = v->filename;
		break;
	case WO_FTP_ENTRY_PATH:
		break;
	case WO_HTTP_VERSION:
		*s = version(v);
		break;
	case WO_LOCAL_IP:
		*s = v->local_ip ? v->local_ip : "";
		break;
	case WO_METHOD:
		*s = v->method;
		break;
	case WO_REDIRECT_URL:
		*s = v->redirect_url;
		break;
	case WO_REFERER:
		*s = v->referer;
		break;
	case WO_REMOTE_IP:
		*s = v->remote_ip ? v->remote_ip : "";
		break;
	case WO_SCHEME:
		/* upper case, as curl 7.88 writes it (lower since 8.8) */
		*s = v->scheme;
		break;
	case WO_URL:
		*s = v->url;
		break;
	case WO_URL_EFFECTIVE:
		*s = v->url_effective;
		break;
	default:
		return -1;
	}
	*n = *s != NULL ? strlen(*s) : 0;
	return 0;
}

/* A number's value into *x; 1 a time, 2 a status ("%03d" as text). */
static int
num_var(enum wo_var var, const struct wo_values *v, long long *x)
{
	switch (var) {
	case WO_HTTP_CODE:
	case WO_RESPONSE_CODE:
		*x = v->http_code;
		return 2;
	case WO_HTTP_CONNECT:
		*x = v->http_connect;
		return 2;
	case WO_TIME_APPCONNECT:
		*x = v->time_appconnect;
		return 1;
	case WO_TIME_CONNECT:
		*x = v->time_connect;
		return 1;
	case WO_TIME_NAMELOOKUP:
		*x = v->time_namelookup;
		return 1;
	case WO_TIME_PRETRANSFER:
		*x = v->time_pretransfer;
		return 1;
	case WO_TIME_REDIRECT:
		*x = v->time_redirect;
		return 1;
	case WO_TIME_STARTTRANSFER:
		*x = v->time_starttransfer;
		return 1;
	case WO_TIME_TOTAL:
		*x = v->time_total;
		return 1;
	case WO_EXITCODE:
		*x = v->exitcode;
		break;
	case WO_LOCAL_PORT:
		*x = v->local_port;
		break;
	case WO_NUM_CERTS:
		*x = v->num_certs;
		break;
	case WO_NUM_CONNECTS:
		*x = v->num_connects;
		break;
	case WO_NUM_HEADERS:
		*x = v->resp != NULL ? v->resp->nfields : 0;
		break;
	case WO_NUM_REDIRECTS:
		*x = v->num_redirects;
		break;
	case WO_REMOTE_PORT:
		*x = v->remote_port;
		break;
	case WO_SIZE_DOWNLOAD:
		*x = (long long)v->size_download;
		break;
	case WO_SIZE_HEADER:
		*x = (long long)v->size_header;
		break;
	case WO_SIZE_REQUEST:
		*x = (long long)v->size_request;
		break;
	case WO_SPEED_DOWNLOAD:
		*x = (long long)speed(v);
		break;
	case WO_SSL_VERIFY_RESULT:
		*x = v->ssl_verify_result;
		break;
	case WO_PROXY_SSL_VERIFY_RESULT:
		*x = v->proxy_ssl_verify_result;
		break;
	case WO_URLNUM:
		*x = v->urlnum;
		break;
	default:
		/* size_upload,
		   speed_upload: nothing of the kind in a GET over http */
		*x = 0;
		break;
	}
	return 0;
}

/* One variable's value; json: as a JSON value. */
static void
put_var(const struct wo_sink *k, int err, int json, enum wo_var var,
    const struct wo_values *v)
{
	const char *s;
	char b[64];
	size_t sn;
	long long x;
	int n, kind;

	if (str_var(var, v, &s, &sn) == 0) {
		put_str(k, err, json, s, sn);
		return;
	}
	kind = num_var(var, v, &x);
	if (kind == 1)
		n = fmt_time(b, sizeof(b), x);
	else
		n = snprintf(b, sizeof(b), kind == 2 && !json ? "%03lld" :
		    "%lld", x);
	if (n > 0 && (size_t)n < sizeof(b))
		k->put(k->arg, err, b, (size_t)n);
}

/* %{json}: every value, in name order, as one object. */
static void
put_json(const struct wo_sink *k, int err, const struct wo_values *v)
{
	const char *name = varnames;
	size_t i;
	int first = 1;

	k->put(k->arg, err, "{", 1);
	for (i = 0; i < NVARS; name += strlen(name) + 1, i++) {
		if (varids[i] >= WO_NVALUES)
			continue;
		if (!first)
			k->put(k->arg, err, ",", 1);
		first = 0;
		put_json_str(k, err, name, strlen(name), 0);
		k->put(k->arg, err, ":", 1);
		put_var(k, err, 1, (enum wo_var)varids[i], v);
	}
	/* curl's last key, out of order as curl has it: what wrote this */
	if (v->version != NULL) {
		k->put(k->arg, err, ",\"curl_version\":", 16);
		put_json_str(k, err, v->version, strlen(v->version), 0);
	}
	k->put(k->arg, err, "}", 1);
}

static int
same_name(const struct http_field *a, const struct http_field *b)
{
	return a->nlen == b->nlen && strncasecmp(a->name, b->name,
	    a->nlen) == 0;
}

/*
 * %{header_json}: the last head's fields as curl 7.88 writes them, a
 * name once (lower case, where it first came) with all its values in
 * an array, one name a line; after a name's array curl goes on after
 * its last field, leaving out the others between (its own case 1671).
 */
static void
put_header_json(const struct wo_sink *k, int err, const struct wo_values *v)
{
	const struct http_field *f = v->resp != NULL ? v->resp->fields : NULL;
	int nf = v->resp != NULL ? v->resp->nfields : 0, i, j, last;

	k->put(k->arg, err, "{", 1);
	for (i = 0; i < nf; i = last + 1) {
		if (i > 0)
			k->put(k->arg, err, ",\n", 2);
		put_json_str(k, err, f[i].name, f[i].nlen, 1);
		/* a later one of a name whose first was left out: curl's ":]" */
		for (j = 0; j < i && !same_name(&f[j], &f[i]); j++)
			;
		last = i;
		if (j < i) {
			k->put(k->arg, err, ":]", 2);
			continue;
		}
		k->put(k->arg, err, ":[", 2);
		for (j = i; j < nf; j++) {
			if (!same_name(&f[j], &f[i]))
				continue;
			if (j > i)
				k->put(k->arg, err, ",", 1);
			put_json_str(k, err, f[j].value, f[j].vlen, 0);
			last = j;
		}
		k->put(k->arg, err, "]", 1);
	}
	k->put(k->arg, err, "\n}", 2);
}

void
wo_render(const char *fmt, size_t len, const struct wo_values *v,
    const struct wo_sink *k)
{
	const struct http_field *f;
	struct wo_tok t;
	size_t pos = 0;
	int err = 0;

	while (wo_next(fmt, len, &pos, &t) != WO_END) {
		switch (t.kind) {
		case WO_TEXT:
			k->put(k->arg, err, t.p, t.n);
			break;
		case WO_HEADER:
			if ((f = field(v, t.p, t.n)) != NULL)
				k->put(k->arg, err, f->value, f->vlen);
			break;
		case WO_UNKNOWN:
			if (k->unknown != NULL)
				k->unknown(k->arg, t.p, t.n);
			break;
		default:
			if (t.var == WO_ONERROR) {
				if (v->exitcode == 0)
					return;	/* the rest is for failures */
			} else if (t.var == WO_STDOUT || t.var == WO_STDERR)
				err = t.var == WO_STDERR;
			else if (t.var == WO_JSON)
				put_json(k, err, v);
			else if (t.var == WO_HEADER_JSON)
				put_header_json(k, err, v);
			else
				put_var(k, err, 0, t.var, v);
			break;
		}
	}
}

size_t
wo_strip_lines(char *p, size_t n)
{
	size_t i, o = 0;
	int cut = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == '\n')
			cut = 0;
		else if (p[i] == '\r')
			cut = 1;
		else if (!cut)
			p[o++] = p[i];
	}
	return o;
}
