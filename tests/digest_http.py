#!/usr/bin/env python3
# digest_http.py LOG: an HTTP/1.1 server and HTTP proxy that asks for
# credentials, for the differential tests of http-get's --digest,
# --proxy-digest and --anyauth beside curl's (t2113).  It records the
# exact bytes of every request head as heads_http.py does ("== new" or
# "== kept" before each), and checks each answer to its challenges
# itself: the digest is computed here with hashlib, from the user
# "user" and the password "pass", independent of the client's code;
# only a right answer gets 200 "ok\n", anything else 401 (407) again,
# with "denied\n".  A line "== verified SCHEME" or "== refused WHY"
# follows each head that carried credentials.
#
# The query of the URL says what the origin asks (proxied requests are
# asked by the proxy only when the query or CONNECT's has proxy=1):
#   alg=MD5|MD5-sess|SHA-256|SHA-256-sess|SHA-512-256 (default: none
#   named, MD5), qop=auth|auth-int|auth,auth-int, opaque=1,
#   userhash=1, stale=1 (a right answer to the first nonce is told
#   stale=true with a new one), offer=digest,basic,ntlm,negotiate
#   (the challenges, in that order, one field each; default digest),
#   one=1 (all the offers in one field).  A path ending in /redir
# answers a right request with a 302 to "a" and the same query.
# CONNECT has no query: the proxy's options are read from the file
# LOG.proxy (the same form, e.g. "proxy=1&qop=auth"; close=1: the
# proxy closes the connection after each 407).  Proxied requests that
# name both=1 are asked by the proxy and by the origin.
# The nonces are fixed ("dcd98b7102dd2f0e8b11d0f600bfb0c093", then
# "5ccc069c403ebaf9f0171e9517f40e41"), so are the opaque and realm.
# Announces "listening on 127.0.0.1 port N" on stderr.
import base64
import hashlib
import socket
import sys
import threading
import urllib.parse

LOG = sys.argv[1]
lock = threading.Lock()
REALM = 'test "realm"@host'
NONCE1 = "dcd98b7102dd2f0e8b11d0f600bfb0c093"
NONCE2 = "5ccc069c403ebaf9f0171e9517f40e41"
OPAQUE = "5ccc069c403ebaf9f0171e9517f40e41"
USER, PASS = "user", "pass"
HASHES = {"MD5": "md5", "SHA-256": "sha256", "SHA-512-256": "sha512_256"}


def log(b):
    with lock:
        with open(LOG, "ab") as f:
            f.write(b)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def challenge(o, nonce, stale):
    p = ["realm=" + q(REALM), "nonce=" + q(nonce)]
    if "qop" in o:
        p.append("qop=" + q(o["qop"]))
    if "alg" in o:
        p.append("algorithm=" + o["alg"])
    if o.get("opaque") == "1":
        p.append("opaque=" + q(OPAQUE))
    if stale:
        p.append("stale=true")
    if o.get("userhash") == "1":
        p.append("userhash=true")
    return "Digest " + ", ".join(p)


def params(v):
    # auth-params of a Digest answer: name=token or name="quoted"
    out, i = {}, 0
    while i < len(v):
        while i < len(v) and v[i] in " ,":
            i += 1
        j = v.find("=", i)
        if j < 0:
            break
        name, i = v[i:j].strip().lower(), j + 1
        if i < len(v) and v[i] == '"':
            i += 1
            s = ""
            while i < len(v) and v[i] != '"':
                if v[i] == "\\":
                    i += 1
                s += v[i]
                i += 1
            i += 1
        else:
            j = v.find(",", i)
            j = len(v) if j < 0 else j
            s = v[i:j].strip()
            i = j
        out[name] = s
    return out


def h(alg, s):
    name = HASHES[alg.replace("-sess", "")]
    return hashlib.new(name, s.encode()).hexdigest()


