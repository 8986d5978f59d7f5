/*
 * fuzz_ws_req.c: the server's reading of a WebSocket handshake request
 * (ws.c) on any bytes.  ws_req_parse, on a writable copy of the input's
 * exact size, never reads or writes past it; a head it takes is no
 * longer than the input or WS_REQ_MAX, its strings lie inside it and end
 * there, and the same head alone parses the same; it never waits for
 * more once WS_REQ_MAX bytes are in.  ws_req_check answers 0 or one of
 * its statuses, with a reason, and 0 only for what RFC 6455 4.2.1 asks
 * (one Sec-WebSocket-Key, 11.3.1); several Sec-WebSocket-Protocol lines
 * are one list, joined within its buffer; an Origin is allowed where no
 * list is given.
 * The input as text is also a ws:// URL: one that parses has a host, a
 * port and a path starting with '/'.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse/http.h"
#include "parse/url.h"
#include "parse/ws.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
message_ok(const char *e)
{
	size_t n = strnlen(e, SK_ERRLEN);

	if (n == 0 || n == SK_ERRLEN)
		abort();
}

/* s is a string that starts and ends inside buf[0..n). */
static void
inside(const char *s, const char *buf, size_t n)
{
	if (s < buf || s >= buf + n ||
	    memchr(s, '\0', (size_t)(buf + n - s)) == NULL)
		abort();
}

static void
check(const struct ws_req *rq, const char *path)
{
	char err[SK_ERRLEN];
	int st, i, n;

	err[0] = '\0';
	st = ws_req_check(rq, path, err);
	if (st != 0 && st != 400 && st != 404 && st != 405 && st != 426)
		abort();
	if (st != 0) {
		message_ok(err);
		if (st == 404 && path == NULL)
			abort();
		return;
	}
	/* an upgrade taken: a GET of HTTP/1.1 with every field it needs */
	if (strcmp(rq->method, "GET") != 0 || rq->minor < 1 ||
	    rq->key == NULL || !ws_key_ok(rq->key, strlen(rq->key)) ||
	    ws_req_field(rq, "Host") == NULL ||
	    ws_req_field(rq, "Upgrade") == NULL ||
	    ws_req_field(rq, "Connection") == NULL ||
	    ws_req_field(rq, "Sec-WebSocket-Version") == NULL ||
	    strcmp(ws_req_field(rq, "Sec-WebSocket-Version"), "13") != 0)
		abort();
	for (i = n = 0; i < rq->nfields; i++)
		if (strcasecmp(rq->fields[i].name, "Sec-WebSocket-Key") == 0)
			n++;
	if (n != 1)
		abort();
	if (path != NULL && (strncmp(rq->target, path, strlen(path)) != 0 ||
	    (rq->target[strlen(path)] != '\0' &&
	    rq->target[strlen(path)] != '?')))
		abort();
}

static void
req_check(const uint8_t *data, size_t size)
{
	static const char *ours = "chat,superchat,Mqtt";
	struct ws_req *rq, *rq2;
	char *buf, err[SK_ERRLEN], out[WS_PROTO_MAX], acc[WS_KEY_LEN + 40];
	long r, r2;
	int i;

	if ((buf = malloc(size ? size : 1)) == NULL)
		return;
	if ((rq = malloc(sizeof(*rq))) == NULL ||
	    (rq2 = malloc(sizeof(*rq2))) == NULL) {
		free(rq);
		free(buf);
		return;
	}
	memcpy(buf, data, size);
	err[0] = '\0';
	r = ws_req_parse(buf, size, rq, err);
	if (r < -1 || (size_t)(r > 0 ? r : 0) > size || r > WS_REQ_MAX ||
	    (r == 0 && size >= WS_REQ_MAX))
		abort();
	if (r == -1)
		message_ok(err);
	if (r > 0) {
		if (rq->nfields < 0 || rq->nfields > WS_REQ_FIELDS ||
		    rq->minor < 0 || rq->minor > 9)
			abort();
		inside(rq->method, buf, (size_t)r);
		inside(rq->target, buf, (size_t)r);
		if (rq->method[0] == '\0' || rq->target[0] == '\0')
			abort();
		for (i = 0; i < rq->nfields; i++) {
			inside(rq->fields[i].name, buf, (size_t)r);
			inside(rq->fields[i].value, buf, (size_t)r);
			if (rq->fields[i].name[0] == '\0' ||
			    ws_req_field(rq, rq->fields[i].name) == NULL)
				abort();
		}
		/* the protocols: the field itself, or its lines joined */
		if (rq->key != ws_req_field(rq, "sec-websocket-key") ||
		    rq->origin != ws_req_field(rq, "ORIGIN") ||
		    (rq->protocols == NULL) != (ws_req_field(rq,
		    "SEC-WEBSOCKET-PROTOCOL") == NULL) ||
		    (rq->protocols != NULL && rq->protocols != rq->protobuf &&
		    rq->protocols != ws_req_field(rq,
		    "Sec-WebSocket-Protocol")) ||
		    (rq->protocols == rq->protobuf &&
		    strlen(rq->protobuf) >= sizeof(rq->protobuf)))
			abort();
		if (ws_origin_ok(NULL, rq->origin) != 1 ||
		    ws_origin_ok("http://a.example", NULL) != 1)
			abort();
		check(rq, NULL);
		check(rq, "/");
		check(rq, "/chat");
		ws_pick_protocol(ours, rq->protocols, out, sizeof(out));
		if (out[0] != '\0' && (rq->protocols == NULL ||
		    !http_list_has(ours, strlen(ours), out) ||
		    !http_list_has(rq->protocols, strlen(rq->protocols), out)))
			abort();
		if (rq->key != NULL && ws_key_ok(rq->key, strlen(rq->key)) &&
		    (ws_accept_input(rq->key, WS_KEY_LEN, acc) != 60 ||
		    strlen(acc) != 60))
			abort();
		/* the head alone, again from the input: the same */
		memcpy(buf, data, (size_t)r);
		r2 = ws_req_parse(buf, (size_t)r, rq2, err);
		if (r2 != r || rq2->nfields != rq->nfields ||
		    rq2->minor != rq->minor)
			abort();
		/* one byte short of the head: more */
		memcpy(buf, data, (size_t)r - 1);
		if (ws_req_parse(buf, (size_t)r - 1, rq2, err) != 0)
			abort();
	}
	free(rq2);
	free(rq);
	free(buf);
}

static void
url_check(const uint8_t *data, size_t size)
{
	struct url *u;
	char *s, err[SK_ERRLEN];

	if ((s = malloc(size + 1)) == NULL)
		return;
	if ((u = calloc(1, sizeof(*u))) == NULL) {
		free(s);
		return;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	err[0] = '\0';
	if (ws_url_parse(s, u, err) == 0) {
		if (!ws_url_is(s) || strchr(s, '#') != NULL ||
		    u->path[0] != '/' || u->host[0] == '\0' ||
		    u->port_num < 1 || u->port_num > 65535 ||
		    u->https != (s[2] == 's' || s[2] == 'S') ||
		    (!u->port_given && u->port_num != (u->https ? 443 : 80)))
			abort();
	} else
		message_ok(err);
	url_free(u);
	free(u);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *k;

	req_check(data, size);
	url_check(data, size);
	/* the key and list readers on the raw bytes, exact size */
	if ((k = malloc(size ? size : 1)) != NULL) {
		memcpy(k, data, size);
		if (ws_key_ok(k, size) && (size != WS_KEY_LEN ||
		    k[22] != '=' || k[23] != '='))
			abort();
		(void)http_list_has(k, size, "upgrade");
		free(k);
	}
	return 0;
}
