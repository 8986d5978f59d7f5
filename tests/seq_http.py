#!/usr/bin/env python3
# seq_http.py DIR [PORT]: an HTTP server whose answers change from one
# request to the next, for the --retry tests (t2070).  The Nth request
# for /NAME (any query; the counter is per whole target, so /a?x and
# /a?y count apart) gets the bytes of DIR/NAME.N, or of the highest
# DIR/NAME.K below N (the last one repeats), or of DIR/NAME; else 404.
# In those bytes "@DATE+S@" becomes the HTTP date S seconds from now,
# and at "@STALL@" the server stops sending and waits until the client
# goes away.  The connection closes after each answer; each connection
# has a thread of its own, so that a stalled one holds up no other (the
# test runs cases side by side).  Each request
# appends "TARGET N MS" (MS: milliseconds since the epoch) to
# DIR/hits.log.  Binds PORT (default 0) on 127.0.0.1 and announces
# "listening on 127.0.0.1 port N" on stderr.  With SEQ_HTTP_HOLD=FIFO it
# says "bound 127.0.0.1 port N" first and listens only once a line comes
# on FIFO.
import email.utils
import os
import socket
import sys
import threading
import time

d = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[2]) if len(sys.argv) > 2 else 0))
hold = os.environ.get("SEQ_HTTP_HOLD")
if hold:
    # bound but not listening, so a connection is refused, until a line
    # arrives on the fifo HOLD: the port opens at an event the test
    # chooses, with no interpreter to start by then
    sys.stderr.write("seq: bound 127.0.0.1 port %d\n" % s.getsockname()[1])
    sys.stderr.flush()
    with open(hold) as f:
        f.readline()
s.listen(16)
sys.stderr.write("seq: listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
hits = {}
# the counters and the log, one request at a time
lock = threading.Lock()


def answer(name, n):
    for k in range(n, 0, -1):
        p = os.path.join(d, "%s.%d" % (name, k))
        if os.path.exists(p):
            return open(p, "rb").read()
    p = os.path.join(d, name)
    if os.path.exists(p):
        return open(p, "rb").read()
    return b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def dates(b):
    while b"@DATE+" in b:
        i = b.index(b"@DATE+")
        j = b.index(b"@", i + 1)
        t = time.time() + int(b[i + 6:j])
        b = b[:i] + email.utils.formatdate(t, usegmt=True).encode() + b[j + 1:]
    return b


def serve(c):
    c.settimeout(30)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = c.recv(65536)
            if not chunk:
                break
            data += chunk
        parts = data.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
        target = parts[1] if len(parts) > 1 else "/"
        with lock:
            hits[target] = hits.get(target, 0) + 1
            n = hits[target]
            with open(os.path.join(d, "hits.log"), "a") as log:
                log.write("%s %d %d\n" % (target, n, int(time.time() * 1000)))
        name = target.split("?", 1)[0].strip("/") or "index"
        resp = dates(answer(name, n))
        stall = b"@STALL@" in resp
        c.sendall(resp.split(b"@STALL@", 1)[0])
        if stall:
            while c.recv(65536):
                pass
    except OSError:
        pass
    c.close()


while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
