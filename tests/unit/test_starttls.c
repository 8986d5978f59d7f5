/*
 * Unit tests for the STARTTLS dialogues (src/parse/starttls.c): each
 * protocol's dialogue from a script of what the server says and what the
 * client must send, with the server's bytes cut at every byte boundary
 * and fed a byte at a time; multi-line replies, untagged lines,
 * refusals, garbage, bytes after the go-ahead.
 */
#include <stdio.h>
#include <string.h>

#include "parse/starttls.h"
#include "tap.h"

struct step {
	char		 dir;	/* 'S' the server says, 'C' the client must
				 * send, 0 ends */
	const char	*p;
	size_t		 n;	/* 0: strlen(p) */
};

static char bad[256];

/*
 * Run script sc: the first k bytes of each server's part in one read,
 * the rest in reads of chunk bytes (0: all at once).  Returns the last
 * result, or -1 with bad set when the client said the wrong thing.
 */
static int
converse(int proto, const char *name, const struct step *sc, size_t k,
    size_t chunk, struct starttls *s)
{
	static unsigned char buf[STLS_IN_MAX * 2];
	size_t len = 0, used, n, off, piece;
	int r;

	bad[0] = '\0';
	if (starttls_init(s, proto, name) == -1) {
		snprintf(bad, sizeof(bad), "init");
		return -1;
	}
	r = starttls_next(s, NULL, 0, &used);
	for (; sc->dir != 0; sc++) {
		n = sc->n != 0 ? sc->n : strlen(sc->p);
		if (sc->dir == 'C') {
			if (r != STLS_SEND || s->outlen != n ||
			    memcmp(s->out, sc->p, n) != 0) {
				snprintf(bad, sizeof(bad), "r %d, sent '%.*s' "
				    "for '%s'", r, (int)s->outlen,
				    (const char *)s->out, sc->p);
				return -1;
			}
			r = starttls_next(s, buf, len, &used);
			memmove(buf, buf + used, len - used);
			len -= used;
			continue;
		}
		for (off = 0; off < n; off += piece) {
			/*
			 * bytes that come while a request waits to go out:
			 * judged as the caller judges what it finds before
			 * it sends, and kept when they mean nothing
			 */
			if (r == STLS_SEND) {
				if (starttls_early(s, (const unsigned char *)
				    sc->p + off, n - off) != 0)
					return STLS_FAIL;
				memcpy(buf + len, sc->p + off, n - off);
				len += n - off;
				break;
			}
			/* bytes after the go-ahead still come: DONE fails */
			if (r != STLS_MORE && r != STLS_DONE)
				return r;
			piece = off == 0 && k > 0 ? k : chunk != 0 ? chunk :
			    n - off;
			if (piece > n - off)
				piece = n - off;
			memcpy(buf + len, sc->p + off, piece);
			len += piece;
			r = starttls_next(s, buf, len, &used);
			if (used > len) {
				snprintf(bad, sizeof(bad), "used %zu of %zu",
				    used, len);
				return -1;
			}
			memmove(buf, buf + used, len - used);
			len -= used;
		}
	}
	return r;
}

/*
 * Script sc must end in want (and why, for STLS_FAIL) however the
 * server's bytes are cut: the reason's words before "(" at every cut,
 * all of it when each reply comes in one read.
 */
static void
dialogue(const char *desc, int proto, const char *name,
    const struct step *sc, int want, const char *why)
{
	struct starttls s;
	size_t k, max = 0, n;
	const struct step *p;
	int r, chunk, good = 1;
	char d[320];

	for (p = sc; p->dir != 0; p++) {
		n = p->n != 0 ? p->n : strlen(p->p);
		if (p->dir == 'S' && n > max)
			max = n;
	}
	for (chunk = 0; chunk <= 1 && good; chunk++)
		for (k = 0; k <= max && good; k++) {
			r = converse(proto, name, sc, k, (size_t)chunk, &s);
			/*
			 * the server's words are what had come when the
			 * step failed: whole only when the reply came whole
			 */
			if (r != want || (want == STLS_FAIL &&
			    (strncmp(s.why, why, strcspn(why, "(")) != 0 ||
			    (k == 0 && chunk == 0 && strcmp(s.why, why) != 0)))) {
				printf("#   cut at %zu, chunk %d: r %d (%s) "
				    "why '%s'\n", k, chunk, r, bad, s.why);
				good = 0;
			}
		}
	snprintf(d, sizeof(d), "%s: every cut", desc);
	ok(good, d);
}

