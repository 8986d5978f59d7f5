/*
 * util/zlib.h: the system's zlib (libz.so.1, or SOCKT_ZLIB_LIB), opened
 * once at run time through util/dl.h, as OpenSSL is, so the binary links
 * libc alone: http/decode.c inflates bodies with it, ws/ws_deflate.c
 * compresses WebSocket messages (RFC 7692).  Does I/O (dlopen), never
 * prints, never exits.
 *
 * What zlib's header hides and we spell out: z_stream's layout (public
 * and unchanged since zlib 1.0), the return codes, and inflateInit2 and
 * deflateInit2, macros over inflateInit2_ and deflateInit2_ with the
 * version we were written for and sizeof(z_stream), which zlib checks
 * against its own.
 */
#ifndef UTIL_ZLIB_H
#define UTIL_ZLIB_H

#define ZLIB_LIB_NAME	"libz.so.1"

typedef struct {
	const unsigned char *next_in;
	unsigned	 avail_in;
	unsigned long	 total_in;
	unsigned char	*next_out;
	unsigned	 avail_out;
	unsigned long	 total_out;
	const char	*msg;
	void		*state;
	void		*(*zalloc)(void *, unsigned, unsigned);
	void		 (*zfree)(void *, void *);
	void		*opaque;
	int		 data_type;
	unsigned long	 adler;
	unsigned long	 reserved;
} z_stream;

#define Z_OK		0
#define Z_STREAM_END	1
#define Z_NEED_DICT	2
#define Z_BUF_ERROR	(-5)
#define Z_NO_FLUSH	0
#define Z_SYNC_FLUSH	2
#define Z_DEFLATED	8
#define Z_BEST_SPEED	1
#define Z_DEFAULT_COMPRESSION	(-1)
#define Z_DEFAULT_STRATEGY	0
#define ZLIB_API	"1.2.11"	/* the first digit is what zlib checks */

/* zlib's functions, set by a successful zlib_load */
struct zlib_fns {
	const char	*(*zlibVersion)(void);
	int		 (*inflateInit2_)(z_stream *, int, const char *, int);
	int		 (*inflate)(z_stream *, int);
	int		 (*inflateReset)(z_stream *);
	int		 (*inflateEnd)(z_stream *);
	int		 (*deflateInit2_)(z_stream *, int, int, int, int, int,
			    const char *, int);
	int		 (*deflate)(z_stream *, int);
	int		 (*deflateParams)(z_stream *, int, int);
	int		 (*deflateReset)(z_stream *);
	int		 (*deflateEnd)(z_stream *);
	unsigned long	 (*crc32)(unsigned long, const unsigned char *,
			    unsigned);
};
extern struct zlib_fns zl;

/*
 * zlib_load: open zlib once (later calls say the same).  0, or -1 with
 * why (SK_ERRLEN) in words that follow "needs": "libz.so.1 (zlib), which
 * was not found", "zlib: NAME has no SYMBOL", "zlib 1.x; NAME is V".
 */
int	zlib_load(char *why);
/* After a successful zlib_load: zlib's version and the file opened. */
const char *zlib_version(void);
const char *zlib_name(void);

#endif /* UTIL_ZLIB_H */
