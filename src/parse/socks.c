/*
 * socks.c: the proxy protocols, pure (no I/O), so the unit tests and the
 * fuzzer link them alone; proxy_dial.c moves the bytes.  socks.h states
 * the contract every reply parser keeps.
 */
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/addr.h"
#include "parse/http.h"
#include "parse/socks.h"
#include "parse/url.h"
#include "util/base.h"
#include "util/base64.h"

static const struct {
	const char	*name;
	int		 kind;
} schemes[] = {
	{ "socks5", PROXY_SOCKS5 },
	{ "socks5h", PROXY_SOCKS5H },
	{ "socks4", PROXY_SOCKS4 },
	{ "socks4a", PROXY_SOCKS4A },
	{ "http", PROXY_HTTP },
	{ "https", PROXY_HTTP }		/* over TLS: proxy.tls */
};

const char *
proxy_scheme(int kind)
{
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (schemes[i].kind == kind)
			return schemes[i].name;
	return "none";
}

int
proxy_resolves_here(int kind)
{
	return kind == PROXY_SOCKS5 || kind == PROXY_SOCKS4;
}

static int
is_socks5(int kind)
{
	return kind == PROXY_SOCKS5 || kind == PROXY_SOCKS5H;
}

/* The longest user name or password a proxy of kind takes, bytes. */
static size_t
user_max(int kind)
{
	return kind == PROXY_HTTP ? PROXY_USERLEN - 1 : 255;
}

int
proxy_check(const struct proxy *px, char *err)
{
	size_t ul, pl;

	if (!px->has_auth)
		return 0;
	ul = strnlen(px->user, PROXY_USERLEN);
	pl = strnlen(px->pass, PROXY_USERLEN);
	if (is_socks5(px->kind) && (ul < 1 || ul > 255)) {
		snprintf(err, SK_ERRLEN, "SOCKS5 needs a user name of 1 to 255 "
		    "bytes (RFC 1929)");
		return -1;
	}
	if (is_socks5(px->kind) && (pl < 1 || pl > 255)) {
		snprintf(err, SK_ERRLEN, "SOCKS5 needs a password of 1 to 255 "
		    "bytes (RFC 1929)");
		return -1;
	}
	if ((px->kind == PROXY_SOCKS4 || px->kind == PROXY_SOCKS4A) &&
	    pl > 0) {
		snprintf(err, SK_ERRLEN, "SOCKS4 takes a user id, no "
		    "password");
		return -1;
	}
	if (px->kind != PROXY_HTTP && (ul > 255 || pl > 255)) {
		snprintf(err, SK_ERRLEN, "proxy user name or password over "
		    "255 bytes");
		return -1;
	}
	/* RFC 7617: user-id and password are joined by the first colon */
	if (px->kind == PROXY_HTTP && memchr(px->user, ':', ul) != NULL) {
		snprintf(err, SK_ERRLEN, "an HTTP proxy user name cannot "
		    "contain ':'");
		return -1;
	}
	return 0;
}

/*
 * The messages quote the user's input; keep them printable (a '?' for
 * any other byte) so an error cannot drive the terminal.
 */
static int
printable(char *err)
{
	size_t i;

	for (i = 0; err[i] != '\0'; i++)
		if ((unsigned char)err[i] < 0x20 || (unsigned char)err[i] >= 0x7f)
			err[i] = '?';
	return -1;
}

/*
 * host[:port] with the rules of http:// URLs (url_parse: brackets for
 * IPv6, a numeric port), then the default port of the kind (and of TLS
 * to it).  Credentials are allowed only where the caller says so.
 */
static int
authority_of(struct url *up, const char *s, int kind, int tls, int auth_ok,
    struct proxy *px, char *err)
{
	/* as long as a URL's path could be: addr_check_unix says why not */
	char why[SK_ERRLEN], path[8192];
	int unix_path;

