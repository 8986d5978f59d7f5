#!/usr/bin/env python3
# http_end.py: an HTTPS server, and an HTTPS proxy that is its own
# origin, that tell how http-get's connections end, for
# t2052-http-ends.sh.  Standard library only; the TLS runs on
# ssl.SSLObject over memory BIOs with OP_IGNORE_UNEXPECTED_EOF cleared
# (as tls_end.py), so that a close_notify and a bare end of the TCP
# stream read differently, and TLS can run inside TLS.
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
import socket
import ssl
import sys
import threading
import time

WAIT = 15


class Ended(Exception):
    pass


class Raw:
    def __init__(self, sock):
        self.sock = sock
        sock.settimeout(WAIT)

    def send(self, b):
        self.sock.sendall(b)

    def recv(self):
        try:
            return self.sock.recv(65536)
        except socket.timeout:
            raise Ended("timeout")
        except ConnectionResetError:
            raise Ended("reset")


class Tls:
    """TLS, server side, over a Raw or another Tls."""

    def __init__(self, below, ctx):
        self.below = below
        self.inc = ssl.MemoryBIO()
        self.out = ssl.MemoryBIO()
        self.o = ctx.wrap_bio(self.inc, self.out, server_side=True)
        self.buf = b""

    def flush(self):
        d = self.out.read()
        if d:
            self.below.send(d)

    def pump(self):
        d = self.below.recv()
        if d:
            self.inc.write(d)
        else:
            self.inc.write_eof()

    def handshake(self):
        while True:
            try:
                self.o.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.flush()
                self.pump()
        self.flush()

    def send(self, b):
        self.o.write(b)
        self.flush()

    def recv(self):
        """Bytes, b'' at close_notify; Ended for any other end."""
        while True:
            try:
                return self.o.read(65536)
            except ssl.SSLWantReadError:
                self.flush()
                self.pump()
            except ssl.SSLZeroReturnError:
                return b""
            except ssl.SSLEOFError:
                raise Ended("bare-eof")
            except ssl.SSLError as e:
                raise Ended("tls-error (%s)" % e.reason)

    def notify(self):
        try:
            self.o.unwrap()
        except ssl.SSLWantReadError:
            pass
        self.flush()


def say(s):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


def serve_http(t):
    """Requests until the client's end: how it ended."""
    buf = b""
    while True:
        while b"\r\n\r\n" not in buf:
            try:
                d = t.recv()
            except Ended as e:
                return str(e)
            if not d:
                return "close_notify"
            buf += d
        head, _, buf = buf.partition(b"\r\n\r\n")
        close = b"connection: close" in head.lower()
        t.send(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n" +
               (b"Connection: close\r\n" if close else b"") +
               b"\r\nhello\n")


def tcp_end(i, raw):
    """The rest of the TCP stream after our close_notify."""
    try:
        while raw.recv():
            pass
        say("conn %d: then eof" % i)
    except (Ended, OSError):
        say("conn %d: then reset" % i)
    raw.sock.close()


def one_https(i, s, ctx, all_in):
    raw = Raw(s)
    t = Tls(raw, ctx)
    try:
        t.handshake()
        all_in.wait(WAIT)
    except (Ended, OSError, ssl.SSLError, threading.BrokenBarrierError) as e:
        say("conn %d: no handshake (%s)" % (i, e))
        raw.sock.close()
        return
    say("conn %d: end %s" % (i, serve_http(t)))
    try:
        t.notify()
    except OSError:
        pass
    tcp_end(i, raw)


def one_proxy(i, s, ctx):
    raw = Raw(s)
    outer = Tls(raw, ctx)
    outer.handshake()
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = outer.recv()
        if not d:
            say("conn %d: no CONNECT" % i)
            return
        buf += d
    say("conn %d: %s" % (i, buf.split(b"\r\n")[0].split(b" ")[0].decode()))
    outer.send(b"HTTP/1.1 200 Connection established\r\n\r\n")
    inner = Tls(outer, ctx)
    inner.handshake()
    say("conn %d: inner end %s" % (i, serve_http(inner)))
    try:
        inner.notify()
    except OSError:
        pass
    try:
        how = "data" if outer.recv() else "close_notify"
    except Ended as e:
        how = str(e)
    say("conn %d: outer end %s" % (i, how))
    try:
        outer.notify()
    except OSError:
        pass
    tcp_end(i, raw)


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
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        ctx.options &= ~getattr(ssl, "OP_IGNORE_UNEXPECTED_EOF", 0)
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
