#!/usr/bin/python3
# ws_peer.py: WebSocket peers built on the "websockets" library (Debian's
# python3-websockets, 10.x, its asyncio API), for the t50xx scripts.  Run
# it with /usr/bin/python3: a python3 earlier in PATH may lack the
# library.  A script skips when "import websockets" fails.
#
#   ws_peer.py serve [OPTIONS] ACTION...
#       a server on ADDR (127.0.0.1) port 0; says "listening on ADDR port
#       N" on stderr, runs the ACTIONs on each connection, reports on
#       stdout, and exits after the first connection unless --keep.
#       --keep          serve every connection, until the watchdog ends it
#       --tls CERT KEY  wss: TLS with this certificate and key
#       --proto LIST    the subprotocols it supports (comma-separated);
#                       the library picks one of the client's offers
#       --headers       print "path P" and "header NAME: VALUE" for each
#                       request header, and "subprotocol S|none"
#       --addr ADDR     listen on ADDR (::1)
#   ws_peer.py serve [OPTIONS] ACTION... -- ACTION... [-- ...]
#       the same, the Nth connection the Nth list of ACTIONs, and exits
#       once each list has served one (one python start for several)
#   ws_peer.py client [OPTIONS] URL ACTION...
#       connect to URL and run the ACTIONs; a refused handshake prints
#       "handshake failed: ..." and exits 3.
#       --cafile F      trust F for wss://
#       --proto LIST    offer these subprotocols; prints "subprotocol S"
#       --header 'N: V' add a request header (repeatable)
#       --no-compression  offer no permessage-deflate (the default offers it)
#       --unix PATH     connect to the UNIX socket PATH (unix_connect),
#                       URL naming the host and path asked for
#       --times N       N connections one after the other, each the
#                       ACTIONs, each's lines after "run I" (one python
#                       start for many)
#   ws_peer.py crowd [--cafile F] URL N M
#       N connections at once (all open before any sends); each sends M
#       text messages "cI mJ" and expects them back in order; prints
#       "crowd N: K echoed all, close codes C..." .
#   ws_peer.py broker [--cafile F] URL N
#       N connections at once to a listen --ws --broker; once all are
#       open each sends "from I"; each must get the N-1 others' messages;
#       prints "broker N: K got all N-1" .
#
# ACTIONs (each connection, in order); what is received is printed as
# "text:S" (newlines as \n) or "binary:LEN:HEX" (HEX only up to 64
# bytes, else "sha256=..."):
#   text=S          send S as a text message
#   bin=S           send S (UTF-8) as a binary message
#   binfile=PATH    send PATH's bytes as one binary message
#   binchunks=PATH,SIZE  send PATH's bytes in binary messages of SIZE
#   frag=A|B|C      send a text message in these fragments
#   fragbin=A|B|C   the same, binary
#   fragping=A|B|C  text fragments with a ping between each two; prints
#                   "fragping pongs K/N" (K pongs came back in 5 s)
#   recv            receive one message and print it
#   recvn=N         receive N messages, print each
#   recvbytes=N,PATH  receive messages until N bytes came; write their
#                   payloads, concatenated, to PATH; "got N bytes in M
#                   messages"
#   echo            send each message back (same type) until closed
#   echon=N         echo N messages
#   echobytes=N     echo messages until N bytes of payload went back
#                   (a peer that sends Close at the end of its data would
#                   lose the rest: the library answers a Close at once)
#   ping=N          N pings, one after the other, each awaited at most
#                   5 s; prints "pongs K/N"
#   big=MIB         send MIB MiB of random bytes as one binary message,
#                   receive one message; "big MIB ok" when it is the same
#   bigtext=MIB     the same as a text message (ASCII); "bigtext MIB ok"
#   sleep=SECS      pause (the scenario's, not synchronisation)
#   close=CODE[,REASON]  close with CODE
#   wait            print messages until the peer closes
# At the end (after close= or wait as well) one line "closed CODE REASON":
# the close code and reason the peer sent (1006: none came).
import asyncio
import hashlib
import os
import ssl
import sys

try:
    import websockets
    import websockets.exceptions as wsx
except ImportError:
    sys.stderr.write("ws_peer: no websockets library\n")
    sys.exit(77)

TIMEOUT = 30


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def show(msg):
    if isinstance(msg, str):
        return "text:" + msg.replace("\\", "\\\\").replace("\n", "\\n")
    if len(msg) <= 64:
        return "binary:%d:%s" % (len(msg), msg.hex())
    return "binary:%d:sha256=%s" % (len(msg), hashlib.sha256(msg).hexdigest())


async def recv(ws):
    return await asyncio.wait_for(ws.recv(), TIMEOUT)


