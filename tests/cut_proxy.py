#!/usr/bin/env python3
"""cut_proxy.py: a loopback proxy that cuts a TLS server's stream short.

usage: cut_proxy.py UPSTREAM_PORT CUTFILE LOG

Listens on 127.0.0.1 port 0 and says "listening on 127.0.0.1 port N" on
stderr.  For each connection, one at a time, it reads CUTFILE, "N [how]",
dials 127.0.0.1:UPSTREAM_PORT and relays both ways, but passes only the
first N bytes of what the server sends, then:
  close  (the default) ends the client's side (a FIN) and reads what it
         still sends until it closes, so that no RST races the FIN;
  reset  closes it with a RST;
  stall  passes nothing more and keeps it open until the client leaves.
"all" for N passes everything.  At the end of each connection it appends
to LOG a line "records TYPE:START:TAG ... end TOTAL": every TLS record
the server sent, with its content type, its offset in the server's
stream and TAG, the bytes the client had sent when the record arrived,
so the test can tell the server's first flight from what follows it.
"""
import select
import socket
import struct
import sys


def records(data, tags):
    out, off = [], 0
    while off + 5 <= len(data):
        typ, _, length = struct.unpack("!BHH", data[off:off + 5])
        out.append("%d:%d:%d" % (typ, off, tags.get(off, -1)))
        off += 5 + length
    return out


def serve(client, up_port, cut_file):
    with open(cut_file) as f:
        words = f.read().split()
    limit = None if words[0] == "all" else int(words[0])
    how = words[1] if len(words) > 1 else "close"
    up = socket.create_connection(("127.0.0.1", up_port), timeout=10)
    s2c, c2s, tags = b"", 0, {}
    passed, cut = 0, False
    socks = [client, up]
    while socks:
        r, _, _ = select.select(socks, [], [], 30)
        if not r:
            break
        if client in r:
            d = client.recv(65536)
            if not d:
                if cut:
                    break
                socks.remove(client)
                up.shutdown(socket.SHUT_WR)
            else:
                c2s += len(d)
                if not cut:
                    up.sendall(d)
        if up in r and up in socks:
            d = up.recv(65536)
            if not d:
                socks.remove(up)
                if client in socks and not cut:
                    client.shutdown(socket.SHUT_WR)
                if cut or client not in socks:
                    break
                continue
            # a record that starts in this chunk arrived with c2s sent
            start = len(s2c)
            s2c += d
            off = 0
            while off + 5 <= len(s2c):
                if off >= start:
                    tags.setdefault(off, c2s)
                off += 5 + struct.unpack("!H", s2c[off + 3:off + 5])[0]
            if cut:
                continue
            n = len(d) if limit is None else min(len(d), limit - passed)
            if n > 0:
                client.sendall(d[:n])
                passed += n
            if limit is not None and passed >= limit:
                cut = True
                if how == "close":
                    # a FIN, then what the client still sends is read and
                    # dropped until it closes: closing with its data
                    # unread would answer that data with a RST
                    client.shutdown(socket.SHUT_WR)
                    up.close()
                    socks = [client]
                    continue
                if how == "reset":
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
                    break
    up.close()
    client.close()
    return records(s2c, tags), len(s2c)


def main():
    up_port, cut_file, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(8)
    sys.stderr.write("listening on 127.0.0.1 port %d\n" % ls.getsockname()[1])
    sys.stderr.flush()
    while True:
        client, _ = ls.accept()
        # a cut at 0: nothing passes, but the ClientHello reaches the server
        recs, total = serve(client, up_port, cut_file)
        with open(log, "a") as f:
            f.write("records %s end %d\n" % (" ".join(recs), total))


if __name__ == "__main__":
    main()
