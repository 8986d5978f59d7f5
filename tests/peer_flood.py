#!/usr/bin/env python3
# peer_flood.py PORT IDLE IDLE_SRC FRESH FRESH_SRC WANT [CONC]: slot
# exhaustion from one address, for the t1xxx server scripts.
#
# Opens IDLE connections from IDLE_SRC to 127.0.0.1 PORT and holds them
# without sending anything.  Then FRESH clients from FRESH_SRC connect,
# CONC at a time (default 1); each waits for its first line to start with
# WANT and closes.
# Finally it waits up to 1 s more and sorts the idle connections into
# reset by the server, closed cleanly, and still open.  Prints one line:
#   fresh_ok=N fresh_ms=T idle_reset=N idle_closed=N idle_open=N
# fresh_ms is the time from the first fresh connect to the last greeting
# (or to the end, when some were not greeted).  Everything is closed within
# about FRESH_SECS + 3 s.
import select
import socket
import sys
import time

port = int(sys.argv[1])
n_idle, idle_src = int(sys.argv[2]), sys.argv[3]
n_fresh, fresh_src = int(sys.argv[4]), sys.argv[5]
want = sys.argv[6].encode()
conc = int(sys.argv[7]) if len(sys.argv) > 7 else 1
FRESH_SECS = 20.0


def dial(src, blocking):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((src, 0))
    if blocking:
        s.settimeout(2)
        s.connect(("127.0.0.1", port))
        s.setblocking(False)
    else:
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", port))
    return s


idle, state = [], {}
for _ in range(n_idle):
    try:
        s = dial(idle_src, True)
        state[s] = "open"
    except ConnectionResetError:
        # reset so fast that the connect itself saw it
        s = socket.socket()
        state[s] = "reset"
    idle.append(s)


def look_idle(timeout):
    """Note which idle connections the server has reset or closed."""
    live = [s for s in idle if state[s] == "open"]
    if not live:
        return
    r, _, _ = select.select(live, [], [], timeout)
    for s in r:
        try:
            if s.recv(4096) == b"":
                state[s] = "closed"
        except ConnectionResetError:
            state[s] = "reset"
        except BlockingIOError:
            pass


t0 = time.monotonic()
fresh = {}      # socket: what it has read, or None once greeted
ok = started = 0
last = t0
end = t0 + FRESH_SECS
while (fresh or started < n_fresh) and time.monotonic() < end:
    while len(fresh) < conc and started < n_fresh:
        fresh[dial(fresh_src, False)] = b""
        started += 1
    r, _, _ = select.select(list(fresh), [], [], end - time.monotonic())
    for s in r:
        try:
            data = s.recv(4096)
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            data = b""
        if fresh[s] is not None:
            fresh[s] += data
            if b"\n" in fresh[s] or data == b"":
                if fresh[s].startswith(want):
                    ok += 1
                    last = time.monotonic()
                fresh[s] = None
                # done: half-close, and wait for the server to close
                # too, so that its child is ending before the next
                # client counts against the limit
                try:
                    s.shutdown(socket.SHUT_WR)
                except OSError:
                    data = b""
        if fresh[s] is None and data == b"":
            del fresh[s]
            s.close()
ms = int((last - t0) * 1000) if ok == n_fresh else \
    int((time.monotonic() - t0) * 1000)
for s in fresh:
    s.close()

end = time.monotonic() + 1.0
while time.monotonic() < end:
    look_idle(0.1)
counts = {"reset": 0, "closed": 0, "open": 0}
for s in idle:
    counts[state[s]] += 1
    s.close()
print("fresh_ok=%d fresh_ms=%d idle_reset=%d idle_closed=%d idle_open=%d" %
      (ok, ms, counts["reset"], counts["closed"], counts["open"]))
