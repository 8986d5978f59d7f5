#!/bin/sh
# listen --broker and --chat: every client's bytes to all the others,
# never back, per sender in order, with ncat, socat and Python as
# clients; a client that never reads is dropped while the others get
# every byte; chat lines, prefixes and announcements against ncat
# --chat's; a client's end of file is its leave, so "echo hi | sockt
# connect" returns at once, as with ncat --broker; --allow, --deny, -m,
# --max-per-peer, -6; SIGTERM.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
PEER=$(cd "$(dirname "$0")" && pwd)/broker_peer.py

# logged N PATTERN: the server's log has N lines matching PATTERN
logged() { [ "$(grep -c -- "$2" "$SLOG")" -ge "$1" ]; }
# joined N: N clients have joined the broker (its -v lines)
joined() { logged "$1" "connection from .* port [0-9]*\$"; }
# size_is FILE N: FILE holds N bytes
size_is() { [ "$(wc -c <"$1")" -eq "$2" ]; }
# has FILE PATTERN: FILE has a line matching PATTERN
has() { grep -q -- "$2" "$1" 2>/dev/null; }

# usage: what the broker does not do is refused, exit 2
# (--tls works: t4022)
for a in "-e cat" "-c true" "--to 127.0.0.1:9" "-i 5" "-w 5" \
    "-q 1" "--no-shutdown"; do
	run 5 "$SOCKT" listen --broker $a 127.0.0.1 0
	is "--broker $a is a usage error" "$rc" 2
done
run 5 "$SOCKT" listen --chat -U "$T/sock"
like "--chat -U: TCP only" "$rc:$err" "2:*do not go with -U*"
run 5 "$SOCKT" listen --broker -m 0 127.0.0.1 0
is "-m 0 is refused" "$rc" 2

# three clients, ncat, socat and Python, each sending 290 kB of its own
# alphabet at once: each gets both others' bytes whole and in order
# and none of its own
seq 1 60000 | tr -d '\n' >"$T/d"
tr '0-9' 'a-j' <"$T/d" >"$T/a"
tr '0-9' 'A-J' <"$T/d" >"$T/A"
n=$(wc -c <"$T/d")
server 120 "$SOCKT" listen -k -v --broker 127.0.0.1 0 ||
    fail "listen --broker starts"
BPID=$SPID
mkfifo "$T/i1" "$T/i2" "$T/i3"
if have ncat; then c1="ncat 127.0.0.1 $SPORT"; else
	c1="python3 $PEER cat 127.0.0.1 $SPORT"; fi
if have socat; then c2="socat - TCP:127.0.0.1:$SPORT"; else
	c2="python3 $PEER cat 127.0.0.1 $SPORT"; fi
BGIN=$T/i1 BGOUT=$T/o1 bg 100 $c1
BGIN=$T/i2 BGOUT=$T/o2 bg 100 $c2
BGIN=$T/i3 BGOUT=$T/o3 bg 100 python3 "$PEER" cat 127.0.0.1 "$SPORT"
exec 4>"$T/i1" 5>"$T/i2" 6>"$T/i3"
wait_until 20 joined 3 || fail "three clients joined"
cat "$T/d" >&4 &
cat "$T/a" >&5 &
cat "$T/A" >&6 &
ok=0
for o in o1 o2 o3; do
	wait_until 60 size_is "$T/$o" $((2 * n)) && ok=$((ok + 1))
done
is "each client got twice $n bytes: both others' data" "$ok" 3
# their ends of file: each one's leave, all it sent passed on already
exec 4>&- 5>&- 6>&-
for f in 1:a 1:A 2:d 2:A 3:d 3:a; do
	o=o${f%%:*} w=${f#*:}
	case $w in d) set -- '0-9' ;; a) set -- 'a-j' ;; A) set -- 'A-J' ;; esac
	tr -cd "$1" <"$T/$o" >"$T/got"
	check "client ${f%%:*} got sender $w's bytes whole and in order" \
	    cmp -s "$T/got" "$T/$w"
