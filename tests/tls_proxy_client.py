#!/usr/bin/env python3
# tls_proxy_client.py: a client of a proxy served over TLS (listen
# --serve-proxy --tls), for t1048-proxy-pairings.sh, that tells how the
# proxy ended the session.  Standard library only: ssl.SSLSocket with
# suppress_ragged_eofs=False and OP_IGNORE_UNEXPECTED_EOF cleared (where
# it exists), so a close_notify reads as the end of the stream and the
# TCP end without one as SSLEOFError.
#
#   tls_proxy_client.py [--ca FILE] PORT MODE ARG...
#     connects to 127.0.0.1 PORT (SNI localhost; verified against FILE
#     when given, else not verified), then by MODE:
#   get HOST:PORT PATH      GET http://HOST:PORT/PATH, Connection: close
#   connect HOST:PORT PATH  CONNECT HOST:PORT, then GET PATH (HTTP/1.0)
#                           through the tunnel
#   socks5 HOST PORT PATH   SOCKS5 (no authentication) to the IPv4
#                           address HOST, then GET PATH (HTTP/1.0)
#   body407 HOST:PORT N     a POST of N body bytes declared, 64 KiB of
#                           them sent, no credentials; then only reads
# It reads until the stream ends and prints "data R" (R the bytes read,
# repr) and how it ended: "end close_notify", "end bare-eof (...)",
# "end reset (...)", "end timeout"; after a close_notify it answers with
# its own (unwrap) before it closes.
import socket
import ssl
import struct
import sys

WAIT = 15


def main():
    args = sys.argv[1:]
    ca = None
    if args[0] == "--ca":
        ca = args[1]
        args = args[2:]
    port, mode, rest = int(args[0]), args[1], args[2:]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca is not None:
        ctx.load_verify_locations(ca)
    else:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if hasattr(ssl, "OP_IGNORE_UNEXPECTED_EOF"):
        ctx.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF
    raw = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    t = ctx.wrap_socket(raw, server_hostname="localhost",
                        suppress_ragged_eofs=False)
    data = b""
    if mode == "get":
        t.sendall(("GET http://%s/%s HTTP/1.1\r\nHost: %s\r\n"
                   "Connection: close\r\n\r\n" %
                   (rest[0], rest[1], rest[0])).encode())
    elif mode == "connect":
        t.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" %
                   (rest[0], rest[0])).encode())
        while b"\r\n\r\n" not in data:
            d = t.recv(4096)
            if not d:
                break
            data += d
        t.sendall(("GET /%s HTTP/1.0\r\n\r\n" % rest[1]).encode())
    elif mode == "socks5":
        t.sendall(b"\x05\x01\x00")
        data += recv_n(t, 2)
        t.sendall(b"\x05\x01\x00\x01" + socket.inet_aton(rest[0]) +
                  struct.pack(">H", int(rest[1])))
        data += recv_n(t, 10)
        t.sendall(("GET /%s HTTP/1.0\r\n\r\n" % rest[2]).encode())
    elif mode == "body407":
        t.sendall(("POST http://%s/ HTTP/1.1\r\nHost: %s\r\n"
                   "Content-Length: %d\r\n\r\n" %
                   (rest[0], rest[0], int(rest[1]))).encode())
        t.sendall(b"x" * 65536)
    else:
        sys.exit("unknown mode " + mode)
    how = None
    while how is None:
        try:
            d = t.recv(65536)
        except socket.timeout:
            how = "timeout"
        except ssl.SSLEOFError as e:
            how = "bare-eof (%s)" % e
        except ConnectionResetError as e:
            how = "reset (%s)" % e
        else:
            if d:
                data += d
            else:
                how = "close_notify"
    print("data %r" % data)
    print("end " + how)
    if how == "close_notify":
        try:
            t.unwrap()
        except (OSError, ssl.SSLError):
            pass
    raw.close()


def recv_n(t, n):
    b = b""
    while len(b) < n:
        d = t.recv(n - len(b))
        if not d:
            break
        b += d
    return b


main()
