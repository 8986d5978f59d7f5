#!/usr/bin/env python3
# keepalive_http.py DIR: a test HTTP server with persistent connections,
# for the many-URL tests of http-get (t2060).  For a request of /NAME it
# sends the bytes of DIR/NAME (unchanged but for @PORT@), or a 404, then
# waits for the next request on the same connection, as a keep-alive
# server does (to HEAD it sends the head alone).  What NAME contains changes that:
#   close      close the connection after the response;
#   dropnext   read the next request, then close without answering (a
#              server that timed the idle connection out as it came);
#   resetnext  the same with a reset (SO_LINGER 0) instead of a FIN.
# Each connection is a thread.  Every request line is appended to
# DIR/conns.log as "CONN METHOD TARGET", CONN counting connections
# from 1, so a test sees which requests shared a connection.  Announces
# "listening on ADDR port N" on stderr.
import os
import socket
import struct
import sys
import threading

d = sys.argv[1]
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
port = s.getsockname()[1]
lock = threading.Lock()
log = open(os.path.join(d, "conns.log"), "a")


def read_head(c, buf):
    """One request head off c: (head, rest), or (None, b"") at EOF."""
    while b"\r\n\r\n" not in buf:
        chunk = c.recv(65536)
        if not chunk:
            return None, b""
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    return head, rest


def serve(c, n):
    c.settimeout(20)
    buf = b""
    drop = None
    try:
        while True:
            head, buf = read_head(c, buf)
            if head is None:
                break
            line = head.split(b"\r\n", 1)[0].decode("latin-1")
            with lock:
                log.write("%d %s\n" % (n, " ".join(line.split(" ")[:2])))
                log.flush()
            if drop is not None:
                if drop == "reset":
                    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                 struct.pack("ii", 1, 0))
                break
            parts = line.split(" ")
            target = parts[1] if len(parts) > 1 else "/"
            name = target.split("?", 1)[0].strip("/").replace("/", "_")
            path = os.path.join(d, name or "index")
            if name and os.path.exists(path):
                with open(path, "rb") as f:
                    resp = f.read().replace(b"@PORT@", str(port).encode())
            else:
                resp = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
            if parts[0] == "HEAD":
                resp = resp.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
            c.sendall(resp)
            if "close" in name:
                break
            if "dropnext" in name:
                drop = "fin"
            elif "resetnext" in name:
                drop = "reset"
    except OSError:
        pass
    c.close()


sys.stderr.write("keepalive: listening on 127.0.0.1 port %d\n" % port)
sys.stderr.flush()
n = 0
while True:
    c, _ = s.accept()
    n += 1
    threading.Thread(target=serve, args=(c, n), daemon=True).start()