#define S(x)	{ 'S', (x), 0 }
#define C(x)	{ 'C', (x), 0 }
#define END	{ 0, NULL, 0 }

static const struct step smtp_ok[] = {
	S("220-mail.example ESMTP\r\n220 ready\r\n"), C("EHLO [127.0.0.1]\r\n"),
	S("250-mail.example\r\n250-PIPELINING\r\n250-starttls\r\n250 8BITMIME\r\n"),
	C("STARTTLS\r\n"), S("220 2.0.0 go ahead\r\n"), END
};
static const struct step smtp_lf[] = {
	S("220 ready\n"), C("EHLO [127.0.0.1]\r\n"),
	S("250-x\n250 STARTTLS\n"), C("STARTTLS\r\n"), S("220 go\n"), END
};
static const struct step smtp_nooffer[] = {
	S("220 ready\r\n"), C("EHLO [127.0.0.1]\r\n"),
	S("250-mail.example\r\n250 PIPELINING\r\n"), END
};
static const struct step smtp_first[] = {
	/* the first line is the server's name, not a capability */
	S("220 ready\r\n"), C("EHLO [127.0.0.1]\r\n"),
	S("250-STARTTLS\r\n250 PIPELINING\r\n"), END
};
static const struct step smtp_refuse[] = {
	S("220 ready\r\n"), C("EHLO [127.0.0.1]\r\n"),
	S("250-x\r\n250 STARTTLS\r\n"), C("STARTTLS\r\n"),
	S("454 4.7.0 TLS not available\r\n"), END
};
static const struct step smtp_ehlo5[] = {
	S("220 ready\r\n"), C("EHLO [127.0.0.1]\r\n"),
	S("502 5.5.2 no EHLO\r\n"), END
};
static const struct step smtp_554[] = { S("554 go away\r\n"), END };
static const struct step smtp_garbage[] = {
	S("HELLO \001\377\r\n"), END
};
static const struct step smtp_mixed[] = {
	S("220-a\r\n250 b\r\n"), END
};
static const struct step smtp_inject2[] = {
	S("220 ready\r\n"), C("EHLO [127.0.0.1]\r\n"),
	S("250-x\r\n250 STARTTLS\r\n"), C("STARTTLS\r\n"),
	S("220 go\r\n250 injected\r\n"), END
};
static const struct step lmtp_ok[] = {
	S("220 lmtp ready\r\n"), C("LHLO [::1]\r\n"),
	S("250-x\r\n250-STARTTLS\r\n250 8BITMIME\r\n"), C("STARTTLS\r\n"),
	S("220 go\r\n"), END
};
static const struct step imap_ok[] = {
	S("* OK IMAP ready\r\n"), C("a001 CAPABILITY\r\n"),
	S("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\n* OK more\r\n"
	    "a001 OK done\r\n"), C("a002 STARTTLS\r\n"),
	S("* OK untagged first\r\na002 OK Begin TLS\r\n"), END
};
static const struct step imap_greetcaps[] = {
	S("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"),
	C("a002 STARTTLS\r\n"), S("a002 ok go\r\n"), END
};
static const struct step imap_nooffer[] = {
	S("* OK ready\r\n"), C("a001 CAPABILITY\r\n"),
	S("* CAPABILITY IMAP4rev1 STARTTLSX\r\na001 OK done\r\n"), END
};
static const struct step imap_no[] = {
	S("* OK ready\r\n"), C("a001 CAPABILITY\r\n"),
	S("* CAPABILITY IMAP4rev1 STARTTLS\r\na001 OK done\r\n"),
	C("a002 STARTTLS\r\n"), S("a002 NO not now\r\n"), END
};
static const struct step imap_bye[] = { S("* BYE busy\r\n"), END };
static const struct step imap_badtag[] = {
	S("* OK ready\r\n"), C("a001 CAPABILITY\r\n"),
	S("zz9 OK what\r\n"), END
};
static const struct step pop3_ok[] = {
	S("+OK POP3 ready\r\n"), C("CAPA\r\n"),
	S("+OK caps\r\nUSER\r\nSTLS\r\nUIDL\r\n.\r\n"), C("STLS\r\n"),
	S("+OK begin\r\n"), END
};
static const struct step pop3_nocapa[] = {
	S("+OK ready\r\n"), C("CAPA\r\n"), S("-ERR what\r\n"), C("STLS\r\n"),
	S("+OK begin\r\n"), END
};
static const struct step pop3_nooffer[] = {
	S("+OK ready\r\n"), C("CAPA\r\n"), S("+OK\r\nUSER\r\nUIDL\r\n.\r\n"),
	END
};
static const struct step pop3_err[] = {
	S("+OK ready\r\n"), C("CAPA\r\n"), S("+OK\r\nSTLS\r\n.\r\n"),
	C("STLS\r\n"), S("-ERR not now\r\n"), END
};
static const struct step pop3_garbage[] = {
	S("SSH-2.0-OpenSSH_9.2\r\n"), END
};
static const struct step ftp_ok[] = {
	S("120 soon\r\n220-welcome\r\n any line at all\r\n220 ready\r\n"),
	C("AUTH TLS\r\n"), S("234 AUTH TLS ok\r\n"), END
};
static const struct step ftp_refuse[] = {
	S("220 ready\r\n"), C("AUTH TLS\r\n"), S("534 no TLS\r\n"), END
};
#define XHDR(to) "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
	"xmlns:stream='http://etherx.jabber.org/streams' to='" to "' " \
	"version='1.0'>"
