/*
 * starttls.c: the plaintext dialogues before TLS, as state machines over
 * the bytes received (starttls.h).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/probe_bytes.h"
#include "parse/starttls.h"

/* What s waits for. */
enum {
	S_GREET,	/* smtp, lmtp, ftp: the greeting, 220 */
	S_HELO,		/* smtp, lmtp: the reply to EHLO or LHLO */
	S_STARTTLS,	/* smtp, lmtp: the reply to STARTTLS */
	S_AUTH,		/* ftp: the reply to AUTH TLS */
	S_IGREET,	/* imap: the greeting, * OK */
	S_ICAPA,	/* imap: the reply to CAPABILITY */
	S_ISTARTTLS,	/* imap: the reply to STARTTLS */
	S_PGREET,	/* pop3: the greeting, +OK */
	S_PCAPA,	/* pop3: CAPA's status line */
	S_PCAPALIST,	/* pop3: CAPA's list, to the "." */
	S_PSTLS,	/* pop3: the reply to STLS */
	S_XBEGIN,	/* xmpp: nothing yet: our stream's header to send */
	S_XFEAT,	/* xmpp: the server's stream and its features */
	S_XPROCEED,	/* xmpp: <proceed/> or <failure/> */
	S_PGBEGIN,	/* postgres: the SSLRequest to send */
	S_PGANSWER,	/* postgres: 'S' or 'N' */
	S_DONE,
	S_FAIL
};

static const char *const names[] = { "smtp", "lmtp", "imap", "pop3", "ftp",
    "xmpp", "postgres" };

/* the IMAP tags: one command each */
#define TAG_CAPA	"a001"
#define TAG_STLS	"a002"

#define XMPP_TLS_NS	"urn:ietf:params:xml:ns:xmpp-tls"

int
starttls_proto(const char *word)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(word, names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
starttls_proto_name(int proto)
{
	if (proto < 0 || proto >= (int)(sizeof(names) / sizeof(names[0])))
		return "?";
	return names[proto];
}

int
starttls_port(unsigned int port)
{
	switch (port) {
	case 21:
		return STLS_P_FTP;
	case 24:
		return STLS_P_LMTP;
	case 25:
	case 587:
		return STLS_P_SMTP;
	case 110:
		return STLS_P_POP3;
	case 143:
		return STLS_P_IMAP;
	case 5222:
		return STLS_P_XMPP;
	case 5432:
		return STLS_P_POSTGRES;
	default:
		return -1;
	}
}

/* The short name of the step s is at, for the reasons: "EHLO". */
static const char *
step_word(const struct starttls *s)
{
	switch (s->state) {
	case S_HELO:
		return s->proto == STLS_P_LMTP ? "LHLO" : "EHLO";
	case S_STARTTLS:
	case S_ISTARTTLS:
		return "STARTTLS";
	case S_AUTH:
		return "AUTH TLS";
	case S_ICAPA:
		return "CAPABILITY";
	case S_PCAPA:
	case S_PCAPALIST:
		return "CAPA";
	case S_PSTLS:
		return "STLS";
	case S_XFEAT:
		return "features";
	case S_XPROCEED:
		return "starttls";
	case S_PGANSWER:
		return "SSLRequest";
	default:
		return "greeting";
	}
}

const char *
starttls_step(const struct starttls *s)
{
	switch (s->state) {
	case S_HELO:
		return s->proto == STLS_P_LMTP ? "the reply to LHLO" :
		    "the reply to EHLO";
	case S_STARTTLS:
	case S_ISTARTTLS:
		return "the reply to STARTTLS";
	case S_AUTH:
		return "the reply to AUTH TLS";
	case S_ICAPA:
		return "the reply to CAPABILITY";
	case S_PCAPA:
	case S_PCAPALIST:
		return "the reply to CAPA";
	case S_PSTLS:
		return "the reply to STLS";
	case S_XFEAT:
		return "the stream's features";
	case S_XPROCEED:
		return "the reply to <starttls/>";
	case S_PGANSWER:
		return "the reply to SSLRequest";
	case S_DONE:
		return "TLS";
	default:
		return "the greeting";
	}
}

/* Keep the server's words, printable and cut, for a reason. */
static void
keep(struct starttls *s, const unsigned char *p, size_t n)
{
	if (n > 100)
		n = 100;
	(void)esc_text((const char *)p, n, ESC_TRIM, s->last,
	    sizeof(s->last));
}

/* Fail with what went wrong and the server's words.  Returns STLS_FAIL. */
static int
fail(struct starttls *s, const char *what)
{
	snprintf(s->why, sizeof(s->why), "%s (%s: %s)", what, step_word(s),
	    s->last);
	s->state = S_FAIL;
	return STLS_FAIL;
}

/* Queue str to send, and wait for the reply in state next. */
static int
say(struct starttls *s, const char *str, int next)
{
	size_t n = strlen(str);

	if (n >= sizeof(s->out))	/* cannot happen: names are bounded */
		n = sizeof(s->out) - 1;
	memcpy(s->out, str, n);
	s->outlen = n;
	s->state = next;
	s->code = s->lines = s->offered = 0;
	return STLS_SEND;
}

int
starttls_init(struct starttls *s, int proto, const char *name)
{
	size_t n = strlen(name), i;

	memset(s, 0, sizeof(*s));
	if (n == 0 || n >= sizeof(s->name))
		return -1;
	for (i = 0; i < n; i++) {
		/* a line or an attribute value: no controls, no quotes */
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f ||
		    name[i] == '\'' || name[i] == '"' || name[i] == '<' ||
		    name[i] == '>' || name[i] == '&' || name[i] == ' ')
			return -1;
	}
	memcpy(s->name, name, n + 1);
	s->proto = proto;
	switch (proto) {
	case STLS_P_SMTP:
	case STLS_P_LMTP:
	case STLS_P_FTP:
		s->state = S_GREET;
		break;
	case STLS_P_IMAP:
		s->state = S_IGREET;
		break;
	case STLS_P_POP3:
		s->state = S_PGREET;
		break;
	case STLS_P_XMPP:
		s->state = S_XBEGIN;
		break;
	case STLS_P_POSTGRES:
		s->state = S_PGBEGIN;
		break;
	default:
		return -1;
	}
	return 0;
}

