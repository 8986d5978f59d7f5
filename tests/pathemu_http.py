#!/usr/bin/env python3
"""pathemu_http.py DIR [ADDR] [--cut-bytes N] [--cut-secs S] [--pace B]
    [--log FILE]

An HTTP/1.1 file server for tests across an emulated path (tests/pathemu.sh:
pathemu_http), standard library only: GET and HEAD of DIR's files, single
byte ranges (Range: bytes=A-B, A-, -N: 206 with Content-Range; 416 past
the end), Content-Length, ETag and Last-Modified, one thread a connection,
persistent connections.  Binds ADDR (default 198.18.0.2) port 0 and says
"listening on ADDR port N" on stderr.

  --cut-bytes N  every response's body is cut after N bytes: the
                 connection closes with the rest unsent (a flaky link, a
                 proxy with a byte limit); a resuming client gets N more
                 bytes each time
  --cut-secs S   the same after S seconds of sending
  --pace B       a body sent at B bytes a second at most (a slow link
                 whose transfer a test interrupts part-way: t2111)
  --log FILE     one line a request: "METHOD PATH RANGE STATUS SENT"
"""
import email.utils
import os
import socket
import sys
import threading
import time


def parse_range(value, size):
    """(start, end) inclusive, None for no range, or "bad" for a 416."""
    if not value or not value.startswith("bytes=") or "," in value:
        return None
    a, _, b = value[6:].strip().partition("-")
    try:
        if a == "":
            n = int(b)
            if n == 0:
                return "bad"
            return (max(size - n, 0), size - 1)
        start = int(a)
        end = int(b) if b else size - 1
    except ValueError:
        return None
    if start >= size or end < start:
        return "bad"
    return (start, min(end, size - 1))


class Server:
    def __init__(self, root, cut_bytes, cut_secs, log, pace=None):
        self.pace = pace
        self.root = root
        self.cut_bytes = cut_bytes
        self.cut_secs = cut_secs
        self.log = log
        self.lock = threading.Lock()

    def note(self, line):
        if self.log:
            with self.lock:
                with open(self.log, "a") as f:
                    f.write(line + "\n")

    def head(self, c, buf):
        while b"\r\n\r\n" not in buf:
            data = c.recv(65536)
            if not data:
                return None, b""
            buf += data
        h, _, rest = buf.partition(b"\r\n\r\n")
        return h.decode("latin-1"), rest

    def conn(self, c):
        buf = b""
        try:
            while True:
                h, buf = self.head(c, buf)
                if h is None:
                    return
                if not self.answer(c, h):
                    return
        except OSError:
            pass
        finally:
            c.close()

    def answer(self, c, h):
        lines = h.split("\r\n")
        method, target = lines[0].split(" ")[:2]
        fields = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            fields[k.strip().lower()] = v.strip()
        keep = fields.get("connection", "").lower() != "close"
        path = os.path.join(self.root, target.split("?")[0].lstrip("/"))
        if method not in ("GET", "HEAD") or not os.path.isfile(path):
            status = "405 Method Not Allowed" if method not in ("GET", "HEAD") \
                else "404 Not Found"
            c.sendall(("HTTP/1.1 %s\r\nContent-Length: 0\r\n\r\n" % status)
                      .encode())
            self.note("%s %s - %s 0" % (method, target, status[:3]))
            return keep
        st = os.stat(path)
        size = st.st_size
        etag = '"%x-%x"' % (int(st.st_mtime), size)
        r = parse_range(fields.get("range"), size)
        if fields.get("if-range") not in (None, etag):
            r = None
        extra = ""
        if r == "bad":
            c.sendall(("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: "
                       "bytes */%d\r\nContent-Length: 0\r\n\r\n" % size).encode())
            self.note("%s %s %s 416 0" % (method, target, fields.get("range")))
            return keep
        if r is None:
            status, start, end = "200 OK", 0, size - 1
        else:
            status, (start, end) = "206 Partial Content", r
            extra = "Content-Range: bytes %d-%d/%d\r\n" % (start, end, size)
        length = end - start + 1
        c.sendall(("HTTP/1.1 %s\r\nContent-Length: %d\r\n%sAccept-Ranges: "
                   "bytes\r\nETag: %s\r\nLast-Modified: %s\r\n\r\n"
                   % (status, length, extra, etag,
                      email.utils.formatdate(st.st_mtime, usegmt=True)))
                  .encode())
        sent = 0
        cut = False
        if method == "GET":
            t0 = time.monotonic()
            with open(path, "rb") as f:
                f.seek(start)
                while sent < length:
                    n = min(65536 if self.pace is None else
                            max(self.pace // 20, 1), length - sent)
                    if self.cut_bytes is not None:
                        n = min(n, self.cut_bytes - sent)
                    if n <= 0 or (self.cut_secs is not None and
                                  time.monotonic() - t0 >= self.cut_secs):
                        cut = True
                        break
                    data = f.read(n)
                    if not data:
                        break
                    c.sendall(data)
                    sent += len(data)
                    if self.pace is not None:
                        # the link's pace: the scenario, not a wait
                        time.sleep(max(0.0, t0 + sent / self.pace -
                                       time.monotonic()))
        self.note("%s %s %s %s %d" % (method, target, fields.get("range", "-"),
                                      status[:3], sent))
        return keep and not cut


def main():
    a = sys.argv[1:]
    if not a or a[0].startswith("-"):
        sys.stderr.write(__doc__)
        sys.exit(2)
    root = a.pop(0)
    addr = a.pop(0) if a and not a[0].startswith("-") else "198.18.0.2"
    cut_bytes = cut_secs = log = pace = None
    while a:
        opt = a.pop(0)
        if opt == "--cut-bytes" and a:
            cut_bytes = int(a.pop(0))
        elif opt == "--cut-secs" and a:
            cut_secs = float(a.pop(0))
        elif opt == "--log" and a:
            log = a.pop(0)
        elif opt == "--pace" and a:
            pace = int(a.pop(0))
        else:
            sys.stderr.write(__doc__)
            sys.exit(2)
    srv = Server(root, cut_bytes, cut_secs, log, pace)
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 0))
    s.listen(64)
    sys.stderr.write("listening on %s port %d\n" % (addr, s.getsockname()[1]))
    sys.stderr.flush()
    while True:
        c, _ = s.accept()
        threading.Thread(target=srv.conn, args=(c,), daemon=True).start()


if __name__ == "__main__":
    main()
