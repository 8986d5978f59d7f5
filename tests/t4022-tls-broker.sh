#!/bin/sh
# t4022: listen --broker --tls and --chat --tls, every handshake a step
# at a time in the broker's one loop.  ncat --ssl, socat OPENSSL: and
# openssl s_client (verifying against the local PKI) exchange their
# bytes whole and in order; a plain TCP client that never handshakes is
# dropped at the 10 s limit while the others go on, and one that speaks
# no TLS at once; a TLS client that never reads is dropped while a
# reader gets every byte; a one-shot TLS sender (sockt connect, ncat
# --ssl) whose close_notify is its leave returns at once, its line
# passed on; mutual TLS refuses a client without a certificate and
# takes one with; --chat --tls with the ephemeral certificate; no
# libssl.so.3.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
PEER=$(cd "$(dirname "$0")" && pwd)/broker_peer.py

pki_or_skip "TLS broker"
CERT="--cert $P/good.pem --key $P/good.key"

# logged N PATTERN: the server's log has N lines matching PATTERN
logged() { [ "$(grep -c -- "$2" "$SLOG")" -ge "$1" ]; }
# joined N: N clients have joined the broker (its -v lines)
joined() { logged "$1" "connection from .* port [0-9]*\$"; }
# size_is FILE N: FILE holds N bytes
size_is() { [ "$(wc -c <"$1")" -eq "$2" ]; }
# has FILE PATTERN: FILE has a line matching PATTERN
has() { grep -q -- "$2" "$1" 2>/dev/null; }
# waited DESC SECS CMD...: passes once CMD succeeds within SECS, else
# fails with the server's log
waited() {
	_wd=$1
	shift
	if wait_until "$@"; then
		pass "$_wd"
	else
		fail "$_wd" "$(cat "$SLOG")"
	fi
}
socat_tls() {
	socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'
}

run 10 env SOCKT_TLS_LIB="$T/no/libssl.so.3" "$SOCKT" listen --broker \
    --tls 127.0.0.1 0
is "no libssl.so.3: one line, exit 1" "$rc:$err" \
    "1:sockt listen: TLS needs libssl.so.3 (OpenSSL 3), which was not found"
run 10 "$SOCKT" listen --chat --tls -w 5 127.0.0.1 0
is "--chat --tls -w: still a usage error" "$rc" 2

# --- three clients, each verifying the broker's certificate ---------------
seq 1 20000 | tr -d '\n' >"$T/d"
tr '0-9' 'a-j' <"$T/d" >"$T/a"
tr '0-9' 'A-J' <"$T/d" >"$T/A"
n=$(wc -c <"$T/d")
server 200 "$SOCKT" listen -k -v --broker --tls $CERT 127.0.0.1 0 ||
    fail "listen --broker --tls starts"
BPID=$SPID
mkfifo "$T/i1" "$T/i2" "$T/i3"
if have ncat; then
	c1="ncat --ssl --ssl-verify --ssl-trustfile $P/ca.pem localhost $SPORT"
else
	c1="openssl s_client -quiet -CAfile $P/ca.pem -verify_return_error \
	    -connect 127.0.0.1:$SPORT"
fi
if socat_tls; then
	c2="socat - OPENSSL:localhost:$SPORT,cafile=$P/ca.pem"
else
	c2="openssl s_client -quiet -CAfile $P/ca.pem -verify_return_error \
	    -connect 127.0.0.1:$SPORT"
fi
BGIN=$T/i1 BGOUT=$T/o1 BGERR=$T/e1 bg 150 $c1
BGIN=$T/i2 BGOUT=$T/o2 BGERR=$T/e2 bg 150 $c2
# -quiet: no session lines on stdout, and no commands read from stdin
BGIN=$T/i3 BGOUT=$T/o3 BGERR=$T/e3 bg 150 openssl s_client -quiet \
    -CAfile "$P/ca.pem" -verify_return_error -connect "127.0.0.1:$SPORT"
