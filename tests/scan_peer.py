#!/usr/bin/env python3
"""scan_peer.py ADDR NACCEPT: TCP listeners for the portscan fd test (t3005).

Opens on ADDR, all on ports the kernel or a free neighbour gives:

  full    one listener whose accept queue is full (backlog 0, one
          connection of its own never accepted): the kernel drops every
          SYN, so a probe of it stays pending until the scan's -w
  reset   RESETS listeners on the ports right above the full one (F+1 ..
          F+RESETS), that accept and close with a reset (SO_LINGER 0):
          a probe started just after the full one's, in any worker's
          order, often reads ECONNRESET at once, which is an open port
  accept  NACCEPT listeners that accept and close

Writes the open ports (reset and accept), sorted, on one line on stdout,
then "listening on ADDR port F" on stderr, as sockt's servers do, and
serves until killed.
"""
import select
import socket
import struct
import sys

RESETS = 8


def listener(addr, port, backlog):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((addr, port))
    except OSError:
        s.close()
        return None
    s.listen(backlog)
    return s


def full_and_resets(addr):
    """The full listener and RESETS neighbours above it, or None."""
    for _ in range(50):
        full = listener(addr, 0, 0)
        f = full.getsockname()[1]
        if f + RESETS > 65535:
            full.close()
            continue
        resets = []
        for p in range(f + 1, f + 1 + RESETS):
            s = listener(addr, p, 128)
            if s is None:
                break
            resets.append(s)
        if len(resets) == RESETS:
            return full, resets
        for s in resets + [full]:
            s.close()
    return None


def main():
    addr, naccept = sys.argv[1], int(sys.argv[2])
    got = full_and_resets(addr)
    if got is None:
        sys.stderr.write("scan_peer: no %d free ports in a row\n" %
                         (RESETS + 1))
        sys.exit(1)
    full, resets = got
    # fill the full one's queue: one connection, never accepted, that
    # stays open (held is referenced until main ends) while we serve
    held = socket.create_connection(full.getsockname())
    accepts = [listener(addr, 0, 128) for _ in range(naccept)]
    ports = sorted(s.getsockname()[1] for s in resets + accepts)
    sys.stdout.write(" ".join(str(p) for p in ports) + "\n")
    sys.stdout.flush()
    sys.stderr.write("listening on %s port %d\n" %
                     (addr, full.getsockname()[1]))
    sys.stderr.flush()
    linger = struct.pack("ii", 1, 0)
    while True:
        ready, _, _ = select.select(resets + accepts, [], [])
        for s in ready:
            try:
                c, _ = s.accept()
            except OSError:
                continue
            if s in resets:
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            c.close()
    held.close()


if __name__ == "__main__":
    main()
