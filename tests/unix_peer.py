#!/usr/bin/env python3
"""unix_peer.py MODE PATH: hold a UNIX-domain socket at PATH for t1050.

Binds PATH as MODE says, prints "ready" on stdout, then holds the socket
(at most 60 s; the test kills it sooner):

  stale   a stream socket, bound and closed: leaves a stale file; exits
  bound   a stream socket bound but never listening (another server
          between its bind and its listen)
  dgram   a datagram socket (a live datagram server)
  listen  a stream listener that answers every connection with "alive"
  full    a stream listener with backlog 0 that never accepts, filled
          with connections until the next one would wait (EAGAIN)
"""
import socket
import sys
import time


def main():
    mode, path = sys.argv[1], sys.argv[2]
    kind = socket.SOCK_DGRAM if mode == "dgram" else socket.SOCK_STREAM
    s = socket.socket(socket.AF_UNIX, kind)
    s.bind(path)
    if mode == "stale":
        s.close()
        print("ready", flush=True)
        return 0
    keep = []
    if mode in ("listen", "full"):
        s.listen(0 if mode == "full" else 16)
    if mode == "full":
        for _ in range(64):
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.setblocking(False)
            try:
                c.connect(path)
            except BlockingIOError:
                c.close()
                break
            keep.append(c)
        else:
            sys.exit("unix_peer: the backlog never filled")
    print("ready", flush=True)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        if mode != "listen":
            time.sleep(0.2)
            continue
        s.settimeout(0.2)
        try:
            c, _ = s.accept()
        except socket.timeout:
            continue
        c.sendall(b"alive\n")
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
