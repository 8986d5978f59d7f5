#!/usr/bin/env python3
"""udp_loop.py MODE ARG ...: datagrams for t1028's UDP loops (issue 60),
inside a network namespace of the test's own.

  forge SRC SPORT DST DPORT TEXT
                  one IPv4 UDP datagram of TEXT to DST DPORT, its source
                  forged as SRC SPORT: a raw socket (IP_HDRINCL; root)
  echo ADDR       an echo that loops with anyone: every datagram back to
                  its sender, counted; says "listening on ADDR port N"
                  on stderr, and on SIGTERM prints the count and exits
  ports SRC DST DPORT PORT ...
                  one datagram from SRC to DST DPORT from each PORT at
                  once, then a second's wait: "PORT reply" or
                  "PORT no reply" a line, in the order given
  rate SRC DST DPORT BURST SECS
                  from one port of SRC: BURST datagrams at once, the
                  replies read for 0.3 s ("burst N"); then one datagram
                  every 10 ms for SECS seconds, the replies read until
                  0.3 s after ("then N in MS ms", MS from the end of
                  the burst)
"""
import select
import signal
import socket
import struct
import sys
import time


def forge(src, sport, dst, dport, text):
    data = text.encode()
    udp = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    # the kernel fills in the total length, the ID and the checksum
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 0, 0, 0, 64,
                     socket.IPPROTO_UDP, 0, socket.inet_aton(src),
                     socket.inet_aton(dst))
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.sendto(ip + udp, (dst, 0))


def echo(addr):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 0))
    count = [0]

    def stop(sig, frame):
        print(count[0], flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    sys.stderr.write("listening on %s port %d\n" % (addr, s.getsockname()[1]))
    sys.stderr.flush()
    while True:
        d, peer = s.recvfrom(65535)
        count[0] += 1
        s.sendto(d, peer)


def drain(s, quiet):
    """Replies until quiet seconds pass without one: how many."""
    got = 0
    while select.select([s], [], [], quiet)[0]:
        s.recv(65535)
        got += 1
    return got


def ports(src, dst, dport, plist):
    socks = []
    for p in plist:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((src, int(p)))
        s.sendto(b"from port " + p.encode(), (dst, dport))
        socks.append(s)
    end = time.monotonic() + 1.0
    got = set()
    while time.monotonic() < end:
        r = select.select(socks, [], [], max(0, end - time.monotonic()))[0]
        for s in r:
            s.recv(65535)
            got.add(s)
    for p, s in zip(plist, socks):
        print("%s %s" % (p, "reply" if s in got else "no reply"))


def rate(src, dst, dport, burst, secs):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind((src, 0))
    for i in range(burst):
        s.sendto(b"b%d" % i, (dst, dport))
    # the bucket is empty no earlier than now
    t0 = time.monotonic()
    print("burst %d" % drain(s, 0.3))
    got = 0
    t1 = time.monotonic()
    i = 0
    while time.monotonic() - t1 < secs:
        s.sendto(b"r%d" % i, (dst, dport))
        i += 1
        # the client's own pace, not a wait for the server
        while select.select([s], [], [], 0.01)[0]:
            s.recv(65535)
            got += 1
    got += drain(s, 0.3)
    print("then %d in %d ms" % (got, (time.monotonic() - t0) * 1000))


def main():
    mode, a = sys.argv[1], sys.argv[2:]
    if mode == "forge":
        forge(a[0], int(a[1]), a[2], int(a[3]), a[4])
    elif mode == "echo":
        echo(a[0])
    elif mode == "ports":
        ports(a[0], a[1], int(a[2]), a[3:])
    elif mode == "rate":
        rate(a[0], a[1], int(a[2]), int(a[3]), float(a[4]))
    else:
        sys.exit("no such mode: " + mode)


if __name__ == "__main__":
    main()
