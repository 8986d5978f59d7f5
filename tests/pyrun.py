# tests/pyrun.py DIR: runs the command lines of Python scripts (clients
# that end, read no stdin and keep no state between runs) one after
# another in this one interpreter, for lib.sh's pyrun: a python3 start is
# ~0.1 s of CPU on the CI machine, a run here a few ms.  Each run comes
# on stdin as the count of the fields that follow, its SECS, the file
# for its stdin (/dev/null, or lib.sh's PYIN), the script and its
# arguments, each ended by a NUL (printf '%s\0').  The script runs as
# __main__ with that sys.argv, its stdout in DIR/out, its stderr in
# DIR/err and that file as sys.stdin; then its status
# goes to stdout in one line: sys.exit's, 1 for an exception, 124 when
# SECS passed first (timeout(1)'s), then the sizes of out and err (lib.sh
# reads a long one with a cat, not byte by byte).
import gc
import os
import runpy
import signal
import sys
import traceback


class Watchdog(BaseException):
    pass


def expired(sig, frame):
    raise Watchdog()


def run(secs, stdin, argv, d):
    rc = 0
    with open(d + "/out", "w") as o, open(d + "/err", "w") as e, \
            open(stdin) as i:
        sys.stdin, sys.stdout, sys.stderr, sys.argv = i, o, e, argv
        signal.alarm(secs)
        try:
            runpy.run_path(argv[0], run_name="__main__")
        except SystemExit as x:
            if isinstance(x.code, int):
                rc = x.code
            elif x.code is not None:
                e.write("%s\n" % x.code)
                rc = 1
        except Watchdog:
            rc = 124
        except Exception:
            traceback.print_exc()
            rc = 1
        finally:
            signal.alarm(0)
            sys.stdin, sys.stdout, sys.stderr = real
            # a script's globals and its functions hold each other: its
            # sockets left open (a run the watchdog cut) closed now, not
            # at some later collection
            gc.collect()
    return rc


def requests():
    buf = b""
    while True:
        f = buf.split(b"\0")
        if len(f) > 1 and len(f) > int(f[0]) + 1:
            n = int(f[0])
            buf = b"\0".join(f[n + 1:])
            yield [os.fsdecode(x) for x in f[1:n + 1]]
            continue
        b = os.read(0, 65536)
        if not b:
            return
        buf += b


real = sys.stdin, sys.stdout, sys.stderr
d = sys.argv[1]
signal.signal(signal.SIGALRM, expired)
for a in requests():
    try:
        rc = run(int(a[0]), a[1], a[2:], d)
    except Watchdog:
        rc = 124
    except OSError as x:
        # a PYIN that cannot be opened: this run fails, not the rest
        with open(d + "/err", "w") as e:
            e.write("pyrun: %s\n" % x)
        rc = 1
    real[1].write("%d %d %d\n" % (rc, os.path.getsize(d + "/out"),
                                   os.path.getsize(d + "/err")))
    real[1].flush()
