/*
 * http/decode_bz.c: brotli and zstd over their system libraries opened
 * at run time (decode_bz.h).  What their headers hide and we spell out:
 * the few functions called, brotli's result codes (stable since 1.0),
 * zstd's in and out buffers (stable since 1.0), and the one zstd
 * parameter and error code used (stable since 1.4.0).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "http/decode_bz.h"
#include "parse/http.h"
#include "util/base.h"
#include "util/dl.h"

#define BR_ERROR		0
#define BR_SUCCESS		1
#define BR_NEEDS_MORE_INPUT	2
#define BR_NEEDS_MORE_OUTPUT	3

#define ZSTD_d_windowLogMax	100
#define ZSTD_error_frameParameter_windowTooLarge 16
/*
 * RFC 9659: 8 MiB, the most a zstd content coding may ask for, and the
 * most browsers give it; zstd's own limit is 128 MiB, which a server
 * could make each coding of each transfer hold
 */
#define ZSTD_WINDOWLOG_HTTP	23

typedef struct {
	const void	*src;
	size_t		 size, pos;
} zstd_in;

typedef struct {
	void		*dst;
	size_t		 size, pos;
} zstd_out;

static struct {
	void		*(*BrotliDecoderCreateInstance)(void *, void *, void *);
	int		 (*BrotliDecoderDecompressStream)(void *, size_t *,
			    const uint8_t **, size_t *, uint8_t **, size_t *);
	void		 (*BrotliDecoderDestroyInstance)(void *);
	uint32_t	 (*BrotliDecoderVersion)(void);
	int		 (*BrotliDecoderGetErrorCode)(const void *);
	const char	*(*BrotliDecoderErrorString)(int);
} br;

static struct {
	void		*(*ZSTD_createDStream)(void);
	size_t		 (*ZSTD_freeDStream)(void *);
	size_t		 (*ZSTD_initDStream)(void *);
	size_t		 (*ZSTD_decompressStream)(void *, zstd_out *,
			    zstd_in *);
	unsigned	 (*ZSTD_isError)(size_t);
	int		 (*ZSTD_getErrorCode)(size_t);
	size_t		 (*ZSTD_DCtx_setParameter)(void *, int, int);
	const char	*(*ZSTD_getErrorName)(size_t);
	const char	*(*ZSTD_versionString)(void);
} zs;

static const struct dl_sym br_syms[] = {
	DL_SYM(br, BrotliDecoderCreateInstance),
	DL_SYM(br, BrotliDecoderDecompressStream),
	DL_SYM(br, BrotliDecoderDestroyInstance),
	DL_SYM(br, BrotliDecoderVersion),
	DL_SYM(br, BrotliDecoderGetErrorCode),
	DL_SYM(br, BrotliDecoderErrorString)
};
static const struct dl_symtab br_symtab = DL_SYMTAB(br_syms);

static const struct dl_sym zs_syms[] = {
	DL_SYM(zs, ZSTD_createDStream), DL_SYM(zs, ZSTD_freeDStream),
	DL_SYM(zs, ZSTD_initDStream), DL_SYM(zs, ZSTD_decompressStream),
	DL_SYM(zs, ZSTD_isError), DL_SYM(zs, ZSTD_getErrorName),
	DL_SYM(zs, ZSTD_getErrorCode), DL_SYM(zs, ZSTD_DCtx_setParameter),
	DL_SYM(zs, ZSTD_versionString)
};
static const struct dl_symtab zs_symtab = DL_SYMTAB(zs_syms);

/* each library, and its version once loaded */
static struct dl_lib_state st[2];
static const struct dl_lib libs[2] = {
	{ "SOCKT_BROTLI_LIB", BZ_BROTLI_LIB, "brotli", "br decoding needs ",
	    &br_symtab, &st[0] },
	{ "SOCKT_ZSTD_LIB", BZ_ZSTD_LIB, "zstd", "zstd decoding needs ",
	    &zs_symtab, &st[1] }
};
static char version[2][32];

static int
lib_of(enum http_coding cd)
{
	return cd == HTTP_CODING_BR ? 0 : 1;
}

int
bz_load(enum http_coding cd, char *err)
{
	int i = lib_of(cd), rc = dl_lib_load(&libs[i], err);
	uint32_t v;

	if (rc == 1 && i == 0) {
		v = br.BrotliDecoderVersion();
		(void)snprintf(version[0], sizeof(version[0]), "%u.%u.%u",
		    v >> 24, (v >> 12) & 0xfff, v & 0xfff);
	} else if (rc == 1)
		(void)snprintf(version[1], sizeof(version[1]), "%s",
		    zs.ZSTD_versionString());
	return rc == -1 ? -1 : 0;
}

const char *
bz_lib_version(enum http_coding cd)
{
	return st[lib_of(cd)].loaded == 1 ? version[lib_of(cd)] : NULL;
}

const char *
bz_lib_name(enum http_coding cd)
{
	return st[lib_of(cd)].loaded == 1 ? st[lib_of(cd)].name : NULL;
}

void *
bz_new(enum http_coding cd)
{
	void *st;

	if (cd == HTTP_CODING_BR)
		return br.BrotliDecoderCreateInstance(NULL, NULL, NULL);
	if ((st = zs.ZSTD_createDStream()) == NULL)
		return NULL;
	if (zs.ZSTD_isError(zs.ZSTD_initDStream(st)) ||
	    zs.ZSTD_isError(zs.ZSTD_DCtx_setParameter(st,
	    ZSTD_d_windowLogMax, ZSTD_WINDOWLOG_HTTP))) {
		(void)zs.ZSTD_freeDStream(st);
		return NULL;
	}
	return st;
}

int
bz_run(enum http_coding cd, void *st, const unsigned char **p, size_t *n,
    unsigned char *out, size_t cap, size_t *made, const char **why)
{
	zstd_in in;
	zstd_out o;
	uint8_t *next = out;
	size_t avail = cap, r;
	int br_r;

	if (cd == HTTP_CODING_BR) {
		br_r = br.BrotliDecoderDecompressStream(st, n, p, &avail,
		    &next, NULL);
		*made = cap - avail;
		if (br_r == BR_ERROR) {
			*why = br.BrotliDecoderErrorString(
			    br.BrotliDecoderGetErrorCode(st));
			return -1;
		}
		return br_r == BR_SUCCESS;
	}
	in.src = *p;
	in.size = *n;
	in.pos = 0;
	o.dst = out;
	o.size = cap;
	o.pos = 0;
	r = zs.ZSTD_decompressStream(st, &o, &in);
	*made = o.pos;
	*p += in.pos;
	*n -= in.pos;
	if (zs.ZSTD_isError(r)) {
		if (zs.ZSTD_getErrorCode(r) ==
		    ZSTD_error_frameParameter_windowTooLarge) {
			*why = "a frame's window is over 8 MiB (RFC 9659)";
			return -2;
		}
		*why = zs.ZSTD_getErrorName(r);
		return -1;
	}
	return r == 0;
}

void
bz_free(enum http_coding cd, void *st)
{
	if (st == NULL)
		return;
	if (cd == HTTP_CODING_BR)
		br.BrotliDecoderDestroyInstance(st);
	else
		(void)zs.ZSTD_freeDStream(st);
}
