#!/usr/bin/env python3
"""starttls_server.py PROTO --cert C --key K [--mode M] [--port N]
[--bind ADDR] [--log FILE]: a server that speaks PROTO's plaintext
dialogue before TLS (smtp, lmtp, imap, pop3, ftp, xmpp, postgres), for
connect --starttls and portscan --probe tls (t4030, t3041), with
openssl s_client -starttls as the control.

It listens (port 0 unless --port), says "listening on ADDR port N" on
stderr, and serves each connection in a thread: the dialogue, then over
TLS one line answered "echo: LINE", then the close.  Every byte a client
sends before TLS is appended to FILE.plain, every line over TLS to
FILE.tls, so a test can tell that nothing of stdin went out in the
clear; a line "end" goes to FILE.end when a connection is over.  Modes:
  ok        the upgrade offered and granted
  no-offer  the capability not listed (postgres: 'N', ftp: 530)
  refuse    offered, then refused: 454, NO, -ERR, 534, <failure/>, 'N'
  garbage   the greeting (xmpp: the features, postgres: the answer) is
            not the protocol's
  inject    granted, with plaintext bytes after the go-ahead (the
            injection of CVE-2011-0411)
  greetcaps imap: the capabilities in the greeting, no CAPABILITY asked
  silent    says nothing at all (a time limit's test)
  stall     granted, then silent: TLS never answered (the handshake's
            time limit after the dialogue)
  early     every reply up to the go-ahead in one write, before the
            commands they answer (the response injection of the 2021
            "NO STARTTLS" study); then it reads the commands and speaks
            TLS.  xmpp: its stream, features and <proceed/> before the
            client's stream; postgres: 'S' before the SSLRequest
With --front http it is first an HTTP CONNECT proxy in front of itself:
it reads the CONNECT request and its 200 goes out in one write with the
server's first words, which the client then holds before it has sent
anything.  The SNI name each client sent is appended to FILE.sni.
"""
import argparse
import socket
import ssl
import sys
import threading

NS = "urn:ietf:params:xml:ns:xmpp-tls"


class Conn:
    def __init__(self, sock, args):
        self.s = sock
        self.args = args
        self.lock = threading.Lock()
        self.ahead = b""

    def log(self, suffix, data):
        if self.args.log:
            with self.lock, open(self.args.log + suffix, "ab") as f:
                f.write(data)

    def recv1(self):
        # one byte at a time: nothing of the client's TLS is read ahead
        b = self.s.recv(1)
        if b:
            self.log(".plain", b)
        return b

    def line(self):
        buf = b""
        while not buf.endswith(b"\n"):
            b = self.recv1()
            if not b:
                raise EOFError
            buf += b
        return buf.rstrip(b"\r\n")

    def until(self, *ends):
        buf = b""
        while not any(e in buf for e in ends):
            b = self.recv1()
            if not b:
                raise EOFError
            buf += b
        return buf

    def send(self, data):
        # a front's 200 goes with the server's first words
        self.s.sendall(self.ahead + data)
        self.ahead = b""

    def drain(self):
        # after a refusal: keep what the client still sends, to its end
        self.s.settimeout(5)
        try:
            while self.recv1():
                pass
        except OSError:
            pass


def smtp(c, mode):
    if mode == "early":
        c.send(b"220 ready\r\n250-test.invalid\r\n250 STARTTLS\r\n"
               b"220 2.0.0 go ahead\r\n")
        while c.line().split(b" ")[0].upper() != b"STARTTLS":
            pass
        return True
    c.send(b"220-test.invalid ESMTP\r\n220 ready\r\n" if mode != "garbage"
           else b"HELLO THERE \x01\xff\r\n")
    if mode == "garbage":
        return False
    while True:
        l = c.line()
        verb = l.split(b" ")[0].upper()
        if verb in (b"EHLO", b"LHLO", b"HELO"):
            caps = b"250-test.invalid greets you\r\n250-SIZE 1000\r\n"
            if mode == "no-offer":
                caps += b"250 PIPELINING\r\n"
            else:
                caps += b"250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n"
            c.send(caps)
        elif verb == b"STARTTLS":
            if mode == "refuse":
                c.send(b"454 4.7.0 TLS not available\r\n")
                return False
            c.send(b"220 2.0.0 go ahead\r\n" +
                   (b"250 injected\r\n" if mode == "inject" else b""))
            return True
        elif verb == b"QUIT":
            c.send(b"221 bye\r\n")
            return False
        else:
            c.send(b"500 5.5.1 unknown command\r\n")


