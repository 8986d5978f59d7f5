/*
 * net/rawsock.c: portscan -sS's raw sockets and their filters
 * (rawsock.h).  Linux only: elsewhere raw_open fails with EOPNOTSUPP.
 */
#ifdef __linux__
#define _GNU_SOURCE		/* SOCK_NONBLOCK, SO_ATTACH_FILTER */
#endif
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#ifdef __linux__
#include <linux/filter.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "net/rawsock.h"

#define RAW_RCVBUF	(8 << 20)	/* answers of a burst, unread */

#ifdef __linux__
#define ST(c, k)	{ (unsigned short)(c), 0, 0, (unsigned int)(k) }
#define JEQ(k, t, f)	{ BPF_JMP | BPF_JEQ | BPF_K, (t), (f), (unsigned)(k) }
#define JSET(k, t, f)	{ BPF_JMP | BPF_JSET | BPF_K, (t), (f), (unsigned)(k) }

/*
 * The filters; port (our source port) is patched into each JEQ marked
 * PORT.  A TCP segment to us with RST (answering a SYN or an ACK), or
 * with SYN and ACK; an echo or timestamp reply with our port as its
 * identifier; an ICMP destination unreachable quoting TCP from us (an
 * IPv4 quote of 20 bytes: the options a SYN of ours never has).
 */
#define PORT	0xffff0000u
static const struct sock_filter f_tcp4[] = {
	ST(BPF_LDX | BPF_B | BPF_MSH, 0),	/* x = IPv4 header's length */
	ST(BPF_LD | BPF_H | BPF_IND, 2),	/* its destination port */
	JEQ(PORT, 0, 5),
	ST(BPF_LD | BPF_B | BPF_IND, 13),	/* its flags */
	JSET(0x04, 2, 0),			/* RST */
	ST(BPF_ALU | BPF_AND | BPF_K, 0x12),
	JEQ(0x12, 0, 1),			/* SYN and ACK */
	ST(BPF_RET | BPF_K, 0xffff),
	ST(BPF_RET | BPF_K, 0),
};
static const struct sock_filter f_icmp4[] = {
	ST(BPF_LDX | BPF_B | BPF_MSH, 0),
	ST(BPF_LD | BPF_B | BPF_IND, 0),	/* ICMP type */
	JEQ(0, 1, 0),				/* echo reply */
	JEQ(14, 0, 2),				/* timestamp reply */
	ST(BPF_LD | BPF_H | BPF_IND, 4),	/* its identifier */
	JEQ(PORT, 5, 6),
	JEQ(3, 0, 5),				/* destination unreachable */
	ST(BPF_LD | BPF_B | BPF_IND, 8 + 9),	/* the quote's protocol */
	JEQ(6, 0, 3),
	ST(BPF_LD | BPF_H | BPF_IND, 8 + 20),	/* the quote's source port */
	JEQ(PORT, 0, 1),
	ST(BPF_RET | BPF_K, 0xffff),
	ST(BPF_RET | BPF_K, 0),
};
/* IPv6 raw sockets see what follows the IPv6 header */
static const struct sock_filter f_tcp6[] = {
	ST(BPF_LD | BPF_H | BPF_ABS, 2),
	JEQ(PORT, 0, 5),
	ST(BPF_LD | BPF_B | BPF_ABS, 13),
	JSET(0x04, 2, 0),
	ST(BPF_ALU | BPF_AND | BPF_K, 0x12),
	JEQ(0x12, 0, 1),
	ST(BPF_RET | BPF_K, 0xffff),
	ST(BPF_RET | BPF_K, 0),
};
static const struct sock_filter f_icmp6[] = {
	ST(BPF_LD | BPF_B | BPF_ABS, 0),
	JEQ(129, 0, 2),				/* echo reply */
	ST(BPF_LD | BPF_H | BPF_ABS, 4),
	JEQ(PORT, 5, 6),
	JEQ(1, 0, 5),				/* destination unreachable */
	ST(BPF_LD | BPF_B | BPF_ABS, 8 + 6),	/* the quote's next header */
	JEQ(6, 0, 3),
	ST(BPF_LD | BPF_H | BPF_ABS, 8 + 40),
	JEQ(PORT, 0, 1),
	ST(BPF_RET | BPF_K, 0xffff),
	ST(BPF_RET | BPF_K, 0),
};

static const struct {
	int			 family, proto;
	const struct sock_filter *f;
	size_t			 n;
} raws[RAW_N] = {
	{ AF_INET, IPPROTO_TCP, f_tcp4, sizeof(f_tcp4) / sizeof(f_tcp4[0]) },
	{ AF_INET, IPPROTO_ICMP, f_icmp4,
	    sizeof(f_icmp4) / sizeof(f_icmp4[0]) },
	{ AF_INET6, IPPROTO_TCP, f_tcp6, sizeof(f_tcp6) / sizeof(f_tcp6[0]) },
	{ AF_INET6, IPPROTO_ICMPV6, f_icmp6,
	    sizeof(f_icmp6) / sizeof(f_icmp6[0]) },
};

