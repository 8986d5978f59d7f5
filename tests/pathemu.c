/*
 * pathemu.c: a network path for the tests (issue 47, item 7): two network
 * namespaces of its own joined by a userspace delay line over TUN, with a
 * one-way delay, jitter, loss, reordering and a rate limit per direction.
 * These machines have no netem qdisc and no veth; TUN devices work.
 *
 * usage: pathemu [-q] [-m mtu] [-o statsfile] [-S seed] [-t secs]
 *		  [-p spec] [-c spec] [-s spec]
 *
 *   -p spec	both directions (applied first)
 *   -c spec	client to server only (on top of -p)
 *   -s spec	server to client only (on top of -p)
 *   spec	key=value,...:
 *		delay=MS	one-way delay (decimals allowed)
 *		jitter=MS	each packet's delay drawn uniformly in
 *				delay +- jitter (never below 0); packets keep
 *				their order (each departs no earlier than the
 *				one before it), as on a real link
 *		loss=PCT	packets lost at random
 *		burst=N		losses come in bursts of N packets on
 *				average (Gilbert model), the mean rate still
 *				loss=PCT; 1 (the default): independent
 *		reorder=PCT	packets held back gap ms more than the rest,
 *				so that those behind them overtake them
 *		gap=MS		how long (default 10)
 *		rate=BYTES	bytes a second through a queue (k, M: 10^3,
 *				10^6); 0 (the default): no limit
 *		queue=BYTES	the queue before the rate limit (default
 *				100 ms of the rate, at least 32k); a packet
 *				that does not fit is dropped at the tail
 *   -m mtu	both TUN devices' MTU (default 1500)
 *   -o file	write the counters there at the end (see below)
 *   -q		no counters on stderr at the end
 *   -S seed	the random generator's seed (default 1): the same packets
 *		meet the same fates
 *   -t secs	lifetime (default 300): then everything is torn down
 *
 * It forks two children that each unshare(CLONE_NEWNET), bring their
 * loopback up, make a TUN device "pe0" (IFF_NO_PI: bare IP packets) with
 * the given MTU and an address, and pass its descriptor back over a
 * socketpair.  Then they wait on that socket: when pathemu ends, for any
 * reason, the socket closes (and PR_SET_PDEATHSIG kills them besides), so
 * the namespaces die with it unless the caller left processes in them.
 *
 *   client namespace: pe0 198.18.0.1/15, 2001:db8::1/64
 *   server namespace: pe0 198.18.0.2/15, 2001:db8::2/64
 *
 * (the benchmarking and documentation ranges; more server addresses can
 * be added to the server's lo from the same prefixes).  When both are up
 * it prints one line on stdout:
 *
 *   pathemu ready client PID server PID
 *
 * and runs `nsenter -t PID -n CMD` in either namespace.  Packets are
 * forwarded byte for byte (checksums untouched); nothing is made up.
 * SIGTERM, SIGINT, SIGHUP or the lifetime end it; the counters, one line a
 * direction ("c2s" and "s2c"):
 *
 *   c2s in N out N lost N qdrop N reordered N bytes N werr N lossruns N
 *
 * (qdrop: dropped at the rate's queue; werr: failed writes; lossruns:
 * runs of consecutive losses, so lost / lossruns is the mean burst)
 * Each direction is a binary heap of packets keyed by departure time
 * (then arrival order); one thread waits in ppoll() with a nanosecond
 * timeout for the next departure or a packet.
 */
#define _GNU_SOURCE
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <net/if.h>
#include <netinet/in.h>

#include <linux/if_tun.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEVNAME	"pe0"
#define MAXQUEUED (256u << 20)	/* bytes held by the delay line at most */
#define BATCH	256		/* packets read from a device per wakeup */

struct spec {
	double	delay, jitter, loss, burst, reorder, gap;	/* ms, % */
	double	rate, queue;					/* bytes */
};

struct pkt {
	uint64_t	 when, seq;
	size_t		 len;
	unsigned char	*data;
};

struct dir {
	struct spec	 sp;
	struct pkt	*heap;
	size_t		 n, cap;
	uint64_t	 rng, last, busy, seq;
	int		 bad;		/* Gilbert: in a loss burst */
	int		 waslost;	/* the packet before was lost */
	int		 in, out;	/* descriptors read and written */
	unsigned long	 c_in, c_out, c_lost, c_qdrop, c_reord, c_bytes;
	unsigned long	 c_werr, c_runs;
};

