/*
 * proto.c: curl's --proto syntax (proto.h), as its tool reads it: the
 * list split at commas, empty items skipped, each item's modifiers
 * read up to its first letter or digit.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "parse/proto.h"

/* what curl knows besides http and https: named, never spoken here (no
 * pointers: a table of them is relocations in a position-independent
 * binary) */
static const char others[][8] = {
	"dict", "file", "ftp", "ftps", "gopher", "gophers", "imap", "imaps",
	"ldap", "ldaps", "mqtt", "pop3", "pop3s", "rtmp", "rtmpe", "rtmps",
	"rtmpt", "rtmpte", "rtmpts", "rtsp", "scp", "sftp", "smb", "smbs",
	"smtp", "smtps", "telnet", "tftp", "ws", "wss", ""
};

static int
alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* The bits of name w[0..n): 0 for a protocol sockt does not speak, -1
 * for one curl does not know. */
static long
bits(const char *w, size_t n)
{
	int i;

	if (n == 3 && strncasecmp(w, "all", 3) == 0)
		return PROTO_ALL;
	if (n == 4 && strncasecmp(w, "http", 4) == 0)
		return PROTO_HTTP;
	if (n == 5 && strncasecmp(w, "https", 5) == 0)
		return PROTO_HTTPS;
	for (i = 0; others[i][0] != '\0'; i++)
		if (strlen(others[i]) == n && strncasecmp(w, others[i], n) == 0)
			return 0;
	return -1;
}

int
proto_parse(const char *s, unsigned *mask, char *unknown, size_t ucap)
{
	const char *w;
	size_t n;
	long b;
	int act;

	if (ucap > 0)
		unknown[0] = '\0';
	while (*s != '\0') {
		if (*s == ',') {
			s++;
			continue;
		}
		act = '+';
		for (; !alnum((unsigned char)*s); s++) {
			if (*s != '+' && *s != '-' && *s != '=')
				return -1;
			act = *s;
		}
		for (w = s; *s != '\0' && *s != ','; s++)
			;
		n = (size_t)(s - w);
		b = bits(w, n);
		/* "=" clears even for a name it cannot set, as curl's */
		if (act == '=')
			*mask = 0;
		if (b == -1) {
			if (ucap > 0 && unknown[0] == '\0')
				(void)snprintf(unknown, ucap, "%.*s",
				    (int)(n > 64 ? 64 : n), w);
			continue;
		}
		if (act == '-')
			*mask &= ~(unsigned)b;
		else
			*mask |= (unsigned)b;
	}
	return 0;
}

const char *
proto_name(unsigned bit)
{
	return bit == PROTO_HTTPS ? "https" : "http";
}
