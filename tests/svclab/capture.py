#!/usr/bin/env python3
"""What each server of the lab answers, probe by probe (issue 74).

capture.py ADDR LIST OUTDIR

LIST is svclab.sh's list ("PROTO PORT NAME SVC" a line).  For one port
of each server and service (the first on the list), every probe below
is sent on a connection of its own (TCP; at most 4 at once to a
server) or as one datagram (UDP): what
came before we sent (a greeting, within GREET s), then what came back
(at most CAP bytes, until the peer closed, 1 s passed with nothing
more, or LIMIT s in all).  Each answer goes to OUTDIR/SERVICE-PROBE.txt
(printable, other bytes as \\xNN), only where something came back, and
every outcome (bytes, time to the first byte, how it ended) to
OUTDIR/index.txt.  TLS ports: a handshake (its version, cipher and
certificate), then a greeting and an HTTP GET inside it.  The probes
are written from the protocols' specifications, not taken from any
scanner's file.
"""
import socket
import ssl
import struct
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

GREET, LIMIT, CAP, QUIET = 2.0, 4.0, 4096, 1.0


def pkt(s):
    """a git pkt-line"""
    return b"%04x" % (len(s) + 4) + s


def ber(tag, body):
    n = len(body)
    if n < 128:
        return bytes([tag, n]) + body
    return bytes([tag, 0x81, n]) + body


# LDAP SearchRequest (RFC 4511): base "", scope base, filter
# (objectClass=*) as a present filter, no attributes: the root DSE
LDAP = ber(0x30, ber(0x02, b"\x01") + ber(0x63, ber(0x04, b"") +
           b"\x0a\x01\x00\x0a\x01\x00\x02\x01\x00\x02\x01\x00\x01\x01\x00" +
           ber(0x87, b"objectClass") + ber(0x30, b"")))


def dns_q(name, qtype, qclass, qid=0x5a5a):
    q = b"".join(bytes([len(p)]) + p for p in name.split(b".") if p)
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + q + b"\0" + \
        struct.pack(">HH", qtype, qclass)


DNS_VB = dns_q(b"version.bind", 16, 3)
# BindRequests (RFC 4511, and RFC 1777's version 2), anonymous, simple
LDAP_BIND3 = ber(0x30, b"\x02\x01\x02" + ber(0x60, b"\x02\x01\x03" +
                 ber(0x04, b"") + ber(0x80, b"")))
LDAP_BIND2 = ber(0x30, b"\x02\x01\x02" + ber(0x60, b"\x02\x01\x02" +
                 ber(0x04, b"") + ber(0x80, b"")))
# SNMPv3 engine discovery (RFC 3414 4.): no user, reportable, an empty
# GetRequest; the agent reports its engine ID
SNMP3 = ber(0x30, b"\x02\x01\x03" +
            ber(0x30, b"\x02\x02\x4a\x69\x02\x03\x00\xff\xe3" +
                b"\x04\x01\x04\x02\x01\x03") +
            ber(0x04, ber(0x30, b"\x04\x00\x02\x01\x00\x02\x01\x00" +
                          b"\x04\x00\x04\x00\x04\x00")) +
            ber(0x30, b"\x04\x00\x04\x00" +
                ber(0xa0, b"\x02\x02\x1b\x3d\x02\x01\x00\x02\x01\x00" +
                    ber(0x30, b""))))
# an SNMPv1 GetRequest for sysDescr.0 (1.3.6.1.2.1.1.1.0), community public
SNMP = ber(0x30, b"\x02\x01\x00" + ber(0x04, b"public") + ber(0xa0,
           b"\x02\x04\x12\x34\x56\x78\x02\x01\x00\x02\x01\x00" +
           ber(0x30, ber(0x30, b"\x06\x08\x2b\x06\x01\x02\x01\x01\x01\x00" +
                         b"\x05\x00"))))
# MQTT 3.1.1 CONNECT, clean session, keep-alive 30, client id "sockt"
MQTT = b"\x10\x11\x00\x04MQTT\x04\x02\x00\x1e\x00\x05sockt"
PG_STARTUP = b"\x00\x03\x00\x00user\0postgres\0database\0postgres\0\0"