done
is "client 1 got none of its own bytes" "$(tr -cd '0-9' <"$T/o1" | wc -c)" 0
is "client 2 got none of its own bytes" "$(tr -cd 'a-j' <"$T/o2" | wc -c)" 0
is "client 3 got none of its own bytes" "$(tr -cd 'A-J' <"$T/o3" | wc -c)" 0
is "no drop among clients that read" "$(grep -c dropped "$SLOG")" 0
is "one process: no child" "$(children_of "$BPID" | tr '\n' ' ')" ""

# a client that never reads: dropped once its queue is full, and the
# reader beside it (socat -u, which only reads and never half-closes, or
# Python with its input held open) gets all 24 MiB the sender sends,
# whole
head -c 25165824 /dev/urandom >"$T/big"
mkfifo "$T/hold" "$T/rin"
BGIN=$T/hold bg 100 python3 "$PEER" stall 127.0.0.1 "$SPORT"
exec 7>"$T/hold"
wait_until 20 joined 4 || fail "the stalled client joined"
if have socat; then
	BGOUT=$T/r bg 100 socat -u TCP:127.0.0.1:"$SPORT" STDOUT
else
	BGIN=$T/rin BGOUT=$T/r bg 100 python3 "$PEER" cat 127.0.0.1 "$SPORT"
	exec 8>"$T/rin"
fi
RPID=$BGPID
wait_until 20 joined 5 || fail "the reader joined"
run 100 "$SOCKT" connect -q 0 127.0.0.1 "$SPORT" <"$T/big"
is "the sender sent 24 MiB and ended" "$rc" 0
wait_until 60 logged 1 "dropped: it does not read" ||
    fail "the client that does not read is dropped" "$(cat "$SLOG")"
like "the drop names the queue" "$(grep dropped "$SLOG")" \
    "*dropped: it does not read, * bytes queued"
wait_until 60 size_is "$T/r" 25165824
is "the reader got every byte while the other was dropped" \
    "$(sum_of "$T/r")" "$(sum_of "$T/big")"
is "one drop only" "$(grep -c dropped "$SLOG")" 1
exec 7>&- 8>&-
kill "$RPID" 2>/dev/null

# a client that reads, but far slower than the sender: the broker holds
# the sender back for it, and it gets all 12 MiB, never dropped
head -c 12582912 /dev/urandom >"$T/mid"
mkfifo "$T/slowin"
BGIN=$T/slowin BGOUT=$T/slow bg 100 python3 "$PEER" slow 127.0.0.1 "$SPORT"
SLPID=$BGPID
exec 7>"$T/slowin"
wait_until 20 joined 7 || fail "the slow reader joined"
run 100 "$SOCKT" connect -q 0 127.0.0.1 "$SPORT" <"$T/mid"
is "the sender to the slow reader ended" "$rc" 0
wait_until 90 size_is "$T/slow" 12582912
is "the slow reader got every byte, in order" "$(sum_of "$T/slow")" \
    "$(sum_of "$T/mid")"
is "and was not dropped" "$(grep -c dropped "$SLOG")" 1
exec 7>&-
wait_gone "$SLPID" 10

# SIGTERM: exit 0, every client closed (one whose input stays open: an
# end of file would be its leave before the signal)
mkfifo "$T/ein"
BGIN=$T/ein BGOUT=$T/e bg 30 python3 "$PEER" cat 127.0.0.1 "$SPORT"
EPID=$BGPID
exec 7>"$T/ein"
wait_until 20 joined 9 || fail "a last client joined"
check "its client is there before the signal" alive "$EPID"
kill -TERM "$BPID"
wait_status "$BPID"
is "SIGTERM: exit 0" "$rc" 0
wait_gone "$EPID" 10
check "its client saw the end" _not_alive "$EPID"
exec 7>&-

