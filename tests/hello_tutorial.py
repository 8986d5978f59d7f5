#!/usr/bin/env python3
# hello_tutorial.py MODE PORT [ARG]: clients of the greeting protocol for
# t1000 and t1020, all with 5 s socket timeouts.  Each recv is printed as
# repr(bytes), so a trailing newline shows.
#   tcp, udp   the Python sockets tutorial's own clients, as it wrote
#              them: names sent without newlines, one recv(1024) each
#   udp-line   one datagram "Michael\n", as nc or echo would send it
#   exit       "Bob", then "exit" without a newline; prints the next
#              recv, b'' when the server closed
#   latency N  N times "Michael" on one connection; prints the median
#              milliseconds from send to reply
#   dribble S  one byte every S seconds, never a newline, until the
#              server closes (or 6 s); prints the seconds it took
import select
import socket
import sys
import time

mode, port = sys.argv[1], int(sys.argv[2])
addr = ("127.0.0.1", port)


def tcp():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(addr)
    return s


if mode == "tcp":
    s = tcp()
    print(repr(s.recv(1024)))
    for data in [b"Michael", b"Tracy", b"Sarah"]:
        s.send(data)
        print(repr(s.recv(1024)))
    s.send(b"exit")
    s.close()
elif mode in ("udp", "udp-line"):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    names = [b"Michael\n"] if mode == "udp-line" else \
        [b"Michael", b"Tracy", b"Sarah"]
    for data in names:
        s.sendto(data, addr)
        print(repr(s.recv(1024)))
    s.close()
elif mode == "exit":
    s = tcp()
    print(repr(s.recv(1024)))
    s.send(b"Bob")
    print(repr(s.recv(1024)))
    s.send(b"exit")
    print(repr(s.recv(1024)))
elif mode == "latency":
    s = tcp()
    s.recv(1024)
    ms = []
    for _ in range(int(sys.argv[3])):
        t0 = time.monotonic()
        s.send(b"Michael")
        if s.recv(1024) != b"Hello, Michael!":
            sys.exit(1)
        ms.append((time.monotonic() - t0) * 1000)
    s.send(b"exit")
    s.close()
    ms.sort()
    print("%.0f" % ms[len(ms) // 2])
elif mode == "dribble":
    step = float(sys.argv[3])
    s = tcp()
    s.recv(1024)
    t0 = time.monotonic()
    closed = False
    while not closed and time.monotonic() - t0 < 6:
        try:
            s.send(b"x")
            r, _, _ = select.select([s], [], [], step)
            # replies (if the gap framed a byte) are read and ignored
            if r and s.recv(1024) == b"":
                closed = True
        except OSError:
            closed = True
    print("%.1f" % (time.monotonic() - t0))
else:
    sys.exit(2)
