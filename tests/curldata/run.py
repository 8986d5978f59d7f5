#!/usr/bin/env python3
"""Hold `sockt http-get` to curl's own test cases (issue 61).

usage: run.py [-j N] [-t SECS] [--sockt PATH] [--curl PATH] [--list]
              [--only N,N-M,...] [-v] CURLSRC

CURLSRC is a checkout (or an archive) of curl's sources at the tag of the
curl installed here (curl-7_88_1): its tests/data is read from there and
nothing of it is copied into this project.  Each selected case is run
twice, once with the real curl and once with `sockt http-get`, with the
same arguments after the command, each against a fresh server of its own
on 127.0.0.1, port 0, that answers as curl's test server (tests/server/
sws.c) does, and judged as curl's runtests.pl judges it: the request
bytes the server received (<verify><protocol> after <strip> and
<strippart>), stdout, the output file (the reply's <data> or
<datacheck>), the files of <verify><file*> and the exit code.

The selection (the rule, in select_case; issue 73 widened it to the
cases its judge held sockt to): the cases whose servers are curl's
`http` (sws on 127.0.0.1), `http-ipv6` (sws on ::1) or `http-proxy` (sws
--proxy: a CONNECT is answered with the case's <connect> and then
tunnelled to 127.0.0.1 at the port it names, after sws's half second;
<verify><proxy> is what that proxy received, compared as runtests.pl
compares it), `socks4` and `socks5` (socksd: its config the case's
<servercmd>, every connection to 127.0.0.1, <verify><socks> its log of
the SOCKS5 addresses asked for), in any mix, or `none` (the command
fails before or without a server, %NOLISTENPORT); run by the curl tool
itself (no libtest <tool>, no perl or shell command type), with no
<precheck> or <postcheck> but perl ones (the rest run curl's helper
programs; a precheck that says why not leaves the case out), no
LD_PRELOAD, a locale of <setenv> that is installed or that localedef
makes into a directory of this run (LOCPATH), no <verify><upload>, every
<features> entry met by the curl here (debug too where this runner does
what the debug build does: CURL_TESTDIR is --output-dir DIR given first,
for a case with no -o of its own and no %{filename_effective}, whose
directory differs; CURL_SMALLREQSEND and CURL_SMALLSENDS only cut the
request into smaller sends), not listed in tests/data/DISABLED, and a
command line that only GETs (or HEADs) over HTTP/1.1: no option that
sends a body or another method (-d, --data*, --json, -F, --form*, -T, -X
other than GET, --upload-file; on the command line, in a config file the
case writes or one its precheck prints), no HTTP/1.0 or 0.9, 2 or 3, no
URL or proxy of another of curl's protocols (a scheme that is none of
curl's is in: a client refuses it), no option that asks curl about
itself (--help, --manual, --version: curl's words, not a GET), and none
of the tool-only features sockt does not claim (--trace*, --libcurl,
NTLM, Negotiate, Kerberos, HSTS, --alt-svc with a file (--alt-svc "" is
in: off), DoH, --test-event; and the cases whose keywords say NTLM or
Negotiate, but for a server that offers NTLM beside Basic or Digest to
--anyauth or --proxy-anyauth, which sockt claims).  --request-target,
--ignore-content-length, --suppress-connect-headers,
--disallow-username-in-url and the like are in whether or not sockt
takes them: a GET client over HTTP/1.1 is held to them, and sockt
refusing one is a failure, counted.

What differs from runtests.pl, on purpose: --trace-ascii and
--trace-time are not added (they change no byte compared here); <stderr>
is not compared, nor a <verify><file> that is the stderr file (curl's
words are not sockt's: a case is judged by its bytes on the wire,
stdout, files and exit code); sockt's User-Agent value (`sockt/V`) is
read as curl's (`curl/7.88.1`) in the requests it sent, and its name
before a message (`sockt http-get: `, at a line's start) as curl's
(`curl: `) where --stderr puts messages in stdout or a file compared.

A case the real curl fails is a defect of this runner and is listed as
such.

sockt's failures are grouped by the first check that failed (a command
line it refused or a timeout first, then what the proxy received and
the request, with the first differing line, what socksd was asked, the
exit code with sockt's message, stdout, the output file, the other
files).  The differences the README keeps on purpose
are counted apart, each recognised by what it leaves, not assumed: a
cookie jar whose only different line is the third (it names sockt) or
whose paths alone differ too, as RFC 6265 has them (jar_paths), a
netrc that others may read refused with its warning, an atomic -o
(a failed transfer that exits as curl's, the only difference being the
-o file, absent or kept aside as FILE.sockt-part), a 304 (or a -z
condition curl answers as one) that leaves no -o file, exit 0, --retry
whose output is the end of curl's (the last try's alone), an offer
of NTLM beside Basic or Digest that sockt answers with the other (the
first line that differs is curl's NTLM answer), and the
cases of RFC_KEPT, where curl breaks an RFC, each with sockt's words,
and of COOKIE_PATH_KEPT, whose request differs by a cookie's path alone.
"""

import argparse
import base64
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))

# The cases where curl 7.88 breaks an RFC and sockt follows it (issue
# 61: follow the RFC, say so): the case, the words of sockt's refusal
# that show it, the reason.
RFC_KEPT = {
    # -H " And A Funny One : wohoo" from a file: curl sends a line that
    # starts with a space (obs-fold, which RFC 9112 5.2 says a sender
    # MUST NOT generate) and a name with a space before its colon (RFC
    # 9112 5.1: a server MUST reject it with 400); sockt refuses it
    1147: ("': bad name", "a -H that is no field by the RFC is refused"),
    # "HTTP/1.2 200": RFC 9112 2.3 has a client read a higher minor
    # version as the highest it speaks (1.1); curl exits 1
    129: ("", "an HTTP/1.2 status line is read as 1.1 (RFC 9112)"),
    # algorithm=SHA-512-256: RFC 7616 hashes with SHA-512/256; curl 7.88
    # hashes with SHA-256, which an RFC server refuses (README's list)
    2062: ("", "SHA-512-256 digests are SHA-512/256 (RFC 7616)"),
    2065: ("", "SHA-512-256 digests are SHA-512/256 (RFC 7616)"),
    # --path-as-is, then "Location: ../x" on "/../../391": RFC 3986 5.2
    # resolves it to "/x" (dot segments removed after the merge); curl
    # sends "/../x"
    391: ("", "a relative Location resolved by RFC 3986 5.2"),
    # -H "Among other public buildings ...: 511" (debug's split send):
    # a name with spaces in it, no field by RFC 9112 5.1
    1294: ("': bad name", "a -H that is no field by the RFC is refused"),
}

# The cases whose request differs from curl's by RFC 6265's cookie paths
# alone (README's table): the bytes sockt sends that curl does not, the
# reason.
COOKIE_PATH_KEPT = {
    # Path="/silly/" is no absolute path (RFC 6265 5.2.4): the
    # default-path, where curl drops the quotes
    8: (b"mismatch=this; ", "cookie paths by RFC 6265"),
}

# runtests.pl's fixed "features" (server/disabled.c names) a release
# build has; the rest comes from `curl -V`
CONST_FEATURES = ["cookies", "DoH", "HTTP-auth", "Mime", "netrc",
                  "parsedate", "proxy", "shuffle-dns", "typecheck",
                  "verbose-strings", "wakeup", "headers-api", "xattr",
                  "getrlimit", "threadsafe"]
VFEATURES = {"alt-svc": "alt-svc", "brotli": "brotli", "GSS-API": "GSS-API",
             "HSTS": "HSTS", "HTTP2": "http/2", "HTTP3": "http/3",
             "HTTPS-proxy": "https-proxy", "IDN": "idn", "IPv6": "ipv6",
             "Kerberos": "Kerberos", "Largefile": "large_file",
             "libz": "libz", "NTLM": "NTLM", "NTLM_WB": "NTLM_WB",
             "PSL": "PSL", "SPNEGO": "SPNEGO", "SSL": "SSL",
             "TLS-SRP": "TLS-SRP", "UnixSockets": "unix-sockets",
             "zstd": "zstd", "AsynchDNS": "threaded-resolver"}