# chat: the same session against ncat --chat and sockt --chat
server 60 "$SOCKT" listen -v --chat 127.0.0.1 0 || fail "listen --chat starts"
CPID=$SPID
run 30 python3 "$PEER" chat 127.0.0.1 "$SPORT"
is "the chat session ran" "$rc" 0
cp "$T/out" "$T/sockt.tr"
cat >"$T/want.tr" <<'W'
a: <announce> 127.0.0.1 is connected as <a>.
a: <announce> already connected: nobody.
a: <announce> 127.0.0.1 is connected as <b>.
a: <announce> 127.0.0.1 is connected as <c>.
a: <b> caf\303\251 \033[1mbold\007	tab\ back\000
a: <c> 
a: <announce> <c> is disconnected.
b: <announce> 127.0.0.1 is connected as <b>.
b: <announce> already connected: 127.0.0.1 as <a>.
b: <announce> 127.0.0.1 is connected as <c>.
b: <a> hello from a
b: <c> 
b: <announce> <c> is disconnected.
c: <announce> 127.0.0.1 is connected as <c>.
c: <announce> already connected: 127.0.0.1 as <a>, 127.0.0.1 as <b>.
c: <a> hello from a
c: <b> caf\303\251 \033[1mbold\007	tab\ back\000
W
printf 'x\r\n' >"$T/crlf"
sed "s/back\\\\000\$/back\\\\000$(tr -d 'x\n' <"$T/crlf")/" "$T/want.tr" \
    >"$T/want2.tr"
check "chat: prefixes, escapes, announcements as designed" \
    cmp -s "$T/sockt.tr" "$T/want2.tr"
like "chat: -v names each client" "$(cat "$SLOG")" \
    "*connection from 127.0.0.1 port * as <user3>*"
if have ncat; then
	port=$(freeport)
	bg 30 ncat -l --chat 127.0.0.1 "$port"
	NPID=$BGPID
	wait_until 10 "$SOCKT" connect -z -w 1 127.0.0.1 "$port" 2>/dev/null
	# the probe was a client too: its leave reaches no one
	run 30 python3 "$PEER" chat 127.0.0.1 "$port"
	grep -v 'already connected' "$T/out" >"$T/ncat.f"
	grep -v 'already connected' "$T/sockt.tr" >"$T/sockt.f"
	# ncat sends the list of who is there to everyone at each join,
	# sockt to the newcomer alone: the rest is the same
	check "chat: the same lines as ncat --chat" cmp -s "$T/ncat.f" \
	    "$T/sockt.f"
	kill "$NPID" 2>/dev/null
else
	skip "chat: the same lines as ncat --chat" "no ncat"
fi

# chat lines from socat and Python: many lines in one read, a partial
# line held until its end of file, an overlong line cut at 4096 bytes
mkfifo "$T/ci"
BGIN=$T/ci BGOUT=$T/co bg 30 python3 "$PEER" cat 127.0.0.1 "$SPORT"
exec 4>"$T/ci"
wait_until 10 has "$T/co" "already connected: nobody" ||
    fail "a chat client joined" "$(cat "$T/co")"
printf 'line one\nline two\npart' >"$T/lines"
if have socat; then
	# both ways: a client that closes with the announcements unread
	# resets the connection, and TCP may then drop its last bytes
	run 10 socat - TCP:127.0.0.1:"$SPORT" <"$T/lines"
else
	run 10 "$SOCKT" connect -q 5 127.0.0.1 "$SPORT" <"$T/lines"
fi
wait_until 10 has "$T/co" "<user5> is disconnected" ||
    fail "the sender's leave told" "$(cat "$T/co")"
{ head -c 5000 /dev/zero | tr '\0' x; echo; } >"$T/long"
run 10 "$SOCKT" connect -q 5 127.0.0.1 "$SPORT" <"$T/long"
wait_until 10 has "$T/co" "<user6> is disconnected" ||
    fail "the long line's sender left" "$(cat "$T/co")"
exec 4>&-
# (the chat session's clients may still be leaving: user5's lines only)
grep 'user5' "$T/co" >"$T/co5"
cat >"$T/want5" <<'W'
<announce> 127.0.0.1 is connected as <user5>.
<user5> line one
<user5> line two
<user5> part
<announce> <user5> is disconnected.
W
is "chat: a line each, the partial one at the sender's end" \
    "$(cat "$T/co5")" "$(cat "$T/want5")"
is "chat: an overlong line is cut at 4096 bytes" \
    "$(grep '^<user6> x' "$T/co" | awk '{ print length($0) }' | tr '\n' ' ')" \
    "4104 912 "

# TLS: the broker does not serve it, a TLS forwarder in front of it does
# (the man page's advice); ncat --ssl and sockt connect --tls chat so
if "$SOCKT" --version | grep -q 'TLS: OpenSSL'; then
	CHP=$SPORT
	server 30 "$SOCKT" listen -k -v --tls 127.0.0.1 0 \
	    --to 127.0.0.1:"$CHP" || fail "a TLS forwarder starts"
	FPID=$SPID
	mkfifo "$T/ti"
	BGIN=$T/ti BGOUT=$T/ta bg 30 "$SOCKT" connect --tls --insecure \
	    127.0.0.1 "$SPORT"
	exec 4>"$T/ti"
	wait_until 10 has "$T/ta" "already connected" ||
	    fail "a TLS chat client joined" "$(cat "$T/ta")"
	printf 'over tls\n' >"$T/tl"
	if have ncat; then
		run 10 ncat --ssl 127.0.0.1 "$SPORT" <"$T/tl"
	else
		run 10 "$SOCKT" connect --tls --insecure -q 5 127.0.0.1 \
		    "$SPORT" <"$T/tl"
	fi
	wait_until 10 has "$T/ta" "> over tls" ||
	    fail "a line over TLS" "$(cat "$T/ta")"
	like "chat over TLS through a forwarder in front" \
	    "$(grep 'over tls' "$T/ta")" "<user[0-9]*> over tls"
	exec 4>&-
	kill "$FPID"
else
	skip "chat over TLS through a forwarder in front" "no libssl.so.3"
fi
kill -TERM "$CPID"
wait_status "$CPID"
is "chat: SIGTERM, exit 0" "$rc" 0

# a one-shot sender, "echo hi | sockt connect": connect half-closes at
# the end of its input and exits when the broker closes, which its end
# of file now makes the broker do at once, as ncat's does, after its
# bytes went to the others.  The 1 s watchdog turns a hang into 124.
# oneshot PORT [FORMAT]: printf FORMAT (default "hi\n") | sockt connect
oneshot() {
	run 1 sh -c 'printf "$2" | "$0" connect 127.0.0.1 "$1"' "$SOCKT" \
	    "$1" "${2:-hi\n}"
}
server 60 "$SOCKT" listen -v --broker 127.0.0.1 0 ||
    fail "a broker for one-shots starts"
OPID=$SPID
OPORT=$SPORT
mkfifo "$T/oi"
BGIN=$T/oi BGOUT=$T/oo bg 50 python3 "$PEER" cat 127.0.0.1 "$SPORT"
ORPID=$BGPID
exec 4>"$T/oi"
wait_until 10 joined 1 || fail "the one-shots' reader joined" "$(cat "$SLOG")"
oneshot "$SPORT"
is "broker: echo hi | sockt connect exits 0 within 1 s" "$rc" 0
wait_until 10 has "$T/oo" "^hi\$"
is "broker: its line reached the reader" "$(cat "$T/oo")" "hi"
wait_until 10 logged 1 "port [0-9]* closed\$"
is "broker: closed as a leave, no error, the reader kept" \
    "$(grep -c "closed" "$SLOG")" 1
oneshot "$SPORT" 'again\n'
is "broker: a second one-shot exits 0 within 1 s" "$rc" 0
wait_until 10 has "$T/oo" "^again\$"
is "broker: the reader got both lines, in order" "$(cat "$T/oo")" "hi
again"
check "broker: the reader is still connected" alive "$ORPID"
if have ncat; then
	port=$(freeport)
	BGERR=$T/ne bg 30 ncat -v -l --broker 127.0.0.1 "$port"
	NPID=$BGPID
	wait_until 10 has "$T/ne" "Listening on" ||
	    fail "ncat --broker starts" "$(cat "$T/ne")"
	mkfifo "$T/ni"
	BGIN=$T/ni BGOUT=$T/no bg 30 python3 "$PEER" cat 127.0.0.1 "$port"
	exec 5>"$T/ni"
	wait_until 10 has "$T/ne" "Connection from 127.0.0.1:" ||
	    fail "ncat's reader joined" "$(cat "$T/ne")"
	oneshot "$port"
	r1=$rc
	oneshot "$port" 'again\n'
	wait_until 10 has "$T/no" "^again\$"
	is "ncat --broker: the same exits and the same lines" \
	    "$r1 $rc $(cat "$T/no" | tr '\n' ' ')" "0 0 hi again "
	exec 5>&-
	kill "$NPID" 2>/dev/null
else
	skip "ncat --broker: the same exits and the same lines" "no ncat"
fi
# a client that half-closes and never reads, with bytes queued for it:
# it gets nothing new, and is closed 2 s after its socket last took
# any, never holding its slot for as long as its peer stays
mkfifo "$T/hh"
BGIN=$T/hh bg 50 python3 "$PEER" stallhalf 127.0.0.1 "$SPORT"
HPID=$BGPID
exec 5>"$T/hh"
wait_until 10 joined 4 || fail "the half-closing non-reader joined"
hport=$(grep "connection from .* port [0-9]*\$" "$SLOG" | tail -n 1 |
    sed 's/.* port //')
# 3.5 MiB: some 3 the kernel's buffers hold (here), the rest is queued;
# the reader has it all before the end, so nothing more comes that
# would overflow the queue and drop the non-reader the other way.  (With
# other buffers the queue is empty, and the end closes it at once, or
# full, and it is dropped before: let go all the same.)
head -c 3670016 /dev/urandom >"$T/hq"
run 60 "$SOCKT" connect -q 0 127.0.0.1 "$SPORT" <"$T/hq"
wait_until 30 size_is "$T/oo" $((3670016 + 9))
is "broker: the reader got every byte beside the non-reader" \
    "$(tail -c 3670016 "$T/oo" | cksum)" "$(cksum <"$T/hq")"
exec 5>&-
wait_until 10 grep -Eq "port $hport (closed|dropped)" "$SLOG"
like "broker: a half-closed non-reader is let go" \
    "$(grep "port $hport " "$SLOG")" "*port $hport [cd][lr]o[sp]*"
check "broker: by the broker, its peer still there" alive "$HPID"
exec 4>&-
kill -TERM "$OPID"
wait_status "$OPID"
is "broker: SIGTERM, exit 0" "$rc" 0

# the same for --chat, where a client's end of file was its leave
# already: each line as "<userN> line", a partial last one too
server 60 "$SOCKT" listen -v --chat 127.0.0.1 0 ||
    fail "a chat for one-shots starts"
OPID=$SPID
mkfifo "$T/ki"
BGIN=$T/ki BGOUT=$T/ko bg 50 python3 "$PEER" cat 127.0.0.1 "$SPORT"
exec 4>"$T/ki"
wait_until 10 has "$T/ko" "already connected: nobody" ||
    fail "the chat one-shots' reader joined" "$(cat "$T/ko")"
oneshot "$SPORT"
is "chat: echo hi | sockt connect exits 0 within 1 s" "$rc" 0
like "chat: it heard its own join" "$out" "*is connected as <user2>.*"
oneshot "$SPORT" 'one\ntwo'
is "chat: a partial last line, exit 0 within 1 s" "$rc" 0
wait_until 10 has "$T/ko" "<user3> is disconnected"
is "chat: the reader got each line, then each leave" "$(cat "$T/ko")" \
"<announce> 127.0.0.1 is connected as <user1>.
<announce> already connected: nobody.
<announce> 127.0.0.1 is connected as <user2>.
<user2> hi
<announce> <user2> is disconnected.
<announce> 127.0.0.1 is connected as <user3>.
<user3> one
<user3> two
<announce> <user3> is disconnected."
exec 4>&-
kill -TERM "$OPID"
wait_status "$OPID"
is "chat: SIGTERM, exit 0" "$rc" 0

# the access lists and the limits
server 30 "$SOCKT" listen -v --broker --deny 127.0.0.0/8 127.0.0.1 0 ||
    fail "--deny starts"
run 5 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
wait_until 10 logged 1 "refused by the access list" ||
    fail "--deny refuses" "$(cat "$SLOG")"
pass "--deny: a denied client is refused and logged"
kill "$SPID"
server 30 "$SOCKT" listen -v --broker --allow 127.0.0.2 127.0.0.1 0 ||
    fail "--allow starts"
run 5 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
wait_until 10 logged 1 "refused by the access list" ||
    fail "--allow refuses the others" "$(cat "$SLOG")"
pass "--allow: a client not listed is refused"
kill "$SPID"

server 30 "$SOCKT" listen -v --broker -m 2 --max-per-peer 5 127.0.0.1 0 ||
    fail "-m 2 starts"
mkfifo "$T/m1" "$T/m2"
BGIN=$T/m1 BGOUT=$T/mo1 bg 20 python3 "$PEER" cat 127.0.0.1 "$SPORT"
BGIN=$T/m2 BGOUT=$T/mo2 bg 20 python3 "$PEER" cat 127.0.0.1 "$SPORT"
exec 4>"$T/m1" 5>"$T/m2"
wait_until 10 joined 2
run 5 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
wait_until 10 logged 1 "refused: 2 clients already (-m)" ||
    fail "-m 2: the third refused" "$(cat "$SLOG")"
pass "-m 2: a third client is refused"
printf 'still here\n' >&4
wait_until 10 has "$T/mo2" "still here"
is "-m 2: the two admitted still talk" "$(cat "$T/mo2")" "still here"
exec 4>&- 5>&-
kill "$SPID"

server 30 "$SOCKT" listen -v --broker --max-per-peer 1 127.0.0.1 0 ||
    fail "--max-per-peer starts"
mkfifo "$T/p1"
BGIN=$T/p1 bg 20 python3 "$PEER" cat 127.0.0.1 "$SPORT"
exec 4>"$T/p1"
wait_until 10 joined 1
run 5 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
wait_until 10 logged 1 "refused: 1 connections from this address" ||
    fail "--max-per-peer 1: the second refused" "$(cat "$SLOG")"
pass "--max-per-peer 1: a second client from the address is refused"
exec 4>&-
kill "$SPID"

if have_ipv6; then
	server 30 "$SOCKT" listen -6 -v --broker ::1 0 || fail "-6 starts"
	mkfifo "$T/s1"
	BGIN=$T/s1 BGOUT=$T/so1 bg 20 python3 "$PEER" cat ::1 "$SPORT"
	exec 4>"$T/s1"
	wait_until 10 logged 1 "connection from ::1"
	run 10 sh -c "printf 'over v6\n' | \"\$SOCKT\" connect -q 0 ::1 $SPORT"
	wait_until 10 has "$T/so1" "over v6"
	is "-6: the broker on ::1" "$(cat "$T/so1")" "over v6"
	exec 4>&-
	kill "$SPID"
else
	skip "-6: the broker on ::1" "no IPv6 loopback"
fi

done_testing