/* Raw socket i, filtered for lport.  Returns it, or -1 with errno. */
static int
raw_one(int i, uint16_t lport)
{
	struct sock_filter f[16];
	struct sock_fprog prog;
	size_t k;
	int fd, v = RAW_RCVBUF, off = 16, save_errno;

	if ((fd = socket(raws[i].family, SOCK_RAW | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, raws[i].proto)) == -1)
		return -1;
	for (k = 0; k < raws[i].n; k++) {
		f[k] = raws[i].f[k];
		if (f[k].k == PORT)
			f[k].k = lport;
	}
	prog.len = (unsigned short)raws[i].n;
	prog.filter = f;
	/* the kernel works out a TCP checksum over IPv6 (offset 16) */
	if ((raws[i].proto == IPPROTO_TCP && raws[i].family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_CHECKSUM, &off,
	    sizeof(off)) == -1) ||
	    setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof(prog)) == -1) {
		save_errno = errno;
		(void)close(fd);
		errno = save_errno;
		return -1;
	}
	/*
	 * IPv4: DF on, as the kernel's own TCP sends a SYN, so that it
	 * writes 0 in the IP ID rather than draw one from its shared
	 * generator (__ip_select_ident: a tenth of a sweep's CPU); a probe
	 * is far below any MTU.  Without it, the kernel's choice stands.
	 */
	v = IP_PMTUDISC_DO;
	if (raws[i].family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &v, sizeof(v));
	v = RAW_RCVBUF;
	/* past rmem_max where the capability allows, else up to it */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) == -1)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	return fd;
}

/*
 * The raw sockets of the families asked for (v4, v6), filtered for
 * answers to lport (and echo replies with lport as their identifier,
 * for host discovery).  Returns 0, or -1 with errno (EPERM: no
 * CAP_NET_RAW), none left open.
 */
int
raw_open(struct rawsock *rs, int v4, int v6, uint16_t lport)
{
	int i, save_errno;

	for (i = 0; i < RAW_N; i++)
		rs->fd[i] = -1;
	for (i = 0; i < RAW_N; i++) {
		if ((raws[i].family == AF_INET ? v4 : v6) == 0)
			continue;
		if ((rs->fd[i] = raw_one(i, lport)) == -1) {
			save_errno = errno;
			raw_close(rs);
			errno = save_errno;
			return -1;
		}
	}
	return 0;
}
#else
int
raw_open(struct rawsock *rs, int v4, int v6, uint16_t lport)
{
	int i;

	(void)v4;
	(void)v6;
	(void)lport;
	for (i = 0; i < RAW_N; i++)
		rs->fd[i] = -1;
	errno = EOPNOTSUPP;
	return -1;
}
#endif

void
raw_close(struct rawsock *rs)
{
	int i;

	for (i = 0; i < RAW_N; i++) {
		if (rs->fd[i] != -1)
			(void)close(rs->fd[i]);
		rs->fd[i] = -1;
	}
}

/*
 * The source address the route to dst gives, into src: a raw socket of
 * IPPROTO_RAW connected, which sends nothing and is given nothing; *fd
 * keeps it for the next call (-1: none yet; the caller closes it).  Its
 * connect is the route lookup alone: a UDP socket's also moved it in
 * the port tables, twice, which cost a sweep of one port on each host
 * three quarters of its sends' time (issue 62, item 5).  Returns 0, or
 * -1 with errno.
 */
int
raw_source(int *fd, const struct sockaddr *dst, socklen_t len,
    struct sockaddr_storage *src)
{
	struct sockaddr un;
	socklen_t sl = sizeof(*src);

	if (*fd == -1 && (*fd = socket(dst->sa_family, SOCK_RAW |
	    SOCK_CLOEXEC, IPPROTO_RAW)) == -1)
		return -1;
	/*
	 * Dissolved first (AF_UNSPEC), the socket drops the source of the
	 * last route, and connected again takes the new one's.
	 */
	memset(&un, 0, sizeof(un));
	un.sa_family = AF_UNSPEC;
	(void)connect(*fd, &un, sizeof(un));
	if (connect(*fd, dst, len) == -1)
		return -1;
	return getsockname(*fd, (struct sockaddr *)src, &sl);
}

/*
 * An unprivileged ICMP (family AF_INET) or ICMPv6 datagram socket,
 * non-blocking: it sends echo requests, the kernel setting their
 * identifier, and reads the replies to them alone.  Returns it, or -1
 * with errno (EACCES: net.ipv4.ping_group_range, which governs both
 * families, leaves our group out; EPROTONOSUPPORT: no such socket).
 */
int
raw_ping(int family)
{
#ifdef __linux__
	return socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
#else
	(void)family;
	errno = EPROTONOSUPPORT;
	return -1;
#endif
}
