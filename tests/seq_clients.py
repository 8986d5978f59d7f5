#!/usr/bin/env python3
# seq_clients.py N PORT LINE WANT LOG [PID]: servers.sh's seq_clients in
# one process: N connections to 127.0.0.1 PORT one after another, each
# sending LINE and a newline, then its end (a half-close, as sockt
# connect does at the end of its input), reading to the server's end (5 s
# at most) and comparing what came, its last newlines cut as the shell's
# $( ) cuts them, with WANT.  Prints how many were right; notes in LOG as
# _seq_note writes them (the first five wrong in full, and the total).
# With PID (the server), a wrong answer once it is gone ends the run.
# A client process per connection (a subshell, timeout and sockt) made
# 2000 connections cost some 6,000 process starts beside the server's.
import os
import socket
import sys
import time

n, port = int(sys.argv[1]), int(sys.argv[2])
line = sys.argv[3].encode() + b"\n"
want = sys.argv[4].encode()
log = open(sys.argv[5], "a")
pid = int(sys.argv[6]) if len(sys.argv) > 6 and sys.argv[6] else 0
t0 = time.monotonic()


def note(what, rest=None):
    ms = int((time.monotonic() - t0) * 1000)
    log.write("%s %d.%03d s%s\n" % (what, ms // 1000, ms % 1000,
                                    ": " + rest if rest else ""))
    log.flush()


def alive(p):
    try:
        with open("/proc/%d/stat" % p) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def one():
    got = b""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(line)
            s.shutdown(socket.SHUT_WR)
            while True:
                b = s.recv(65536)
                if not b:
                    break
                got += b
    except OSError as e:
        return "error %s, got: %s" % (e, got.decode("latin-1"))
    got = got.rstrip(b"\n")
    if got == want:
        return None
    return "got: " + got.decode("latin-1")


good = bad = 0
for i in range(1, n + 1):
    why = one()
    if why is None:
        good += 1
        continue
    bad += 1
    if bad <= 5:
        note("client %d of %d, after" % (i, n), why)
    if pid and not alive(pid):
        note("the server (pid %d) was gone at client %d, after" % (pid, i),
             "the rest were not run")
        break
note("%d right and %d wrong in" % (good, bad))
print(good)
