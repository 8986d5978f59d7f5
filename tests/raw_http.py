#!/usr/bin/env python3
# raw_http.py: the two raw ends of the HTTP proxy tests (t1049), which
# judge the exact bytes a proxy passes on.
#
# raw_http.py origin DIR: an origin server that records each request it
# gets, exactly as the bytes came (head, body by its Content-Length or
# its chunks, trailers), in DIR/last (written before the answer), and
# answers by the path with a hand-made response:
#   /te-gzip-cl   Transfer-Encoding: gzip beside Content-Length: 5, a
#                 gzip body, then closes
#   /gz-chunked   Transfer-Encoding: gzip, chunked: "hello proxy" gzipped
#   /204-cl       204 with Content-Length: 0
#   /100-cl       a 100 Continue with Content-Length: 5, then 200 "ok"
#   /cl-55        Content-Length: 5, 5 and Content-Length: 5, "hello"
#   /chunk-odd    chunked: leading zeros, an extension, a trailer field
#   /chunk-lf     chunked with a bare LF after a size
#   /chunk-cl-trailer  chunked, Content-Length in its trailer
#   /via          a Via field of its own, "ok"
#   /http10       an HTTP/1.0 response, "ok"
#   /slow-body    Content-Length: 1000000, three bytes, then silence
#   /te-cl-keep   chunked "ok" beside Content-Length: 2, kept open
#   /http10-te    an HTTP/1.0 response, keep-alive, chunked "ok"
#   /nth          "N": this is the connection's Nth request
#   anything else 200 "ok" with Content-Length: 2
# It closes when the request said Connection: close.  Announces
# "listening on 127.0.0.1 port N" on stderr.
#
# raw_http.py client PORT: the bytes of stdin sent to 127.0.0.1 PORT as
# they are (never half-closed), then everything that comes back until
# the proxy closes, to stdout; with --time the seconds that took on
# stderr.
import gzip
import os
import socket
import sys
import threading
import time


def client(port, timed):
    req = sys.stdin.buffer.read()
    c = socket.create_connection(("127.0.0.1", port))
    t0 = time.monotonic()
    c.sendall(req)
    got = b""
    while True:
        b = c.recv(65536)
        if not b:
            break
        got += b
    sys.stdout.buffer.write(got)
    if timed:
        sys.stderr.write("%.1f\n" % (time.monotonic() - t0))


GZ = gzip.compress(b"hello proxy\n", mtime=0)
RESP = {
    "/te-gzip-cl": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n"
                   b"Content-Length: 5\r\n\r\n" + GZ,
    "/gz-chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked"
                   b"\r\n\r\n" + b"%x\r\n" % len(GZ) + GZ + b"\r\n0\r\n\r\n",
    "/204-cl": b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n",
    "/100-cl": b"HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\n"
               b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "/cl-55": b"HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n"
              b"Content-Length: 5\r\n\r\nhello",
    "/chunk-odd": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"005;x=y\r\nhello\r\n000\r\nX-T: 1\r\n\r\n",
    "/chunk-lf": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 b"5\nhello\r\n0\r\n\r\n",
    "/chunk-cl-trailer": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                         b"chunked\r\n\r\n5\r\nhello\r\n0\r\n"
                         b"Content-Length: 99\r\n\r\n",
    "/via": b"HTTP/1.1 200 OK\r\nVia: 1.0 upstream\r\n"
            b"Content-Length: 2\r\n\r\nok",
    "/http10": b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
    "/slow-body": b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\nabc",
    "/te-cl-keep": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                   b"Content-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    "/http10-te": b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
}
CLOSES = ("/te-gzip-cl",)


class Conn:
    def __init__(self, c):
        self.c = c
        self.buf = b""

    def more(self):
        b = self.c.recv(65536)
        if not b:
            raise EOFError
        self.buf += b

    def upto(self, sep):
        while sep not in self.buf:
            self.more()
        i = self.buf.index(sep) + len(sep)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def take(self, n):
        while len(self.buf) < n:
            self.more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


def field(head, name):
    for line in head.split(b"\r\n")[1:]:
        n, _, v = line.partition(b":")
        if n.strip().lower() == name:
            return v.strip()
    return None


def request(k):
    head = k.upto(b"\r\n\r\n")
    raw = head
    te = field(head, b"transfer-encoding")
    cl = field(head, b"content-length")
    if te is not None and te.lower().endswith(b"chunked"):
        while True:
            line = k.upto(b"\r\n")
            raw += line
            size = int(line.split(b";")[0].strip(), 16)
            if size == 0:
                break
            raw += k.take(size + 2)
        while True:
            line = k.upto(b"\r\n")
            raw += line
            if line == b"\r\n":
                break
    elif cl is not None:
        raw += k.take(int(cl))
    return head, raw


def serve(c, d):
    k = Conn(c)
    nth = 0
    try:
        while True:
            head, raw = request(k)
            nth += 1
            path = head.split(b" ")[1].decode("latin-1")
            with open(os.path.join(d, "last.tmp"), "wb") as f:
                f.write(raw)
            os.rename(os.path.join(d, "last.tmp"), os.path.join(d, "last"))
            if path == "/nth":
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n"
                          b"\r\n%d" % (len(b"%d" % nth), nth))
            else:
                c.sendall(RESP.get(path, b"HTTP/1.1 200 OK\r\n"
                                   b"Content-Length: 2\r\n\r\nok"))
            conn = field(head, b"connection") or b""
            if path in CLOSES or b"close" in conn.lower():
                break
            if path == "/slow-body":
                k.more()
    except (EOFError, OSError, ValueError):
        pass
    try:
        c.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    c.close()


def origin(d):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    sys.stderr.write("origin: listening on 127.0.0.1 port %d\n" %
                     s.getsockname()[1])
    sys.stderr.flush()
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, d), daemon=True).start()


if sys.argv[1] == "origin":
    origin(sys.argv[2])
else:
    client(int(sys.argv[2]), "--time" in sys.argv)
