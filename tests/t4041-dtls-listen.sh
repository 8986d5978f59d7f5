#!/bin/sh
# t4041: listen -u --tls, a DTLS server for one peer, against openssl
# s_client -dtls and ncat --udp --ssl: the cookie exchange first (a
# HelloVerifyRequest before the ServerHello), lines both ways, the
# client's certificate check passing, our close_notify at the end of
# stdin, the peer's ending the session with exit 0; an ephemeral
# certificate without --cert; a sender the access list keeps out never
# gets a session; --tls-verify-client refusing a client without a
# certificate and one from an unknown root, in one line, exit 1; a lost
# ServerHello (dtls_relay.py drops it) and the handshake still done;
# port 0 never one that another socket holds; the usage rules.
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

mkfifo "$T/lin" "$T/cin" || exit 1

# --- s_client -dtls: cookies, lines both ways, our close_notify ---------
# lsrv ARGS...: listen -u --tls -v, its stdin the fifo of fd 7 (bg, not
# server: nothing else may hold the fifo open), SPORT, SPID, SLOG
lsrv() {
	BGIN=$T/lin BGOUT=$T/lout BGERR=$T/lerr bg 60 "$SOCKT" listen -u \
	    --tls -v "$@"
	SPID=$BGPID SLOG=$T/lerr
	wait_until 20 grep -q 'listening on' "$T/lerr" ||
	    { fail "listen -u --tls starts" "$(cat "$T/lerr")"; exit 1; }
	SPORT=$(sed -n 's/.*listening on .* port //p' "$T/lerr")
}
exec 7<>"$T/lin"
lsrv --cert "$P/good.pem" --key "$P/good.key" 127.0.0.1 0
lpid=$SPID
lslog=$SLOG
exec 8<>"$T/cin"
BGIN=$T/cin BGOUT=$T/cout BGERR=$T/cerr bg 60 openssl s_client -dtls -msg \
    -connect "127.0.0.1:$SPORT" -CAfile "$P/ca.pem" -verify_return_error \
    -verify_hostname localhost
cpid=$BGPID
check "the handshake done (listen -v)" wait_until 20 grep -q \
    'connection from 127.0.0.1 port [0-9]*: DTLSv1.2, cipher' "$lslog"
printf 'from client\n' >&8
check "the client's line written out" \
    wait_until 10 grep -q '^from client$' "$T/lout"
printf 'from server\n' >&7
check "our line reached s_client" \
    wait_until 10 grep -q '^from server$' "$T/cout"
check "s_client verified the certificate" grep -q 'Verification: OK' \
    "$T/cout"
# s_client -msg: a record received, then its first bytes (type 3:
# HelloVerifyRequest, 2: ServerHello)
hs=$(grep -A1 '^<<<.*content_type=22' "$T/cout" |
    sed -n 's/^    \(0[23]\) .*/\1/p' | head -n 2 | tr '\n' ' ')
is "a HelloVerifyRequest (the cookie) before the ServerHello" "$hs" "03 02 "
exec 7>&-
wait_status "$lpid"
is "stdin's end, -q 1: exit 0" "$rc" 0
check "s_client saw our close_notify" wait_until 10 sh -c \
    "grep -A1 '^<<<' '$T/cout' | grep -q '^    15 fe fd'"
exec 8>&-
wait_gone "$cpid" 10

# --- the peer's close_notify ends the session -------------------------
exec 7<>"$T/lin"
SIN=$T/lin SOUT=$T/lout2 server 60 "$SOCKT" listen -u --tls -v \
    127.0.0.1 0 || exit 1
lpid=$SPID
like "-v: the ephemeral certificate" "$(cat "$SLOG")" \
    "*ephemeral TLS certificate for *, SHA-256 fingerprint *"
printf 'bye\n' >"$T/one"
timeout 20 openssl s_client -dtls -connect "127.0.0.1:$SPORT" \
    <"$T/one" >"$T/cout2" 2>&1
check "ephemeral: the line went over" grep -q '^bye$' "$T/lout2"
wait_status "$lpid"
is "the client's close_notify: exit 0" "$rc" 0
exec 7>&-

