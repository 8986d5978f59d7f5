#!/usr/bin/env python3
"""udp_peer.py MODE ADDR PORT: a UDP service for the portscan -u tests.

Binds ADDR PORT (0: any free port), says "listening on ADDR port N" on
stderr, as sockt's servers do, then answers datagrams as MODE says:

  echo    every datagram, with "pong:" and what came
  silent  none (a service that only listens, as syslog does)
  dns     only a DNS query for ". IN NS" (RFC 1035), with a DNS reply
  ntp     only an NTP version 4 client request (RFC 5905, 48 bytes, mode 3)
  snmp    only an SNMP get-request of sysDescr.0 with community "public"

The last three prove that the scan sends the request the service
understands: an empty datagram gets no answer from them.  Every datagram
received is also logged on stdout as its length and hex, one a line.
"""
import socket
import sys

SYSDESCR = bytes([0x06, 0x08, 0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01,
                  0x00, 0x05, 0x00])


def dns(d):
    # header: QR 0, opcode 0 (a query), QDCOUNT 1; the root; NS; IN
    if (len(d) == 17 and d[2] & 0xf8 == 0 and d[4:6] == b"\0\1" and
            d[12:] == b"\0\0\2\0\1"):
        return d[:2] + b"\x80\x00" + d[4:12] + d[12:]
    return None


def ntp(d):
    if len(d) == 48 and d[0] == 0x23:
        # a server reply (mode 4), our origin timestamp = their transmit
        return bytes([0x24, 2]) + bytes(22) + d[40:48] + bytes(16)
    return None


def snmp(d):
    if (d[:1] == b"\x30" and b"\x04\x06public\xa2" not in d and
            b"\x04\x06public\xa0" in d and d.endswith(SYSDESCR)):
        return d.replace(b"\xa0", b"\xa2", 1)
    return None


def main():
    mode, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    sys.stderr.write("listening on %s port %d\n" % (addr, s.getsockname()[1]))
    sys.stderr.flush()
    answer = {"echo": lambda d: b"pong:" + d, "silent": lambda d: None,
              "dns": dns, "ntp": ntp, "snmp": snmp}[mode]
    while True:
        d, peer = s.recvfrom(65535)
        sys.stdout.write("%d %s\n" % (len(d), d.hex()))
        sys.stdout.flush()
        r = answer(d)
        if r is not None:
            s.sendto(r, peer)


if __name__ == "__main__":
    main()
