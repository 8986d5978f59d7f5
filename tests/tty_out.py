#!/usr/bin/env python3
# tty_out.py OUT CMD...: CMD with its stdout on a pseudo-terminal (stdin
# and stderr as given), what the terminal got written to OUT as it came
# (the line discipline's CR before each LF taken out again); exits with
# CMD's status (128+N for a signal N), for t2111's binary-to-a-terminal
# checks beside curl.
import os
import pty
import sys

out = open(sys.argv[1], "wb")
master, slave = pty.openpty()
pid = os.fork()
if pid == 0:
    os.close(master)
    os.dup2(slave, 1)
    os.close(slave)
    os.execvp(sys.argv[2], sys.argv[2:])
os.close(slave)
while True:
    try:
        b = os.read(master, 65536)
    except OSError:
        break			# EIO: every writer of the terminal is gone
    if not b:
        break
    out.write(b)
out.close()
_, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st) if os.WIFEXITED(st)
         else 128 + os.WTERMSIG(st))
