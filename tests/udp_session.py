#!/usr/bin/env python3
"""udp_session.py SCENARIO [ARG ...]: the UDP sessions of t1021.

Each scenario drives sockt ($SOCKT) connect -u or listen -u against UDP
peers of its own (python sockets, or nc and socat), stepping on events
only: the next write to sockt's stdin waits until the last datagram
arrived, a reply waits until its question came, and so on.  It prints
what it saw, one "name: value" a line, for the script to compare; ports
that change from run to run are written as letters.  Every wait is
bounded (T seconds), and every process started is ended before exit.

  echo ADDR SIZE      one write of SIZE bytes (every byte value): the
                      datagram the peer got, the echo on stdout, the exit
  writes [-p PORT]    five writes, each after the last one's datagram
                      came and its reply was printed: the sizes, the
                      source ports (with -p: that one)
  lines [OPT ...]     one write of "one\\ntwo\\n\\nthree" with OPT (-q 0
                      always): the datagrams
  quit Q              after stdin's end, the reply to the last datagram
                      (none for -q 0): printed, -q's wait, the exit (Q ""
                      for no -q)
  quit-never          -q -1: replies printed 1.5 s after stdin's end
  refused             the peer's port closes mid-session: the exit and
                      the message
  listen BIND ADDR    listen -u -v BIND 0, sender A then B (B's datagram
                      queued before the session began), then B again
  nc-listen           sockt connect -u with nc -lu
  nc-connect          sockt listen -u with nc -u
  socat-listen PORT   sockt connect -u with socat UDP-LISTEN:PORT
  socat-connect       sockt listen -u with socat UDP:
"""
import os
import select
import signal
import socket
import subprocess
import sys
import time

SOCKT = os.environ["SOCKT"]
T = 10          # seconds: the bound of every wait
procs = []


def spawn(argv):
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    procs.append(p)
    return p


def sockt(*args):
    return spawn([SOCKT] + list(args))


def read_until(f, buf, cond, timeout=T):
    """Read f into buf until cond(buf), its end or timeout; buf."""
    end = time.monotonic() + timeout
    fd = f.fileno()
    while not cond(buf):
        left = end - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            break
        d = os.read(fd, 1 << 17)
        if not d:
            break
        buf += d
    return buf


def has(want):
    return lambda b: want in b


def finish(p):
    """Its stdin closed, the exit status (or "timeout"), its stderr."""
    if p.stdin and not p.stdin.closed:
        p.stdin.close()
    try:
        rc = p.wait(timeout=T)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = "timeout"
    err = p.stderr.read().decode(errors="replace")
    return rc, err


def peer(addr="127.0.0.1"):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, 0))
    s.settimeout(T)
    return s


def put(p, data):
    os.write(p.stdin.fileno(), data)


def listening(p):
    """The port of sockt's -v "listening on ADDR port N" line."""
    line = read_until(p.stderr, b"", lambda b: b.endswith(b"\n"))
    if b" port " not in line:
        print("listening: %r" % line)
        sys.exit(1)
    return int(line.split(b" port ")[-1])


def pattern(n):
    return bytes(i % 256 for i in range(n))


def echo(addr, size):
    pe = peer(addr)
    p = sockt("connect", "-u", addr, str(pe.getsockname()[1]))
    data = pattern(int(size))
    put(p, data)
    dg, src = pe.recvfrom(70000)
    print("peer got: %d bytes, %s" % (len(dg), "same" if dg == data
                                       else "different"))
    pe.sendto(dg, src)
    out = read_until(p.stdout, b"", lambda b: len(b) >= len(data))
    print("stdout: %d bytes, %s" % (len(out), "same" if out == data
                                     else "different"))
    rc, err = finish(p)
    print("exit: %s %s" % (rc, err.strip()))


