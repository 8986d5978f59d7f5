/*
 * test_svcdb.c: -sV's probes and patterns (parse/svcdb.c): the built-in
 * file loads and every pattern compiles; escaping, the pattern rewrite,
 * port lists, templates; answers of real servers named as nmap names
 * them; STARTTLS's dialogues by service; bad lines refused.
 */
#include <stdio.h>
#include <string.h>

#include "parse/starttls.h"
#include "parse/svcdb.h"
#include "util/base.h"
#include "tap.h"

static struct svcdb db;

/* The index of probe name. */
static size_t
probe(const char *name)
{
	size_t i;

	for (i = 0; i < db.np; i++)
		if (strcmp(db.p[i].name, name) == 0)
			return i;
	return 0;
}

/* ans (n bytes) to probe pname: service, "product|version|info". */
static void
check(const char *pname, const char *ans, size_t n, int want, const char *svc,
    const char *fields, const char *desc)
{
	struct svc_hit h;
	char got[4 * SVC_FIELD];
	int rc;

	memset(&h, 0, sizeof(h));
	rc = svc_match(&db, probe(pname), (const unsigned char *)ans, n, &h);
	is_int(rc, want, desc);
	if (want == 0)
		return;
	is_str(h.svc, svc, desc);
	snprintf(got, sizeof(got), "%s|%s|%s", h.f[0], h.f[1], h.f[2]);
	if (fields != NULL)
		is_str(got, fields, desc);
}

#define S(s)	s, sizeof(s) - 1