def imap(c, mode):
    if mode == "early":
        c.send(b"* OK test IMAP ready\r\n* CAPABILITY IMAP4rev1 STARTTLS\r\n"
               b"a001 OK done\r\na002 OK Begin TLS negotiation now\r\n")
        while b"STARTTLS" not in c.line().upper():
            pass
        return True
    if mode == "garbage":
        c.send(b"HTTP/1.1 400 Bad Request\r\n")
        return False
    if mode == "greetcaps":
        c.send(b"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n")
    else:
        c.send(b"* OK test IMAP ready\r\n")
    while True:
        l = c.line()
        tag, _, rest = l.partition(b" ")
        cmd = rest.split(b" ")[0].upper()
        if cmd == b"CAPABILITY":
            caps = b"IMAP4rev1 LOGINDISABLED"
            if mode != "no-offer":
                caps += b" STARTTLS"
            c.send(b"* CAPABILITY " + caps + b"\r\n* OK still here\r\n" +
                   tag + b" OK CAPABILITY done\r\n")
        elif cmd == b"STARTTLS":
            if mode in ("refuse", "no-offer"):
                c.send(tag + b" NO not now\r\n")
                return False
            c.send(tag + b" OK Begin TLS negotiation now\r\n" +
                   (b"* injected\r\n" if mode == "inject" else b""))
            return True
        elif cmd == b"LOGOUT":
            c.send(b"* BYE\r\n" + tag + b" OK bye\r\n")
            return False
        else:
            c.send(tag + b" BAD unknown\r\n")


def pop3(c, mode):
    if mode == "early":
        c.send(b"+OK ready\r\n+OK caps\r\nSTLS\r\n.\r\n+OK begin TLS\r\n")
        while c.line().upper() != b"STLS":
            pass
        return True
    if mode == "garbage":
        c.send(b"SSH-2.0-OpenSSH_9.2\r\n")
        return False
    c.send(b"+OK test POP3 ready\r\n")
    while True:
        cmd = c.line().split(b" ")[0].upper()
        if cmd == b"CAPA":
            c.send(b"+OK capabilities\r\nUSER\r\n" +
                   (b"STLS\r\n" if mode != "no-offer" else b"") +
                   b"UIDL\r\n.\r\n")
        elif cmd == b"STLS":
            if mode in ("refuse", "no-offer"):
                c.send(b"-ERR not now\r\n")
                return False
            c.send(b"+OK begin TLS\r\n" +
                   (b"+OK injected\r\n" if mode == "inject" else b""))
            return True
        elif cmd == b"QUIT":
            c.send(b"+OK bye\r\n")
            return False
        else:
            c.send(b"-ERR unknown\r\n")


def ftp(c, mode):
    if mode == "early":
        c.send(b"220 ready\r\n234 AUTH TLS ok\r\n")
        while not c.line().upper().startswith(b"AUTH"):
            pass
        return True
    if mode == "garbage":
        c.send(b"* OK this is IMAP\r\n")
        return False
    c.send(b"220-test FTP\r\n welcome, a line of any form\r\n220 ready\r\n")
    while True:
        cmd = c.line().upper()
        if cmd in (b"AUTH TLS", b"AUTH SSL"):
            if mode in ("refuse", "no-offer"):
                c.send(b"534 TLS not available\r\n")
                return False
            c.send(b"234 AUTH TLS ok\r\n" +
                   (b"200 injected\r\n" if mode == "inject" else b""))
            return True
        elif cmd == b"QUIT":
            c.send(b"221 bye\r\n")
            return False
        else:
            c.send(b"500 unknown\r\n")


XSTREAM = (b"<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
           b"xmlns:stream='http://etherx.jabber.org/streams' id='t1' "
           b"from='test.invalid' version='1.0'>")


