#!/usr/bin/env python3
# share_flood.py: one address floods a server with connections, then
# another address must still be served (t1017, issue 60).
#
#   share_flood.py [options] HOST PORT
#
# The flood: --count connections from --flood-src, at most 256 connecting
# at once, each sending --send (hex; none by default) as soon as it is up,
# then held open and silent.  Connections still not up after --flood-secs
# (their SYNs dropped by a full listen queue) are given up and counted as
# pending.  Then it watches the flood until nothing changes for 300 ms (at
# most --settle seconds): a connection the server resets, closes or writes
# to is noted once.  With --want-kept N a quiet 300 ms ends the watch only
# once at most N are kept: a server on a loaded machine may pause longer
# than that between refusals, and what the test asks is whether it
# refuses the rest before --settle (kept short of the server's own
# deadline for silent clients), not within a guess of its pace.
#
# The probe, from --probe-src: a connection that sends --probe-send (hex)
# and reads until --want (hex) is in what came back, within --probe-secs;
# with --pair, a first connection from the same address is made before
# and must read what the second sends (a broker's clients: nothing is
# sent to a client but what the others send).
#
# With --want-file the probe is served when that file (a collector's
# output) holds --want.
#
# Then --hold more seconds at most of watching the flood (a server that
# closes the silent ones after a deadline: over once none is open), and
# one line:
#   kept=N refused=N probe_ms=T up=N reset=N eof=N data=N open=N pending=N
# kept and refused: the flood's connections the server kept (served,
# or silent and open) and those it reset or closed, once it had
# settled, before the probe; probe_ms, -1 when the probe was not served
# within --probe-secs; then at the end: connections that were
# established (up), of all those reset, ended (eof), written to (data)
# and still open and silent (open); pending: never up.
# Everything is closed at the end; the run is bounded by flood-secs +
# settle + probe-secs + hold.
import argparse
import errno
import resource
import select
import socket
import sys
import time

IP_BIND_ADDRESS_NO_PORT = getattr(socket, "IP_BIND_ADDRESS_NO_PORT", 24)

ap = argparse.ArgumentParser()
ap.add_argument("host")
ap.add_argument("port", type=int)
ap.add_argument("--flood-src", required=True)
ap.add_argument("--count", type=int, default=10000)
ap.add_argument("--send", default="")
ap.add_argument("--flood-secs", type=float, default=8.0)
ap.add_argument("--settle", type=float, default=5.0)
ap.add_argument("--want-kept", type=int, default=-1)
ap.add_argument("--probe-src", required=True)
ap.add_argument("--probe-send", default="")
ap.add_argument("--want", default="")
ap.add_argument("--probe-secs", type=float, default=10.0)
ap.add_argument("--pair", action="store_true")
ap.add_argument("--want-file")
ap.add_argument("--hold", type=float, default=0.0)
a = ap.parse_args()

fam = socket.AF_INET6 if ":" in a.host else socket.AF_INET
send = bytes.fromhex(a.send)
want = bytes.fromhex(a.want)

# a descriptor a connection, and some to spare
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
need = a.count + 64
if soft < need:
    top = need if hard == resource.RLIM_INFINITY else min(need, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (top, hard))
    if top < need:
        a.count = top - 64
        print("share_flood: only %d connections fit" % a.count,
              file=sys.stderr)


def sock(src):
    s = socket.socket(fam, socket.SOCK_STREAM)
    # the port chosen at connect, by the whole address pair: many
    # floods from one address in a row never run out of ports
    try:
        s.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
    except OSError:
        pass
    s.bind((src, 0))
    return s


ep = select.epoll()
state = {}              # fd: "connecting", "up", or a final state
socks = {}
counts = {"reset": 0, "eof": 0, "data": 0}


