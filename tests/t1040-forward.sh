#!/bin/sh
# listen --to / --to-unix: the port forwarder.  Data both ways byte-exact,
# half-close passed on, many sequential and concurrent connections, a
# refused onward dial reset and survived, -v, -m, --allow, -i, -s, IPv6,
# one connection without -k, usage errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

# an echo backend that says where it listens the way sockt does; on EOF
# it echoes what is left and half-closes its side too
cat >"$T/echo.py" <<'PY'
import socket, sys, threading
fam = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(fam)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 0))
s.listen(64)
sys.stderr.write("echo: listening on %s port %d\n" % (sys.argv[1], s.getsockname()[1]))
sys.stderr.flush()
def serve(c):
    while True:
        b = c.recv(65536)
        if not b:
            break
        c.sendall(b)
    c.shutdown(socket.SHUT_WR)
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY

head -c 1048576 /dev/urandom >"$T/mib"

server 120 python3 "$T/echo.py" 127.0.0.1 || exit 1
EPORT=$SPORT

server 120 "$SOCKT" listen -k -v 127.0.0.1 0 --to "127.0.0.1:$EPORT" ||
    fail "listen -k --to starts"
FPID=$SPID FPORT=$SPORT FLOG=$SLOG

# 1 MiB there and back through forwarder and echo backend
run 20 sh -c "\"\$SOCKT\" connect 127.0.0.1 $FPORT <\"$T/mib\" | cksum"
is "1 MiB round trip through the forwarder is byte-exact" "$out" \
    "$(cksum <"$T/mib")"

# -v: both ends of each connection, and how it ended
wait_until 5 grep -q "both sides done" "$FLOG"
like "-v logs the client and the onward peer" "$(cat "$FLOG")" \
    "*connection from 127.0.0.1 port * forwarded to 127.0.0.1 port $EPORT*"
like "-v logs how the session ended" "$(cat "$FLOG")" \
    "*connection from 127.0.0.1 port * to 127.0.0.1 port $EPORT: both sides done*"

# many sequential connections, then no child left
good=$(seq_clients 200 "$FPORT" "ping" "ping")
is "200 sequential connections through -k --to all echoed" "$good" 200
wait_nkids "$FPID" 0 5
is "no child left after them, the forwarder still running" \
    "$(alive "$FPID" && echo running): $(children_of "$FPID" | tr '\n' ' ')" \
    "running: "

# 20 at once, each with data of its own
i=1
while [ $i -le 20 ]; do
	head -c $((i * 5000)) "$T/mib" >"$T/c$i"
	BGIN="$T/c$i" BGOUT="$T/o$i" bg 30 "$SOCKT" connect 127.0.0.1 "$FPORT"
	eval "cpid$i=\$BGPID"
	i=$((i + 1))
done
ok=0
i=1
while [ $i -le 20 ]; do
	eval "wait \$cpid$i"
	cmp -s "$T/c$i" "$T/o$i" && ok=$((ok + 1))
	i=$((i + 1))
done
is "20 concurrent connections each get their own bytes back" "$ok" 20

# half-close: the backend answers only after our EOF, which must reach it
# as a shutdown, with the way back still open
server 60 "$SOCKT" listen -k 127.0.0.1 0 -c 'cksum' -v || exit 1
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "127.0.0.1:$SPORT" ||
    fail "forwarder to cksum starts"
run 20 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/mib"
is "half-close: the client's EOF reaches the backend, its answer comes back" \
    "$(echo $out)" "$(cksum <"$T/mib")"

