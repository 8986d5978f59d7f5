/*
 * tlsfields.c: portscan --probe tls's fields (tlsfields.h): their packed
 * form, and how each output format writes them, pure (no I/O).
 *
 * The packed form is a run of fields, each a tag byte, a 16-bit length
 * (big-endian) and the value: the strings without their NUL, the numbers
 * as 8 or 4 big-endian bytes, the names as they lie in san.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "parse/probe_bytes.h"
#include "parse/tlsfields.h"

#define SAN_ENTRY_MAX	250	/* bytes of one name, its tag too */
#define DAY_SECS	86400LL

/* The tags of the packed form. */
#define T_ERROR		'E'
#define T_VERSION	'V'
#define T_CIPHER	'C'
#define T_CERT		'X'	/* no value: has_cert */
#define T_SUBJECT	'S'
#define T_ISSUER	'I'
#define T_NOTAFTER	'A'
#define T_DAYS		'D'
#define T_FLAGS		'F'
#define T_SAN		'N'
#define T_MORE		'M'
#define T_STARTTLS	'P'	/* the dialogue's protocol */
#define T_STLS_ERROR	'R'	/* the dialogue failed: why */

static const struct {
	int		 flag;
	const char	*name;
} flag_names[] = {
	{ TLSF_EXPIRED, "expired" },
	{ TLSF_NOT_YET_VALID, "not-yet-valid" },
	{ TLSF_SELF_SIGNED, "self-signed" },
	{ TLSF_NAME_MISMATCH, "name-mismatch" }
};
#define NFLAGS	(sizeof(flag_names) / sizeof(flag_names[0]))

int
tlsf_san_add(struct tls_fields *f, const char *tag, const void *p, size_t n)
{
	size_t tl = strlen(tag);

	if (tl > SAN_ENTRY_MAX)
		tl = SAN_ENTRY_MAX;
	if (n > SAN_ENTRY_MAX - tl)
		n = SAN_ENTRY_MAX - tl;
	if (tl + n == 0)
		return 0;
	if (f->san_len + 1 + tl + n > sizeof(f->san)) {
		f->san_more++;
		return -1;
	}
	f->san[f->san_len++] = (unsigned char)(tl + n);
	memcpy(f->san + f->san_len, tag, tl);
	memcpy(f->san + f->san_len + tl, p, n);
	f->san_len += tl + n;
	return 0;
}

int
tlsf_san_next(const struct tls_fields *f, size_t *off,
    const unsigned char **p, size_t *n)
{
	size_t l;

	if (*off >= f->san_len || *off >= sizeof(f->san))
		return 0;
	l = f->san[*off];
	if (l == 0 || l > f->san_len - *off - 1)
		return 0;
	*p = f->san + *off + 1;
	*n = l;
	*off += 1 + l;
	return 1;
}

long long
tlsf_days(long long secs)
{
	/* C division truncates toward zero: round down for the past */
	if (secs < 0)
		return -((-(secs + 1)) / DAY_SECS) - 1;
	return secs / DAY_SECS;
}

/* --- the packed form ---------------------------------------------------- */

struct packer {
	char	*buf;
	size_t	 cap, len;
	int	 over;
};

static void
put(struct packer *pk, int tag, const void *v, size_t n)
{
	if (n > 0xffff || pk->cap - pk->len < 3 || pk->cap - pk->len - 3 < n) {
		pk->over = 1;
		return;
	}
	pk->buf[pk->len] = (char)tag;
	pk->buf[pk->len + 1] = (char)(n >> 8);
	pk->buf[pk->len + 2] = (char)(n & 0xff);
	if (n > 0)
		memcpy(pk->buf + pk->len + 3, v, n);
	pk->len += 3 + n;
}

static void
put_str(struct packer *pk, int tag, const char *s)
{
	if (s[0] != '\0')
		put(pk, tag, s, strlen(s));
}

static void
put_num(struct packer *pk, int tag, uint64_t v, size_t n)
{
	unsigned char b[8];
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (unsigned char)(v >> (8 * (n - 1 - i)));
	put(pk, tag, b, n);
}