	if (url_parse(s, up, why) == -1) {
		snprintf(err, SK_ERRLEN, "bad proxy: %.*s", SK_ERRLEN - 16,
		    why);
		return -1;
	}
	/*
	 * curl's SOCKS over a UNIX socket: socks5h://localhost/PATH; any
	 * other proxy URL's path and query are ignored, as curl ignores them
	 */
	unix_path = strcmp(up->path, "/") != 0 && kind != PROXY_HTTP &&
	    strcmp(up->host, "localhost") == 0 && !up->port_given;
	/* the socket's path percent-decoded, as curl takes it; no query */
	path[0] = '\0';
	if (unix_path && (strchr(up->path, '?') != NULL ||
	    url_pct_decode(up->path, strlen(up->path), path,
	    sizeof(path)) == -1)) {
		snprintf(err, SK_ERRLEN, "bad proxy: a UNIX socket's path has "
		    "no query or %%00");
		return -1;
	}
	if (path[0] != '\0' && addr_check_unix(path, why) == -1) {
		snprintf(err, SK_ERRLEN, "bad proxy: %.*s", SK_ERRLEN - 16,
		    why);
		return -1;
	}
	if (strlen(up->user) > user_max(kind) ||
	    strlen(up->pass) > user_max(kind)) {
		/* a SOCKS handshake cannot carry it: curl's 97, not 5 */
		errno = EMSGSIZE;
		snprintf(err, SK_ERRLEN, "bad proxy: bad user name or password "
		    "in URL");
		return -1;
	}
	if (up->has_auth && !auth_ok) {
		snprintf(err, SK_ERRLEN, "bad proxy: credentials not "
		    "allowed here");
		return -1;
	}
	memset(px, 0, sizeof(*px));
	px->kind = kind;
	px->tls = tls;
	memcpy(px->host, up->host, sizeof(px->host));
	px->port_given = up->port_given;
	if (up->port_given)
		memcpy(px->port, up->port, sizeof(px->port));
	else
		snprintf(px->port, sizeof(px->port), "%d", tls ?
		    PROXY_HTTPS_PORT : kind == PROXY_HTTP ? PROXY_HTTP_PORT :
		    PROXY_SOCKS_PORT);
	px->has_auth = up->has_auth;
	memcpy(px->user, up->user, strlen(up->user) + 1);
	memcpy(px->pass, up->pass, strlen(up->pass) + 1);
	/* addr_check_unix saw it fit */
	if (path[0] != '\0' && strlen(path) < sizeof(px->path))
		memcpy(px->path, path, strlen(path) + 1);
	return proxy_check(px, err);
}

static int
proxy_authority(const char *s, int kind, int tls, int auth_ok,
    struct proxy *px, char *err)
{
	struct url u;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = authority_of(&u, s, kind, tls, auth_ok, px, err);
	url_free(&u);
	return rc;
}

int
proxy_parse(const char *s, struct proxy *px, char *err)
{
	const char *sep;
	size_t i, n;
	int kind = PROXY_HTTP, tls = 0;

	sep = strstr(s, "://");
	if (sep != NULL) {
		n = (size_t)(sep - s);
		for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
			if (strlen(schemes[i].name) == n &&
			    strncasecmp(s, schemes[i].name, n) == 0)
				break;
		if (i == sizeof(schemes) / sizeof(schemes[0])) {
			snprintf(err, SK_ERRLEN, "unsupported proxy scheme "
			    "'%.*s' (socks5, socks5h, socks4, socks4a, http, "
			    "https)", (int)(n > 16 ? 16 : n), s);
			errno = EPROTONOSUPPORT;
			return printable(err);
		}
		kind = schemes[i].kind;
		tls = n == 5;	/* https */
		s = sep + 3;
	}
	if (proxy_authority(s, kind, tls, 1, px, err) == -1)
		return printable(err);
	return 0;
}

int
proxy_parse_clear(const char *s, struct proxy *px, char *err)
{
	if (proxy_parse(s, px, err) == -1)
		return -1;
	if (px->tls) {
		snprintf(err, SK_ERRLEN, "an https:// proxy is http-get's: "
		    "here the proxy is spoken to in the clear (http://)");
		return -1;
	}
	return 0;
}

