/*
 * sockt.h: the base header every file may include: the version, the exit
 * statuses and the sizes of the buffers modules pass each other.  It
 * declares no function, so a pure parser that includes it alone shows in
 * its includes that it does no I/O.
 *
 * The layers are the folders of src/ (src/README draws them and
 * tests/t0006-layers.sh holds the code to them): cmd/ over cli/ over the
 * engine (net/, http/, scan/: I/O that never prints and never exits; it
 * returns -1 with errno kept, or fills an SK_ERRLEN buffer with a
 * sentence such as "127.0.0.1 port 9: Connection refused") over parse/
 * (no I/O at all) and util/.  A file includes headers of its own folder
 * and those below, never above.
 */
#ifndef SOCKT_H
#define SOCKT_H

#define SOCKT_VERSION	"0.2.0"

/* Exit statuses, the same for every command. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* network or runtime failure */
#define EXIT_USAGE	2	/* bad command line */

/*
 * The one contract of a command-layer step (cmd/, cli/): it returns
 * SK_CONTINUE to go on, else the exit status to return, having said why.
 * The caller passes a status on unchanged:
 *
 *	if ((rc = step(...)) != SK_CONTINUE)
 *		return rc;
 *
 * Exit statuses are never negative, so the two cannot be confused.
 */
#define SK_CONTINUE	(-1)

#define SK_ERRLEN	256	/* size of every error buffer */
#define SK_HOSTLEN	1025	/* NI_MAXHOST */
#define SK_PORTLEN	64	/* a port number or a service name */

#endif /* SOCKT_H */