int
starttls_literal(const char *addr, char *buf, size_t size)
{
	size_t n = strcspn(addr, "%");
	int r;

	/*
	 * A zone ("%eth0") names our interface, not the address: RFC 5321
	 * 4.1.3's IPv6-addr has none, and the server could not use it
	 */
	if (n == 0 || n > 64)
		return -1;
	r = snprintf(buf, size, memchr(addr, ':', n) != NULL ? "[IPv6:%.*s]" :
	    "[%.*s]", (int)n, addr);
	return r < 0 || (size_t)r >= size ? -1 : 0;
}

/* Where str begins in p[0..n), or -1. */
static long
find(const unsigned char *p, size_t n, const char *str)
{
	size_t m = strlen(str), i;

	for (i = 0; m <= n && i <= n - m; i++)
		if (memcmp(p + i, str, m) == 0)
			return (long)i;
	return -1;
}

/* Does p[0..n) begin with word, case aside, and then a delimiter? */
static int
starts_word(const unsigned char *p, size_t n, const char *word)
{
	size_t m = strlen(word);

	return n >= m && strncasecmp((const char *)p, word, m) == 0 &&
	    (n == m || p[m] == ' ' || p[m] == '[' || p[m] == ']');
}

/* Is word one of the words of p[0..n) (split at ' ', '[' and ']')? */
static int
has_word(const unsigned char *p, size_t n, const char *word)
{
	size_t i = 0;

	while (i < n) {
		while (i < n && (p[i] == ' ' || p[i] == '[' || p[i] == ']'))
			i++;
		if (starts_word(p + i, n - i, word))
			return 1;
		while (i < n && p[i] != ' ' && p[i] != '[' && p[i] != ']')
			i++;
	}
	return 0;
}

/*
 * A numeric reply's line (SMTP, LMTP, FTP): "250-more" or "250 last".
 * FTP's multi-line replies may hold lines of any form before the last,
 * which begins with the first line's code and a space (RFC 959).
 * Returns 1 when the reply is whole (s->code its code), 0 when more
 * lines follow, -1 for a line no such reply has.
 */
static int
numeric_line(struct starttls *s, const unsigned char *p, size_t n)
{
	int code, digits;

	digits = n >= 3 && p[0] >= '1' && p[0] <= '5' && p[1] >= '0' &&
	    p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
	    (n == 3 || p[3] == ' ' || p[3] == '-');
	code = digits ? (p[0] - '0') * 100 + (p[1] - '0') * 10 + p[2] - '0' :
	    0;
	s->lines++;
	keep(s, p, n);
	if (!digits) {
		if (s->proto == STLS_P_FTP && s->code != 0)
			return 0;
		return -1;
	}
	if (s->code != 0 && code != s->code) {
		if (s->proto == STLS_P_FTP)
			return 0;
		return -1;
	}
	s->code = code;
	if (s->state == S_HELO && s->lines > 1 && n > 4 &&
	    starts_word(p + 4, n - 4, "STARTTLS"))
		s->offered = 1;
	return n == 3 || p[3] == ' ';
}

