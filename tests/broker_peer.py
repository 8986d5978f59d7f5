#!/usr/bin/env python3
"""broker_peer.py: clients of listen --broker and --chat (and of ncat's),
for t1019 and t4022.

  broker_peer.py cat HOST PORT
      stdin to the socket and the socket to stdout, as nc does; stdin's
      end is a half-close; ends at the socket's end
  broker_peer.py stall HOST PORT
      connects with a small receive buffer and never reads; ends when
      stdin ends
  broker_peer.py stallhalf HOST PORT
      stall, but stdin's end is a half-close, and then it waits, still
      reading nothing, until it is killed
  broker_peer.py tlsstall HOST PORT
      stall over TLS: the handshake done (nothing verified), then
      nothing read; ends when stdin ends
  broker_peer.py slow HOST PORT
      connects with a 64 kB receive buffer and reads at most that every
      2 ms, far slower than a sender on loopback, to stdout; ends at the
      socket's end or when stdin ends
  broker_peer.py chat HOST PORT
      three chat clients a, b, c in a scripted session, each step waiting
      for what the last one must deliver; prints every line each client
      got, "<userN>" replaced by the name of the client that joined as N
      (the servers number them differently: ncat by descriptor)
"""
import re
import selectors
import socket
import sys
import time


def cat(host, port):
    s = socket.create_connection((host, port))
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ)
    sel.register(sys.stdin.buffer.raw, selectors.EVENT_READ)
    out = sys.stdout.buffer
    while True:
        for key, _ in sel.select():
            if key.fileobj is s:
                d = s.recv(65536)
                if not d:
                    out.flush()
                    return 0
                out.write(d)
                out.flush()
            else:
                d = sys.stdin.buffer.raw.read(65536)
                if not d:
                    sel.unregister(key.fileobj)
                    s.shutdown(socket.SHUT_WR)
                else:
                    s.sendall(d)


def stall(host, port):
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((host, port))
    sys.stdin.buffer.read()
    s.close()
    return 0


def stallhalf(host, port):
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((host, port))
    sys.stdin.buffer.read()
    s.shutdown(socket.SHUT_WR)
    while True:
        time.sleep(3600)    # holds the socket open; the watchdog ends it


def tlsstall(host, port):
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((host, port))
    t = ctx.wrap_socket(s)
    sys.stdin.buffer.read()
    t.close()
    return 0


def slow(host, port):
    s = socket.socket(socket.AF_INET6 if ':' in host else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
    s.connect((host, port))
    sel = selectors.DefaultSelector()
    sel.register(s, selectors.EVENT_READ)
    sel.register(sys.stdin.buffer.raw, selectors.EVENT_READ)
    out = sys.stdout.buffer
    while True:
        for key, _ in sel.select():
            if key.fileobj is not s:
                return 0
            d = s.recv(65536)
            if not d:
                return 0
            out.write(d)
            out.flush()
            time.sleep(0.002)   # the reader's pace, not a wait for an event


class Client:
    def __init__(self, name, host, port):
        self.name = name
        self.s = socket.create_connection((host, port))
        self.s.setblocking(False)
        self.buf = b''
        self.lines = []

    def pump(self):
        try:
            d = self.s.recv(65536)
        except BlockingIOError:
            return
        self.buf += d
        while b'\n' in self.buf:
            line, self.buf = self.buf.split(b'\n', 1)
            self.lines.append(line + b'\n')


def wait_for(clients, who, pred, what):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        sel = selectors.DefaultSelector()
        for c in clients:
            sel.register(c.s, selectors.EVENT_READ, c)
        for key, _ in sel.select(0.05):
            key.data.pump()
        sel.close()
        if all(any(pred(l) for l in c.lines) for c in who):
            return
    sys.stderr.write('timed out waiting for %s\n' % what)
    sys.exit(1)


def chat(host, port):
    names = {}
    clients = []

    def join(name):
        c = Client(name, host, port)
        clients.append(c)
        pat = re.compile(rb'<announce> .* is connected as <(user\d+)>')
        # its own join, which tells its number
        wait_for(clients, [c], lambda l: pat.match(l), name + ' joined')
        for l in c.lines:
            m = pat.match(l)
            if m:
                names[m.group(1)] = name
        others = [o for o in clients if o is not c]
        wait_for(clients, others, lambda l: l.endswith(
            b'as <' + [k for k, v in names.items() if v == name][0] +
            b'>.\n'), name + "'s join told")
        return c

    a = join('a')
    b = join('b')
    c = join('c')
    a.s.sendall(b'hello from a\n')
    wait_for(clients, [b, c], lambda l: l.endswith(b'hello from a\n'), 'a')
    b.s.sendall(b'caf\xc3\xa9 \x1b[1mbold\x07\ttab\\ back\x00\r\n')
    wait_for(clients, [a, c], lambda l: l.endswith(b'back\\000\r\n'), 'b')
    c.s.sendall(b'\n')
    wait_for(clients, [a, b], lambda l: re.match(rb'<user\d+> \n', l),
             'c empty')
    c.s.close()
    clients.remove(c)
    wait_for(clients, [a, b], lambda l: l.endswith(b'is disconnected.\n'),
             'c left')
    for cl in (a, b, c):
        for l in cl.lines:
            l = re.sub(rb'<(user\d+)>',
                       lambda m: b'<' + names.get(m.group(1), b'?')
                       .encode() + b'>', l)
            sys.stdout.buffer.write(cl.name.encode() + b': ' + l)
    return 0


def main():
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    return {'cat': cat, 'stall': stall, 'stallhalf': stallhalf,
            'tlsstall': tlsstall,
            'slow': slow, 'chat': chat}[mode](host, port)


if __name__ == '__main__':
    sys.exit(main())
