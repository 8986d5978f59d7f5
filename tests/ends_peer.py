#!/usr/bin/env python3
# ends_peer.py: clients that keep sending while a server ends their
# connection, for t1080-ends.sh (issue 38).  Standard library only, raw
# sockets, so that what the kernel hands us is what we judge.
#
#   ends_peer.py flood PORT N WORDS
#       N times: connect to 127.0.0.1 PORT; one thread sends a steady
#       stream (1 MiB at a time, in 64 KiB writes, until told to stop),
#       the other reads.  The server's answer must be WORDS and then a
#       clean end of file.
#   ends_peer.py ws PORT N
#       N times: a WebSocket upgrade, then an unmasked text frame (a
#       protocol error) followed by a steady stream of masked frames.
#       We must read the server's Close with code 1002, then (having
#       answered it) a clean end of file.
#   ends_peer.py post PORT N USER:PW
#       N times: to an HTTP proxy, a POST without credentials announcing
#       10 MB of body (Content-Length: 10485760), the body streamed in
#       16 KiB writes with a short pause between them.  We must read a
#       whole 407 response (its head and its Content-Length body), then
#       end of file or, if the proxy keeps the connection, nothing
#       wrong once we half-close.
#   ends_peer.py hello PORT N
#       N times, to serve-hello: "alice", "exit" and then a steady stream
#       (as flood) in the same writes.  The answer must be the greeting
#       and "Hello, alice!", then a clean end of file.
#   ends_peer.py backend N
#       the far side of a forwarder (listen -k --to): listens on
#       127.0.0.1 port 0 ("listening on 127.0.0.1 port P" on stderr),
#       takes N connections, each in a thread that sends 8 MiB in 64
#       KiB writes, half-closes and reads to the end of file.  A send
#       or a read that fails (the forwarder's reset: EPIPE, ECONNRESET)
#       fails that connection; a line each, then "passed P of N".
#   ends_peer.py leave PORT N
#       N times: connect, read 64 KiB of what the backend sends, close
#       with the rest unread (the client that leaves first).
#   ends_peer.py wsbig PORT N
#       N times, with Python's websockets library (asyncio): send 200 KB
#       binary messages in a loop to a server whose --ws-max-message is
#       smaller; we must receive its Close 1009 (ConnectionClosed.rcvd),
#       not lose it to a reset (rcvd None, code 1006).
#
# After the last words the sender stops; we half-close and read on until
# the server's end of file.  An ECONNRESET or EPIPE anywhere, on a send
# or a receive, or last words that never came, fails the iteration.
# Each iteration prints one line, "iter I ok ..." or "iter I FAIL why";
# the last line is "passed P of N".
import base64
import errno
import os
import socket
import struct
import sys
import threading
import time

DEADLINE = 5  # seconds for one step of an iteration (a read, a write)


class Sender(threading.Thread):
    """Sends CHUNK (or what make() returns) until stopped or an error."""

    def __init__(self, sock, make, pause=0.0, total=None):
        super().__init__(daemon=True)
        self.sock = sock
        self.make = make
        self.pause = pause
        self.total = total
        self.stop = threading.Event()
        self.err = None
        self.sent = 0

    def run(self):
        try:
            while not self.stop.is_set():
                if self.total is not None and self.sent >= self.total:
                    return
                b = self.make()
                if self.total is not None:
                    b = b[:self.total - self.sent]
                self.sock.sendall(b)
                self.sent += len(b)
                if self.pause:
                    time.sleep(self.pause)
        except OSError as e:
            if not self.stop.is_set():
                self.err = e


def ename(e):
    if isinstance(e, OSError) and e.errno is not None:
        return "%s (%s)" % (errno.errorcode.get(e.errno, e.errno), e)
    return "%s: %s" % (type(e).__name__, e)


class Reader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.eof = False
        self.sock.settimeout(DEADLINE)

    def fill(self):
        b = self.sock.recv(65536)  # raises on a reset
        if not b:
            self.eof = True
            return False
        self.buf += b
        return True

    def need(self, n):
        while len(self.buf) < n:
            if not self.fill():
                raise EOFError("end of file after %d of %d bytes" %
                               (len(self.buf), n))
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def until_eof(self):
        """Read to the end; what came after what was taken."""
        while not self.eof:
            self.fill()
        out, self.buf = self.buf, b""
        return out