/* A numeric reply is whole (smtp, lmtp, ftp): the next step. */
static int
numeric_done(struct starttls *s)
{
	char cmd[STLS_NAME_MAX + 16];

	switch (s->state) {
	case S_GREET:
		if (s->code == 120) {	/* ready in a while: wait on */
			s->code = s->lines = 0;
			return STLS_MORE;
		}
		if (s->code != 220)
			return fail(s, "unexpected greeting");
		if (s->proto == STLS_P_FTP)
			return say(s, "AUTH TLS\r\n", S_AUTH);
		snprintf(cmd, sizeof(cmd), "%s %s\r\n", s->proto ==
		    STLS_P_LMTP ? "LHLO" : "EHLO", s->name);
		return say(s, cmd, S_HELO);
	case S_HELO:
		if (s->code != 250)
			return fail(s, s->proto == STLS_P_LMTP ? "the server "
			    "refused LHLO" : "the server refused EHLO");
		if (!s->offered)
			return fail(s, "the server does not offer STARTTLS");
		return say(s, "STARTTLS\r\n", S_STARTTLS);
	case S_STARTTLS:
		if (s->code != 220)
			return fail(s, "the server refused STARTTLS");
		s->state = S_DONE;
		return STLS_DONE;
	default:	/* S_AUTH */
		if (s->code != 234)
			return fail(s, "the server refused AUTH TLS");
		s->state = S_DONE;
		return STLS_DONE;
	}
}

/* An IMAP line.  Returns STLS_MORE to read on, or the next step. */
static int
imap_line(struct starttls *s, const unsigned char *p, size_t n)
{
	const char *tag = s->state == S_ICAPA ? TAG_CAPA : TAG_STLS;
	size_t tl = strlen(tag);

	keep(s, p, n);
	if (s->state == S_IGREET) {
		if (!starts_word(p, n, "* OK"))
			return fail(s, "unexpected greeting");
		/* the capabilities may come with the greeting */
		if (has_word(p, n, "CAPABILITY") && has_word(p, n, "STARTTLS"))
			return say(s, TAG_STLS " STARTTLS\r\n", S_ISTARTTLS);
		return say(s, TAG_CAPA " CAPABILITY\r\n", S_ICAPA);
	}
	if (n >= 2 && p[0] == '*' && p[1] == ' ') {
		if (s->state == S_ICAPA && starts_word(p + 2, n - 2,
		    "CAPABILITY") && has_word(p, n, "STARTTLS"))
			s->offered = 1;
		if (starts_word(p + 2, n - 2, "BYE"))
			return fail(s, "the server ended the session");
		return STLS_MORE;
	}
	if (n <= tl || memcmp(p, tag, tl) != 0 || p[tl] != ' ')
		return fail(s, "unexpected reply");
	if (!starts_word(p + tl + 1, n - tl - 1, "OK"))
		return fail(s, s->state == S_ICAPA ? "the server refused "
		    "CAPABILITY" : "the server refused STARTTLS");
	if (s->state == S_ISTARTTLS) {
		s->state = S_DONE;
		return STLS_DONE;
	}
	if (!s->offered)
		return fail(s, "the server does not offer STARTTLS");
	return say(s, TAG_STLS " STARTTLS\r\n", S_ISTARTTLS);
}

/* A POP3 line.  Returns STLS_MORE to read on, or the next step. */
static int
pop3_line(struct starttls *s, const unsigned char *p, size_t n)
{
	int ok = n >= 3 && memcmp(p, "+OK", 3) == 0 && (n == 3 ||
	    p[3] == ' ');
	int err = n >= 4 && memcmp(p, "-ERR", 4) == 0 && (n == 4 ||
	    p[4] == ' ');

	if (s->state != S_PCAPALIST)
		keep(s, p, n);
	switch (s->state) {
	case S_PGREET:
		if (!ok)
			return fail(s, "unexpected greeting");
		return say(s, "CAPA\r\n", S_PCAPA);
	case S_PCAPA:
		/* a server without CAPA (RFC 1939 alone): try STLS all the
		 * same */
		if (err)
			return say(s, "STLS\r\n", S_PSTLS);
		if (!ok)
			return fail(s, "unexpected reply");
		s->state = S_PCAPALIST;
		return STLS_MORE;
	case S_PCAPALIST:
		if (n == 1 && p[0] == '.') {
			if (!s->offered)
				return fail(s, "the server does not offer "
				    "STLS");
			return say(s, "STLS\r\n", S_PSTLS);
		}
		if (starts_word(p, n, "STLS"))
			s->offered = 1;
		keep(s, p, n);
		return STLS_MORE;
	default:	/* S_PSTLS */
		if (err)
			return fail(s, "the server refused STLS");
		if (!ok)
			return fail(s, "unexpected reply");
		s->state = S_DONE;
		return STLS_DONE;
	}
}

