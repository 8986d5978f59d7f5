#!/usr/bin/env python3
"""udp_fwd_sw.py PORT COUNT SIZE CLIENTS: the stop-and-wait client of
tests/bench/udp_fwd.sh.  CLIENTS sockets on 127.0.0.1, each its own port,
take turns to send one datagram of SIZE bytes to 127.0.0.1 PORT and wait
(200 ms at most) for its echo, COUNT datagrams in all.  A reply not the
datagram sent is counted as wrong, one that does not come in time as
lost, as is one refused (ICMP port unreachable).  Prints "sent N
received N lost N wrong N secs S p50us N", the last the median round
trip in microseconds."""
import select
import socket
import sys
import time


def main():
    port, count, size, n = (int(a) for a in sys.argv[1:5])
    dest = ("127.0.0.1", port)
    ss = []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.connect(dest)
        ss.append(s)
    got = lost = wrong = 0
    lat = []
    t0 = time.monotonic()
    for i in range(count):
        s = ss[i % n]
        data = (b"%02d %011d " % (i % n, i)).ljust(size, b"x")
        t = time.monotonic()
        try:
            s.send(data)
        except ConnectionRefusedError:
            s.send(data)    # the error of an earlier datagram, said now
        while True:
            if not select.select([s], [], [], 0.2)[0]:
                lost += 1
                break
            try:
                r = s.recv(65535)
            except ConnectionRefusedError:
                # ICMP: nothing listened when it came (socat's parent
                # binds anew after each fork): lost
                lost += 1
                break
            if r == data:
                got += 1
                lat.append(time.monotonic() - t)
                break
            wrong += 1
    t1 = time.monotonic()
    lat.sort()
    p50 = lat[len(lat) // 2] * 1e6 if lat else 0
    print("sent %d received %d lost %d wrong %d secs %.3f p50us %.0f" %
          (count, got, lost, wrong, t1 - t0, p50))


if __name__ == "__main__":
    main()
