#!/usr/bin/env python3
# mig_http.py LOG [CERT KEY]: the server t0034 runs curl and sockt
# http-get against, side by side, for each row of README.md's table of
# curl's options (with CERT and KEY: over TLS).  Threaded, HTTP/1.1,
# kept connections; its heads carry no Date or Server, so the same
# request gets the same bytes.  The paths:
#   /index      "the index", a Last-Modified of 2022-01-01, one byte
#               range (206) or If-Modified-Since (304) honoured, gzip
#               when Accept-Encoding offers it
#   /big        100000 bytes (a pattern), ranges honoured
#   /missing    404 with a body
#   /redir      302 to /index
#   /cookie     Set-Cookie: a=1; Path=/ and Set-Cookie: s=2 (a session
#               cookie), then the index
#   /cd         Content-Disposition: attachment; filename="cd.txt"
#   /download   the same with filename="report.txt" (README's -OJ)
#   /slow       the head, then the body after 3 s
#   /flaky      503 the first time for each User-Agent, then the index
#   /reset      forgets /flaky's clients and answers 204
# Each request but /reset is a line of LOG: "METHOD TARGET" and the
# fields that tell what the client sent (Range, If-Modified-Since,
# Referer, Cookie, Authorization, X-Test, a User-Agent that is neither
# curl's nor sockt's, a Host that is not 127.0.0.1's).  Announces
# "listening on 127.0.0.1 port N" on stderr.
import gzip
import ssl
import sys
import threading
import time
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LM = "Sat, 01 Jan 2022 00:00:00 GMT"
INDEX = b"the index\n"
BIG = bytes((i * 7 + i // 251) & 0xFF for i in range(100000))
lock = threading.Lock()
log = open(sys.argv[1], "a")
flaky = set()


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def version_string(self):
        return "mig"

    def send_response(self, code, message=None):
        # no Server, no Date: the same answer to the same request
        self.send_response_only(code, message)

    def note(self):
        fields = [self.command + " " + self.path]
        for k in ("Range", "If-Modified-Since", "Referer", "Cookie",
                  "Authorization", "X-Test"):
            if self.headers.get(k) is not None:
                fields.append("%s: %s" % (k, self.headers[k]))
        ua = self.headers.get("User-Agent", "")
        if not ua.startswith("curl/") and not ua.startswith("sockt/"):
            fields.append("User-Agent: " + ua)
        host = self.headers.get("Host", "")
        if not host.startswith("127.0.0.1:") and \
                not host.startswith("localhost:"):
            fields.append("Host: " + host)
        with lock:
            log.write(" | ".join(fields) + "\n")
            log.flush()

    def answer(self, code, body, hdrs=(), head_only=False):
        self.send_response(code)
        for k, v in hdrs:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only and self.command != "HEAD":
            self.wfile.write(body)

    def ranged(self, data, hdrs):
        r = self.headers.get("Range", "")
        if r.startswith("bytes=") and "," not in r:
            a, _, b = r[6:].partition("-")
            if a == "":
                lo, hi = len(data) - int(b), len(data) - 1
            else:
                lo = int(a)
                hi = int(b) if b else len(data) - 1
            if lo >= len(data):
                return self.answer(416, b"", hdrs + [
                    ("Content-Range", "bytes */%d" % len(data))])
            hi = min(hi, len(data) - 1)
            return self.answer(206, data[lo:hi + 1], hdrs + [
                ("Content-Range", "bytes %d-%d/%d" % (lo, hi, len(data)))])
        return self.answer(200, data, hdrs)

    def index(self):
        hdrs = [("Last-Modified", LM), ("Content-Type", "text/plain")]
        ims = self.headers.get("If-Modified-Since")
        if ims is not None:
            try:
                if parsedate_to_datetime(ims) >= parsedate_to_datetime(LM):
                    return self.answer(304, b"", hdrs)
            except (TypeError, ValueError):
                pass
        if "gzip" in self.headers.get("Accept-Encoding", "") and \
                self.headers.get("Range") is None:
            return self.answer(200, gzip.compress(INDEX, mtime=0), hdrs +
                               [("Content-Encoding", "gzip")])
        return self.ranged(INDEX, hdrs)

    def do_GET(self):
        p = self.path.split("?")[0]
        if p == "/reset":
            with lock:
                flaky.clear()
            return self.answer(204, b"")
        self.note()
        if p == "/index" or p == "/":
            return self.index()
        if p == "/big":
            return self.ranged(BIG, [("Last-Modified", LM)])
        if p == "/redir":
            return self.answer(302, b"", [("Location", "/index")])
        if p == "/cookie":
            return self.answer(200, INDEX, [
                ("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "s=2")])
        if p == "/cd" or p == "/download":
            name = "cd.txt" if p == "/cd" else "report.txt"
            return self.answer(200, b"cd\n", [
                ("Content-Disposition", 'attachment; filename="%s"' % name)])
        if p == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", str(len(INDEX)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(3)
            self.wfile.write(INDEX)
            return
        if p == "/flaky":
            ua = self.headers.get("User-Agent", "")
            with lock:
                first = ua not in flaky
                flaky.add(ua)
            if first:
                return self.answer(503, b"try again\n",
                                   [("Retry-After", "1")])
            return self.index()
        return self.answer(404, b"not here\n")

    do_HEAD = do_GET


srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
if len(sys.argv) > 3:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[2], sys.argv[3])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
sys.stderr.write("mig: listening on 127.0.0.1 port %d\n" %
                 srv.server_address[1])
sys.stderr.flush()
srv.serve_forever()
