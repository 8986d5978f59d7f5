#!/usr/bin/env python3
"""A load for t0013: keep a sockt busy, and say when it is.

  stop_load.py tcp HOST PORT MARK [PREFIX]   connect and send zeros for
      ever (PREFIX first: a proxy's request, say), never reading
  stop_load.py udp HOST PORT MARK            send datagrams for ever

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
    sent, marked = 0, False
    buf = b"\0" * 8192
    if kind == "udp":
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.connect((host, port))
        buf = b"x" * 512
    else:
        s = socket.create_connection((host, port))
        if len(sys.argv) > 5:
            s.sendall(sys.argv[5].encode().decode("unicode_escape")
                      .encode("latin-1"))
    s.settimeout(0.3)
    while time.monotonic() < end:
        try:
            sent += s.send(buf)
        except socket.timeout:
            sent = 1 << 20
        except OSError:
            if kind == "udp":      # ECONNREFUSED of an ICMP: go on
                time.sleep(0.001)
                continue
            break
        if not marked and sent >= 1 << 20:
            mark(path)
            marked = True


main()
