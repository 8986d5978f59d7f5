/*
 * http/outname.c: where http-get's bodies and heads go (http/output.h):
 * the file -o, -O or -J names in --output-dir, that directory checked
 * or made, and -D's file of heads.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "http/output.h"
#include "net/io.h"
#include "parse/cdisp.h"
#include "parse/http.h"
#include "parse/url.h"
#include "util/file.h"

int
output_name(struct output *out, const struct url *u, int remote,
    const char *file, const char *dir, mode_t mkdirs, char *name,
    const char **base, char *err)
{
	int rc;

	output_init(out, NULL);
	if ((rc = url_output_path(u, remote, file, dir, name, PATH_MAX, base,
	    err)) != 1)
		return rc;
	out->path = name;
	out->mkdirs = mkdirs;
	return 1;
}

int
output_cd_name(struct output *out, const struct http_resp *r,
    const char *dir, int clobber, char *name, char *base)
{
	const struct http_field *f;
	int n;

	if ((f = http_field_get(r, "Content-Disposition")) == NULL)
		return 0;
	switch (cdisp_filename(f->value, f->vlen, base)) {
	case 0:
		return 0;	/* no name in it: the URL's, as curl */
	case -1:
		return -1;
	}
	n = snprintf(name, PATH_MAX, "%s%s%s", dir != NULL ? dir : "",
	    dir != NULL ? "/" : "", base);
	if (n < 0 || n >= PATH_MAX)
		return -2;
	/* a name the server chose: what is there stays (curl 8) */
	out->noclobber = !clobber;
	return 1;
}

int
output_dir(const char *dir, mode_t mode)
{
	struct stat st;

	if (mode != 0)
		return make_dirs(dir, 0, mode);
	if (stat(dir, &st) == -1)
		return -1;
	errno = ENOTDIR;	/* when it is something else */
	return S_ISDIR(st.st_mode) ? 0 : -1;
}

int
output_dump(int *fd, const char *path, const char *p, size_t n)
{
	if (*fd == -1 && (*fd = open(path, O_WRONLY | O_CREAT | O_TRUNC |
	    O_CLOEXEC, 0666)) == -1)
		return -1;
	return io_write_all(*fd, p, n) == -1 ? -1 : 0;
}
