#!/usr/bin/env python3
# ws_raw.py: WebSocket peers that misbehave, on raw sockets (standard
# library only), for the t50xx scripts.
#
#   ws_raw.py serve [HANDSHAKE] STEP...
#       one connection on 127.0.0.1 port 0 ("listening on 127.0.0.1 port
#       N" on stderr).  It reads the request (printed as "request LINE"
#       and "header NAME: VALUE") and answers by HANDSHAKE:
#         --status CODE   that status, a short body, then closes
#         --bad-accept    101 with a wrong Sec-WebSocket-Accept
#         --no-upgrade    101 with the right accept, no Upgrade header
#         --proto P       101 choosing subprotocol P (offered or not)
#         --two-accept    101 with the right Sec-WebSocket-Accept twice
#         --two-proto P   101 choosing P in two Sec-WebSocket-Protocol lines
#         (none)          a correct 101
#       then runs the STEPs.
#   ws_raw.py serve-many DIR
#       serve's scenarios one after another on one port (one python3 for
#       a script's many: a start is ~0.1 s of CPU on the CI machine): each
#       line on stdin is one, its SECS and serve's arguments, each ended
#       by a TAB; the Nth (from 0) prints to DIR/wsrawN.out, waits SECS
#       at most for its connection and for its end (serve's watchdog),
#       then "done N" goes to stdout.
#   ws_raw.py client [--path P] [--plain] [--proto LIST] [--origin O]
#       [--dupkey] PORT STEP...
#       connects to 127.0.0.1 PORT, sends a correct upgrade request (with
#       --plain a plain GET), prints "status LINE", each "header NAME:
#       VALUE" and "accept ok|bad"; after a 101 runs the STEPs, else
#       prints the body and exits.  --proto A|B sends a line for each
#       of A and B; --dupkey sends a second Sec-WebSocket-Key.
#
# STEPs: consecutive frames go out in one write:
#   text:S bin:S ping:S pong:S      a frame with FIN, S its payload
#   close:CODE[:REASON]             a Close frame ("close:" alone: empty)
#   first:S cont:S last:S           text start (FIN 0), continuation
#                                   (FIN 0), continuation (FIN 1)
#   rsv1:S rsv2:S rsv3:S            a text frame with that bit set
#   op:N:S                          a frame of opcode N, FIN set
#   badutf8                         a text frame of bytes that are not
#                                   UTF-8 (ff fe and a lone continuation)
#   badutf8frag                     text in two fragments, the second
#                                   not UTF-8 (ff)
#   eurosplit                       "a€b" as text in two fragments that
#                                   split the euro sign's bytes
#   bigtext:N                       a text frame of N bytes ("x")
#   fragtext:N:K                    N bytes of text in K fragments
#   hugehdr:N                       the header of a text frame of N bytes
#                                   and 4 of them; the rest never comes
#   bigping                         a ping of 126 bytes (too long)
#   fragping                        a ping without FIN
#   A frame is masked when the client sends it and not when the server
#   does; a "!" before it does the other (an unmasked client frame).
#   wait:SECS     read and print frames for SECS seconds (the scenario's)
#   expect:S      read and print frames until one whose payload is S
#                 (20 s at most: "expect timed out")
#   sleep:SECS    wait SECS seconds, reading nothing
#   shut          half-close (FIN) after what was sent
#   pingflood:N   N pings of 125 bytes in one write, nothing read meanwhile
#   hwm:PID       print "hwm KB", the peak memory (VmHWM) of process PID
#   reset         end the TCP connection with a reset (SO_LINGER 0), now
#   drain         read and print frames until the peer's Close (answered
#                 with a Close of the same code unless one was sent) or
#                 its end; the last step, always.  After the Close a server
#                 prints "closing" and ends the TCP connection at once; a
#                 client waits 5 s for the server to end it ("eof").
# Each write is printed as "sent STEP...", once it is out; each frame read
# as "recv OPNAME fin=F masked=M PAYLOAD", a Close as "recv close
# masked=M CODE REASON"; the end as "eof".
import base64
import hashlib
import os
import select
import signal
import socket
import struct
import sys
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OPS = {0: "cont", 1: "text", 2: "binary", 8: "close", 9: "ping", 10: "pong"}
sent_close = False


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def accept_of(key):
    return base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()