#define XSRV "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " \
	"xmlns:stream='http://etherx.jabber.org/streams' id='1' " \
	"from='example.org' version='1.0'>"
#define XTLS "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
static const struct step xmpp_ok[] = {
	C(XHDR("example.org")),
	S(XSRV "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:"
	    "xmpp-tls'><required/></starttls></stream:features>"),
	C(XTLS), S(" <proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), END
};
static const struct step xmpp_long[] = {
	C(XHDR("example.org")),
	S(XSRV "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:"
	    "xmpp-tls'/></stream:features>"),
	C(XTLS), S("<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
	    "</proceed>"), END
};
static const struct step xmpp_nooffer[] = {
	C(XHDR("example.org")), S(XSRV "<stream:features/>"), END
};
static const struct step xmpp_failure[] = {
	C(XHDR("example.org")),
	S(XSRV "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:"
	    "xmpp-tls'/></stream:features>"),
	C(XTLS), S("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"), END
};
static const struct step xmpp_error[] = {
	C(XHDR("example.org")),
	S(XSRV "<stream:error><host-unknown/></stream:error>"), END
};
static const struct step xmpp_http[] = {
	C(XHDR("example.org")), S("HTTP/1.1 400 Bad Request\r\n\r\n"), END
};
static const struct step xmpp_garbage[] = {
	C(XHDR("example.org")),
	S(XSRV "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:"
	    "xmpp-tls'/></stream:features>"),
	C(XTLS), S("<html>"), END
};
#define PGREQ	{ 'C', "\0\0\0\010\004\322\026\057", 8 }
static const struct step pg_ok[] = { PGREQ, S("S"), END };
static const struct step pg_no[] = { PGREQ, S("N"), END };
static const struct step pg_e[] = { PGREQ, S("EFATAL"), END };
static const struct step pg_inject[] = { PGREQ, S("SX"), END };

/* replies before their commands (the "NO STARTTLS" study, 2021) */
static const struct step smtp_early[] = {
	S("220 ready\r\n250-x\r\n250 STARTTLS\r\n220 go\r\n"), END
};
static const struct step smtp_early2[] = {
	S("220 ready\r\n"), C("EHLO [127.0.0.1]\r\n"),
	S("250-x\r\n250 STARTTLS\r\n220 go\r\n"), END
};
static const struct step lmtp_early[] = {
	S("220 ready\r\n250 STARTTLS\r\n"), END
};
static const struct step imap_early[] = {
	S("* OK ready\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\na001 OK done\r\n"
	    "a002 OK go\r\n"), END
};
static const struct step imap_early2[] = {
	S("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\na002 OK go\r\n"),
	END
};
static const struct step pop3_early[] = {
	S("+OK ready\r\n+OK caps\r\nSTLS\r\n.\r\n+OK go\r\n"), END
};
static const struct step pop3_early2[] = {
	S("+OK ready\r\n"), C("CAPA\r\n"),
	S("+OK caps\r\nSTLS\r\n.\r\n+OK go\r\n"), END
};
static const struct step ftp_early[] = {
	S("220 ready\r\n234 AUTH TLS ok\r\n"), END
};
static const struct step xmpp_early[] = {
	C(XHDR("example.org")),
	S(XSRV "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:"
	    "xmpp-tls'/></stream:features><proceed xmlns='urn:ietf:params:"
	    "xml:ns:xmpp-tls'/>"), END
};
static const struct step xmpp_space[] = {
	/* white space between elements means nothing: not a reply */
	C(XHDR("example.org")),
	S(XSRV "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:"
	    "xmpp-tls'/></stream:features>\r\n \t"),
	C(XTLS), S("\n<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
	END
};

/* Early bytes each protocol refuses, and the literals of EHLO. */
static void
test_early(void)
{
	struct starttls s;
	size_t used;
	char b[64];

	dialogue("smtp, EHLO's answer with the greeting", STLS_P_SMTP,
	    "[127.0.0.1]", smtp_early, STLS_FAIL, "the server answered before "
	    "sockt sent EHLO (EHLO: 250-x)");
	dialogue("smtp, 220 with EHLO's answer", STLS_P_SMTP, "[127.0.0.1]",
	    smtp_early2, STLS_FAIL, "the server answered before sockt sent "
	    "STARTTLS (STARTTLS: 220 go)");
	dialogue("lmtp, early", STLS_P_LMTP, "x", lmtp_early, STLS_FAIL,
	    "the server answered before sockt sent LHLO (LHLO: 250 STARTTLS)");
	dialogue("imap, early", STLS_P_IMAP, "x", imap_early, STLS_FAIL,
	    "the server answered before sockt sent CAPABILITY (CAPABILITY: "
	    "* CAPABILITY IMAP4rev1 STARTTLS)");
	dialogue("imap, capabilities in the greeting, early", STLS_P_IMAP, "x",
	    imap_early2, STLS_FAIL, "the server answered before sockt sent "
	    "STARTTLS (STARTTLS: a002 OK go)");
	dialogue("pop3, early", STLS_P_POP3, "x", pop3_early, STLS_FAIL,
	    "the server answered before sockt sent CAPA (CAPA: +OK caps)");
	dialogue("pop3, +OK with CAPA's list", STLS_P_POP3, "x", pop3_early2,
	    STLS_FAIL, "the server answered before sockt sent STLS (STLS: "
	    "+OK go)");
	dialogue("ftp, early", STLS_P_FTP, "x", ftp_early, STLS_FAIL,
	    "the server answered before sockt sent AUTH TLS (AUTH TLS: 234 "
	    "AUTH TLS ok)");
	dialogue("xmpp, <proceed/> with the features", STLS_P_XMPP,
	    "example.org", xmpp_early, STLS_FAIL, "the server answered before "
	    "sockt sent <starttls/> (starttls: <proceed xmlns='urn:ietf:"
	    "params:xml:ns:xmpp-tls'/>)");
	dialogue("xmpp, white space between elements", STLS_P_XMPP,
	    "example.org", xmpp_space, STLS_DONE, NULL);

	/* the server first where the client speaks first */
	starttls_init(&s, STLS_P_XMPP, "example.org");
	is_int(starttls_next(&s, (const unsigned char *)XSRV, strlen(XSRV),
	    &used), STLS_FAIL, "xmpp: a stream before ours");
#define XEARLY	"the server answered before sockt sent its stream header " \
	"(features: <?xml version='1.0'?><stream:stream"
	ok(strncmp(s.why, XEARLY, sizeof(XEARLY) - 1) == 0, "xmpp: says so");
	starttls_init(&s, STLS_P_XMPP, "example.org");
	is_int(starttls_next(&s, (const unsigned char *)" \n", 2, &used),
	    STLS_SEND, "xmpp: white space before ours: nothing");
	is_int((int)used, 2, "xmpp: the white space used");
	starttls_init(&s, STLS_P_POSTGRES, "x");
	is_int(starttls_next(&s, (const unsigned char *)"S", 1, &used),
	    STLS_FAIL, "postgres: S before the SSLRequest");
	is_str(s.why, "the server answered before sockt sent SSLRequest "
	    "(SSLRequest: S)", "postgres: says so");
	starttls_init(&s, STLS_P_POSTGRES, "x");
	is_int(starttls_next(&s, NULL, 0, &used), STLS_SEND,
	    "postgres: the SSLRequest");
	is_int(starttls_early(&s, (const unsigned char *)"S", 1), STLS_FAIL,
	    "postgres: S before it went out");
	is_int(starttls_early(&s, NULL, 0), STLS_FAIL, "failed stays");

	is_int(starttls_literal("127.0.0.1", b, sizeof(b)), 0, "IPv4 literal");
	is_str(b, "[127.0.0.1]", "IPv4 literal: [a.b.c.d]");
	is_int(starttls_literal("::1", b, sizeof(b)), 0, "IPv6 literal");
	is_str(b, "[IPv6:::1]", "IPv6 literal: [IPv6:...]");
	is_int(starttls_literal("fe80::1%eth0", b, sizeof(b)), 0,
	    "IPv6 literal with a zone");
	is_str(b, "[IPv6:fe80::1]", "the zone is not part of it");
	is_int(starttls_literal("%eth0", b, sizeof(b)), -1, "a zone alone");
	is_int(starttls_literal("", b, sizeof(b)), -1, "no address");
	is_int(starttls_literal("::1", b, 10), -1, "a buffer too small");
	is_int(starttls_literal("::1", b, 11), 0, "a buffer just large enough");
}

int
main(void)
{
	static char longline[STLS_IN_MAX + 8];
	struct starttls s;
	size_t used;
	int p;

	for (p = STLS_P_SMTP; p <= STLS_P_POSTGRES; p++)
		is_int(starttls_proto(starttls_proto_name(p)), p,
		    starttls_proto_name(p));
	is_int(starttls_proto("SMTP"), -1, "names are lower case");
	is_int(starttls_proto("http"), -1, "http: no such dialogue");
	is_int(starttls_port(25), STLS_P_SMTP, "port 25: smtp");
	is_int(starttls_port(587), STLS_P_SMTP, "port 587: smtp");
	is_int(starttls_port(24), STLS_P_LMTP, "port 24: lmtp");
	is_int(starttls_port(21), STLS_P_FTP, "port 21: ftp");
	is_int(starttls_port(110), STLS_P_POP3, "port 110: pop3");
	is_int(starttls_port(143), STLS_P_IMAP, "port 143: imap");
	is_int(starttls_port(5222), STLS_P_XMPP, "port 5222: xmpp");
	is_int(starttls_port(5432), STLS_P_POSTGRES, "port 5432: postgres");
	is_int(starttls_port(443), -1, "port 443: direct TLS");
	is_int(starttls_init(&s, STLS_P_XMPP, "a'b"), -1, "a quote in a name");
	is_int(starttls_init(&s, STLS_P_SMTP, "a\r\nRCPT"), -1,
	    "a line end in a name");
	is_int(starttls_init(&s, STLS_P_SMTP, ""), -1, "an empty name");
	is_int(starttls_init(&s, 99, "x"), -1, "an unknown protocol");

	dialogue("smtp", STLS_P_SMTP, "[127.0.0.1]", smtp_ok, STLS_DONE, NULL);
	dialogue("smtp, bare LF", STLS_P_SMTP, "[127.0.0.1]", smtp_lf,
	    STLS_DONE, NULL);
	dialogue("smtp, not offered", STLS_P_SMTP, "[127.0.0.1]", smtp_nooffer,
	    STLS_FAIL, "the server does not offer STARTTLS (EHLO: 250 "
	    "PIPELINING)");
	dialogue("smtp, STARTTLS as the server's name", STLS_P_SMTP,
	    "[127.0.0.1]", smtp_first, STLS_FAIL, "the server does not offer "
	    "STARTTLS (EHLO: 250 PIPELINING)");
	dialogue("smtp, 454", STLS_P_SMTP, "[127.0.0.1]", smtp_refuse,
	    STLS_FAIL, "the server refused STARTTLS (STARTTLS: 454 4.7.0 TLS "
	    "not available)");
	dialogue("smtp, EHLO refused", STLS_P_SMTP, "[127.0.0.1]", smtp_ehlo5,
	    STLS_FAIL, "the server refused EHLO (EHLO: 502 5.5.2 no EHLO)");
	dialogue("smtp, 554 greeting", STLS_P_SMTP, "[127.0.0.1]", smtp_554,
	    STLS_FAIL, "unexpected greeting (greeting: 554 go away)");
	dialogue("smtp, garbage", STLS_P_SMTP, "[127.0.0.1]", smtp_garbage,
	    STLS_FAIL, "unexpected greeting (greeting: HELLO \\x01\\xff)");
	dialogue("smtp, codes that differ", STLS_P_SMTP, "[127.0.0.1]",
	    smtp_mixed, STLS_FAIL, "unexpected greeting (greeting: 250 b)");
	dialogue("smtp, bytes after 220", STLS_P_SMTP, "[127.0.0.1]",
	    smtp_inject2, STLS_FAIL, "the server sent data after its last "
	    "reply, before TLS began (250 injected)");
	dialogue("lmtp", STLS_P_LMTP, "[::1]", lmtp_ok, STLS_DONE, NULL);
	dialogue("imap", STLS_P_IMAP, "x", imap_ok, STLS_DONE, NULL);
	dialogue("imap, capabilities in the greeting", STLS_P_IMAP, "x",
	    imap_greetcaps, STLS_DONE, NULL);
	dialogue("imap, not offered", STLS_P_IMAP, "x", imap_nooffer,
	    STLS_FAIL, "the server does not offer STARTTLS (CAPABILITY: a001 "
	    "OK done)");
	dialogue("imap, NO", STLS_P_IMAP, "x", imap_no, STLS_FAIL,
	    "the server refused STARTTLS (STARTTLS: a002 NO not now)");
	dialogue("imap, BYE", STLS_P_IMAP, "x", imap_bye, STLS_FAIL,
	    "unexpected greeting (greeting: * BYE busy)");
	dialogue("imap, another tag", STLS_P_IMAP, "x", imap_badtag, STLS_FAIL,
	    "unexpected reply (CAPABILITY: zz9 OK what)");
	dialogue("pop3", STLS_P_POP3, "x", pop3_ok, STLS_DONE, NULL);
	dialogue("pop3, no CAPA", STLS_P_POP3, "x", pop3_nocapa, STLS_DONE,
	    NULL);
	dialogue("pop3, not offered", STLS_P_POP3, "x", pop3_nooffer,
	    STLS_FAIL, "the server does not offer STLS (CAPA: UIDL)");
	dialogue("pop3, -ERR", STLS_P_POP3, "x", pop3_err, STLS_FAIL,
	    "the server refused STLS (STLS: -ERR not now)");
	dialogue("pop3, garbage", STLS_P_POP3, "x", pop3_garbage, STLS_FAIL,
	    "unexpected greeting (greeting: SSH-2.0-OpenSSH_9.2)");
	dialogue("ftp, 120 and a multi-line 220", STLS_P_FTP, "x", ftp_ok,
	    STLS_DONE, NULL);
	dialogue("ftp, 534", STLS_P_FTP, "x", ftp_refuse, STLS_FAIL,
	    "the server refused AUTH TLS (AUTH TLS: 534 no TLS)");
	dialogue("xmpp", STLS_P_XMPP, "example.org", xmpp_ok, STLS_DONE, NULL);
	dialogue("xmpp, <proceed></proceed>", STLS_P_XMPP, "example.org",
	    xmpp_long, STLS_DONE, NULL);
	dialogue("xmpp, not offered", STLS_P_XMPP, "example.org",
	    xmpp_nooffer, STLS_FAIL, "the server does not offer STARTTLS "
	    "(features: <stream:features/>)");
	dialogue("xmpp, failure", STLS_P_XMPP, "example.org", xmpp_failure,
	    STLS_FAIL, "the server refused STARTTLS (starttls: <failure "
	    "xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>)");
	dialogue("xmpp, stream error", STLS_P_XMPP, "example.org", xmpp_error,
	    STLS_FAIL, "the server ended the stream (features: <stream:error>"
	    "<host-unknown/></stream:error>)");
	dialogue("xmpp, garbage", STLS_P_XMPP, "example.org", xmpp_garbage,
	    STLS_FAIL, "unexpected reply (starttls: <html>)");
	dialogue("xmpp, an HTTP server", STLS_P_XMPP, "example.org", xmpp_http,
	    STLS_FAIL, "unexpected reply (features: HTTP/1.1 400 Bad "
	    "Request)");
	dialogue("postgres", STLS_P_POSTGRES, "x", pg_ok, STLS_DONE, NULL);
	dialogue("postgres, N", STLS_P_POSTGRES, "x", pg_no, STLS_FAIL,
	    "the server refused SSL (SSLRequest: N)");
	dialogue("postgres, an error", STLS_P_POSTGRES, "x", pg_e, STLS_FAIL,
	    "unexpected reply (SSLRequest: EFATAL)");
	dialogue("postgres, bytes after S", STLS_P_POSTGRES, "x", pg_inject,
	    STLS_FAIL, "the server sent data after its last reply, before TLS "
	    "began (X)");

	test_early();

	/* a line that never ends fills the buffer: refused, not a hang */
	memset(longline, 'a', STLS_IN_MAX);
	longline[0] = '2';
	longline[STLS_IN_MAX] = '\0';
	starttls_init(&s, STLS_P_SMTP, "x");
	is_int(starttls_next(&s, (unsigned char *)longline, STLS_IN_MAX,
	    &used), STLS_FAIL, "a reply longer than the buffer");
	ok(strncmp(s.why, "reply too long (greeting: 2aaa", 30) == 0,
	    "says the reply is too long");

	/* STLS_DONE and STLS_FAIL stay */
	starttls_init(&s, STLS_P_POSTGRES, "x");
	starttls_next(&s, NULL, 0, &used);
	is_int(starttls_next(&s, (const unsigned char *)"S", 1, &used),
	    STLS_DONE, "postgres S: done");
	is_int(starttls_next(&s, NULL, 0, &used), STLS_DONE, "done stays");
	is_int(starttls_next(&s, (const unsigned char *)"x", 1, &used),
	    STLS_FAIL, "a byte after done fails");
	is_int(starttls_next(&s, NULL, 0, &used), STLS_FAIL, "fail stays");
	return tap_done();
}
