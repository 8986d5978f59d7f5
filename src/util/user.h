/*
 * util/user.h: the user a server started as root runs as once its
 * sockets are bound (--user of listen, serve-hello and udp-serve), as
 * socat's su= and inetd's user field: the user's entry looked up before
 * anything is bound, and after binding the process dropped to it for
 * good.  Never prints, never exits: -1 with a sentence in err
 * (SK_ERRLEN bytes).
 *
 * user_find: NAME's entry of the user database (getpwnam; a number that
 * names no user is looked up as a uid, getpwuid) into u: the uid, the
 * primary gid, and what a program's environment says of the user.
 * Returns 0, or -1 with err ("no such user").
 *
 * user_drop: the process becomes u for good: the supplementary groups
 * set to the user's (getgrouplist, setgroups), then setgid, then setuid,
 * in that order; then each is checked (getuid, geteuid, getgid, getegid,
 * the group list) and root must be out of reach (setuid(0), and
 * setgid(0) unless 0 is the user's group, now fail).  Once it holds,
 * HOME, USER, LOGNAME and SHELL in the environment are the user's, as
 * su and runuser set them, so a program started later sees them.  When
 * the process is u already (its real and effective uid are u's) only
 * the environment changes.  Returns 0, or -1 with err ("setgroups:
 * Operation not permitted"); after a failure the process may be half
 * dropped and must not serve.
 */
#ifndef UTIL_USER_H
#define UTIL_USER_H

#include <sys/types.h>

#define USER_NAMELEN	256	/* a user name, with its NUL */
#define USER_PATHLEN	1024	/* a home directory or a shell */

struct user_id {
	char	 name[USER_NAMELEN];	/* "" for none: no --user */
	uid_t	 uid;
	gid_t	 gid;
	char	 home[USER_PATHLEN];
	char	 shell[USER_PATHLEN];
};

int	user_find(const char *name, struct user_id *u, char *err);
int	user_drop(const struct user_id *u, char *err);

#endif /* UTIL_USER_H */