/* Does p[0..n) begin as str does, as far as either goes? */
static int
prefix_of(const unsigned char *p, size_t n, const char *str)
{
	size_t m = strlen(str);

	return memcmp(p, str, n < m ? n : m) == 0;
}

/*
 * XMPP: the server's stream header and features, then its answer to
 * <starttls/>.  Not a parser of XML: the elements are found by their
 * names, as OpenSSL's s_client finds them, which the servers' fixed
 * forms allow.
 */
static int
xmpp_step(struct starttls *s, const unsigned char *in, size_t len,
    size_t *used)
{
	char hdr[STLS_OUT_MAX];
	long at, end;
	size_t i;

	if (s->state == S_XBEGIN) {
		snprintf(hdr, sizeof(hdr), "<?xml version='1.0'?>"
		    "<stream:stream xmlns='jabber:client' "
		    "xmlns:stream='http://etherx.jabber.org/streams' "
		    "to='%s' version='1.0'>", s->name);
		return say(s, hdr, S_XFEAT);
	}
	if (s->state == S_XFEAT) {
		/* XML or nothing: an HTTP or SMTP server's words fail now */
		for (i = 0; i < len && (in[i] == ' ' || in[i] == '\t' ||
		    in[i] == '\r' || in[i] == '\n'); i++)
			;
		if (i < len && in[i] != '<') {
			keep(s, in + i, len - i);
			return fail(s, "unexpected reply");
		}
		if ((at = find(in, len, "<stream:error")) != -1 ||
		    (at = find(in, len, "</stream:stream")) != -1) {
			keep(s, in + at, len - (size_t)at);
			return fail(s, "the server ended the stream");
		}
		if ((end = find(in, len, "</stream:features>")) != -1)
			end += (long)strlen("</stream:features>");
		else if ((end = find(in, len, "<stream:features/>")) != -1)
			end += (long)strlen("<stream:features/>");
		else
			return STLS_MORE;
		*used = (size_t)end;
		if ((at = find(in, (size_t)end, "<stream:features")) == -1)
			at = 0;
		keep(s, in + at, (size_t)(end - at));
		if (find(in, (size_t)end, XMPP_TLS_NS) == -1)
			return fail(s, "the server does not offer STARTTLS");
		return say(s, "<starttls xmlns='" XMPP_TLS_NS "'/>",
		    S_XPROCEED);
	}
	/* S_XPROCEED: whitespace may come between elements */
	for (i = 0; i < len && (in[i] == ' ' || in[i] == '\t' ||
	    in[i] == '\r' || in[i] == '\n'); i++)
		;
	if (i == len)
		return STLS_MORE;
	keep(s, in + i, len - i);
	if (prefix_of(in + i, len - i, "<proceed")) {
		if (len - i <= strlen("<proceed"))
			return STLS_MORE;
		if ((end = find(in + i, len - i, ">")) == -1)
			return STLS_MORE;
		if (in[i + (size_t)end - 1] != '/') {
			/* <proceed ...></proceed> */
			if ((end = find(in + i, len - i, "</proceed>")) == -1)
				return STLS_MORE;
			end += (long)strlen("</proceed>") - 1;
		}
		*used = i + (size_t)end + 1;
		keep(s, in + i, *used - i);
		s->state = S_DONE;
		return STLS_DONE;
	}
	if (prefix_of(in + i, len - i, "<failure") && len - i >= 8)
		return fail(s, "the server refused STARTTLS");
	if ((prefix_of(in + i, len - i, "<stream:error") && len - i >= 13) ||
	    (prefix_of(in + i, len - i, "</stream:stream") && len - i >= 15))
		return fail(s, "the server ended the stream");
	if (prefix_of(in + i, len - i, "<failure") ||
	    prefix_of(in + i, len - i, "<stream:error") ||
	    prefix_of(in + i, len - i, "</stream:stream"))
		return STLS_MORE;
	return fail(s, "unexpected reply");
}

