/*
 * cmd/connect/zscan.h: connect -z over several ports, as nc -z scans
 * them (zscan.c).  Part of the command: private to the connect*.c files.
 *
 * connect_zscan_wants says whether the operands (host then ports) name
 * more than one port (a list, a range, more words); connect_zscan dials
 * each of ports[0 .. n - 1] (port lists: 1-100, 22,80) on host in turn,
 * each result a line with verbose (nc's words), and returns how many
 * were open, or -1 with err for a bad list (before any dial).
 */
#ifndef CONNECT_ZSCAN_H
#define CONNECT_ZSCAN_H

struct net_opts;

int	connect_zscan_wants(int argc, char *const argv[]);
int	connect_zscan(const char *host, char *const ports[], int n,
	    const struct net_opts *no, int verbose, char *err);

#endif /* CONNECT_ZSCAN_H */
