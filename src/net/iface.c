/*
 * iface.c: a dial's socket bound to curl's --interface (net.h,
 * net_opts.iface), as curl 7.88 binds it (lib/cf-socket.c, bindlocal):
 * "if!NAME" an interface only, "host!NAME" a host name or address only,
 * a bare word first as an interface and then as a host.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <ifaddrs.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "net/net.h"
#include "util/base.h"

/*
 * The first address of family on the interface named dev into ss: 1,
 * 0 when no interface has that name, -1 when it has no address of the
 * family (curl then tries the dial's next address), or on a failure.
 */
static int
iface_addr(const char *dev, int family, struct sockaddr_storage *ss,
    socklen_t *len)
{
	struct ifaddrs *ifs, *i;
	int rc = 0;

	if (getifaddrs(&ifs) == -1)
		return -1;
	for (i = ifs; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL || strcmp(i->ifa_name, dev) != 0)
			continue;
		if (i->ifa_addr->sa_family != family) {
			if (rc == 0)
				rc = -1;
			continue;
		}
		*len = family == AF_INET ? sizeof(struct sockaddr_in) :
		    sizeof(struct sockaddr_in6);
		memcpy(ss, i->ifa_addr, *len);
		rc = 1;
		break;
	}
	freeifaddrs(ifs);
	return rc;
}

/*
 * Bind s (of family) to spec.  0, or -1 with errno and err in curl's
 * words; an address of another family only: -1 with err empty and
 * errno EAFNOSUPPORT, so that the dial tries its next address (curl).
 */
int
net_bind_iface(int s, int family, const char *spec, char *err)
{
	struct sockaddr_storage ss;
	struct addrinfo hints, *res;
	socklen_t len = 0;
	const char *dev = spec;
	int as_if = 0, as_host = 0, rc = 0;

	err[0] = '\0';
	if (strncmp(dev, "if!", 3) == 0) {
		dev += 3;
		as_if = 1;
	} else if (strncmp(dev, "host!", 5) == 0) {
		dev += 5;
		as_host = 1;
	}
	if (!as_host) {
#ifdef SO_BINDTODEVICE
		/* as root, or with CAP_NET_RAW: the device itself */
		if (setsockopt(s, SOL_SOCKET, SO_BINDTODEVICE, dev,
		    (socklen_t)strlen(dev) + 1) == 0)
			return 0;
#endif
		if ((rc = iface_addr(dev, family, &ss, &len)) == -1) {
			errno = EAFNOSUPPORT;
			return -1;
		}
		if (rc == 0 && as_if) {
			snprintf(err, SK_ERRLEN, "Couldn't bind to interface "
			    "'%.200s'", dev);
			errno = EADDRNOTAVAIL;
			return -1;
		}
	}
	if (rc == 0) {
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		if (getaddrinfo(dev, NULL, &hints, &res) != 0) {
			snprintf(err, SK_ERRLEN, "Couldn't bind to '%.200s'",
			    dev);
			errno = EADDRNOTAVAIL;
			return -1;
		}
		/* curl takes the name's first address, of its family */
		if (res->ai_family != family) {
			freeaddrinfo(res);
			errno = EAFNOSUPPORT;
			return -1;
		}
		len = res->ai_addrlen;
		memcpy(&ss, res->ai_addr, len);
		freeaddrinfo(res);
	}
	if (bind(s, (struct sockaddr *)&ss, len) == -1) {
		rc = errno;
		snprintf(err, SK_ERRLEN, "bind failed with errno %d: %s", rc,
		    strerror(rc));
		errno = rc;
		return -1;
	}
	return 0;
}
