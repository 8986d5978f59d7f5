#!/bin/sh
# t4002: a TLS handshake cut short at each step, against a real server:
# tests/cut_proxy.py between connect --tls and openssl s_server passes
# the first N bytes of the server's side and then closes (or resets, or
# goes silent), for N at and around every record of the server's
# handshake, TLS 1.3 and 1.2.  Each cut is one line, "TLS handshake
# failed: the peer closed the connection" (OpenSSL 3.0 reports that end
# of file as SSL_ERROR_ZERO_RETURN once SSL_OP_IGNORE_UNEXPECTED_EOF is
# set: no "unknown error"), exit 1, at once; a reset is "Connection reset
# by peer", silence "TLS handshake timed out" within -w; the whole
# handshake and then a close is a clean end.
# Then the two failures a real server gives after or beside the
# handshake: TLS 1.3 refusing a client certificate after the client's
# handshake is over (the reason, not "Protocol error"; a refusal even
# under -z and -q 0, which read nothing; a certificate taken, with a
# session ticket or without one), and a refusal under --insecure (not
# blamed on the certificate).
. "$(dirname "$0")/lib.sh"

if ! have openssl || ! have python3; then
	skip "a handshake cut at each step" "no openssl command or no python3"
	done_testing
	exit 0
fi
case $("$SOCKT" --version) in
*"TLS: OpenSSL"*) ;;
*)	skip "a handshake cut at each step" "no libssl.so.3"
	done_testing
	exit 0 ;;
esac
D=$(cd "$(dirname "$0")" && pwd)

# one self-signed certificate for localhost and 127.0.0.1: what is
# verified is not the point here, only where the stream stops.  RSA: its
# signatures have one length (ECDSA's vary by a byte or two), so every
# handshake's records lie where the first one's did.
if ! openssl req -x509 -newkey rsa:2048 -nodes \
    -keyout "$T/k.pem" -out "$T/c.pem" -days 3 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>"$T/pki.log"; then
	fail "a certificate from the openssl command" "$(cat "$T/pki.log")"
	done_testing
	exit 1
fi

# s_server NAME ARGS...: openssl s_server -rev on 127.0.0.1 (it cannot
# bind port 0: a free port, another on a clash); sets SP
s_server() {
	_n=$1
	shift
	for _try in 1 2 3; do
		SP=$(freeport) || return 1
		BGOUT=$T/$_n.out BGERR=$T/$_n.err bg 150 openssl s_server \
		    -accept "127.0.0.1:$SP" -cert "$T/c.pem" -key "$T/k.pem" \
		    -rev "$@"
		_sp=$BGPID
		if wait_until 10 _s_up && alive "$_sp"; then
			return 0
		fi
		kill "$_sp" 2>/dev/null
		wait "$_sp" 2>/dev/null
	done
	fail "s_server $_n starts" "$(cat "$T/$_n.err")"
	return 1
}
_s_up() { alive "$_sp" || return 0; grep -q '^ACCEPT' "$T/$_n.out"; }

# tc ARGS...: connect --tls to the proxy, nothing to send; the watchdog
# far above -w (or $TC_SECS), so a hang shows as 124
tc() {
	timeout -k 2 "${TC_SECS:-30}" "$SOCKT" connect -w 5 --tls \
	    --cacert "$T/c.pem" "$@" localhost "$PP" </dev/null >"$T/out" \
	    2>"$T/err"
	rc=$?
	out= err=
	[ ! -s "$T/out" ] || out=$(cat "$T/out")
	[ ! -s "$T/err" ] || err=$(cat "$T/err")
}
# layout LINE FLIGHTS: from a line of the proxy's log, "H START...": the
# bytes of the server's handshake (its first FLIGHTS flights) and where
# each of its records starts
layout() {
	echo "$1" | awk -v flights="$2" '{
		h = $NF
		for (i = 1; i <= NF - 2; i++) {
			split($i, r, ":")
			if (!(r[3] in seen)) { seen[r[3]] = 1; nf++ }
			if (nf > flights) { h = r[2]; break }
			starts = starts " " r[2]
		}
		print h starts
	}'
}
_more_lines() { [ "$(wc -l <"$T/cut.log")" -gt "$1" ]; }
# cut N [HOW]: the next connections are cut so
cut() { echo "$*" >"$T/cut"; }

