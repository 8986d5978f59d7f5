#!/usr/bin/env python3
"""Peers that measure a path made by tests/pathemu (standard library only).

  echo ADDR              UDP echo on ADDR, port 0; prints "listening on
                         ADDR port N" on stderr, echoes until killed
  ping ADDR PORT N MS    N numbered datagrams, one every MS ms, to an echo;
                         waits for the last echoes up to 3 s (or until all
                         are back), then prints one line:
                         sent N received N reordered N dup N
                         min MS median MS max MS
                         (reordered: echoes that arrived after a later one)
  sink ADDR              TCP on ADDR, port 0; prints "listening on ..." on
                         stderr, takes one connection, reads it to its end
                         and prints "bytes N secs S" (first byte to end)
  send ADDR PORT BYTES   connects, sends BYTES bytes, half-closes, waits for
                         the end of the peer's side
Addresses are the caller's: it runs inside a namespace of the path.
"""
import select
import socket
import struct
import sys
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def listening(sock, addr):
    sys.stderr.write("listening on %s port %d\n" % (addr, sock.getsockname()[1]))
    sys.stderr.flush()


def echo(addr):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.bind((addr, 0))
    listening(s, addr)
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


def ping(addr, port, n, ms):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.connect((addr, port))
    s.setblocking(False)
    sent_at = {}
    rtts = []
    seen = set()
    highest = -1
    reordered = dup = 0
    gap = ms / 1000.0
    t0 = time.monotonic()
    i = 0
    end = None
    while True:
        now = time.monotonic()
        if i < n and now >= t0 + i * gap:
            sent_at[i] = now
            s.send(struct.pack("!I", i) + b"x" * 28)
            i += 1
            if i == n:
                end = time.monotonic() + 3.0
            continue
        if end is not None and (now >= end or len(seen) == n):
            break
        wait = (t0 + i * gap - now) if i < n else (end - now)
        r, _, _ = select.select([s], [], [], max(wait, 0))
        if not r:
            continue
        while True:
            try:
                data = s.recv(65535)
            except BlockingIOError:
                break
            except ConnectionRefusedError:
                continue
            got = time.monotonic()
            (k,) = struct.unpack("!I", data[:4])
            if k in seen:
                dup += 1
                continue
            seen.add(k)
            rtts.append((got - sent_at[k]) * 1000)
            if k < highest:
                reordered += 1
            highest = max(highest, k)
    rtts.sort()
    med = rtts[len(rtts) // 2] if rtts else 0
    print("sent %d received %d reordered %d dup %d min %.1f median %.1f max %.1f"
          % (n, len(seen), reordered, dup, rtts[0] if rtts else 0, med,
             rtts[-1] if rtts else 0))


def sink(addr):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.bind((addr, 0))
    s.listen(1)
    listening(s, addr)
    c, _ = s.accept()
    total = 0
    first = None
    while True:
        data = c.recv(1 << 16)
        if not data:
            break
        if first is None:
            first = time.monotonic()
        total += len(data)
    secs = time.monotonic() - first if first is not None else 0
    c.close()
    print("bytes %d secs %.3f" % (total, secs))


def send(addr, port, nbytes):
    c = socket.create_connection((addr, port))
    chunk = b"\0" * (1 << 16)
    left = nbytes
    while left > 0:
        left -= c.send(chunk[:min(left, len(chunk))])
    c.shutdown(socket.SHUT_WR)
    while c.recv(1 << 16):
        pass
    c.close()


def main():
    a = sys.argv[1:]
    if a[:1] == ["echo"] and len(a) == 2:
        echo(a[1])
    elif a[:1] == ["ping"] and len(a) == 5:
        ping(a[1], int(a[2]), int(a[3]), float(a[4]))
    elif a[:1] == ["sink"] and len(a) == 2:
        sink(a[1])
    elif a[:1] == ["send"] and len(a) == 4:
        send(a[1], int(a[2]), int(a[3]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