int
proxy_user_set(struct proxy *px, const char *s, char *err)
{
	const char *colon = strchr(s, ':');
	size_t ul = colon != NULL ? (size_t)(colon - s) : strlen(s);
	size_t pl = colon != NULL ? strlen(colon + 1) : 0;

	if (ul > user_max(px->kind) || pl > user_max(px->kind)) {
		snprintf(err, SK_ERRLEN, "proxy %s over %zu bytes",
		    ul > user_max(px->kind) ? "user name" : "password",
		    user_max(px->kind));
		return -1;
	}
	memcpy(px->user, s, ul);
	px->user[ul] = '\0';
	if (colon != NULL)
		memcpy(px->pass, colon + 1, pl);
	px->pass[pl] = '\0';
	px->has_auth = 1;
	return proxy_check(px, err);
}

int
proxy_nc(const char *x_proto, const char *addr, struct proxy *px,
    char *err)
{
	int kind;

	if (x_proto == NULL || strcmp(x_proto, "5") == 0)
		kind = PROXY_SOCKS5H;
	else if (strcmp(x_proto, "4") == 0)
		kind = PROXY_SOCKS4;
	else if (strcasecmp(x_proto, "connect") == 0)
		kind = PROXY_HTTP;
	else {
		snprintf(err, SK_ERRLEN, "-X %.32s: unknown proxy protocol "
		    "(4, 5 or connect)", x_proto);
		return printable(err);
	}
	/* "host:port" alone: a scheme here would be read as the host */
	if (strstr(addr, "://") != NULL) {
		snprintf(err, SK_ERRLEN, "-x takes host[:port], not a URL");
		return -1;
	}
	if (proxy_authority(addr, kind, 0, 0, px, err) == -1)
		return printable(err);
	return 0;
}

static int
port_ok(int port, char *err)
{
	if (port < 1 || port > 65535) {
		snprintf(err, SK_ERRLEN, "port %d: out of range (1-65535)",
		    port);
		return -1;
	}
	return 0;
}

static long
no_room(char *err)
{
	snprintf(err, SK_ERRLEN, "proxy request too long");
	return -1;
}

long
socks5_greeting(const struct proxy *px, unsigned char *buf, size_t cap,
    char *err)
{
	if (cap < 4)
		return no_room(err);
	buf[0] = 5;
	buf[1] = px->has_auth ? 2 : 1;
	buf[2] = SOCKS5_NOAUTH;
	buf[3] = SOCKS5_USERPASS;
	return px->has_auth ? 4 : 3;
}

/*
 * The first byte of a reply is its version: a or b (the RFC's and the
 * one some servers send instead), else "what (version N)".
 */
static int
version_check(const unsigned char *buf, size_t len, int a, int b,
    const char *what, char *err)
{
	if (len >= 1 && buf[0] != a && buf[0] != b) {
		snprintf(err, SK_ERRLEN, "%s (version %d)", what, buf[0]);
		return -1;
	}
	return 0;
}

static int
socks5_version(const unsigned char *buf, size_t len, char *err)
{
	return version_check(buf, len, 5, 5, "not a SOCKS5 proxy", err);
}

long
socks5_method_parse(const struct proxy *px, const unsigned char *buf,
    size_t len, int *method, size_t *need, char *err)
{
	if (socks5_version(buf, len, err) == -1)
		return -1;
	if (len < 2) {
		*need = 2 - len;
		return 0;
	}
	if (buf[1] == 0xff) {
		snprintf(err, SK_ERRLEN, "no acceptable authentication "
		    "method%s", px->has_auth ? "" :
		    " (the proxy may want a user and password)");
		return -1;
	}
	if (buf[1] != SOCKS5_NOAUTH &&
	    !(buf[1] == SOCKS5_USERPASS && px->has_auth)) {
		snprintf(err, SK_ERRLEN, "the proxy chose authentication "
		    "method %d, which was not offered", buf[1]);
		return -1;
	}
	*method = buf[1];
	return 2;
}