def xmpp(c, mode):
    if mode == "early":
        c.send(XSTREAM + b"<stream:features><starttls xmlns='" +
               NS.encode() + b"'/></stream:features><proceed xmlns='" +
               NS.encode() + b"'/>")
        c.until(b"<stream:stream")
        c.until(b">")
        c.until(b"/>", b"</starttls>")
        return True
    hdr = c.until(b"<stream:stream")
    hdr += c.until(b">")
    if mode == "garbage":
        c.send(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        return False
    c.send(XSTREAM)
    if mode == "no-offer":
        c.send(b"<stream:features><mechanisms xmlns='urn:ietf:params:xml:"
               b"ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms>"
               b"</stream:features>")
    else:
        c.send(b"<stream:features><starttls xmlns='" + NS.encode() +
               b"'><required/></starttls></stream:features>")
    c.until(b"/>", b"</starttls>")
    if mode in ("refuse", "no-offer"):
        c.send(b"<failure xmlns='" + NS.encode() + b"'/></stream:stream>")
        return False
    c.send(b"<proceed xmlns='" + NS.encode() + b"'/>" +
           (b"<injected/>" if mode == "inject" else b""))
    return True


def postgres(c, mode):
    if mode == "early":
        c.send(b"S")
    req = b""
    while len(req) < 8:
        b = c.recv1()
        if not b:
            raise EOFError
        req += b
    if req != b"\x00\x00\x00\x08\x04\xd2\x16\x2f":
        return False
    if mode == "garbage":
        c.send(b"EFATAL: unsupported frontend protocol\x00")
        return False
    if mode in ("refuse", "no-offer"):
        c.send(b"N")
        return False
    if mode != "early":
        c.send(b"S" + (b"X" if mode == "inject" else b""))
    return True


PROTOS = {"smtp": smtp, "lmtp": smtp, "imap": imap, "pop3": pop3,
          "ftp": ftp, "xmpp": xmpp, "postgres": postgres}


def serve(sock, args, ctx):
    c = Conn(sock, args)
    try:
        if args.front == "http":
            c.log(".front", c.until(b"\r\n\r\n"))
            c.ahead = b"HTTP/1.1 200 Connection established\r\n\r\n"
        if args.mode == "silent":
            c.drain()
            return
        if not PROTOS[args.proto](c, args.mode) or args.mode == "stall":
            c.drain()
            return
        try:
            t = ctx.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError) as e:
            c.log(".tls", b"handshake failed: " + str(e).encode() + b"\n")
            return
        t.settimeout(10)
        buf = b""
        while not buf.endswith(b"\n"):
            b = t.recv(1024)
            if not b:
                break
            buf += b
        c.log(".tls", buf)
        if buf:
            t.sendall(b"echo: " + buf)
        # our end without close_notify, then the client's bytes to its
        # end: a close with its close_notify unread would reset the
        # connection before the client read our line
        t.shutdown(socket.SHUT_WR)
        t.settimeout(5)
        try:
            while t.recv(4096):
                pass
        except OSError:
            pass
        t.close()
    except (EOFError, OSError):
        pass
    finally:
        try:
            sock.close()
        except OSError:
            pass
        c.log(".end", b"end\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("proto", choices=sorted(PROTOS))
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--mode", default="ok", choices=[
        "ok", "no-offer", "refuse", "garbage", "inject", "greetcaps",
        "silent", "stall", "early"])
    ap.add_argument("--front", choices=["http"])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--log")
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)

    def sni(sock, name, _ctx):
        if args.log:
            with open(args.log + ".sni", "a") as f:
                f.write("%s\n" % name)
    ctx.sni_callback = sni
    ls = socket.socket(socket.AF_INET6 if ":" in args.bind
                       else socket.AF_INET)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # getaddrinfo: a link-local address's zone ("fe80::5%v0") too
    ls.bind(socket.getaddrinfo(args.bind, args.port, ls.family,
                               socket.SOCK_STREAM)[0][4])
    ls.listen(64)
    sys.stderr.write("listening on %s port %d\n" %
                     (args.bind, ls.getsockname()[1]))
    sys.stderr.flush()
    while True:
        s, _ = ls.accept()
        threading.Thread(target=serve, args=(s, args, ctx),
                         daemon=True).start()


if __name__ == "__main__":
    main()
