#!/usr/bin/env python3
# http_origin.py DIR: an origin server behind the HTTP proxy tests
# (t1047), with persistent connections and every framing a body can
# have.  http_origin.py --body N writes the N bytes of a body to stdout
# (random, but the same for the same N) so a test can compare.
# The paths (N a size in bytes):
#   /cl/N       Content-Length
#   /chunked/N  chunked, chunks of 1, 7, 100, 4096 and 65536 bytes in
#               turn, then a trailer field
#   /close/N    no length: the body ends when the server closes
#   /bye/N      Content-Length, but Connection: close, then closes
#   /http10/N   an HTTP/1.0 response with a length and no keep-alive:
#               closes after
#   /ka10/N     HTTP/1.0 with Connection: keep-alive: stays
#   /hop/N      Content-Length, with hop-by-hop fields besides
#               (Connection: X-Secret, X-Secret, Keep-Alive, Upgrade)
#   /early/N    a 103 Early Hints first, then Content-Length
#   /204, /304  no body (304 with a Content-Length of 1000)
#   /echo       the request's body (Content-Length or chunked) read,
#               answered "LENGTH SHA256"; with Expect: 100-continue a
#               100 Continue comes first
#   /head       the request head, as it came, and its body (by its
#               Content-Length) are the body
#   /silent     no answer: the connection is held until the client
#               closes it
# HEAD gets the head of GET.  Every request is appended to DIR/origin.log
# as "CONN METHOD TARGET", CONN counting connections from 1.  Announces
# "listening on 127.0.0.1 port N" on stderr.
import hashlib
import os
import random
import socket
import sys
import threading


def body(n):
    return random.Random(n).randbytes(n)


if sys.argv[1] == "--body":
    sys.stdout.buffer.write(body(int(sys.argv[2])))
    sys.exit(0)

d = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
lock = threading.Lock()
log = open(os.path.join(d, "origin.log"), "a")


class Conn:
    def __init__(self, c):
        self.c = c
        self.buf = b""

    def fill(self):
        chunk = self.c.recv(65536)
        if not chunk:
            raise EOFError
        self.buf += chunk

    def line(self):
        while b"\r\n" not in self.buf:
            self.fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n):
        while len(self.buf) < n:
            self.fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def head(self):
        while b"\r\n\r\n" not in self.buf:
            self.fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        return head

    def chunked(self):
        out = b""
        while True:
            size = int(self.line().split(b";")[0], 16)
            if size == 0:
                while self.line() != b"":
                    pass
                return out
            out += self.exact(size)
            self.exact(2)


def chunks(data):
    sizes = [1, 7, 100, 4096, 65536]
    out, i, k = b"", 0, 0
    while i < len(data):
        n = sizes[k % len(sizes)]
        part = data[i:i + n]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
        i += n
        k += 1
    return out + b"0\r\nX-Trailer: done\r\n\r\n"


def answer(conn, method, target, fields, head):
    """The response's bytes, and whether the connection ends after."""
    parts = target.split("?")[0].split("/")
    kind = parts[1] if len(parts) > 1 else ""
    n = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
    ok = b"HTTP/1.1 200 OK\r\n"
    close = False
    if kind == "echo":
        if fields.get("expect", "").lower() == "100-continue":
            conn.c.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        if "chunked" in fields.get("transfer-encoding", "").lower():
            data = conn.chunked()
        else:
            data = conn.exact(int(fields.get("content-length", "0")))
        b = b"%d %s\n" % (len(data), hashlib.sha256(data).hexdigest().encode())
        h = ok + b"Content-Length: %d\r\n" % len(b)
    elif kind == "silent":
        while conn.c.recv(65536):
            pass
        return b"", True
    elif kind == "head":
        b = head + b"\r\n\r\n" + conn.exact(int(fields.get(
            "content-length", "0")))
        h = ok + b"Content-Length: %d\r\n" % len(b)
    elif kind == "204":
        b, h = b"", b"HTTP/1.1 204 No Content\r\n"
    elif kind == "304":
        b = b""
        h = b"HTTP/1.1 304 Not Modified\r\nContent-Length: 1000\r\n"
    elif kind == "chunked":
        b = chunks(body(n))
        h = ok + b"Transfer-Encoding: chunked\r\nTrailer: X-Trailer\r\n"
    elif kind == "close":
        b, h, close = body(n), ok + b"Connection: close\r\n", True
    elif kind == "bye":
        b, close = body(n), True
        h = ok + b"Content-Length: %d\r\nConnection: close\r\n" % n
    elif kind == "http10":
        b, close = body(n), True
        h = b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n" % n
    elif kind == "ka10":
        b = body(n)
        h = (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n"
             b"Content-Length: %d\r\n" % n)
    elif kind == "hop":
        b = body(n)
        h = (ok + b"Connection: X-Secret, keep-alive\r\nX-Secret: 1\r\n"
             b"Keep-Alive: timeout=5\r\nUpgrade: h2c\r\nX-Kept: 1\r\n"
             b"Content-Length: %d\r\n" % n)
    elif kind == "early":
        conn.c.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\n")
        b = body(n)
        h = ok + b"Content-Length: %d\r\n" % n
    elif kind == "cl":
        b = body(n)
        h = ok + b"Content-Length: %d\r\n" % n
    else:
        b = b"no\n"
        h = b"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n"
    if method == "HEAD":
        b = b""
    return h + b"\r\n" + b, close


def serve(c, n):
    c.settimeout(30)
    conn = Conn(c)
    try:
        while True:
            head = conn.head()
            lines = head.decode("latin-1").split("\r\n")
            method, target = lines[0].split(" ")[:2]
            fields = {}
            for line in lines[1:]:
                k, _, v = line.partition(":")
                fields[k.strip().lower()] = v.strip()
            with lock:
                log.write("%d %s %s\n" % (n, method, target))
                log.flush()
            out, close = answer(conn, method, target, fields, head)
            c.sendall(out)
            if close:
                break
    except (OSError, EOFError, ValueError):
        pass
    c.close()


sys.stderr.write("origin: listening on 127.0.0.1 port %d\n" %
                 s.getsockname()[1])
sys.stderr.flush()
n = 0
while True:
    c, _ = s.accept()
    n += 1
    threading.Thread(target=serve, args=(c, n), daemon=True).start()
