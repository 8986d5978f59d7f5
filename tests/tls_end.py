#!/usr/bin/env python3
# tls_end.py: a TLS peer that tells a close_notify from a bare end of
# the TCP connection, for t4090-tls-close-notify.sh (issue 38).
# Standard library only.  The TLS runs on an ssl.SSLObject over memory
# BIOs, with OP_IGNORE_UNEXPECTED_EOF cleared where it exists, so that:
#   - a close_notify from the peer reads as SSLZeroReturnError, printed
#     "end close_notify";
#   - the TCP end without one reads as SSLEOFError ("EOF occurred in
#     violation of protocol"), printed "end bare-eof (...)";
#   - a reset, "end reset (...)"; nothing within 15 s, "end timeout".
# We can send our own close_notify (a half-close) and read on after it,
# which ssl.SSLSocket's unwrap() does not allow.
#
#   tls_end.py client [--ca FILE] PORT STEP...
#       connects to 127.0.0.1 PORT (TLS, SNI localhost; verified
#       against FILE when given, else not verified)
#   tls_end.py server CERT KEY STEP...
#       listens on 127.0.0.1 port 0 ("listening on 127.0.0.1 port N" on
#       stderr), serves one connection
# STEPs, in order:
#   line:S        send S and a newline
#   notify        send close_notify (our half-close)
#   end           read until the stream ends; print "data R" (R the
#                 bytes read, repr) and how it ended (above)
#   ws-upgrade    (client) a WebSocket upgrade request; "ws status LINE"
#   ws-accept     (server) read the upgrade request, answer 101
#   ws-text:S     a text frame (masked from a client)
#   ws-close:N    a Close frame with code N
#   ws-read       read frames until a Close ("ws text S", "ws close N"),
#                 answered with a Close of its code unless we sent one;
#                 a stream that ends first is reported as "end" does
# At the end the socket is closed (after our close_notify, when the
# steps did not send one and the peer had not ended).
import base64
import hashlib
import os
import socket
import ssl
import struct
import sys

WAIT = 15
GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def say(s):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


class Ended(Exception):
    pass


class Conn:
    def __init__(self, sock, ctx, server_side):
        self.sock = sock
        self.sock.settimeout(WAIT)
        self.inc = ssl.MemoryBIO()
        self.out = ssl.MemoryBIO()
        self.o = ctx.wrap_bio(self.inc, self.out, server_side=server_side,
                              server_hostname=None if server_side else
                              "localhost")
        self.buf = b""
        self.ended = None
        self.notified = False
        self.client = not server_side

    def flush(self):
        d = self.out.read()
        if d:
            self.sock.sendall(d)

    def pump(self):
        try:
            d = self.sock.recv(65536)
        except socket.timeout:
            raise Ended("timeout")
        except ConnectionResetError as e:
            raise Ended("reset (%s)" % e)
        if d:
            self.inc.write(d)
        else:
            self.inc.write_eof()

    def handshake(self):
        while True:
            try:
                self.o.do_handshake()
                break
            except ssl.SSLWantReadError:
                self.flush()
                self.pump()
        self.flush()

    def send(self, b):
        self.o.write(b)
        self.flush()

    def notify(self):
        try:
            self.o.unwrap()
        except ssl.SSLWantReadError:
            pass
        self.flush()
        self.notified = True

    def more(self):
        """Read some bytes into buf; raises Ended at the stream's end."""
        if self.ended:
            raise Ended(self.ended)
        while True:
            try:
                d = self.o.read(65536)
                if not d:  # the SSLObject's way of saying close_notify
                    raise ssl.SSLZeroReturnError()
                self.buf += d
                return
            except ssl.SSLWantReadError:
                self.flush()
                try:
                    self.pump()
                except Ended as e:
                    self.ended = str(e)
                    raise
            except ssl.SSLZeroReturnError:
                self.ended = "close_notify"
                raise Ended(self.ended)
            except ssl.SSLEOFError as e:
                self.ended = "bare-eof (SSLEOFError: %s)" % e
                raise Ended(self.ended)
            except ssl.SSLError as e:
                self.ended = "tls-error (%s)" % e
                raise Ended(self.ended)

    def need(self, n):
        while len(self.buf) < n:
            self.more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def until(self, mark):
        while mark not in self.buf:
            self.more()
        out, _, self.buf = self.buf.partition(mark)
        return out


