#!/usr/bin/env python3
"""probe_peer.py: peers for tests/t3030-portscan-probes.sh and t3040.

Each binds 127.0.0.1 (or $PEER_ADDR) port 0, says "listening on ADDR
port N" on stderr and serves until killed, one connection after another:

  http LOG        an HTTP/1.0 server (http.server) whose Server header is
                  "sockt-test/1.0 (x)"; appends each request's method,
                  path and Host header to LOG
  record N LOG HEX  reads until N bytes came (or the peer closed, or 5 s),
                  appends them to LOG as one hex line, replies the bytes
                  HEX and closes
  send HEX        sends the bytes HEX at once, then waits (5 s at most)
                  for the peer to close
  reset           reads the peer's first bytes, then resets the
                  connection (SO_LINGER 0)
"""
import http.server
import os
import socket
import struct
import sys


ADDR = os.environ.get("PEER_ADDR", "127.0.0.1")


def announce(port):
    sys.stderr.write("listening on %s port %d\n" % (ADDR, port))
    sys.stderr.flush()


def serve_http(log):
    class H(http.server.BaseHTTPRequestHandler):
        server_version = "sockt-test/1.0"
        sys_version = "(x)"

        def do_HEAD(self):
            with open(log, "a") as f:
                f.write("%s %s %s\n" % (self.command, self.path,
                                        self.headers.get("Host")))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *a):
            pass

    s = http.server.HTTPServer((ADDR, 0), H)
    announce(s.server_address[1])
    s.serve_forever()


def serve_raw(mode, args):
    ls = socket.socket()
    ls.bind((ADDR, 0))
    ls.listen(16)
    announce(ls.getsockname()[1])
    while True:
        c, _ = ls.accept()
        c.settimeout(5)
        try:
            if mode == "record":
                want, log, reply = int(args[0]), args[1], args[2]
                got = b""
                while len(got) < want:
                    b = c.recv(4096)
                    if not b:
                        break
                    got += b
                with open(log, "a") as f:
                    f.write(got.hex() + "\n")
                c.sendall(bytes.fromhex(reply))
            elif mode == "reset":
                c.recv(1)
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                             struct.pack("ii", 1, 0))
            else:
                c.sendall(bytes.fromhex(args[0]))
                while c.recv(4096):
                    pass
        except OSError:
            pass
        c.close()


if __name__ == "__main__":
    if sys.argv[1] == "http":
        serve_http(sys.argv[2])
    else:
        serve_raw(sys.argv[1], sys.argv[2:])
