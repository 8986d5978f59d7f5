/*
 * fuzz_writeout.c: wo_next, wo_render and wo_strip_lines.  The input is
 * a format, then (after the first NUL) a response head whose fields and
 * the URL feed the variables.  Tokens must cover the format exactly and
 * advance; %{json} must come out as valid JSON (an object of strings,
 * numbers and null; strings valid UTF-8 without raw control bytes)
 * whatever the bytes, and %{header_json} curl 7.88's shape (an object,
 * a name a line, of arrays of such strings).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/http.h"
#include "parse/writeout.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static unsigned char out[1 << 20];
static size_t outn;
static int keep;	/* store what is rendered, to be checked */

static void
put(void *arg, int to_stderr, const char *p, size_t n)
{
	(void)arg;
	(void)to_stderr;
	/*
	 * The fuzzer's own format is rendered only to run the code: it may
	 * repeat %{json} as often as it likes, so its output has no bound.
	 * The %{json} alone, which is checked, stays far below this one
	 * (every variable escaped six bytes for one, of a 4 KiB input).
	 */
	if (!keep)
		return;
	if (n > sizeof(out) - outn)
		abort();
	memcpy(out + outn, p, n);
	outn += n;
}

/* A JSON string at out[*i]; abort if it is not one. */
static void
json_string(size_t *i)
{
	size_t k, len;
	unsigned int c;

	if (out[(*i)++] != '"')
		abort();
	while (*i < outn && out[*i] != '"') {
		c = out[*i];
		if (c < 0x20)
			abort();
		if (c == '\\') {
			if (*i + 1 >= outn || strchr("\"\\/bfnrtu",
			    out[*i + 1]) == NULL)
				abort();
			if (out[*i + 1] == 'u')
				for (k = 2; k < 6; k++)
					if (*i + k >= outn || strchr(
					    "0123456789abcdefABCDEF",
					    out[*i + k]) == NULL)
						abort();
			*i += out[*i + 1] == 'u' ? 6 : 2;
			continue;
		}
		len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 :
		    c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		if (len == 0 || *i + len > outn)
			abort();
		for (k = 1; k < len; k++)
			if ((out[*i + k] & 0xc0) != 0x80)
				abort();
		*i += len;
	}
	if (*i >= outn)
		abort();
	(*i)++;
}

static void
json_check(void)
{
	size_t i = 0;

	if (outn < 2 || out[i++] != '{')
		abort();
	for (;;) {
		json_string(&i);
		if (out[i++] != ':')
			abort();
		if (out[i] == '"')
			json_string(&i);
		else if (outn - i >= 4 && memcmp(out + i, "null", 4) == 0)
			i += 4;
		else {
			if (out[i] < '0' || out[i] > '9')
				abort();
			while (i < outn && ((out[i] >= '0' && out[i] <= '9') ||
			    out[i] == '.'))
				i++;
		}
		if (i >= outn)
			abort();
		if (out[i] == '}')
			break;
		if (out[i++] != ',')
			abort();
	}
	if (i + 1 != outn)
		abort();
}

/* %{header_json}: {NAME:[V,...],\nNAME:[...]\n} or {\n}. */
static void
header_json_check(void)
{
	size_t i = 1;

	if (outn < 3 || out[0] != '{')
		abort();
	while (!(out[i] == '\n' && i + 2 == outn && out[i + 1] == '}')) {
		json_string(&i);
		if (i + 2 >= outn || out[i++] != ':')
			abort();
		/* curl 7.88's ":]" for a name met again after others, no
		 * array (parse/writeout.c, its own case 1671) */
		if (out[i] != ']' && out[i++] != '[')
			abort();
		while (out[i - 1] == '[' || out[i - 1] == ',') {
			json_string(&i);
			if (i >= outn)
				abort();
			if (out[i] == ']')
				break;
			if (out[i++] != ',')
				abort();
		}
		i++;
		if (i + 2 > outn)
			abort();
		if (out[i] == ',' && out[i + 1] == '\n')
			i += 2;
		else if (out[i] != '\n')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct wo_sink k = { NULL, put, NULL };
	struct wo_values v;
	struct wo_tok t;
	struct http_resp r;
	const uint8_t *nul;
	char *fmt, *head, *url, err[128];
	size_t flen, hlen, pos = 0, last;

	if (size > 8192)
		return 0;
	nul = memchr(data, '\0', size);
	flen = nul ? (size_t)(nul - data) : size;
	hlen = nul ? size - flen - 1 : 0;
	if ((fmt = malloc(flen + 1)) == NULL ||
	    (head = malloc(hlen + 1)) == NULL || (url = malloc(hlen + 1)) ==
	    NULL)
		abort();
	memcpy(fmt, data, flen);
	if (hlen > 0)
		memcpy(head, nul + 1, hlen);
	memcpy(url, head, hlen);
	url[hlen] = '\0';
	memset(&v, 0, sizeof(v));
	v.url_effective = url;	/* any bytes, cut at a NUL */
	v.remote_ip = url;
	v.errormsg = v.referer = v.filename = url;
	v.version = url;
	v.http_connect = (int)(size % 1000);
	v.http_code = (int)size;
	v.time_total = (long long)size * 1000;
	v.size_download = size;
	if (hlen > 0 && http_head_parse(head, hlen, &r, err) > 0)
		v.resp = &r;
	/* the tokens cover the format, each one moving on */
	do {
		last = pos;
		if (wo_next(fmt, flen, &pos, &t) == WO_END)
			break;
		if (pos <= last || pos > flen)
			abort();
	} while (1);
	if (pos != flen)
		abort();
	keep = 0;
	wo_render(fmt, flen, &v, &k);
	outn = 0;
	keep = 1;
	wo_render("%{json}", 7, &v, &k);
	json_check();
	outn = 0;
	wo_render("%{header_json}", 14, &v, &k);
	header_json_check();
	outn = 0;
	wo_render("%{onerror}%{json}", 17, &v, &k);
	if (outn != 0)
		abort();	/* exitcode 0: nothing after %{onerror} */
	(void)wo_strip_lines(fmt, flen);
	free(fmt);
	free(head);
	free(url);
	return 0;
}
