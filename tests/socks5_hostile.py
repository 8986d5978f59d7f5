"""tests/socks5_hostile.py: a bare RFC 1928 client and PySocks against
sockt's SOCKS5 server, in t0025's namespace (issue 75): one process, many
cases, a line "ok CASE" or "fail CASE why" each; the script names the cases
it expects, so a case that never ran fails there.

argv: A B P1 PID1 P2 [N].  A and B are two addresses of the namespace (the
client's and the proxy's); P1 a proxy (pid PID1) that lets A's block,
127.0.0.0/8 and not 127.0.0.3 through (--allow-to, --deny-to), -m and
--max-per-peer 8, -i 3; P2 one with the defaults that refuses client A
(--deny).  Places that must hear nothing are sinks of ours: a refused
datagram is sent, then a good one after it on the same path, and the good
one is the first a sink hears (one poll loop, in order, no sleep).  N
the associations made one after another, 40 at a time (10,000)."""
import os
import select
import socket
import struct
import sys
import time

A, B, P1, PID1, P2 = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
    int(sys.argv[4]), int(sys.argv[5])
NMANY = int(sys.argv[6]) if len(sys.argv) > 6 else 10000


def say(name, ok, why=""):
    print(("ok %s" % name) if ok else ("fail %s %s" % (name, why)))
    sys.stdout.flush()


def addr(host, port):
    if isinstance(host, bytes):
        return b"\3" + bytes([len(host)]) + host + struct.pack(">H", port)
    return b"\1" + socket.inet_aton(host) + struct.pack(">H", port)


def recvn(s, n):
    b = b""
    while len(b) < n:
        r = s.recv(n - len(b))
        if not r:
            raise EOFError("closed after %d bytes" % len(b))
        b += r
    return b


def reply(s):
    """a reply: (rep, host, port)"""
    v, rep, _, at = recvn(s, 4)
    if at == 1:
        h = socket.inet_ntoa(recvn(s, 4))
    elif at == 4:
        h = socket.inet_ntop(socket.AF_INET6, recvn(s, 16))
    else:
        h = recvn(s, recvn(s, 1)[0]).decode()
    return rep, h, struct.unpack(">H", recvn(s, 2))[0]


def request(port, cmd, dst, src=A, greet=True):
    s = socket.create_connection((B, port), 5, (src, 0))
    s.sendall(b"\5\1\0" + b"\5" + bytes([cmd]) + b"\0" + dst)
    if recvn(s, 2) != b"\5\0":
        raise EOFError("no method")
    return s, reply(s)


def udp(host):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((host, 0))
    u.settimeout(5)
    return u


def first(sink):
    try:
        return sink.recv(2048)
    except OSError as e:
        return repr(e)


def quiet(*socks):
    """nothing waiting on any of socks"""
    return not select.select(list(socks), [], [], 0)[0]


