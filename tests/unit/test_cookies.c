/*
 * Unit tests for the engine's cookie files and -b's argument
 * (http/cookies.c): cookies joined as curl joins them, a file's name,
 * a control character refused; a jar written as curl writes it and
 * read back, a missing file that is none.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/engine.h"
#include "parse/cookie.h"
#include "tap.h"

int
main(void)
{
	static struct cookie_jar j, back;
	const char *s1 = "example.com\tFALSE\t/\tFALSE\t0\tsid\tv1";
	const char *s2 = "example.com\tFALSE\t/\tFALSE\t4102444800\tk\tv2";
	char *data = NULL, path[] = "/tmp/test_cookies.XXXXXX";
	char buf[1024];
	FILE *f;
	size_t n;
	int fd;

	is_int(httpc_cookie_arg(&data, "jar.txt"), 1, "no '=': a file");
	ok(data == NULL, "... no cookies");
	is_int(httpc_cookie_arg(&data, "a=1"), 0, "a=1: a cookie");
	is_str(data, "a=1", "... as it is");
	is_int(httpc_cookie_arg(&data, "b=2; c=3"), 0, "more");
	is_str(data, "a=1;b=2; c=3", "... joined by ';', as curl");
	is_int(httpc_cookie_arg(&data, "d=\001"), -2, "a control character");
	is_str(data, "a=1;b=2; c=3", "... refused, the rest kept");
	free(data);

	if ((fd = mkstemp(path)) == -1) {
		perror("mkstemp");
		return 1;
	}
	(void)close(fd);
	(void)unlink(path);
	is_int(httpc_jar_load(&j, path, 0, NULL), 0, "a missing file: none");
	is_int(j.n, 0, "... no cookie");
	is_int(cookie_line(&j, s1, strlen(s1), 0, 1000), 1,
	    "a session cookie");
	is_int(cookie_line(&j, s2, strlen(s2), 0, 1000), 1, "a lasting one");
	is_int(httpc_jar_save(&j, path), 0, "the jar written");
	ok((f = fopen(path, "r")) != NULL, "... a file");
	n = f != NULL ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = '\0';
	if (f != NULL)
		(void)fclose(f);
	ok(strncmp(buf, COOKIE_FILE_HEAD, strlen(COOKIE_FILE_HEAD)) == 0,
	    "... the header first");
	ok(strstr(buf, "\n# This file was written by sockt http-get.") != NULL,
	    "... saying what wrote it");
	ok(strstr(buf, "\tsid\tv1\n") != NULL && strstr(buf, "\tk\tv2\n") !=
	    NULL, "... both cookies");
	is_int(httpc_jar_load(&back, path, 0, NULL), 0, "read back");
	is_int(back.n, 2, "... both");
	cookie_jar_free(&back);
	is_int(httpc_jar_load(&back, path, 1, NULL), 0, "read back with -j");
	is_int(back.n, 1, "... the session cookie left out");
	cookie_jar_free(&back);
	if ((f = fopen(path, "w")) != NULL) {
		(void)fputs("Set-Cookie: nd=1; Path=/\n", f);
		(void)fclose(f);
	}
	is_int(httpc_jar_load(&back, path, 0, NULL), 0,
	    "a line without a domain, no URL");
	is_int(back.n, 0, "... skipped");
	is_int(httpc_jar_load(&back, path, 0, "http://Host.example:8080/a"),
	    0, "... the first URL's");
	ok(back.n == 1 && strcmp(back.c[0].domain, "Host.example") == 0 &&
	    back.c[0].host_only && back.host == NULL, "... its host's alone");
	cookie_jar_free(&back);
	is_int(httpc_jar_save(&j, "/nonexistent/dir/jar"), -1,
	    "a jar in no directory");
	ok(errno == ENOENT, "... ENOENT");
	cookie_jar_free(&j);
	(void)unlink(path);
	return tap_done();
}
