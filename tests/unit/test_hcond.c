/*
 * Unit tests for http-get's resume, ranges and conditional GET around a
 * transfer (http/cond_io.c): FILE measured for -C, -z's date or file,
 * --etag-compare's file, the verdict on a final head applied to the
 * output, a range body's length, -R, --etag-save; each failure as the
 * record the command says (http/why.h).
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/cond_io.h"
#include "http/output.h"
#include "http/why.h"
#include "parse/cond.h"
#include "parse/http.h"
#include "tap.h"

static char dir[] = "/tmp/test_hcond.XXXXXX";

/* dir/name, written with s (NULL: none made) */
static const char *
file(const char *name, const char *s)
{
	static char path[8][256];
	static int k;
	char *p = path[k++ % 8];
	FILE *f;

	(void)snprintf(p, 256, "%s/%s", dir, name);
	if (s != NULL && (f = fopen(p, "w")) != NULL) {
		(void)fputs(s, f);
		(void)fclose(f);
	}
	return p;
}

/* path's text into buf (cap bytes, NUL-terminated); 1, or 0 */
static int
read_back(const char *path, char *buf, size_t cap)
{
	FILE *f;
	size_t n;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	(void)fclose(f);
	return 1;
}

/* head s parsed into r (buf holds it); 0, or -1 */
static int
head(const char *s, char *buf, size_t cap, struct http_resp *r)
{
	char err[256];
	size_t n = strlen(s);

	if (n >= cap)
		return -1;
	memcpy(buf, s, n + 1);
	return http_head_parse(buf, n, r, err) > 0 ? 0 : -1;
}

/* file size of path, -1 for none */
static long
size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* a fresh -C/-z/... state for out to path (NULL: stdout), and the
 * fields' room: FILE is measured, and opened to go on, by the prepare */
static int
prep(struct getcond *gc, struct output *out, const char *path,
    struct httpc_why *w, const char **f, int *nf)
{
	*nf = 0;
	output_init(out, path);
	return hcond_prepare(gc, out, NULL, 0, f, nf, w);
}

static void
test_prepare(void)
{
	static struct getcond gc;
	struct output out;
	struct httpc_why w;
	const char *f[3], *p;
	char err[256], big[1100];
	int nf;

	cond_init(&gc);
	(void)cond_continue_set(&gc, "-", err);
	p = file("part", "12345");
	is_int(prep(&gc, &out, p, &w, f, &nf), 0, "-C -: measured");
	is_int((int)gc.offset, 5, "... at its size");
	is_int(nf, 1, "... one field");
	is_str(f[0], "Range: bytes=5-", "... Range from there");

	cond_init(&gc);
	(void)cond_continue_set(&gc, "9", err);
	/* curl 7.88 sends the Range whatever FILE holds (and appends) */
	is_int(prep(&gc, &out, p, &w, f, &nf), 0, "-C 9 of a 5-byte file");
	ok(nf == 1 && strcmp(f[0], "Range: bytes=9-") == 0,
	    "... Range from 9, as curl");
	output_abort(&out);

	cond_init(&gc);
	(void)cond_continue_set(&gc, "-", err);
	is_int(prep(&gc, &out, dir, &w, f, &nf), -1, "-C - of a directory");
	is_str(w.text, "not a regular file: cannot resume it", "... why");
	is_int(prep(&gc, &out, file("none", NULL), &w, f, &nf), 0,
	    "-C - of no file: from 0");
	is_int((int)gc.offset, 0, "... offset 0");

	cond_init(&gc);
	(void)cond_time_set(&gc, "Sun, 06 Nov 1994 08:49:37 GMT", err);
	is_int(prep(&gc, &out, NULL, &w, f, &nf), 0, "-z DATE");
	is_str(f[0], "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT",
	    "... its field");
	cond_init(&gc);
	(void)cond_time_set(&gc, p, err);
	is_int(prep(&gc, &out, NULL, &w, f, &nf), 0, "-z FILE");
	ok(gc.timecond == 1 && nf == 1, "... its time, a field");
	cond_init(&gc);
	(void)cond_time_set(&gc, file("none", NULL), err);
	is_int(prep(&gc, &out, NULL, &w, f, &nf), 0,
	    "-z neither date nor file");
	ok(gc.timecond == 0 && nf == 0, "... no condition, no field");

	cond_init(&gc);
	gc.etag_cmp = file("etag", "\"v1\"\n");
	is_int(prep(&gc, &out, NULL, &w, f, &nf), 0, "--etag-compare");
	is_str(f[0], "If-None-Match: \"v1\"", "... its field");
	cond_init(&gc);
	gc.etag_cmp = file("none", NULL);
	is_int(prep(&gc, &out, NULL, &w, f, &nf), -3,
	    "--etag-compare, no file: curl's read error");
	gc.etag_save = file("saved", NULL);
	is_int(prep(&gc, &out, NULL, &w, f, &nf), 0, "... beside --etag-save");
	ok(nf == 1 && strcmp(f[0], "If-None-Match: \"\"") == 0,
	    "... curl's If-None-Match: \"\"");
	gc.etag_save = NULL;
	gc.etag_cmp = file("bad", "a\001b\n");
	is_int(prep(&gc, &out, NULL, &w, f, &nf), -1, "a control character");
	is_str(w.text, "not an entity-tag", "... why");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	gc.etag_cmp = file("big", big);
	is_int(prep(&gc, &out, NULL, &w, f, &nf), -1,
	    "an entity-tag too long");
	is_str(w.text, "entity-tag longer than 1024 bytes", "... why");
	gc.etag_cmp = dir;
	is_int(prep(&gc, &out, NULL, &w, f, &nf), -3, "a directory");
	ok(w.text[0] == '\0' && w.err != 0 && w.about == dir,
	    "... errno, about it");
}

