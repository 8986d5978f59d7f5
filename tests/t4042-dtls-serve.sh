#!/bin/sh
# t4042: udp-serve --tls, a DTLS server for many peers: ten openssl
# s_client -dtls at once against --echo, every one echoed on a session of
# its own after the cookie exchange; --print, --hello, --to forwarding;
# ncat --udp --ssl as another client; -m evicting the idlest, -i
# closing an idle session; SIGTERM ending with a close_notify to every
# peer; a lost ServerHello and the session's handshake still done;
# --tls-verify-client refusing bad client certificates, in one line
# each; a peer back from its old session's address and port served at
# once, a hello there without the cookie answered and the old session
# kept; a session over ::1; the usage rules.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"

if ! pki_usable; then
	skip "DTLS" "no openssl command or no libssl.so.3"
	done_testing
	exit 0
fi
P=$T/pki
if ! pki_make; then
	fail "a PKI from the openssl command" "$(cat "$P/log")"
	done_testing
	exit 0
fi
mkfifo "$T/hold" || exit 1
exec 9<>"$T/hold"

# sc N PORT LINE [ARGS...]: an s_client -dtls in the background that sends
# LINE and stays (its stdin the fifo nobody writes after); out in sc$N.out
sc() {
	_n=$1 _p=$2
	printf '%s\n' "$3" >"$T/sc$_n.in"
	shift 3
	BGIN=$T/sc$_n.in BGOUT=$T/sc$_n.out BGERR=$T/sc$_n.err bg 60 \
	    openssl s_client -dtls -ign_eof -connect "127.0.0.1:$_p" \
	    -CAfile "$P/ca.pem" -verify_return_error "$@"
	eval "SC$_n=\$BGPID"
}

# --- ten at once, --echo ------------------------------------------------
server 60 "$SOCKT" udp-serve --tls --echo -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
ulog=$SLOG
for i in 1 2 3 4 5 6 7 8 9 10; do
	sc "$i" "$SPORT" "client $i says hello" -msg
done
ok=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	wait_until 30 grep -q "^client $i says hello\$" "$T/sc$i.out" &&
	    ok=$((ok + 1))
done
is "ten s_client -dtls at once: every one echoed" "$ok" 10
is "a session each" "$(grep -c 'session for 127.0.0.1 port [0-9]* opened: DTLSv1.2' "$ulog")" 10
hs=$(grep -A1 '^<<<.*content_type=22' "$T/sc1.out" |
    sed -n 's/^    \(0[23]\) .*/\1/p' | head -n 2 | tr '\n' ' ')
is "the cookie exchange first (HelloVerifyRequest, then ServerHello)" \
    "$hs" "03 02 "
kill -TERM "$upid"
wait_status "$upid"
is "SIGTERM: exit 0" "$rc" 0
check "every peer got a close_notify" wait_until 10 sh -c '
	for i in 1 2 3 4 5 6 7 8 9 10; do
		grep -A1 "^<<<" "$1/sc$i.out" | grep -q "^    15 fe fd" ||
		    exit 1
	done' sh "$T"
for i in 1 2 3 4 5 6 7 8 9 10; do
	eval "kill \$SC$i" 2>/dev/null
done

# --- stateless: a hundred ClientHellos that never come back -------------
relay=$(dirname "$0")/dtls_relay.py
SOUT=/dev/null server 30 python3 "$relay" silent "$T/hello" || exit 1
"$SOCKT" connect -u --tls -w 1 127.0.0.1 "$SPORT" </dev/null 2>/dev/null
kill "$SPID"
server 60 "$SOCKT" udp-serve --tls --echo -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
nfd=$(ls "/proc/$upid/fd" | wc -l)
is "a hundred sources answered with a HelloVerifyRequest each" \
    "$(timeout 60 python3 "$relay" spoof 127.0.0.1 "$SPORT" "$T/hello" 100)" \
    "hvr 100"
is "no socket kept for them" "$(ls "/proc/$upid/fd" | wc -l)" "$nfd"
sc s "$SPORT" "after them"
check "a real client served after them" \
    wait_until 20 grep -q '^after them$' "$T/scs.out"
is "one session in all" "$(grep -c 'session for' "$SLOG")" 1
kill "$SCs" "$upid"

# --- --print, --hello ---------------------------------------------------------
SOUT=$T/printed server 60 "$SOCKT" udp-serve --tls --print -v \
    127.0.0.1 0 || exit 1
