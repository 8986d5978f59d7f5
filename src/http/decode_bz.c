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

/* each library's: its table, what it is called, how it loaded */
static struct lib {
	const struct dl_symtab *tab;
	const char	*env, *file, *coding, *what;
	int		 loaded;	/* 1: complete; -1: failed */
	char		 err[SK_ERRLEN];
	char		 name[256];
	char		 version[32];
} libs[2] = {
	{ &br_symtab, "SOCKT_BROTLI_LIB", BZ_BROTLI_LIB, "br", "brotli",
	    0, "", "", "" },
	{ &zs_symtab, "SOCKT_ZSTD_LIB", BZ_ZSTD_LIB, "zstd", "zstd",
	    0, "", "", "" }
};

static struct lib *
lib_of(enum http_coding cd)
{
	return &libs[cd == HTTP_CODING_BR ? 0 : 1];
}

int
bz_load(enum http_coding cd, char *err)
{
	struct lib *l = lib_of(cd);
	const char *name, *missing;
	uint32_t v;
	void *h;

	if (l->loaded == 0) {
		l->loaded = -1;
		name = dl_name(l->env, l->file);
		if ((h = dl_open(name)) == NULL)
			snprintf(l->err, sizeof(l->err), "%s decoding needs "
			    "%s (%s), which was not found", l->coding, l->file,
			    l->what);
		else if (dl_resolve(&h, 1, &l->tab, 1, &missing) == -1)
			snprintf(l->err, sizeof(l->err), "%s decoding needs "
			    "%s: %s has no %s", l->coding, l->what, name,
			    missing);
		else {
			snprintf(l->name, sizeof(l->name), "%s", name);
			if (cd == HTTP_CODING_BR) {
				v = br.BrotliDecoderVersion();
				snprintf(l->version, sizeof(l->version),
				    "%u.%u.%u", v >> 24, (v >> 12) & 0xfff,
				    v & 0xfff);
			} else
				snprintf(l->version, sizeof(l->version), "%s",
				    zs.ZSTD_versionString());
			l->loaded = 1;
		}
	}
	if (l->loaded == 1)
		return 0;
	snprintf(err, SK_ERRLEN, "%s", l->err);
	return -1;
}

const char *
bz_lib_version(enum http_coding cd)
{
	return lib_of(cd)->loaded == 1 ? lib_of(cd)->version : NULL;
}

const char *
bz_lib_name(enum http_coding cd)
{
	return lib_of(cd)->loaded == 1 ? lib_of(cd)->name : NULL;
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
