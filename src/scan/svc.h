/*
 * scan/svc.h: the services database (getservent: /etc/services) read
 * once into a table by port for TCP and one for UDP, NULL where it
 * names none: a scan names every port it shows, and one getservbyport
 * a port is slow.  And a service name as a port, for a port list.
 * The tables are the caller's, zeroed by the loader: a scan is its
 * process's one command, so nobody writes them over with zeros, and the
 * names are kept till the process ends.  Clearing the tables, or a loop
 * that freed the names, touched all 1 MiB, a page fault a page (256),
 * where the names touch some 40 pages.
 */
#ifndef SCAN_SVC_H
#define SCAN_SVC_H

#define SCAN_SVC_PORTS	65536	/* entries of each table */

void	scan_svc_load(char **tcp, char **udp);
int	scan_svc_port(const char *name, void *arg);

#endif /* SCAN_SVC_H */