def writes(args):
    pe = peer()
    port = pe.getsockname()[1]
    p = sockt("connect", "-u", "-v", *args, "127.0.0.1", str(port))
    sizes, srcs, out = [], set(), b""
    for i, n in enumerate([1, 10, 100, 1000, 3000]):
        put(p, b"x" * n)
        dg, src = pe.recvfrom(70000)
        sizes.append(str(len(dg)))
        srcs.add(src[1])
        # the reply printed while stdin is still open: both ways at once
        pe.sendto(b"ack%d\n" % i, src)
        out = read_until(p.stdout, out, has(b"ack%d\n" % i))
    print("sizes: " + " ".join(sizes))
    print("replies: " + out.decode().replace("\n", " ").strip())
    print("source ports: %d" % len(srcs))
    if args:
        print("source port: %s" % ("-p's" if srcs == {int(args[1])}
                                   else srcs))
    rc, err = finish(p)
    src = srcs.pop() if srcs else 0
    print("exit: %s" % rc)
    print(err.strip().replace(" port %d " % port, " port P ")
          .replace("port %d)" % src, "port S)"))


def lines(args):
    pe = peer()
    p = sockt("connect", "-u", "-q", "0", *args, "127.0.0.1",
              str(pe.getsockname()[1]))
    put(p, b"one\ntwo\n\nthree")
    rc, err = finish(p)
    pe.setblocking(False)
    got = []
    while True:
        try:
            got.append(pe.recv(70000))
        except BlockingIOError:
            break
    print("datagrams: %d %s" % (len(got), " ".join(repr(d) for d in got)))
    print("exit: %s %s" % (rc, err.strip()))


def quit(q):
    pe = peer()
    args = ["-q", q] if q else []
    p = sockt("connect", "-u", *args, "127.0.0.1",
              str(pe.getsockname()[1]))
    put(p, b"last\n")
    p.stdin.close()
    t0 = time.monotonic()
    dg, src = pe.recvfrom(100)
    # the reply to the datagram sent at stdin's end; with -q 0 none,
    # as one that came with the end of file may be printed or not
    out = b""
    if q != "0":
        pe.sendto(b"reply\n", src)
        out = read_until(p.stdout, b"", has(b"reply\n"))
    rc, err = finish(p)
    el = time.monotonic() - t0
    print("peer got: %r" % dg)
    print("stdout: %r" % (out + p.stdout.read()))
    print("exit: %s %s" % (rc, err.strip()))
    print("waited: %s" % ("1 s or more" if el >= 0.95 else
                          "0.5 s to 1 s" if el >= 0.5 else "under 0.5 s"))


def quit_never():
    pe = peer()
    p = sockt("connect", "-u", "-q", "-1", "127.0.0.1",
              str(pe.getsockname()[1]))
    put(p, b"last\n")
    p.stdin.close()
    dg, src = pe.recvfrom(100)
    pe.sendto(b"r1\n", src)
    out = read_until(p.stdout, b"", has(b"r1\n"))
    # longer than the -q of 1 s that -u has by default
    time.sleep(1.5)
    print("running after 1.5 s: %s" % ("yes" if p.poll() is None else "no"))
    pe.sendto(b"r2\n", src)
    out = read_until(p.stdout, out, has(b"r2\n"))
    print("stdout: %r" % out)
    p.send_signal(signal.SIGTERM)
    finish(p)


def refused():
    pe = peer()
    port = pe.getsockname()[1]
    p = sockt("connect", "-u", "127.0.0.1", str(port))
    put(p, b"d1\n")
    dg, src = pe.recvfrom(100)
    pe.sendto(b"r1\n", src)
    out = read_until(p.stdout, b"", has(b"r1\n"))
    # closed from now on: connected to itself, the port refuses others
    pe.connect(pe.getsockname())
    put(p, b"d2\n")
    rc, err = finish(p)
    print("stdout: %r" % out)
    print("exit: %s" % rc)
    print(err.strip().replace("port %d:" % port, "port P:"))