def finish(sock, rd, snd):
    """Stop the sender, half-close, read to the server's end of file."""
    snd.stop.set()
    snd.join(DEADLINE)
    if snd.err is not None:
        raise snd.err
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError as e:
        if e.errno != errno.ENOTCONN:
            raise
    return rd.until_eof()


def one_flood(port, words, first=b""):
    s = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    mib = os.urandom(65536)
    pre = [first + mib]
    snd = Sender(s, lambda: pre.pop() if pre else mib)
    snd.start()
    rd = Reader(s)
    try:
        while len(rd.buf) < len(words):
            if not rd.fill():
                break
        got = finish(s, rd, snd)
        if got != words:
            return "FAIL got %r, want %r then end of file" % (got, words)
        return "ok %r then end of file (%d bytes sent)" % (got, snd.sent)
    except (OSError, EOFError) as e:
        return "FAIL after %r: %s (sender: %s)" % (
            rd.buf, ename(e), snd.err and ename(snd.err))
    finally:
        snd.stop.set()
        s.close()


def frame(op, payload, mask):
    n = len(payload)
    b0 = 0x80 | op
    m = 0x80 if mask else 0
    if n < 126:
        head = struct.pack("!BB", b0, m | n)
    elif n < 65536:
        head = struct.pack("!BBH", b0, m | 126, n)
    else:
        head = struct.pack("!BBQ", b0, m | 127, n)
    if mask:
        key = os.urandom(4)
        payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
        head += key
    return head + payload


def read_head(rd):
    while b"\r\n\r\n" not in rd.buf:
        if not rd.fill():
            raise EOFError("end of file in the response head: %r" % rd.buf)
    head, rd.buf = rd.buf.split(b"\r\n\r\n", 1)
    return head.decode("latin-1")


def read_frame(rd):
    b0, b1 = rd.need(2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", rd.need(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", rd.need(8))[0]
    key = rd.need(4) if b1 & 0x80 else None
    p = rd.need(n)
    if key:
        p = bytes(b ^ key[i % 4] for i, b in enumerate(p))
    return b0 & 0x0F, p


