#!/usr/bin/env python3
"""udp_fwd_client.py MODE HOST PORT [ARG ...]: clients of a UDP forwarder
in front of an echo (udp_fwd_peer.py echo), for t1025.  Each prints what
it saw, one fact a line, and exits 1 when a reply is missing or wrong.

  own N COUNT     N sockets (N ports) send COUNT datagrams each, a
                  round of one from each at a time, each tagged with its
                  socket; every socket must get back exactly its own,
                  none of another's
  storm N COUNT   N sockets send COUNT datagrams each, all at once, then
                  read for a second: with -m under N, sessions close
                  under the batch; no reply may reach another client
  sizes [N ...]   datagrams of N bytes (by default 0, 1, 65,507 (the
                  IPv4 UDP maximum) and 0) come back the same, their
                  boundaries kept
  sessions N [W [S]]
                  N sockets, each a new session: one datagram and its
                  reply each, all held open to the end, in waves of W
                  (50) at once, each wave's replies awaited S seconds
                  (10) at most
  evict           with -m 2: A, B, A again, then C opens a third
                  session, which must close B (the idlest), not A;
                  prints the three ports, then A and C still answered
  from SRC        one datagram from source address SRC: "reply" or
                  "no reply" (within 1 s)
  hold N          N sockets from the same address at once: how many
                  get a reply (the rest are refused, --max-per-peer)
  burst N ROUNDS  N sockets each send ROUNDS bursts of 30 datagrams
                  without waiting (runs of 512, 700 and 1,400 bytes
                  between a 100, a 0 and a 1), every burst's replies
                  read before the next: each socket must get back its
                  own, in order, every boundary kept (a sender or an
                  echo that merges a run into one buffer must cut it
                  back as it was)
  quiet N SIZE    one socket sends N datagrams of SIZE bytes at once;
                  prints how many replies came (until 1 s of quiet)
"""
import os
import select
import socket
import sys
import time


def sock(host, src=None):
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    s.bind((src or ("::1" if fam == socket.AF_INET6 else "127.0.0.1"), 0))
    return s


def ask(s, dest, data, timeout=5.0):
    s.sendto(data, dest)
    r, _, _ = select.select([s], [], [], timeout)
    if not r:
        return None
    return s.recvfrom(65535)[0]


