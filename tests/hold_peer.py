#!/usr/bin/env python3
"""hold_peer.py N PORTS LOG: N listeners on 127.0.0.1 and N on ::1 (t3063).

Each binds port 0; its port goes to PORTS, a line each, then "listening
on 127.0.0.1 port N" (the first) to stderr.  A listener never sends: it
holds each connection until the peer ends it, then logs "FAMILY OPENED
CLOSED" (seconds, the monotonic clock; FAMILY 0 for IPv4, 1 for IPv6)
to LOG, so the test can count the connections a host held at once; not
one the peer reset (the port scan's connects end so, -sV's with a FIN).  In each round the ends are taken
before the new connections: a peer that closes one and opens another is
never counted with both.  One process, one thread (cheap).
"""
import selectors
import socket
import sys
import time


def main():
    n, ports, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    sel = selectors.DefaultSelector()
    got = []
    for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6,
                                                      "::1")):
        for _ in range(n):
            s = socket.socket(fam)
            s.bind((host, 0))
            s.listen(128)
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, ("l", fam))
            got.append(s.getsockname()[1])
    with open(ports, "w") as f:
        f.write("".join("%d\n" % p for p in got))
    log = open(path, "a", buffering=1)
    sys.stderr.write("listening on 127.0.0.1 port %d\n" % got[0])
    sys.stderr.flush()
    while True:
        ev = sel.select()
        now = time.monotonic()
        for key, _ in ev:
            kind, fam = key.data[0], key.data[1]
            if kind != "c":
                continue
            rst = False
            try:
                if key.fileobj.recv(4096):
                    continue
            except BlockingIOError:
                continue
            except OSError:
                rst = True
            sel.unregister(key.fileobj)
            key.fileobj.close()
            if not rst:
                log.write("%d %.4f %.4f\n" % (fam == socket.AF_INET6,
                                              key.data[2], now))
        for key, _ in ev:
            if key.data[0] != "l":
                continue
            while True:
                try:
                    c, _ = key.fileobj.accept()
                except (BlockingIOError, InterruptedError):
                    break
                c.setblocking(False)
                sel.register(c, selectors.EVENT_READ,
                             ("c", key.data[1], now))


if __name__ == "__main__":
    main()