upid=$SPID
printf 'to stdout\n' >"$T/in"
timeout 20 openssl s_client -dtls -connect "127.0.0.1:$SPORT" <"$T/in" \
    >/dev/null 2>&1
check "--print: the record on stdout" \
    wait_until 10 grep -q '^to stdout$' "$T/printed"
check "the client's close_notify ends its session" wait_until 10 \
    grep -q 'session for 127.0.0.1 port [0-9]* closed by the peer' "$SLOG"
kill -TERM "$upid"
server 60 "$SOCKT" udp-serve --tls --hello -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
sc h "$SPORT" "world"
check "--hello: Hello, world!" \
    wait_until 20 grep -q '^Hello, world!$' "$T/sch.out"
# a full record (16384 bytes): its Hello, 8 bytes more, in two records
head -c 16384 /dev/zero | tr '\0' z >"$T/full"
timeout -k 2 20 "$SOCKT" connect -u --tls -q 2 --cacert "$P/ca.pem" \
    127.0.0.1 "$SPORT" <"$T/full" >"$T/hfull" 2>"$T/err"
is "--hello: a full record's Hello, whole" \
    "$(wc -c <"$T/hfull" | tr -d ' '):$(cat "$T/err")" "16392:"
kill "$SCh" "$upid"

# --- --to forwarding ------------------------------------------------------------
server 60 "$SOCKT" udp-serve --echo -v 127.0.0.1 0 || exit 1
tport=$SPORT
tlog=$SLOG
server 60 "$SOCKT" udp-serve --tls -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 --to "127.0.0.1:$tport" || exit 1
upid=$SPID
check "-v: the target" wait_until 10 grep -q \
    "forwarding to 127.0.0.1 port $tport" "$SLOG"
sc f "$SPORT" "through"
check "--to: the record forwarded, the reply back as a record" \
    wait_until 20 grep -q '^through$' "$T/scf.out"
check "the target saw a plain datagram" grep -q \
    'datagram from 127.0.0.1 port [0-9]*, 8 bytes' "$tlog"
kill "$SCf"

# --- ncat --udp --ssl -------------------------------------------------------------
if have ncat; then
	# its stdin stays open: ncat ends at its end
	mkfifo "$T/nin" && exec 8<>"$T/nin"
	BGIN=$T/nin BGOUT=$T/nout BGERR=$T/nerr bg 30 ncat -4 --udp --ssl \
	    --ssl-verify --ssl-trustfile "$P/ca.pem" localhost "$SPORT"
	npid=$BGPID
	printf 'from ncat\n' >&8
	if wait_until 20 grep -q '^from ncat$' "$T/nout"; then
		pass "ncat --udp --ssl: forwarded and back"
	else
		skip "ncat --udp --ssl" "this ncat does no DTLS: $(cat "$T/nerr")"
	fi
	kill "$npid" 2>/dev/null
	exec 8>&-
else
	skip "ncat --udp --ssl" "no ncat"
fi
kill "$upid"

# --- -m, -i ---------------------------------------------------------------------------
server 60 "$SOCKT" udp-serve --tls --echo -v -m 2 -i 2 \
    --cert "$P/good.pem" --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
sc m1 "$SPORT" "one"
wait_until 20 grep -q '^one$' "$T/scm1.out"
sc m2 "$SPORT" "two"
wait_until 20 grep -q '^two$' "$T/scm2.out"
sc m3 "$SPORT" "three"
check "-m 2: the third echoed" wait_until 20 grep -q '^three$' "$T/scm3.out"
like "-m 2: the idlest closed for it" "$(cat "$SLOG")" \
    "*closed: the idlest of 2, for a new client*"
check "-i 2: an idle session closed" wait_until 10 \
    grep -q 'closed: idle' "$SLOG"
kill "$SCm1" "$SCm2" "$SCm3" "$upid" 2>/dev/null

# --- --mtu: the server's flights fit it ---------------------------------------
server 60 "$SOCKT" udp-serve --tls --echo -v --mtu 576 --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
SOUT=$T/mrelay.out server 30 python3 "$relay" relay 127.0.0.1 "$SPORT" \
    --log || exit 1
rpid=$SPID
sc u "$SPORT" "small"
check "--mtu 576: echoed" wait_until 20 grep -q '^small$' "$T/scu.out"
max=$(awk '$1 == "s>c" && $2 > m { m = $2 } END { print m + 0 }' \
    "$T/mrelay.out")