def frame(op, payload, mask):
    n = len(payload)
    m = 0x80 if mask else 0
    if n < 126:
        head = struct.pack("!BB", 0x80 | op, m | n)
    else:
        head = struct.pack("!BBH", 0x80 | op, m | 126, n)
    if mask:
        key = os.urandom(4)
        payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
        head += key
    return head + payload


def read_frame(c):
    b0, b1 = c.need(2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", c.need(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", c.need(8))[0]
    key = c.need(4) if b1 & 0x80 else None
    p = c.need(n)
    if key:
        p = bytes(b ^ key[i % 4] for i, b in enumerate(p))
    return b0 & 0x0F, p


def step(c, s, state):
    kind, _, arg = s.partition(":")
    if kind == "line":
        c.send(arg.encode() + b"\n")
    elif kind == "notify":
        try:
            c.notify()
            say("sent close_notify")
        except (OSError, ssl.SSLError) as e:
            # the peer is gone (its end was reported): nothing to say
            say("close_notify not sent (%s)" % e)
    elif kind == "end":
        try:
            while True:
                c.more()
        except Ended as e:
            say("data %r" % c.buf)
            say("end %s" % e)
            c.buf = b""
    elif kind == "ws-upgrade":
        key = base64.b64encode(os.urandom(16)).decode()
        c.send(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n" % key).encode())
        head = c.until(b"\r\n\r\n").decode("latin-1")
        say("ws status %s" % head.split("\r\n")[0])
    elif kind == "ws-accept":
        head = c.until(b"\r\n\r\n").decode("latin-1")
        key = ""
        for line in head.split("\r\n")[1:]:
            k, _, v = line.partition(":")
            if k.strip().lower() == "sec-websocket-key":
                key = v.strip()
        acc = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest())
        c.send(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
               b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + acc +
               b"\r\n\r\n")
        say("ws request %s" % head.split("\r\n")[0])
    elif kind == "ws-text":
        c.send(frame(1, arg.encode(), c.client))
    elif kind == "ws-close":
        c.send(frame(8, struct.pack("!H", int(arg)), c.client))
        state["closed"] = True
    elif kind == "ws-read":
        try:
            while True:
                op, p = read_frame(c)
                if op == 1:
                    say("ws text %s" % p.decode("utf-8", "replace"))
                elif op == 8:
                    code = struct.unpack("!H", p[:2])[0] if len(p) >= 2 \
                        else 1005
                    say("ws close %d" % code)
                    if not state.get("closed"):
                        c.send(frame(8, p[:2], c.client))
                        state["closed"] = True
                    break
                else:
                    say("ws op %d" % op)
        except Ended as e:
            say("data %r" % c.buf)
            say("end %s" % e)
    else:
        sys.exit("tls_end.py: no step %s" % s)


def ctx_of(server, ca=None, cert=None, key=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server else
                         ssl.PROTOCOL_TLS_CLIENT)
    if hasattr(ssl, "OP_IGNORE_UNEXPECTED_EOF"):
        ctx.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF
    if server:
        ctx.load_cert_chain(cert, key)
    elif ca:
        ctx.load_verify_locations(ca)
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def run(c, steps):
    state = {}
    try:
        c.handshake()
        say("handshake %s" % c.o.version())
        for s in steps:
            step(c, s, state)
    except Ended as e:
        say("end %s (in the handshake or a step)" % e)
    except OSError as e:
        say("error %s: %s" % (type(e).__name__, e))
    if not c.notified and not c.ended:
        try:
            c.notify()
        except OSError:
            pass
    c.sock.close()


def main(argv):
    if argv[1] == "client":
        a = argv[2:]
        ca = None
        if a[0] == "--ca":
            ca, a = a[1], a[2:]
        s = socket.create_connection(("127.0.0.1", int(a[0])), timeout=WAIT)
        run(Conn(s, ctx_of(False, ca=ca), False), a[1:])
    elif argv[1] == "server":
        ctx = ctx_of(True, cert=argv[2], key=argv[3])
        ls = socket.socket()
        ls.bind(("127.0.0.1", 0))
        ls.listen(1)
        sys.stderr.write("tls_end: listening on 127.0.0.1 port %d\n" %
                         ls.getsockname()[1])
        sys.stderr.flush()
        s, _ = ls.accept()
        ls.close()
        run(Conn(s, ctx, True), argv[4:])
    else:
        sys.exit("usage: tls_end.py client|server ...")


if __name__ == "__main__":
    main(sys.argv)