int
main(void)
{
	char err[SK_ERRLEN], buf[256];
	unsigned char gm[10];
	size_t i;

	is_int(svcdb_load(&db, svcdb_text, err), 0, "the built-in file loads");
	ok(db.np > 15 && db.nm > 50, "probes and patterns");
	if (svcdb_compile(&db, err) == -1)
		printf("# %s\n", err);
	ok(err[0] == '\0' || svcdb_compile(&db, err) == 0,
	    "every pattern compiles");
	for (i = 0; i < db.np; i++)
		if (db.p[i].len > 0 && (db.p[i].flags & SVC_T_HS))
			break;
	is_int(i, db.np, "no handshake probe has a payload");
	is_str(db.p[0].name, "null", "the greeting comes first");
	is_int(svc_starttls(&db, "smtp"), STLS_P_SMTP, "smtp: its STARTTLS");
	is_int(svc_starttls(&db, "imap"), STLS_P_IMAP, "imap: its STARTTLS");
	is_int(svc_starttls(&db, "xmpp-client"), STLS_P_XMPP,
	    "xmpp-client: its stream's starttls");
	is_int(svc_starttls(&db, "postgresql"), STLS_P_POSTGRES,
	    "postgresql: its SSLRequest");
	is_int(svc_starttls(&db, "ssh"), -1, "ssh: no STARTTLS");

	/* escaping and the rewrite */
	svc_escape((const unsigned char *)"a\0\\\r\xff", 5, buf, sizeof(buf));
	is_str(buf, "a\\x00\\x5c\r\\xff", "escape: NUL, backslash, high");
	svc_escape((const unsigned char *)"abcdef", 6, buf, 6);
	is_str(buf, "a", "escape: cut where cap ends");
	is_int(svc_ere("^a\\x00(\\d+)\\B(x)", buf, sizeof(buf), gm), 0, "ere");
	is_str(buf, "^a\\\\x00([0-9]+)(\\\\x[0-9a-f][0-9a-f]|[^\\\\])(x)",
	    "ere: a byte's escape, a class, any byte");
	ok(gm[1] == 1 && gm[2] == 3, "ere: groups mapped past \\B's");
	is_int(svc_ere("\\x2e[\\d.]\\P", buf, sizeof(buf), gm), 0, "ere 2");
	is_str(buf, "\\.[0-9.][^\\]", "ere: a printable byte, a bracket");
	is_int(svc_ere("(a)\\1", buf, sizeof(buf), gm), -1, "no backrefs");
	is_int(svc_ere("[\\x00]", buf, sizeof(buf), gm), -1,
	    "no binary byte in a bracket");
	is_int(svc_ere("[ab", buf, sizeof(buf), gm), -1, "an open bracket");
	is_int(svc_ere("a++", buf, sizeof(buf), gm), -1, "a quantifier's");
	is_int(svc_ere("a{2}*", buf, sizeof(buf), gm), -1, "a count's");
	is_int(svc_ere("a{100}", buf, sizeof(buf), gm), -1, "a count past 99");
	is_int(svc_ere("(a+)+b{1,5}c{3,}", buf, sizeof(buf), gm), 0,
	    "a group's, counts within bounds");
	is_int(svc_ere("ab\\", buf, sizeof(buf), gm), -1, "a trailing \\");

	ok(svc_port_in("22,80-90,443", 85), "port in a range");
	ok(svc_port_in("22,80-90,443", 443), "port last");
	ok(!svc_port_in("22,80-90,443", 91), "port not in");
	ok(!svc_port_in("", 22), "empty list");

	/* real answers */
	check("null", S("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"), 2,
	    "ssh", "OpenSSH|9.2p1 Debian 2+deb12u3|protocol 2.0", "openssh");
	check("null", S("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n"), 2,
	    "ssh", NULL, "openssh ubuntu");
	check("null", S("220 (vsFTPd 3.0.3)\r\n"), 2, "ftp",
	    "vsftpd|3.0.3|", "vsftpd");
	check("null", S("220 mail.example ESMTP Postfix (Debian/GNU)\r\n"), 2,
	    "smtp", "Postfix smtpd||", "postfix");
	check("null", S("220 x.example ESMTP ready\r\n"), 1, "smtp", NULL,
	    "an unknown smtp: soft");
	check("null", S("* OK [CAPABILITY IMAP4rev1 SASL-IR] Dovecot (Debian) "
	    "ready.\r\n"), 2, "imap", "Dovecot imapd||", "dovecot imap");
	check("null", S("+OK Dovecot (Debian) ready.\r\n"), 2, "pop3",
	    "Dovecot pop3d||", "dovecot pop3");
	check("null", S("\x5b\0\0\0\x0a" "5.5.5-10.11.19-MariaDB-0+deb12u1\0"
	    "\x08\0\0\0abc"), 2, "mysql",
	    "MySQL|5.5.5-10.11.19-MariaDB-0+deb12u1|", "mariadb");
	check("null", S("@RSYNCD: 31.0\n"), 2, "rsync",
	    "||protocol version 31", "rsync");
	check("null", S("RFB 003.008\n"), 2, "vnc", "VNC||protocol 3.8",
	    "vnc");
	check("get", S("HTTP/1.1 200 OK\r\nDate: x\r\nServer: nginx/1.22.1\r\n"
	    "\r\n"), 2, "http", "nginx|1.22.1|", "nginx");
	check("get", S("HTTP/1.1 400 Bad Request\r\nServer: squid/5.7\r\n\r\n"),
	    2, "http-proxy", "Squid http proxy|5.7|", "squid");
	check("get", S("HTTP/1.0 400 Bad Request\r\nServer: tinyproxy/1.11.1"
	    "\r\n\r\n"), 2, "http-proxy", "tinyproxy|1.11.1|", "tinyproxy");
	check("get", S("HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6 "
	    "Python/3.11.2\r\n\r\n"), 2, "http",
	    "SimpleHTTPServer|0.6|Python 3.11.2", "python");
	check("get", S("HTTP/1.1 404 Not Found\r\n\r\n"), 2, "http", "||",
	    "a bare http");
	check("pgstart", S("R\0\0\0\x0c\0\0\0\x05" "abcd"), 2, "postgresql",
	    "PostgreSQL DB||", "postgres md5");
	check("pgstart", S("E\0\0\0\x63SFATAL\0VFATAL\0C28000\0Mrole"), 2,
	    "postgresql", NULL, "postgres no role");
	check("redis", S("$3000\r\n# Server\r\nredis_version:7.0.15\r\n"), 2,
	    "redis", "Redis key-value store|7.0.15|", "redis");
	check("memcache", S("VERSION 1.6.18\r\n"), 2, "memcached",
	    "Memcached|1.6.18|", "memcached");
	check("mqtt", S("\x20\x02\0\0"), 2, "mqtt", NULL, "mqtt");
	check("socks5", S("\x05\0"), 2, "socks5", NULL, "socks5");
	check("socks4", S("\0\x5b\0\0\0\0\0\0"), 1, "socks4", NULL, "socks4: soft, dante speaks both");
	check("dns", S("\0\x3e\0\x06\x85\0\0\x01\0\x01\0\0\0\0\x07version\x04"
	    "bind\0\0\x10\0\x03\xc0\x0c\0\x10\0\x03\0\0\0\0\0\x0d\x0c"
	    "dnsmasq-2.89"), 2, "domain", "dnsmasq|2.89|", "dnsmasq");
	check("git", S("0047ERR access denied\n"), 2, "git", NULL, "git");
	/* the lab's chrony, its stratum a newline */
	check("ntp", S("$\n\0\xe6\0\0\0\0\0\0\0\0\x7f\x7f\x01\x01\xee\xb5"
	    "\x93&A\xe0\xb7\xdd\0\0\0\0\0\0\0\0\xee\xb5\x93(\x19\x99s\xfd\xee"
	    "\xb5\x93(\x19\xb3\xf4\xba"), 2, "ntp", "NTP|v4|secondary server",
	    "chrony");
	check("pgstart", S("E\0\0\0\x63SFATAL\0VFATAL\0C28000\0Mrole"), 2,
	    "postgresql", "PostgreSQL DB|9.6.0 or later|", "postgres 9.6+");
	check("null", S("\x15\x03\x01\0\x02\x02\x32"), 2, "ssl", NULL,
	    "a TLS alert");
	check("get", S("hello there"), 0, NULL, NULL, "nothing known");
	check("get", S(""), 0, NULL, NULL, "nothing at all");

	svcdb_free(&db);
	is_int(svcdb_load(&db, "m\tx\ty\n", err), -1, "a pattern first");
	is_int(svcdb_load(&db, "P a tcp 0 10 - -\n", err), -1, "rarity 0");
	is_int(svcdb_load(&db, "P a sctp 1 10 - -\n", err), -1, "sctp");
	is_int(svcdb_load(&db, "P a tcp 1 10 - q\n", err), -1, "a bad flag");
	is_int(svcdb_load(&db, "P a tcp 1 10 - - \\q\n", err), -1,
	    "a bad escape");
	is_int(svcdb_load(&db, "P a tcp 1 10 - -\nx\ty\tz\n", err), -1,
	    "a bad tag");
	is_int(svcdb_load(&db, "P a tcp 1 10 1-3 t ab\\x00\n#c\n\nmi\ts\t^a\n",
	    err), 0, "a small file");
	ok(db.np == 1 && db.nm == 1 && db.p[0].len == 3 &&
	    db.m[0].icase && !db.m[0].soft, "its fields");
	svcdb_free(&db);
	is_int(svcdb_load(&db, "S smtp\n", err), -1, "S: no dialogue");
	is_int(svcdb_load(&db, "S smtp http\n", err), -1,
	    "S: a dialogue sockt does not speak");
	is_int(svcdb_load(&db, "S smtp smtp x\n", err), -1, "S: a third word");
	is_int(svcdb_load(&db, "S mail pop3\nS smtp lmtp\nP a tcp 1 10 - -\n",
	    err), 0, "S lines before the probes");
	ok(db.np == 1 && svc_starttls(&db, "mail") == STLS_P_POP3 &&
	    svc_starttls(&db, "smtp") == STLS_P_LMTP &&
	    svc_starttls(&db, "pop3") == -1, "S: each service its dialogue");
	svcdb_free(&db);
	return tap_done();
}
