#!/usr/bin/env python3
"""fake_proxy.py: a scripted SOCKS5 / SOCKS4 / HTTP CONNECT proxy for the
tests, playing on demand the answers no real proxy gives at will.

usage: fake_proxy.py [--http] MODE [ARG...]

It listens on 127.0.0.1 port 0 and says "listening on 127.0.0.1 port N"
on stderr (what tests/lib.sh's server helper waits for) and "port N" on
stdout, serves one client and exits (pass: up to ARG clients, default 1).
What the client asked is written to stdout, one line a step, so a test
can check the bytes sockt sent:
  greeting methods=0,2 / auth user=U pass=P / connect atyp=3
  host=localhost port=80 / socks4 user=U host=H port=P / http REQUEST-LINE
  and http-auth VALUE; first "from ADDR", the client's address.

Modes:
  s5-none            SOCKS5: no acceptable method (0xff)
  s5-auth-refuse     SOCKS5: ask for user/password, then refuse (status 1)
  s5-auth-ok         SOCKS5: ask for user/password, accept, then succeed
  s5-rep N           SOCKS5: CONNECT answered with reply code N
  s5-ok              SOCKS5: success, then "hello from far\\n" and close
  s5-split           SOCKS5: every reply byte by byte, then as s5-ok
  s5-early           SOCKS5: success and far data in one segment
  s5-close           SOCKS5: close after the greeting, no reply
  s5-close-mid       SOCKS5: half a CONNECT reply, then close
  s5-silent          SOCKS5: read the greeting, never answer
  s5-slow MS         SOCKS5: every reply MS milliseconds late, so each
                     step fits a time limit that the sum does not
  s4-rep N           SOCKS4: reply code N (90 is success, then far data)
  http-status CODE REASON...  HTTP: answer the CONNECT with that status
  http-early         HTTP: 200 and far data in one segment, more later
  http-split         HTTP: the 200 head byte by byte, then far data
  http-silent        HTTP: read the request, never answer
  far [N]            not a proxy: the far end for the tests; for each
                     of N clients send "hello from far\\n", read a line,
                     answer "got: LINE" and close
  pass [N]           a real proxy: SOCKS5 (no auth), SOCKS4/4a and HTTP
                     CONNECT, told apart by the first byte, relaying to
                     the target; N clients one after another
With --http the far end speaks HTTP, for http-get: where a mode sends
the far data, the fake first reads the client's request head (logged
as "request REQUEST-LINE") and then answers "HTTP/1.1 200 OK" with the
body "hello from far\\n"; http-early and s5-early send the first bytes
of that response with the proxy's reply, before the request arrives.
With FAKE_THEN_PASS=N in the environment, the scripted client is
followed by N more served as pass does (a server that must keep serving
after a refusal shows it so).  With FAKE_THREADS=1, pass serves its
clients at once, a thread each (a client with connections in parallel).
Every wait is bounded (30 s), so a stuck test cannot leave it behind.
"""
import os
import select
import socket
import sys
import threading
import time

FAR = b"hello from far\n"
LIMIT = 30
HTTP = False    # --http: the far end answers an HTTP request
FAR_HTTP = (b"HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close"
            b"\r\n\r\n" + FAR)


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def recv_exact(c, n):
    buf = b""
    while len(buf) < n:
        d = c.recv(n - len(buf))
        if not d:
            raise EOFError("client closed")
        buf += d
    return buf


def recv_until(c, end, limit=65536):
    buf = b""
    while not buf.endswith(end):
        d = c.recv(1)
        if not d:
            raise EOFError("client closed")
        buf += d
        if len(buf) > limit:
            raise ValueError("too long")
    return buf


def send_split(c, data):
    for i in range(len(data)):
        c.sendall(data[i:i + 1])
        time.sleep(0.01)


def far_request(c):
    head = recv_until(c, b"\r\n\r\n").decode("latin-1")
    say("request " + head.split("\r\n")[0])