def verify(o, method, target, v, nonce):
    """None when v answers the challenge right, else why not"""
    if v.startswith("Basic "):
        if "basic" not in o.get("offer", "digest"):
            return "Basic not offered"
        ok = base64.b64decode(v[6:]) == (USER + ":" + PASS).encode()
        return None if ok else "wrong Basic credentials"
    if not v.startswith("Digest "):
        return "no Digest"
    p = params(v[7:])
    alg = o.get("alg", "MD5")
    if p.get("algorithm", "MD5") != alg:
        return "algorithm " + p.get("algorithm", "")
    user = USER
    if o.get("userhash") == "1":
        user = h(alg, USER + ":" + REALM)
        if p.get("userhash") != "true":
            return "no userhash=true"
    if p.get("username") != user:
        return "username"
    if p.get("realm") != REALM or p.get("nonce") != nonce:
        return "realm or nonce"
    if p.get("uri") != target:
        return "uri %s, not %s" % (p.get("uri"), target)
    if o.get("opaque") == "1" and p.get("opaque") != OPAQUE:
        return "opaque"
    qop = p.get("qop")
    want = None
    if "qop" in o:
        want = "auth" if "auth" in o["qop"].split(",") else "auth-int"
    if qop != want:
        return "qop %s" % qop
    ha1 = h(alg, "%s:%s:%s" % (USER, REALM, PASS))
    if alg.endswith("-sess"):
        ha1 = h(alg, "%s:%s:%s" % (ha1, nonce, p.get("cnonce", "")))
    a2 = method + ":" + target
    if qop == "auth-int":
        a2 += ":" + h(alg, "")
    if qop:
        if len(p.get("nc", "")) != 8 or not p.get("cnonce"):
            return "nc or cnonce"
        r = h(alg, "%s:%s:%s:%s:%s:%s" % (ha1, nonce, p["nc"],
                                          p["cnonce"], qop, h(alg, a2)))
    else:
        r = h(alg, "%s:%s:%s" % (ha1, nonce, h(alg, a2)))
    return None if p.get("response") == r else "wrong response"


def ask(c, o, st, proxy, stale=False):
    offers = o.get("offer", "digest").split(",")
    name = "Proxy-Authenticate" if proxy else "WWW-Authenticate"
    ch = []
    for w in offers:
        if w == "digest":
            ch.append(challenge(o, st["nonce"], stale))
        elif w == "basic":
            ch.append("Basic realm=" + q(REALM))
        else:
            ch.append(w.upper() if w == "ntlm" else "Negotiate")
    if o.get("one") == "1":
        ch = [", ".join(ch)]
    if proxy and o.get("close") == "1":
        ch_close = "Connection: close\r\n"
    else:
        ch_close = ""
    fields = "".join("%s: %s\r\n" % (name, x) for x in ch)
    status = "407 Proxy Authentication Required" if proxy else \
        "401 Unauthorized"
    c.sendall(("HTTP/1.1 %s\r\n%s%sContent-Length: 7\r\n\r\ndenied\n" %
               (status, fields, ch_close)).encode())
    if ch_close:
        raise EOFError      # the proxy closes after its 407


def field(head, name):
    for line in head.split("\r\n")[1:]:
        if line.lower().startswith(name.lower() + ":"):
            return line.split(":", 1)[1].strip()
    return None


def check(c, o, st, head, method, target, proxy):
    """True when the request may go on (credentials right or none asked)"""
    v = field(head, "Proxy-Authorization" if proxy else "Authorization")
    if v is None:
        ask(c, o, st, proxy)
        return False
    why = verify(o, method, target, v, st["nonce"])
    log(("== refused %s\n" % why if why else
         "== verified %s\n" % v.split(" ")[0]).encode())
    if why:
        ask(c, o, st, proxy)
        return False
    if o.get("stale") == "1" and st["nonce"] == NONCE1 and \
            v.startswith("Digest"):
        st["nonce"] = NONCE2
        ask(c, o, st, proxy, stale=True)
        return False
    return True


def serve(c):
    buf, first = b"", True
    st = {"nonce": NONCE1}      # the origin's, per connection
    pst = {"nonce": NONCE1}     # the proxy's
    tunnel = False
    c.settimeout(60)
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                d = c.recv(65536)
                if not d:
                    return
                buf += d
            raw, buf = buf.split(b"\r\n\r\n", 1)
            raw += b"\r\n\r\n"
            log((b"== new\n" if first else b"== kept\n") + raw)
            first = False
            head = raw.decode("latin-1")
            method, target = head.split(" ")[:2]
            if method == "CONNECT":
                po = dict(urllib.parse.parse_qsl(
                    open(LOG + ".proxy").read().strip()))
                if not check(c, po, pst, head, method, target, True):
                    continue
                c.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                tunnel = True
                continue
            u = urllib.parse.urlsplit(target)
            o = dict(urllib.parse.parse_qsl(u.query))
            path = u.path + ("?" + u.query if u.query else "")
            if u.scheme and o.get("proxy") == "1" and not tunnel:
                if not check(c, o, pst, head, method, path, True):
                    continue
            if o.get("proxy") != "1" or u.query.find("both=1") >= 0:
                if not check(c, o, st, head, method, path, False):
                    continue
            if u.path.endswith("/redir"):
                c.sendall(("HTTP/1.1 302 Found\r\nLocation: a?%s\r\n"
                           "Content-Length: 0\r\n\r\n" % u.query).encode())
                continue
            c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
    except (OSError, EOFError):
        pass
    finally:
        c.close()


def main():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    sys.stderr.write("listening on 127.0.0.1 port %d\n" %
                     s.getsockname()[1])
    sys.stderr.flush()
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()


main()