def main():
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    dest = (host, port)
    args = sys.argv[4:]
    bad = 0
    if mode == "own":
        n, count = int(args[0]), int(args[1])
        ss = [sock(host) for _ in range(n)]
        got = [[] for _ in range(n)]
        for i in range(count):
            for k, s in enumerate(ss):
                s.sendto(b"c%d:%d" % (k, i), dest)
            # this round's replies before the next: at most N in flight,
            # so a loaded machine's queues cannot overflow
            for k, s in enumerate(ss):
                while len(got[k]) <= i and select.select([s], [], [], 5)[0]:
                    got[k].append(s.recv(65535))
        for k, s in enumerate(ss):
            while len(got[k]) < count and select.select([s], [], [], 5)[0]:
                got[k].append(s.recv(65535))
            want = [b"c%d:%d" % (k, i) for i in range(count)]
            if sorted(got[k]) != sorted(want):
                strange = [g for g in got[k] if not g.startswith(b"c%d:" % k)]
                print("client %d: %d replies, %d of another client" %
                      (k, len(got[k]), len(strange)))
                bad = 1
        if not bad:
            print("%d clients, %d datagrams each: each got its own back" %
                  (n, count))
    elif mode == "storm":
        n, count = int(args[0]), int(args[1])
        ss = [sock(host) for _ in range(n)]
        for i in range(count):
            for k, s in enumerate(ss):
                s.sendto(b"c%d:%d" % (k, i), dest)
        got = foreign = 0
        end = time.monotonic() + 1.0
        while True:
            left = end - time.monotonic()
            r = select.select(ss, [], [], max(left, 0))[0] if left > 0 \
                else []
            if not r:
                break
            for s in r:
                d = s.recv(65535)
                got += 1
                if not d.startswith(b"c%d:" % ss.index(s)):
                    foreign += 1
        print("%d replies, %d of another client" % (got, foreign))
        bad = foreign != 0
    elif mode == "sizes":
        s = sock(host)
        for n in [int(a) for a in args] or (0, 1, 65507, 0):
            data = os.urandom(n)
            r = ask(s, dest, data)
            if r is None:
                print("%d bytes: no reply" % n)
                bad = 1
            else:
                print("%d bytes: %d back, %s" %
                      (n, len(r), "the same" if r == data else "different"))
                bad |= r != data
    elif mode == "sessions":
        n = int(args[0])
        wave = int(args[1]) if len(args) > 1 else 50
        wait = float(args[2]) if len(args) > 2 else 10.0
        ss = [sock(host) for _ in range(n)]
        ok = 0
        # in waves of 50: all at once would overflow a socket's queue
        # on a loaded machine, and a session needs no company to count
        for w in range(0, n, wave):
            for k in range(w, min(n, w + wave)):
                ss[k].sendto(b"s%d" % k, dest)
            end = time.monotonic() + wait
            for k in range(w, min(n, w + wave)):
                left = max(0.0, end - time.monotonic())
                if select.select([ss[k]], [], [], left)[0] and \
                        ss[k].recv(65535) == b"s%d" % k:
                    ok += 1
        print("%d sessions: %d replies" % (n, ok))
        bad = ok != n
    elif mode == "evict":
        a, b, c = sock(host), sock(host), sock(host)
        for name, s in (("A", a), ("B", b), ("A", a), ("C", c)):
            if ask(s, dest, name.encode()) != name.encode():
                print("%s: no reply" % name)
                bad = 1
        print("ports A %d B %d C %d" % (a.getsockname()[1],
              b.getsockname()[1], c.getsockname()[1]))
        if ask(a, dest, b"A2") != b"A2" or ask(c, dest, b"C2") != b"C2":
            print("A or C lost their session")
            bad = 1
    elif mode == "from":
        s = sock(host, args[0])
        print("reply" if ask(s, dest, b"hi", 1.0) == b"hi" else "no reply")
    elif mode == "hold":
        n = int(args[0])
        ss = [sock(host) for _ in range(n)]
        ok = sum(1 for s in ss if ask(s, dest, b"h", 1.0) == b"h")
        print("%d of %d answered" % (ok, n))
    elif mode == "burst":
        n, rounds = int(args[0]), int(args[1])
        sizes = [512] * 10 + [100, 0] + [700] * 6 + [1] + [1400] * 10 + [300]
        ss = [sock(host) for _ in range(n)]
        for r in range(rounds):
            want = []
            for k, s in enumerate(ss):
                want.append([(b"%d:%d:%d:" % (k, r, i) +
                              bytes((k * 31 + i + j) % 256
                                    for j in range(z)))[:z]
                             for i, z in enumerate(sizes)])
                for d in want[k]:
                    s.sendto(d, dest)
            for k, s in enumerate(ss):
                got = []
                while len(got) < len(sizes) and \
                        select.select([s], [], [], 5)[0]:
                    got.append(s.recv(65535))
                if got != want[k]:
                    same = sum(1 for a, b in zip(got, want[k]) if a == b)
                    print("socket %d, burst %d: %d replies, %d as sent" %
                          (k, r, len(got), same))
                    print("  sizes back: %s" % [len(g) for g in got])
                    bad = 1
        if not bad:
            print("%d sockets, %d bursts of %d: all back as sent" %
                  (n, rounds, len(sizes)))
    elif mode == "quiet":
        n, size = int(args[0]), int(args[1])
        s = sock(host)
        for i in range(n):
            s.sendto((b"%d:" % i).ljust(size, b"q"), dest)
        got = 0
        while select.select([s], [], [], 1.0)[0]:
            s.recv(65535)
            got += 1
        print("%d replies" % got)
    else:
        sys.exit("no such mode: " + mode)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
