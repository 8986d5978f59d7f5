/*
 * fuzz_wsext.c: Sec-WebSocket-Extensions (parse/wsext.c) on any bytes.
 * wsext_next, on an exact-size copy, never reads past it, always moves
 * on and ends; what it returns is a token name with token parameters.
 * The server's choice is 1, 0 or -1, with a reason when it declines;
 * the answer it formats reads back, as the client reads it, to the same
 * parameters (RFC 7692: what a server answers, a client takes).  The
 * client's reading of the bytes as an answer says why when it refuses,
 * and the window bits are 9 to 15 whatever the limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/wsext.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
message_ok(const char *e)
{
	size_t n = strnlen(e, SK_ERRLEN);

	if (n == 0 || n == SK_ERRLEN)
		abort();
}

static void
token_ok(const char *t, int may_be_empty)
{
	size_t n = strnlen(t, WSEXT_NAME_MAX);

	if (n == WSEXT_NAME_MAX || (n == 0 && !may_be_empty) ||
	    strcspn(t, " \t\r\n,;=\"\\()/:<>?@[]{}") != n)
		abort();
}

static void
list_check(const char *p, size_t size)
{
	struct wsext e;
	char err[SK_ERRLEN];
	size_t pos = 0, last;
	int r, i, n = 0;

	for (;;) {
		last = pos;
		err[0] = '\0';
		r = wsext_next(p, size, &pos, &e, err);
		if (r == -1) {
			message_ok(err);
			return;
		}
		if (r != 0 && r != 1)
			abort();
		if (pos > size || (r == 1 && pos <= last))
			abort();
		if (r == 0)
			return;
		token_ok(e.name, 0);
		if (e.nparams < 0 || e.nparams > WSEXT_PARAMS)
			abort();
		for (i = 0; i < e.nparams; i++) {
			token_ok(e.p[i].name, 0);
			token_ok(e.p[i].value, !e.p[i].has_value);
		}
		if (++n > (int)size + 1)
			abort();
	}
}

static void
choice_check(const char *p, size_t size)
{
	struct wsext_pmd a, b;
	char err[SK_ERRLEN], out[WSEXT_TEXT_MAX];
	size_t n;
	int r, count = 0;

	err[0] = '\0';
	r = wsext_pmd_accept(p, size, &a, err);
	if (r == -1)
		message_ok(err);
	if (r < -1 || r > 1)
		abort();
	if (r != 1)
		return;
	n = wsext_pmd_format(&a, out, sizeof(out));
	if (n >= sizeof(out) || strlen(out) != n)
		abort();
	memset(&b, 0, sizeof(b));
	if (wsext_pmd_response(out, n, &b, &count, err) != 0 || count != 1 ||
	    memcmp(&a, &b, sizeof(a)) != 0)
		abort();
	if (wsext_pmd_bits(a.server_max_window_bits) < 9 ||
	    wsext_pmd_bits(a.server_max_window_bits) > 15)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wsext_pmd p;
	char *s, err[SK_ERRLEN];
	int count = 0;

	/* an exact-size copy, so ASan sees any overread */
	if ((s = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	list_check(s, size);
	choice_check(s, size);
	memset(&p, 0, sizeof(p));
	err[0] = '\0';
	if (wsext_pmd_response(s, size, &p, &count, err) == -1)
		message_ok(err);
	else if (count > 1 || wsext_pmd_bits(p.client_max_window_bits) < 9)
		abort();
	free(s);
	return 0;
}
