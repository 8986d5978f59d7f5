/*
 * socks_serve.c: the SOCKS5 server's side of RFC 1928 and RFC 1929,
 * pure (no I/O), so the unit tests and the fuzzer link it alone.
 * socks_serve.h states the contract every parser keeps.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "parse/socks.h"
#include "parse/socks_serve.h"
#include "parse/socks_udp.h"
#include "util/base.h"

/* The first byte of every client message but RFC 1929's: version 5. */
static int
version5(const unsigned char *buf, size_t len, char *err)
{
	if (len < 1 || buf[0] == 5)
		return 0;
	if (buf[0] == 4)
		snprintf(err, SK_ERRLEN, "a SOCKS4 client (SOCKS5 only is "
		    "served)");
	else
		snprintf(err, SK_ERRLEN, "not a SOCKS5 client (version %d)",
		    buf[0]);
	return -1;
}

long
socks5_greeting_parse(const unsigned char *buf, size_t len, int *offers,
    size_t *need, char *err)
{
	size_t i, total;

	if (version5(buf, len, err) == -1)
		return -1;
	if (len < 2) {
		*need = 2 - len;
		return 0;
	}
	if (buf[1] == 0) {
		snprintf(err, SK_ERRLEN, "a SOCKS5 greeting with no method");
		return -1;
	}
	total = 2 + (size_t)buf[1];
	if (len < total) {
		*need = total - len;
		return 0;
	}
	*offers = 0;
	for (i = 2; i < total; i++)
		if (buf[i] == SOCKS5_NOAUTH)
			*offers |= SOCKS5_OFFERS_NOAUTH;
		else if (buf[i] == SOCKS5_USERPASS)
			*offers |= SOCKS5_OFFERS_USERPASS;
	return (long)total;
}

long
socks5_userpass_parse(const unsigned char *buf, size_t len, char *user,
    char *pass, size_t *need, char *err)
{
	size_t ul, pl;

	/* RFC 1929: version 1 (of the subnegotiation, not SOCKS's 5) */
	if (len >= 1 && buf[0] != 1) {
		snprintf(err, SK_ERRLEN, "bad authentication request "
		    "(version %d)", buf[0]);
		return -1;
	}
	if (len < 2) {
		*need = 2 - len;
		return 0;
	}
	ul = buf[1];
	if (len < 2 + ul + 1) {
		*need = 2 + ul + 1 - len;
		return 0;
	}
	pl = buf[2 + ul];
	if (len < 3 + ul + pl) {
		*need = 3 + ul + pl - len;
		return 0;
	}
	if (memchr(buf + 2, '\0', ul) != NULL ||
	    memchr(buf + 3 + ul, '\0', pl) != NULL) {
		snprintf(err, SK_ERRLEN, "a user name or password with a NUL "
		    "byte");
		return -1;
	}
	memcpy(user, buf + 2, ul);
	user[ul] = '\0';
	memcpy(pass, buf + 3 + ul, pl);
	pass[pl] = '\0';
	return (long)(3 + ul + pl);
}

static long
req_fail(int *rep, int code, char *err, const char *what)
{
	*rep = code;
	snprintf(err, SK_ERRLEN, "%s", what);
	return -1;
}

long
socks5_request_parse(const unsigned char *buf, size_t len,
    struct socks5_req *rq, int *rep, size_t *need, char *err)
{
	size_t alen, i, total;
	char m[SK_ERRLEN];

	*rep = SOCKS5_REP_FAIL;
	if (version5(buf, len, err) == -1)
		return -1;
	if (len >= 2 && buf[1] != SOCKS5_CMD_CONNECT) {
		snprintf(m, sizeof(m), "command %d not supported (%s)",
		    buf[1], buf[1] == 2 ? "BIND" : buf[1] == 3 ?
		    "UDP ASSOCIATE" : "unknown");
		return req_fail(rep, SOCKS5_REP_COMMAND, err, m);
	}
	if (len >= 4 && buf[3] != 1 && buf[3] != 3 && buf[3] != 4) {
		snprintf(m, sizeof(m), "address type %d not supported",
		    buf[3]);
		return req_fail(rep, SOCKS5_REP_ATYP, err, m);
	}
	if (len < 5) {
		*need = 5 - len;
		return 0;
	}
	if (buf[3] == 3 && buf[4] == 0)
		return req_fail(rep, SOCKS5_REP_FAIL, err, "empty host name");
	alen = buf[3] == 1 ? 4 : buf[3] == 4 ? 16 : 1 + (size_t)buf[4];
	/* a bad byte of a name is known when it is in */
	if (buf[3] == 3)
		for (i = 5; i < len && i < 4 + alen; i++)
			if (!socks5_name_byte(buf[i]))
				return req_fail(rep, SOCKS5_REP_FAIL, err,
				    "a host name with a byte no host name "
				    "has");
	total = 4 + alen + 2;
	if (len < total) {
		*need = total - len;
		return 0;
	}
	rq->cmd = buf[1];
	rq->atyp = buf[3];
	rq->port = buf[total - 2] << 8 | buf[total - 1];
	if (rq->port == 0)
		return req_fail(rep, SOCKS5_REP_FAIL, err, "port 0");
	if (buf[3] == 1)
		(void)inet_ntop(AF_INET, buf + 4, rq->host, sizeof(rq->host));
	else if (buf[3] == 4)
		(void)inet_ntop(AF_INET6, buf + 4, rq->host,
		    sizeof(rq->host));
	else {
		memcpy(rq->host, buf + 5, buf[4]);
		rq->host[buf[4]] = '\0';
	}
	return (long)total;
}

size_t
socks5_reply_build(int rep, int family, const unsigned char *addr,
    int port, unsigned char *buf)
{
	size_t alen;

	buf[0] = 5;
	buf[1] = (unsigned char)rep;
	buf[2] = 0;
	if (family == AF_INET6) {
		buf[3] = 4;
		alen = 16;
		memcpy(buf + 4, addr, alen);
	} else {
		buf[3] = 1;
		alen = 4;
		if (family == AF_INET)
			memcpy(buf + 4, addr, alen);
		else {
			memset(buf + 4, 0, alen);
			port = 0;
		}
	}
	buf[4 + alen] = (unsigned char)(port >> 8 & 0xff);
	buf[5 + alen] = (unsigned char)(port & 0xff);
	return 6 + alen;
}