async def fragping(ws, frags):
    waiters = []

    async def gen():
        for i, f in enumerate(frags):
            if i:
                waiters.append(await ws.ping())
            yield f
    await ws.send(gen())
    got = 0
    for w in waiters:
        try:
            await asyncio.wait_for(w, 5)
            got += 1
        except (asyncio.TimeoutError, wsx.ConnectionClosed):
            pass
    say("fragping pongs %d/%d" % (got, len(waiters)))


async def actions(ws, acts):
    """Run the actions; return True when the connection was closed."""
    for a in acts:
        name, _, arg = a.partition("=")
        if name == "text":
            await ws.send(arg)
        elif name == "bin":
            await ws.send(arg.encode())
        elif name == "binfile":
            with open(arg, "rb") as f:
                await ws.send(f.read())
        elif name == "binchunks":
            path, size = arg.rsplit(",", 1)
            with open(path, "rb") as f:
                data = f.read()
            for i in range(0, len(data), int(size)):
                await ws.send(data[i:i + int(size)])
        elif name == "frag":
            await ws.send(arg.split("|"))
        elif name == "fragbin":
            await ws.send([x.encode() for x in arg.split("|")])
        elif name == "fragping":
            await fragping(ws, arg.split("|"))
        elif name == "recv":
            say(show(await recv(ws)))
        elif name == "recvn":
            for _ in range(int(arg)):
                say(show(await recv(ws)))
        elif name == "recvbytes":
            n, path = arg.split(",", 1)
            n = int(n)
            buf = bytearray()
            m = 0
            while len(buf) < n:
                msg = await recv(ws)
                buf += msg.encode() if isinstance(msg, str) else msg
                m += 1
            with open(path, "wb") as f:
                f.write(buf)
            say("got %d bytes in %d messages" % (len(buf), m))
        elif name == "echo":
            try:
                async for msg in ws:
                    await ws.send(msg)
            except wsx.ConnectionClosed:
                pass
            return True
        elif name == "echobytes":
            n = 0
            while n < int(arg):
                msg = await recv(ws)
                await ws.send(msg)
                n += len(msg.encode() if isinstance(msg, str) else msg)
        elif name == "echon":
            for _ in range(int(arg)):
                await ws.send(await recv(ws))
        elif name == "ping":
            got = 0
            for _ in range(int(arg)):
                try:
                    await asyncio.wait_for(await ws.ping(), 5)
                    got += 1
                except asyncio.TimeoutError:
                    pass
            say("pongs %d/%s" % (got, arg))
        elif name in ("big", "bigtext"):
            n = int(arg) << 20
            if name == "big":
                data = os.urandom(n)
            else:
                data = "".join(chr(0x20 + b % 95) for b in os.urandom(4096))
                data = (data * (n // 4096 + 1))[:n]
            await ws.send(data)
            back = await recv(ws)
            say("%s %s %s" % (name, arg, "ok" if back == data else
                              "bad %s" % show(back)[:80]))
        elif name == "sleep":
            await asyncio.sleep(float(arg))
        elif name == "close":
            code, _, reason = arg.partition(",")
            await ws.close(int(code), reason)
            return True
        elif name == "wait":
            try:
                while True:
                    say(show(await recv(ws)))
            except wsx.ConnectionClosed:
                pass
            return True
        else:
            raise SystemExit("ws_peer: unknown action %s" % a)
    return False


async def conversation(ws, acts):
    try:
        closed = await actions(ws, acts)
        if not closed:
            await ws.close()
    except wsx.ConnectionClosed:
        pass
    except asyncio.TimeoutError:
        say("timed out")
        await ws.close(1011, "timed out")
    await ws.wait_closed()
    say("closed %s %s" % (ws.close_code, ws.close_reason or ""))


def opts(argv, flags, valued):
    o = {}
    while argv and argv[0].startswith("--"):
        a = argv.pop(0)
        if a in flags:
            o[a] = True
        elif a in valued:
            n = valued[a]
            v = [argv.pop(0) for _ in range(n)]
            if a == "--header":
                o.setdefault(a, []).append(v[0])
            else:
                o[a] = v if n > 1 else v[0]
        else:
            raise SystemExit("ws_peer: unknown option %s" % a)
    return o


async def serve(argv):
    o = opts(argv, {"--keep", "--headers"},
             {"--tls": 2, "--proto": 1, "--addr": 1})
    done = asyncio.get_running_loop().create_future()
    # ACTIONS -- ACTIONS ...: the Nth connection the Nth list (the last
    # for any after), the server gone once each list has served one
    scen = [[]]
    for a in argv:
        if a == "--":
            scen.append([])
        else:
            scen[-1].append(a)
    count = [0, 0]

    async def handler(ws, path=None):
        acts = scen[min(count[0], len(scen) - 1)]
        count[0] += 1
        if "--headers" in o:
            say("path %s" % ws.path)
            for k, v in ws.request_headers.raw_items():
                say("header %s: %s" % (k, v))
            say("subprotocol %s" % (ws.subprotocol or "none"))
        await conversation(ws, acts)
        count[1] += 1
        if count[1] >= len(scen) and not done.done():
            done.set_result(None)

    ctx = None
    if "--tls" in o:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*o["--tls"])
    protos = o["--proto"].split(",") if "--proto" in o else None
    addr = o.get("--addr", "127.0.0.1")
    async with websockets.serve(handler, addr, 0, ssl=ctx,
                                subprotocols=protos, max_size=None,
                                ping_interval=None) as server:
        port = server.sockets[0].getsockname()[1]
        sys.stderr.write("ws_peer: listening on %s port %d\n" % (addr, port))
        sys.stderr.flush()
        if "--keep" in o:
            await asyncio.Future()
        await done


def connect_args(o):
    kw = dict(max_size=None, ping_interval=None, open_timeout=TIMEOUT)
    if "--cafile" in o:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(o["--cafile"])
        kw["ssl"] = ctx
    if "--proto" in o:
        kw["subprotocols"] = o["--proto"].split(",")
    if "--header" in o:
        kw["extra_headers"] = [tuple(x.strip() for x in h.split(":", 1))
                               for h in o["--header"]]
    if "--no-compression" in o:
        kw["compression"] = None
    return kw


async def client(argv):
    o = opts(argv, {"--no-compression"},
             {"--cafile": 1, "--proto": 1, "--header": 1, "--unix": 1,
              "--times": 1})
    url = argv.pop(0)
    if "--times" not in o:
        return await client1(o, url, argv)
    # each run as a process of its own would be: one that fails (a reset
    # under its send, say) says so and the next runs all the same
    rc = 0
    for i in range(int(o["--times"])):
        say("run %d" % (i + 1))
        try:
            rc = await client1(o, url, argv) or rc
        except (OSError, wsx.WebSocketException) as e:
            say("error %s" % e)
            rc = 1
    return rc


async def client1(o, url, argv):
    try:
        if "--unix" in o:
            ws = await websockets.unix_connect(o["--unix"], url,
                                               **connect_args(o))
        else:
            ws = await websockets.connect(url, **connect_args(o))
    except (wsx.InvalidHandshake, OSError, asyncio.TimeoutError) as e:
        say("handshake failed: %s" % e)
        return 3
    if "--proto" in o:
        say("subprotocol %s" % (ws.subprotocol or "none"))
    await conversation(ws, argv)
    return 0


async def crowd(argv):
    o = opts(argv, set(), {"--cafile": 1})
    url, n, m = argv[0], int(argv[1]), int(argv[2])
    conns = await asyncio.gather(*[
        websockets.connect(url, **connect_args(o)) for _ in range(n)])

    async def one(i, ws):
        try:
            for j in range(m):
                await ws.send("c%d m%d" % (i, j))
            for j in range(m):
                if await recv(ws) != "c%d m%d" % (i, j):
                    return False
            return True
        except (wsx.ConnectionClosed, asyncio.TimeoutError):
            return False
        finally:
            await ws.close()
    ok = await asyncio.gather(*[one(i, ws) for i, ws in enumerate(conns)])
    codes = sorted(set(str(ws.close_code) for ws in conns))
    say("crowd %d: %d echoed all, close codes %s" %
        (n, sum(ok), " ".join(codes)))


async def broker(argv):
    o = opts(argv, set(), {"--cafile": 1})
    url, n = argv[0], int(argv[1])
    conns = await asyncio.gather(*[
        websockets.connect(url, **connect_args(o)) for _ in range(n)])
    # the broker has every client once each has its 101; a round of
    # pings makes sure (each pong comes after the broker took the client)
    await asyncio.gather(*[await ws.ping() for ws in conns])
    for i, ws in enumerate(conns):
        await ws.send("from %d" % i)

    async def one(i, ws):
        want = set("from %d" % k for k in range(n) if k != i)
        got = set()
        try:
            while got != want:
                msg = await recv(ws)
                if msg not in want or msg in got:
                    say("client %d: unexpected %s" % (i, show(msg)))
                    return False
                got.add(msg)
            return True
        except (wsx.ConnectionClosed, asyncio.TimeoutError):
            say("client %d: got %d of %d" % (i, len(got), n - 1))
            return False
    ok = await asyncio.gather(*[one(i, ws) for i, ws in enumerate(conns)])
    for ws in conns:
        await ws.close()
    say("broker %d: %d got all %d" % (n, sum(ok), n - 1))


def main():
    argv = sys.argv[1:]
    if not argv:
        raise SystemExit(__doc__)
    cmd = argv.pop(0)
    if cmd == "serve":
        return asyncio.run(serve(argv))
    if cmd == "client":
        return asyncio.run(client(argv))
    if cmd == "crowd":
        return asyncio.run(crowd(argv))
    if cmd == "broker":
        return asyncio.run(broker(argv))
    raise SystemExit("ws_peer: no command %s" % cmd)


if __name__ == "__main__":
    sys.exit(main() or 0)