def one_ws(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    rd = Reader(s)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall(("GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
               % (port, key)).encode())
    snd = None
    try:
        head = read_head(rd)
        if not head.startswith("HTTP/1.1 101"):
            return "FAIL no 101: %r" % head.split("\r\n")[0]
        # the protocol error, then frames (masked, well formed) that keep
        # coming as a browser's or a program's would
        blob = frame(2, b"x" * 16000, True)
        s.sendall(frame(1, b"unmasked", False))
        snd = Sender(s, lambda: blob)
        snd.start()
        while True:
            op, p = read_frame(rd)
            if op == 8:
                break
        code = struct.unpack("!H", p[:2])[0] if len(p) >= 2 else None
        snd.stop.set()
        snd.join(DEADLINE)
        if snd.err is not None:
            raise snd.err
        s.sendall(frame(8, struct.pack("!H", code or 1000), True))
        rest = finish(s, rd, snd)
        if code != 1002:
            return "FAIL Close %r, want 1002" % code
        return "ok Close 1002 %r, then end of file%s" % (
            p[2:].decode("utf-8", "replace"),
            " (and %d bytes more)" % len(rest) if rest else "")
    except (OSError, EOFError) as e:
        return "FAIL before Close 1002 and end of file: %s (sender: %s)" % (
            ename(e), snd and snd.err and ename(snd.err))
    finally:
        if snd:
            snd.stop.set()
        s.close()


def one_post(port, auth):
    s = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    rd = Reader(s)
    total = 10485760
    chunk = os.urandom(16384)
    # the head and the body's first 64 KiB in one write, as an uploading
    # client sends them, then the rest at a steady pace
    first = 4 * chunk
    s.sendall(("POST http://127.0.0.1:9/upload HTTP/1.1\r\n"
               "Host: 127.0.0.1:9\r\nContent-Type: application/octet-stream\r\n"
               "Content-Length: %d\r\n\r\n" % total).encode() + first)
    snd = Sender(s, lambda: chunk, pause=0.001, total=total - len(first))
    snd.start()
    try:
        head = read_head(rd)
        status = head.split("\r\n")[0]
        clen = 0
        for line in head.split("\r\n")[1:]:
            k, _, v = line.partition(":")
            if k.strip().lower() == "content-length":
                clen = int(v.strip())
        body = rd.need(clen)
        rest = finish(s, rd, snd)
        if not status.startswith("HTTP/1.1 407"):
            return "FAIL status %r, want 407" % status
        if "Proxy-Authenticate: Basic" not in head:
            return "FAIL no Proxy-Authenticate in %r" % head
        return "ok %r, %d bytes of body, then end of file (%d of %d sent)%s" % (
            status, len(body), snd.sent + len(first), total,
            " and %d bytes more" % len(rest) if rest else "")
    except (OSError, EOFError) as e:
        return "FAIL before the whole 407: %s (head so far %r; sender: %s)" % (
            ename(e), rd.buf[:80], snd.err and ename(snd.err))
    finally:
        snd.stop.set()
        s.close()


def backend(n):
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(16)
    sys.stderr.write("backend: listening on 127.0.0.1 port %d\n" %
                     ls.getsockname()[1])
    sys.stderr.flush()
    results = [None] * n
    chunk = os.urandom(65536)

    def one(i, c):
        c.settimeout(DEADLINE)
        sent = 0
        try:
            while sent < 8 << 20:
                c.sendall(chunk)
                sent += len(chunk)
            c.shutdown(socket.SHUT_WR)
            while c.recv(65536):
                pass
            results[i] = "ok %d bytes sent, then end of file" % sent
        except OSError as e:
            results[i] = "FAIL after %d bytes sent: %s" % (sent, ename(e))
        finally:
            c.close()

    threads = []
    for i in range(n):
        c, _ = ls.accept()
        t = threading.Thread(target=one, args=(i, c), daemon=True)
        t.start()
        threads.append(t)
    good = 0
    for i, t in enumerate(threads):
        t.join(4 * DEADLINE)
        r = results[i] or "FAIL still sending"
        good += r.startswith("ok")
        print("conn %d %s" % (i + 1, r), flush=True)
    print("passed %d of %d" % (good, n), flush=True)


def one_leave(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE)
    rd = Reader(s)
    try:
        while len(rd.buf) < 65536:
            if not rd.fill():
                return "FAIL end of file after %d bytes" % len(rd.buf)
        return "ok left after %d bytes" % len(rd.buf)
    except OSError as e:
        return "FAIL after %d bytes: %s" % (len(rd.buf), ename(e))
    finally:
        s.close()


def one_wsbig(port):
    import asyncio
    import websockets

    async def go():
        msg = b"m" * 200000
        async with websockets.connect("ws://127.0.0.1:%d/" % port,
                                      max_size=None,
                                      close_timeout=2) as ws:
            try:
                for _ in range(1000):
                    await ws.send(msg)
                    # let its reader run, as an application's loop does
                    await asyncio.sleep(0)
                await asyncio.wait_for(ws.recv(), DEADLINE)
            except websockets.ConnectionClosed as e:
                return e
        return None

    t0 = time.monotonic()
    try:
        e = asyncio.run(go())
    except Exception as x:
        return "FAIL %s" % ename(x)
    el = time.monotonic() - t0
    if e is None:
        return "FAIL the connection was not closed"
    if e.rcvd is None:
        return "FAIL no Close received (%s: %s)" % (type(e).__name__, e)
    if e.rcvd.code != 1009:
        return "FAIL Close %d, want 1009" % e.rcvd.code
    # a server that waits for the client to close the TCP connection
    # after the closing handshake shows here as close_timeout's 2 s
    return "ok Close 1009 received (%s), %.2f s" % (type(e).__name__, el)


def main(argv):
    if argv[1] == "backend":
        return backend(int(argv[2]))
    mode, port, n = argv[1], int(argv[2]), int(argv[3])
    good = 0
    for i in range(1, n + 1):
        if mode == "flood":
            r = one_flood(port, argv[4].encode())
        elif mode == "hello":
            r = one_flood(port, b"Welcome!\nHello, alice!\n",
                          b"alice\nexit\n")
        elif mode == "leave":
            r = one_leave(port)
        elif mode == "ws":
            r = one_ws(port)
        elif mode == "post":
            r = one_post(port, argv[4])
        elif mode == "wsbig":
            r = one_wsbig(port)
        else:
            sys.exit("ends_peer.py: no mode %s" % mode)
        if r.startswith("ok"):
            good += 1
        print("iter %d %s" % (i, r), flush=True)
    print("passed %d of %d" % (good, n), flush=True)


if __name__ == "__main__":
    main(sys.argv)