exec 4>"$T/i1" 5>"$T/i2" 6>"$T/i3"
wait_until 30 joined 3 || fail "three TLS clients joined" "$(cat "$SLOG")"
like "-v: the session in a line" "$(cat "$SLOG")" \
    "*connection from 127.0.0.1 port *: TLSv1.*, cipher *"
cat "$T/d" >&4 &
cat "$T/a" >&5 &
cat "$T/A" >&6 &
ok=0
for o in o1 o2 o3; do
	wait_until 60 size_is "$T/$o" $((2 * n)) && ok=$((ok + 1))
done
is "each TLS client got twice $n bytes: both others' data" "$ok" 3
for f in 1:a 1:A 2:d 2:A 3:d 3:a; do
	o=o${f%%:*} w=${f#*:}
	case $w in d) set -- '0-9' ;; a) set -- 'a-j' ;; A) set -- 'A-J' ;; esac
	tr -cd "$1" <"$T/$o" >"$T/got"
	check "client ${f%%:*} got sender $w's bytes whole and in order" \
	    cmp -s "$T/got" "$T/$w"
done
is "client 1 got none of its own bytes" "$(tr -cd '0-9' <"$T/o1" | wc -c)" 0
is "one process: no child" "$(children_of "$BPID" | tr '\n' ' ')" ""

# --- a client that never handshakes: dropped at the limit, alone ---------
mkfifo "$T/st"
BGIN=$T/st bg 100 python3 "$PEER" stall 127.0.0.1 "$SPORT"
exec 7>"$T/st"
# a fourth TLS client joins behind it, and bytes still flow both ways
mkfifo "$T/i4"
BGIN=$T/i4 BGOUT=$T/o4 BGERR=$T/e4 bg 100 openssl s_client -quiet \
    -CAfile "$P/ca.pem" -verify_return_error -connect "127.0.0.1:$SPORT"
exec 8>"$T/i4"
wait_until 30 joined 4 || fail "a TLS client joins beside it"
printf 'after the stall\n' >&8
waited "the new client's bytes reach the others" 30 has "$T/o1" \
    "after the stall"
printf 'to the new one\n' >&4
waited "the others' bytes reach the new client" 30 has "$T/o4" \
    "to the new one"
# the exchange took far less than the 10 s the silent client is given
is "meanwhile the silent client still waits" \
    "$(grep -c 'timed out' "$SLOG")" 0
waited "the silent client is dropped at the handshake's limit" 30 \
    logged 1 "connection from 127.0.0.1 port [0-9]*: TLS handshake timed out"
exec 7>&-
printf 'still here\n' >&5
waited "the broker goes on after the drop" 30 has "$T/o4" "still here"
# a client that speaks no TLS: refused at once, without -v too
printf 'GET / HTTP/1.0\r\n\r\n' >"$T/get"
run 20 "$SOCKT" connect -w 5 127.0.0.1 "$SPORT" <"$T/get"
waited "a client that speaks no TLS is refused" 30 logged 1 \
    "port [0-9]*: TLS handshake failed: "

# --- a TLS client that never reads: dropped, a TLS reader gets all -------
head -c 25165824 /dev/urandom >"$T/big"
mkfifo "$T/hold"
BGIN=$T/hold bg 100 python3 "$PEER" tlsstall 127.0.0.1 "$SPORT"
exec 7>"$T/hold"
wait_until 30 joined 5 || fail "the TLS client that does not read joined"
if socat_tls; then
	# -u: it only reads, and sends no close_notify, which would be its
	# leave
	BGOUT=$T/r bg 100 socat -u OPENSSL:localhost:"$SPORT",cafile="$P/ca.pem" \
	    STDOUT
else
	BGOUT=$T/r bg 100 "$SOCKT" connect --tls --no-shutdown \
	    --cacert "$P/ca.pem" 127.0.0.1 "$SPORT" </dev/null
fi
RPID=$BGPID
wait_until 30 joined 6 || fail "the TLS reader joined"
# the four above end their input: those that pass it on leave, the
# openssl s_client ones (-quiet ignores it) read on and take the 24 MiB
exec 4>&- 5>&- 6>&- 8>&-
run 100 "$SOCKT" connect --tls --cacert "$P/ca.pem" -q 0 127.0.0.1 \
    "$SPORT" <"$T/big"