TCP = [
    ("null", b""),
    ("http-get", b"GET / HTTP/1.0\r\n\r\n"),
    ("http-get11", b"GET / HTTP/1.1\r\nHost: lab.sockt.test\r\n\r\n"),
    ("crlf", b"\r\n\r\n"),
    ("ssh-banner", b"SSH-2.0-sockt_lab\r\n"),
    ("smtp-ehlo", b"EHLO lab.sockt.test\r\n"),
    ("imap-capability", b"a1 CAPABILITY\r\n"),
    ("pop3-capa", b"CAPA\r\n"),
    ("ftp-feat", b"FEAT\r\n"),
    ("help", b"HELP\r\n"),
    ("pg-sslrequest", struct.pack(">ii", 8, 80877103)),
    ("pg-startup", struct.pack(">i", len(PG_STARTUP) + 4) + PG_STARTUP),
    ("redis-ping", b"PING\r\n"),
    ("redis-info", b"INFO server\r\n"),
    ("memcached-version", b"version\r\n"),
    ("dns-version-bind", struct.pack(">H", len(DNS_VB)) + DNS_VB),
    ("ldap-rootdse", LDAP),
    ("ldap-bind-v3", LDAP_BIND3),
    ("ldap-bind-v2", LDAP_BIND2),
    # a startup message of a protocol version no server has (99.0): the
    # error names the versions it speaks
    ("pg-startup-badversion", struct.pack(">ii", 23, 0x00630000) +
     b"user\0postgres\0\0"),
    ("rsync", b"@RSYNCD: 31.0\n"),
    ("git-upload-pack", pkt(b"git-upload-pack /lab.git\0host=lab.sockt.test\0")),
    ("mqtt-connect", MQTT),
    ("xmpp-client", b"<?xml version='1.0'?><stream:stream to='lab.sockt.test'"
     b" xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
     b" version='1.0'>"),
    ("xmpp-server", b"<?xml version='1.0'?><stream:stream to='lab.sockt.test'"
     b" xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
     b" version='1.0'>"),
    ("irc-nick", b"NICK sockt\r\nUSER sockt 0 * :sockt lab\r\n"),
    ("socks5", b"\x05\x01\x00"),
    ("socks4", b"\x04\x01\x00\x50\x7f\x00\x00\x01sockt\x00"),
    ("http-proxy-get", b"GET http://127.0.0.1:8080/ HTTP/1.0\r\n\r\n"),
    ("http-connect", b"CONNECT 127.0.0.1:22 HTTP/1.0\r\n\r\n"),
    ("tls-hello", None),
]
UDP = [
    ("dns-version-bind", DNS_VB),
    ("snmp-get-sysdescr", SNMP),
    ("snmp-v3-discovery", SNMP3),
    # NTP (RFC 5905): LI 0, version 4, mode 3 (client), the rest zero
    ("ntp-client", b"\x23" + b"\0" * 47),
    # memcached's UDP frame: request id, sequence, count, reserved
    ("memcached-version", b"\x00\x01\x00\x00\x00\x01\x00\x00version\r\n"),
    ("null", b""),
]


def esc(b):
    out = []
    for c in b:
        if c == 0x0a:
            out.append("\\n\n")
        elif c == 0x0d:
            out.append("\\r")
        elif c == 0x09:
            out.append("\\t")
        elif c == 0x5c:
            out.append("\\\\")
        elif 0x20 <= c < 0x7f:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def readall(s, until):
    """what comes until the peer closes, QUIET s of silence, or until"""
    buf, first, end = b"", None, "timeout"
    t0 = time.monotonic()
    while len(buf) < CAP:
        now = time.monotonic()
        left = min(until - now, QUIET if buf else until - now)
        if left <= 0:
            end = "quiet" if buf else "timeout"
            break
        s.settimeout(left)
        try:
            d = s.recv(CAP - len(buf))
        except socket.timeout:
            end = "quiet" if buf else "timeout"
            break
        except ssl.SSLError as e:
            end = "tls-error %s" % e.reason
            break
        except OSError as e:
            end = "reset" if e.errno == 104 else "error %s" % e.strerror
            break
        if not d:
            end = "closed"
            break
        if first is None:
            first = time.monotonic() - t0
        buf += d
    else:
        end = "cap"
    return buf, first, end


