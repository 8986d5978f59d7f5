#!/usr/bin/env python3
# drain_client.py HOST PORT FIRST [SECS]: how much a refused client can
# make a server read (t1017, issue 60).  Sends FIRST (hex: what gets it
# refused), then 64 KiB chunks of zeros as fast as the connection takes
# them, reading and discarding what the server says, until the server
# closes or resets the connection or SECS pass (default 10).  Prints
#   sent=BYTES ms=T end=reset|closed|timeout
# sent counts what the kernel took from us after FIRST: what the server
# read, plus what the two sockets' buffers held when it closed.
import select
import socket
import sys
import time

host, port, first = sys.argv[1], int(sys.argv[2]), bytes.fromhex(sys.argv[3])
secs = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.settimeout(5)
s.connect((host, port))
s.sendall(first)
s.setblocking(False)
chunk = bytes(65536)
sent = 0
t0 = time.monotonic()
end = "timeout"
while time.monotonic() - t0 < secs:
    r, w, _ = select.select([s], [s], [], 0.5)
    try:
        if r and s.recv(65536) == b"":
            # its FIN: what it reads now it only drains
            pass
        if w:
            sent += s.send(chunk)
    except (BlockingIOError, InterruptedError):
        continue
    except (ConnectionResetError, BrokenPipeError):
        end = "reset"
        break
    except OSError:
        end = "closed"
        break
print("sent=%d ms=%d end=%s" % (sent, int((time.monotonic() - t0) * 1000),
                                 end))
s.close()
