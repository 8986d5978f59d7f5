#!/usr/bin/env python3
# empty_http.py LOG: an HTTP/1.1 server whose first connection answers
# its request with a 401 asking for Digest and closes (no "Connection:
# close" said: the client may send again on it and see it closed, RFC
# 9112 9.3.1's race), and every later
# one closes after reading a request head, answering nothing (an empty
# reply, curl's 52), for t2171.  Each head is appended to LOG as it came.
# Announces "listening on 127.0.0.1 port N" on stderr.
import socket
import sys

ASK = (b"HTTP/1.1 401 Who\r\nWWW-Authenticate: Digest realm=\"r\", "
       b"nonce=\"1053604145\"\r\nContent-Length: 3\r\n\r\nno\n")

log = open(sys.argv[1], "ab")
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(8)
sys.stderr.write("empty: listening on 127.0.0.1 port %d\n" %
                 s.getsockname()[1])
sys.stderr.flush()
first = True
while True:
    c, _ = s.accept()
    c.settimeout(10)
    head = b""
    try:
        while b"\r\n\r\n" not in head:
            b = c.recv(4096)
            if not b:
                break
            head += b
    except OSError:
        pass
    if head:
        log.write(head)
        log.flush()
        if first:
            c.sendall(ASK)
            first = False
    c.close()
