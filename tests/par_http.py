#!/usr/bin/env python3
"""par_http.py LOG [--addr A] [--delay S] [--tls CERT KEY] [--slow N S]

An HTTP/1.1 server on A (127.0.0.1) port 0 for the tests of http-get -Z's
connections (t2064): persistent connections, one thread each; every GET
is answered 200 with the path as its body, after S seconds (--delay);
with --tls, over TLS, and the handshake of the Nth connection (from 1)
waits S seconds first (--slow: a connection slow to open, as one whose
SYN was lost).  LOG gets a line a request: "CONN PATH", CONN the
connection's number.  Says "listening on A port N" on stderr.
"""
import socket
import ssl
import sys
import threading
import time


def main():
    a = sys.argv[1:]
    if not a or a[0].startswith("-"):
        sys.stderr.write(__doc__)
        sys.exit(2)
    log = a.pop(0)
    delay, ctx, slow_n, slow_s, addr = 0.0, None, 0, 0.0, "127.0.0.1"
    while a:
        o = a.pop(0)
        if o == "--addr":
            addr = a.pop(0)
        elif o == "--delay":
            delay = float(a.pop(0))
        elif o == "--tls":
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(a.pop(0), a.pop(0))
        elif o == "--slow":
            slow_n, slow_s = int(a.pop(0)), float(a.pop(0))
        else:
            sys.stderr.write(__doc__)
            sys.exit(2)
    lock = threading.Lock()

    def note(line):
        with lock:
            with open(log, "a") as f:
                f.write(line + "\n")

    def serve(c, n):
        try:
            if ctx is not None:
                if n == slow_n:
                    time.sleep(slow_s)
                c = ctx.wrap_socket(c, server_side=True)
            buf = b""
            while True:
                while b"\r\n\r\n" not in buf:
                    d = c.recv(65536)
                    if not d:
                        return
                    buf += d
                head, _, buf = buf.partition(b"\r\n\r\n")
                path = head.split(b"\r\n")[0].split(b" ")[1]
                note("%d %s" % (n, path.decode()))
                if delay > 0:
                    time.sleep(delay)
                body = path + b"\n"
                c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n"
                          % len(body) + body)
        except (OSError, ssl.SSLError, IndexError):
            pass
        finally:
            c.close()

    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 0))
    s.listen(128)
    sys.stderr.write("listening on %s port %d\n" % (addr, s.getsockname()[1]))
    sys.stderr.flush()
    n = 0
    while True:
        c, _ = s.accept()
        n += 1
        threading.Thread(target=serve, args=(c, n), daemon=True).start()


if __name__ == "__main__":
    main()
