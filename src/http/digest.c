/*
 * http/digest.c: HTTP Digest authentication (http/auth.h): a challenge
 * taken in, and the Authorization value that answers it, as RFC 7616
 * section 3.4 computes it and curl 7.88 writes it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/auth.h"
#include "parse/authchal.h"
#include "parse/http.h"
#include "tls/tls.h"
#include "util/base.h"
#include "util/base64.h"

#define HEXLEN	(2 * TLS_DIGEST_MAX + 1)

int
hauth_take(struct hauth *a, unsigned allowed, const struct http_resp *r,
    const char *field, const char **why)
{
	struct digest_chal dc;
	const struct http_field *f;
	unsigned offered = 0;
	int i, rc, seen = 0;

	*why = NULL;
	/* stale=true without end, or a proxy's CONNECT that never lets in */
	if (++a->rounds > HAUTH_ROUNDS) {
		*why = "too many challenges";
		return 0;
	}
	for (i = 0; i < r->nfields; i++) {
		f = &r->fields[i];
		if (f->nlen != strlen(field) ||
		    strncasecmp(f->name, field, f->nlen) != 0)
			continue;
		offered |= authchal_schemes(f->value, f->vlen);
		/* the first Digest challenge counts, as curl's */
		if (seen || !(allowed & HAUTH_DIGEST))
			continue;
		if ((rc = authchal_digest(f->value, f->vlen, &dc, why)) == 0)
			continue;
		seen = 1;
		if (rc == -1)
			return 0;
		if (a->dc != NULL && !dc.stale) {
			*why = "the credentials were refused";
			return 0;
		}
		if (a->dc == NULL && (a->dc = malloc(sizeof(*a->dc))) ==
		    NULL) {
			*why = "out of memory";
			return 0;
		}
		*a->dc = dc;
		a->nc = 1;
		a->cnonce[0] = '\0';
	}
	if (seen)
		return 1;
	if ((allowed & offered & HAUTH_BASIC) && !a->basic && a->dc == NULL) {
		a->basic = 1;
		return 1;
	}
	return 0;
}

void
hauth_free(struct hauth *a)
{
	free(a->dc);
	memset(a, 0, sizeof(*a));
}

/* The hash of p[0..n) in lowercase hex into hex.  0, or -1 (err). */
static int
hash_hex(const struct hauth *a, const char *p, size_t n, char *hex, char *err)
{
	static const char *const names[] = { "MD5", "SHA256", "SHA512-256" };
	static const char digits[] = "0123456789abcdef";
	unsigned char md[TLS_DIGEST_MAX];
	int i, len;

	if ((len = tls_digest(names[a->dc->algo], p, n, md, err)) == -1)
		return -1;
	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * len] = '\0';
	return 0;
}

/* The hash of what fmt makes, in hex.  0, or -1 (err). */
static int
hashf(const struct hauth *a, char *hex, char *err, char *tmp, size_t cap,
    const char *fmt, const char *s1, const char *s2, const char *s3,
    const char *s4, const char *s5, const char *s6)
{
	int n;

	n = snprintf(tmp, cap, fmt, s1, s2, s3, s4, s5, s6);
	if (n < 0 || (size_t)n >= cap) {
		snprintf(err, SK_ERRLEN, "digest: credentials too long");
		return -1;
	}
	return hash_hex(a, tmp, (size_t)n, hex, err);
}

/* s with '"' and '\' escaped, as a quoted string holds it, to b. */
static void
quoted(char *b, size_t cap, size_t *off, const char *s)
{
	for (; *s != '\0'; s++) {
		if ((*s == '"' || *s == '\\') && *off + 1 < cap)
			b[(*off)++] = '\\';
		if (*off + 1 < cap)
			b[(*off)++] = *s;
	}
	if (*off < cap)
		b[*off] = '\0';
}

/* s appended to b at *off (it fits, or *off is cap: it did not). */
static void
add(char *b, size_t cap, size_t *off, const char *s)
{
	size_t n = strlen(s);

	if (*off + n < cap) {
		memcpy(b + *off, s, n + 1);
		*off += n;
	} else
		*off = cap;
}

