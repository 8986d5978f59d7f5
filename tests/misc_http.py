#!/usr/bin/env python3
# misc_http.py LOG: a threaded HTTP/1.1 test server (kept connections)
# for the http-get tests of globbing, -J, --proto-redir and --netrc:
#   /cd/VALUE      Content-Disposition: VALUE (percent-decoded), body "cd"
#   /to/LOCATION   302 to LOCATION (percent-decoded)
#   anything else  200, the request target and its Authorization
#                  (or "-") as the body: "TARGET AUTH\n"
# Every request is appended to LOG as "TARGET AUTH".  Announces
# "listening on 127.0.0.1 port N" on stderr.
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
log = open(sys.argv[1], "a")


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        auth = self.headers.get("Authorization", "-")
        with lock:
            log.write("%s %s\n" % (self.path, auth))
            log.flush()
        hdrs = []
        if self.path.startswith("/cd/"):
            v = urllib.parse.unquote(self.path[4:])
            hdrs.append(("Content-Disposition", v))
            body = b"cd\n"
            code = 200
        elif self.path.startswith("/to/"):
            hdrs.append(("Location", urllib.parse.unquote(self.path[4:])))
            body = b"moved\n"
            code = 302
        else:
            body = ("%s %s\n" % (self.path, auth)).encode()
            code = 200
        self.send_response(code)
        for k, v in hdrs:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
srv.daemon_threads = True
sys.stderr.write("misc_http: listening on 127.0.0.1 port %d\n" %
                 srv.server_address[1])
sys.stderr.flush()
srv.serve_forever()