# --- ncat --udp --ssl ------------------------------------------------------
if have ncat; then
	exec 7<>"$T/lin"
	SIN=$T/lin SOUT=$T/lout3 server 60 "$SOCKT" listen -u --tls -v \
	    --cert "$P/good.pem" --key "$P/good.key" 127.0.0.1 0 || exit 1
	lpid=$SPID
	exec 8<>"$T/cin"
	BGIN=$T/cin BGOUT=$T/nout BGERR=$T/nerr bg 60 ncat -4 --udp --ssl \
	    --ssl-verify --ssl-trustfile "$P/ca.pem" localhost "$SPORT"
	npid=$BGPID
	printf 'from ncat\n' >&8
	if wait_until 20 grep -q '^from ncat$' "$T/lout3"; then
		pass "ncat --udp --ssl: its line written out"
		printf 'to ncat\n' >&7
		check "ncat --udp --ssl: ours reached it" \
		    wait_until 10 grep -q '^to ncat$' "$T/nout"
	else
		skip "ncat --udp --ssl" "this ncat does no DTLS: $(cat "$T/nerr")"
	fi
	exec 7>&- 8>&-
	wait_gone "$npid" 10
	# ncat leaves without a close_notify, and a datagram peer's silence
	# is no end: listen waits on (as nc -u does; -i bounds it), which
	# the 10 s this waited, unchecked, only showed
	kill "$lpid" 2>/dev/null
else
	skip "ncat --udp --ssl" "no ncat"
fi

# --- an empty datagram (a scanner's probe) first: no end of the wait ---
exec 7<>"$T/lin"
SIN=$T/lin SOUT=$T/lout6 server 60 "$SOCKT" listen -u --tls -v \
    --cert "$P/good.pem" --key "$P/good.key" 127.0.0.1 0 || exit 1
lpid=$SPID
"$SOCKT" connect -u -z -w 1 127.0.0.1 "$SPORT" >/dev/null 2>&1
printf 'after the probe\n' >"$T/one"
timeout 20 openssl s_client -dtls -connect "127.0.0.1:$SPORT" \
    -CAfile "$P/ca.pem" -verify_return_error <"$T/one" >/dev/null 2>&1
is "an empty datagram first: s_client's handshake done" "$?" 0
wait_status "$lpid"
is "an empty datagram first: then the session, exit 0" "$rc" 0
check "an empty datagram first: the line went over" \
    grep -q '^after the probe$' "$T/lout6"
exec 7>&-

# --- the access list ---------------------------------------------------------
SOUT=$T/lout4 server 60 "$SOCKT" listen -u --tls -v -w 3 \
    --deny 127.0.0.1 127.0.0.1 0 || exit 1
lpid=$SPID
timeout 20 openssl s_client -dtls -connect "127.0.0.1:$SPORT" \
    </dev/null >/dev/null 2>&1 &
wait_status "$lpid"
is "--deny: no session, exit 1 after -w" "$rc" 1
# the server's last line may still be on its way from the fifo's copier
# (lib.sh's server) when its exit is seen: wait for the line, not a guess
wait_until 10 grep -q 'no handshake within' "$SLOG"
like "--deny: -v says why" "$(cat "$SLOG")" \
    "*datagram from 127.0.0.1 port * refused by the access list*no handshake within 3.000 s*"

# --- --tls-verify-client: the client's certificate, or no session -------
# vlsrv NAME: listen -u --tls --tls-verify-client (stdin the fifo of fd 7)
vlsrv() {
	SIN=$T/lin SOUT=$T/vout.$1 server 60 "$SOCKT" listen -u --tls -v \
	    --tls-verify-client --cacert "$P/ca.pem" --cert "$P/good.pem" \
	    --key "$P/good.key" 127.0.0.1 0
}
exec 7<>"$T/lin"
vlsrv none || exit 1
lpid=$SPID
timeout 20 openssl s_client -dtls -connect "127.0.0.1:$SPORT" \
    </dev/null >/dev/null 2>&1
wait_status "$lpid"
is "no client certificate: exit 1" "$rc" 1
like "no client certificate: one line why" "$(cat "$SLOG")" \
    "*connection from 127.0.0.1 port *: DTLS handshake failed: peer did not return a certificate"
vlsrv stranger || exit 1
lpid=$SPID
timeout 20 openssl s_client -dtls -connect "127.0.0.1:$SPORT" \
    -cert "$P/stranger.pem" -key "$P/stranger.key" </dev/null >/dev/null 2>&1
wait_status "$lpid"
is "a client certificate from an unknown root: exit 1" "$rc" 1
like "an unknown root: one line why" "$(cat "$SLOG")" \
    "*connection from 127.0.0.1 port *: unable to get local issuer certificate*"
