/*
 * net/mcast_io.c: multicast joins for a UDP listener and a sender's
 * multicast and broadcast options (mcast_io.h), on the socket: the
 * spellings are parse/mcast.c's.
 *
 * An IPv4 join goes by the oldest options, IP_ADD_MEMBERSHIP and its
 * kin, where the interface is an address or the system's choice, and by
 * RFC 3678's protocol-independent MCAST_JOIN_* where it is an index:
 * the old IPv4 options name an interface by address only.  An IPv6 join
 * always goes by MCAST_JOIN_*.
 */
#define _DEFAULT_SOURCE		/* ip_mreq, group_req, which headers may hide */
#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "net/mcast_io.h"
#include "parse/mcast.h"
#include "util/base.h"

/* Linux's, where the headers are older than the kernel (4.20) */
#if defined(__linux__) && !defined(IPV6_MULTICAST_ALL)
#define IPV6_MULTICAST_ALL	29
#endif

/* err = "WHAT LABEL: strerror(errno)", errno kept; returns -1. */
static int
mc_fail(char *err, const char *what, const char *label)
{
	int save_errno = errno;

	snprintf(err, SK_ERRLEN, "%s %s: %s", what, label,
	    strerror(save_errno));
	errno = save_errno;
	return -1;
}

/*
 * The index of interface ifc, looked up by name now; 0 for none given.
 * Returns 0, or -1 with errno (ENODEV for a name no interface has).
 */
static int
mc_ifindex(const struct mcast_if *ifc, unsigned int *index)
{
	*index = 0;
	if (ifc->kind == MCAST_IF_INDEX)
		*index = ifc->index;
	else if (ifc->kind == MCAST_IF_NAME &&
	    (*index = if_nametoindex(ifc->name)) == 0) {
		if (errno == 0 || errno == ENXIO)
			errno = ENODEV;
		return -1;
	}
	return 0;
}

/* ss, a sockaddr_storage, as the address a (4 or 16 bytes) of family af */
static void
mc_sockaddr(struct sockaddr_storage *ss, int af, const unsigned char *a)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)af;
	if (af == AF_INET)
		memcpy(&((struct sockaddr_in *)(void *)ss)->sin_addr, a, 4);
	else
		memcpy(&((struct sockaddr_in6 *)(void *)ss)->sin6_addr, a, 16);
}

/*
 * Can fd take m's group: is it of the group's family, or a dual-stack
 * IPv6 socket for an IPv4 group?  Returns 0, or -1 with errno and err
 * (EAFNOSUPPORT: it cannot).
 */
static int
mc_family(int fd, const struct mcast_spec *m, char *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int v6only = 0;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return mc_fail(err, "join", m->label);
	len = sizeof(v6only);
	if (ss.ss_family == AF_INET6 && m->family == AF_INET &&
	    getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &len) == -1)
		return mc_fail(err, "join", m->label);
	if ((ss.ss_family == AF_INET && m->family == AF_INET6) || v6only) {
		snprintf(err, SK_ERRLEN, "join %s: an IPv%c group on an "
		    "IPv%c%s socket", m->label, m->family == AF_INET ? '4' :
		    '6', ss.ss_family == AF_INET ? '4' : '6',
		    v6only ? "-only" : "");
		errno = EAFNOSUPPORT;
		return -1;
	}
	return 0;
}

/*
 * Join m's group on interface index (0: the system's choice) by RFC
 * 3678's MCAST_JOIN_GROUP or MCAST_JOIN_SOURCE_GROUP at level
 * (IPPROTO_IP, IPPROTO_IPV6); what mcast_join returns.
 */
static int
mc_join_rfc3678(int fd, int level, const struct mcast_spec *m,
    unsigned int index)
{
	struct group_source_req gsr;
	struct group_req gr;

	if (!m->has_source) {
		memset(&gr, 0, sizeof(gr));
		gr.gr_interface = index;
		mc_sockaddr(&gr.gr_group, m->family, m->group);
		return setsockopt(fd, level, MCAST_JOIN_GROUP, &gr,
		    sizeof(gr));
	}
	memset(&gsr, 0, sizeof(gsr));
	gsr.gsr_interface = index;
	mc_sockaddr(&gsr.gsr_group, m->family, m->group);
	mc_sockaddr(&gsr.gsr_source, m->family, m->source);
	return setsockopt(fd, level, MCAST_JOIN_SOURCE_GROUP, &gsr,
	    sizeof(gsr));
}

/*
 * Join an IPv4 group on the interface of an address (or the system's
 * choice) by the old options, which take an address; what mcast_join
 * returns.
 */
static int
mc_join4(int fd, const struct mcast_spec *m)
{
	struct ip_mreq_source mrs;
	struct ip_mreq mr;

	/* the interface's address, or INADDR_ANY (zero bytes) */
	if (!m->has_source) {
		memset(&mr, 0, sizeof(mr));
		memcpy(&mr.imr_multiaddr, m->group, 4);
		memcpy(&mr.imr_interface, m->ifc.addr, 4);
		return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mr,
		    sizeof(mr));
	}
	memset(&mrs, 0, sizeof(mrs));
	memcpy(&mrs.imr_multiaddr, m->group, 4);
	memcpy(&mrs.imr_interface, m->ifc.addr, 4);
	memcpy(&mrs.imr_sourceaddr, m->source, 4);
	return setsockopt(fd, IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, &mrs,
	    sizeof(mrs));
}

