# tests/pp_idle.py: idle strangers for t1051: N connections from one
# source address that never send a byte (a PROXY header never comes).
#
#   python3 pp_idle.py SRC PORT N
#
# Binds each client to SRC (127.0.0.3: another loopback host), connects
# to 127.0.0.1 PORT, and prints "open N" once all N are connected.  Then
# it holds them until its stdin ends, and prints what became of them:
# "reset R closed C open O" (reset by the server, closed by it with a
# FIN, still open).  A connect the server refused outright counts as
# reset.
import errno
import socket
import sys


def fate(s):
    try:
        b = s.recv(1, socket.MSG_DONTWAIT)
    except ConnectionResetError:
        return "reset"
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
            return "open"
        raise
    return "closed" if not b else "open"


def main():
    src, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    socks, refused = [], 0
    for _ in range(n):
        s = socket.socket(socket.AF_INET)
        s.settimeout(10)
        s.bind((src, 0))
        try:
            s.connect(("127.0.0.1", port))
        except ConnectionError:
            refused += 1
            s.close()
            continue
        socks.append(s)
    sys.stdout.write("open %d\n" % n)
    sys.stdout.flush()
    sys.stdin.read()
    count = {"reset": refused, "closed": 0, "open": 0}
    for s in socks:
        count[fate(s)] += 1
    sys.stdout.write("reset %d closed %d open %d\n" %
                     (count["reset"], count["closed"], count["open"]))


main()
