#!/usr/bin/env python3
"""mcast_peer.py MODE ...: multicast and broadcast peers for t1022.

  recv ADDR PORT [GROUP@IF ...]
      Bind ADDR PORT (0: any free port), join each GROUP on IF (IPv4:
      the interface's address; IPv6: its index), say "listening on ADDR
      port N" on stderr as sockt's servers do, then print each datagram
      as "TTL DATA" a line (TTL the IPv4 TTL or IPv6 hop limit it came
      with) until one whose data is "end".
  send SRC DST PORT DATA...
      From SRC (port 0) send each DATA to DST PORT; an IPv6 group goes
      out on lo.
  ask SRC DST PORT DATA
      From SRC send DATA to DST PORT (a group too, which a connected
      socket could not hear back from) and print the first reply as
      "FROM-ADDR DATA", or "no reply" after 5 s.
"""
import select
import socket
import struct
import sys

IP_RECVTTL = getattr(socket, "IP_RECVTTL", 12)
IP_TTL = getattr(socket, "IP_TTL", 2)
IPV6_RECVHOPLIMIT = getattr(socket, "IPV6_RECVHOPLIMIT", 51)
IPV6_HOPLIMIT = getattr(socket, "IPV6_HOPLIMIT", 52)


def fam(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def sock_from(src, dst):
    s = socket.socket(fam(dst), socket.SOCK_DGRAM)
    s.bind((src, 0))
    if fam(dst) == socket.AF_INET6 and dst.lower().startswith("ff"):
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF,
                     socket.if_nametoindex("lo"))
    return s


def recv(addr, port, joins):
    f = fam(addr)
    s = socket.socket(f, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    for j in joins:
        group, ifc = j.split("@")
        if f == socket.AF_INET:
            mreq = socket.inet_aton(group) + socket.inet_aton(ifc)
            s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, mreq)
        else:
            mreq = (socket.inet_pton(socket.AF_INET6, group) +
                    struct.pack("@I", int(ifc)))
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
    if f == socket.AF_INET:
        s.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
    else:
        s.setsockopt(socket.IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1)
    sys.stderr.write("listening on %s port %d\n" % (addr,
                     s.getsockname()[1]))
    sys.stderr.flush()
    while True:
        data, anc, _, _ = s.recvmsg(65536, 256)
        ttl = "?"
        for level, kind, val in anc:
            if kind in (IP_TTL, IPV6_HOPLIMIT) and len(val) >= 4:
                ttl = struct.unpack("@i", val[:4])[0]
        sys.stdout.write("%s %s\n" % (ttl, data.decode(errors="replace")))
        sys.stdout.flush()
        if data == b"end":
            return 0


def main():
    mode = sys.argv[1]
    if mode == "recv":
        return recv(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    src, dst, port = sys.argv[2], sys.argv[3], int(sys.argv[4])
    s = sock_from(src, dst)
    if mode == "send":
        for d in sys.argv[5:]:
            s.sendto(d.encode(), (dst, port))
        return 0
    s.sendto(sys.argv[5].encode(), (dst, port))
    if not select.select([s], [], [], 5)[0]:
        print("no reply")
        return 1
    data, peer = s.recvfrom(65536)
    print("%s %s" % (peer[0], data.decode(errors="replace")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
