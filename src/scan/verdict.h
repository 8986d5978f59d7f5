/*
 * scan/verdict.h: what a probe's socket says about the port, for TCP
 * (scan/probe.c) and UDP (scan/udp.c) alike: the errno-to-state table,
 * the self-connect that makes a port look open when it is closed, and
 * the proof of a connection that a SO_ERROR of 0 is not.
 * Neither half of the engine calls the other for these.
 */
#ifndef SCAN_VERDICT_H
#define SCAN_VERDICT_H

#include <sys/types.h>
#include <sys/socket.h>

int	scan_verdict(int proto, int e);
int	scan_self_connected(int fd, const struct sockaddr *to);
int	scan_tcp_connected(int fd, const struct sockaddr *to);

#endif /* SCAN_VERDICT_H */