n=$(grep -c '^s>c' "$T/mrelay.out")
check "--mtu 576: the server's datagrams within 548 bytes ($n, the largest $max)" \
    test "$max" -gt 0 -a "$max" -le 548 -a "$n" -ge 4
long=$(head -c 1000 /dev/zero | tr '\0' y)
sc u2 "$SPORT" "$long"
check "--mtu 576: a record of 1000 bytes echoed whole" \
    wait_until 20 grep -q "^$long\$" "$T/scu2.out"
max=$(awk '$1 == "s>c" && $2 > m { m = $2 } END { print m + 0 }' \
    "$T/mrelay.out")
check "--mtu 576: its echo in records within 548 bytes (the largest $max)" \
    test "$max" -gt 0 -a "$max" -le 548
kill "$SCu" "$SCu2" "$upid" "$rpid"

# --- a lost ServerHello: the session's flight sent again ----------------------
server 60 "$SOCKT" udp-serve --tls --echo -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
SOUT=$T/drelay.out server 30 python3 "$relay" relay 127.0.0.1 "$SPORT" \
    --drop-first-server-hello || exit 1
rpid=$SPID
sc d "$SPORT" "after the loss"
check "a lost ServerHello: the handshake done, echoed" \
    wait_until 30 grep -q '^after the loss$' "$T/scd.out"
check "the relay dropped it" grep -q 'dropped ServerHello' "$T/drelay.out"
kill "$SCd" "$upid" "$rpid"

# --- an empty datagram (spoofable, no record) ends no session ---------------
server 60 "$SOCKT" udp-serve --tls --echo -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
elog=$SLOG
SOUT=$T/erelay.out server 30 python3 "$relay" relay 127.0.0.1 "$SPORT" \
    --empty-on-usr1 || exit 1
rpid=$SPID
mkfifo "$T/ein" || exit 1
exec 6<>"$T/ein"
BGIN=$T/ein BGOUT=$T/eout BGERR=$T/eerr bg 60 "$SOCKT" connect -u --tls \
    --cacert "$P/ca.pem" 127.0.0.1 "$SPORT"
epid=$BGPID
printf 'before\n' >&6
wait_until 20 grep -q '^before$' "$T/eout"
kill -USR1 "$rpid"
wait_until 10 grep -q 'sent empty' "$T/erelay.out"
printf 'after\n' >&6
check "an empty datagram each way: the session goes on, echoed" \
    wait_until 20 grep -q '^after$' "$T/eout"
check "an empty datagram: the client still runs" alive "$epid"
check "an empty datagram: no close said by the server" \
    sh -c "! grep -q 'closed by the peer' '$elog'"
exec 6>&-
wait_gone "$epid" 10
kill "$upid" "$rpid"

# --- the peer's close_notify answered with ours (RFC 5246 7.2.1) --------------
server 60 "$SOCKT" udp-serve --tls --echo -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
clog=$SLOG
SOUT=$T/crelay.out server 30 python3 "$relay" relay 127.0.0.1 "$SPORT" \
    --log || exit 1
rpid=$SPID
timeout -k 2 20 "$SOCKT" connect -u --tls -q 0 --cacert "$P/ca.pem" \
    127.0.0.1 "$SPORT" </dev/null >/dev/null 2>&1
wait_until 10 grep -q 'closed by the peer' "$clog"
check "the peer's close_notify: ours back (a datagram after it)" \
    wait_until 10 sh -c "tail -n 1 '$T/crelay.out' | grep -q '^s>c'"
kill "$upid" "$rpid"

# --- --tls-verify-client: bad client certificates refused --------------------
server 60 "$SOCKT" udp-serve --tls --echo -v --tls-verify-client \
    --cacert "$P/ca.pem" --cert "$P/good.pem" --key "$P/good.key" \
    127.0.0.1 0 || exit 1
upid=$SPID
sc v1 "$SPORT" "signed" -cert "$P/client.pem" -key "$P/client.key"
check "a client certificate from --cacert's root: echoed" \
    wait_until 20 grep -q '^signed$' "$T/scv1.out"
check "-v: the client certificate named" grep -q \
    'opened: DTLSv1.2, cipher .*, client certificate /CN=sockt client$' \
    "$SLOG"
sc v2 "$SPORT" "no certificate"
sc v3 "$SPORT" "unknown root" -cert "$P/stranger.pem" -key "$P/stranger.key"
check "none: refused in one line" wait_until 20 grep -q \
    'session for 127.0.0.1 port [0-9]*: DTLS handshake failed: peer did not return a certificate' \
    "$SLOG"