static void
test_head(void)
{
	static struct getcond gc;
	static struct http_resp r;
	struct output out;
	struct httpc_why w;
	const char *f[3], *p;
	char buf[512], err[256];
	struct stat st;
	int nf;

	cond_init(&gc);
	(void)cond_continue_set(&gc, "-", err);
	p = file("resume", "abc");
	(void)prep(&gc, &out, p, &w, f, &nf);
	ok(head("HTTP/1.1 206 Partial\r\nContent-Range: bytes 3-5/6\r\n"
	    "Content-Length: 3\r\n\r\n", buf, sizeof(buf), &r) == 0, "a 206");
	is_int(hcond_head(&gc, &r, &out, 0, &w), 0, "... goes on");
	ok(out.continued, "... in FILE itself");
	ok(output_write(&out, "def", 3) == 0 && output_finish(&out) == 0,
	    "... written");
	ok(stat(p, &st) == 0 && st.st_size == 6, "... 6 bytes");
	is_int(hcond_end(&gc, &out, 3, &w), 0, "3 bytes of 3-5: whole");
	is_int(hcond_end(&gc, &out, 2, &w), -1, "2 bytes of 3-5: short");
	is_str(w.text, "2 bytes for the range 3-5 of 3 bytes", "... why");

	cond_init(&gc);
	(void)cond_continue_set(&gc, "-", err);
	(void)prep(&gc, &out, NULL, &w, f, &nf);
	gc.offset = 3;
	ok(head("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n", buf,
	    sizeof(buf), &r) == 0, "a 200");
	is_int(hcond_head(&gc, &r, &out, 0, &w), -1, "... to stdout: no");
	is_str(w.text, "HTTP server doesn't seem to support byte ranges. "
	    "Cannot resume.", "... curl's words");
	is_int(w.curl, 33, "... curl's 33");

	cond_init(&gc);
	(void)cond_continue_set(&gc, "2", err);
	p = file("done", "abc");
	(void)prep(&gc, &out, p, &w, f, &nf);
	ok(head("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: "
	    "bytes */2\r\n\r\n", buf, sizeof(buf), &r) == 0, "a 416");
	/* a 416 is done, as curl: FILE is left as it is (cut back to the
	 * offset only once a range's bytes come to go after it) */
	is_int(hcond_head(&gc, &r, &out, 0, &w), 0, "FILE past its end: done");
	ok(gc.kept && size_of(p) == 3, "... FILE as it was");
	output_abort(&out);

	cond_init(&gc);
	output_init(&out, file("kept", "old"));
	ok(head("HTTP/1.1 304 Not Modified\r\nETag: \"e1\"\r\n\r\n", buf,
	    sizeof(buf), &r) == 0, "a 304");
	is_int(hcond_head(&gc, &r, &out, 0, &w), 0, "... fine");
	ok(gc.kept && out.keep && out.discard, "... FILE kept");
	gc.etag_save = file("saved304", NULL);
	is_int(hcond_save(&gc, &w), 0, "nothing saved for a kept FILE");
	ok(stat(gc.etag_save, &st) == -1, "... no file");

	cond_init(&gc);
	gc.remote_time = 1;
	p = file("timed", NULL);
	output_init(&out, p);
	ok(head("HTTP/1.1 200 OK\r\nETag: \"e2\"\r\nLast-Modified: Sun, 06 "
	    "Nov 1994 08:49:37 GMT\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a 200 with validators");
	is_int(hcond_head(&gc, &r, &out, 0, &w), 0, "... fine");
	is_int(hcond_end(&gc, &out, 0, &w), 0, "-R");
	ok(output_finish(&out) == 0 && stat(p, &st) == 0 &&
	    st.st_mtime == 784111777, "... FILE's time is Last-Modified");
	gc.etag_save = file("saved", NULL);
	is_int(hcond_save(&gc, &w), 0, "--etag-save");
	ok(read_back(gc.etag_save, buf, sizeof(buf)) &&
	    strcmp(buf, "\"e2\"\n") == 0, "... the ETag and a newline");
	gc.etag_save = file("no/such/dir", NULL);
	is_int(hcond_save(&gc, &w), -1, "--etag-save in no directory");
	ok(w.text[0] == '\0' && w.about == gc.etag_save, "... errno");
}

/*
 * A resume cut short (issue 49): the bytes that came stay in FILE, a
 * retry goes on after them; a decoded body and a shorter restart do not.
 */
static void
test_cut(void)
{
	static struct getcond gc, opt;
	static struct http_resp r;
	struct output out;
	struct httpc_why w;
	const char *f[3], *p;
	char buf[512], err[256];
	int nf, resume = 0;

	cond_init(&opt);
	(void)cond_continue_set(&opt, "-", err);
	gc = opt;
	p = file("fresh", NULL);
	(void)prep(&gc, &out, p, &w, f, &nf);
	is_int(nf, 0, "-C - of no file: no Range");
	ok(head("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n", buf,
	    sizeof(buf), &r) == 0, "a 200");
	is_int(hcond_head(&gc, &r, &out, 0, &w), 0, "... goes");
	ok(out.inplace && out.fd == -1 && size_of(p) == -1,
	    "... into FILE itself, not made yet");
	ok(output_write(&out, "abc", 3) == 0 && out.continued && !out.is_tmp,
	    "... made as the first bytes come");
	is_int(hcond_cut(&gc, &out), 1, "cut: the bytes stay");
	ok(out.fd == -1 && size_of(p) == 3, "... FILE closed, 3 bytes");
	is_int(hcond_again(&gc, &opt, 1, &out, f, &nf, &resume, &w), 0,
	    "a retry");
	ok(gc.offset == 3 && nf == 1 && strcmp(f[0], "Range: bytes=3-") == 0 &&
	    resume, "... goes on at 3");
	ok(out.continued && out.start == 3 && out.path == p,
	    "... FILE open again at 3");

	/* curl 7.88 starts no transfer over: a 200 to the range is 33 */
	ok(head("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n", buf,
	    sizeof(buf), &r) == 0, "a 200 to the range");
	is_int(hcond_head(&gc, &r, &out, 0, &w), -1, "... curl's 33");
	is_int(w.curl, 33, "... its status");
	output_abort(&out);
	ok(read_back(p, buf, sizeof(buf)) && strcmp(buf, "abc") == 0,
	    "... FILE as it was");

	gc = opt;
	gc.compressed = 1;
	p = file("coded", NULL);
	(void)prep(&gc, &out, p, &w, f, &nf);
	ok(head("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", buf,
	    sizeof(buf), &r) == 0, "a gzip body, --compressed");
	is_int(hcond_head(&gc, &r, &out, 0, &w), 0, "... goes");
	ok(output_write(&out, "abc", 3) == 0 && out.is_tmp && gc.coded,
	    "... decoded, to a temporary file");
	is_int(hcond_cut(&gc, &out), 0, "cut: not kept");
	output_abort(&out);
	ok(size_of(p) == -1, "... no FILE");
	p = file("coded2", "abc");
	gc = opt;
	gc.compressed = 1;
	(void)prep(&gc, &out, p, &w, f, &nf);
	ok(head("HTTP/1.1 206 Partial\r\nContent-Range: bytes 3-5/6\r\n"
	    "Content-Encoding: gzip\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a gzip 206, --compressed");
	is_int(hcond_head(&gc, &r, &out, 0, &w), -1, "... refused");
	is_str(w.text, "a range with Content-Encoding: its bytes cannot be "
	    "decoded from the offset (resume without --compressed)",
	    "... why");
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_prepare();
	test_head();
	test_cut();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return tap_done();
}