long
socks5_auth_request(const struct proxy *px, unsigned char *buf,
    size_t cap, char *err)
{
	size_t ul, pl;

	if (proxy_check(px, err) == -1)
		return -1;
	ul = strlen(px->user);
	pl = strlen(px->pass);
	if (!px->has_auth || ul == 0 || pl == 0) {
		snprintf(err, SK_ERRLEN, "SOCKS5 needs a user name and a "
		    "password (RFC 1929)");
		return -1;
	}
	if (cap < 3 + ul + pl)
		return no_room(err);
	buf[0] = 1;
	buf[1] = (unsigned char)ul;
	memcpy(buf + 2, px->user, ul);
	buf[2 + ul] = (unsigned char)pl;
	memcpy(buf + 3 + ul, px->pass, pl);
	return (long)(3 + ul + pl);
}

long
socks5_auth_parse(const unsigned char *buf, size_t len, size_t *need,
    char *err)
{
	/* RFC 1929 says version 1; some servers answer with SOCKS's 5 */
	if (version_check(buf, len, 1, 5, "bad authentication reply",
	    err) == -1)
		return -1;
	if (len < 2) {
		*need = 2 - len;
		return 0;
	}
	if (buf[1] != 0) {
		snprintf(err, SK_ERRLEN, "authentication refused");
		return -1;
	}
	return 2;
}

long
socks5_connect_request(const char *host, int port, unsigned char *buf,
    size_t cap, char *err)
{
	unsigned char a[16];
	size_t n, alen;

	if (port_ok(port, err) == -1)
		return -1;
	if (cap < 4 + 1 + 255 + 2)
		return no_room(err);
	buf[0] = 5;
	buf[1] = 1;		/* CONNECT */
	buf[2] = 0;
	if (inet_pton(AF_INET, host, a) == 1) {
		buf[3] = 1;
		alen = 4;
		memcpy(buf + 4, a, alen);
	} else if (inet_pton(AF_INET6, host, a) == 1) {
		buf[3] = 4;
		alen = 16;
		memcpy(buf + 4, a, alen);
	} else {
		n = strlen(host);
		if (n < 1 || n > 255) {
			snprintf(err, SK_ERRLEN, "host name %s for SOCKS5 "
			    "(1 to 255 bytes)", n ? "too long" : "empty");
			return -1;
		}
		buf[3] = 3;
		buf[4] = (unsigned char)n;
		memcpy(buf + 5, host, n);
		alen = n + 1;
	}
	buf[4 + alen] = (unsigned char)(port >> 8);
	buf[5 + alen] = (unsigned char)(port & 0xff);
	return (long)(6 + alen);
}

/* "host unreachable (SOCKS5 reply 4)", or "unknown reply 9 (SOCKS5)" */
static long
refused(const char *text, const char *proto, int code, char *err)
{
	if (text != NULL)
		snprintf(err, SK_ERRLEN, "%s (%s reply %d)", text, proto,
		    code);
	else
		snprintf(err, SK_ERRLEN, "unknown reply %d (%s)", code, proto);
	return -1;
}

const char *
socks5_reply_str(int rep)
{
	static const char *text[] = {
		"succeeded",
		"general SOCKS server failure",
		"connection not allowed by ruleset",
		"network unreachable",
		"host unreachable",
		"connection refused",
		"TTL expired",
		"command not supported",
		"address type not supported"
	};

	if (rep < 0 || rep >= (int)(sizeof(text) / sizeof(text[0])))
		return NULL;
	return text[rep];
}

long
socks5_connect_parse(const unsigned char *buf, size_t len, size_t *need,
    char *err)
{
	size_t total;

	if (socks5_version(buf, len, err) == -1)
		return -1;
	/* a refusal is known at the second byte; the rest does not matter */
	if (len >= 2 && buf[1] != 0)
		return refused(socks5_reply_str(buf[1]), "SOCKS5", buf[1], err);
	if (len < 4) {
		*need = 4 - len;
		return 0;
	}
	switch (buf[3]) {
	case 1:
		total = 4 + 4 + 2;
		break;
	case 4:
		total = 4 + 16 + 2;
		break;
	case 3:
		if (len < 5) {
			*need = 1;
			return 0;
		}
		total = 4 + 1 + buf[4] + 2;
		break;
	default:
		snprintf(err, SK_ERRLEN, "bad address type %d in the SOCKS5 "
		    "reply", buf[3]);
		return -1;
	}
	if (len < total) {
		*need = total - len;
		return 0;
	}
	return (long)total;
}