def send_far(c, early=b""):
    """The far end's data; with --http, the response to the request
    (early: the part of it already sent with the proxy's reply)."""
    if not HTTP:
        c.sendall(FAR)
        return
    far_request(c)
    c.sendall(FAR_HTTP[len(early):])


def s5_greeting(c):
    ver, n = recv_exact(c, 2)
    methods = recv_exact(c, n)
    say("greeting version=%d methods=%s" % (ver, ",".join(str(m) for m in methods)))
    return methods


def s5_auth(c):
    ver, ul = recv_exact(c, 2)
    user = recv_exact(c, ul)
    pl = recv_exact(c, 1)[0]
    pw = recv_exact(c, pl)
    say("auth version=%d user=%s pass=%s" % (ver, user.decode("latin-1"),
                                              pw.decode("latin-1")))


def s5_request(c):
    ver, cmd, _, atyp = recv_exact(c, 4)
    if atyp == 1:
        host = socket.inet_ntop(socket.AF_INET, recv_exact(c, 4))
    elif atyp == 4:
        host = socket.inet_ntop(socket.AF_INET6, recv_exact(c, 16))
    else:
        host = recv_exact(c, recv_exact(c, 1)[0]).decode("latin-1")
    port = int.from_bytes(recv_exact(c, 2), "big")
    say("connect version=%d cmd=%d atyp=%d host=%s port=%d" %
        (ver, cmd, atyp, host, port))
    return host, port


def s4_request(c):
    head = recv_exact(c, 8)
    user = recv_until(c, b"\0")[:-1].decode("latin-1")
    port = int.from_bytes(head[2:4], "big")
    host = socket.inet_ntop(socket.AF_INET, head[4:8])
    if head[4:7] == b"\0\0\0" and head[7] != 0:
        host = recv_until(c, b"\0")[:-1].decode("latin-1")
    say("socks4 version=%d user=%s host=%s port=%d" % (head[0], user, host, port))
    return host, port


def http_request(c):
    head = recv_until(c, b"\r\n\r\n").decode("latin-1")
    lines = head.split("\r\n")
    say("http " + lines[0])
    for l in lines[1:]:
        if l.lower().startswith("proxy-authorization:"):
            say("http-auth " + l.split(":", 1)[1].strip())
    target = lines[0].split(" ")[1]
    host, port = target.rsplit(":", 1)
    return host.strip("[]"), int(port)


OK5 = b"\x05\x00\x00\x01\x7f\x00\x00\x01\x1f\x90"


def play_socks5(c, mode, args):
    def send(c, d):
        if mode == "s5-split":
            send_split(c, d)
            return
        if mode == "s5-slow":
            time.sleep(int(args[0]) / 1000.0)
        c.sendall(d)

    s5_greeting(c)
    if mode == "s5-none":
        c.sendall(b"\x05\xff")
        return
    if mode == "s5-close":
        return
    if mode == "s5-silent":
        time.sleep(LIMIT)
        return
    if mode in ("s5-auth-refuse", "s5-auth-ok"):
        c.sendall(b"\x05\x02")
        s5_auth(c)
        if mode == "s5-auth-refuse":
            c.sendall(b"\x01\x01")
            return
        c.sendall(b"\x01\x00")
    else:
        send(c, b"\x05\x00")
    s5_request(c)
    if mode == "s5-rep":
        c.sendall(bytes([5, int(args[0]), 0, 1, 0, 0, 0, 0, 0, 0]))
        return
    if mode == "s5-close-mid":
        c.sendall(OK5[:5])
        return
    if mode == "s5-early":
        c.sendall(OK5 + (FAR_HTTP[:20] if HTTP else FAR))
        if HTTP:
            send_far(c, FAR_HTTP[:20])
        return
    send(c, OK5)
    send_far(c)


