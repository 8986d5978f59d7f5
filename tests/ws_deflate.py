#!/usr/bin/python3
# ws_deflate.py: permessage-deflate (RFC 7692) peers for t5005.  Run with
# /usr/bin/python3 (python3-websockets); the raw modes need only zlib.
#
#   ws_deflate.py pyclient URL
#       python websockets client, compression on (its default): sends
#       MSGS, each echo checked; prints "ext VALUE" (the 101's
#       Sec-WebSocket-Extensions, or none), "echo K/N", "closed CODE"
#   ws_deflate.py pyhello URL
#       the same client: prints "ext VALUE", then closes
#   ws_deflate.py pyserve [--window8] [--count N]
#       python websockets server, compression on, one connection: echoes
#       until closed (or N messages, then closes with 1000); prints "ext
#       VALUE"; --window8 asks the client for client_max_window_bits=8
#       (and inflates with an 8-bit window)
#   ws_deflate.py rawserve [EXT] [BAD]
#       a server of our own with Python's zlib: answers the offer with
#       EXT ("permessage-deflate" unless given; "-" for none), sends
#       compressed messages with context takeover (the same text twice,
#       one fragmented, one plain), then reads the client's messages to
#       its Close, inflating them itself; or BAD: rsv1cont, rsv1ping,
#       bomb (10 MiB of zeros in 10 KB), corrupt, and reports the Close;
#       or bfinal: three messages each a deflate stream of its own ended
#       by a block with BFINAL set (RFC 7692 7.2.3.4), two of them in two
#       frames
#   ws_deflate.py rawclient PORT [OFFER] [BAD]
#       a client of our own against listen --ws -e cat: offers OFFER,
#       sends compressed messages with context takeover, inflates the
#       echoes itself; or BAD as above, or flood: a ping, 48 MiB in 48 KB
#       and a Close sent with the request, then "pong", each message
#       that comes ("message TEXT") and the Close reported
# Reports on stdout; a server says "listening on 127.0.0.1 port N" on
# stderr.
import asyncio
import base64
import hashlib
import os
import socket
import struct
import sys
import zlib

sys.dont_write_bytecode = True	# no __pycache__ left in tests/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ws_raw  # noqa: E402

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TAIL = b"\x00\x00\xff\xff"
MSGS = ["h\u00e9llo w\u00f6rld \u2713 \U0001F600", "\u00e9t\u00e9 " * 3000,
        "", "again: h\u00e9llo w\u00f6rld \u2713", "x" * 70000]


def say(s):
    sys.stdout.write(s + "\n")
    sys.stdout.flush()


class Z:
    """One direction's streams, context kept from message to message."""
    def __init__(self, bits=15):
        self.c = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.d = zlib.decompressobj(-bits)

    def pack(self, data):
        z = self.c.compress(data) + self.c.flush(zlib.Z_SYNC_FLUSH)
        assert z.endswith(TAIL)
        return z[:-4]

    def unpack(self, z, limit=0):
        out = self.d.decompress(z + TAIL, limit) if limit else \
            self.d.decompress(z + TAIL)
        return out


def frame(op, payload, fin=True, rsv1=False, mask=False):
    # ws_raw.py's frame; RSV1 is its rsv 4 (0x40)
    return ws_raw.frame(op, payload, fin, 4 if rsv1 else 0, mask)