int
tlsf_pack(const struct tls_fields *f, char *buf, size_t cap, size_t *len)
{
	struct packer pk = { buf, cap, 0, 0 };

	put_str(&pk, T_STARTTLS, f->starttls);
	put_str(&pk, T_STLS_ERROR, f->starttls_error);
	put_str(&pk, T_ERROR, f->error);
	put_str(&pk, T_VERSION, f->version);
	put_str(&pk, T_CIPHER, f->cipher);
	if (f->has_cert)
		put(&pk, T_CERT, NULL, 0);
	put_str(&pk, T_SUBJECT, f->subject);
	put_str(&pk, T_ISSUER, f->issuer);
	put_str(&pk, T_NOTAFTER, f->not_after);
	if (f->days_left != 0)
		put_num(&pk, T_DAYS, (uint64_t)f->days_left, 8);
	if (f->flags != 0)
		put_num(&pk, T_FLAGS, (uint64_t)(unsigned int)f->flags, 4);
	if (f->san_len > 0 && f->san_len <= sizeof(f->san))
		put(&pk, T_SAN, f->san, f->san_len);
	if (f->san_more != 0)
		put_num(&pk, T_MORE, f->san_more, 4);
	*len = pk.len;
	return pk.over ? -1 : 0;
}

/* A string field: n bytes, no NUL among them, room for the NUL after. */
static int
get_str(char *dst, size_t size, const char *v, size_t n)
{
	if (n == 0 || n >= size || memchr(v, '\0', n) != NULL)
		return -1;
	/* all of it: a field given twice leaves nothing of the first */
	memset(dst, 0, size);
	memcpy(dst, v, n);
	return 0;
}

static uint64_t
get_num(const char *v, size_t n)
{
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < n; i++)
		x = x << 8 | (unsigned char)v[i];
	return x;
}

/* The names: entries that fill the n bytes exactly. */
static int
get_san(struct tls_fields *f, const char *v, size_t n)
{
	size_t off = 0, l;

	if (n > sizeof(f->san))
		return -1;
	while (off < n) {
		l = (unsigned char)v[off];
		if (l == 0 || l > SAN_ENTRY_MAX || l > n - off - 1)
			return -1;
		off += 1 + l;
	}
	memset(f->san, 0, sizeof(f->san));
	memcpy(f->san, v, n);
	f->san_len = n;
	return 0;
}

/* One field of the packed form into f. */
static int
get_field(struct tls_fields *f, int tag, const char *v, size_t n)
{
	uint64_t x;

	switch (tag) {
	case T_ERROR:
		return get_str(f->error, sizeof(f->error), v, n);
	case T_STARTTLS:
		return get_str(f->starttls, sizeof(f->starttls), v, n);
	case T_STLS_ERROR:
		return get_str(f->starttls_error, sizeof(f->starttls_error),
		    v, n);
	case T_VERSION:
		return get_str(f->version, sizeof(f->version), v, n);
	case T_CIPHER:
		return get_str(f->cipher, sizeof(f->cipher), v, n);
	case T_SUBJECT:
		return get_str(f->subject, sizeof(f->subject), v, n);
	case T_ISSUER:
		return get_str(f->issuer, sizeof(f->issuer), v, n);
	case T_NOTAFTER:
		return get_str(f->not_after, sizeof(f->not_after), v, n);
	case T_CERT:
		f->has_cert = 1;
		return n == 0 ? 0 : -1;
	case T_DAYS:
		if (n != 8)
			return -1;
		x = get_num(v, n);
		/* two's complement back, without an overflowing cast */
		f->days_left = x > (uint64_t)INT64_MAX ?
		    -(long long)(~x) - 1 : (long long)x;
		return 0;
	case T_FLAGS:
		if (n != 4 || ((x = get_num(v, n)) & ~(uint64_t)TLSF_ALL) != 0)
			return -1;
		f->flags = (int)x;
		return 0;
	case T_SAN:
		return get_san(f, v, n);
	case T_MORE:
		if (n != 4)
			return -1;
		f->san_more = (unsigned int)get_num(v, n);
		return 0;
	}
	return -1;
}

