#!/usr/bin/env python3
"""What a scanner sent to the lab, read from a tcpdump capture (issue 74).

wire.py PCAP LIST

For each port of LIST (svclab.sh's "PROTO PORT NAME SVC" lines): each
connection (TCP) or datagram exchange (UDP) in time order, from the
first packet on: when it began (s after the scan's first packet), how
many bytes the scanner sent and the first 24 of them, how many came
back, and how it ended.  Then how many connections each port took and
from the first packet to the last.  Enough to see a scanner's order,
waits and retries; its probes' bytes are its own and not kept whole.
"""
import struct
import sys


def esc(b):
    return "".join(chr(c) if 0x20 <= c < 0x7f and c != 0x5c else
                   "\\r" if c == 13 else "\\n" if c == 10 else
                   "\\x%02x" % c for c in b)


def packets(path):
    with open(path, "rb") as f:
        hdr = f.read(24)
        magic = struct.unpack("<I", hdr[:4])[0]
        e = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
        nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
        link = struct.unpack(e + "I", hdr[20:24])[0]
        while True:
            h = f.read(16)
            if len(h) < 16:
                return
            sec, frac, incl, _ = struct.unpack(e + "IIII", h)
            data = f.read(incl)
            t = sec + frac / (1e9 if nano else 1e6)
            off = 14 if link == 1 else 16 if link == 113 else 0
            ip = data[off:]
            if len(ip) < 20 or ip[0] >> 4 != 4:
                continue
            ihl = (ip[0] & 15) * 4
            proto, tot = ip[9], struct.unpack(">H", ip[2:4])[0]
            l4 = ip[ihl:tot]
            if proto == 6 and len(l4) >= 20:
                sp, dp = struct.unpack(">HH", l4[:4])
                doff, flags = (l4[12] >> 4) * 4, l4[13]
                yield t, "tcp", sp, dp, flags, l4[doff:]
            elif proto == 17 and len(l4) >= 8:
                sp, dp = struct.unpack(">HH", l4[:4])
                yield t, "udp", sp, dp, 0, l4[8:]


def main():
    pcap, listf = sys.argv[1:3]
    ports = {}
    for line in open(listf):
        pr, port, name, svc = line.split()
        ports[(pr, int(port))] = "%s %s" % (name, svc)
    flows, order, t0 = {}, [], None
    for t, pr, sp, dp, flags, pay in packets(pcap):
        t0 = t if t0 is None else t0
        if (pr, dp) in ports:
            key, out = (pr, dp, sp), True
        elif (pr, sp) in ports:
            key, out = (pr, sp, dp), False
        else:
            continue
        fl = flows.get(key)
        if fl is None:
            if not out:
                continue
            fl = flows[key] = {"t": t - t0, "last": t - t0, "sent": b"",
                               "back": 0, "end": "", "syn": False,
                               "open": False}
            order.append(key)
        fl["last"] = t - t0
        if pr == "tcp":
            if flags & 0x02 and out:
                fl["syn"] = True
            if flags & 0x12 == 0x12:
                fl["open"] = True
            if flags & 0x04:
                fl["end"] = fl["end"] or ("rst by us" if out else "rst by it")
            elif flags & 0x01:
                fl["end"] = fl["end"] or ("fin by us" if out else "fin by it")
        if out:
            fl["sent"] += pay
        else:
            fl["back"] += len(pay)
    byport = {}
    for key in order:
        byport.setdefault(key[:2], []).append(flows[key])
    for (pr, port), fls in sorted(byport.items()):
        probes = [f for f in fls if f["sent"] or pr == "udp" or f["back"]]
        print("== %s/%d %s: %d connections, %d with data, %.2f s to %.2f s" % (
            pr, port, ports[(pr, port)], len(fls), len(probes), fls[0]["t"],
            max(f["last"] for f in fls)))
        for f in probes:
            print("  +%7.3f s sent %4d %-28s back %5d  %s" % (
                f["t"], len(f["sent"]), esc(f["sent"][:24]), f["back"],
                f["end"] or "-"))


if __name__ == "__main__":
    main()