int
mcast_join(int fd, const struct mcast_spec *m, char *err)
{
	unsigned int index;
	int off = 0;

	if (mc_family(fd, m, err) == -1)
		return -1;
	if (mc_ifindex(&m->ifc, &index) == -1)
		return mc_fail(err, "join", m->label);
	if ((m->family == AF_INET6 ? mc_join_rfc3678(fd, IPPROTO_IPV6, m,
	    index) : m->ifc.kind == MCAST_IF_ANY ||
	    m->ifc.kind == MCAST_IF_ADDR ? mc_join4(fd, m) :
	    mc_join_rfc3678(fd, IPPROTO_IP, m, index)) == -1)
		return mc_fail(err, "join", m->label);
#if defined(__linux__)
	/* the groups of this socket only; a kernel without the option
	 * (IPv6's before 4.20) delivers as it always did */
	if (m->family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_MULTICAST_ALL, &off,
		    sizeof(off));
	else
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, &off,
		    sizeof(off));
#else
	(void)off;
#endif
	return 0;
}

/* ifc in words, for messages: its address, name or index */
static void
mc_if_label(const struct mcast_if *ifc, char *buf, size_t size)
{
	if (ifc->kind == MCAST_IF_ADDR) {
		if (inet_ntop(AF_INET, ifc->addr, buf, (socklen_t)size) == NULL)
			snprintf(buf, size, "?");
	} else if (ifc->kind == MCAST_IF_NAME)
		snprintf(buf, size, "%s", ifc->name);
	else
		snprintf(buf, size, "%u", ifc->index);
}

/*
 * IP_MULTICAST_IF or IPV6_MULTICAST_IF on s, for a destination of
 * family af.  Returns 0, or -1 with errno and err.
 */
static int
mc_send_if(int s, int af, const struct mcast_if *ifc, char *err)
{
	char label[INET6_ADDRSTRLEN];
	unsigned int index;
	struct in_addr a;
	int rc;

	mc_if_label(ifc, label, sizeof(label));
	if (af == AF_INET6 && ifc->kind == MCAST_IF_ADDR) {
		snprintf(err, SK_ERRLEN, "multicast interface %s: an IPv4 "
		    "address names no interface for IPv6; give its name or "
		    "index", label);
		errno = EAFNOSUPPORT;
		return -1;
	}
	if (mc_ifindex(ifc, &index) == -1)
		return mc_fail(err, "multicast interface", label);
	if (af == AF_INET6)
		rc = setsockopt(s, IPPROTO_IPV6, IPV6_MULTICAST_IF, &index,
		    sizeof(index));
	else if (ifc->kind == MCAST_IF_ADDR) {
		memcpy(&a, ifc->addr, 4);
		rc = setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof(a));
	} else {
#if defined(__linux__)
		struct ip_mreqn mr;

		memset(&mr, 0, sizeof(mr));
		mr.imr_ifindex = (int)index;
		rc = setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &mr,
		    sizeof(mr));
#else
		/* the BSDs name an IPv4 interface by its address alone */
		errno = EOPNOTSUPP;
		rc = -1;
#endif
	}
	return rc == -1 ? mc_fail(err, "multicast interface", label) : 0;
}

int
mcast_prep(int s, const struct sockaddr *to, void *arg, char *err)
{
	const struct mcast_send *o = arg;
	const unsigned char *a;
	char what[32];
	int af = to->sa_family, group, on = 1, v, rc;
	unsigned char c;

	if (af == AF_INET)
		a = (const unsigned char *)
		    &((const struct sockaddr_in *)(const void *)to)->sin_addr;
	else
		a = ((const struct sockaddr_in6 *)(const void *)to)->
		    sin6_addr.s6_addr;
	group = mcast_is_group(af, a);
	if (o->broadcast && setsockopt(s, SOL_SOCKET, SO_BROADCAST, &on,
	    sizeof(on)) == -1)
		return mc_fail(err, "broadcast", "(SO_BROADCAST)");
	if (o->ifc != NULL && mc_send_if(s, af, o->ifc, err) == -1)
		return -1;
	if (o->loop != -1) {
		/* IPv4 takes a byte on some systems, an int on Linux */
		v = o->loop;
		c = (unsigned char)o->loop;
		rc = af == AF_INET6 ? setsockopt(s, IPPROTO_IPV6,
		    IPV6_MULTICAST_LOOP, &v, sizeof(v)) :
		    setsockopt(s, IPPROTO_IP, IP_MULTICAST_LOOP, &c, sizeof(c));
		if (rc == -1)
			return mc_fail(err, "multicast loop", o->loop ? "on" :
			    "off");
	}
	if (o->ttl == -1)
		return 0;
	snprintf(what, sizeof(what), "%d", o->ttl);
	if (!group && o->ttl == 0) {
		snprintf(err, SK_ERRLEN, "TTL 0: only for a multicast group");
		errno = EINVAL;
		return -1;
	}
	v = o->ttl;
	c = (unsigned char)o->ttl;
	if (af == AF_INET6)
		rc = setsockopt(s, IPPROTO_IPV6, group ? IPV6_MULTICAST_HOPS :
		    IPV6_UNICAST_HOPS, &v, sizeof(v));
	else if (group)
		rc = setsockopt(s, IPPROTO_IP, IP_MULTICAST_TTL, &c, sizeof(c));
	else
		rc = setsockopt(s, IPPROTO_IP, IP_TTL, &v, sizeof(v));
	return rc == -1 ? mc_fail(err, "TTL", what) : 0;
}