int
tlsf_unpack(const char *buf, size_t n, struct tls_fields *f)
{
	size_t off = 0, l;
	int tag;

	memset(f, 0, sizeof(*f));
	while (off < n) {
		if (n - off < 3)
			return -1;
		tag = (unsigned char)buf[off];
		l = (size_t)(unsigned char)buf[off + 1] << 8 |
		    (unsigned char)buf[off + 2];
		off += 3;
		if (l > n - off || get_field(f, tag, buf + off, l) == -1)
			return -1;
		off += l;
	}
	return 0;
}

/* --- the output formats ------------------------------------------------- */

struct sb {
	char	*p;
	size_t	 cap, len;
	int	 over;
};

/* Our own ASCII, as is. */
static void
sb_put(struct sb *b, const char *s)
{
	size_t n = strlen(s);

	if (b->over || b->cap - b->len <= n) {
		b->over = 1;
		return;
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

/* The peer's bytes, escaped as esc_text does with flags. */
static void
sb_esc(struct sb *b, const void *s, size_t n, int flags)
{
	/* 4 * n + 1: room for the worst, so nothing is ever cut */
	if (b->over || (b->cap - b->len - 1) / 4 < n) {
		b->over = 1;
		return;
	}
	b->len += esc_text(s, n, flags, b->p + b->len, b->cap - b->len);
}

/* The peer's bytes as a JSON string, quotes and all; NULL: null. */
static void
sb_json(struct sb *b, const void *s, size_t n)
{
	if (s == NULL) {
		sb_put(b, "null");
		return;
	}
	sb_put(b, "\"");
	if (b->over || (b->cap - b->len - 1) / 6 < n) {
		b->over = 1;
		return;
	}
	b->len += esc_json(s, n, b->p + b->len, b->cap - b->len);
	sb_put(b, "\"");
}

static void
sb_num(struct sb *b, long long v)
{
	char n[32];

	snprintf(n, sizeof(n), "%lld", v);
	sb_put(b, n);
}

/* How a style writes values (vflags), names (sflags) and joins them. */
struct style {
	const char	*q;		/* around subject, issuer, names */
	int		 vflags, sflags;
	const char	*sjoin, *fjoin;
};

static const struct style styles[] = {
	/* TLSF_TABLE */
	{ "\"", ESC_QUOTE, ESC_QUOTE | ESC_COMMA, ", ", "," },
	/* TLSF_GREP */
	{ "", ESC_GREP, ESC_GREP | ESC_COMMA, ",", "," },
	/* TLSF_OG */
	{ "\"", ESC_QUOTE | ESC_COMMA | ESC_SLASH,
	    ESC_GREP | ESC_QUOTE | ESC_COMMA | ESC_SLASH, " ", "+" }
};

/* " key=" (no space first), the value quoted as the style does. */
static void
text_str(struct sb *b, const struct style *st, const char *key,
    const char *v, int quote)
{
	if (b->len > 0)
		sb_put(b, " ");
	sb_put(b, key);
	sb_put(b, "=");
	if (quote)
		sb_put(b, st->q);
	/* an unquoted value never holds a space */
	sb_esc(b, v, strlen(v), st->vflags | (quote ? 0 : ESC_GREP));
	if (quote)
		sb_put(b, st->q);
}

static void
text_cert(struct sb *b, const struct tls_fields *f, const struct style *st)
{
	const unsigned char *p;
	size_t off = 0, n;
	char more[32];
	int first = 1;

	text_str(b, st, "subject", f->subject, 1);
	text_str(b, st, "issuer", f->issuer, 1);
	if (f->san_len > 0) {
		sb_put(b, " san=");
		sb_put(b, st->q);
		while (tlsf_san_next(f, &off, &p, &n)) {
			if (!first)
				sb_put(b, st->sjoin);
			sb_esc(b, p, n, st->sflags);
			first = 0;
		}
		sb_put(b, st->q);
	}
	if (f->san_more > 0) {
		snprintf(more, sizeof(more), " san_more=%u", f->san_more);
		sb_put(b, more);
	}
	text_str(b, st, "notAfter", f->not_after, 0);
	sb_put(b, " days=");
	sb_num(b, f->days_left);
}

size_t
tlsf_text(const struct tls_fields *f, int style, char *out, size_t cap)
{
	const struct style *st = &styles[style == TLSF_GREP ? TLSF_GREP :
	    style == TLSF_OG ? TLSF_OG : TLSF_TABLE];
	struct sb b = { out, cap, 0, 0 };
	size_t i;
	int first = 1;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (f->starttls[0] != '\0')
		text_str(&b, st, "starttls", f->starttls, 0);
	if (f->starttls_error[0] != '\0')
		text_str(&b, st, "starttls-error", f->starttls_error, 1);
	else if (f->error[0] != '\0')
		text_str(&b, st, "tls-error", f->error, 1);
	else {
		text_str(&b, st, "tls", f->version, 0);
		text_str(&b, st, "cipher", f->cipher, 0);
	}
	if (f->has_cert)
		text_cert(&b, f, st);
	for (i = 0; i < NFLAGS; i++) {
		if (!(f->flags & flag_names[i].flag))
			continue;
		sb_put(&b, first ? " flags=" : st->fjoin);
		sb_put(&b, flag_names[i].name);
		first = 0;
	}
	if (b.over) {
		out[0] = '\0';
		return 0;
	}
	return b.len;
}

/* A string field, or null when not known. */
static void
json_str(struct sb *b, const char *key, const char *v, int known)
{
	sb_put(b, ",\"");
	sb_put(b, key);
	sb_put(b, "\":");
	sb_json(b, known ? v : NULL, strlen(v));
}

static void
json_cert(struct sb *b, const struct tls_fields *f)
{
	const unsigned char *p;
	size_t off = 0, n, i;
	int first = 1;

	json_str(b, "subject", f->subject, f->has_cert);
	json_str(b, "issuer", f->issuer, f->has_cert);
	sb_put(b, ",\"san\":[");
	while (f->has_cert && tlsf_san_next(f, &off, &p, &n)) {
		if (!first)
			sb_put(b, ",");
		sb_json(b, p, n);
		first = 0;
	}
	sb_put(b, "],\"san_more\":");
	sb_num(b, f->san_more);
	json_str(b, "not_after", f->not_after, f->has_cert);
	sb_put(b, ",\"days_left\":");
	if (f->has_cert)
		sb_num(b, f->days_left);
	else
		sb_put(b, "null");
	sb_put(b, ",\"flags\":[");
	for (i = 0, first = 1; i < NFLAGS; i++) {
		if (!(f->flags & flag_names[i].flag))
			continue;
		sb_put(b, first ? "\"" : ",\"");
		sb_put(b, flag_names[i].name);
		sb_put(b, "\"");
		first = 0;
	}
	sb_put(b, "]");
}

size_t
tlsf_json(const struct tls_fields *f, char *out, size_t cap)
{
	struct sb b = { out, cap, 0, 0 };
	int ok = f->error[0] == '\0' && f->starttls_error[0] == '\0';

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (f->starttls[0] != '\0') {
		sb_put(&b, "\"starttls\":");
		sb_json(&b, f->starttls, strlen(f->starttls));
		sb_put(&b, ",\"starttls_error\":");
		sb_json(&b, f->starttls_error[0] != '\0' ?
		    f->starttls_error : NULL, strlen(f->starttls_error));
		sb_put(&b, ",");
	}
	if (!ok && !f->has_cert)
		sb_put(&b, "\"tls\":null");
	else {
		sb_put(&b, "\"tls\":{\"version\":");
		sb_json(&b, ok ? f->version : NULL, strlen(f->version));
		json_str(&b, "cipher", f->cipher, ok);
		json_cert(&b, f);
		sb_put(&b, "}");
	}
	sb_put(&b, ",\"tls_error\":");
	sb_json(&b, f->error[0] == '\0' ? NULL : f->error, strlen(f->error));
	if (b.over) {
		out[0] = '\0';
		return 0;
	}
	return b.len;
}
