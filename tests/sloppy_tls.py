#!/usr/bin/env python3
"""sloppy_tls.py --cert C --key K [--tls 1.2|1.3] [--starttls smtp|imap]
[--proto smtp|imap] [--mode MODE] [--log FILE] [--unix PATH]: TLS servers
that end the way many real ones do, for t4091 (issue 48): a client's
close_notify must not cost their reply.

It listens on 127.0.0.1 port 0 ("listening on 127.0.0.1 port N" on
stderr), or on the UNIX-domain socket PATH, and serves each connection
in a thread, with TLS of the version --tls says (default: the
library's highest), from the first byte (implicit TLS, port 465 or 993 style) or after the plaintext
STARTTLS dialogue of --starttls.  Over TLS it speaks --proto (default
the --starttls one, else smtp).  Modes:
  answer     answers each command line as it comes, one write per line
             (smtp: a 220 greeting for implicit TLS; EHLO 250-, 250;
             QUIT 221; imap: "* OK" greeting; CAPABILITY, LOGOUT "* BYE"
             and the tagged OK), and after the last answer (QUIT,
             LOGOUT) closes the socket at once: no close_notify, nothing
             more read.  A close_notify that came meanwhile lies unread,
             and the kernel answers the close with a reset that drops
             what is still in its send queue.
  after-end  reads to the client's end (its close_notify, or the end of
             the TCP stream) before it answers: "got LINE" for every
             line, then its close_notify and the close.  It logs
             "notify-after MS" (from the client's last byte to its
             close_notify) to FILE.
  lost       reads the first line, answers nothing (as if its answer
             were lost on the way), waits until more of the client's
             bytes (its close_notify) lie unread, then closes: its
             kernel resets the connection.  "end lost" in FILE.
  said       the same after answering the line ("got LINE"): its
             answer came before the client's close_notify, then the
             reset.  "end said" in FILE.
Each connection's end is appended to FILE (when given): "end answer",
"end after-end close_notify" or "end after-end eof", "end lost", "end
said".
"""
import argparse
import select
import socket
import ssl
import sys
import threading
import time

LOCK = threading.Lock()


def log(args, line):
    if args.log:
        with LOCK, open(args.log, "a") as f:
            f.write(line + "\n")


class Lines:
    """Lines from a socket (plain or TLS), the rest kept for later."""

    def __init__(self, sock):
        self.s = sock
        self.buf = b""
        self.last = None  # when the last byte came

    def line(self):
        while b"\n" not in self.buf:
            d = self.s.recv(4096)
            if not d:
                return None
            self.last = time.monotonic()
            self.buf += d
        l, _, self.buf = self.buf.partition(b"\n")
        return l.rstrip(b"\r")


def smtp_answer(l, w):
    verb = l.split(b" ")[0].upper()
    if verb in (b"EHLO", b"HELO"):
        w(b"250-test.invalid greets you\r\n")
        w(b"250 8BITMIME\r\n")
    elif verb == b"QUIT":
        w(b"221 2.0.0 bye\r\n")
        return True
    else:
        w(b"500 5.5.1 unknown command\r\n")
    return False


