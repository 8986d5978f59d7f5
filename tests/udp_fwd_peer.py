#!/usr/bin/env python3
"""udp_fwd_peer.py MODE ADDR [MS]: a UDP target for the forwarder's tests.

Binds ADDR port 0, says "listening on ADDR port N" on stderr as sockt's
servers do, then answers as MODE says:

  echo    every datagram back unchanged, to whoever sent it (0 bytes too)
  dns     a DNS query (RFC 1035) with a response: the query's ID and
          question, one answer, an A record 192.0.2.1 (TTL 60), so that
          dig +short prints 192.0.2.1; anything else gets no answer
  late MS every datagram back unchanged, MS milliseconds after it came:
          its sender may be gone by then
  refuse  a port that refuses: the socket is connected to itself, so a
          datagram from anyone else finds no socket and the kernel
          answers ICMP port unreachable; the port stays ours, no other
          bind can take it.  On SIGUSR1 a second socket binds the same
          port (SO_REUSEADDR on both), says "echoing" on stderr and
          echoes from then on: the target came back.
"""
import select
import signal
import socket
import struct
import sys
import time


def dns_answer(d):
    if len(d) < 17 or d[2] & 0x80:
        return None
    qd = struct.unpack("!H", d[4:6])[0]
    if qd != 1:
        return None
    # the question: labels up to the root, then QTYPE and QCLASS
    i = 12
    while i < len(d) and d[i] != 0:
        i += 1 + d[i]
    end = i + 5
    if end > len(d):
        return None
    q = d[12:end]
    head = d[:2] + b"\x81\x80" + struct.pack("!HHHH", 1, 1, 0, 0)
    # the answer names the question by a pointer to offset 12
    ans = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + \
        bytes([192, 0, 2, 1])
    return head + q + ans


def serve(s, answer):
    while True:
        d, peer = s.recvfrom(65535)
        r = answer(d)
        if r is not None:
            s.sendto(r, peer)


def serve_late(s, ms):
    due = []
    while True:
        wait = max(0.0, due[0][0] - time.monotonic()) if due else None
        if select.select([s], [], [], wait)[0]:
            d, peer = s.recvfrom(65535)
            due.append((time.monotonic() + ms / 1000.0, d, peer))
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, d, peer = due.pop(0)
            s.sendto(d, peer)


def main():
    mode, addr = sys.argv[1], sys.argv[2]
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    # room for a burst while this slow loop catches up
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    if mode == "refuse":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 0))
    port = s.getsockname()[1]
    if mode == "refuse":
        s.connect((addr, port))
    sys.stderr.write("listening on %s port %d\n" % (addr, port))
    sys.stderr.flush()
    if mode == "refuse":
        back = []
        signal.signal(signal.SIGUSR1, lambda *a: back.append(1))
        while not back:
            signal.pause()
        e = socket.socket(fam, socket.SOCK_DGRAM)
        e.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        e.bind((addr, port))
        sys.stderr.write("echoing\n")
        sys.stderr.flush()
        serve(e, lambda d: d)
    if mode == "late":
        serve_late(s, int(sys.argv[3]))
    serve(s, {"echo": lambda d: d, "dns": dns_answer}[mode])


if __name__ == "__main__":
    main()
