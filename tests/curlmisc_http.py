#!/usr/bin/env python3
# curlmisc_http.py ADDR LOG: an HTTP/1.1 server on ADDR (127.0.0.1 or
# ::1) port 0 for t2115, the differential tests of http-get's last curl
# spellings.  Each request head is appended to LOG as it came (a PROXY
# line before it included), after a line "== from IP" naming the
# client's source address.  Announces "listening on ADDR port N".
#
# Answers, by the path:
#   /r1      302 to /r2            /r2   302 to http://ADDR:PORT/r3
#   /te      with "TE: gzip" asked: Transfer-Encoding: gzip, chunked,
#            "hello te\n" gzipped; else the same plain, chunked
#   /chunk   chunked, three chunks, one with an extension
#   /gz      Content-Encoding: gzip, "hello gz\n" gzipped
#   /slow/B/N  N bytes of "x", B a second (a slow link)
#   /rng     "0123456789\n", a Range "bytes=A-" or "A-B" answered with
#            a 206; /rng?cd: with a Content-Disposition naming "cdname"
#   anything else 200, "ok\n"
# Connections are kept; each is served in a thread of its own.
import gzip
import socket
import sys
import threading
import time

ADDR, LOG = sys.argv[1], sys.argv[2]
lock = threading.Lock()


def chunked(body, ext=False):
    out = b""
    parts = [body[:3], body[3:6], body[6:]]
    for i, p in enumerate(parts):
        if p:
            out += b"%x%s\r\n" % (len(p), b";x=1" if ext and i == 1
                                  else b"") + p + b"\r\n"
    return out + b"0\r\n\r\n"


def answer(c, head, port):
    target = head.split(b"\r\n")
    line = [l for l in target if not l.startswith(b"PROXY ")][0]
    path = line.split(b" ")[1]
    ok = b"HTTP/1.1 200 OK\r\n"
    if path == b"/r1":
        c.sendall(b"HTTP/1.1 302 Found\r\nLocation: /r2\r\n"
                  b"Content-Length: 0\r\n\r\n")
    elif path == b"/r2":
        host = b"[%s]" % ADDR.encode() if ":" in ADDR else ADDR.encode()
        c.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://%s:%d/r3\r\n"
                  b"Content-Length: 0\r\n\r\n" % (host, port))
    elif path == b"/te":
        if b"\r\nTE: gzip\r\n" in head:
            c.sendall(ok + b"Transfer-Encoding: gzip, chunked\r\n\r\n" +
                      chunked(gzip.compress(b"hello te\n", mtime=0)))
        else:
            c.sendall(ok + b"Transfer-Encoding: chunked\r\n\r\n" +
                      chunked(b"hello te\n"))
    elif path == b"/chunk":
        c.sendall(ok + b"Transfer-Encoding: chunked\r\n\r\n" +
                  chunked(b"hello chunks\n", ext=True))
    elif path == b"/gz":
        body = gzip.compress(b"hello gz\n", mtime=0)
        c.sendall(ok + b"Content-Encoding: gzip\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body) + body)
    elif path.split(b"?")[0] == b"/rng":
        body = b"0123456789\n"
        cd = (b"Content-Disposition: attachment; filename=cdname\r\n"
              if path.endswith(b"?cd") else b"")
        rng = [l for l in target if l.lower().startswith(b"range: bytes=")]
        if rng:
            a, b = rng[0].split(b"=", 1)[1].split(b"-")
            a = int(a)
            b = int(b) if b else len(body) - 1
            c.sendall(b"HTTP/1.1 206 Partial Content\r\n" + cd +
                      b"Content-Range: bytes %d-%d/%d\r\n"
                      b"Content-Length: %d\r\n\r\n" %
                      (a, b, len(body), b - a + 1) + body[a:b + 1])
        else:
            c.sendall(ok + cd + b"Content-Length: %d\r\n\r\n" % len(body) +
                      body)
    elif path.startswith(b"/slow/"):
        rate, n = [int(x) for x in path.split(b"/")[2:4]]
        c.sendall(ok + b"Content-Length: %d\r\n\r\n" % n)
        step = max(1, rate // 10)
        while n > 0:
            k = min(step, n)
            c.sendall(b"x" * k)
            n -= k
            time.sleep(k / rate)
    else:
        c.sendall(ok + b"Content-Length: 3\r\n\r\nok\n")


def serve(c, peer, port):
    buf = b""
    c.settimeout(60)
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                d = c.recv(65536)
                if not d:
                    return
                buf += d
            head, buf = buf.split(b"\r\n\r\n", 1)
            head += b"\r\n\r\n"
            with lock:
                with open(LOG, "ab") as f:
                    f.write(b"== from %s\n" % peer.encode() + head)
            answer(c, head, port)
    except OSError:
        pass
    finally:
        c.close()


def main():
    fam = socket.AF_INET6 if ":" in ADDR else socket.AF_INET
    s = socket.socket(fam)
    s.bind((ADDR, 0))
    s.listen(64)
    port = s.getsockname()[1]
    sys.stderr.write("listening on %s port %d\n" % (ADDR, port))
    sys.stderr.flush()
    while True:
        c, a = s.accept()
        threading.Thread(target=serve, args=(c, a[0], port),
                         daemon=True).start()


main()
