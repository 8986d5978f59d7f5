#!/usr/bin/env python3
# http_end.py: an HTTPS server, and an HTTPS proxy that is its own
# origin, that tell how http-get's connections end, for
# t2052-http-ends.sh.  Standard library only; the TLS is tls_end.py's
# (ssl.SSLObject over memory BIOs, OP_IGNORE_UNEXPECTED_EOF cleared), so
# that a close_notify and a bare end of the TCP stream read differently,
# and it runs inside TLS as well as over a socket.
#
#   http_end.py https CERT KEY N
#       serves N connections at once on 127.0.0.1 port 0 ("listening on
#       127.0.0.1 port P" on stderr): TLS, then, once all N have shaken
#       hands, HTTP/1.1 requests, each answered "hello\n" (a kept
#       connection, but for Connection: close).  When the client ends:
#       "conn I: end HOW" (close_notify, bare-eof, reset), then our own
#       close_notify, as OpenSSL's servers answer one, and the rest of
#       the TCP stream read: "conn I: then eof" or "then reset", then a
#       close.
#   http_end.py proxy CERT KEY N
#       the same behind an https:// proxy's CONNECT: TLS to us as the
#       proxy, the CONNECT answered 200, then TLS to us as the origin
#       inside it.  "conn I: inner end HOW", our inner close_notify,
#       "conn I: outer end HOW", our outer close_notify, then the TCP
#       stream's end as above.
#   http_end.py hold N
#       plain HTTP, N connections at once, each answered "hello\n" with
#       Connection: close, then held open past the client's end for 30
#       s: a peer that never ends ("conn I: eof, held").
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tls_end import WAIT, Conn, Ended, ctx_of, say  # noqa: E402


class Tunnel:
    """A socket's face of a Conn's bytes, for TLS inside its TLS."""

    def __init__(self, c):
        self.c = c

    def settimeout(self, t):
        pass

    def sendall(self, b):
        self.c.send(b)

    def recv(self, n):
        if not self.c.buf:
            try:
                self.c.more()
            except Ended:
                return b""  # its end, kept in c.ended for later
        d, self.c.buf = self.c.buf, b""
        return d


def serve_http(c):
    """Requests until the client's end: how it ended."""
    while True:
        try:
            head = c.until(b"\r\n\r\n")
        except Ended as e:
            return str(e).split(" (")[0]
        close = b"connection: close" in head.lower()
        c.send(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n" +
               (b"Connection: close\r\n" if close else b"") +
               b"\r\nhello\n")


def notify(c):
    try:
        c.notify()
    except OSError:
        pass


def tcp_end(i, sock):
    """The rest of the TCP stream after our close_notify."""
    try:
        while sock.recv(65536):
            pass
        say("conn %d: then eof" % i)
    except OSError:
        say("conn %d: then reset" % i)
    sock.close()


def one_https(i, s, ctx, all_in):
    c = Conn(s, ctx, True)
    try:
        c.handshake()
        all_in.wait(WAIT)
    except (Ended, OSError, threading.BrokenBarrierError) as e:
        say("conn %d: no handshake (%s)" % (i, e))
        s.close()
        return
    say("conn %d: end %s" % (i, serve_http(c)))
    notify(c)
    tcp_end(i, s)


def one_proxy(i, s, ctx):
    outer = Conn(s, ctx, True)
    outer.handshake()
    try:
        head = outer.until(b"\r\n\r\n")
    except Ended:
        say("conn %d: no CONNECT" % i)
        return
    say("conn %d: %s" % (i, head.split(b" ")[0].decode()))
    outer.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
    inner = Conn(Tunnel(outer), ctx, True)
    inner.handshake()
    say("conn %d: inner end %s" % (i, serve_http(inner)))
    notify(inner)
    try:
        while True:
            outer.more()
    except Ended as e:
        say("conn %d: outer end %s" % (i, str(e).split(" (")[0]))
    notify(outer)
    tcp_end(i, s)


def hold(i, s):
    s.settimeout(WAIT)
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(65536)
    s.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n"
              b"Connection: close\r\n\r\nhello\n")
    try:
        while s.recv(65536):
            pass
        say("conn %d: eof, held" % i)
    except OSError as e:
        say("conn %d: %s" % (i, e))
    time.sleep(30)
    s.close()


def main():
    mode = sys.argv[1]
    n = int(sys.argv[-1])
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    sys.stderr.write("listening on 127.0.0.1 port %d\n" % ls.getsockname()[1])
    sys.stderr.flush()
    ctx = None
    if mode != "hold":
        ctx = ctx_of(True, cert=sys.argv[2], key=sys.argv[3])
    threads = []
    all_in = threading.Barrier(n)
    for i in range(1, n + 1):
        s, _ = ls.accept()
        if mode == "proxy":
            one_proxy(i, s, ctx)
            continue
        args = (i, s) if mode == "hold" else (i, s, ctx, all_in)
        th = threading.Thread(target=hold if mode == "hold" else one_https,
                              args=args, daemon=True)
        th.start()
        threads.append(th)
    for th in threads:
        th.join()


main()