vlsrv good || exit 1
lpid=$SPID
printf 'signed\n' >"$T/one"
timeout 20 openssl s_client -dtls -connect "127.0.0.1:$SPORT" \
    -cert "$P/client.pem" -key "$P/client.key" <"$T/one" >/dev/null 2>&1
wait_status "$lpid"
is "a client certificate from --cacert's root: exit 0" "$rc" 0
check "its line went over" grep -q '^signed$' "$T/vout.good"
like "-v: the client certificate named" "$(cat "$SLOG")" \
    "*DTLSv1.2, cipher *, client certificate /CN=sockt client*"
exec 7>&-

# --- a lost ServerHello: our flight sent again ----------------------------
relay=$(dirname "$0")/dtls_relay.py
exec 7<>"$T/lin"
SIN=$T/lin SOUT=$T/lout5 server 60 "$SOCKT" listen -u --tls -v \
    --cert "$P/good.pem" --key "$P/good.key" 127.0.0.1 0 || exit 1
lpid=$SPID
SOUT=$T/relay.out server 30 python3 "$relay" relay 127.0.0.1 "$SPORT" \
    --drop-first-server-hello || exit 1
rpid=$SPID
printf 'after the loss\n' >"$T/one"
timeout 30 openssl s_client -dtls -connect "127.0.0.1:$SPORT" \
    -CAfile "$P/ca.pem" -verify_return_error <"$T/one" >/dev/null 2>&1
is "s_client: the handshake done though the ServerHello was lost" "$?" 0
check "the relay dropped it" grep -q 'dropped ServerHello' "$T/relay.out"
wait_status "$lpid"
is "then the session, exit 0" "$rc" 0
check "the line went over" grep -q '^after the loss$' "$T/lout5"
kill "$rpid"
exec 7>&-

# --- port 0: a port of our own ----------------------------------------------
# With SO_REUSEADDR set before the bind, Linux may give a UDP port 0 bind
# a port that another socket with it holds, and the newer takes its
# datagrams: a DTLS server that checks no certificate then serves the
# clients of one that does (issue 48).  In a network namespace of our
# own whose port-0 range is 40000-40002, with 40000 and 40001 held that
# way, every listen -u --tls on port 0 must get 40002 (by chance: 1 in 3).
if [ "$(id -u)" = 0 ] && have unshare && have ip; then
	cat >"$T/ns.sh" <<'NSEOF'
ip link set lo up || exit 3
echo '40000 40002' >/proc/sys/net/ipv4/ip_local_port_range || exit 3
python3 -c '
import socket, time
h = []
for p in (40000, 40001):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", p))
    h.append(s)
print("held", flush=True)
time.sleep(30)
' >"$T/held" &
hp=$!
n=0
until grep -q held "$T/held"; do
	n=$((n + 1)); [ $n -lt 200 ] || exit 4; sleep 0.05
done
# its stderr through a fifo, read a whole line at a time (a line written
# in pieces is never read half)
for i in 1 2 3 4 5 6; do
	rm -f "$T/p0.fifo"
	mkfifo "$T/p0.fifo" || exit 5
	"$SOCKT" listen -u --tls -v --cert "$P/good.pem" --key "$P/good.key" \
	    127.0.0.1 0 </dev/null >/dev/null 2>"$T/p0.fifo" &
	lp=$!
	port=none
	while IFS= read -r l; do
		case $l in
		*"listening on "*" port "*) port=${l##* port }; break ;;
		esac
	done <"$T/p0.fifo"
	echo "$port"
	kill "$lp" 2>/dev/null
	wait "$lp"
done
kill "$hp"
NSEOF
	run 60 env T="$T" P="$P" SOCKT="$SOCKT" unshare -n sh "$T/ns.sh"
	is "listen -u --tls on port 0: never a port another socket holds" \
	    "$(echo $out):$rc" "40002 40002 40002 40002 40002 40002:0"
else
	skip "listen -u --tls on port 0: never a port another socket holds" \
	    "needs root, unshare and ip"
fi

# --- usage --------------------------------------------------------------------
run 10 "$SOCKT" listen -u --ws 0
like "-u --ws still refused" "$err:$rc" \
    "*-u does not go with --broker, --chat, --serve-proxy or --ws*:2"

done_testing
