/*
 * http/decode_bz.h: brotli (br, RFC 7932) and zstd (RFC 8878) for
 * http/decode.c, from libbrotlidec.so.1 and libzstd.so.1 opened at run
 * time (SOCKT_BROTLI_LIB, SOCKT_ZSTD_LIB name others), as zlib is.
 * Private to decode.c.  Engine layer: never prints, never exits.
 */
#ifndef DECODE_BZ_H
#define DECODE_BZ_H

#include <stddef.h>

#include "parse/http.h"

#define BZ_BROTLI_LIB	"libbrotlidec.so.1"
#define BZ_ZSTD_LIB	"libzstd.so.1"

/*
 * bz_load: open the library of cd (HTTP_CODING_BR or _ZSTD) once.
 * Returns 0, or -1 with err ("br decoding needs libbrotlidec.so.1
 * (brotli), which was not found").
 */
int	bz_load(enum http_coding cd, char *err);
/* After a successful bz_load: its version and the file opened. */
const char *bz_lib_version(enum http_coding cd);
const char *bz_lib_name(enum http_coding cd);

/* bz_new: a decoder's state, or NULL (no memory). */
void	*bz_new(enum http_coding cd);
/*
 * bz_run: decode from *p (*n bytes, both moved past what was taken)
 * into out[0..cap), *made bytes.  Returns 1 when the stream (zstd: a
 * frame) ended with all of its output given, 0 for more to come (more
 * input when *n is 0 and *made < cap, else call again), -1 with *why
 * for corrupt data, -2 with *why for a stream refused (zstd: a window
 * over 8 MiB).
 */
int	bz_run(enum http_coding cd, void *st, const unsigned char **p,
	    size_t *n, unsigned char *out, size_t cap, size_t *made,
	    const char **why);
/* bz_free: the state of bz_new (NULL is nothing). */
void	bz_free(enum http_coding cd, void *st);

#endif /* DECODE_BZ_H */
