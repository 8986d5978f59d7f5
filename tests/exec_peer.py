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
import socket
import ssl
import sys
import threading


def name(sa):
    if isinstance(sa, tuple):
        return "%s %d" % (sa[0], sa[1])
    return "%s 0" % (sa if sa else "-")


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