# options that send a body, another method or another version, or that
# name a tool-only feature sockt does not claim
REFUSED_OPTS = {
    "-d", "--data", "--data-ascii", "--data-binary", "--data-raw",
    "--data-urlencode", "--json", "-F", "--form", "--form-string",
    "-T", "--upload-file", "--http2", "--http2-prior-knowledge",
    "--http3", "--http3-only", "-0", "--http1.0", "--http0.9",
    "--proxy1.0", "--libcurl", "--trace", "--trace-ascii",
    "--trace-time", "--ntlm", "--ntlm-wb", "--proxy-ntlm",
    "--negotiate", "--proxy-negotiate", "--krb", "--delegation",
    "--hsts", "--doh-url", "--test-event", "-G", "--get",
    "--sasl-ir", "--sasl-authzid", "--login-options", "--mail-from",
    "--mail-rcpt", "--ftp-pasv", "--ftp-port", "-P",
    "--abstract-unix-socket", "--proxy-service-name",
    "--service-name", "--dns-servers", "--dns-interface",
    "--dns-ipv4-addr", "--dns-ipv6-addr", "--variable",
}
# options that ask curl about itself: its words, not a GET
SELF_OPTS = {"-h", "--help", "-M", "--manual", "-V", "--version"}
# the servers of a case held to: sws (on ::1 for http-ipv6), sws as a
# CONNECT proxy beside it, or none (the command fails before or without
# a server, at %NOLISTENPORT)
SERVERS = {b"http", b"http-proxy", b"http-ipv6", b"socks4", b"socks5"}
# what a debug build of curl does that this runner does for the release
# build: CURL_TESTDIR puts -O and -J files in that directory (curl's
# --output-dir, given first, does the same, filename_effective too);
# CURL_SMALLREQSEND and CURL_SMALLSENDS cut the request into small
# sends (the bytes are the same; not done)
DEBUG_EMULATED = {"CURL_TESTDIR", "CURL_SMALLREQSEND", "CURL_SMALLSENDS"}
# sockt's name before its messages, read as curl's where --stderr puts
# them in stdout or a file compared
SOCKT_NAME = re.compile(rb"^sockt http-get: ")
SCHEME_RE = re.compile(r"\b([a-z][a-z0-9+.-]*)://", re.I)
VERSION = "7.88.1"


def die(msg):
    sys.stderr.write("run.py: %s\n" % msg)
    sys.exit(2)


# ---------------------------------------------------------------------
# curl's test file format (tests/FILEFORMAT.md): getpart.pm's reading


def getpart(lines, section, part):
    """the lines of <section><part> as getpart.pm returns them (bytes)"""
    out = []
    inside = 0
    b64 = hexd = False
    sec_o = re.compile(rb"^ *<" + section.encode())
    sec_c = re.compile(rb"^ *</" + section.encode())
    p_o = re.compile(rb"^ *<" + part.encode() + rb"[ >]")
    p_c = re.compile(rb"^ *</" + part.encode() + rb"[ >]")
    for ln in lines:
        if not inside and sec_o.match(ln):
            inside += 1
        elif inside >= 1 and p_o.match(ln):
            if inside > 1:
                out.append(ln)
            elif re.search(part.encode() + rb" [^>]*base64=", ln):
                b64 = True
            elif re.search(part.encode() + rb" [^>]*hex=", ln):
                hexd = True
            inside += 1
        elif inside >= 2 and p_c.match(ln):
            if inside > 2:
                out.append(ln)
            inside -= 1
        elif inside >= 1 and sec_c.match(ln):
            break
        elif inside >= 2:
            out.append(ln)
    if b64:
        out = [base64.b64decode(x) for x in out]
    elif hexd:
        out = [bytes.fromhex(re.sub(rb"\s", b"", x).decode()) for x in out]
    return out


def part_line(lines, section, part):
    """the opening line of <section><part>, or None"""
    inside = False
    for ln in lines:
        if not inside and re.match(rb"^ *<" + section.encode(), ln):
            inside = True
        elif inside and re.match(rb"^ *<" + part.encode() + rb"[ >]", ln):
            return ln
        elif inside and re.match(rb"^ *</" + section.encode(), ln):
            return None
    return None


def partexists(lines, section, part):
    return part_line(lines, section, part) is not None


def getattr_(lines, section, part):
    """the attributes of <section><part>, as getpartattr"""
    ln = part_line(lines, section, part)
    m = ln and re.match(rb"^ *<" + part.encode() + rb" ([^>]*)", ln)
    if not m:
        return {}
    return {k.decode(): (v1 or v2).decode() for k, v1, v2 in
            re.findall(rb' *([^=\s]*)= *(?:"([^"]*)"|([^> ]*))', m.group(1))}


def splitlines(data):
    """data cut after each newline, as perl's <FH> reads it"""
    return [x for x in re.split(rb"(?<=\n)", data) if x]


def jar_paths(lines):
    """a jar's cookie lines with their paths as curl keeps them: no
    trailing '/' (RFC 6265's default-path has none where curl's has one;
    a Path attribute is kept as sent where curl drops its last '/', so
    "/p/" and "/p" are one cookie to curl: the newer, first, stays)"""
    out, seen = [], set()
    for x in lines:
        f = x.split(b"\t")
        if len(f) == 7 and len(f[2]) > 1 and f[2].endswith(b"/"):
            f[2] = f[2][:-1]
        key = (f[0], f[2], f[5]) if len(f) == 7 else (x,)
        if key not in seen:
            seen.add(key)
            out.append(b"\t".join(f))
    return out


class Newlines:
    """runtests.pl's subNewlines, with its memory of the line before"""
    HEAD = re.compile(rb"^HTTP/(1.1|1.0|2|3) [1-5][^\r]*\Z")
    REQ = re.compile(rb"^(GET|POST|PUT|DELETE) \S+ HTTP/\d+(\.\d+)?")
    FIELD = re.compile(rb"^[a-z0-9_-]+: [^\r]*\Z", re.I)

    def __init__(self):
        self.prev = False

    def fix(self, s, force=False):
        if force:
            return re.sub(rb"\r*\n", b"\r\n", s, count=1)
        if (self.HEAD.match(s) or self.REQ.match(s) or
                (self.FIELD.match(s) and not re.match(rb"^curl: \(\d+\) ",
                                                      s))):
            self.prev = True
            return re.sub(rb"\r*\n", b"\r\n", s, count=1)
        if s == b"\n" and self.prev:
            s = b"\r\n"
        self.prev = False
        return s


def chomp(lines):
    if lines and lines[-1].endswith(b"\n"):
        lines[-1] = lines[-1][:-1]
    return lines


def pct_decode(d):
    return re.sub(rb"%([0-9A-Fa-f]{2})",
                  lambda m: bytes([int(m.group(1), 16)]), d)


def sub_vars(s, var):
    for name, val in var:
        s = s.replace(b"%" + name.encode(), val.encode())
    m = re.search(rb"%b64\[(.*)\]b64%", s, re.I)
    if m:
        enc = base64.b64encode(pct_decode(m.group(1)))
        s = s[:m.start()] + enc + s[m.end():]
    m = re.search(rb"%hex\[(.*)\]hex%", s, re.I)
    if m:
        s = s[:m.start()] + pct_decode(m.group(1)) + s[m.end():]
    m = re.search(rb"%repeat\[(\d+) x (.*)\]%", s, re.I)
    if m:
        s = (s[:m.start()] + pct_decode(m.group(2)) * int(m.group(1)) +
             s[m.end():])
    return s


