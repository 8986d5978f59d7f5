/*
 * util/base.h: what every layer shares and no layer owns: sockt's
 * version and the sizes of the buffers modules pass each other.  It
 * declares no function, so a pure parser that includes it alone shows in
 * its includes that it does no I/O.
 *
 * The layers are the folders of src/ (src/README draws them and
 * tests/t0006-layers.sh holds the code to them): main (src/sockt.c) on
 * top, over cmd/, over cli/, over the engine (net/, http/, scan/ ...: I/O
 * that never prints and never exits; it returns -1 with errno kept, or
 * fills an SK_ERRLEN buffer with a sentence such as "127.0.0.1 port 9:
 * Connection refused"), over parse/ (no I/O at all) and util/.  A file
 * includes headers of its own folder and those below, never above; -1
 * means a failure everywhere.  The exit statuses are the commands'
 * (cmd/cmd.h).
 */
#ifndef UTIL_BASE_H
#define UTIL_BASE_H

#define SOCKT_VERSION	"0.2.0"

#define SK_ERRLEN	256	/* size of every error buffer */
#define SK_HOSTLEN	1025	/* NI_MAXHOST */
#define SK_PORTLEN	64	/* a port number or a service name */

#endif /* UTIL_BASE_H */