# the other way: the backend speaks, half-closes, and still reads all the
# client sends after that (it writes the count to a file)
cat >"$T/early.py" <<'PY'
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
sys.stderr.write("early: listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
c, _ = s.accept()
c.sendall(b"early\n")
c.shutdown(socket.SHUT_WR)
n = 0
while True:
    b = c.recv(65536)
    if not b:
        break
    n += len(b)
open(sys.argv[1], "w").write("%d\n" % n)
PY
server 60 python3 "$T/early.py" "$T/early.count" || exit 1
EARLY=$SPID
server 60 "$SOCKT" listen -v 127.0.0.1 0 --to "127.0.0.1:$SPORT" ||
    fail "forwarder to the early backend starts"
run 20 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/mib"
is "backend half-closes first: its words reach the client" "$out" "early"
wait_gone "$EARLY" 10
is "backend half-closes first: it still gets all the client sends" \
    "$(cat "$T/early.count" 2>/dev/null)" 1048576

# the onward dial refused: the client is reset, the server keeps serving
closedport
DEAD=$CPORT
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "127.0.0.1:$DEAD" ||
    fail "forwarder to a dead port starts"
RPID=$SPID RPORT=$SPORT RLOG=$SLOG
run 10 "$SOCKT" connect 127.0.0.1 "$RPORT" </dev/null
is "refused onward: the client fails (exit 1)" "$rc" 1
like "refused onward: the client sees a reset, not an empty success" \
    "$err" "*reset*"
wait_until 5 grep -q "not forwarded" "$RLOG"
like "refused onward: the server says why" "$(cat "$RLOG")" \
    "*connection from 127.0.0.1 port * not forwarded: 127.0.0.1 port $DEAD: Connection refused*"
# the port opens: let the holder go only now
kill "$CPID"
wait "$CPID" 2>/dev/null
server 60 "$SOCKT" listen -k 127.0.0.1 "$DEAD" -c 'echo up' -v ||
    fail "backend on the dead port starts"
run 10 "$SOCKT" connect 127.0.0.1 "$RPORT" </dev/null
is "refused onward: the server still serves the next client" "$out" "up"
check "refused onward: the forwarder still runs" alive "$RPID"

# -w: the onward connect timeout, against a backend whose accept queue is
# full (the kernel drops further SYNs, so a dial hangs)
cat >"$T/full.py" <<'PY'
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(0)
port = s.getsockname()[1]
held = []
for i in range(8):
    try:
        held.append(socket.create_connection(("127.0.0.1", port), 0.3))
    except socket.timeout:
        break       # the queue is full: this is what we wait for
else:
    sys.exit("the accept queue never filled")
sys.stderr.write("full: listening on 127.0.0.1 port %d\n" % port)
sys.stderr.flush()
time.sleep(60)
PY
server 60 python3 "$T/full.py" || exit 1
server 60 "$SOCKT" listen -k -v -w 1 127.0.0.1 0 --to "127.0.0.1:$SPORT" ||
    fail "forwarder with -w starts"
WLOG=$SLOG
timed 15 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
check "-w 1: a hanging onward dial is given up after 1 s (took $el ms)" \
    within 900 4000 "$el"
is "-w 1: the client then fails" "$rc" 1
wait_until 5 grep -q "not forwarded" "$WLOG"
like "-w 1: the server says the dial timed out" "$(cat "$WLOG")" \
    "*not forwarded: 127.0.0.1 port * timed out*"

# a name: every address in turn (the backend is on 127.0.0.1 only)
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "localhost:$EPORT" ||
    fail "forwarder to a name starts"
run 10 sh -c "echo named | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
is "--to a host name reaches the backend" "$out" "named"

# -s: the onward side's source address
server 60 "$SOCKT" listen -k 127.0.0.1 0 -c 'echo $TCPREMOTEIP' -v || exit 1
server 60 "$SOCKT" listen -k 127.0.0.1 0 -s 127.0.0.3 \
    --to "127.0.0.1:$SPORT" -v || fail "forwarder with -s starts"
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
is "-s sets the onward connection's source address" "$out" "127.0.0.3"

# -m 1: a second client waits for the first to end
server 60 "$SOCKT" listen -k -m 1 -v 127.0.0.1 0 --to "127.0.0.1:$EPORT" ||
    fail "forwarder with -m 1 starts"
MPID=$SPID MPORT=$SPORT
mkfifo "$T/hold"
BGIN="$T/hold" BGOUT="$T/m1" bg 30 "$SOCKT" connect 127.0.0.1 "$MPORT"
m1=$BGPID
# read-write: the open never blocks, even if the client is gone
exec 7<>"$T/hold"
printf 'first\n' >&7
wait_until 10 grep -q first "$T/m1"
printf 'second\n' >"$T/m2in"
BGIN="$T/m2in" BGOUT="$T/m2" bg 30 "$SOCKT" connect 127.0.0.1 "$MPORT"
m2=$BGPID
if ! grep -q first "$T/m1" || wait_until 1 grep -q second "$T/m2"; then
	fail "-m 1: the second client waits while the first is served"
else
	pass "-m 1: the second client waits while the first is served"
fi
is "-m 1: one child only" "$(nkids "$MPID")" 1
exec 7>&-
wait "$m1"
wait_until 10 grep -q second "$T/m2"
is "-m 1: the second is served once the first ends" "$(cat "$T/m2")" second
wait "$m2"

# --allow: only 127.0.0.2 gets through
server 60 "$SOCKT" listen -k -v --allow 127.0.0.2 127.0.0.1 0 \
    --to "127.0.0.1:$EPORT" || fail "forwarder with --allow starts"
ALOG=$SLOG
run 10 sh -c "echo no | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
wait_until 5 grep -q "refused by the access list" "$ALOG"
like "--allow: a peer not listed gets nothing and is logged as refused" \
    "$out|$(cat "$ALOG")" \
    "|*connection from 127.0.0.1 port * refused by the access list*"
run 10 sh -c "echo yes | \"\$SOCKT\" connect -s 127.0.0.2 127.0.0.1 $SPORT"
is "--allow: a listed peer is forwarded" "$out" "yes"

# -i: an idle session is closed (the echo backend never speaks first)
server 60 "$SOCKT" listen -k -v -i 0.5 127.0.0.1 0 --to "127.0.0.1:$EPORT" ||
    fail "forwarder with -i starts"
ILOG=$SLOG
# (--no-shutdown: -d's half-close would reach the echo backend, which
# would end the session)
timed 10 "$SOCKT" connect -d --no-shutdown 127.0.0.1 "$SPORT"
check "-i: an idle session is closed (took $el ms)" within 400 4000 "$el"
wait_until 5 grep -q "idle for" "$ILOG"
like "-i: -v says why it ended" "$(cat "$ILOG")" "*idle for 0.500 s*"

# without -k: one connection, then the forwarder's exit status
server 30 "$SOCKT" listen -v 127.0.0.1 0 --to "127.0.0.1:$EPORT" ||
    fail "forwarder without -k starts"
OPID=$SPID
run 10 sh -c "echo once | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
is "without -k: the one connection is forwarded" "$out" "once"
wait_status "$OPID"
is "without -k: exit 0 after it" "$rc" 0
closedport
server 30 "$SOCKT" listen 127.0.0.1 0 -v --to "127.0.0.1:$CPORT" ||
    fail "forwarder without -k to a dead port starts"
OPID=$SPID
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
wait_status "$OPID"
is "without -k: exit 1 when the onward dial fails" "$rc" 1

# --to-unix: a UNIX socket exposed on TCP
server 60 "$SOCKT" listen -U -k -v "$T/back.sock" -c 'echo unix' ||
    fail "UNIX backend starts"
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to-unix "$T/back.sock" ||
    fail "forwarder --to-unix starts"
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
is "--to-unix: the UNIX socket's answer comes back over TCP" "$out" "unix"

# -U: the listening side a UNIX socket, forwarded to TCP
server 60 "$SOCKT" listen -U -k -v "$T/front.sock" --to "127.0.0.1:$EPORT" ||
    fail "forwarder on a UNIX socket starts"
run 10 sh -c "echo via-unix | \"\$SOCKT\" connect -U \"$T/front.sock\""
is "-U --to: a UNIX client forwarded to TCP" "$out" "via-unix"

if have_ipv6; then
	server 60 python3 "$T/echo.py" ::1 || exit 1
	server 60 "$SOCKT" listen -k -v ::1 0 --to "[::1]:$SPORT" ||
	    fail "IPv6 forwarder starts"
	run 10 sh -c "\"\$SOCKT\" connect ::1 $SPORT <\"$T/mib\" | cksum"
	is "IPv6 on both sides: 1 MiB round trip" "$out" "$(cksum <"$T/mib")"
	like "IPv6: -v names the v6 onward peer" "$(cat "$SLOG")" \
	    "*forwarded to ::1 port *"
else
	skip "IPv6 on both sides: 1 MiB round trip" "no IPv6 loopback"
	skip "IPv6: -v names the v6 onward peer" "no IPv6 loopback"
fi

# no Nagle delay added: a backend that answers each request in two
# writes (TCP_NODELAY on its side, as interactive servers set it) must
# not wait for the client's delayed ACK (40 ms) behind the forwarder
cat >"$T/twowrite.py" <<'PY'
import socket, sys, threading, time
b = socket.socket()
b.bind(("127.0.0.1", 0))
b.listen(1)
b.settimeout(30)
def serve():
    c, _ = b.accept()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for line in c.makefile("rb"):
        c.sendall(b"a" * 100)
        time.sleep(0.0005)
        c.sendall(b"b\n")
threading.Thread(target=serve, daemon=True).start()
sys.stderr.write("twowrite: listening on 127.0.0.1 port %d\n" % b.getsockname()[1])
sys.stderr.flush()
port = int(sys.stdin.readline())
s = socket.create_connection(("127.0.0.1", port), 10)
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
f = s.makefile("rb")
n = 30
t0 = time.time()
for i in range(n):
    s.sendall(b"req\n")
    f.readline()
print("%d" % ((time.time() - t0) / n * 1000))
PY
mkfifo "$T/twin"
exec 8<>"$T/twin"
SIN=$T/twin SOUT=$T/twout server 60 python3 "$T/twowrite.py" ||
    fail "two-write backend starts"
TWPID=$SPID
server 60 "$SOCKT" listen -v 127.0.0.1 0 --to "127.0.0.1:$SPORT" ||
    fail "forwarder to the two-write backend starts"
echo "$SPORT" >&8
wait_gone "$TWPID" 30
check "answers in two writes: no Nagle delay added ($(cat "$T/twout") ms a round trip)" \
    within 0 15 "$(cat "$T/twout")"
exec 8>&-

# usage errors: exit 2 and the reason
for o in "-c true" "-e cat" "-C" "-d" "-Q" "-q 1" "-x"; do
	run 5 "$SOCKT" listen --to 127.0.0.1:9 127.0.0.1 0 $o
	like "--to with $o: usage error, says why" "$rc $err" \
	    "2 *--to*do not go with*"
done
run 5 "$SOCKT" listen -k 127.0.0.1 0 --to 127.0.0.1
like "--to without a port: usage error, says so" "$rc $err" \
    "2 *--to 127.0.0.1:*"
run 5 "$SOCKT" listen -k 127.0.0.1 0 --to 127.0.0.1:9 --to-unix /x
like "--to with --to-unix: usage error, says so" "$rc $err" \
    "2 *--to*--to-unix*"
run 5 "$SOCKT" listen -k -s 127.0.0.1 127.0.0.1 0
like "-s without --to: usage error, says so" "$rc $err" \
    "2 *-s needs --to*"
run 5 "$SOCKT" listen -k -w 1 127.0.0.1 0
# kept from before --to (passes on the old binary too, by design)
like "-w with -k and no --to: still a usage error" "$rc $err" \
    "2 *-w and -x shape the relay to stdin; they do not go with -k*"

done_testing