/* PostgreSQL: the SSLRequest, then one byte. */
static int
postgres_step(struct starttls *s, const unsigned char *in, size_t len,
    size_t *used)
{
	/* length 8, then the code 80877103 (1234 << 16 | 5679) */
	static const unsigned char req[8] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16,
	    0x2f };

	if (s->state == S_PGBEGIN) {
		memcpy(s->out, req, sizeof(req));
		s->outlen = sizeof(req);
		s->state = S_PGANSWER;
		return STLS_SEND;
	}
	if (len == 0)
		return STLS_MORE;
	keep(s, in, len);
	*used = 1;
	if (in[0] == 'N')
		return fail(s, "the server refused SSL");
	if (in[0] != 'S')
		return fail(s, "unexpected reply");
	s->state = S_DONE;
	return STLS_DONE;
}

/* The line-based protocols: each whole line in turn. */
static int
line_step(struct starttls *s, const unsigned char *in, size_t len,
    size_t *used)
{
	const unsigned char *nl;
	size_t n;
	int r;

	while (*used < len) {
		nl = memchr(in + *used, '\n', len - *used);
		if (nl == NULL)
			return STLS_MORE;
		n = (size_t)(nl - (in + *used));
		if (n > 0 && in[*used + n - 1] == '\r')
			n--;
		r = STLS_MORE;
		switch (s->state) {
		case S_GREET:
		case S_HELO:
		case S_STARTTLS:
		case S_AUTH:
			switch (numeric_line(s, in + *used, n)) {
			case -1:
				r = fail(s, s->state == S_GREET ?
				    "unexpected greeting" : "unexpected reply");
				break;
			case 1:
				r = numeric_done(s);
				break;
			}
			break;
		case S_IGREET:
		case S_ICAPA:
		case S_ISTARTTLS:
			r = imap_line(s, in + *used, n);
			break;
		default:
			r = pop3_line(s, in + *used, n);
			break;
		}
		*used = (size_t)(nl - in) + 1;
		if (r != STLS_MORE)
			return r;
	}
	return STLS_MORE;
}

/* XML's white space: what an XMPP server may send between elements. */
static int
all_space(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n')
			return 0;
	return 1;
}

int
starttls_early(struct starttls *s, const unsigned char *in, size_t len)
{
	const unsigned char *nl;
	char what[64];

	if (len == 0 || s->state == S_FAIL)
		return s->state == S_FAIL ? STLS_FAIL : 0;
	if (s->proto == STLS_P_XMPP && all_space(in, len))
		return 0;
	/* the first line says enough: the rest may be many */
	nl = memchr(in, '\n', len);
	keep(s, in, nl != NULL ? (size_t)(nl - in) : len);
	snprintf(what, sizeof(what), "the server answered before sockt sent "
	    "%s", s->state == S_XFEAT ? "its stream header" :
	    s->state == S_XPROCEED ? "<starttls/>" : step_word(s));
	return fail(s, what);
}

int
starttls_next(struct starttls *s, const unsigned char *in, size_t len,
    size_t *used)
{
	int r;

	*used = 0;
	if (s->state == S_DONE)
		r = STLS_DONE;
	else if (s->state == S_FAIL)
		return STLS_FAIL;
	else if (s->proto == STLS_P_XMPP)
		r = xmpp_step(s, in, len, used);
	else if (s->proto == STLS_P_POSTGRES)
		r = postgres_step(s, in, len, used);
	else
		r = line_step(s, in, len, used);
	if (r == STLS_SEND && *used < len) {
		/*
		 * Bytes that answer what is not yet sent: a server that
		 * does not wait, or one who injects the replies (the "NO
		 * STARTTLS" study's response injection, 2021).
		 */
		if (starttls_early(s, in + *used, len - *used) != 0)
			return STLS_FAIL;
		*used = len;	/* XMPP's white space, which means nothing */
	}
	if (r == STLS_DONE && *used < len) {
		/* TLS's first bytes are ours: a server never sends first */
		keep(s, in + *used, len - *used);
		snprintf(s->why, sizeof(s->why), "the server sent data "
		    "after its last reply, before TLS began (%s)", s->last);
		s->state = S_FAIL;
		return STLS_FAIL;
	}
	if (r == STLS_MORE && len - *used >= STLS_IN_MAX) {
		keep(s, in + *used, len - *used);
		return fail(s, "reply too long");
	}
	return r;
}