long
socks4_request(const struct proxy *px, const char *host, int port,
    unsigned char *buf, size_t cap, char *err)
{
	unsigned char a[16];
	size_t ul = strlen(px->user), hl = 0, n;

	if (port_ok(port, err) == -1)
		return -1;
	if (inet_pton(AF_INET6, host, a) == 1) {
		snprintf(err, SK_ERRLEN, "SOCKS4 cannot reach an IPv6 "
		    "address");
		return -1;
	}
	if (inet_pton(AF_INET, host, a) != 1) {
		if (px->kind != PROXY_SOCKS4A) {
			/* the caller resolves for socks4; a name is a bug */
			snprintf(err, SK_ERRLEN, "SOCKS4 needs an IPv4 "
			    "address, not a name (use socks4a)");
			return -1;
		}
		hl = strlen(host);
		if (hl == 0) {
			snprintf(err, SK_ERRLEN, "empty host name");
			return -1;
		}
		/* 0.0.0.x, x not 0: "the name follows" (SOCKS4a) */
		memcpy(a, "\0\0\0\1", 4);
	}
	if (ul > 255)
		return no_room(err);
	n = 8 + ul + 1 + (hl ? hl + 1 : 0);
	if (cap < n)
		return no_room(err);
	buf[0] = 4;
	buf[1] = 1;		/* CONNECT */
	buf[2] = (unsigned char)(port >> 8);
	buf[3] = (unsigned char)(port & 0xff);
	memcpy(buf + 4, a, 4);
	memcpy(buf + 8, px->user, ul + 1);
	if (hl)
		memcpy(buf + 9 + ul, host, hl + 1);
	return (long)n;
}

const char *
socks4_reply_str(int cd)
{
	switch (cd) {
	case 90:
		return "request granted";
	case 91:
		return "request rejected or failed";
	case 92:
		return "request rejected: the proxy cannot reach identd "
		    "on this host";
	case 93:
		return "request rejected: identd reports a different user id";
	default:
		return NULL;
	}
}

long
socks4_reply_parse(const unsigned char *buf, size_t len, size_t *need,
    char *err)
{
	/* the reply's version is 0; a few servers send SOCKS's 4 */
	if (version_check(buf, len, 0, 4, "not a SOCKS4 proxy", err) == -1)
		return -1;
	if (len >= 2 && buf[1] != 90)
		return refused(socks4_reply_str(buf[1]), "SOCKS4", buf[1], err);
	if (len < 8) {
		*need = 8 - len;
		return 0;
	}
	return 8;
}

long
http_connect_request(const struct proxy *px, const char *host, int port,
    const char *agent, char *const *ph, int nph, unsigned char *buf,
    size_t cap, char *err)
{
	return http_connect_auth(px, NULL, host, port, agent, ph, nph, buf,
	    cap, err);
}

