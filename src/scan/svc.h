/*
 * scan/svc.h: the services database (getservent: /etc/services) read
 * once into a table by port for TCP and one for UDP, NULL where it
 * names none: a scan names every port it shows, and one getservbyport
 * a port is slow.  And a service name as a port, for a port list.
 * The names are the process's till it ends: a scan is a process's one
 * command, and a loop that freed them read both 512 KiB tables, a page
 * fault a page (256 of them), where the names touch some 40 pages.
 */
#ifndef SCAN_SVC_H
#define SCAN_SVC_H

#define SCAN_SVC_PORTS	65536	/* entries of each table */

void	scan_svc_load(char **tcp, char **udp);
int	scan_svc_port(const char *name, void *arg);

#endif /* SCAN_SVC_H */