/* A fresh client nonce, curl's shape: 32 hex digits in base64. */
static int
cnonce_make(struct hauth *a, char *err)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char r[16];
	char hex[33];
	int i;

	if (tls_random(r, sizeof(r), err) == -1)
		return -1;
	for (i = 0; i < 16; i++) {
		hex[2 * i] = digits[r[i] >> 4];
		hex[2 * i + 1] = digits[r[i] & 15];
	}
	(void)base64_encode((const unsigned char *)hex, 32, a->cnonce);
	return 0;
}

long
hauth_value(struct hauth *a, const char *method, const char *uri,
    const char *user, const char *pass, char *buf, size_t cap, char *err)
{
	static const char *const qops[] = { "", "auth", "auth-int" };
	const struct digest_chal *dc = a->dc;
	char ha1[HEXLEN], ha2[HEXLEN], hb[HEXLEN], resp[HEXLEN], uh[HEXLEN];
	char tmp[3 * AUTHCHAL_LEN + 2 * 1024], nc[9];
	size_t off = 0;

	if (dc == NULL)
		return 0;
	hb[0] = '\0';
	if (dc->qop != 0 && a->cnonce[0] == '\0' && cnonce_make(a, err) == -1)
		return -1;
	(void)snprintf(nc, sizeof(nc), "%08x", a->nc);
	if (hashf(a, ha1, err, tmp, sizeof(tmp), "%s:%s:%s", user, dc->realm,
	    pass, "", "", "") == -1 ||
	    (dc->sess && hashf(a, ha1, err, tmp, sizeof(tmp), "%s:%s:%s", ha1,
	    dc->nonce, a->cnonce, "", "", "") == -1))
		return -1;
	/* auth-int: a GET's body is empty, H("") */
	if (dc->qop == 2 && hash_hex(a, "", 0, hb, err) == -1)
		return -1;
	if (hashf(a, ha2, err, tmp, sizeof(tmp), dc->qop == 2 ? "%s:%s:%s" :
	    "%s:%s", method, uri, hb, "", "", "") == -1)
		return -1;
	if ((dc->qop != 0 ? hashf(a, resp, err, tmp, sizeof(tmp),
	    "%s:%s:%s:%s:%s:%s", ha1, dc->nonce, nc, a->cnonce, qops[dc->qop],
	    ha2) : hashf(a, resp, err, tmp, sizeof(tmp), "%s:%s:%s", ha1,
	    dc->nonce, ha2, "", "", "")) == -1)
		return -1;
	if (dc->userhash && hashf(a, uh, err, tmp, sizeof(tmp), "%s:%s",
	    user, dc->realm, "", "", "", "") == -1)
		return -1;
	add(buf, cap, &off, "Digest username=\"");
	quoted(buf, cap, &off, dc->userhash ? uh : user);
	add(buf, cap, &off, "\", realm=\"");
	quoted(buf, cap, &off, dc->realm);
	add(buf, cap, &off, "\", nonce=\"");
	quoted(buf, cap, &off, dc->nonce);
	add(buf, cap, &off, "\", uri=\"");
	add(buf, cap, &off, uri);
	if (dc->qop != 0) {
		add(buf, cap, &off, "\", cnonce=\"");
		add(buf, cap, &off, a->cnonce);
		add(buf, cap, &off, "\", nc=");
		add(buf, cap, &off, nc);
		add(buf, cap, &off, ", qop=");
		add(buf, cap, &off, qops[dc->qop]);
		add(buf, cap, &off, ", response=\"");
		a->nc++;
	} else
		add(buf, cap, &off, "\", response=\"");
	add(buf, cap, &off, resp);
	add(buf, cap, &off, "\"");
	if (dc->has_opaque) {
		add(buf, cap, &off, ", opaque=\"");
		quoted(buf, cap, &off, dc->opaque);
		add(buf, cap, &off, "\"");
	}
	if (dc->algorithm[0] != '\0') {
		add(buf, cap, &off, ", algorithm=");
		add(buf, cap, &off, dc->algorithm);
	}
	if (dc->userhash)
		add(buf, cap, &off, ", userhash=true");
	if (off + 1 >= cap) {
		snprintf(err, SK_ERRLEN, "digest: credentials too long");
		return -1;
	}
	return (long)off;
}