is "the TLS sender sent 24 MiB and ended" "$rc" 0
waited "the TLS client that does not read is dropped" 60 logged 1 \
    "dropped: it does not read"
wait_until 60 size_is "$T/r" 25165824
is "the TLS reader got every byte while the other was dropped" \
    "$(sum_of "$T/r")" "$(sum_of "$T/big")"
is "one drop only" "$(grep -c dropped "$SLOG")" 1
exec 7>&-
kill "$RPID" 2>/dev/null
kill -TERM "$BPID"
wait_status "$BPID"
is "SIGTERM: exit 0" "$rc" 0

# --- a one-shot TLS sender: its close_notify is its leave ----------------
# "echo hi | sockt connect --tls" sends close_notify at the end of its
# input and exits when the broker closes; the broker passes its line on,
# answers with its own close_notify and closes, at once.  2 s: the
# watchdog of a handshake on a busy machine, not a wait.
server 60 "$SOCKT" listen -v --broker --tls $CERT 127.0.0.1 0 ||
    fail "a TLS broker for one-shots starts"
OPID=$SPID
mkfifo "$T/oi"
BGIN=$T/oi BGOUT=$T/oo BGERR=$T/oe bg 50 openssl s_client -quiet \
    -CAfile "$P/ca.pem" -verify_return_error -connect "127.0.0.1:$SPORT"
ORPID=$BGPID
exec 4>"$T/oi"
wait_until 30 joined 1 || fail "the one-shots' TLS reader joined"
run 2 sh -c 'echo hi | "$0" connect --tls --cacert "$1" 127.0.0.1 "$2"' \
    "$SOCKT" "$P/ca.pem" "$SPORT"
is "echo hi | sockt connect --tls: exit 0 at once" "$rc" 0
waited "its line reached the TLS reader" 10 has "$T/oo" "^hi\$"
waited "closed as a leave, no error" 10 logged 1 "port [0-9]* closed\$"
if have ncat; then
	run 2 sh -c 'echo again | ncat --ssl 127.0.0.1 "$0"' "$SPORT"
	is "echo again | ncat --ssl: exit 0 at once" "$rc" 0
	waited "ncat's line reached the TLS reader" 10 has "$T/oo" "^again\$"
	nleft=2
else
	skip "echo again | ncat --ssl: exit 0 at once" "no ncat"
	skip "ncat's line reached the TLS reader" "no ncat"
	nleft=1
fi
check "the TLS reader is still connected" alive "$ORPID"
wait_until 10 logged "$nleft" "port [0-9]* closed\$"
is "the broker closed the one-shots, no one else" \
    "$(grep -c "closed" "$SLOG")" "$nleft"
exec 4>&-
kill -TERM "$OPID"
wait_status "$OPID"
is "one-shots: SIGTERM: exit 0" "$rc" 0

# --- mutual TLS ----------------------------------------------------------
server 60 "$SOCKT" listen -v --broker --tls $CERT --tls-verify-client \
    --cacert "$P/ca.pem" 127.0.0.1 0 || fail "mutual TLS broker starts"
MPID=$SPID
mkfifo "$T/mi"
BGIN=$T/mi BGOUT=$T/mo BGERR=$T/me bg 60 openssl s_client -quiet \
    -CAfile "$P/ca.pem" -cert "$P/client.pem" -key "$P/client.key" \
    -connect "127.0.0.1:$SPORT"
exec 4>"$T/mi"
wait_until 30 joined 1 || fail "the client with a certificate joined"
like "-v: its certificate named" "$(cat "$SLOG")" \
    "*TLSv1.*, client certificate */CN=sockt client*"
printf 'x\n' >"$T/x"
run 20 timeout 15 openssl s_client -quiet -CAfile "$P/ca.pem" \
    -connect "127.0.0.1:$SPORT" <"$T/x"
waited "a client without a certificate is refused" 30 logged 1 \
    "TLS handshake failed: .*certificate"