def listen(bind, addr):
    p = sockt("listen", "-u", "-v", bind, "0")
    port = listening(p)
    a, b = peer(addr), peer(addr)
    # b's datagram queued before listen connects to a: stopped meanwhile
    p.send_signal(signal.SIGSTOP)
    a.sendto(b"a1\n", (addr, port))
    b.sendto(b"b0\n", (addr, port))
    p.send_signal(signal.SIGCONT)
    out = read_until(p.stdout, b"", has(b"a1\n"))
    # and once the session is on, the kernel refuses b
    b.connect((addr, port))
    b.send(b"b1\n")
    try:
        b.recv(100)
        print("second sender: answered")
    except ConnectionRefusedError:
        print("second sender: refused")
    except socket.timeout:
        print("second sender: no answer")
    a.sendto(b"a2\n", (addr, port))
    out = read_until(p.stdout, out, has(b"a2\n"))
    put(p, b"back\n")
    dg, src = a.recvfrom(100)
    print("first sender got: %r from %s" % (dg, "the port" if src[1] == port
                                             else src))
    rc, err = finish(p)
    out += p.stdout.read()
    print("stdout: %r" % out)
    print("exit: %s" % rc)
    for k, v in (("A", a.getsockname()[1]), ("B", b.getsockname()[1]),
                 ("P", port)):
        err = err.replace("port %d" % v, "port " + k)
    print(err.strip())


def hello(a, a_name, b, b_name):
    """a greets b, then b greets a, through stdin: what b, a printed."""
    put(a, b"hello from %s\n" % a_name.encode())
    b_got = read_until(b.stdout, b"", has(b"\n"))
    put(b, b"hello from %s\n" % b_name.encode())
    return b_got, read_until(a.stdout, b"", has(b"\n"))


def nc_listen():
    n = spawn(["nc", "-luv", "127.0.0.1", "0"])
    # netcat-openbsd: "Bound on localhost N"
    line = read_until(n.stderr, b"", lambda b: b.endswith(b"\n"))
    port = line.split()[-1].decode()
    p = sockt("connect", "-u", "127.0.0.1", port)
    got, out = hello(p, "sockt", n, "nc")
    rc, err = finish(p)
    n.kill()
    print("nc got: %r" % got)
    print("sockt got: %r" % out)
    print("exit: %s %s" % (rc, err.strip()))


def listen_with(name, argv):
    """sockt listen -u, and argv (nc -u, socat) sending to its port."""
    p = sockt("listen", "-u", "-v", "127.0.0.1", "0")
    port = listening(p)
    c = spawn([a.replace("PORT", str(port)) for a in argv])
    out, got = hello(c, name, p, "sockt")
    rc, err = finish(p)
    c.kill()
    print("sockt got: %r" % out)
    print("%s got: %r" % (name, got))
    print("exit: %s" % rc)


def bound(port):
    """Is a UDP socket bound to port (of /proc/net/udp)?"""
    with open("/proc/net/udp") as f:
        return any(l.split()[1].endswith(":%04X" % port)
                   for l in f.readlines()[1:])


def socat_listen(port):
    port = int(port)
    s = spawn(["socat", "UDP4-LISTEN:%d,bind=127.0.0.1" % port, "EXEC:cat"])
    end = time.monotonic() + T
    while not bound(port) and time.monotonic() < end:
        time.sleep(0.02)       # polling, bounded by the deadline
    p = sockt("connect", "-u", "127.0.0.1", str(port))
    data = pattern(1024)
    put(p, data)
    out = read_until(p.stdout, b"", lambda b: len(b) >= len(data))
    rc, err = finish(p)
    s.kill()
    print("echo through socat: %s" % ("same" if out == data
                                      else "different %r" % out[:40]))
    print("exit: %s %s" % (rc, err.strip()))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    try:
        if cmd == "echo":
            echo(*args)
        elif cmd == "writes":
            writes(args)
        elif cmd == "lines":
            lines(args)
        elif cmd == "quit":
            quit(args[0])
        elif cmd == "quit-never":
            quit_never()
        elif cmd == "refused":
            refused()
        elif cmd == "listen":
            listen(*args)
        elif cmd == "nc-listen":
            nc_listen()
        elif cmd == "nc-connect":
            listen_with("nc", ["nc", "-u", "127.0.0.1", "PORT"])
        elif cmd == "socat-listen":
            socat_listen(*args)
        elif cmd == "socat-connect":
            listen_with("socat", ["socat", "-", "UDP:127.0.0.1:PORT"])
        else:
            sys.exit("udp_session.py: no scenario " + cmd)
    except socket.timeout:
        print("timed out")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


main()
