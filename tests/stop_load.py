#!/usr/bin/env python3
"""A load for t0013: keep a sockt busy, and say when it is.

  stop_load.py tcp HOST PORT MARK [PREFIX]   connect and send zeros for
      ever (PREFIX first: a proxy's request, say), never reading
  stop_load.py udp HOST PORT MARK            send datagrams for ever
  stop_load.py tcp2 HOST PORT MARK [PREFIX]  two such connections at
      once, in turn (MARK once each is busy): one process for two floods

MARK is made once 1 MiB has gone out or a send has waited 0.3 s (the
peer's buffers full): the sockt under test is busy from then on.  Ends
when the peer goes away or after 60 s.
"""
import socket
import sys
import time


def mark(path):
    with open(path, "w") as f:
        f.write("busy\n")


def main():
    kind, host, port, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), \
        sys.argv[4]
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    end = time.monotonic() + 60
    marked = False
    buf = b"\0" * 8192
    if kind == "udp":
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.connect((host, port))
        buf = b"x" * 512
        socks = [s]
    else:
        socks = []
        for _ in range(2 if kind == "tcp2" else 1):
            s = socket.create_connection((host, port))
            if len(sys.argv) > 5:
                s.sendall(sys.argv[5].encode().decode("unicode_escape")
                          .encode("latin-1"))
            socks.append(s)
    sent = [0] * len(socks)
    for s in socks:
        s.settimeout(0.3)
    while time.monotonic() < end:
        for i, s in enumerate(socks):
            try:
                sent[i] += s.send(buf)
            except socket.timeout:
                sent[i] = max(sent[i], 1 << 20)
            except OSError:
                if kind == "udp":      # ECONNREFUSED of an ICMP: go on
                    time.sleep(0.001)
                    continue
                return
        if not marked and min(sent) >= 1 << 20:
            mark(path)
            marked = True


main()
