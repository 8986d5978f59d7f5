#!/usr/bin/env python3
# cookie_http.py LOG [CERT KEY HTTPPORT]: an HTTP/1.1 server for the
# cookie tests (t2085).
# Each request appends "HOST PATH COOKIE" to LOG (HOST without its
# port, COOKIE the Cookie field as received, "-" for none) and gets the
# answer ROUTES names for its path: a status, a Location (a relative
# one, "//NAME/..." for another host on this port, or "http:/..." for
# the same host on HTTPPORT, plain) and Set-Cookie fields; any other
# path is a 200 "ok".  With CERT and KEY it speaks https.  Keep-alive,
# one thread a connection.  Binds 127.0.0.1 port 0 and announces
# "listening on 127.0.0.1 port N" on stderr.
import http.server
import ssl
import sys
import threading

F2037 = "Thu, 01 Jan 2037 00:00:00 GMT"
ROUTES = {
    # the chain: www.example.test, then sub.example.test, then 127.0.0.1
    "/start": (302, "/dir/page", [
        "hh=1",                                 # host-only, path /
        "dd=2; Domain=.example.test; Path=/dir",  # the domain's
        "xx=3; Domain=other.test",              # refused: not ours
        "ss=4; Secure",                         # refused: http, not loopback
        "ho=5; HttpOnly; Path=/dir",
        "ma=6; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:01 GMT",
        "gg=7; Max-Age=0",                      # deleted at once
        "ee=8; Expires=" + F2037,
        "dx=9; Domain=www.example.test.evil",   # refused
        "pp=10; Path=/dir/",                    # not for /dir itself
    ]),
    "/dir/page": (302, "//sub.example.test/next?q=/a/b", [
        "de=11",                                # default-path /dir
        "ee=12; Path=/; Expires=" + F2037,      # replaces ee=8
        "ma=; Max-Age=-1; Path=/",              # deleted
        "hd=13; Domain=example.test; Path=/",
    ]),
    "/next": (302, "//127.0.0.1/ip", [
        "nx=14; Domain=www.example.test",       # refused: a subdomain
        "sb=15",
    ]),
    "/ip": (302, "/ip2", [
        "ls=16; Secure; Path=/",                # loopback counts as secure
        "id=17; Domain=127.0.0.1",              # the IP itself: taken
        "ib=18; Domain=0.0.1",                  # refused
        "__Host-hx=19; Secure; Path=/",
        "__Secure-sx=20",                       # refused: no Secure
    ]),
    # https to a name that is not loopback's: Secure cookies set and
    # sent; then http to the same name: neither
    "/s/1": (302, "/s/2", [
        "sc=1; Secure; Path=/",
        "pc=2; Path=/",
        "__Secure-x=3; Secure; Path=/",
        "__Host-y=4; Secure; Path=/",
    ]),
    "/s/2": (302, "http:/s/3", []),
    "/s/3": (302, "/s/4", [
        "sh=5; Secure; Path=/",                 # refused: http
        "sc=6; Path=/",                         # refused: Secure's name
    ]),
    # -Z and --pipeline: two chains of their own paths
    "/za/1": (302, "/za/2", ["a1=1; Path=/za"]),
    "/za/2": (302, "/za/3", ["a2=2; Path=/za"]),
    "/zb/1": (302, "/zb/2", ["b1=1; Path=/zb"]),
    "/zb/2": (302, "/zb/3", ["b2=2; Path=/zb"]),
}
lock = threading.Lock()


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_GET(self):
        host = self.headers.get("Host", "-")
        name, _, port = host.rpartition(":")
        path = self.path.split("?")[0]
        with lock:
            with open(sys.argv[1], "a") as f:
                f.write("%s %s %s\n" % (name, path,
                                        self.headers.get("Cookie", "-")))
        status, loc, cookies = ROUTES.get(path, (200, None, []))
        body = b"ok\n"
        self.send_response(status)
        if loc is not None:
            if loc.startswith("//"):
                h, _, rest = loc[2:].partition("/")
                loc = "%s://%s:%s/%s" % (scheme, h, port, rest)
            elif loc.startswith("http:/"):
                loc = "http://%s:%s%s" % (name, sys.argv[4], loc[5:])
            self.send_header("Location", loc)
        for c in cookies:
            self.send_header("Set-Cookie", c)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
scheme = "http"
if len(sys.argv) > 3:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[2], sys.argv[3])
    s.socket = ctx.wrap_socket(s.socket, server_side=True)
    scheme = "https"
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.server_address[1])
sys.stderr.flush()
s.serve_forever()