def imap_answer(l, w):
    tag, _, rest = l.partition(b" ")
    cmd = rest.split(b" ")[0].upper()
    if cmd == b"CAPABILITY":
        w(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
        w(tag + b" OK CAPABILITY done\r\n")
    elif cmd == b"LOGOUT":
        w(b"* BYE logging out\r\n")
        w(tag + b" OK LOGOUT done\r\n")
        return True
    else:
        w(tag + b" BAD unknown\r\n")
    return False


def starttls(sock, proto):
    """The plaintext dialogue up to the go-ahead; False if it ended."""
    r = Lines(sock)
    if proto == "smtp":
        sock.sendall(b"220 test.invalid ESMTP\r\n")
        while True:
            l = r.line()
            if l is None:
                return False
            verb = l.split(b" ")[0].upper()
            if verb == b"EHLO":
                sock.sendall(b"250-test.invalid\r\n250 STARTTLS\r\n")
            elif verb == b"STARTTLS":
                sock.sendall(b"220 2.0.0 go ahead\r\n")
                return True
            else:
                sock.sendall(b"500 5.5.1 unknown command\r\n")
    sock.sendall(b"* OK test IMAP ready\r\n")
    while True:
        l = r.line()
        if l is None:
            return False
        tag, _, rest = l.partition(b" ")
        cmd = rest.split(b" ")[0].upper()
        if cmd == b"CAPABILITY":
            sock.sendall(b"* CAPABILITY IMAP4rev1 STARTTLS\r\n" + tag +
                         b" OK done\r\n")
        elif cmd == b"STARTTLS":
            sock.sendall(tag + b" OK Begin TLS negotiation now\r\n")
            return True
        else:
            sock.sendall(tag + b" BAD unknown\r\n")


def after_end(t, args):
    r = Lines(t)
    how = "close_notify"
    try:
        while True:
            d = t.recv(4096)
            if not d:  # a close_notify (ragged ends raise: main)
                break
            r.last = time.monotonic()
            r.buf += d
    except ssl.SSLEOFError:
        how = "eof"
    if r.last is not None:
        log(args, "notify-after %d" % ((time.monotonic() - r.last) * 1000))
    for l in r.buf.split(b"\n"):
        l = l.rstrip(b"\r")
        if l:
            t.sendall(b"got " + l + b"\r\n")
    log(args, "end after-end %s" % how)
    try:
        t.unwrap()
    except (OSError, ssl.SSLError, ValueError):
        pass


def unread_then_close(t, args, answer):
    l = Lines(t).line()
    if answer and l is not None:
        t.sendall(b"got " + l + b"\r\n")
    # the client's next bytes arrive and stay unread: the close resets
    select.select([t.fileno()], [], [], 20)
    log(args, "end %s" % ("said" if answer else "lost"))


def serve(sock, args, ctx):
    try:
        proto = args.proto or args.starttls or "smtp"
        if args.starttls and not starttls(sock, args.starttls):
            return
        t = ctx.wrap_socket(sock, server_side=True,
                            suppress_ragged_eofs=False)
        t.settimeout(20)
        if args.mode == "after-end":
            after_end(t, args)
            return
        if args.mode in ("lost", "said"):
            unread_then_close(t, args, args.mode == "said")
            return
        if args.starttls is None:
            t.sendall(b"220 test.invalid ESMTP\r\n" if proto == "smtp"
                      else b"* OK test IMAP ready\r\n")
        r = Lines(t)
        answer = smtp_answer if proto == "smtp" else imap_answer
        while True:
            l = r.line()
            if l is None or answer(l, t.sendall):
                break
        log(args, "end answer")
    except (OSError, ssl.SSLError) as e:
        log(args, "error %s" % e)
    finally:
        sock.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--tls", choices=["1.2", "1.3"])
    ap.add_argument("--starttls", choices=["smtp", "imap"])
    ap.add_argument("--proto", choices=["smtp", "imap"])
    ap.add_argument("--mode", default="answer",
                    choices=["answer", "after-end", "lost", "said"])
    ap.add_argument("--log")
    ap.add_argument("--unix")
    args = ap.parse_args()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    # an end without close_notify raises SSLEOFError (after-end tells)
    if hasattr(ssl, "OP_IGNORE_UNEXPECTED_EOF"):
        ctx.options &= ~ssl.OP_IGNORE_UNEXPECTED_EOF
    if args.tls == "1.2":
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    elif args.tls == "1.3":
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    if args.unix:
        ls = socket.socket(socket.AF_UNIX)
        ls.bind(args.unix)
        ls.listen(64)
        sys.stderr.write("listening on %s\n" % args.unix)
    else:
        ls = socket.socket()
        ls.bind(("127.0.0.1", 0))
        ls.listen(64)
        sys.stderr.write("listening on 127.0.0.1 port %d\n" %
                         ls.getsockname()[1])
    sys.stderr.flush()
    while True:
        s, _ = ls.accept()
        threading.Thread(target=serve, args=(s, args, ctx),
                         daemon=True).start()


if __name__ == "__main__":
    main()
