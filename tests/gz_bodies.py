#!/usr/bin/env python3
# gz_bodies.py DIR: the canned responses of t2095 (canned_http.py serves
# DIR/NAME for /NAME): gzip and deflate bodies whole, cut short,
# corrupt, in several members, as a transfer coding and a content
# coding, and a gzip bomb; each body as sent in DIR/NAME.body, its
# decoded form in DIR/NAME.want.
import gzip
import os
import random
import struct
import sys
import zlib

d = sys.argv[1]
text = b"".join(b"line %d of some text that compresses well\n" % i
                for i in range(3000))


def resp(name, fields, body, want=None, status=b"200 OK"):
    with open(os.path.join(d, name), "wb") as f:
        f.write(b"HTTP/1.1 " + status + b"\r\n" + fields + b"\r\n" + body)
    with open(os.path.join(d, name + ".body"), "wb") as f:
        f.write(body)
    if want is not None:
        with open(os.path.join(d, name + ".want"), "wb") as f:
            f.write(want)


def cl(body):
    return b"Content-Length: %d\r\n" % len(body)


def chunked(body, size=1000):
    out = b""
    for i in range(0, len(body), size):
        out += b"%x\r\n" % len(body[i:i + size]) + body[i:i + size] + b"\r\n"
    return out + b"0\r\n\r\n"


def raw_deflate(b):
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(b) + c.flush()


g = gzip.compress(text, mtime=0)
ce = b"Content-Encoding: gzip\r\n"
resp("ce-gzip", ce + cl(g), g, text)
resp("ce-xgzip", b"Content-Encoding: x-gzip\r\n" + cl(g), g, text)
resp("ce-gzip-chunked", ce + b"Transfer-Encoding: chunked\r\n", chunked(g),
     text)
resp("te-gzip-chunked", b"Transfer-Encoding: gzip, chunked\r\n",
     chunked(g), text)
resp("te-gzip-close", b"Transfer-Encoding: gzip\r\n", g, text)
resp("te-gzip-close-cut", b"Transfer-Encoding: gzip\r\n", g[:len(g) // 2])
gg = gzip.compress(g, mtime=0)
resp("te-ce-gzip", ce + b"Transfer-Encoding: gzip, chunked\r\n", chunked(gg),
     text)
# every header flag, as gzip(1) and others write them
h = bytearray(b"\x1f\x8b\x08\x1e\x00\x00\x00\x00\x00\x03")
h += b"\x04\x00abcd" + b"name.txt\x00" + b"a comment\x00"
h += (zlib.crc32(bytes(h)) & 0xffff).to_bytes(2, "little")
flags = bytes(h) + g[10:]
resp("ce-gzip-flags", ce + cl(flags), flags, text)
m = gzip.compress(text[:1000], mtime=0) + gzip.compress(text[1000:], mtime=0)
resp("ce-gzip-members", ce + cl(m), m, text)
# random bytes: the gzip stream is longer than what it decodes to
r5 = random.Random(5)
rnd = bytes(r5.getrandbits(8) for _ in range(4000))
rg = gzip.compress(rnd, mtime=0)
resp("ce-gzip-random", ce + cl(rg), rg, rnd)
e = gzip.compress(b"", mtime=0)
resp("ce-gzip-empty", ce + cl(e), e, b"")
resp("ce-gzip-nobody", ce + b"Content-Length: 0\r\n", b"", b"")
t = g[:len(g) // 2]
resp("ce-gzip-truncated", ce + cl(t), t)
t = g[:-4]
resp("ce-gzip-notrailer", ce + cl(t), t)
b = bytearray(g)
b[-8] ^= 1
resp("ce-gzip-badcrc", ce + cl(b), bytes(b))
b = bytearray(g)
b[-4] ^= 1
resp("ce-gzip-badsize", ce + cl(b), bytes(b))
b = bytearray(g)
b[10] |= 0x06           # the first block's type: 3, reserved
resp("ce-gzip-corrupt", ce + cl(b), bytes(b))
b = g + b"garbage"
resp("ce-gzip-garbage", ce + cl(b), b)
b = bytearray(g)
b[3] = 0x20
resp("ce-gzip-reserved", ce + cl(b), bytes(b))
z = zlib.compress(text)
resp("ce-deflate-zlib", b"Content-Encoding: deflate\r\n" + cl(z), z, text)
r = raw_deflate(text)
resp("ce-deflate-raw", b"Content-Encoding: deflate\r\n" + cl(r), r, text)
b = bytearray(z)
b[-1] ^= 1
resp("ce-deflate-badadler", b"Content-Encoding: deflate\r\n" + cl(b),
     bytes(b))
resp("ce-deflate-cut", b"Content-Encoding: deflate\r\n" + cl(z[:-10]),
     z[:-10])
resp("ce-unknown", b"Content-Encoding: compress\r\n" + cl(b"abc"), b"abc")
resp("te-unknown", b"Transfer-Encoding: compress, chunked\r\n",
     chunked(b"abc"))
resp("ce-identity", b"Content-Encoding: identity\r\n" + cl(text), text,
     text)
# a 206 of a gzip body: a range of the encoded bytes, no gzip stream
p = g[100:200]
resp("ce-gzip-206", ce + cl(p) + b"Content-Range: bytes 100-199/%d\r\n"
     % len(g), p, status=b"206 Partial Content")
# a bomb: 256 MiB of zeros in about 256 KiB; the -open one says more
# bytes follow than it sends, so only stopping early ends the transfer.
# Made from its first MiB, its last and one MiB more: after a full flush
# deflate starts afresh, so every MiB between compresses to the same
# bytes; the trailer's CRC and length are the whole 256 MiB's.
# (Compressing 256 MiB took 1.4 s of CPU on the CI machine, this 0.08.)
c = zlib.compressobj(9, zlib.DEFLATED, 31)
zero = bytes(1 << 20)
first = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
mid = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
assert mid == c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
last = c.compress(zero) + c.flush()
crc = 0
for _ in range(256):
    crc = zlib.crc32(zero, crc)
bomb = (first + mid * 254 + last[:-8] +
        struct.pack("<II", crc, (256 << 20) & 0xffffffff))
resp("ce-gzip-bomb", ce + cl(bomb), bomb)
resp("ce-gzip-bomb-open", ce + b"Content-Length: %d\r\n" % (len(bomb) + 1000),
     bomb)
with open(os.path.join(d, "text.want"), "wb") as f:
    f.write(text)
with open(os.path.join(d, "204"), "wb") as f:
    f.write(b"HTTP/1.1 204 No Content\r\n" + ce + b"\r\n")
with open(os.path.join(d, "head-gzip"), "wb") as f:
    f.write(b"HTTP/1.1 200 OK\r\n" + ce + cl(g) + b"\r\n")