class Conn:
    def __init__(self, s, buf=b""):
        self.s, self.buf = s, buf

    def need(self, n):
        while len(self.buf) < n:
            d = self.s.recv(1 << 20)
            if not d:
                raise EOFError
            self.buf += d
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def frame(self):
        """(fin, rsv1, op, payload, wire length)"""
        b0, b1 = self.need(2)
        n = b1 & 0x7f
        if n == 126:
            n = struct.unpack("!H", self.need(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self.need(8))[0]
        key = self.need(4) if b1 & 0x80 else None
        p = self.need(n)
        if key:
            k = (key * (n // 4 + 1))[:n]
            p = (int.from_bytes(p, "big") ^
                 int.from_bytes(k, "big")).to_bytes(n, "big") if n else b""
        return bool(b0 & 0x80), bool(b0 & 0x40), b0 & 0x0f, p, n

    def message(self):
        """(op, payload, compressed, wire length, rsv1 on a continuation)"""
        fin, rsv1, op, p, n = self.frame()
        while op >= 8:
            if op == 8:
                return op, p, False, n, False
            fin, rsv1, op, p, n = self.frame()
        first_rsv1, later = rsv1, False
        while not fin:
            fin, rsv1, op2, q, k = self.frame()
            if op2 == 8:
                return op2, q, False, k, False
            if op2 > 8:
                fin = False
                continue
            later = later or rsv1
            p += q
            n += k
        return op, p, first_rsv1, n, later


def head_of(c):
    while b"\r\n\r\n" not in c.buf:
        d = c.s.recv(65536)
        if not d:
            raise EOFError
        c.buf += d
    h, _, c.buf = c.buf.partition(b"\r\n\r\n")
    return h.decode("latin-1")


def field(head, name):
    vals = [l.split(":", 1)[1].strip() for l in head.split("\r\n")[1:]
            if l.split(":", 1)[0].strip().lower() == name.lower()]
    return ", ".join(vals) if vals else None


def send_bad(c, bad, z, mask):
    if bad == "rsv1cont":
        c.s.sendall(frame(1, z.pack(b"part one "), fin=False, rsv1=True,
                          mask=mask) +
                    frame(0, b"", rsv1=True, mask=mask))
    elif bad == "rsv1ping":
        c.s.sendall(frame(9, b"p", rsv1=True, mask=mask))
    elif bad == "rsv1":
        c.s.sendall(frame(1, z.pack(b"no extension agreed"), rsv1=True,
                          mask=mask))
    elif bad == "bomb":
        big = zlib.compressobj(9, zlib.DEFLATED, -15)
        p = big.compress(b"\0" * (10 << 20)) + big.flush(zlib.Z_SYNC_FLUSH)
        c.s.sendall(frame(2, p[:-4], rsv1=True, mask=mask))
    elif bad == "corrupt":
        c.s.sendall(frame(1, b"\xff\xff\xff\xff garbage", rsv1=True,
                          mask=mask))
    elif bad == "bfinal":
        # RFC 7692 7.2.3.4: each message a stream of its own, its block
        # with BFINAL set, then the 00 of the empty stored block whose 00
        # 00 ff ff is cut off; the RFC's own "Hello" first, then one in
        # two frames, then one with that 00 in a frame of its own
        c.s.sendall(frame(1, bytes.fromhex("f348cdc9c90700"), rsv1=True,
                          mask=mask))
        for i, text in enumerate((b"\xc3\xa9t\xc3\xa9 " * 500,
                                  b"Hello again")):
            f = zlib.compressobj(6, zlib.DEFLATED, -15)
            p = f.compress(text) + f.flush(zlib.Z_FINISH) + b"\x00"
            h = len(p) // 2 if i == 0 else len(p) - 1
            c.s.sendall(frame(1, p[:h], fin=False, rsv1=True, mask=mask) +
                        frame(0, p[h:], mask=mask))


def flood(z, mask):
    """a ping, 48 MiB in 12 messages from some 48 KB, and our Close"""
    return frame(9, b"flood", mask=mask) + \
        b"".join(frame(2, z.pack(b"a" * (4 << 20)), rsv1=True,
                       mask=mask) for _ in range(12)) + \
        frame(8, struct.pack("!H", 1000), mask=mask)


def await_flood(c, z, mask):
    """The pong (the server's first pass over what it read is over),
    the messages that come, the Close."""
    data, cz = b"", False
    while True:
        fin, rsv1, op, p, _ = c.frame()
        if op == 10:
            say("pong")
        elif op == 8:
            code = struct.unpack("!H", p[:2])[0] if len(p) >= 2 else 1005
            say("close %d" % code)
            c.s.sendall(frame(8, p[:2], mask=mask))
            return
        elif op < 8:
            cz, data = cz or rsv1, data + p
            if fin:
                data = z.unpack(data) if cz else data
                say("message %s" % data.decode().strip())
                data, cz = b"", False


def await_close(c, mask):
    try:
        while True:
            op, p, _, _, _ = c.message()
            if op == 8:
                code = struct.unpack("!H", p[:2])[0] if len(p) >= 2 else 1005
                say("close %d %s" % (code, p[2:].decode(errors="replace")))
                c.s.sendall(frame(8, p[:2], mask=mask))
                return
    except (EOFError, OSError):
        say("close none (connection ended)")


def receive_all(c, z, mask):
    """The peer's messages to its Close, inflated by us."""
    n = ok = bad_rsv = 0
    wire = raw = 0
    while True:
        op, p, comp, k, later = c.message()
        if op == 8:
            break
        n += 1
        bad_rsv += later
        data = z.unpack(p) if comp else p
        wire += k
        raw += len(data)
        if comp:
            ok += 1
        say("msg %d op %d z %d len %d %s" % (n, op, k, len(data),
            data[:40].decode("utf-8", "replace")))
    say("messages %d compressed %d rsv1-on-continuation %d" %
        (n, ok, bad_rsv))
    say("wire %d raw %d" % (wire, raw))
    c.s.sendall(frame(8, struct.pack("!H", 1000), mask=mask))


def send_set(c, z, mask):
    one = MSGS[0].encode()
    c.s.sendall(frame(1, z.pack(one), rsv1=True, mask=mask))
    p = z.pack(one)		# the same again: a few bytes, context kept
    say("repeat z %d" % len(p))
    c.s.sendall(frame(1, p, rsv1=True, mask=mask))
    p = z.pack(MSGS[1].encode())
    h = len(p) // 2
    c.s.sendall(frame(1, p[:h], fin=False, rsv1=True, mask=mask) +
                frame(9, b"between", mask=mask) +
                frame(0, p[h:], mask=mask))
    c.s.sendall(frame(1, b"plain, not compressed", mask=mask))
    c.s.sendall(frame(1, z.pack(b""), rsv1=True, mask=mask))


def rawserve(argv):
    ext = argv[0] if argv else "permessage-deflate"
    bad = argv[1] if len(argv) > 1 else None
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    sys.stderr.write("listening on 127.0.0.1 port %d\n" % ls.getsockname()[1])
    sys.stderr.flush()
    s, _ = ls.accept()
    c = Conn(s)
    h = head_of(c)
    say("offer %s" % field(h, "Sec-WebSocket-Extensions"))
    acc = base64.b64encode(hashlib.sha1(
        field(h, "Sec-WebSocket-Key").encode() + GUID).digest()).decode()
    s.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n%s\r\n" %
               (acc, "" if ext == "-" else
                "Sec-WebSocket-Extensions: %s\r\n" % ext)).encode())
    z = Z()
    if bad:
        send_bad(c, bad, z, False)
        await_close(c, False)
        return
    send_set(c, z, False)
    receive_all(c, z, False)


def rawclient(argv):
    port = int(argv[0])
    offer = argv[1] if len(argv) > 1 else "permessage-deflate; " \
        "client_max_window_bits"
    bad = argv[2] if len(argv) > 2 else None
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    z = Z()
    # a flood goes with the request, in one write: the server's first
    # read takes it whole, whatever the timing
    s.sendall(("GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
               "Sec-WebSocket-Version: 13\r\n%s\r\n" %
               (port, key, "" if offer == "-" else
                "Sec-WebSocket-Extensions: %s\r\n" % offer)).encode() +
              (flood(z, True) if bad == "flood" else b""))
    c = Conn(s)
    h = head_of(c)
    say("status %s" % h.split("\r\n")[0])
    say("ext %s" % field(h, "Sec-WebSocket-Extensions"))
    if bad == "flood":
        await_flood(c, z, True)
        return
    if bad:
        send_bad(c, bad, z, True)
        await_close(c, True)
        return
    send_set(c, z, True)
    n = same = comp = 0
    want = [MSGS[0], MSGS[0], MSGS[1], "plain, not compressed", ""]
    # the echoes first, then our Close: listen --ws answers a Close at
    # once (RFC 6455 5.5.1), so what is still on its way after it is lost
    closed = False
    while n < len(want):
        op, p, cz, k, later = c.message()
        if op == 8:
            closed = True
            break
        data = z.unpack(p) if cz else p
        comp += cz
        same += data.decode() == want[n]
        n += 1
    c.s.sendall(frame(8, struct.pack("!H", 1000), mask=True))
    while not closed:
        op, p, cz, k, later = c.message()
        if op == 8:
            break
        n += 1
    say("echoes %d same %d compressed %d" % (n, same, comp))


async def pyclient(url):
    import websockets
    async with websockets.connect(url, max_size=None) as ws:
        say("ext %s" % ws.response_headers.get("Sec-WebSocket-Extensions"))
        good = 0
        for m in MSGS + [b"\x00\x01\x02 binary" * 100]:
            await ws.send(m)
            r = await asyncio.wait_for(ws.recv(), 20)
            # listen's line mode answers a binary message as text
            good += (r.encode() if isinstance(r, str) else r) == \
                (m.encode() if isinstance(m, str) else m)
        say("echo %d/%d" % (good, len(MSGS) + 1))
    say("closed %s" % ws.close_code)


async def pyhello(url):
    import websockets
    async with websockets.connect(url) as ws:
        say("ext %s" % ws.response_headers.get("Sec-WebSocket-Extensions"))


async def pyserve(argv):
    import websockets
    from websockets.extensions.permessage_deflate import \
        ServerPerMessageDeflateFactory
    exts = None
    count = int(argv[argv.index("--count") + 1]) if "--count" in argv else 0
    if "--window8" in argv:
        exts = [ServerPerMessageDeflateFactory(client_max_window_bits=8,
                                               require_client_max_window_bits=True)]
    done = asyncio.get_running_loop().create_future()

    async def handler(ws, path=None):
        say("ext %s" % ws.response_headers.get("Sec-WebSocket-Extensions"))
        n = 0
        try:
            async for m in ws:
                await ws.send(m)
                n += 1
                if n == count:
                    await ws.close(1000)
        finally:
            say("echoed %d" % n)
            say("closed %s" % ws.close_code)
            if not done.done():
                done.set_result(1)

    kw = {"max_size": None}
    if exts is not None:
        kw["extensions"] = exts
    async with websockets.serve(handler, "127.0.0.1", 0, **kw) as srv:
        port = list(srv.sockets)[0].getsockname()[1]
        sys.stderr.write("listening on 127.0.0.1 port %d\n" % port)
        sys.stderr.flush()
        await done


def main():
    a = sys.argv[1:]
    if a[0] == "pyclient":
        asyncio.run(pyclient(a[1]))
    elif a[0] == "pyhello":
        asyncio.run(pyhello(a[1]))
    elif a[0] == "pyserve":
        asyncio.run(pyserve(a[1:]))
    elif a[0] == "rawserve":
        rawserve(a[1:])
    elif a[0] == "rawclient":
        rawclient(a[1:])


if __name__ == "__main__":
    main()
