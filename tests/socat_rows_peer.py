#!/usr/bin/env python3
"""socat_rows_peer.py MODE ...: the stand-ins and clients of t0035.

  tcpup | udpup           on 127.0.0.1 port 0; echo every connection
                          (datagram) in capitals, so that a forwarder's
                          answer is told from its own echo; says
                          "listening on 127.0.0.1 port N"
  unixup PATH             the same over a UNIX-domain stream socket;
                          "listening on PATH"
  tcp PORT DATA           connect 127.0.0.1 PORT, send DATA, half-close,
                          print all that comes back until end of file
  tls PORT DATA           the same over TLS (no verification): send DATA,
                          print the bytes until as many came back or EOF
  pty PORT                send "echo hi; exit", print all until EOF
  udp PORT DATA           send DATA to 127.0.0.1 PORT, print the reply
Each client exits 0 when what it waited for came, 3 on a timeout (5 s).
"""
import socket
import ssl
import sys
import threading

mode = sys.argv[1]


def say(what):
    sys.stderr.write("listening on %s\n" % what)
    sys.stderr.flush()


def echo(c):
    try:
        while True:
            b = c.recv(65536)
            if not b:
                break
            c.sendall(b.upper())
    finally:
        c.close()


def serve(s):
    s.listen(16)
    while True:
        c, _ = s.accept()
        threading.Thread(target=echo, args=(c,), daemon=True).start()


def out(b, ok):
    sys.stdout.buffer.write(b)
    sys.stdout.flush()
    sys.exit(0 if ok else 3)


if mode == "tcpup":
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    say("127.0.0.1 port %d" % s.getsockname()[1])
    serve(s)
elif mode == "unixup":
    s = socket.socket(socket.AF_UNIX)
    s.bind(sys.argv[2])
    say(sys.argv[2])
    serve(s)
elif mode == "udpup":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    say("127.0.0.1 port %d" % s.getsockname()[1])
    while True:
        b, a = s.recvfrom(65536)
        s.sendto(b.upper(), a)
elif mode in ("tcp", "tls", "pty"):
    c = socket.create_connection(("127.0.0.1", int(sys.argv[2])), 5)
    c.settimeout(5)
    data = (sys.argv[3] if mode != "pty" else "echo hi; exit\n").encode()
    if mode == "tls":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        c = ctx.wrap_socket(c)
    c.sendall(data)
    if mode == "tcp":
        c.shutdown(socket.SHUT_WR)
    got = b""
    try:
        while mode != "tls" or len(got) < len(data):
            b = c.recv(65536)
            if not b:
                break
            got += b
    except (socket.timeout, ssl.SSLError, OSError):
        out(got, False)
    out(got, True)
elif mode == "udp":
    c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    c.settimeout(5)
    c.sendto(sys.argv[3].encode(), ("127.0.0.1", int(sys.argv[2])))
    try:
        out(c.recvfrom(65536)[0], True)
    except socket.timeout:
        out(b"", False)
else:
    sys.exit("socat_rows_peer.py: unknown mode " + mode)