# cuts VER FLIGHTS ARGS...: the series against a server of TLS VER (its
# s_server ARGS), whose handshake is its first FLIGHTS flights
cuts() {
	ver=$1 flights=$2
	shift 2
	s_server "s$ver" "$@" || return 1
	: >"$T/cut.log"
	cut all
	server 150 python3 "$D/cut_proxy.py" "$SP" "$T/cut" "$T/cut.log" ||
	    return 1
	PP=$SPORT
	tc
	is "TLS $ver, nothing cut: exit 0" "$rc|$err" "0|"
	wait_until 10 test -s "$T/cut.log"
	# "records TYPE:START:TAG ... end TOTAL": a flight is the records
	# that came while the client had sent the same number of bytes
	recs=$(sed -n '1s/^records //p' "$T/cut.log")
	# the offsets of the handshake's records and where it ends
	hs=$(layout "$recs" "$flights")
	H=${hs%% *}
	starts=${hs#* }
	nrec=$(echo "$starts" | wc -w | tr -d ' ')
	check "TLS $ver: the server's handshake, $nrec records, $H bytes" \
	    [ "$nrec" -ge 3 ] && [ "$H" -gt 100 ]
	# every record: none of it, part of its header, the header alone,
	# half its body; and all but the handshake's last byte
	points=$(echo "$starts" | awk -v h="$H" '{
		for (i = 1; i <= NF; i++) {
			nx = i < NF ? $(i + 1) : h
			print $i; print $i + 1; print $i + 4; print $i + 5
			print $i + int((nx - $i + 5) / 2)
		}
		print h - 1
	}' | awk '!seen[$0]++ && $0 >= 0')
	# at once: within 4 s, the watchdog's (two dates a cut were 4
	# process starts, some 60 cuts)
	for n in $points; do
		cut "$n"
		TC_SECS=4 tc
		is "TLS $ver, cut after $n of $H bytes: one line, exit 1" \
		    "$rc|$err|$out" \
		    "1|sockt connect: localhost port $PP: TLS handshake failed: the peer closed the connection|"
		[ "$rc" != 124 ] ||
		    fail "TLS $ver, cut after $n: at once" "not within 4 s"
	done
	# the last byte of the handshake, then a close: the server's
	# Finished is in, the end of file after it is an ordinary end
	cut "$H"
	tc
	is "TLS $ver, the whole handshake, then a close: exit 0" "$rc|$err" "0|"
	# the cuts assumed each handshake laid out as the first
	_nl=$(wc -l <"$T/cut.log")
	cut all
	tc
	wait_until 10 _more_lines "$_nl"
	is "TLS $ver: the last handshake's records lie where the first's did" \
	    "$(layout "$(sed -n '$s/^records //p' "$T/cut.log")" "$flights")" \
	    "$hs"
	# a reset, and silence, in the handshake's first record and its last
	for n in 3 "$((H - 1))"; do
		cut "$n" reset
		tc
		is "TLS $ver, a reset after $n bytes" "$rc|$err" \
		    "1|sockt connect: localhost port $PP: TLS handshake failed: Connection reset by peer"
		cut "$n" stall
		t0=$(now_ms)
		timeout -k 2 30 "$SOCKT" connect -w 1 --tls --cacert "$T/c.pem" \
		    localhost "$PP" </dev/null >"$T/out" 2>"$T/err"
		rc=$?
		el=$(( $(now_ms) - t0 ))
		is "TLS $ver, silence after $n bytes: timed out" \
		    "$rc|$(cat "$T/err")" \
		    "1|sockt connect: localhost port $PP: TLS handshake timed out"
		check "TLS $ver, silence after $n bytes: within -w 1 ($el ms)" \
		    within 900 4000 "$el"
	done
}
cuts 1.3 1 -tls1_3
cuts 1.2 2 -tls1_2

# --- a client certificate required -----------------------------------------
# TLS 1.3: the client's handshake is over before the server has checked
# for a certificate, and its alert comes after; asked for one, sockt
# waits for the server's word before the handshake counts as done
# (issue 48: -z and -q 0 took the refusal for a success, -z every time).
# Our stdin stays open (nothing written, so no reset can race the
# alert).
s_server v13 -tls1_3 -Verify 1 -CAfile "$T/c.pem" || exit 1
mkfifo "$T/hold"
BGIN=$T/hold BGOUT=$T/out BGERR=$T/err bg 30 "$SOCKT" connect --tls \
    --cacert "$T/c.pem" localhost "$SP"
cpid=$BGPID
exec 7>"$T/hold"
wait_status "$cpid"
exec 7>&-
is "TLS 1.3, no client certificate: the alert's reason, a hint" \
    "$rc|$(cat "$T/err")" \
    "1|sockt connect: localhost port $SP: TLS handshake failed: tlsv13 alert certificate required (try --cert)"
v13=$SP
n=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	run 20 "$SOCKT" connect -z --tls --cacert "$T/c.pem" localhost "$v13"
	[ "$rc" = 1 ] && n=$((n + 1))
done
is "TLS 1.3, no client certificate, -z: refused, 10 of 10" "$n" 10
n=0
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf 'hello\n' >"$T/in"
	run 20 "$SOCKT" connect -q 0 --tls --cacert "$T/c.pem" localhost \
	    "$v13" <"$T/in"
	[ "$rc" = 1 ] && n=$((n + 1))
done
is "TLS 1.3, no client certificate, -q 0: refused, 10 of 10" "$n" 10
like "... in one line" "$err" \
    "sockt connect: localhost port $v13: TLS handshake failed: tlsv13 alert certificate required*"
run 20 "$SOCKT" connect -z --tls --cacert "$T/c.pem" --cert "$T/c.pem" \
    --key "$T/k.pem" localhost "$v13"
is "TLS 1.3, a client certificate taken (a ticket its word), -z: exit 0" \
    "$rc:$err" "0:"
s_server v13nt -tls1_3 -num_tickets 0 -Verify 1 -CAfile "$T/c.pem" || exit 1
timed 20 "$SOCKT" connect -z --tls --cacert "$T/c.pem" --cert "$T/c.pem" \
    --key "$T/k.pem" localhost "$SP"
is "... by a server that sends no ticket: exit 0" "$rc:$err" "0:"
within 900 5000 "$el" && pass "... after the 1 s wait for its word ($el ms)" ||
    fail "... after the 1 s wait for its word" "$el ms"
# TLS 1.2 under --insecure: the server's own certificate is self-signed
# and not in the store, which --insecure accepts; the refusal is the
# server's, not that
SSL_CERT_FILE=$T/none SSL_CERT_DIR=$T/none
export SSL_CERT_FILE SSL_CERT_DIR
s_server v12 -tls1_2 -Verify 1 -CAfile "$T/c.pem" || exit 1
run 30 "$SOCKT" connect --tls --insecure localhost "$SP"
like "--insecure: a refusal is not blamed on the certificate" "$rc|$err" \
    "1|sockt connect: localhost port $SP: TLS handshake failed: *alert*"
done_testing
