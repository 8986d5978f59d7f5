/*
 * parse/svcrec.h: what -sV found on a port as one record, the fields
 * nmap's <service> element has, for its trip through the scan's results
 * (a result's bytes, a host's kept port) to each output format.  Pure:
 * no I/O.
 *
 * svcrec_pack joins f (NULL or "" for an empty field) with SR_SEP, each
 * byte that is no printable ASCII made '?', into out: its length, or 0
 * when cap is too small.  svcrec_split copies n bytes of rec into buf
 * (cap bytes) and points f at its fields: 0, or -1 for no record.
 * svcrec_version writes nmap's VERSION column, "product version (info)";
 * svcrec_service the SERVICE column's name, "ssl/http" in TLS;
 * svcrec_json the fields as members of a JSON object (after a comma):
 * "product":..,"version":..,"extrainfo":..,"tunnel":..,"method":..,
 * "probe":..,"cert":..,"starttls":..,"starttls_error":..,"conf":N,
 * "cpe":[..] (null for none).  Each returns the length, out "" when cap
 * is too small.  svcrec_copy: n bytes of a record as a string of its own
 * (malloc), NULL for no record (or no memory).
 */
#ifndef PARSE_SVCREC_H
#define PARSE_SVCREC_H

#include <stddef.h>

#define SR_SEP	'\037'
#define SR_MAX	1024	/* a record's bytes at most */

enum { SR_SVC, SR_PRODUCT, SR_VERSION, SR_INFO, SR_CPE, SR_TUNNEL,
	SR_METHOD, SR_CONF, SR_PROBE, SR_CERT, SR_STLS, SR_STLS_ERR, SR_N };

size_t	svcrec_pack(const char *const *f, char *out, size_t cap);
int	svcrec_split(const char *rec, size_t n, char *buf, size_t cap,
	    const char **f);
size_t	svcrec_version(const char *const *f, char *out, size_t cap);
size_t	svcrec_service(const char *const *f, char *out, size_t cap);
size_t	svcrec_json(const char *const *f, char *out, size_t cap);
char	*svcrec_copy(const char *rec, size_t n);

#endif /* PARSE_SVCREC_H */
