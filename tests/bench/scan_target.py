#!/usr/bin/env python3
"""scan_target.py ADDR TCPPORTS UDPPORTS: the scanned host of scan_path.sh.

Listens on every TCP port of the comma list TCPPORTS (accepting and closing
each connection, as a service that a connect scan touches would) and
answers every datagram on the UDP ports of UDPPORTS (an empty list: none),
all on ADDR, in one process.  Says "listening on ADDR port N" (the first
TCP port) on stderr once every port is bound; runs until killed.
"""
import selectors
import socket
import sys


def main():
    addr, tcp, udp = sys.argv[1], sys.argv[2], sys.argv[3]
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    sel = selectors.DefaultSelector()
    first = None
    for p in [int(x) for x in tcp.split(",") if x]:
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, p))
        s.listen(128)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, "tcp")
        first = first or p
    for p in [int(x) for x in udp.split(",") if x]:
        s = socket.socket(fam, socket.SOCK_DGRAM)
        s.bind((addr, p))
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, "udp")
    sys.stderr.write("listening on %s port %d\n" % (addr, first or 0))
    sys.stderr.flush()
    while True:
        for key, _ in sel.select():
            s = key.fileobj
            try:
                if key.data == "tcp":
                    c, _ = s.accept()
                    c.close()
                else:
                    _, peer = s.recvfrom(65535)
                    s.sendto(b"ok\n", peer)
            except OSError:
                pass


if __name__ == "__main__":
    main()
