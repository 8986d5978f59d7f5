#!/usr/bin/env python3
# pipeline_http.py LOG [close-after K | close-header K]: an HTTP/1.1 server
# for the --pipeline tests of http-get (t2066).  GET /N (N a number)
# answers with a body of N % 97 + 1 lines "N:i", by Content-Length; any
# other target a 404.  Requests are read as they come, many at once when
# the client pipelines them, and answered in order.  Each answer appends
# "CONN PENDING TARGET" to LOG: the connection's number (from 1) and how
# many requests had fully arrived unanswered, this one included (above
# 1: the client pipelined).  With "close-after K", each connection ends
# after its Kth answer, whatever requests wait; with "close-header K", the
# Kth answer says Connection: close and the connection ends.  Either way
# the server stops writing (FIN) and reads on until the client closes, so
# no reset cuts the answers already sent.  Each connection is a thread.
# Announces "listening on 127.0.0.1 port N" on stderr.
import socket
import sys
import threading

log = open(sys.argv[1], "a")
mode = sys.argv[2] if len(sys.argv) > 2 else ""
k = int(sys.argv[3]) if len(sys.argv) > 3 else 0
lock = threading.Lock()
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)


def body(n):
    return "".join("%d:%d\n" % (n, i) for i in range(n % 97 + 1)).encode()


def serve(c, cn):
    c.settimeout(30)
    buf = b""
    answered = 0
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                chunk = c.recv(65536)
                if not chunk:
                    return
                buf += chunk
            head, buf = buf.split(b"\r\n\r\n", 1)
            pending = 1 + buf.count(b"\r\n\r\n")
            line = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
            target = line[1] if len(line) > 1 else "?"
            answered += 1
            last = mode in ("close-after", "close-header") and answered == k
            try:
                b = body(int(target.lstrip("/")))
                st = "200 OK"
            except ValueError:
                b = b"not here\n"
                st = "404 Not Found"
            extra = "Connection: close\r\n" if last and \
                mode == "close-header" else ""
            resp = ("HTTP/1.1 %s\r\nContent-Length: %d\r\n%s\r\n" %
                    (st, len(b), extra)).encode() + (b"" if line[0] ==
                                                      "HEAD" else b)
            with lock:
                log.write("%d %d %s\n" % (cn, pending, target))
                log.flush()
            c.sendall(resp)
            if last:
                c.shutdown(socket.SHUT_WR)
                while c.recv(65536):
                    pass
                return
    except OSError:
        pass
    finally:
        c.close()


sys.stderr.write("pipeline: listening on 127.0.0.1 port %d\n" %
                 s.getsockname()[1])
sys.stderr.flush()
n = 0
while True:
    c, _ = s.accept()
    n += 1
    threading.Thread(target=serve, args=(c, n), daemon=True).start()