def play_http(c, mode, args):
    http_request(c)
    if mode == "http-silent":
        time.sleep(LIMIT)
        return
    if mode == "http-status":
        c.sendall(("HTTP/1.1 %s %s\r\nContent-Length: 0\r\n\r\n" %
                   (args[0], " ".join(args[1:]))).encode("latin-1"))
        return
    head = b"HTTP/1.1 200 Connection established\r\nProxy-Agent: fake\r\n\r\n"
    if mode == "http-early" and HTTP:
        c.sendall(head + FAR_HTTP[:20])
        far_request(c)
        time.sleep(0.1)
        c.sendall(FAR_HTTP[20:])
        return
    if mode == "http-early":
        c.sendall(head + b"early data\n")
        time.sleep(0.1)
        c.sendall(b"more data\n")
        return
    send_split(c, head)
    send_far(c)


def relay(a, b):
    socks = [a, b]
    end = time.time() + LIMIT
    while time.time() < end:
        r, _, _ = select.select(socks, [], [], 1)
        for s in r:
            d = s.recv(65536)
            if not d:
                return
            (b if s is a else a).sendall(d)


def play_far(c):
    c.sendall(FAR)
    line = recv_until(c, b"\n", 4096)
    c.sendall(b"got: " + line)


def play_pass(c):
    first = c.recv(1, socket.MSG_PEEK)
    if first == b"\x05":
        s5_greeting(c)
        c.sendall(b"\x05\x00")
        host, port = s5_request(c)
    elif first == b"\x04":
        host, port = s4_request(c)
    else:
        host, port = http_request(c)
    try:
        far = socket.create_connection((host, port), timeout=5)
    except OSError:
        c.sendall(b"\x05\x05\x00\x01\0\0\0\0\0\0" if first == b"\x05" else
                  b"\x00\x5b\0\0\0\0\0\0" if first == b"\x04" else
                  b"HTTP/1.1 502 Bad Gateway\r\n\r\n")
        return
    c.sendall(OK5 if first == b"\x05" else
              b"\x00\x5a\0\0\0\0\0\0" if first == b"\x04" else
              b"HTTP/1.1 200 Connection established\r\n\r\n")
    relay(c, far)
    far.close()


def pass_one(c):
    try:
        play_pass(c)
    except (EOFError, OSError, ValueError) as e:
        say("client: %s" % e)
    c.close()


def main():
    global HTTP
    argv = sys.argv[1:]
    if argv and argv[0] == "--http":
        HTTP = True
        argv = argv[1:]
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    mode, args = argv[0], argv[1:]
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.bind(("127.0.0.1", 0))
    ls.listen(8)
    # no limit on the wait for the next client: the script's watchdog
    # bounds our life, and on a loaded machine the far end's clients can
    # come more than LIMIT seconds apart (it used to give up, and every
    # later check through it failed)
    port = ls.getsockname()[1]
    say("port %d" % port)
    sys.stderr.write("listening on 127.0.0.1 port %d\n" % port)
    sys.stderr.flush()
    clients = int(args[0]) if mode in ("pass", "far") and args else 1
    then = int(os.environ.get("FAKE_THEN_PASS", "0"))
    threads = mode == "pass" and os.environ.get("FAKE_THREADS") == "1"
    for i in range(clients + then):
        c, peer = ls.accept()
        say("from %s" % peer[0])
        c.settimeout(LIMIT)
        if threads:
            threading.Thread(target=pass_one, args=(c,), daemon=True).start()
            continue
        try:
            if mode == "pass" or i >= clients:
                play_pass(c)
            elif mode == "far":
                play_far(c)
            elif mode.startswith("s5-"):
                play_socks5(c, mode, args)
            elif mode == "s4-rep":
                s4_request(c)
                c.sendall(bytes([0, int(args[0]), 0, 0, 0, 0, 0, 0]))
                if int(args[0]) == 90:
                    send_far(c)
            elif mode.startswith("http-"):
                play_http(c, mode, args)
            else:
                sys.stderr.write("fake_proxy: unknown mode %s\n" % mode)
                return 2
        except (EOFError, OSError, ValueError) as e:
            say("client: %s" % e)
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
