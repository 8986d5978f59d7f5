#!/usr/bin/env python3
# canned_http.py DIR [ADDR]: a test HTTP server for the t2xxx scripts
# (ADDR a path: on that UNIX socket).
# Serves the bytes of DIR/NAME, unchanged but for @PORT@ (its own port),
# for a request of /NAME (path "/" is "index"; a proxy's absolute-form
# target works too), each connection in a thread of its own (a client's
# idle persistent connection must not hold up its parallel ones, -Z: one
# at a time, each such run waited for the 10 s idle limit below).  After
# answering it waits
# for the client's next request on the same connection (HTTP/1.1
# persistence) or for it to close, unless NAME contains "close"; for a NAME
# containing "silent" it answers nothing; for a NAME containing "forever"
# it sends the bytes again and again until the client goes away (the
# test's watchdog bounds it).  Every request head is appended
# to DIR/requests.log.  Announces "listening on ADDR port N" on stderr.
import os
import socket
import sys
import threading

d = sys.argv[1]
addr = sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"
if addr.startswith("/"):
    # a UNIX socket path, for --unix-socket
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(addr)
    port = 0
    s.listen(16)
    sys.stderr.write("canned: listening on %s\n" % addr)
else:
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 0))
    s.listen(16)
    port = s.getsockname()[1]
    sys.stderr.write("canned: listening on %s port %d\n" % (addr, port))
sys.stderr.flush()
log = open(os.path.join(d, "requests.log"), "ab")
# one request head at a time in the log, whole
log_lock = threading.Lock()


def log_head(data):
    with log_lock:
        log.write(data)
        log.flush()


def read_head(c, data):
    """The next request head off c: (head, rest); head is b"" at EOF."""
    try:
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                return data, b""
            data += chunk
    except OSError:
        return data, b""
    head, rest = data.split(b"\r\n\r\n", 1)
    return head + b"\r\n\r\n", rest


def answer(c, data):
    """Answer one request head; True when the connection may carry more."""
    log_head(data)
    parts = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
    target = parts[1] if len(parts) > 1 else "/"
    if target.startswith("http://"):
        rest = target[7:]
        target = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
    name = target.split("?", 1)[0].strip("/").replace("/", "_") or "index"
    path = os.path.join(d, name)
    if "silent" not in name:
        if os.path.exists(path):
            with open(path, "rb") as f:
                resp = f.read().replace(b"@PORT@", str(port).encode())
        else:
            resp = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        c.sendall(resp)
        while "forever" in name:
            c.sendall(resp)
    return "close" not in name


def serve(c):
    c.settimeout(10)
    rest = b""
    try:
        # a persistent connection (sockt -L keeps it for a redirect to
        # the same host): each request head that comes is answered
        while True:
            data, rest = read_head(c, rest)
            if not data.endswith(b"\r\n\r\n"):
                if data:
                    log_head(data)
                break
            if not answer(c, data):
                break
    except OSError:
        pass
    c.close()


while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