long
http_connect_auth(const struct proxy *px, const char *pauth,
    const char *host, int port, const char *agent, char *const *ph,
    int nph, unsigned char *buf, size_t cap, char *err)
{
	long f;
	char auth[PROXY_USERLEN * 2], b64[PROXY_USERLEN * 3];
	char line[PROXY_REQ_MAX];
	size_t i;
	int n, v6, ua, pc;

	if (port_ok(port, err) == -1)
		return -1;
	/* the host goes into the request line: nothing that could split it */
	for (i = 0; host[i] != '\0'; i++)
		if ((unsigned char)host[i] <= ' ' || host[i] == 0x7f) {
			snprintf(err, SK_ERRLEN, "host name with a space or "
			    "control character");
			return -1;
		}
	if (i == 0 || i > 255) {
		snprintf(err, SK_ERRLEN, "host name %s", i ? "too long" :
		    "empty");
		return -1;
	}
	line[0] = '\0';
	if (pauth != NULL) {
		n = *pauth == '\0' ? 0 : snprintf(line, sizeof(line),
		    "Proxy-Authorization: %s\r\n", pauth);
		if (n < 0 || (size_t)n >= sizeof(line))
			return no_room(err);
	} else if (px->has_auth) {
		if (proxy_check(px, err) == -1)
			return -1;
		n = snprintf(auth, sizeof(auth), "%s:%s", px->user, px->pass);
		if (n < 0 || (size_t)n >= sizeof(auth))
			return no_room(err);
		base64_encode((const unsigned char *)auth, (size_t)n, b64);
		n = snprintf(line, sizeof(line), "Proxy-Authorization: Basic "
		    "%s\r\n", b64);
		if (n < 0 || (size_t)n >= sizeof(line))
			return no_room(err);
	}
	if (agent != NULL && strpbrk(agent, "\r\n") != NULL) {
		snprintf(err, SK_ERRLEN, "user agent with CR or LF");
		return -1;
	}
	v6 = strchr(host, ':') != NULL;
	/* a --proxy-header that names a default takes its place (curl's) */
	n = snprintf((char *)buf, cap, v6 ? "CONNECT [%s]:%d HTTP/1.1\r\n" :
	    "CONNECT %s:%d HTTP/1.1\r\n", host, port);
	if (n > 0 && (size_t)n < cap && !http_fields_name(ph, nph, "Host"))
		n += snprintf((char *)buf + n, cap - (size_t)n, v6 ?
		    "Host: [%s]:%d\r\n" : "Host: %s:%d\r\n", host, port);
	ua = agent != NULL && !http_fields_name(ph, nph, "User-Agent");
	pc = agent != NULL && !http_fields_name(ph, nph, "Proxy-Connection");
	if (n > 0 && (size_t)n < cap)
		n += snprintf((char *)buf + n, cap - (size_t)n, "%s%s%s%s%s",
		    line, ua ? "User-Agent: " : "", ua ? agent : "", ua ?
		    "\r\n" : "", pc ? "Proxy-Connection: Keep-Alive\r\n" : "");
	if (n < 0 || (size_t)n >= cap || (f = http_fields_put(ph, nph,
	    (char *)buf + n, cap - (size_t)n)) == -1 ||
	    (size_t)n + (size_t)f + 3 > cap)
		return no_room(err);
	memcpy(buf + n + f, "\r\n", 3);
	return n + f + 2;
}

/* "HTTP 407 Reason": printable ASCII as is, other bytes as \xNN. */
static void
http_refusal(const struct http_resp *r, char *err)
{
	char reason[SK_ERRLEN];
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < r->rlen && o + 5 < sizeof(reason); i++) {
		c = (unsigned char)r->reason[i];
		if (c >= 0x20 && c < 0x7f)
			reason[o++] = (char)c;
		else {
			snprintf(reason + o, 5, "\\x%02x", c);
			o += 4;
		}
	}
	reason[o] = '\0';
	snprintf(err, SK_ERRLEN, "HTTP %03d%s%.*s", r->status,
	    o ? " " : "", SK_ERRLEN - 16, reason);
}

long
http_connect_parse(const unsigned char *buf, size_t len, size_t *need,
    char *err)
{
	char head[PROXY_HEAD_MAX], why[SK_ERRLEN];
	struct http_resp r;
	size_t scan = len < sizeof(head) ? len : sizeof(head), off = 0;
	long h;

	/* a copy: http_head_parse rewrites folded lines in place */
	memcpy(head, buf, scan);
	for (;;) {
		h = http_head_parse(head + off, scan - off, &r, why);
		if (h == -1) {
			snprintf(err, SK_ERRLEN, "bad response to CONNECT: "
			    "%.*s", SK_ERRLEN - 32, why);
			return -1;
		}
		if (h == 0) {
			if (scan == sizeof(head)) {
				snprintf(err, SK_ERRLEN, "response to CONNECT "
				    "over %d bytes", PROXY_HEAD_MAX);
				return -1;
			}
			*need = 1;
			return 0;
		}
		off += (size_t)h;
		/* interim 1xx heads come before the real answer */
		if (r.status >= 100 && r.status <= 199 && r.status != 101)
			continue;
		if (http_status_class(r.status) == 2)
			return (long)off;
		http_refusal(&r, err);
		return -1;
	}
}