is "and it never joined" "$(grep -c "connection from .* port [0-9]*\$" \
    "$SLOG")" 1
if have ncat; then
	printf 'with a cert\n' >"$T/wc"
	run 20 ncat --ssl --ssl-cert "$P/client.pem" --ssl-key \
	    "$P/client.key" --send-only 127.0.0.1 "$SPORT" <"$T/wc"
	waited "ncat --ssl-cert's bytes reach the other" 30 has "$T/mo" \
	    "with a cert"
else
	skip "ncat --ssl-cert's bytes reach the other" "no ncat"
fi
exec 4>&-
kill -TERM "$MPID"
wait_status "$MPID"
is "mutual TLS: SIGTERM: exit 0" "$rc" 0

# --- chat over TLS, the ephemeral certificate ------------------------------
server 60 "$SOCKT" listen -v --chat --tls --tls-min 1.2 127.0.0.1 0 ||
    fail "listen --chat --tls starts"
CPID=$SPID
mkfifo "$T/ca" "$T/cb"
if have ncat; then
	ca="ncat --ssl 127.0.0.1 $SPORT"
else
	ca="openssl s_client -quiet -connect 127.0.0.1:$SPORT"
fi
if socat_tls; then
	cb="socat - OPENSSL:127.0.0.1:$SPORT,verify=0"
else
	cb="openssl s_client -quiet -connect 127.0.0.1:$SPORT"
fi
BGIN=$T/ca BGOUT=$T/oa BGERR=$T/ea bg 60 $ca
exec 4>"$T/ca"
wait_until 30 has "$T/oa" "already connected: nobody" ||
    fail "chat: the first client joined" "$(cat "$T/oa" "$SLOG")"
BGIN=$T/cb BGOUT=$T/ob BGERR=$T/eb bg 60 $cb
exec 5>"$T/cb"
wait_until 30 has "$T/ob" "already connected: 127.0.0.1 as <user1>" ||
    fail "chat: the second client joined" "$(cat "$T/ob" "$SLOG")"
printf 'hello from a\n' >&4
wait_until 30 has "$T/ob" "^<user1> hello from a\$" ||
    fail "chat: a's line reaches b" "$(cat "$T/ob")"
printf 'caf\303\251 \033[1m from b\n' >&5
wait_until 30 has "$T/oa" '^<user2> caf\\303\\251 \\033\[1m from b$' ||
    fail "chat: b's line reaches a, escaped" "$(cat "$T/oa")"
# a line of 8000 bytes and one more in one write, one TLS record (socat
# reads 8192 at a time), taken in reads of 4096 at most: the bytes the
# TLS session then holds decrypted, which poll cannot see, are read
# without waiting for more to come
{ head -c 8000 /dev/zero | tr '\0' y; printf '\nlast\n'; } >"$T/long"
cat "$T/long" >&5
waited "chat: a long line over TLS, nothing held back" 30 \
    has "$T/oa" "^<user2> last\$"
is "chat: cut at 4096" "$(grep -c '^<user2> yyyy' "$T/oa")" 2
grep '^<user2> y' "$T/oa" | tr -cd y >"$T/ys"
is "chat: every byte of it" "$(wc -c <"$T/ys")" 8000
exec 5>&-
wait_until 30 has "$T/oa" "<user2> is disconnected" ||
    fail "chat: b's leave told" "$(cat "$T/oa")"
is "chat over TLS: what a saw" \
    "$(grep -v '^<user2> y\|^<user2> last$' "$T/oa")" \
"<announce> 127.0.0.1 is connected as <user1>.
<announce> already connected: nobody.
<announce> 127.0.0.1 is connected as <user2>.
<user2> caf\\303\\251 \\033[1m from b
<announce> <user2> is disconnected."
like "chat: -v names the TLS client" "$(cat "$SLOG")" \
    "*connection from 127.0.0.1 port * as <user2>*"
exec 4>&-
kill -TERM "$CPID"
wait_status "$CPID"
is "chat: SIGTERM: exit 0" "$rc" 0

done_testing