def prepro(lines, var, features):
    """runtests.pl's prepro: %if blocks, variables, CRLF in <data crlf>"""
    out = []
    show = True
    crlf = False
    nl = Newlines()
    for s in lines:
        m = re.match(rb"^ *%if (.*)", s)
        if m:
            cond = m.group(1).decode().strip()
            rev = cond.startswith("!")
            cond = cond.lstrip("!")
            show = rev ^ (cond in features)
            continue
        if re.match(rb"^ *%else", s):
            show = not show
            continue
        if re.match(rb"^ *%endif", s):
            show = True
            continue
        if not show:
            continue
        m = re.match(rb"^ *<data(.*)>", s)
        if m:
            if b'crlf="yes"' in m.group(1):
                crlf = True
        elif re.match(rb"^ *</data", s) and crlf:
            crlf = False
        s = sub_vars(s, var)
        if crlf:
            s = nl.fix(s)
        out.append(s)
    return out


# ---------------------------------------------------------------------
# curl's test server, as tests/server/sws.c answers

DOC404 = (b"HTTP/1.1 404 Not Found\r\nServer: test-server\r\n"
          b"Connection: close\r\nContent-Type: text/html\r\n\r\n"
          b"<HTML><BODY>Not Found</BODY></HTML>\n")


class Server:
    """sws.c for one run of one case: a thread a connection, the state
    sws keeps across them (bounce, the last servercmd) shared; host ::1
    for http-ipv6; proxy: sws --proxy (http-proxy), which answers a
    CONNECT with <connect> and then tunnels to 127.0.0.1 at its port"""

    def __init__(self, datadir, testnum, host="127.0.0.1", proxy=False):
        self.datadir = datadir
        self.testnum = testnum
        self.proxy = proxy
        self.lines = None          # the preprocessed case, set later
        self.lock = threading.Lock()
        self.log = bytearray()
        self.prevbounce = False
        self.prevtest = -1
        self.prevpart = -1
        self.connmon = False
        self.close = False
        self.conns = []
        self.stop = False
        fam = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((host, 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.accept_loop, daemon=True)

    def start(self):
        self.thread.start()

    def accept_loop(self):
        self.sock.settimeout(0.2)
        while not self.stop:
            try:
                c, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            t = threading.Thread(target=self.serve, args=(c,), daemon=True)
            with self.lock:
                self.conns.append(t)
            t.start()

    def shutdown(self, wait):
        """stop accepting; wait up to wait seconds for connections"""
        self.stop = True
        end = time.time() + wait
        for t in list(self.conns):
            t.join(max(0.0, end - time.time()))
        try:
            self.sock.close()
        except OSError:
            pass

    def store(self, data):
        with self.lock:
            self.log += data

    def case_lines(self, testno):
        if testno == self.testnum:
            return self.lines
        try:
            with open(os.path.join(self.datadir, "test%d" % testno),
                      "rb") as f:
                return splitlines(f.read())
        except OSError:
            return None

    def servercmd(self, req):
        lines = self.case_lines(req["testno"])
        self.close = False
        self.connmon = False
        if lines is None:
            req["open"] = False
            return
        for ln in getpart(lines, "reply", "servercmd"):
            cmd = ln.decode("latin-1")
            if cmd.startswith("auth_required"):
                req["auth_req"] = True
            elif cmd.startswith("idle"):
                req["rcmd"] = "idle"
            elif cmd.startswith("stream"):
                req["rcmd"] = "stream"
            elif cmd.startswith("connection-monitor"):
                self.connmon = True
            elif cmd.startswith("swsclose"):
                self.close = True
            elif cmd.startswith("no-expect"):
                req["noexpect"] = True
            else:
                m = re.match(r"(skip|writedelay): *(\d+)", cmd)
                if m:
                    req[m.group(1)] = int(m.group(2))

    def first_line(self, req, buf):
        """the test and part number of a request, as ProcessRequest"""
        m = re.match(rb"(\S+)\s+(.*?)\s*HTTP/(\d+)\.(\d+)", buf)
        testno = None
        if m:
            req["prot"] = int(m.group(3)) * 10 + int(m.group(4))
            path = m.group(2)
            i = path.rfind(b"/")
            if i >= 0:
                d = re.match(rb"\s*[-+]?\d+", path[i + 1:])
                n = int(d.group(0)) if d else 0
                if n > 10000:
                    req["partno"] = n % 10000
                    n //= 10000
                if n:
                    testno = n
            if testno is None:
                c = re.match(rb"CONNECT (\S+) HTTP/(\d+)\.(\d+)", buf)
                if c:
                    req["connect"] = True
                    if req["prot"] == 10:
                        req["open"] = False
                    doc = c.group(1)
                    portp = doc.find(b":")
                    if doc.startswith(b"["):
                        part = 0
                        for g in re.findall(rb"[0-9a-fA-F]+",
                                            doc[1:doc.find(b"]")]):
                            part = int(g, 16)
                        testno = part or None
                        portp = doc.find(b"]:")
                        portp = portp + 1 if portp > 0 else -1
                    p = re.match(rb"\d+", doc[portp + 1:]) if portp >= 0 \
                        else None
                    if p and 0 < int(p.group(0)) <= 65535:
                        req["connect_port"] = int(p.group(0))
        if testno is None:
            testno = self.testnum        # the cmdfile's "Testnum N"
        req["testno"] = testno
        self.servercmd(req)

    def complete(self, req, buf):
        """whether buf holds the whole request"""
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = buf[:end + 4]
        body = buf[end + 4:]
        cl = None
        for ln in head.split(b"\r\n")[1:]:
            if ln[:15].lower() == b"content-length:":
                try:
                    cl = int(ln[15:].strip())
                except ValueError:
                    req["open"] = False
                    return True
                cl = 0 if req.get("skipall") else cl - req["skip"]
            elif ln.lower().startswith(b"transfer-encoding: chunked"):
                return b"\r\n0\r\n\r\n" in buf
            elif (req["noexpect"] and
                  ln.lower().startswith(b"expect: 100-continue")):
                req["skipall"] = True
                cl = 0
        if req["auth_req"] and b"Authorization:" not in buf:
            return True
        if cl:
            return len(body) >= cl
        return True

    def read_request(self, c, req):
        buf = b""
        first = True
        while True:
            try:
                got = c.recv(65536)
            except OSError:
                got = b""
            if not got:
                if buf:
                    self.store(buf)
                return None
            buf += got
            if first and b"\n" in buf:
                self.first_line(req, buf)
                first = False
            if not first and self.complete(req, buf):
                self.store(buf)
                return buf

    def serve(self, c):
        try:
            self.serve_conn(c)
        finally:
            if self.connmon:
                self.store(b"[DISCONNECT]\n")
            try:
                c.close()
            except OSError:
                pass

    def serve_conn(self, c):
        while True:
            req = {"testno": None, "partno": 0, "connect": False,
                   "open": True, "auth_req": False, "skip": 0,
                   "writedelay": 0, "rcmd": None, "noexpect": False,
                   "prot": 11, "connect_port": 0}
            buf = self.read_request(c, req)
            if buf is None:
                return
            self.auth_parts(req, buf)
            if b"Connection: close" in buf:
                req["open"] = False
            with self.lock:
                if self.prevbounce:
                    if (req["testno"] == self.prevtest and
                            req["partno"] == self.prevpart):
                        req["partno"] += 1
                    else:
                        self.prevbounce = False
                        self.prevtest = self.prevpart = -1
            if not self.send_doc(c, req):
                return
            if not req["open"]:
                time.sleep(0.05)
                return
            if req["connect"] and self.proxy:
                self.tunnel(c, req["connect_port"])
                return

    def tunnel(self, c, port):
        """sws's http_connect: after the CONNECT's answer, half a second
        (so that the client reads that answer alone), then the bytes both
        ways to 127.0.0.1 at the port the CONNECT named, until both ends
        are done"""
        end = time.time() + 0.5
        while not self.stop and time.time() < end:
            time.sleep(0.05)
        s = dial(port)
        if s:
            relay(self, c, s)


    def auth_parts(self, req, buf):
        if b"Authorization: Digest" in buf:
            req["partno"] += 1000
        elif b"Authorization: NTLM TlRMTVNTUAAD" in buf:
            req["partno"] += 1002
        elif b"Authorization: NTLM TlRMTVNTUAAB" in buf:
            req["partno"] += 1001
        elif req["partno"] >= 1000 and b"Authorization: Basic" in buf:
            req["partno"] += 1

    def send_doc(self, c, req):
        """answer one request; False when the connection is to end"""
        if req["rcmd"] == "stream":
            try:
                while not self.stop:
                    c.sendall(b"a string to stream 01234567890\n")
            except OSError:
                pass
            return False
        if req["rcmd"] == "idle":
            return True
        lines = self.case_lines(req["testno"])
        if lines is None:
            req["open"] = False
            return True
        section = "connect" if req["connect"] else "data"
        if req["partno"]:
            section += str(req["partno"])
        doc = b"".join(getpart(lines, "reply", section))
        if doc and getattr_(lines, "reply", section).get("nonewline"):
            doc = doc[:-1]             # getpart.c's nonewline
        persistent = not (b"swsclose" in doc or not doc or self.close)
        with self.lock:
            self.prevbounce = b"swsbounce" in doc
        try:
            for i in range(0, len(doc), 20):
                c.sendall(doc[i:i + 20])
                if req["writedelay"]:
                    time.sleep(req["writedelay"] / 1000.0)
        except OSError:
            with self.lock:
                self.prevtest, self.prevpart = req["testno"], req["partno"]
            return False
        for ln in getpart(lines, "reply", "postcmd"):
            m = re.match(rb"wait (\d+)", ln)
            if m:
                time.sleep(int(m.group(1)))
        req["open"] = req["open"] and persistent
        with self.lock:
            self.prevtest, self.prevpart = req["testno"], req["partno"]
        return True


def dial(port):
    """a connection to 127.0.0.1 at port, or None"""
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return None
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def relay(srv, c, s):
    """the bytes both ways between c and s until both ends are done (or
    srv stops); s closed at the end"""
    peer = {c: s, s: c}
    rd = [c, s]
    try:
        while rd and not srv.stop:
            ready, _, _ = select.select(rd, [], [], 0.2)
            for x in ready:
                try:
                    got = x.recv(65536)
                except OSError:
                    got = b""
                try:
                    if got:
                        peer[x].sendall(got)
                    else:
                        rd.remove(x)
                        peer[x].shutdown(socket.SHUT_WR)
                except OSError:
                    rd = []
                    break
    finally:
        s.close()


class Socksd(Server):
    """curl's tests/server/socksd.c (socks4 and socks5): its config the
    case's <servercmd> (runtests.pl gives it the cmd file), the backend
    127.0.0.1 whatever address is asked for, at the port asked for or
    the config's backendport; each SOCKS5 request's address logged as
    socksd does (log/socksd-request.log, <verify><socks>)"""

    def config(self):
        cfg = {"version": 5, "nmethods_min": 1, "nmethods_max": 3,
               "user": b"user", "password": b"password", "backendport": 0,
               "method": 0, "response": 0}
        for ln in getpart(self.lines, "reply", "servercmd"):
            f = ln.split()
            if len(f) >= 2 and f[0].decode() in cfg:
                k = f[0].decode()
                cfg[k] = f[1] if k in ("user", "password") else int(f[1])
        return cfg

    def serve_conn(self, c):
        try:
            self.socks(c)
        except OSError:
            pass

    def socks(self, c):
        cfg = self.config()
        buf = c.recv(272)
        if not buf:
            return
        if buf[0] == 4:
            if len(buf) < 9 or buf[1] != 1:
                return
            port = cfg["backendport"] or (buf[2] << 8 | buf[3])
            s = dial(port)
            c.sendall(bytes([0, 90 if s else 91]) + buf[2:8])
            if s:
                relay(self, c, s)
            return
        if (buf[0] != cfg["version"] or not cfg["nmethods_min"] <= buf[1]
                <= cfg["nmethods_max"] or len(buf) != buf[1] + 2):
            return
        c.sendall(bytes([cfg["version"], cfg["method"]]))
        buf = c.recv(272)
        if cfg["method"] == 2:
            if len(buf) < 5 or buf[0] != 1:
                return
            ul = buf[1]
            user, pw = buf[2:2 + ul], buf[3 + ul:3 + ul + buf[2 + ul]]
            ok = user == cfg["user"] and pw == cfg["password"]
            c.sendall(bytes([1, 0 if ok else 1]))
            if not ok:
                return
            buf = c.recv(272)
        if (len(buf) < 6 or buf[0] != cfg["version"] or buf[1] != 1 or
                buf[2] or buf[3] not in (1, 3, 4)):
            return
        alen = {1: 4, 3: buf[4] + 1, 4: 16}[buf[3]]
        if len(buf) < 4 + alen + 2:
            return
        addr = buf[4:4 + alen]
        if buf[3] == 1:
            shown = ".".join(str(x) for x in addr)
        elif buf[3] == 3:
            shown = addr[1:].decode("latin-1")
        else:
            shown = " ".join("%02x" for x in addr) % tuple(addr)
        self.store(("atyp %d => %s\n" % (buf[3], shown)).encode("latin-1"))
        port = cfg["backendport"] or (buf[4 + alen] << 8 | buf[5 + alen])
        s = dial(port) if not cfg["response"] else None
        rep = cfg["response"] if s else 1
        c.sendall(bytes([cfg["version"], rep, 0, buf[3]]) + addr +
                  buf[4 + alen:6 + alen])
        if s and not rep:
            relay(self, c, s)
        elif s:
            s.close()


# ---------------------------------------------------------------------
# judging, with perl for the expressions the test files hold

PERL_EVAL = r'''
binmode STDOUT; my ($mode, $ef, $df) = @ARGV;
open(E, "<", $ef) or die; my @e = <E>; close E;
open(D, "<", $df) or die; binmode D; my @d = <D>; close D;
for my $x (@e) {
  chomp $x;
  if ($mode eq "strip") { @d = grep { $_ !~ /$x/ } @d; next; }
  my @n;
  for (@d) { eval $x; push @n, $_ if ($mode eq "part" || $_); }
  @d = @n;
}
print @d;
'''


def perl_apply(mode, exprs, lines, tmp):
    """lines after each of exprs: strip (drop lines matching), part
    (eval on each line, keep all) or file (eval, drop emptied lines)"""
    if not exprs:
        return lines
    ef = os.path.join(tmp, "perl-e")
    df = os.path.join(tmp, "perl-d")
    with open(ef, "wb") as f:
        f.write(b"".join(x if x.endswith(b"\n") else x + b"\n"
                         for x in exprs))
    with open(df, "wb") as f:
        f.write(b"".join(lines))
    out = subprocess.run(["perl", "-e", PERL_EVAL, mode, ef, df],
                         stdout=subprocess.PIPE, check=False).stdout
    return splitlines(out)


def load(path):
    try:
        with open(path, "rb") as f:
            return splitlines(f.read())
    except OSError:
        return None


def first_diff(exp, got):
    """the first line where two byte strings differ, as (exp, got)"""
    e = splitlines(exp)
    g = splitlines(got)
    for i in range(max(len(e), len(g))):
        a = e[i] if i < len(e) else None
        b = g[i] if i < len(g) else None
        if a != b:
            return a, b
    return None, None


def head_name(ln):
    if ln is None:
        return None
    s = ln.decode("latin-1").rstrip("\r\n")
    m = re.match(r"([A-Za-z0-9-]+):", s)
    if m:
        return m.group(1) + ":"
    m = re.match(r"([A-Z]+) ", s)
    if m:
        return "request line " + m.group(1)
    return s[:20] if s else "(blank line)"


def show(ln):
    if ln is None:
        return "(none)"
    s = ln.decode("latin-1").rstrip("\r\n")
    return repr(s[:70])


# ---------------------------------------------------------------------


class Runner:
    def __init__(self, args):
        self.args = args
        self.src = os.path.abspath(args.curlsrc)
        self.tests = os.path.join(self.src, "tests")
        self.data = os.path.join(self.tests, "data")
        if not os.path.isdir(self.data):
            die("%s: no tests/data here" % self.src)
        self.curl = args.curl
        self.sockt = os.path.abspath(args.sockt)
        self.features = self.curl_features()
        self.disabled = self.read_disabled()
        self.locales = set(
            x.lower().replace("-", "") for x in subprocess.run(
                ["locale", "-a"], stdout=subprocess.PIPE,
                check=False).stdout.decode().split())
        self.tmp = tempfile.mkdtemp(prefix="curldata.")
        self.locpath = None
        # a port held bound and never listening: %NOLISTENPORT
        self.nolisten = socket.socket()
        self.nolisten.bind(("127.0.0.1", 0))

    def curl_features(self):
        out = subprocess.run([self.curl, "-V"], stdout=subprocess.PIPE,
                             check=True).stdout.decode()
        feats = set(CONST_FEATURES)
        for ln in out.splitlines():
            if ln.startswith("Features:"):
                for w in ln.split()[1:]:
                    if w in VFEATURES:
                        feats.add(VFEATURES[w])
            elif ln.startswith("Protocols:"):
                feats.update(ln.split()[1:])
            elif ln.startswith("curl "):
                if "OpenSSL" in ln:
                    feats.update(["OpenSSL", "SSLpinning"])
                if "libssh2" in ln:
                    feats.add("libssh2")
                m = re.match(r"curl (\S+)", ln)
                global VERSION
                VERSION = m.group(1)
        if "SSL" in feats or "NTLM" in feats:
            feats.add("crypto")
        if subprocess.run([self.curl, "-M"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0:
            feats.add("manual")
        return feats

    def read_disabled(self):
        lines = load(os.path.join(self.data, "DISABLED")) or []
        nums = set()
        for ln in prepro(lines, [], self.features):
            m = re.match(rb"^(\d+)", ln)
            if m:
                nums.add(int(m.group(1)))
        return nums

    def locale_ok(self, name):
        """whether locale name is here: installed, or made by localedef
        into a directory of this run that LOCPATH names"""
        if name.lower().replace("-", "") in self.locales:
            return True
        m = re.match(r"([a-zA-Z_]+)\.([\w-]+)$", name)
        if not m:
            return False
        d = os.path.join(self.tmp, "locale")
        if not os.path.isdir(os.path.join(d, name)):
            os.makedirs(d, exist_ok=True)
            subprocess.run(["localedef", "-i", m.group(1), "-f",
                            m.group(2).upper(), os.path.join(d, name)],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        if not os.path.isdir(os.path.join(d, name)):
            return False
        self.locpath = d
        return True

    def variables(self, num, ports, pwd):
        return [("HTTP6PORT", str(ports.get("http-ipv6", ""))),
                ("HTTPSPORT", ""),
                ("HTTPSPROXYPORT", ""), ("HTTP2PORT", ""),
                ("HTTP2TLSPORT", ""), ("HTTP3PORT", ""),
                ("HTTPTLSPORT", ""), ("HTTPTLS6PORT", ""),
                ("HTTPPORT", str(ports.get("http", ""))),
                ("PROXYPORT", str(ports.get("http-proxy", ""))),
                ("SOCKSPORT", str(ports.get("socks", ""))),
                ("FTPPORT", ""), ("NOLISTENPORT",
                                  str(self.nolisten.getsockname()[1])),
                ("CLIENT6IP", "[::1]"), ("CLIENTIP", "127.0.0.1"),
                ("HOST6IP", "[::1]"), ("HOSTIP", "127.0.0.1"),
                ("CURL", self.curl), ("POSIX_PWD", pwd), ("PWD", pwd),
                ("VERSION", VERSION), ("TESTNUMBER", str(num)),
                ("FILE_PWD", pwd), ("SRCDIR", self.tests),
                ("USER", os.environ.get("USER", "root")),
                ("FTPTIME2", "10"), ("FTPTIME3", "15")]

    # -- selection ----------------------------------------------------

    def select_case(self, num):
        """None when the case is held to, else why not"""
        if num in self.disabled:
            return "listed in DISABLED"
        raw = load(os.path.join(self.data, "test%d" % num))
        if raw is None:
            return "no file"
        lines = prepro(raw, self.variables(num, {"http": 1}, "/"),
                       self.features)
        srv = [x.strip() for x in getpart(lines, "client", "server")
               if x.strip()]
        if not srv or (srv != [b"none"] and not set(srv) <= SERVERS):
            return "servers " + b" ".join(srv).decode()
        keys = [x.strip() for x in getpart(lines, "info", "keywords")]
        if not keys:
            return "no keywords"
        # a server that offers NTLM beside Basic or Digest to --anyauth
        # or --proxy-anyauth is held to (sockt claims those: it answers
        # another scheme); the rest of NTLM and Negotiate is not
        anyauth = re.search(rb"--(proxy-)?anyauth\b", b"".join(
            getpart(lines, "client", "command")))
        # ... and offered beside another scheme somewhere in the reply
        # (1021's proxy offers NTLM alone: nothing sockt claims answers)
        if anyauth and not re.search(
                rb"Authenticate: *(Basic|Digest)\b",
                b"".join(ln for part in re.findall(
                    r"<((?:data|connect)\d*)>", "".join(
                        x.decode("latin-1") for x in lines))
                    for ln in getpart(lines, "reply", part))):
            anyauth = None
        for k in keys:
            if (k in (b"NTLM", b"Negotiate", b"GSS-API", b"SPNEGO") and
                    not (k == b"NTLM" and anyauth)):
                return "keyword %s (no NTLM or Negotiate, on purpose)" % (
                    k.decode())
        for f in getpart(lines, "client", "features"):
            f = re.sub(r"\s", "", f.decode())
            if not f:
                continue
            if f == "debug" and self.debug_emulated(lines):
                continue
            if f.startswith("!") == (f.lstrip("!") in self.features):
                return "feature " + f
        if getpart(lines, "client", "tool"):
            return "has <tool>"
        for part in ("precheck", "postcheck"):
            cmd = b"".join(getpart(lines, "client", part)).strip()
            if cmd and not cmd.startswith(b"perl "):
                return "<%s> not perl" % part
            if cmd and b"%SRCDIR" in cmd:
                if not os.path.exists(os.path.join(self.tests, "libtest")):
                    return "<%s> needs tests/libtest" % part
            if cmd and part == "precheck":
                out = self.check_cmd(cmd, self.tmp,
                                     self.environ(lines, self.tmp))
                if out is not None:
                    return "precheck: " + out
        for part in ("upload",):
            if getpart(lines, "verify", part):
                return "verifies <%s>" % part
        for x in getpart(lines, "client", "setenv"):
            if b"LD_PRELOAD" in x:
                return "LD_PRELOAD"
            m = re.match(rb"LC_[A-Z]+=(.+)", x.strip())
            if m and not self.locale_ok(m.group(1).decode()):
                return "locale %s not to be had here" % m.group(1).decode()
        attr = getattr_(lines, "client", "command")
        if attr.get("type", "default") != "default":
            return "command type " + attr["type"]
        cmd = b"".join(getpart(lines, "client", "command"))
        cmd = os.fsdecode(cmd.replace(b"\n", b""))
        try:
            argv = shlex.split(cmd)
        except ValueError:
            return "command does not split"
        if not argv:
            return "no command line"
        why = self.refused_argv(argv)
        if why:
            return why
        # the options of config files (-K, .curlrc) count as well
        for av in self.config_argv(lines):
            why = self.refused_argv(av)
            if why:
                return why + " (in a config file)"
        return None

    def debug_emulated(self, lines):
        """whether what a debug build does for this case is done here:
        it sets only variables of DEBUG_EMULATED, and CURL_TESTDIR only
        where the command has no -o of its own (no-output) and does not
        print %{filename_effective} (the debug build's has the directory
        in it, --output-dir's has not for -J)"""
        names = set()
        for x in getpart(lines, "client", "setenv"):
            m = re.match(rb"\s*([A-Z_]+)=", x)
            if m:
                names.add(m.group(1).decode())
        opt = getattr_(lines, "client", "command").get("option", "")
        cmd = b"".join(getpart(lines, "client", "command"))
        return (names and names <= DEBUG_EMULATED and
                ("CURL_TESTDIR" not in names or
                 ("no-output" in opt and b"filename_effective" not in cmd)))

    def config_argv(self, lines):
        """the options of the config files a case writes: its <stdin>
        and <file> parts, and what a <precheck> prints into one
        ('name=value')"""
        for part in ("stdin", "file", "file1", "file2", "file3", "file4"):
            for ln in getpart(lines, "client", part):
                m = re.match(rb"\s*(-{0,2})([A-Za-z0-9][\w.-]*)\s*[=: ]?"
                             rb"\s*(\S*)", ln)
                if not m or ln.lstrip().startswith(b"#"):
                    continue
                dash, name, val = (os.fsdecode(x) for x in m.groups())
                if not dash:
                    dash = "--" if len(name) > 1 else "-"
                yield [dash + name, val.strip('"')]
        pre = b"".join(getpart(lines, "client", "precheck"))
        for name, val in re.findall(rb"([a-z][\w.-]*)=([^\s\\\"']*)", pre):
            yield ["--" + os.fsdecode(name), os.fsdecode(val)]

    def refused_argv(self, argv):
        for i, a in enumerate(argv):
            name = a.split("=", 1)[0] if a.startswith("--") else a
            if name == "--request":
                name = "-X"
            if name in REFUSED_OPTS:
                return "option " + name
            if name in SELF_OPTS:
                return "option %s (curl's words about itself)" % name
            if name == "--alt-svc" and (argv[i + 1:i + 2] or ["x"])[0]:
                return "option --alt-svc with a file"
            if (a.startswith("-") and not a.startswith("--") and
                    len(a) > 2 and i > 0):
                # bundled short options: -sd, -fT
                for ch in a[1:]:
                    if "-" + ch in REFUSED_OPTS:
                        return "option -" + ch
                    if not ch.isalpha():
                        break
            if name == "-X":
                val = argv[i + 1] if i + 1 < len(argv) else ""
                if val != "GET":
                    return "method " + val
            if a.startswith("-X") and len(a) > 2 and a[2:] != "GET":
                return "method " + a[2:]
            for m in SCHEME_RE.finditer(a):
                sch = m.group(1).lower()
                # a scheme that is no protocol of curl's is in: a
                # client's refusal of it is held to
                if (sch not in ("http", "socks4", "socks4a", "socks5",
                                "socks5h") and sch in self.features):
                    return "scheme " + sch
        return None

    def environ(self, lines, work):
        """runtests.pl's environment for a case, its <setenv> applied"""
        env = dict(os.environ)
        for k in list(env):
            if k.lower() in ("http_proxy", "https_proxy", "all_proxy",
                             "no_proxy", "ftp_proxy") or \
                    k in ("SSL_CERT_DIR", "SSL_CERT_PATH",
                          "CURL_CA_BUNDLE", "SOCKT_TLS_LIB"):
                del env[k]
        env.update(HOME=work, CURL_HOME=work, XDG_CONFIG_HOME=work,
                   COLUMNS="79")
        if self.locpath:
            env["LOCPATH"] = self.locpath
        for s in getpart(lines, "client", "setenv"):
            m = re.match(rb"([^=]*)=(.*)", s.rstrip(b"\n"))
            if m:
                k, v = os.fsdecode(m.group(1)), os.fsdecode(m.group(2))
                if v:
                    env[k] = v
                else:
                    env.pop(k, None)
        return env

    def check_cmd(self, cmd, cwd, env):
        """run a <precheck> or <postcheck> command; None when it said
        nothing and exited 0, else what it said"""
        os.makedirs(os.path.join(cwd, "log"), exist_ok=True)
        p = subprocess.run(["/bin/sh", "-c", os.fsdecode(cmd)], env=env,
                           cwd=cwd, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, check=False)
        if p.stdout:
            return p.stdout.decode("latin-1").split("\n")[0]
        if p.returncode:
            return "exit %d" % p.returncode
        return None

    # -- one run --------------------------------------------------------

    def run_one(self, num, which):
        """run case num with which ('curl' or 'sockt'); its judgement"""
        raw = load(os.path.join(self.data, "test%d" % num))
        work = tempfile.mkdtemp(prefix="%d-%s." % (num, which), dir=self.tmp)
        os.mkdir(os.path.join(work, "log"))
        names = prepro(raw, [], self.features)
        names = [x.strip().decode() for x in
                 getpart(names, "client", "server") if x.strip()]
        # sws on 127.0.0.1 always (%HTTPPORT is a port of a server in
        # runtests.pl's run too), on ::1 and as a proxy where asked
        srvs = {"http": Server(self.data, num)}
        if "http-ipv6" in names:
            srvs["http-ipv6"] = Server(self.data, num, "::1")
        if "http-proxy" in names:
            srvs["http-proxy"] = Server(self.data, num, proxy=True)
        if "socks4" in names or "socks5" in names:
            srvs["socks"] = Socksd(self.data, num)
        ports = {k: v.port for k, v in srvs.items()}
        lines = prepro(raw, self.variables(num, ports, work), self.features)
        for x in srvs.values():
            x.lines = lines
            x.start()
        env = self.environ(lines, work)
        self.make_files(lines, work)
        pre = b"".join(getpart(lines, "client", "precheck")).strip()
        if pre:
            self.check_cmd(pre, work, env)
        cmd = b"".join(getpart(lines, "client", "command"))
        cmd = os.fsdecode(cmd.replace(b"\n", b""))
        attr = getattr_(lines, "client", "command")
        opt = attr.get("option", "")
        validstdout = getpart(lines, "verify", "stdout")
        curlout = "log/curl%d.out" % num
        args = ""
        if "CURL_TESTDIR" in env and "debug" not in self.features:
            # a debug build's -O and -J files in that directory
            args += " --output-dir %s " % shlex.quote(env["CURL_TESTDIR"])
        if "no-output" not in opt and (not validstdout or
                                       "force-output" in opt):
            args += " --output %s " % curlout
        if "no-include" not in opt:
            args += " --include"
        args += " " + cmd
        stdin = getpart(lines, "client", "stdin")
        if stdin:
            if getattr_(lines, "client", "stdin").get("nonewline"):
                chomp(stdin)
            with open(os.path.join(work, "log", "stdin-for-%d" % num),
                      "wb") as f:
                f.write(b"".join(stdin))
            args += " <log/stdin-for-%d" % num
        prog = (shlex.quote(self.curl) if which == "curl" else
                shlex.quote(self.sockt) + " http-get")
        line = "%s %s >log/stdout%d 2>log/stderr%d" % (prog, args, num, num)
        t0 = time.time()
        p = subprocess.Popen(["/bin/sh", "-c", line], cwd=work, env=env,
                             start_new_session=True,
                             stdin=subprocess.DEVNULL)
        try:
            rc = p.wait(timeout=self.args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            rc = "timeout"
        if isinstance(rc, int) and rc < 0:
            rc = 1000
        for k in ("socks", "http-proxy", "http-ipv6", "http"):
            if k in srvs:
                srvs[k].shutdown(5)
        logs = {"server": bytes(srvs["http"].log) + bytes(
            srvs["http-ipv6"].log if "http-ipv6" in srvs else b""),
                "proxy": bytes(srvs["http-proxy"].log if "http-proxy" in
                               srvs else b""),
                "socksd-request": bytes(srvs["socks"].log if "socks" in
                                        srvs else b"")}
        for k, v in logs.items():       # as sws.c leaves them, for --keep
            name = k + (".log" if k.startswith("socks") else ".input")
            with open(os.path.join(work, "log", name), "wb") as f:
                f.write(v)
        res = self.judge(num, lines, work, logs, rc, which, curlout)
        post = b"".join(getpart(lines, "client", "postcheck")).strip()
        if post and self.check_cmd(post, work, env) is not None:
            res["fails"]["postcheck"] = (b"", b"")
        res["secs"] = time.time() - t0
        res["work"] = work
        res["cmd"] = args.strip()
        if not self.args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return res

    def make_files(self, lines, work):
        for suf in ("", "1", "2", "3", "4"):
            content = getpart(lines, "client", "file" + suf)
            attr = getattr_(lines, "client", "file" + suf)
            name = attr.get("name")
            if not content and not name:
                continue
            if attr.get("nonewline"):
                chomp(content)
            path = os.path.join(work, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(b"".join(content))

    def judge(self, num, lines, work, logs, rc, which, curlout):
        """each check's verdict: a dict of the ones that failed"""
        fails = {}
        tmp = work
        log = os.path.join(work, "log")
        # stdout
        valid = getpart(lines, "verify", "stdout")
        if valid:
            got = load(os.path.join(log, "stdout%d" % num)) or []
            if which == "sockt":
                got = [SOCKT_NAME.sub(b"curl: ", x) for x in got]
            got = perl_apply("file", getpart(lines, "verify", "stripfile"),
                             got, tmp)
            attr = getattr_(lines, "verify", "stdout")
            if attr.get("nonewline"):
                chomp(valid)
            if attr.get("crlf"):
                nl = Newlines()
                valid = [nl.fix(x) for x in valid]
            if b"".join(got) != b"".join(valid):
                fails["stdout"] = (b"".join(valid), b"".join(got))
        # the request, and what the proxy received (runtests.pl's
        # <protocol> and <proxy>: its crlf is not forced)
        for part, key, src in (("protocol", "request", "server"),
                               ("proxy", "proxy", "proxy")):
            proto = getpart(lines, "verify", part)
            if not proto:
                continue
            got = splitlines(logs[src])
            if which == "sockt":
                got = [re.sub(rb"^User-Agent: sockt/[^\r\n]*",
                              b"User-Agent: curl/" + VERSION.encode(), x)
                       for x in got]
            attr = getattr_(lines, "verify", part)
            if attr.get("nonewline"):
                chomp(proto)
            strip = getpart(lines, "verify", "strip")
            got = perl_apply("strip", strip, got, tmp)
            proto = perl_apply("strip", strip, proto, tmp)
            got = perl_apply("part", getpart(lines, "verify", "strippart"),
                             got, tmp)
            if attr.get("crlf"):
                nl = Newlines()
                proto = [nl.fix(x, part == "protocol") for x in proto]
            if b"".join(got) != b"".join(proto):
                fails[key] = (b"".join(proto), b"".join(got))
        # what socksd logged of the SOCKS5 requests, as it is
        want = getpart(lines, "verify", "socks")
        if want and b"".join(want) != logs["socksd-request"]:
            fails["socks"] = (b"".join(want), logs["socksd-request"])
        # the output file against the reply
        rattr = getattr_(lines, "reply", "data")
        reply = []
        if partexists(lines, "reply", "datacheck"):
            for suf in ("", "1", "2", "3", "4"):
                part = getpart(lines, "reply", "datacheck" + suf)
                if not part:
                    continue
                a = getattr_(lines, "reply", "datacheck" + suf)
                if a.get("nonewline"):
                    chomp(part)
                if a.get("crlf"):
                    nl = Newlines()
                    part = [nl.fix(x) for x in part]
                reply += part
        else:
            reply = getpart(lines, "reply", "data")
            if reply and rattr.get("nonewline"):
                chomp(reply)
            if rattr.get("crlf"):
                nl = Newlines()
                reply = [nl.fix(x) for x in reply]
        if not rattr.get("nocheck") and (reply or rattr.get("sendzero")):
            got = load(os.path.join(work, curlout))
            if b"".join(got or []) != b"".join(reply):
                # sockt's atomic -o: what came of a failure is kept aside
                # (FILE.sockt-part) or, a head alone, not at all
                part = load(os.path.join(work, curlout + ".sockt-part"))
                note = ("part" if part is not None and
                        b"".join(part) == b"".join(reply) else
                        "absent" if got is None and rc != 0 else None)
                fails["output"] = (b"".join(reply), b"".join(got or []),
                                   note)
        # files
        for suf in ("", "1", "2", "3", "4"):
            if not partexists(lines, "verify", "file" + suf):
                continue
            want = getpart(lines, "verify", "file" + suf)
            a = getattr_(lines, "verify", "file" + suf)
            name = a.get("name", "")
            if re.match(r"log/stderr\d+$", name):
                continue               # curl's words: not compared
            got = load(os.path.join(work, name)) or []
            if which == "sockt":
                got = [SOCKT_NAME.sub(b"curl: ", x) for x in got]
            if a.get("crlf"):
                nl = Newlines()
                want = [nl.fix(x) for x in want]
            got = perl_apply("file", getpart(lines, "verify",
                                             "stripfile" + suf), got, tmp)
            if b"".join(got) != b"".join(want):
                fails["file " + os.path.basename(name)] = (b"".join(want),
                                                           b"".join(got))
        # the exit code
        err = b"".join(getpart(lines, "verify", "errorcode")).strip()
        codes = [int(x) for x in re.split(rb" *, *", err) if x] or [0]
        if rc not in codes:
            fails["exit"] = (codes[0], rc)
        stderr = load(os.path.join(log, "stderr%d" % num)) or []
        return {"num": num, "fails": fails, "rc": rc,
                "stderr": b"".join(stderr)[:300]}

    # -- the whole run --------------------------------------------------

    def cases(self):
        nums = sorted(int(f[4:]) for f in os.listdir(self.data)
                      if re.match(r"test\d+$", f))
        if self.args.only:
            want = set()
            for part in self.args.only.split(","):
                a, _, b = part.partition("-")
                want.update(range(int(a), int(b or a) + 1))
            nums = [n for n in nums if n in want]
        return nums

    def main(self):
        why = {}
        sel = []
        for n in self.cases():
            w = self.select_case(n)
            if w is None:
                sel.append(n)
            else:
                why[w] = why.get(w, 0) + 1
        print("selected: %d cases of %d (GET over HTTP/1.1 to curl's "
              "http server)" % (len(sel), len(sel) + sum(why.values())))
        if self.args.list:
            print(" ".join(str(n) for n in sel))
            for w, c in sorted(why.items(), key=lambda x: -x[1]):
                print("  left out %4d: %s" % (c, w))
            return 0
        results = {}

        def one(n):
            c = self.run_one(n, "curl")
            s = self.run_one(n, "sockt") if not self.args.curl_only else None
            return n, c, s

        with ThreadPoolExecutor(self.args.jobs) as ex:
            for n, c, s in ex.map(one, sel):
                results[n] = (c, s)
                if self.args.verbose:
                    self.say_case(n, c, s)
        self.report(results)
        return 0

    def say_case(self, n, c, s):
        v = "curl %s" % ("ok" if not c["fails"] else
                         "FAIL " + ",".join(c["fails"]))
        if s is not None:
            v += "  sockt %s" % ("ok" if not s["fails"] else
                                 "FAIL " + ",".join(s["fails"]))
        print("test%-5d %s" % (n, v), flush=True)
        if self.args.verbose > 1:
            for who, r in (("curl", c), ("sockt", s)):
                if r is None:
                    continue
                for k, (a, b, *_) in r["fails"].items():
                    if k == "exit":
                        print("   %s exit: want %s got %s" % (who, a, b))
                    else:
                        e, g = first_diff(a, b)
                        print("   %s %s: want %s got %s" % (who, k, show(e),
                                                            show(g)))
                if r["fails"]:
                    print("   %s stderr: %r" % (who, r["stderr"][:200]))
                    print("   cmd: %s" % r["cmd"])

    def kept(self, s):
        """which difference kept on purpose (README's curl table) all of
        sockt's failures in this case are, or None"""
        f = s["fails"]
        # where curl breaks an RFC: the case, and what sockt says instead
        why = RFC_KEPT.get(s["num"])
        if why and why[0].encode() in s["stderr"]:
            return why[1]
        why = COOKIE_PATH_KEPT.get(s["num"])
        if (why and set(f) == {"request"} and f["request"][1].replace(
                why[0], b"", 1) == f["request"][0]):
            return why[1]
        if f and all(k.startswith("file ") for k in f):
            # the cookie jar's third line names its writer, not libcurl;
            # and its paths are RFC 6265's where curl's are not
            paths = False
            for want, got in f.values():
                w, g = splitlines(want), splitlines(got)
                if (len(w) < 3 or len(g) < 3 or w[:2] != g[:2] or
                        not g[2].startswith(b"# This file was written by "
                                            b"sockt")):
                    break
                if w[3:] != g[3:]:
                    if jar_paths(w[3:]) != jar_paths(g[3:]):
                        break
                    paths = True
            else:
                return ("cookie paths by RFC 6265" if paths else
                        "the cookie jar's third line names sockt")
        if set(f) == {"output"} and f["output"][2] is not None:
            return "an atomic -o: a failed transfer leaves no FILE"
        # --anyauth, --proxy-anyauth offered NTLM beside Basic or Digest:
        # the first line that differs is curl's NTLM answer, where sockt
        # answers the other scheme (what follows differs from there on)
        for k in ("proxy", "request"):
            if k in f and set(f) <= {"request", "proxy", "output",
                                     "stdout", "exit"}:
                e, g = first_diff(*f[k][:2])
                m = e and re.match(rb"((Proxy-)?Authorization:) NTLM ", e)
                if m and g and re.match(re.escape(m.group(1)) +
                                        rb" (Basic|Digest) ", g):
                    return "no NTLM: another scheme answers the offer"
                break
        if b"not used: group or others may read it" in s["stderr"]:
            return "a netrc others can read is not used"
        # --retry keeps the last try's output alone: what sockt wrote is
        # the end of curl's, which wrote each try's
        if (f and set(f) <= {"stdout", "output"} and "--retry" in
                s.get("cmd", "") and all(
                    f[k][1] and len(f[k][1]) < len(f[k][0]) and
                    f[k][0].endswith(f[k][1]) for k in f)):
            return "--retry keeps the last try's output alone"
        # a 304, or a -z curl answers as one: FILE as it was, exit 0
        # (curl writes -i's head into it)
        if (set(f) == {"output"} and not f["output"][1] and s["rc"] == 0
                and re.search(r"(^| )(-z|--time-cond|--etag-compare) ",
                              s.get("cmd", ""))):
            return "a 304 (or -z's) leaves FILE as it was"
        return None

    def cause(self, c, s):
        """the group of sockt's failure: the first check that failed, in
        the order request, exit code (with sockt's message), stdout, output,
        files; a difference kept on purpose, a command line sockt refused
        or a timeout first of all"""
        f = s["fails"]
        why = self.kept(s)
        if why:
            return "kept on purpose: " + why, ""
        if s["rc"] == "timeout":
            return "timeout", ""
        if s["rc"] == 2 and "exit" in f:
            first = s["stderr"].decode("latin-1").split("\n")[0]
            key = re.sub(r"'[^']*'|\"[^\"]*\"", "X", first)
            key = re.sub(r"\d+", "N", key)[:60]
            return "refused: " + key, first[:100]
        for k in ("proxy", "request"):
            if k not in f:
                continue
            e, g = first_diff(*f[k][:2])
            en, gn = head_name(e), head_name(g)
            if not f[k][1]:
                key = "%s: nothing received" % k
            elif en == gn:
                key = "%s: %s differs" % (k, en)
            elif e is None:
                key = "%s: extra %s" % (k, gn)
            elif g is None:
                key = "%s: missing %s" % (k, en)
            else:
                key = "%s: %s where curl sends %s" % (k, gn, en)
            return key, "curl %s / sockt %s" % (show(e), show(g))
        if "socks" in f:
            e, g = first_diff(*f["socks"][:2])
            return "socks: the address asked for differs", \
                "curl %s / sockt %s" % (show(e), show(g))
        if "exit" in f:
            msg = s["stderr"].decode("latin-1").split("\n")[0]
            key = re.sub(r"^sockt http-get: ", "", msg)
            key = re.sub(r"https?://\S+|log/\S+|\d+", "N", key)[:50]
            return "exit %s, sockt %s: %s" % (f["exit"] + (key,)), msg[:100]
        for k in ("stdout", "output"):
            if k in f:
                e, g = first_diff(*f[k][:2])
                if not f[k][1]:
                    msg = s["stderr"].decode("latin-1").split("\n")[0]
                    key = re.sub(r"^sockt http-get: ", "", msg)
                    key = re.sub(r"https?://\S+|\d+", "N", key)[:50]
                    return "%s: sockt wrote none: %s" % (k, key), \
                        "want %s; %s" % (show(e), msg[:80])
                return "%s differs: %s" % (k, head_name(e)), \
                    "want %s got %s" % (show(e), show(g))
        for k in f:
            if k.startswith("file "):
                e, g = first_diff(*f[k][:2])
                return "a file differs", "%s: want %s got %s" % (
                    k[5:], show(e), show(g))
        if "postcheck" in f:
            return "postcheck failed", ""
        return "?", ""

    def report(self, results):
        n = len(results)
        cok = [k for k, (c, s) in results.items() if not c["fails"]]
        print("cases: %d" % n)
        print("curl passes: %d" % len(cok))
        bad = [k for k in sorted(results) if results[k][0]["fails"]]
        if bad:
            print("RUNNER DEFECTS (curl fails these; to fix in run.py):")
            for k in bad:
                c = results[k][0]
                print("  test%d: %s rc=%s" % (k, ",".join(c["fails"]),
                                             c["rc"]))
        if self.args.curl_only:
            return
        sok = [k for k, (c, s) in results.items() if not s["fails"]]
        forgiven = [k for k, (c, s) in results.items()
                    if not set(s["fails"]) - {"request", "proxy"}]
        print("sockt passes: %d (byte for byte)" % len(sok))
        kept = [k for k, (c, s) in results.items()
                if s["fails"] and self.kept(s)]
        print("sockt differs only where the README says it does on "
              "purpose: %d more" % len(kept))
        print("sockt passes once its request differences are forgiven: "
              "%d" % len(forgiven))
        groups = {}
        for k in sorted(results):
            c, s = results[k]
            if not s["fails"]:
                continue
            key, sample = self.cause(c, s)
            groups.setdefault(key, []).append((k, sample))
        print("sockt's failures by cause (first failing check):")
        for key, items in sorted(groups.items(), key=lambda x: (-len(x[1]),
                                                                x[0])):
            nums = " ".join(str(k) for k, _ in items[:12])
            more = " ..." if len(items) > 12 else ""
            print("%4d  %s" % (len(items), key))
            print("        e.g. test%d: %s" % (items[0][0], items[0][1]))
            print("        tests: %s%s" % (nums, more))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("curlsrc", help="curl's sources at curl-7_88_1")
    ap.add_argument("-j", "--jobs", type=int, default=4)
    ap.add_argument("-t", "--timeout", type=float, default=60,
                    help="seconds a run may take (the watchdog)")
    ap.add_argument("--sockt", default=os.path.join(HERE, "..", "..",
                                                    "sockt"))
    ap.add_argument("--curl", default="/usr/bin/curl")
    ap.add_argument("--list", action="store_true",
                    help="the selection and why the rest is left out")
    ap.add_argument("--only", help="test numbers: 1,5,10-20")
    ap.add_argument("--curl-only", action="store_true",
                    help="run curl alone (the runner's own check)")
    ap.add_argument("--keep", action="store_true",
                    help="keep each run's directory")
    ap.add_argument("-v", "--verbose", action="count", default=0)
    args = ap.parse_args()
    r = Runner(args)
    try:
        return r.main()
    finally:
        if args.keep:
            sys.stderr.write("run.py: the runs are kept in %s\n" % r.tmp)
        else:
            shutil.rmtree(r.tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