def kids(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return f.read().split()
    except OSError:
        return []


def zombies(pid):
    n = 0
    for k in kids(pid):
        try:
            with open("/proc/%s/stat" % k) as f:
                n += f.read().rsplit(") ", 1)[1].startswith("Z")
        except OSError:
            pass
    return n


def drained(port, secs=5):
    """the relay socket on port has read all queued (bounded wait)"""
    end = time.monotonic() + secs
    while time.monotonic() < end:
        with open("/proc/net/udp") as f:
            q = [ln.split()[4] for ln in f.readlines()[1:]
                 if ln.split()[1].endswith(":%04X" % port)]
        if q and all(x.endswith(":00000000") for x in q):
            return True
        time.sleep(0.01)
    return False


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def settle(pid, n, secs=10):
    """wait (bounded) until pid has n children or fewer"""
    end = time.monotonic() + secs
    while len(kids(pid)) > n and time.monotonic() < end:
        time.sleep(0.02)
    return len(kids(pid))


base_kids, base_fds = len(kids(PID1)), fds(PID1)
sink = udp(A)           # a place the rules let through
sinkl = udp("127.0.0.2")
sinkd = udp("127.0.0.3")    # --deny-to
sinkb = udp(B)          # the proxy's own address: refused by default
sink1 = udp("127.0.0.1")
sinkll = udp("169.254.7.7")
SA, SL, SD, SB, S1, SLL = (s.getsockname()[1] for s in
                           (sink, sinkl, sinkd, sinkb, sink1, sinkll))

# an association, the client's port named
u = udp(A)
c, (rep, rh, rp) = request(P1, 3, addr(A, u.getsockname()[1]))
say("assoc-reply", rep == 0 and rh == B, "%d %s" % (rep, rh))
relay = (rh, rp)
u.sendto(b"\0\0\0" + addr(A, SA) + b"one", relay)
d, frm = sink.recvfrom(2048)
say("datagram-out", d == b"one", repr(d))
sink.sendto(b"back", frm)
r = u.recv(2048)
say("reply-header", r == b"\0\0\0" + addr(A, SA) + b"back", repr(r))


def marker(tag):
    u.sendto(b"\0\0\0" + addr(A, SA) + tag, relay)
    return first(sink) == tag


# a third address, the client's address from another port, FRAG set,
# headers that lie: each dropped, nothing sent on
t = udp(B)
t.sendto(b"\0\0\0" + addr(A, SA) + b"third", relay)
say("third-address", marker(b"m1") and quiet(t), "sink heard it")
s2 = udp(A)
s2.sendto(b"\0\0\0" + addr(A, SA) + b"spoof", relay)
say("spoofed-port", marker(b"m2") and quiet(s2), "sink heard it")
u.sendto(b"\0\0\1" + addr(A, SA) + b"frag", relay)
say("frag", marker(b"m3"), "sink heard it")
for bad in (b"\0\0\0\3\xff" + b"abc", b"\0\0\0\1\x7f\0", b"\0\0",
            b"\0\0\0\x09" + addr(A, SA)[1:], b""):
    u.sendto(bad, relay)
say("lying-header", marker(b"m4"), "sink heard it")
# the rules: loopback through --allow-to, but 127.0.0.3 (--deny-to);
# the proxy's own address and link-local refused by default
for h, p in ((B, SB), ("169.254.7.7", SLL), ("127.0.0.3", SD)):
    u.sendto(b"\0\0\0" + addr(h, p) + b"refused", relay)
u.sendto(b"\0\0\0" + addr("127.0.0.2", SL) + b"allowed", relay)
say("allow-to-passes", first(sinkl) == b"allowed", "")
say("refused-places", marker(b"m5") and quiet(sinkb, sinkll, sinkd),
    "a refused place heard it")
u.sendto(b"\0\0\0" + addr(b"localhost", S1) + b"name", relay)
say("allow-to-name", first(sink1) == b"name", "")
c.close()

# the association's end: its relay port closes, the child goes
u2 = udp(A)
c2, (rep, rh, rp) = request(P1, 3, addr("0.0.0.0", 0))
u2.connect((rh, rp))
u2.send(b"\0\0\0" + addr(A, SA) + b"alive")
ok = first(sink) == b"alive"
c2.close()
end, gone = time.monotonic() + 10, False
u2.settimeout(0.2)
while not gone and time.monotonic() < end:
    try:
        u2.send(b"\0\0\0" + addr(A, SA) + b"late")
        u2.recv(2048)
    except ConnectionRefusedError:
        gone = True
    except socket.timeout:
        pass
say("tcp-dies-relay-closes", ok and gone, "")
say("tcp-dies-child-exits", settle(PID1, base_kids) <= base_kids and
    zombies(PID1) == 0, "children %s" % kids(PID1))

# the second proxy: client A refused (--deny), client B's datagrams to
# the proxy host's loopback and own addresses dropped (the defaults)
try:
    c3, (rep, _, _) = request(P2, 3, addr("0.0.0.0", 0))
    say("deny-client", False, "rep %d" % rep)
except (EOFError, OSError):
    say("deny-client", True)
ub = udp(B)
c3, (rep, rh, rp) = request(P2, 3, addr(B, ub.getsockname()[1]), src=B)
say("allowed-client", rep == 0, "rep %d" % rep)
for h, p in (("127.0.0.2", SL), (A, SA), ("169.254.7.7", SLL)):
    ub.sendto(b"\0\0\0" + addr(h, p) + b"default", (rh, rp))
say("defaults-refuse", drained(rp) and quiet(sinkl, sink, sinkll),
    "a place heard it")
c3.close()
c4, (rep, _, _) = request(P2, 2, addr("127.0.0.1", 0), src=B)
say("bind-loopback-refused", rep == 2, "rep %d" % rep)
c4.close()

# BIND: the first reply, a peer from elsewhere turned away, the named
# peer's connection, the second reply, bytes both ways
c, (rep, rh, rp) = request(P1, 2, addr(A, 0))
say("bind-first-reply", rep == 0 and rh == B, "%d %s" % (rep, rh))
w = socket.create_connection((rh, rp), 5, ("127.0.0.2", 0))
w.settimeout(5)
try:
    got = w.recv(10)
except OSError:
    got = b""
say("bind-other-peer", got == b"", repr(got))
p = socket.create_connection((rh, rp), 5, (A, 0))
rep, ph, pp = reply(c)
say("bind-second-reply", rep == 0 and (ph, pp) == p.getsockname(),
    "%d %s %d" % (rep, ph, pp))
c.sendall(b"to the peer")
p.sendall(b"to the client")
say("bind-bytes", recvn(p, 11) == b"to the peer" and
    recvn(c, 13) == b"to the client", "")
p.close()
c.close()
c, (rep, rh, rp) = request(P1, 2, addr(A, 0))
t0 = time.monotonic()
try:
    rep = reply(c)[0]
except (EOFError, OSError):
    rep = -1
say("bind-no-peer", rep == 6 and time.monotonic() - t0 < 8,
    "rep %d after %.1f s" % (rep, time.monotonic() - t0))
c.close()

# PySocks, a UDP client from B, through the echoes of ours on A and on
# 127.0.0.1, by address and by name (localhost)
import socks   # noqa: E402
for name, dst in (("pysocks-ipv4", (A, SA)), ("pysocks-name",
                                               ("localhost", S1))):
    ps = socks.socksocket(socket.AF_INET, socket.SOCK_DGRAM)
    ps.set_proxy(socks.SOCKS5, B, P1, rdns=True)
    ps.settimeout(5)
    echo = sink if dst[1] == SA else sink1
    n = 0
    for i in range(20):
        ps.sendto(b"d%d" % i, dst)
        d, frm = echo.recvfrom(2048)
        echo.sendto(d, frm)
        r, _ = ps.recvfrom(2048)
        n += r == b"d%d" % i
    say(name, n == 20, "%d of 20" % n)
    ps.close()

# NMANY associations from one address: never more than 8 at once, the
# rest refused, nothing left behind
t0 = time.monotonic()
okn = most = 0
for batch in range(NMANY // 40):
    cs = []
    for i in range(40):
        s = socket.socket()
        s.bind((A, 0))
        s.settimeout(5)
        try:
            s.connect((B, P1))
            s.sendall(b"\5\1\0\5\3\0" + addr("0.0.0.0", 0))
        except OSError:
            pass
        cs.append(s)
    k = 0
    for s in cs:
        try:
            if recvn(s, 2) == b"\5\0" and reply(s)[0] == 0:
                k += 1
        except (EOFError, OSError):
            pass
    for s in cs:
        s.close()
    okn += k
    most = max(most, k)
say("many-bounded", most <= 8 and okn >= NMANY // 40,
    "ok %d most %d" % (okn, most))
say("many-in-time", time.monotonic() - t0 < 60,
    "%.1f s" % (time.monotonic() - t0))
left = settle(PID1, base_kids)
say("many-no-leak", left <= base_kids and fds(PID1) <= base_fds and
    zombies(PID1) == 0, "children %d of %d, fds %d of %d" %
    (left, base_kids, fds(PID1), base_fds))
print("many %d ok %.1f s" % (okn, time.monotonic() - t0))