static volatile sig_atomic_t stop;
static size_t queued;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* splitmix64: small, good enough, and the same everywhere */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* uniform in [0, 1) */
static double
rng_unit(uint64_t *s)
{
	return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

static int
parse_num(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (end == s || errno != 0 || *v < 0)
		return -1;
	if (*end == 'k' || *end == 'K')
		*v *= 1e3, end++;
	else if (*end == 'M')
		*v *= 1e6, end++;
	return *end == '\0' ? 0 : -1;
}

/* parse "key=value,..." onto sp; -1 on a bad spec */
static int
parse_spec(const char *arg, struct spec *sp)
{
	static const struct {
		const char	*key;
		size_t		 off;
	} keys[] = {
		{ "delay", offsetof(struct spec, delay) },
		{ "jitter", offsetof(struct spec, jitter) },
		{ "loss", offsetof(struct spec, loss) },
		{ "burst", offsetof(struct spec, burst) },
		{ "reorder", offsetof(struct spec, reorder) },
		{ "gap", offsetof(struct spec, gap) },
		{ "rate", offsetof(struct spec, rate) },
		{ "queue", offsetof(struct spec, queue) },
	};
	char buf[512], *tok, *save, *eq;
	size_t i;
	double v;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	memcpy(buf, arg, strlen(arg) + 1);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(tok, '=')) == NULL)
			return -1;
		*eq++ = '\0';
		if (parse_num(eq, &v) == -1)
			return -1;
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (strcmp(tok, keys[i].key) == 0)
				break;
		if (i == sizeof(keys) / sizeof(keys[0]))
			return -1;
		if ((strcmp(tok, "loss") == 0 || strcmp(tok, "reorder") == 0) &&
		    v > 100)
			return -1;
		if (strcmp(tok, "burst") == 0 && v < 1)
			return -1;
		*(double *)(void *)((char *)sp + keys[i].off) = v;
	}
	return 0;
}

static void
heap_swap(struct pkt *a, struct pkt *b)
{
	struct pkt t = *a;

	*a = *b;
	*b = t;
}

