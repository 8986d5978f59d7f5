# tests/pp_client.py: a client for t1046 that sends PROXY protocol headers
# made by hand, then reads the answer.
#
#   python3 pp_client.py [-6] [-T] [-t] [-o] [-s SRC] PORT PIECE...
#
# Each PIECE is a Python expression for bytes, with these in scope:
#   v1(proto, src, dst, sport, dport)  a v1 line ("PROXY TCP4 ...\r\n")
#   v2(ver_cmd, fam, body)              a v2 header, its length from body
#   ip4(src, sport, dst, dport), ip6(...)  a v2 address block
#   tlv(type, value)                    one v2 TLV
# The pieces go out one write each; before each but the first, the client
# waits (5 s at most) until the server has taken everything sent so far
# off its socket (its receive queue in /proc/net/tcp*), so a header split
# over several writes is read as several pieces, no sleep guessed.  After
# the last piece the client half-closes (unless -o: it stays open), then
# prints what comes back until EOF, or "RESET" when the connection is
# reset.  -6 connects to ::1, else 127.0.0.1; -s binds the client to
# the address SRC first (127.0.0.2: another loopback host, for
# --proxy-from); -t speaks TLS (unverified) after the first piece, the
# header.  -T prints on stderr "elapsed N ms", from the connect to the
# end of the answer (the interpreter's start, slow under load, left out).
import errno
import socket
import ssl
import struct
import sys
import time

SIG = b"\r\n\r\n\x00\r\nQUIT\n"


def v1(proto, src, dst, sport, dport):
    return ("PROXY %s %s %s %d %d\r\n" % (proto, src, dst, sport,
                                          dport)).encode()


def v2(ver_cmd, fam, body):
    return SIG + bytes([ver_cmd, fam]) + struct.pack("!H", len(body)) + body


def ip4(src, sport, dst, dport):
    return (socket.inet_pton(socket.AF_INET, src) +
            socket.inet_pton(socket.AF_INET, dst) +
            struct.pack("!HH", sport, dport))


def ip6(src, sport, dst, dport):
    return (socket.inet_pton(socket.AF_INET6, src) +
            socket.inet_pton(socket.AF_INET6, dst) +
            struct.pack("!HH", sport, dport))


def tlv(t, value):
    return bytes([t]) + struct.pack("!H", len(value)) + value


def rx_queue(sport, cport):
    """The server side's receive queue of our connection, or None."""
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(name).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            f = line.split()
            lp = int(f[1].split(":")[1], 16)
            rp = int(f[2].split(":")[1], 16)
            if lp == sport and rp == cport:
                return int(f[4].split(":")[1], 16)
    return None


def taken(port, cport):
    end = time.monotonic() + 5
    while time.monotonic() < end:
        if rx_queue(port, cport) == 0:
            return
        time.sleep(0.01)    # polling, bounded by the deadline
    sys.stderr.write("pp_client: the server did not take the piece\n")


def main():
    args = sys.argv[1:]
    fam, tls, keep, src, timed = socket.AF_INET, False, False, None, False
    while args and args[0].startswith("-"):
        opt = args.pop(0)
        if opt == "-6":
            fam = socket.AF_INET6
        elif opt == "-t":
            tls = True
        elif opt == "-o":
            keep = True
        elif opt == "-s":
            src = args.pop(0)
        elif opt == "-T":
            timed = True
    port = int(args[0])
    scope = {"v1": v1, "v2": v2, "ip4": ip4, "ip6": ip6, "tlv": tlv}
    pieces = [eval(p, scope) for p in args[1:]]
    s = socket.socket(fam)
    s.settimeout(20)
    if src is not None:
        s.bind((src, 0))
    t0 = time.monotonic()
    try:
        s.connect(("::1" if fam == socket.AF_INET6 else "127.0.0.1", port))
    except ConnectionResetError:
        # reset at the accept, before connect returned (--proxy-from)
        sys.stdout.write("RESET")
        return
    cport = s.getsockname()[1]
    out = b""
    try:
        for i, p in enumerate(pieces):
            if i > 0 and not tls:
                taken(port, cport)
            if i == 1 and tls:
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                s = ctx.wrap_socket(s)
            s.sendall(p)
        if not keep and not tls:
            s.shutdown(socket.SHUT_WR)
        while True:
            b = s.recv(65536)
            if not b:
                break
            out += b
    except (ConnectionResetError, BrokenPipeError):
        out += b"RESET"
    except OSError as e:
        # a shutdown after the peer's reset
        if e.errno != errno.ENOTCONN:
            raise
        out += b"RESET"
    except ssl.SSLError as e:
        out += b"SSLERROR " + str(e).encode()
    sys.stdout.write(out.decode("utf-8", "replace"))
    if timed:
        sys.stderr.write("elapsed %d ms\n" %
                         int((time.monotonic() - t0) * 1000))


main()
