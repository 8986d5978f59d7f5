/*
 * util/user.c: a server's user, looked up before binding and dropped to
 * after (user.h).
 */
#if defined(__linux__)
#define _DEFAULT_SOURCE		/* setgroups, getgrouplist */
#endif

#include <sys/types.h>

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/base.h"
#include "util/num.h"
#include "util/user.h"

int
user_find(const char *name, struct user_id *u, char *err)
{
	struct passwd *pw;
	long long n;
	const char *why;

	memset(u, 0, sizeof(*u));
	if (*name == '\0') {
		snprintf(err, SK_ERRLEN, "empty name");
		return -1;
	}
	errno = 0;
	pw = getpwnam(name);
	/* a uid, where no user has that number for a name */
	if (pw == NULL && parse_num(name, 0, UINT_MAX - 1, &n, &why) == 0) {
		errno = 0;
		pw = getpwuid((uid_t)n);
	}
	if (pw == NULL) {
		/* not found is no error to getpwnam: errno 0, or ENOENT */
		snprintf(err, SK_ERRLEN, "%s", errno == 0 || errno == ENOENT ||
		    errno == ESRCH ? "no such user" : strerror(errno));
		return -1;
	}
	if ((size_t)snprintf(u->name, sizeof(u->name), "%s", pw->pw_name) >=
	    sizeof(u->name) || (size_t)snprintf(u->home, sizeof(u->home),
	    "%s", pw->pw_dir) >= sizeof(u->home) ||
	    (size_t)snprintf(u->shell, sizeof(u->shell), "%s",
	    pw->pw_shell) >= sizeof(u->shell)) {
		snprintf(err, SK_ERRLEN, "the user's entry is too long");
		return -1;
	}
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	return 0;
}

static int
gid_cmp(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

/* v[0 .. n) sorted, each gid once; returns how many are left. */
static int
gid_set(gid_t *v, int n)
{
	int i, k = 0;

	qsort(v, (size_t)n, sizeof(*v), gid_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || v[k - 1] != v[i])
			v[k++] = v[i];
	return k;
}

/*
 * The user's groups, its primary one among them (getgrouplist), into a
 * new *v of *n.  Returns 0, or -1 with err.
 */
static int
user_groups(const struct user_id *u, gid_t **v, int *n, char *err)
{
	gid_t *p;
	int want = 64, have;

	for (*v = NULL;; want = have > want ? have : want * 2) {
		if ((p = realloc(*v, (size_t)want * sizeof(*p))) == NULL) {
			snprintf(err, SK_ERRLEN, "groups: %s", strerror(errno));
			free(*v);
			return -1;
		}
		*v = p;
		have = want;
		if (getgrouplist(u->name, u->gid, *v, &have) != -1) {
			*n = have;
			return 0;
		}
		if (want >= 65536) {
			snprintf(err, SK_ERRLEN, "%.64s: too many groups", u->name);
			free(*v);
			return -1;
		}
	}
}

/*
 * The group list the kernel holds now, against want (a set, gid_set's):
 * 0 when they are the same set, else -1 with err.
 */
static int
user_groups_are(const gid_t *want, int nwant, char *err)
{
	gid_t *got;
	int n, same;

	if ((n = getgroups(0, NULL)) == -1 ||
	    (got = malloc(((size_t)n + 1) * sizeof(*got))) == NULL) {
		snprintf(err, SK_ERRLEN, "getgroups: %s", strerror(errno));
		return -1;
	}
	if ((n = getgroups(n, got)) == -1) {
		snprintf(err, SK_ERRLEN, "getgroups: %s", strerror(errno));
		free(got);
		return -1;
	}
	n = gid_set(got, n);
	same = n == nwant && memcmp(got, want, (size_t)n * sizeof(*got)) == 0;
	free(got);
	if (!same)
		snprintf(err, SK_ERRLEN, "the group list is not the user's "
		    "after setgroups");
	return same ? 0 : -1;
}

/* HOME, USER, LOGNAME and SHELL: u's.  0, or -1 with err. */
static int
user_env(const struct user_id *u, char *err)
{
	if (setenv("HOME", u->home, 1) == -1 ||
	    setenv("USER", u->name, 1) == -1 ||
	    setenv("LOGNAME", u->name, 1) == -1 ||
	    setenv("SHELL", u->shell[0] != '\0' ? u->shell : "/bin/sh",
	    1) == -1) {
		snprintf(err, SK_ERRLEN, "environment: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int
user_drop(const struct user_id *u, char *err)
{
	gid_t *groups;
	int n, rc = -1;
	const char *step = NULL;

	if (getuid() == u->uid && geteuid() == u->uid)
		return user_env(u, err);
	if (user_groups(u, &groups, &n, err) == -1)
		return -1;
	n = gid_set(groups, n);
	/* the groups while we may still set them, the uid last */
	if (setgroups((size_t)n, groups) == -1)
		step = "setgroups";
	else if (setgid(u->gid) == -1)
		step = "setgid";
	else if (setuid(u->uid) == -1)
		step = "setuid";
	if (step != NULL) {
		snprintf(err, SK_ERRLEN, "%s: %s", step, strerror(errno));
		goto out;
	}
	/* trust no call: what the kernel holds now, each */
	if (getuid() != u->uid || geteuid() != u->uid)
		snprintf(err, SK_ERRLEN, "the uid is not %lu after setuid",
		    (unsigned long)u->uid);
	else if (getgid() != u->gid || getegid() != u->gid)
		snprintf(err, SK_ERRLEN, "the gid is not %lu after setgid",
		    (unsigned long)u->gid);
	else if (user_groups_are(groups, n, err) == -1)
		;
	else if (setuid(0) != -1)
		snprintf(err, SK_ERRLEN, "setuid(0) works after the drop");
	else if (u->gid != 0 && setgid(0) != -1)
		snprintf(err, SK_ERRLEN, "setgid(0) works after the drop");
	else
		rc = user_env(u, err);
out:
	free(groups);
	return rc;
}