static int
pkt_before(const struct pkt *a, const struct pkt *b)
{
	return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static int
heap_push(struct dir *d, struct pkt p)
{
	struct pkt *nh;
	size_t i;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		if ((nh = realloc(d->heap, d->cap * sizeof(*nh))) == NULL)
			return -1;
		d->heap = nh;
	}
	i = d->n++;
	d->heap[i] = p;
	while (i > 0 && pkt_before(&d->heap[i], &d->heap[(i - 1) / 2])) {
		heap_swap(&d->heap[i], &d->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	return 0;
}

static void
heap_pop(struct dir *d)
{
	size_t i = 0, c;

	d->heap[0] = d->heap[--d->n];
	for (;;) {
		c = 2 * i + 1;
		if (c >= d->n)
			break;
		if (c + 1 < d->n && pkt_before(&d->heap[c + 1], &d->heap[c]))
			c++;
		if (!pkt_before(&d->heap[c], &d->heap[i]))
			break;
		heap_swap(&d->heap[c], &d->heap[i]);
		i = c;
	}
}

/* lost by the loss model?  Bernoulli, or Gilbert with mean burst sp.burst */
static int
lose(struct dir *d)
{
	double p = d->sp.loss / 100, b = d->sp.burst;

	if (p <= 0)
		return 0;
	if (b <= 1 || p >= 1)
		return rng_unit(&d->rng) < p;
	if (d->bad) {
		if (rng_unit(&d->rng) < 1 / b)
			d->bad = 0;
	} else if (rng_unit(&d->rng) < p / ((1 - p) * b))
		d->bad = 1;
	return d->bad;
}

/* a packet of len bytes came in at t: its fate and departure time */
static void
ingest(struct dir *d, const unsigned char *buf, size_t len, uint64_t t)
{
	struct pkt p;
	uint64_t ready = t, when, start;
	double dl;

	d->c_in++;
	if (lose(d)) {
		d->c_lost++;
		d->c_runs += !d->waslost;
		d->waslost = 1;
		return;
	}
	d->waslost = 0;
	if (d->sp.rate > 0) {
		start = d->busy > t ? d->busy : t;
		/* the bytes still queued before the bottleneck */
		if ((double)(start - t) * d->sp.rate / 1e9 + (double)len >
		    d->sp.queue) {
			d->c_qdrop++;
			return;
		}
		d->busy = start + (uint64_t)((double)len * 1e9 / d->sp.rate);
		ready = d->busy;
	}
	dl = d->sp.delay;
	if (d->sp.jitter > 0)
		dl += d->sp.jitter * (2 * rng_unit(&d->rng) - 1);
	if (dl < 0)
		dl = 0;
	when = ready + (uint64_t)(dl * 1e6);
	if (d->sp.reorder > 0 && rng_unit(&d->rng) < d->sp.reorder / 100) {
		/* held back out of line: the FIFO rule is not for it */
		when += (uint64_t)(d->sp.gap * 1e6);
		d->c_reord++;
	} else {
		if (when < d->last)
			when = d->last;
		d->last = when;
	}
	if (queued + len > MAXQUEUED || (p.data = malloc(len)) == NULL) {
		d->c_qdrop++;
		return;
	}
	memcpy(p.data, buf, len);
	p.len = len;
	p.when = when;
	p.seq = d->seq++;
	if (heap_push(d, p) == -1) {
		free(p.data);
		d->c_qdrop++;
		return;
	}
	queued += len;
}

/* send what is due; return the next departure (UINT64_MAX: none) */
static uint64_t
flush(struct dir *d, uint64_t t)
{
	struct pkt *p;
	ssize_t w;

	while (d->n > 0 && d->heap[0].when <= t) {
		p = &d->heap[0];
		do
			w = write(d->out, p->data, p->len);
		while (w == -1 && errno == EINTR);
		if (w == (ssize_t)p->len) {
			d->c_out++;
			d->c_bytes += p->len;
		} else
			d->c_werr++;
		queued -= p->len;
		free(p->data);
		heap_pop(d);
	}
	return d->n > 0 ? d->heap[0].when : UINT64_MAX;
}

/* read what the device has (a batch at most) into the delay line */
static int
drain(struct dir *d, unsigned char *buf, size_t bufsz)
{
	ssize_t r;
	int i;

	for (i = 0; i < BATCH; i++) {
		r = read(d->in, buf, bufsz);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			return -1;
		}
		if (r == 0)
			return -1;
		ingest(d, buf, (size_t)r, now_ns());
	}
	return 0;
}

static int
sysctl_write(const char *path, const char *val)
{
	int fd, ok;

	if ((fd = open(path, O_WRONLY)) == -1)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static int
if_up(int s, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == -1)
		return -1;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

/* the kernel's struct in6_ifreq (linux/ipv6.h clashes with netinet/in.h) */
struct pe_in6_ifreq {
	struct in6_addr	addr;
	uint32_t	prefixlen;
	int		ifindex;
};

/* in the child's new namespace: lo up, pe0 made and addressed; its fd */
static int
make_side(int side, int mtu, char *err, size_t errlen)
{
	struct ifreq ifr;
	struct pe_in6_ifreq r6;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int fd, s4, s6;
	const char *what;

	if (unshare(CLONE_NEWNET) == -1) {
		what = "unshare(CLONE_NEWNET)";
		goto fail;
	}
	if ((s4 = socket(AF_INET, SOCK_DGRAM, 0)) == -1 ||
	    (s6 = socket(AF_INET6, SOCK_DGRAM, 0)) == -1) {
		what = "socket";
		goto fail;
	}
	if (if_up(s4, "lo") == -1) {
		what = "lo up";
		goto fail;
	}
	/* no duplicate address detection: the address is usable at once */
	(void)sysctl_write("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
	(void)sysctl_write("/proc/sys/net/ipv6/conf/default/"
	    "router_solicitations", "0");
	if ((fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC)) == -1) {
		what = "/dev/net/tun";
		goto fail;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", DEVNAME);
	if (ioctl(fd, TUNSETIFF, &ifr) == -1) {
		what = "TUNSETIFF";
		goto fail;
	}
	(void)sysctl_write("/proc/sys/net/ipv6/conf/" DEVNAME "/accept_dad",
	    "0");
	ifr.ifr_mtu = mtu;
	if (ioctl(s4, SIOCSIFMTU, &ifr) == -1) {
		what = "SIOCSIFMTU";
		goto fail;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", DEVNAME);
	ifr.ifr_qlen = 1000;
	(void)ioctl(s4, SIOCSIFTXQLEN, &ifr);
	sin->sin_family = AF_INET;
	sin->sin_addr.s_addr = htonl(side ? 0xc6120002u : 0xc6120001u);
	if (ioctl(s4, SIOCSIFADDR, &ifr) == -1) {
		what = "SIOCSIFADDR";
		goto fail;
	}
	sin->sin_addr.s_addr = htonl(0xfffe0000u);	/* /15 */
	if (ioctl(s4, SIOCSIFNETMASK, &ifr) == -1) {
		what = "SIOCSIFNETMASK";
		goto fail;
	}
	if (if_up(s4, DEVNAME) == -1) {
		what = "pe0 up";
		goto fail;
	}
	memset(&r6, 0, sizeof(r6));
	if (inet_pton(AF_INET6, side ? "2001:db8::2" : "2001:db8::1",
	    &r6.addr) != 1) {
		what = "inet_pton";
		goto fail;
	}
	r6.prefixlen = 64;
	r6.ifindex = (int)if_nametoindex(DEVNAME);
	if (r6.ifindex == 0 || ioctl(s6, SIOCSIFADDR, &r6) == -1) {
		what = "SIOCSIFADDR (IPv6)";
		goto fail;
	}
	close(s4);
	close(s6);
	return fd;
fail:
	snprintf(err, errlen, "%s side: %s: %s", side ? "server" : "client",
	    what, strerror(errno));
	return -1;
}

/* room for one descriptor passed with SCM_RIGHTS, aligned as a header */
union fdbuf {
	struct cmsghdr	hdr;
	char		buf[CMSG_SPACE(sizeof(int))];
};

/* msg set up to carry the byte *c and, in cbuf, one descriptor */
static void
fd_msg(struct msghdr *msg, struct iovec *iov, char *c, union fdbuf *cbuf)
{
	memset(msg, 0, sizeof(*msg));
	memset(cbuf, 0, sizeof(*cbuf));
	iov->iov_base = c;
	iov->iov_len = 1;
	msg->msg_iov = iov;
	msg->msg_iovlen = 1;
	msg->msg_control = cbuf->buf;
	msg->msg_controllen = sizeof(cbuf->buf);
}

/* the child: make the side, send its fd, then wait for the parent's end */
static void
side_child(int side, int mtu, int sock)
{
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	union fdbuf cbuf;
	char err[256], c;
	int fd;

	if ((fd = make_side(side, mtu, err, sizeof(err))) == -1) {
		fprintf(stderr, "pathemu: %s\n", err);
		_exit(1);
	}
	c = 'T';
	fd_msg(&msg, &iov, &c, &cbuf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		_exit(1);
	close(fd);
	/* hold the namespace until the parent goes */
	while (read(sock, &c, 1) == -1 && errno == EINTR)
		;
	_exit(0);
}

/* fork a side; its holder's pid in *pid, its tun fd returned */
static int
start_side(int side, int mtu, pid_t *pid)
{
	struct msghdr msg;
	struct iovec iov;
	struct cmsghdr *cm;
	union fdbuf cbuf;
	pid_t parent = getpid();
	sigset_t empty;
	int sv[2], fd = -1, i;
	ssize_t r;
	char c;

	sigemptyset(&empty);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		return -1;
	if ((*pid = fork()) == -1)
		return -1;
	if (*pid == 0) {
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		sigprocmask(SIG_SETMASK, &empty, NULL);
		/*
		 * Only our socket: the other side's device and socket stay
		 * the parent's, and our stdout is no pipe a caller reads to
		 * its end.
		 */
		for (i = 3; i < 1024; i++)
			if (i != sv[1])
				close(i);
		if ((i = open("/dev/null", O_WRONLY)) != -1) {
			dup2(i, STDOUT_FILENO);
			if (i != STDOUT_FILENO)
				close(i);
		}
		side_child(side, mtu, sv[1]);
	}
	close(sv[1]);
	fd_msg(&msg, &iov, &c, &cbuf);
	do
		r = recvmsg(sv[0], &msg, MSG_CMSG_CLOEXEC);
	while (r == -1 && errno == EINTR);
	cm = CMSG_FIRSTHDR(&msg);
	if (r == 1 && cm != NULL && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	/* sv[0] stays open (and leaks into nothing: CLOEXEC) until we end */
	return fd;
}

static void
report(FILE *f, const struct dir *d, const char *name)
{
	fprintf(f, "%s in %lu out %lu lost %lu qdrop %lu reordered %lu "
	    "bytes %lu werr %lu lossruns %lu\n", name, d->c_in, d->c_out,
	    d->c_lost, d->c_qdrop, d->c_reord, d->c_bytes, d->c_werr,
	    d->c_runs);
}

static void
defaults(struct spec *sp)
{
	if (sp->gap == 0)
		sp->gap = 10;
	if (sp->burst < 1)
		sp->burst = 1;
	if (sp->rate > 0 && sp->queue == 0)
		sp->queue = sp->rate / 10 > 32000 ? sp->rate / 10 : 32000;
}

static void
usage(void)
{
	fprintf(stderr, "usage: pathemu [-q] [-m mtu] [-o statsfile] "
	    "[-S seed] [-t secs] [-p spec] [-c spec] [-s spec]\n"
	    "  spec: delay=MS,jitter=MS,loss=PCT,burst=N,reorder=PCT,"
	    "gap=MS,rate=BYTES,queue=BYTES\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct dir d[2];
	struct pollfd pfd[2];
	struct sigaction sa;
	struct timespec ts;
	sigset_t block, none;
	const char *statsfile = NULL, *cs = NULL, *ss = NULL;
	unsigned char *buf;
	uint64_t seed = 1, deadline, t, next, nx;
	double life = 300;
	pid_t pids[2] = { -1, -1 };
	int c, i, mtu = 1500, quiet = 0, fds[2], rc = 0;
	FILE *f;

	memset(d, 0, sizeof(d));
	while ((c = getopt(argc, argv, "c:m:o:p:qs:S:t:")) != -1) {
		switch (c) {
		case 'p':
			if (parse_spec(optarg, &d[0].sp) == -1 ||
			    parse_spec(optarg, &d[1].sp) == -1)
				usage();
			break;
		case 'c':
			cs = optarg;
			break;
		case 's':
			ss = optarg;
			break;
		case 'm':
			mtu = atoi(optarg);
			if (mtu < 1280 || mtu > 65535)
				usage();
			break;
		case 'o':
			statsfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'S':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 't':
			life = strtod(optarg, NULL);
			if (!(life > 0))
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc || (cs && parse_spec(cs, &d[0].sp) == -1) ||
	    (ss && parse_spec(ss, &d[1].sp) == -1))
		usage();
	defaults(&d[0].sp);
	defaults(&d[1].sp);
	d[0].rng = seed ^ 0x5ca1ab1eu;
	d[1].rng = seed ^ 0xfeedf00du;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &none);
	sigdelset(&none, SIGTERM);
	sigdelset(&none, SIGINT);
	sigdelset(&none, SIGHUP);
	/* wake for a departure when it is due, not up to 50 us later */
	(void)prctl(PR_SET_TIMERSLACK, 1UL);

	for (i = 0; i < 2; i++) {
		if ((fds[i] = start_side(i, mtu, &pids[i])) == -1) {
			fprintf(stderr, "pathemu: cannot make the %s side\n",
			    i ? "server" : "client");
			rc = 1;
			goto out;
		}
		if (fcntl(fds[i], F_SETFL, O_NONBLOCK) == -1) {
			rc = 1;
			goto out;
		}
	}
	d[0].in = fds[0], d[0].out = fds[1];
	d[1].in = fds[1], d[1].out = fds[0];
	if ((buf = malloc(65536)) == NULL) {
		rc = 1;
		goto out;
	}
	printf("pathemu ready client %ld server %ld\n", (long)pids[0],
	    (long)pids[1]);
	fflush(stdout);

	deadline = now_ns() + (uint64_t)(life * 1e9);
	while (!stop) {
		t = now_ns();
		if (t >= deadline)
			break;
		next = deadline;
		for (i = 0; i < 2; i++)
			if ((nx = flush(&d[i], t)) < next)
				next = nx;
		t = now_ns();
		if (next > t) {
			ts.tv_sec = (time_t)((next - t) / 1000000000u);
			ts.tv_nsec = (long)((next - t) % 1000000000u);
		} else
			ts.tv_sec = 0, ts.tv_nsec = 0;
		pfd[0].fd = fds[0];
		pfd[1].fd = fds[1];
		pfd[0].events = pfd[1].events = POLLIN;
		if (ppoll(pfd, 2, &ts, &none) == -1) {
			if (errno == EINTR)
				continue;
			rc = 1;
			break;
		}
		for (i = 0; i < 2; i++)
			if ((pfd[i].revents & (POLLIN | POLLERR | POLLHUP)) &&
			    drain(&d[i], buf, 65536) == -1) {
				fprintf(stderr, "pathemu: read: %s\n",
				    strerror(errno));
				rc = 1;
				stop = 1;
			}
	}
	free(buf);
out:
	for (i = 0; i < 2; i++) {
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			while (waitpid(pids[i], NULL, 0) == -1 && errno == EINTR)
				;
		}
	}
	if (!quiet) {
		report(stderr, &d[0], "c2s");
		report(stderr, &d[1], "s2c");
	}
	if (statsfile != NULL && (f = fopen(statsfile, "w")) != NULL) {
		report(f, &d[0], "c2s");
		report(f, &d[1], "s2c");
		if (fclose(f) != 0)
			rc = 1;
	}
	return rc;
}
