/*
 * Unit tests for where http-get's bodies and heads go (http/outname.c):
 * -o and -O in --output-dir, -J's name from a Content-Disposition,
 * --output-dir checked or made, -D's file of heads.
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/output.h"
#include "parse/cdisp.h"
#include "parse/http.h"
#include "parse/url.h"
#include "tap.h"

static char dir[] = "/tmp/test_outname.XXXXXX";

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

static void
test_names(void)
{
	static struct url u;
	static struct http_resp r;
	static char name[PATH_MAX], lng[PATH_MAX + 8];
	struct output out;
	char err[256], buf[512], base[CDISP_NAMEMAX + 1];
	const char *b;

	ok(url_parse("http://h.test/d/f.txt", &u, err) == 0, "a URL");
	is_int(output_name(&out, &u, 0, NULL, "od", 0, name, &b, err), 0,
	    "no -o, no -O: stdout");
	ok(out.path == NULL, "... no path");
	is_int(output_name(&out, &u, 1, NULL, "od", 0750, name, &b, err), 1,
	    "-O in --output-dir");
	ok(out.path == name && strcmp(name, "od/f.txt") == 0 &&
	    out.mkdirs == 0750, "... od/f.txt, its directories made");
	is_int(output_name(&out, &u, 0, "/abs", "od", 0, name, &b, err), 1,
	    "-o /abs");
	is_str(name, "/abs", "... not in --output-dir");
	ok(url_parse("http://h.test/", &u, err) == 0, "a URL with no name");
	is_int(output_name(&out, &u, 1, NULL, NULL, 0, name, &b, err), -1,
	    "-O: no name in it");
	memset(lng, 'd', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = '\0';
	is_int(output_name(&out, &u, 0, "f", lng, 0, name, &b, err), -2,
	    "--output-dir too long");
	is_str(b, "f", "... the name it did not take");

	output_init(&out, name);
	ok(head("HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
	    "filename=\"../x.bin\"\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a head naming ../x.bin");
	is_int(output_cd_name(&out, &r, "od", 0, name, base), 1, "-J");
	is_str(name, "od/x.bin", "... its path stripped, in --output-dir");
	ok(out.noclobber, "... never over an existing file");
	out.noclobber = 0;
	is_int(output_cd_name(&out, &r, NULL, 1, name, base), 1,
	    "-J --clobber");
	ok(strcmp(name, "x.bin") == 0 && !out.noclobber, "... may replace");
	ok(head("HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
	    "filename=\"..\"\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a head naming ..");
	is_int(output_cd_name(&out, &r, NULL, 0, name, base), -1,
	    "... no safe name");
	ok(head("HTTP/1.1 200 OK\r\n\r\n", buf, sizeof(buf), &r) == 0,
	    "a head naming nothing");
	is_int(output_cd_name(&out, &r, NULL, 0, name, base), 0,
	    "... the URL's name stays");
	ok(head("HTTP/1.1 200 OK\r\nContent-Disposition: attachment; "
	    "filename=f\r\n\r\n", buf, sizeof(buf), &r) == 0, "a name f");
	is_int(output_cd_name(&out, &r, lng, 0, name, base), -2,
	    "... in a --output-dir too long");
	is_str(base, "f", "... the name");
}

static void
test_dirs(void)
{
	char p[256], q[256], buf[64];
	FILE *f;
	size_t n;
	int fd = -1;

	is_int(output_dir(dir, 0), 0, "a directory");
	(void)snprintf(p, sizeof(p), "%s/a/b", dir);
	ok(output_dir(p, 0) == -1 && errno == ENOENT, "a missing one");
	is_int(output_dir(p, 0750), 0, "... made");
	is_int(output_dir(p, 0), 0, "... there");
	(void)snprintf(q, sizeof(q), "%s/heads", dir);
	is_int(output_dump(&fd, q, "H1\r\n\r\n", 6), 0, "-D: a head");
	is_int(output_dump(&fd, q, "H2\r\n\r\n", 6), 0, "... another");
	ok(fd != -1 && close(fd) == 0, "... one file");
	ok(output_dir(q, 0) == -1 && errno == ENOTDIR, "a file: ENOTDIR");
	n = 0;
	if ((f = fopen(q, "r")) != NULL) {
		n = fread(buf, 1, sizeof(buf), f);
		(void)fclose(f);
	}
	ok(n == 12 && memcmp(buf, "H1\r\n\r\nH2\r\n\r\n", 12) == 0,
	    "... both heads in order");
	fd = -1;
	(void)snprintf(q, sizeof(q), "%s/none/heads", dir);
	ok(output_dump(&fd, q, "H", 1) == -1 && errno == ENOENT,
	    "-D in no directory");
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_names();
	test_dirs();
	(void)snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return tap_done();
}
