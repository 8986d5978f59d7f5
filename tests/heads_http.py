#!/usr/bin/env python3
# heads_http.py LOG [--hold]: an HTTP/1.1 server, an HTTP proxy and the
# origin inside its CONNECT tunnels at once, that records the exact
# bytes of every request head it reads, for the differential tests of
# what http-get and curl send (t2110).  Each head is appended to LOG as
# it came, after a line "== new" (the first on its connection) or
# "== kept" (a later one), and before the answer goes, so that a client
# that has ended has all of its heads in LOG.
#
# Answers, by the request:
#   CONNECT ...   200 Connection established, then the origin on the
#                 same connection (its heads logged as "== kept")
#   .../http10    an HTTP/1.0 response with no length, "until close\n",
#                 then it closes (the body ends at the close)
#   .../redir     302 to /a, no body
#   /redirto/H:P  302 to http://H:P/a (another host; H percent-decoded,
#                 so that a UTF-8 name goes as its raw bytes), no body
#   .../cookie    Set-Cookie fields (fixed expiry dates), "ok\n"
#   .../cookie1   one Set-Cookie field, "ok\n"
#   .../resume    "123456ok\n", its last 3 bytes as a 206 to a Range
#   anything else 200 with Content-Length: 3, "ok\n"
# Every connection is kept open: with --hold even the client's end of
# file is never answered with ours (a server that never ends; it closes
# after 60 s).  Announces "listening on 127.0.0.1 port N" on stderr.
import socket
import sys
import threading
import time
import urllib.parse

LOG = sys.argv[1]
HOLD = "--hold" in sys.argv[2:]
lock = threading.Lock()

COOKIES = (b"Set-Cookie: a=1; Path=/\r\n"
           b"Set-Cookie: b=2; Expires=Wed, 01 Jan 2031 00:00:00 GMT\r\n"
           b"Set-Cookie: s=3; Secure\r\n"
           b"Set-Cookie: h=4; HttpOnly; Expires=Thu, 01 Jan 2032 "
           b"00:00:00 GMT\r\n"
           b"Set-Cookie: p=5; Path=/x/\r\n")


def record(head, first):
    with lock:
        with open(LOG, "ab") as f:
            f.write((b"== new\n" if first else b"== kept\n") + head)


def answer(c, head):
    line = head.split(b"\r\n", 1)[0].split(b" ")
    target = line[1] if len(line) > 1 else b""
    path = target.split(b"?", 1)[0]
    if line[0] == b"CONNECT":
        c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
    elif path.endswith(b"/http10"):
        c.sendall(b"HTTP/1.0 200 OK\r\n\r\nuntil close\n")
        return False
    elif b"/redirto/" in path:
        c.sendall(b"HTTP/1.1 302 Found\r\nLocation: http://" +
                  urllib.parse.unquote_to_bytes(
                      path.split(b"/redirto/", 1)[1]) + b"/a\r\n"
                  b"Content-Length: 0\r\n\r\n")
    elif path.endswith(b"/redir"):
        c.sendall(b"HTTP/1.1 302 Found\r\nLocation: /a\r\n"
                  b"Content-Length: 0\r\n\r\n")
    elif path.endswith(b"/resume") and b"\r\nRange: bytes=6-\r\n" in head:
        c.sendall(b"HTTP/1.1 206 Partial Content\r\n"
                  b"Content-Range: bytes 6-8/9\r\n"
                  b"Content-Length: 3\r\n\r\nok\n")
    elif path.endswith(b"/cookie1"):
        c.sendall(b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\n"
                  b"Content-Length: 3\r\n\r\nok\n")
    elif path.endswith(b"/cookie"):
        c.sendall(b"HTTP/1.1 200 OK\r\n" + COOKIES +
                  b"Content-Length: 3\r\n\r\nok\n")
    else:
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
    return True


def serve(c):
    buf = b""
    first = True
    c.settimeout(60)
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                d = c.recv(65536)
                if not d:
                    if HOLD:
                        time.sleep(60)
                    return
                buf += d
            head, buf = buf.split(b"\r\n\r\n", 1)
            head += b"\r\n\r\n"
            record(head, first)
            first = False
            if not answer(c, head):
                return
    except OSError:
        pass
    finally:
        c.close()


def main():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    sys.stderr.write("listening on 127.0.0.1 port %d\n" %
                     s.getsockname()[1])
    sys.stderr.flush()
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


main()
