#!/usr/bin/env python3
"""A scripted SOCKS5 client (RFC 1928, RFC 1929) for t1045, written from
the RFCs and not from sockt: it sends exactly the bytes asked for and
prints each reply as it comes, one line each:

    method M          the method the server chose (255: none acceptable)
    auth S            RFC 1929's status (0 ok)
    rep R atyp A      the reply code and the bound address's type
    data TEXT         what came back after the reply, to the end
    closed            the server closed where a reply was due

socks5_client.py PORT HOST DPORT [options]: --methods 0,2 (offered),
--auth USER:PW, --cmd N (1 CONNECT, 2 BIND, 3 UDP ASSOCIATE), --atyp N
(1, 3 or 4; default from HOST; any other value is sent as is, with four
address bytes), --data TEXT (sent after the request, then a
half-close), --mode whole|split|coalesce: each message in a write of its
own waiting for its reply (whole), byte by byte with a pause (split), or
everything, the data too, in one write before any reply is read
(coalesce); --at ADDR the proxy's address (default 127.0.0.1), --source
ADDR the client's own (another host, as the proxy sees it, in
tests/hostsns.sh's namespace); --prefix TEXT sent first, before the
greeting (a PROXY header: backslash escapes such as \\r\\n read).  --each "HOST/ATYP ..." makes one session
for each HOST (and ATYP) in turn, in place of HOST, each line it prints
after "HOST/ATYP: " (one process for many: t1052's spellings, t1045's
pool); with --each, "{n}" in --data is the session's number (0, 1, ...)."""
import argparse
import ipaddress
import socket
import struct
import sys
import time


def recv_exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c:
            return None
        b += c
    return b


def send(s, b, mode):
    if mode != "split":
        s.sendall(b)
        return
    for i in range(len(b)):
        s.sendall(b[i:i + 1])
        # the pause is the scenario: each byte a segment of its own
        time.sleep(0.005)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("host")
    ap.add_argument("dport", type=int)
    ap.add_argument("--methods", default=None)
    ap.add_argument("--auth", default=None)
    ap.add_argument("--cmd", type=int, default=1)
    ap.add_argument("--atyp", type=int, default=None)
    ap.add_argument("--data", default=None)
    ap.add_argument("--mode", default="whole")
    ap.add_argument("--at", default="127.0.0.1")
    ap.add_argument("--source", default=None)
    ap.add_argument("--each", default=None)
    ap.add_argument("--prefix", default=None)
    a = ap.parse_args()
    if a.each is None:
        session(a, print)
        return
    data = a.data
    for n, spec in enumerate(a.each.split()):
        a.host, atyp = spec.rsplit("/", 1)
        a.atyp = int(atyp)
        if data is not None:
            a.data = data.replace("{n}", str(n))
        try:
            session(a, lambda line: print(spec + ": " + line))
        except (ConnectionError, socket.timeout) as e:
            print("%s: error %s" % (spec, e))


def session(a, say):
    """One SOCKS5 session as a says, each line of what came to say."""

    methods = [int(m) for m in a.methods.split(",")] if a.methods else \
        ([2] if a.auth else [0])
    greet = bytes([5, len(methods)] + methods)
    auth = b""
    if a.auth:
        u, p = a.auth.split(":", 1)
        auth = bytes([1, len(u)]) + u.encode() + bytes([len(p)]) + p.encode()
    atyp = a.atyp
    try:
        ip = ipaddress.ip_address(a.host)
    except ValueError:
        ip = None
    if atyp is None:
        atyp = 3 if ip is None else (1 if ip.version == 4 else 4)
    if atyp == 1:
        addr = ip.packed
    elif atyp == 4:
        addr = ip.packed
    elif atyp == 3:
        addr = bytes([len(a.host)]) + a.host.encode()
    else:
        addr = b"\x7f\x00\x00\x01"
    req = bytes([5, a.cmd, 0, atyp]) + addr + struct.pack(">H", a.dport)
    data = a.data.encode() if a.data is not None else b""

    s = socket.create_connection((a.at, a.port), 10, (a.source, 0)
                                 if a.source else None)
    s.settimeout(20)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if a.prefix is not None:
        s.sendall(a.prefix.encode().decode("unicode_escape").encode("latin-1"))
    if a.mode == "coalesce":
        s.sendall(greet + auth + req + data)
    else:
        send(s, greet, a.mode)
    r = recv_exact(s, 2)
    if r is None:
        say("closed")
        return
    say("method %d" % r[1])
    if r[1] == 255:
        # RFC 1928: the client must close
        return
    if r[1] == 2:
        if a.mode != "coalesce":
            send(s, auth, a.mode)
        r = recv_exact(s, 2)
        if r is None:
            say("closed")
            return
        say("auth %d" % r[1])
        if r[1] != 0:
            say("closed" if s.recv(1) == b"" else "open")
            return
    if a.mode != "coalesce":
        send(s, req, a.mode)
    r = recv_exact(s, 4)
    if r is None:
        say("closed")
        return
    n = {1: 4, 4: 16}.get(r[3])
    if n is None:
        n = recv_exact(s, 1)[0]
    rest = recv_exact(s, n + 2)
    say("rep %d atyp %d" % (r[1], r[3]))
    if r[1] != 0:
        say("closed" if s.recv(1) == b"" else "open")
        return
    if a.mode != "coalesce" and data:
        send(s, data, a.mode)
    if a.data is not None:
        s.shutdown(socket.SHUT_WR)
    got = b""
    while True:
        c = s.recv(65536)
        if not c:
            break
        got += c
    say("data " + got.decode("latin-1").replace("\n", "|"))


if __name__ == "__main__":
    try:
        main()
    except (ConnectionError, socket.timeout) as e:
        print("error %s" % e)
        sys.exit(1)
