/*
 * parse/svcdb.h: portscan -sV's probes and patterns (src/parse/svcprobes.txt,
 * built into the binary by make through src/parse/svcprobes.awk), read into
 * tables; an answer matched against them, its fields filled from the
 * match's templates.  Pure: no I/O.
 *
 * The file, a line each (blank lines and "#" comments aside):
 *   P NAME PROTO RARITY WAIT PORTS FLAGS PAYLOAD
 * a probe: PROTO tcp or udp, RARITY 1-9 (sent when --version-intensity
 * is at least that, or when PORTS lists the port), WAIT its answer's time
 * in ms, PORTS a port list (1,80,8000-8099) or "-", FLAGS "-" or letters
 * (t: sent again inside TLS; h: no payload, a TLS handshake), PAYLOAD the
 * rest of the line, with \r \n \t \0 \\ \xHH escapes.  Below a probe its
 * patterns, fields split by tabs:
 *   m SERVICE PATTERN [PRODUCT [VERSION [INFO [CPE]]]]
 * m a match that names the product, s a soft one (the service only); an i
 * after either ignores case.  PATTERN is a POSIX extended regular
 * expression run over the answer escaped as svc_escape writes it (so NUL
 * and binary bytes are seen): a byte past printable ASCII reads \xhh, a
 * backslash \x5c.  In it \xHH is that byte, \B any one byte, \P a printable
 * one, \d \w \s \S what Perl's are; a backreference is refused.  The templates take $1 to
 * $9, the pattern's groups.  A line
 *   S SERVICE DIALOGUE
 * names the STARTTLS dialogue (parse/starttls.h: smtp, imap ...) a port
 * matched as SERVICE is asked again through, for its certificate.
 *
 * svcdb_load reads text into db (the text copied): 0, or -1 with err
 * (SK_ERRLEN) naming the line.  svcdb_compile compiles every pattern (a
 * test's check; svc_match compiles each as it first needs it): 0, or -1
 * with err naming the first that fails.
 * svc_match matches n bytes of ans, probe's patterns first, then every
 * other probe's; fills h from the first that hard matches (2), else the
 * first soft one (1); 0 for none.  Each pattern runs once over at most
 * SVC_SCAN escaped bytes.  svc_starttls: the dialogue (STLS_P_*) of
 * service svc, -1 for none.
 */
#ifndef PARSE_SVCDB_H
#define PARSE_SVCDB_H

#include <regex.h>
#include <stddef.h>

#define SVC_FIELD	96	/* a field's bytes, with its NUL */
#define SVC_SCAN	16384	/* escaped bytes a pattern runs over */
#define SVC_T_TLS	1	/* flags: sent inside TLS too */
#define SVC_T_HS	2	/* a TLS handshake, no payload */

struct svc_probe {
	const char	*name;
	const char	*ports;		/* a port list, "" for none */
	unsigned char	*data;
	size_t		 len;
	int		 udp, rarity, wait_ms, flags;
	size_t		 m0, nm;	/* its patterns in svcdb.m */
};

struct svc_match {
	const char	*svc, *pat;
	const char	*tpl[4];	/* product, version, info, cpe */
	int		 soft, icase;
	int		 state;		/* 0 not compiled, 1 ready, 2 bad */
	unsigned char	 gmap[10];	/* $N's group in re */
	regex_t		 re;
};

struct svc_stls {
	const char	*svc;
	int		 proto;
};

struct svcdb {
	char		*buf;
	struct svc_stls	*st;
	size_t		 nst;
	struct svc_probe *p;
	size_t		 np;
	struct svc_match *m;
	size_t		 nm;
};

struct svc_hit {
	int		 match;		/* index in svcdb.m */
	char		 svc[32];
	char		 f[4][SVC_FIELD];	/* product, version, info, cpe */
};

extern const char svcdb_text[];		/* svcprobes.txt, as make built it */

int	svcdb_load(struct svcdb *db, const char *text, char *err);
int	svcdb_compile(struct svcdb *db, char *err);
void	svcdb_free(struct svcdb *db);
int	svc_port_in(const char *ports, unsigned int port);
size_t	svc_escape(const unsigned char *in, size_t n, char *out, size_t cap);
int	svc_ere(const char *pat, char *out, size_t cap, unsigned char *gmap);
int	svc_match(struct svcdb *db, size_t probe, const unsigned char *ans,
	    size_t n, struct svc_hit *h);
int	svc_starttls(const struct svcdb *db, const char *svc);

#endif /* PARSE_SVCDB_H */
