/*
 * tlsfields.h: what portscan --probe tls found on a port, pure (no I/O):
 * the fields the TLS module fills from a session (tls/tls_probe.h),
 * packed into the bytes of a scan result for the trip from a worker to
 * its parent and back, and written for each output format.  Every field
 * but the numbers comes from the peer and may hold any byte: the writers
 * escape them as portscan escapes banners (parse/probe_bytes.h).
 *
 * tlsf_san_add appends a name ("DNS:" or "IP:", then n bytes, cut at
 * 250): 0, or -1 when san has no room left (counted in san_more).
 * tlsf_san_next walks them: 1 with *p and *n an entry, 0 at the end.
 * tlsf_days: seconds to notAfter as whole days, rounded down, so that a
 * certificate expired an hour ago has -1 days left.
 * tlsf_pack writes f into buf, its length into *len: 0, or -1 when cap
 * is too small (TLSF_PACK_MAX always suffices); tlsf_unpack reads that
 * form back: 0, or -1 for anything tlsf_pack could not have written.
 * tlsf_text writes f for the table (TLSF_TABLE: values in double quotes,
 * '"' escaped), -g (TLSF_GREP: one space-free field per key) or the
 * version field of -oG (TLSF_OG: as the table, with ',' and '/'
 * escaped, the names joined by spaces and the flags by '+'), as
 *   tls=TLSv1.3 cipher=C subject="S" issuer="I" san="DNS:a, IP:b"
 *   notAfter=2027-01-01T00:00:00Z days=364 flags=expired,self-signed
 * or tls-error="why" when there is no session (and the certificate's
 * fields when one came all the same).  Empty san and flags are left out.
 * After a STARTTLS dialogue (portscan's on the mail ports and the like)
 * starttls=smtp comes first, and when the server did not offer or
 * refused the upgrade, starttls-error="why" in place of the rest.
 * tlsf_json writes "tls":{...},"tls_error":"why"|null for a JSON object,
 * after a dialogue "starttls":"smtp","starttls_error":"why"|null first.
 * Both return the length, or 0 (out "") when cap is too small:
 * TLSF_TEXT_MAX and TLSF_JSON_MAX always suffice.
 */
#ifndef TLSFIELDS_H
#define TLSFIELDS_H

#include <stddef.h>

#define TLSF_ERR_MAX	256
#define TLSF_NAME_MAX	768	/* a subject or issuer, escapes and all */
#define TLSF_SAN_MAX	1536	/* the names: a length byte, the bytes */
#define TLSF_PACK_MAX	4096	/* tlsf_pack's form, at most */
#define TLSF_TEXT_MAX	(4 * TLSF_PACK_MAX + 512)
#define TLSF_JSON_MAX	(6 * TLSF_PACK_MAX + 512)

/* flags */
#define TLSF_EXPIRED		0x01	/* notAfter has passed */
#define TLSF_NOT_YET_VALID	0x02	/* notBefore is still to come */
#define TLSF_SELF_SIGNED	0x04	/* issuer == subject, its own key
					 * verifies it */
#define TLSF_NAME_MISMATCH	0x08	/* not for the target's name */
#define TLSF_ALL		0x0f

/* tlsf_text's styles */
#define TLSF_TABLE	0
#define TLSF_GREP	1
#define TLSF_OG		2

struct tls_fields {
	char		 starttls[16];		/* the dialogue before TLS
						 * (smtp), or "": none */
	char		 starttls_error[TLSF_ERR_MAX];	/* it failed: why
						 * (no handshake then) */
	char		 error[TLSF_ERR_MAX];	/* no session: why; else "" */
	char		 version[32];		/* TLSv1.3 */
	char		 cipher[64];
	int		 has_cert;		/* the fields below are set */
	char		 subject[TLSF_NAME_MAX];	/* as openssl x509 */
	char		 issuer[TLSF_NAME_MAX];
	char		 not_after[32];		/* 2027-01-01T00:00:00Z */
	long long	 days_left;
	int		 flags;
	unsigned char	 san[TLSF_SAN_MAX];
	size_t		 san_len;
	unsigned int	 san_more;		/* names left out */
};

int	tlsf_san_add(struct tls_fields *f, const char *tag, const void *p,
	    size_t n);
int	tlsf_san_next(const struct tls_fields *f, size_t *off,
	    const unsigned char **p, size_t *n);
long long tlsf_days(long long secs);
int	tlsf_pack(const struct tls_fields *f, char *buf, size_t cap,
	    size_t *len);
int	tlsf_unpack(const char *buf, size_t n, struct tls_fields *f);
size_t	tlsf_text(const struct tls_fields *f, int style, char *out,
	    size_t cap);
size_t	tlsf_json(const struct tls_fields *f, char *out, size_t cap);

#endif /* TLSFIELDS_H */
