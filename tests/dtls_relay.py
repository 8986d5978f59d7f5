#!/usr/bin/env python3
"""tests/dtls_relay.py: UDP peers for the DTLS tests (t4040, t4041).

  dtls_relay.py silent [FILE]
      a UDP port that takes datagrams and never answers; each one is
      logged on stdout as "got N" (the handshake sent again is seen),
      and the first is written to FILE (a ClientHello, for spoof)
  dtls_relay.py spoof HOST PORT FILE N
      the datagram of FILE (a ClientHello without a cookie) sent to
      HOST PORT from N sockets, each a source that never answers, as
      spoofed ones cannot; prints "hvr K", K the HelloVerifyRequests
      that came back (DTLS handshake type 3), within a second each
  dtls_relay.py relay HOST PORT [--drop-first-server-hello] [--log]
      a relay from the port it binds to HOST PORT, for one client at a
      time: what the client sends goes on to the server from a socket of
      its own, what comes back goes to the client.  With
      --drop-first-server-hello the first datagram of the server that
      carries a ServerHello (DTLS record type 22, handshake type 2) is
      dropped, once; "dropped ServerHello" is logged.  --log logs each
      datagram's direction and size on stdout ("c>s 205", "s>c 90").
      With --empty-on-usr1 each SIGUSR1 sends an empty datagram to both
      ends, from the addresses they know (what a spoofer can send);
      "sent empty" is logged.  With --empty-to-client an empty datagram
      goes to the client before each of the server's (in the handshake
      too).

Both print "listening on 127.0.0.1 port N" on stderr once bound (the
tests' server helper reads it), then run until killed.
"""
import select
import signal
import socket
import sys


def bind():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
    sys.stderr.flush()
    return s


def out(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def silent(path):
    s = bind()
    while True:
        d, _ = s.recvfrom(65536)
        if path is not None:
            with open(path, "wb") as f:
                f.write(d)
            path = None
        out("got %d" % len(d))


def spoof(host, port, path, n):
    with open(path, "rb") as f:
        hello = f.read()
    socks = []
    for _ in range(n):
        c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        c.connect((host, port))
        c.send(hello)
        socks.append(c)
    hvr = 0
    for c in socks:
        c.settimeout(1.0)
        try:
            d = c.recv(65536)
        except OSError:
            continue
        if len(d) > 13 and d[0] == 22 and d[13] == 3:
            hvr += 1
        c.close()
    out("hvr %d" % hvr)


def server_hello(d):
    """A DTLS datagram whose first record is a handshake of type 2."""
    return len(d) > 13 and d[0] == 22 and d[13] == 2


def relay(host, port, drop, log, empty, empty_client):
    s = bind()
    up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    up.connect((host, port))
    client = None
    dropped = False

    def send_empty(signum, frame):
        up.send(b"")
        if client is not None:
            s.sendto(b"", client)
        out("sent empty")
    if empty:
        signal.signal(signal.SIGUSR1, send_empty)
    while True:
        r, _, _ = select.select([s, up], [], [])
        if s in r:
            d, a = s.recvfrom(65536)
            client = a
            if log:
                out("c>s %d" % len(d))
            try:
                up.send(d)
            except OSError:
                pass
        if up in r:
            try:
                d = up.recv(65536)
            except OSError:
                continue
            if drop and not dropped and server_hello(d):
                dropped = True
                out("dropped ServerHello")
                continue
            if log:
                out("s>c %d" % len(d))
            if client is not None:
                if empty_client:
                    s.sendto(b"", client)
                s.sendto(d, client)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "silent":
        silent(sys.argv[2] if len(sys.argv) > 2 else None)
    elif len(sys.argv) == 6 and sys.argv[1] == "spoof":
        spoof(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "relay":
        relay(sys.argv[2], int(sys.argv[3]),
              "--drop-first-server-hello" in sys.argv[4:],
              "--log" in sys.argv[4:],
              "--empty-on-usr1" in sys.argv[4:],
              "--empty-to-client" in sys.argv[4:])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
