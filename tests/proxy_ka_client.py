#!/usr/bin/env python3
# proxy_ka_client.py PORT [--pipeline] REQUEST...: requests to the HTTP
# proxy on 127.0.0.1 PORT, all over one connection, for t1047.  A
# REQUEST is "METHOD URL", then "|Name: value" fields, and "<N" for a
# body of N bytes (http_origin.py's body of that size) sent with a
# Content-Length, "<<N" sent chunked; "CONNECT host:port" opens a tunnel
# and sends "ping\n" through it.  --pipeline: every request is written
# before the first response is read.  For each response one line:
# "STATUS LENGTH SHA256" (of the body, read by its framing, as
# http.client reads it), "STATUS echo BODY" for a URL that ends in
# /echo, or, for CONNECT, "STATUS tunnel LINE"; the
# interim 1xx responses as "STATUS interim".  At the end "closed" when
# the proxy closed the connection after the last response (it is read
# until its end), "open" when it answered one more request on it.  An
# error ends the output with "error: WHAT".
import hashlib
import http.client
import random
import socket
import sys


class Shared:
    """One buffered reader for every response: http.client's own would
    read ahead into the next response and close it when done."""

    def __init__(self, f):
        self.f = f

    def makefile(self, mode):
        return self

    def __getattr__(self, name):
        return getattr(self.f, name)

    def close(self):
        pass


def request(spec):
    parts = spec.split("|")
    method, url = parts[0].split(" ", 1)
    fields, body, chunked = [], None, False
    for p in parts[1:]:
        if p.startswith("<<"):
            body, chunked = random.Random(int(p[2:])).randbytes(int(p[2:])), True
        elif p.startswith("<"):
            body = random.Random(int(p[1:])).randbytes(int(p[1:]))
        else:
            fields.append(p)
    out = "%s %s HTTP/1.1\r\n" % (method, url)
    host = url.split("/")[2] if "://" in url else url
    out += "Host: %s\r\n" % host
    for f in fields:
        out += f + "\r\n"
    data = b""
    if body is not None and chunked:
        out += "Transfer-Encoding: chunked\r\n"
        i = 0
        while i < len(body):
            part = body[i:i + 3000]
            data += b"%x\r\n" % len(part) + part + b"\r\n"
            i += 3000
        data += b"0\r\n\r\n"
    elif body is not None:
        out += "Content-Length: %d\r\n" % len(body)
        data = body
    return method, out.encode() + b"\r\n" + data


def main():
    port = int(sys.argv[1])
    args = sys.argv[2:]
    pipeline = args and args[0] == "--pipeline"
    if pipeline:
        args = args[1:]
    reqs = [request(a) for a in args]
    c = socket.create_connection(("127.0.0.1", port), 10)
    c.settimeout(20)
    f = Shared(c.makefile("rb"))
    if pipeline:
        c.sendall(b"".join(r[1] for r in reqs))
    for method, data in reqs:
        if not pipeline:
            c.sendall(data)
        if method == "CONNECT":
            status = f.readline().split()[1].decode()
            while f.readline() not in (b"\r\n", b"\n", b""):
                pass
            c.sendall(b"ping\n")
            print("%s tunnel %s" % (status, f.readline().decode().strip()))
            return
        while True:
            r = http.client.HTTPResponse(Shared(f), method=method)
            r.begin()
            if r.status >= 200 or r.status == 101:
                break
            print("%d interim" % r.status)
        b = r.read()
        if data.split(b" ", 2)[1].endswith(b"/echo"):
            print("%d echo %s" % (r.status, b.decode().strip()))
        else:
            print("%d %d %s" % (r.status, len(b),
                                hashlib.sha256(b).hexdigest()))
        sys.stdout.flush()
    # one more request to the proxy itself: a 400 if it listens still
    try:
        c.sendall(b"GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
        line = f.readline()
    except OSError:
        line = b""
    print("open" if line.startswith(b"HTTP/1.1 400") else "closed")


try:
    main()
except Exception as e:
    print("error: %s" % e)
