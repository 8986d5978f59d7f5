/*
 * fuzz_noproxy.c: noproxy_match on arbitrary bytes.  The input is split
 * at its first NUL into a NO_PROXY list and a host (without one, the
 * host is "www.example.com").  Checked: the answer is 0 or 1; "*" covers
 * every host and "" none; a host with no separator in it covers itself,
 * and a name also as ".name"; adding entries never covers less; case
 * does not matter; an address is covered by the block of everything of
 * its family and a name never is.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/noproxy.h"
#include "util/base.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define LISTCAP	4096

static int
with(const char *fmt, const char *a, const char *b, const char *host)
{
	char list[2 * LISTCAP + 64];

	snprintf(list, sizeof(list), fmt, a, b);
	return noproxy_match(list, host);
}

/* no separator, and more than dots */
static int
plain(const char *h)
{
	size_t n = strlen(h);

	if (n > 0 && h[n - 1] == '.')
		n--;
	return n > 0 && h[0] != '.' && strcspn(h, ", \t") == strlen(h);
}

static void
check(const char *list, const char *host)
{
	char up[LISTCAP];
	size_t i;
	int r, addr;

	if ((r = noproxy_match(list, host)) != 0 && r != 1)
		abort();
	if (noproxy_match("", host) != 0 || noproxy_match(NULL, host) != 0 ||
	    (*host != '\0' && noproxy_match("*", host) != 1))
		abort();
	addr = noproxy_match("0.0.0.0/0 ::/0", host);
	if (plain(host) && (with("%s%s", host, "", host) != 1 ||
	    with("a.invalid,%s%s", host, "", host) != 1 ||
	    (!addr && with(".%s%s", host, "", host) != 1)))
		abort();
	if (addr && with("%s%s", "a.invalid", "", host) != 0)
		abort();
	if (strlen(list) >= sizeof(up))
		return;
	if (r == 1 && strcmp(list, "*") != 0 &&
	    (with("%s,%s", list, "zz.invalid", host) != 1 ||
	    with("%s %s", "zz.invalid", list, host) != 1))
		abort();
	for (i = 0; list[i] != '\0'; i++)
		up[i] = (char)toupper((unsigned char)list[i]);
	up[i] = '\0';
	if (noproxy_match(up, host) != r)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf;
	const char *host = "www.example.com";
	size_t n;

	if (size > LISTCAP || (buf = malloc(size + 1)) == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	n = strlen(buf);
	if (n < size)
		host = buf + n + 1;
	check(buf, host);
	free(buf);
	return 0;
}