def settle_one(fd, ev):
    """A flood connection's event: up, or what the server did to it."""
    s = socks[fd]
    if state[fd] == "connecting":
        e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if e == 0 and ev & select.EPOLLOUT:
            state[fd] = "up"
            if send:
                try:
                    s.send(send)
                except OSError:
                    pass
            ep.modify(fd, select.EPOLLIN)
            return
        if e == 0:
            return
        state[fd] = "reset"
        ep.unregister(fd)
        return
    try:
        d = s.recv(4096)
    except BlockingIOError:
        return
    except OSError:
        d = None
    state[fd] = "reset" if d is None else "eof" if d == b"" else "data"
    counts[state[fd]] += 1
    ep.unregister(fd)


def kept_now():
    """The flood's connections up and not yet closed or reset."""
    return sum(1 for v in state.values() if v == "up") + counts["data"]


def watch(secs, till_closed=False):
    """Events until secs have passed (or none for 300 ms, with quiet; or
    none of the flood up and open, with till_closed: what the hold
    watches for has come, and waiting on would change nothing)."""
    end = time.monotonic() + secs
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return
        if till_closed and "up" not in state.values():
            return
        evs = ep.poll(min(left, 0.3))
        if not evs and quiet and (a.want_kept < 0 or kept_now() <=
                                  a.want_kept):
            return
        for fd, ev in evs:
            settle_one(fd, ev)


# the flood
quiet = False
t0 = time.monotonic()
end = t0 + a.flood_secs
made = 0
while time.monotonic() < end:
    connecting = sum(1 for v in state.values() if v == "connecting")
    while made < a.count and connecting < 256:
        s = sock(a.flood_src)
        s.setblocking(False)
        r = s.connect_ex((a.host, a.port))
        socks[s.fileno()] = s
        if r in (0, errno.EINPROGRESS):
            state[s.fileno()] = "connecting"
            ep.register(s.fileno(), select.EPOLLOUT | select.EPOLLIN)
            connecting += 1
        else:
            state[s.fileno()] = "reset"
        made += 1
    if made >= a.count and connecting == 0:
        break
    for fd, ev in ep.poll(0.05):
        settle_one(fd, ev)
flood_ms = int((time.monotonic() - t0) * 1000)
quiet = True
watch(a.settle)
quiet = False
settled = list(state.values())
kept = settled.count("up") + counts["data"]
refused = settled.count("reset") + counts["eof"]


def probe():
    """The other address's client: ms until served, or -1."""
    t = time.monotonic()
    dl = t + a.probe_secs
    first = None
    try:
        if a.pair:
            first = sock(a.probe_src)
            first.settimeout(a.probe_secs)
            first.connect((a.host, a.port))
        s = sock(a.probe_src)
        s.settimeout(a.probe_secs)
        s.connect((a.host, a.port))
        if a.probe_send:
            s.sendall(bytes.fromhex(a.probe_send))
        r = first if a.pair else s
        got = b""
        while a.want_file and time.monotonic() < dl:
            with open(a.want_file, "rb") as f:
                if want in f.read():
                    return int((time.monotonic() - t) * 1000)
            time.sleep(0.01)    # polling the collector's output
        while want not in got:
            left = dl - time.monotonic()
            if left <= 0:
                return -1
            r.settimeout(left)
            d = r.recv(4096)
            if not d:
                return -1
            got += d
        return int((time.monotonic() - t) * 1000)
    except OSError:
        return -1
    finally:
        if first is not None:
            first.close()
        if "s" in locals():
            s.close()


probe_ms = probe()
watch(a.hold, True)
final = list(state.values())
print("kept=%d refused=%d probe_ms=%d up=%d reset=%d eof=%d data=%d "
      "open=%d pending=%d flood_ms=%d" % (
          kept, refused, probe_ms, final.count("up") + sum(counts.values()),
          final.count("reset"), counts["eof"], counts["data"],
          final.count("up"), final.count("connecting"), flood_ms))
for s in socks.values():
    s.close()
ep.close()