check "an unknown root: refused in one line" wait_until 20 grep -q \
    'session for 127.0.0.1 port [0-9]*: unable to get local issuer certificate' \
    "$SLOG"
wait_gone "$SCv2" 10
wait_gone "$SCv3" 10
is "no session for them" "$(grep -c 'opened' "$SLOG")" 1
is "nothing echoed to them" \
    "$(cat "$T/scv2.out" "$T/scv3.out" | grep -c -e '^no certificate$' \
    -e '^unknown root$')" 0
kill "$SCv1" "$upid"

# --- a peer back from the same address and port --------------------------------
# its old session's socket, connected to that address and port, gets its
# new ClientHello: a new session from it, not silence until -i
server 60 "$SOCKT" udp-serve --tls --echo -v --cert "$P/good.pem" \
    --key "$P/good.key" 127.0.0.1 0 || exit 1
upid=$SPID
cport=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
mkfifo "$T/again" && exec 6<>"$T/again"
BGIN=$T/again BGOUT=$T/again.out bg 30 "$SOCKT" connect -u --tls \
    --cacert "$P/ca.pem" -p "$cport" 127.0.0.1 "$SPORT"
apid=$BGPID
printf 'first\n' >&6
check "the first association echoed" \
    wait_until 20 grep -q '^first$' "$T/again.out"
kill -KILL "$apid"
wait_gone "$apid" 10
exec 6>&-
# a hello without the cookie (the one kept above), as a spoofer sends it
hv=$(timeout 20 python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.connect(("127.0.0.1", int(sys.argv[2])))
s.send(open(sys.argv[3], "rb").read())
s.settimeout(5)
d = s.recv(65536)
print("hvr" if len(d) > 13 and d[0] == 22 and d[13] == 3 else "other")' \
    "$cport" "$SPORT" "$T/hello" 2>&1)
is "a new hello without the cookie: a HelloVerifyRequest" "$hv" hvr
check "and the old session kept for it" sh -c \
    "! grep -q 'closed: a new handshake' '$SLOG'"
printf 'second\n' >"$T/in"
timed 20 "$SOCKT" connect -u --tls -q 1 --cacert "$P/ca.pem" -p "$cport" \
    127.0.0.1 "$SPORT" <"$T/in"
is "back from the same port: echoed" "$out:$err:$rc" "second::0"
within 0 6000 "$el" && pass "back from the same port: at once" ||
    fail "back from the same port: at once" "$el ms"
like "-v: the old session closed for the new" "$(cat "$SLOG")" \
    "*session for 127.0.0.1 port $cport closed: a new handshake from its address and port*session for 127.0.0.1 port $cport opened*"
kill "$upid"

# --- IPv6: a session's socket bound and connected in the listener's family ----
if have_ipv6; then
	server 60 "$SOCKT" udp-serve --tls --echo -v --cert "$P/good.pem" \
	    --key "$P/good.key" ::1 0 || exit 1
	upid=$SPID
	printf 'over six\n' >"$T/in"
	timeout -k 2 20 "$SOCKT" connect -u --tls -q 1 --cacert "$P/ca.pem" \
	    ::1 "$SPORT" <"$T/in" >"$T/out6" 2>"$T/err6"
	rc=$?
	is "::1: echoed, exit 0" "$(cat "$T/out6" "$T/err6"):$rc" "over six:0"
	check "::1: the session opened and closed by the peer" wait_until 10 \
	    grep -q 'session for ::1 port [0-9]* closed by the peer' "$SLOG"
	kill "$upid"
else
	skip "udp-serve --tls on ::1" "no IPv6 loopback"
fi

# --- usage ---------------------------------------------------------------------------
run 10 "$SOCKT" udp-serve --tls -c 3 0
is "--tls -c: refused" "$rc" 2
run 10 "$SOCKT" udp-serve -i 3 0
is "-i without --to or --tls" "$(echo "$err" | head -n 1):$rc" \
    "sockt udp-serve: -i: only with --to or --tls:2"
run 10 "$SOCKT" udp-serve --mtu 600 0
is "--mtu without --tls" "$(echo "$err" | head -n 1):$rc" \
    "sockt udp-serve: --mtu needs --tls:2"
run 10 "$SOCKT" listen -u --mtu 600 0
is "listen -u --mtu without --tls" "$(echo "$err" | head -n 1):$rc" \
    "sockt listen: --mtu needs -u --tls:2"

done_testing