def frame(op, payload, fin=True, rsv=0, mask=False, length=None):
    n = len(payload) if length is None else length
    b0 = (0x80 if fin else 0) | (rsv << 4) | op
    m = 0x80 if mask else 0
    if n < 126:
        head = struct.pack("!BB", b0, m | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, m | 126, n)
    else:
        head = struct.pack("!BBQ", b0, m | 127, n)
    if mask:
        key = os.urandom(4)
        k = (key * (len(payload) // 4 + 1))[:len(payload)]
        # one big XOR, not a byte at a time: ws_deflate.py masks MiBs
        payload = (int.from_bytes(payload, "big") ^
                   int.from_bytes(k, "big")).to_bytes(len(payload), "big") \
            if payload else b""
        head += key
    return head + payload


def build(spec, client):
    """The bytes of one frame STEP, or None when it is no frame."""
    global sent_close
    mask = client
    if spec.startswith("!"):
        mask = not mask
        spec = spec[1:]
    kind, _, arg = spec.partition(":")
    a = arg.encode()
    if kind in ("text", "bin", "ping", "pong"):
        return frame({"text": 1, "bin": 2, "ping": 9, "pong": 10}[kind], a,
                     mask=mask)
    if kind == "close":
        sent_close = True
        if not arg:
            return frame(8, b"", mask=mask)
        code, _, reason = arg.partition(":")
        return frame(8, struct.pack("!H", int(code)) + reason.encode(),
                     mask=mask)
    if kind == "first":
        return frame(1, a, fin=False, mask=mask)
    if kind == "cont":
        return frame(0, a, fin=False, mask=mask)
    if kind == "last":
        return frame(0, a, mask=mask)
    if kind in ("rsv1", "rsv2", "rsv3"):
        return frame(1, a, rsv={"rsv1": 4, "rsv2": 2, "rsv3": 1}[kind],
                     mask=mask)
    if kind == "op":
        n, _, s = arg.partition(":")
        return frame(int(n), s.encode(), mask=mask)
    if kind == "badutf8":
        return frame(1, b"ok \xff\xfe \x80", mask=mask)
    if kind == "badutf8frag":
        return (frame(1, b"ab", fin=False, mask=mask) +
                frame(0, b"\xff", mask=mask))
    if kind == "eurosplit":
        e = "\u20ac".encode()
        return (frame(1, b"a" + e[:1], fin=False, mask=mask) +
                frame(0, e[1:] + b"b", mask=mask))
    if kind == "bigtext":
        return frame(1, b"x" * int(arg), mask=mask)
    if kind == "fragtext":
        n, k = (int(x) for x in arg.split(":"))
        part = n // k
        out = b""
        for i in range(k):
            size = part if i < k - 1 else n - part * (k - 1)
            out += frame(1 if i == 0 else 0, b"x" * size, fin=(i == k - 1),
                         mask=mask)
        return out
    if kind == "hugehdr":
        return frame(1, b"", mask=mask, length=int(arg)) + b"xxxx"
    if kind == "bigping":
        return frame(9, b"p" * 126, mask=mask)
    if kind == "fragping":
        return frame(9, b"p", fin=False, mask=mask)
    if kind == "pingflood":
        return frame(9, b"p" * 125, mask=mask) * int(arg)
    return None


class Reader:
    def __init__(self, sock, buf=b""):
        self.s = sock
        self.buf = buf
        self.eof = False

    def fill(self, deadline):
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            r, _, _ = select.select([self.s], [], [], left)
            if r:
                try:
                    d = self.s.recv(65536)
                except OSError:
                    d = b""
                if not d:
                    self.eof = True
                    return False
                self.buf += d
                return True

    def need(self, n, deadline):
        while len(self.buf) < n:
            if not self.fill(deadline):
                return None
        d, self.buf = self.buf[:n], self.buf[n:]
        return d

    def frame(self, deadline):
        """(op, fin, masked, payload), or None at EOF or the deadline."""
        h = self.need(2, deadline)
        if h is None:
            return None
        fin, op = h[0] >> 7, h[0] & 15
        masked, n = h[1] >> 7, h[1] & 127
        if n == 126:
            n = struct.unpack("!H", self.need(2, deadline) or b"\0\0")[0]
        elif n == 127:
            n = struct.unpack("!Q", self.need(8, deadline) or b"\0" * 8)[0]
        key = self.need(4, deadline) if masked else None
        p = self.need(n, deadline)
        if p is None:
            return None
        if key:
            p = bytes(b ^ key[i % 4] for i, b in enumerate(p))
        return op, fin, masked, p


def show(op, fin, masked, p):
    name = OPS.get(op, "op%d" % op)
    if op == 8:
        code = struct.unpack("!H", p[:2])[0] if len(p) >= 2 else "none"
        return "recv close masked=%d %s %s" % (
            masked, code, p[2:].decode("utf-8", "replace"))
    if op == 1 or op == 0:
        data = p.decode("utf-8", "replace") if len(p) <= 200 else \
            "%d bytes" % len(p)
    else:
        data = p.hex() if len(p) <= 64 else "%d bytes" % len(p)
    return "recv %s fin=%d masked=%d %s" % (name, fin, masked, data)


def steps(sock, rd, specs, client):
    pending = b""
    names = []
    for spec in specs + ["drain"]:
        f = build(spec, client)
        if f is not None:
            pending += f
            names.append(spec if len(spec) < 40 else spec[:40] + "...")
            continue
        if pending:
            try:
                sock.sendall(pending)
                say("sent " + " ".join(names))
            except OSError as e:
                say("send failed: %s" % e)
            pending = b""
            names = []
        if spec.startswith("wait:"):
            end = time.monotonic() + float(spec[5:])
            while not rd.eof:
                f = rd.frame(end)
                if f is None:
                    break
                say(show(*f))
        elif spec.startswith("expect:"):
            end = time.monotonic() + 20
            want = spec[7:].encode()
            while True:
                f = rd.frame(end)
                if f is None:
                    say("expect timed out")
                    break
                say(show(*f))
                if f[3] == want:
                    break
        elif spec.startswith("sleep:"):
            time.sleep(float(spec[6:]))
        elif spec == "shut":
            sock.shutdown(socket.SHUT_WR)
        elif spec.startswith("hwm:"):
            with open("/proc/%s/status" % spec[4:]) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        say("hwm " + line.split()[1])
        elif spec == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
            sock.close()
            say("reset")
            return
        elif spec == "drain":
            end = time.monotonic() + 60
            while True:
                f = rd.frame(end)
                if f is None:
                    say("eof" if rd.eof else "drain timed out")
                    return
                say(show(*f))
                if f[0] == 8:
                    if not sent_close:
                        try:
                            sock.sendall(frame(8, f[3][:2], mask=client))
                        except OSError:
                            pass
                    if not client:
                        # the server ends the TCP connection first
                        say("closing")
                        return
                    while rd.fill(time.monotonic() + 5):
                        pass
                    say("eof" if rd.eof else "no eof after the close")
                    return
        else:
            raise SystemExit("ws_raw: unknown step %s" % spec)


def read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        d = sock.recv(65536)
        if not d:
            return None, data
        data += d
    head, rest = data.split(b"\r\n\r\n", 1)
    return head.decode("latin-1").split("\r\n"), rest


def listener():
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(4)
    sys.stderr.write("ws_raw: listening on 127.0.0.1 port %d\n" %
                     ls.getsockname()[1])
    sys.stderr.flush()
    return ls


def serve(argv, ls=None):
    hs = []
    while argv and argv[0].startswith("--"):
        o = argv.pop(0)
        hs.append(o)
        if o in ("--status", "--proto", "--two-proto"):
            hs.append(argv.pop(0))
    if ls is None:
        ls = listener()
    c, _ = ls.accept()
    lines, rest = read_head(c)
    if lines is None:
        say("no request")
        return
    say("request " + lines[0])
    key = ""
    for h in lines[1:]:
        say("header " + h)
        k, _, v = h.partition(":")
        if k.strip().lower() == "sec-websocket-key":
            key = v.strip()
    if "--status" in hs:
        code = hs[hs.index("--status") + 1]
        c.sendall(("HTTP/1.1 %s Nope\r\nContent-Type: text/plain\r\n"
                   "Content-Length: 6\r\nConnection: close\r\n\r\nno way"
                   % code).encode())
        c.close()
        return
    acc = accept_of(key)
    if "--bad-accept" in hs:
        acc = accept_of(key + "x")
    resp = "HTTP/1.1 101 Switching Protocols\r\n"
    if "--no-upgrade" not in hs:
        resp += "Upgrade: websocket\r\n"
    resp += "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n" % acc
    if "--two-accept" in hs:
        resp += "Sec-WebSocket-Accept: %s\r\n" % acc
    if "--proto" in hs:
        resp += "Sec-WebSocket-Protocol: %s\r\n" % hs[hs.index("--proto") + 1]
    if "--two-proto" in hs:
        resp += ("Sec-WebSocket-Protocol: %s\r\n" %
                 hs[hs.index("--two-proto") + 1]) * 2
    c.sendall((resp + "\r\n").encode())
    steps(c, Reader(c, rest), argv, client=False)
    c.close()


def client(argv):
    path, plain, proto, origin, dupkey = "/", False, None, None, False
    while argv and argv[0].startswith("--"):
        o = argv.pop(0)
        if o == "--path":
            path = argv.pop(0)
        elif o == "--plain":
            plain = True
        elif o == "--proto":
            proto = argv.pop(0)
        elif o == "--origin":
            origin = argv.pop(0)
        elif o == "--dupkey":
            dupkey = True
    port = int(argv.pop(0))
    s = socket.create_connection(("127.0.0.1", port), 10)
    s.settimeout(None)
    key = base64.b64encode(os.urandom(16)).decode()
    req = "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % (path, port)
    if not plain:
        req += ("Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n" % key)
        if proto:
            for p in proto.split("|"):
                req += "Sec-WebSocket-Protocol: %s\r\n" % p
        if dupkey:
            req += "Sec-WebSocket-Key: %s\r\n" % base64.b64encode(
                os.urandom(16)).decode()
    if origin:
        req += "Origin: %s\r\n" % origin
    s.sendall((req + "\r\n").encode())
    lines, rest = read_head(s)
    if lines is None:
        say("no response")
        return
    say("status " + lines[0])
    acc = None
    for h in lines[1:]:
        say("header " + h)
        k, _, v = h.partition(":")
        if k.strip().lower() == "sec-websocket-accept":
            acc = v.strip()
    if " 101 " not in lines[0] + " ":
        rd = Reader(s, rest)
        while rd.fill(time.monotonic() + 10):
            pass
        say("body " + rd.buf.decode("latin-1").replace("\r\n", "\\r\\n")
            .replace("\n", "\\n"))
        return
    say("accept " + ("ok" if acc == accept_of(key) else "bad"))
    steps(s, Reader(s, rest), argv, client=True)
    s.close()


class Watchdog(BaseException):
    pass


def expired(sig, frame):
    raise Watchdog()


def serve_many(d):
    global sent_close
    ls = listener()
    real = sys.stdout
    signal.signal(signal.SIGALRM, expired)
    for n, line in enumerate(sys.stdin):
        a = line.rstrip("\n").split("\t")[:-1]
        sent_close = False
        with open("%s/wsraw%d.out" % (d, n), "w") as out:
            sys.stdout = out
            ls.settimeout(int(a[0]))
            signal.alarm(int(a[0]))
            try:
                serve(a[1:], ls)
            except Watchdog:
                say("ws_raw: watchdog")
            except socket.timeout:
                say("ws_raw: no connection")
            except (Exception, SystemExit) as e:
                say("ws_raw: %r" % e)
            finally:
                signal.alarm(0)
                sys.stdout = real
        real.write("done %d\n" % n)
        real.flush()


if __name__ == "__main__":
    a = sys.argv[1:]
    if a and a[0] == "serve":
        serve(a[1:])
    elif a and a[0] == "serve-many":
        serve_many(a[1])
    elif a and a[0] == "client":
        client(a[1:])
    else:
        raise SystemExit("usage: ws_raw.py serve|client ...")
