#!/usr/bin/env python3
"""exec_peer.py [--keep] [--tls CERT KEY] [--unix PATH | ADDR] OUT [SEND]:
the far side of connect -e, -c and --pty, for t1060 and t1061.

Listens on ADDR port 0 (or the UNIX-domain socket PATH), says where on
stderr the way sockt -v does ("exec_peer: listening on ADDR port N"),
accepts one connection (over TLS with CERT and KEY), writes how it sees
it to OUT.addr ("PEERHOST PEERPORT LOCALHOST LOCALPORT"; an unnamed UNIX
client is "-"), sends the bytes of the file SEND if given (then, on a
plain socket and without --keep, half-closes), and meanwhile stores everything it receives
until the end of file in OUT.  Gives up after 60 s.
"""
import select
import socket
import ssl
import sys
import threading
import time


def name(sa):
    if isinstance(sa, tuple):
        return "%s %d" % (sa[0], sa[1])
    return "%s 0" % (sa if sa else "-")


def pump_tls(c, send, f):
    """Send SEND and store what comes until the end, on one thread: an
    SSL object read on one thread while written on another is not safe
    (OpenSSL's rule; CPython lets go of the GIL in both), and under load
    the two threads of the plain path broke the record layer now and
    then (t1060's --tls -c got nothing)."""
    c.setblocking(False)
    pos, total = 0, len(send) if send else 0
    end = time.monotonic() + 60
    while time.monotonic() < end:
        moved = False
        if pos < total:
            try:
                pos += c.send(send[pos:pos + 16384])
                moved = True
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                pass
            except (ConnectionResetError, BrokenPipeError, ssl.SSLError):
                pos = total
        try:
            b = c.recv(65536)
            if not b:
                return
            f.write(b)
            moved = True
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            pass
        except (ConnectionResetError, ssl.SSLError):
            return
        if not moved:
            select.select([c], [c] if pos < total else [], [],
                          max(0.0, end - time.monotonic()))


def main():
    args = sys.argv[1:]
    ctx = None
    keep = args[0] == "--keep"
    if keep:
        args = args[1:]
    if args[0] == "--tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args[1], args[2])
        args = args[3:]
    if args[0] == "--unix":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(args[1])
        where = args[1]
        args = args[2:]
    else:
        fam = socket.AF_INET6 if ":" in args[0] else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.bind((args[0], 0))
        where = "%s port %d" % (args[0], s.getsockname()[1])
        args = args[1:]
    out = args[0]
    send = open(args[1], "rb").read() if len(args) > 1 else None
    s.listen(1)
    s.settimeout(60)
    sys.stderr.write("exec_peer: listening on %s\n" % where)
    sys.stderr.flush()
    c, _ = s.accept()
    c.settimeout(60)
    with open(out + ".addr", "w") as f:
        f.write("%s %s\n" % (name(c.getpeername()), name(c.getsockname())))
    if ctx is not None:
        c = ctx.wrap_socket(c, server_side=True)

    if ctx is not None:
        with open(out, "wb") as f:
            pump_tls(c, send, f)
        c.close()
        return 0

    def sender():
        c.sendall(send)
        if ctx is None and not keep:
            c.shutdown(socket.SHUT_WR)

    t = None
    if send is not None:
        t = threading.Thread(target=sender, daemon=True)
        t.start()
    with open(out, "wb") as f:
        while True:
            try:
                b = c.recv(65536)
            except (ConnectionResetError, ssl.SSLError):
                break
            if not b:
                break
            f.write(b)
    if t is not None:
        t.join(60)
    c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
