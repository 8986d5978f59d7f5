/*
 * sockt.h: the base header every file may include: the version, the exit
 * statuses and the sizes of the buffers modules pass each other.  It
 * declares no function, so a pure parser that includes it alone shows in
 * its includes that it does no I/O.
 *
 * The layers, from the top (a file includes headers of its own layer and
 * the layers below, never above):
 *   commands         cmd_*.c, sockt.c (cmd.h): options, policy, messages;
 *                    the only code that prints (through msg.h) or decides
 *                    an exit status
 *   command helpers  msg.c, opt.c, relayopt.c, server_say.c, output.c,
 *                    progress.c: shared by several commands, may print
 *                    for them
 *   core             net.c, io.c, clock.c, server.c, scan.c, httpc.c,
 *                    listen_exec.c: I/O that never prints and never
 *                    exits; it returns -1 with errno kept, and where a
 *                    sentence helps fills an SK_ERRLEN buffer
 *                    ("127.0.0.1 port 9: Connection refused")
 *   pure parsers     addr.c, num.c, cidr.c, portlist.c, target.c, url.c,
 *                    http.c, hello.c, shard.c, hex.c: no I/O at all,
 *                    linked directly by the unit tests and fuzz harnesses
 * The one exception: a child the core forks (a server's connection, a
 * scan worker) ends with _exit, as a forked child must (server.h).
 */
#ifndef SOCKT_H
#define SOCKT_H

#define SOCKT_VERSION	"0.1.0"

/* Exit statuses, the same for every command. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* network or runtime failure */
#define EXIT_USAGE	2	/* bad command line */

#define SK_ERRLEN	256	/* size of every error buffer */
#define SK_HOSTLEN	1025	/* NI_MAXHOST */
#define SK_PORTLEN	64	/* a port number or a service name */

#endif /* SOCKT_H */
