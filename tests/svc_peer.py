#!/usr/bin/env python3
"""svc_peer.py PORTS LOG ROLE...: stand-ins for portscan -sV (t3063).

Each ROLE listens on a port of its own on 127.0.0.1 (port 0); the ports
go to PORTS as "ROLE PORT" lines, then "listening on 127.0.0.1 port N"
(the first) to stderr.  Each connection's first bytes received are
logged to LOG as "ROLE PORT HEX" (the probe that came).  The roles answer as
the real servers do (from their protocols; the version strings are
those of Debian 12's packages), or misbehave:

  ssh smtp ftp imap pop3 mysql vnc rsync   greet first; smtp, ftp, imap
                                           and pop3 offer no STARTTLS
  smtptls   Postfix's greeting, STARTTLS in EHLO's reply, then TLS with
            the certificate and key of $SVC_CERT and $SVC_KEY
  redis memcached mqtt http                answer a request
  drip      a greeting that never ends (a byte every 5 ms)
  flood     1 MB in answer to anything, and at once
  stall     reads, never answers (a TLS handshake that stalls)
  rst       one byte, then a reset
  echo      every byte back
  udns      UDP: a DNS server that answers version.bind CH TXT as
            dnsmasq 2.89 does, and nothing else

ROLE@PORT binds that port instead of port 0 (a test in a network
namespace of its own: 9100, where no probe may go).
"""
import os
import socket
import ssl
import struct
import sys
import threading
import time

GREET = {
    "ssh": b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n",
    "smtp": b"220 mail.test ESMTP Postfix (Debian/GNU)\r\n",
    "smtptls": b"220 mail.test ESMTP Postfix (Debian/GNU)\r\n",
    "ftp": b"220 (vsFTPd 3.0.3)\r\n",
    "imap": b"* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE "
            b"IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Debian) ready.\r\n",
    "pop3": b"+OK Dovecot (Debian) ready.\r\n",
    "vnc": b"RFB 003.008\n",
    "rsync": b"@RSYNCD: 31.0\n",
}
lock = threading.Lock()


def mysql_greeting():
    ver = b"5.5.5-10.11.6-MariaDB-0+deb12u1"
    body = (b"\x0a" + ver + b"\x00" + struct.pack("<I", 7) + b"abcdefgh\x00"
            + b"\xfe\xf7\x2d\x02\x00\xff\x81\x15" + b"\x00" * 10
            + b"ijklmnopqrst\x00mysql_native_password\x00")
    return struct.pack("<I", len(body))[:3] + b"\x00" + body


def log(path, role, data):
    with lock, open(path, "a") as f:
        f.write("%s %s\n" % (role, data[:64].hex()))


def port_of(c):
    return c.getsockname()[1]


# what Postfix, vsftpd and Dovecot say to a STARTTLS dialogue without TLS
NOTLS = {
    "smtp": (b"EHLO", b"250-mail.test\r\n250-SIZE 10240000\r\n"
             b"250 PIPELINING\r\n"),
    "ftp": (b"AUTH", b"530 Please login with USER and PASS.\r\n"),
    "pop3": (b"CAPA", b"+OK\r\nCAPA\r\nTOP\r\nUSER\r\n.\r\n"),
}


def answer(role, data):
    if role in NOTLS and data.upper().startswith(NOTLS[role][0]):
        return NOTLS[role][1]
    if role == "imap" and b"STARTTLS" in data.upper():
        return data.split(b" ")[0] + b" BAD TLS support isn't enabled.\r\n"
    if role == "redis":
        if b"INFO" in data:
            info = b"# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n"
            return b"$%d\r\n%s\r\n" % (len(info), info)
        return b"-ERR unknown command\r\n"
    if role == "memcached":
        return b"VERSION 1.6.18\r\n" if data.startswith(b"version") else b"ERROR\r\n"
    if role == "mqtt":
        return b"\x20\x02\x00\x00" if data[:1] == b"\x10" else None
    if role == "http":
        if data.startswith(b"GET "):
            return (b"HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
                    b"Content-Length: 2\r\n\r\nhi")
        return b"HTTP/1.1 400 Bad Request\r\nServer: nginx/1.22.1\r\n\r\n"
    if role == "echo":
        return data
    if role == "smtptls" and data.upper().startswith(b"EHLO"):
        return (b"250-mail.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n"
                b"250 8BITMIME\r\n")
    if role == "flood":
        return b"x" * (1 << 20)
    return None


def serve(c, role, path):
    try:
        if role in GREET:
            c.sendall(GREET[role])
        elif role == "mysql":
            c.sendall(mysql_greeting())
        elif role == "flood":
            c.sendall(b"y" * (1 << 20))
        elif role == "rst":
            c.sendall(b"R")
            time.sleep(0.05)
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
            c.close()
            return
        elif role == "drip":
            c.setblocking(True)
            c.sendall(b"220-")
            while True:
                c.sendall(b"w")
                time.sleep(0.005)
        first = True
        while True:
            data = c.recv(65536)
            if not data:
                break
            if first:
                log(path, "%s %d" % (role, port_of(c)), data)
                first = False
            a = answer(role, data)
            if a:
                c.sendall(a)
            if role == "smtptls" and data.upper().startswith(b"STARTTLS"):
                c.sendall(b"220 2.0.0 Ready to start TLS\r\n")
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(os.environ["SVC_CERT"],
                                    os.environ["SVC_KEY"])
                c = ctx.wrap_socket(c, server_side=True)
    except OSError:
        pass
    finally:
        try:
            c.close()
        except OSError:
            pass


def udns(s, path):
    while True:
        d, a = s.recvfrom(2048)
        log(path, "udns %d" % s.getsockname()[1], d)
        q = b"\x07version\x04bind\x00\x00\x10\x00\x03"
        if len(d) < 12 + len(q) or d[12:12 + len(q)] != q:
            continue
        txt = b"dnsmasq-2.89"
        ans = (b"\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00" +
               struct.pack(">H", len(txt) + 1) + bytes([len(txt)]) + txt)
        s.sendto(d[:2] + b"\x84\x00\x00\x01\x00\x01\x00\x00\x00\x00" +
                 q + ans, a)


def listen(role, path):
    role, _, fixed = role.partition("@")
    if role == "udns":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", int(fixed or 0)))
        threading.Thread(target=udns, args=(s, path), daemon=True).start()
        return s.getsockname()[1]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(fixed or 0)))
    s.listen(64)

    def loop():
        while True:
            c, _ = s.accept()
            threading.Thread(target=serve, args=(c, role, path),
                             daemon=True).start()
    threading.Thread(target=loop, daemon=True).start()
    return s.getsockname()[1]


def main():
    ports, path, roles = sys.argv[1], sys.argv[2], sys.argv[3:]
    got = [(r, listen(r, path)) for r in roles]
    with open(ports, "w") as f:
        for r, p in got:
            f.write("%s %d\n" % (r.partition("@")[0], p))
    sys.stderr.write("listening on 127.0.0.1 port %d\n" % got[0][1])
    sys.stderr.flush()
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
