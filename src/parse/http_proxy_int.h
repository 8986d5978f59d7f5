/*
 * http_proxy_int.h: what http_proxy.c (requests) lends
 * http_proxy_resp.c (responses, bodies): writing a head out, the fields
 * a Connection list names.  Pure: no I/O.
 */
#ifndef HTTP_PROXY_INT_H
#define HTTP_PROXY_INT_H

#include <stddef.h>

#define DROP_MAX	32	/* fields a Connection field may name */

/* The names a Connection field lists. */
struct hpx_drops {
	size_t		 n;
	const char	*s[DROP_MAX];
	size_t		 len[DROP_MAX];
};

/*
 * hpx_drops_add: the tokens of the Connection value v[0..n) into d; -1
 * past its cap.
 */
int	hpx_drops_add(const char *v, size_t n, struct hpx_drops *d);

/*
 * hpx_dropped: is the field name[0..n) one of hop (nhop names), or one
 * d names?
 */
int	hpx_dropped(const char *name, size_t n, const char *const *hop,
	    size_t nhop, const struct hpx_drops *d);

/* hpx_is_name: is name[0..n) the field name s (any case)? */
int	hpx_is_name(const char *name, size_t n, const char *s);

/*
 * hpx_elem: the element of the comma-separated list v[0..n) that starts
 * at j: its bounds v[*b..*t), blanks trimmed (empty for an empty element,
 * which a proxy's strict reading counts), and where it ends (the comma,
 * or n).  Walk a list with for (j = 0; j <= n; j = e + 1) e = hpx_elem().
 */
size_t	hpx_elem(const char *v, size_t n, size_t j, size_t *b, size_t *t);

/* hpx_put: s[0..n) appended to out[*o..cap), or -1 when no room. */
int	hpx_put(char *out, size_t cap, size_t *o, const char *s, size_t n);

/* hpx_put_num: "Name: v\r\n", as hpx_put. */
int	hpx_put_num(char *out, size_t cap, size_t *o, const char *name,
	    unsigned long long v);

/*
 * hpx_put_via: "Via: 1.minor via\r\n", minor the received message's
 * version; nothing for NULL.  As hpx_put.
 */
int	hpx_put_via(char *out, size_t cap, size_t *o, int minor,
	    const char *via);

#endif /* HTTP_PROXY_INT_H */
