#!/usr/bin/env python3
"""portscan -sV judged against nmap -sV, port by port (issue 74 item 5).

judge.py NMAP_XML[,NMAP_XML...] SOCKT_XML[,SOCKT_XML...] [LIST]

Reads both scanners' -oX files (each may be several: a TCP scan and a
UDP one) with xml.etree and prints, for every open port, what each
said, then the issue's figures as lines a test reads:

  names AGREE OF      ports nmap names (method="probed": not a guess
                      from the port number) where sockt's name and
                      tunnel are the same
  products AGREE OF   of those where nmap names a product, the same one
                      (case aside)
  versions AGREE OF   of those where nmap gives a version, the same
                      major.minor (the first N or N.N in it: 9.2 of
                      "9.2p1 Debian 2+deb12u10", 5.5 of "5.5.5-10.11...")
  extra N             ports nmap does not name that sockt does
  missing N           open ports of nmap's that sockt did not report open
  diff PORT ...       each disagreement, one a line

LIST (svclab.sh's) adds the server that runs on each port to the table.
"""
import re
import sys
import xml.etree.ElementTree as ET


def ports(files):
    out = {}
    for f in files.split(","):
        root = ET.parse(f).getroot()
        for p in root.iter("port"):
            st = p.find("state")
            if st is None or st.get("state") != "open":
                continue
            s = p.find("service")
            d = {} if s is None else dict(s.attrib)
            out["%s/%s" % (p.get("portid"), p.get("protocol"))] = d
    return out


def mm(v):
    m = re.search(r"\d+(?:\.\d+)?", v or "")
    return m.group(0) if m else (v or "").strip().lower()


def svc(d):
    n = d.get("name", "")
    return ("ssl/" if d.get("tunnel") == "ssl" else "") + n if n else "-"


def desc(d):
    return "%s %s%s" % (svc(d), d.get("product", ""),
                        " " + d["version"] if d.get("version") else "")


def main():
    nm, sk = ports(sys.argv[1]), ports(sys.argv[2])
    who = {}
    if len(sys.argv) > 3:
        for line in open(sys.argv[3]):
            pr, port, name, server = line.split()
            who["%s/%s" % (port, pr)] = server
    fig = {"names": [0, 0], "products": [0, 0], "versions": [0, 0]}
    diffs, extra, missing = [], 0, 0
    key = lambda p: (p.split("/")[1], int(p.split("/")[0]))
    print("%-10s %-10s %-44s %s" % ("PORT", "SERVER", "NMAP", "SOCKT"))
    for p in sorted(set(nm) | set(sk), key=key):
        n, s = nm.get(p), sk.get(p)
        print("%-10s %-10s %-44s %s" % (p, who.get(p, "?"),
                                        "-" if n is None else desc(n),
                                        "(not open)" if s is None else desc(s)))
        if n is None:
            continue
        if s is None:
            missing += 1
            diffs.append("%s open to nmap, not to sockt" % p)
            s = {}
        if " " in n.get("name", ""):
            # not a service name: nmap 7.93's mqtt-subscribe script puts
            # the broker's $SYS/broker/version there ("mosquitto version
            # 2.0.11"); nmap names no service, whatever sockt says
            diffs.append("%s nmap's name %r is no service name" % (
                p, n["name"]))
            n = dict(n, method="quirk")
        if n.get("method") != "probed" or not n.get("name"):
            if s.get("name") and s.get("method") == "probed":
                extra += 1
            continue
        fig["names"][1] += 1
        if svc(n) != svc(s):
            diffs.append("%s service: nmap %s, sockt %s" % (p, svc(n), svc(s)))
            continue
        fig["names"][0] += 1
        if n.get("product"):
            fig["products"][1] += 1
            if n["product"].lower() == s.get("product", "").lower():
                fig["products"][0] += 1
            else:
                diffs.append("%s product: nmap %r, sockt %r" % (
                    p, n["product"], s.get("product", "")))
        if n.get("version"):
            fig["versions"][1] += 1
            if mm(n["version"]) == mm(s.get("version")):
                fig["versions"][0] += 1
            else:
                diffs.append("%s version: nmap %r, sockt %r" % (
                    p, n["version"], s.get("version", "")))
    for k in ("names", "products", "versions"):
        print("%s %d %d" % (k, fig[k][0], fig[k][1]))
    print("extra %d" % extra)
    print("missing %d" % missing)
    for d in diffs:
        print("diff " + d)


if __name__ == "__main__":
    main()