def tcp(addr, port, probe, data):
    s = socket.create_connection((addr, port), 3)
    tls = None
    try:
        if data is None:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            s.settimeout(LIMIT)
            try:
                s = ctx.wrap_socket(s, server_hostname="lab.sockt.test")
            except (ssl.SSLError, OSError) as e:
                return b"", b"", None, "no tls: %s" % e, None
            cert = ssl.DER_cert_to_PEM_cert(s.getpeercert(True))
            tls = "%s %s\n%s" % (s.version(), s.cipher()[0], cert)
            data = b""
        t0 = time.monotonic()
        greet = b""
        if data:
            greet, _, gend = readall(s, t0 + 0.5)
            if gend in ("closed", "reset"):
                return greet, b"", None, "closed before the probe", tls
        else:
            pass
        if data:
            s.sendall(data)
        t1 = time.monotonic()
        ans, first, end = readall(s, t1 + (GREET if not data else LIMIT))
        if tls is not None and ans == b"" and end == "timeout":
            # silent inside TLS: an HTTP GET, as an engine would
            s.sendall(b"GET / HTTP/1.0\r\n\r\n")
            ans, first, end = readall(s, time.monotonic() + LIMIT)
            end = "after GET: " + end
        return greet, ans, first, end, tls
    finally:
        s.close()


def udp(addr, port, data):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect((addr, port))
        s.send(data)
        t0 = time.monotonic()
        s.settimeout(2.0)
        try:
            d = s.recv(CAP)
            return d, time.monotonic() - t0, "answer"
        except socket.timeout:
            return b"", None, "timeout"
        except OSError as e:
            return b"", None, "error %s" % e.strerror
    finally:
        s.close()


def main():
    addr, listf, out = sys.argv[1:4]
    rows = [line.split() for line in open(listf) if line.strip()]
    names = {}
    for pr, port, name, svc in rows:
        names.setdefault(svc, set()).add(name)
    reps, seen = [], set()
    for pr, port, name, svc in rows:
        if (pr, svc, name) in seen:
            continue
        seen.add((pr, svc, name))
        label = svc if len(names[svc]) == 1 else "%s-%s" % (svc, name)
        if pr == "udp":
            label += "-udp"
        reps.append((pr, int(port), name, label))
    index, lock = [], threading.Lock()

    # at most 4 probes at once to a server: dovecot's TLS logins stalled
    # past 4 s under 28 at once (its login processes start one by one)
    sem = {rep[3]: threading.Semaphore(4) for rep in reps}

    def one(rep, probe, data):
        with sem[rep[3]]:
            one_(rep, probe, data)

    def one_(rep, probe, data):
        pr, port, name, label = rep
        if pr == "udp":
            ans, first, end = udp(addr, port, data)
            greet, tls = b"", None
        else:
            try:
                greet, ans, first, end, tls = tcp(addr, port, probe, data)
            except OSError as e:
                greet, ans, first, end, tls = b"", b"", None, \
                    "connect: %s" % e.strerror, None
        ft = "-" if first is None else "%.3f" % first
        with lock:
            index.append("%s %s/%d %s %s bytes=%d greeting=%d first=%s %s" % (
                label, pr, port, name, probe, len(ans), len(greet), ft, end))
        if not ans and not greet and not tls:
            return
        with open("%s/%s-%s.txt" % (out, label, probe), "w") as f:
            f.write("# %s %s port %d (%s), probe %s\n" % (label, pr, port,
                                                        name, probe))
            f.write("# sent: %s\n" % esc(data or b"").replace("\n", ""))
            f.write("# first byte after %s s, end: %s, %d bytes\n" % (
                ft, end, len(ans)))
            if tls:
                f.write("# tls: %s\n" % tls.split("\n")[0])
                f.write(tls.split("\n", 1)[1])
            if greet:
                f.write("--- before the probe (%d bytes)\n%s\n" % (
                    len(greet), esc(greet[:1024])))
            f.write("--- answer\n%s\n" % esc(ans[:1024]))

    jobs = []
    with ThreadPoolExecutor(48) as ex:
        for rep in reps:
            for probe, data in (UDP if rep[0] == "udp" else TCP):
                jobs.append(ex.submit(one, rep, probe, data))
        for j in jobs:
            j.result()
    with open(out + "/index.txt", "w") as f:
        f.write("# SERVICE PROTO/PORT NAME PROBE bytes greeting first(s) end\n")
        f.write("\n".join(sorted(index)) + "\n")


if __name__ == "__main__":
    main()
