#!/bin/sh
# t4023: TLS over UNIX-domain sockets, both ways, against peers we did not
# write: connect -U --tls to openssl s_server -unix (the certificate
# checked against localhost, or --servername; a stranger's refused), listen
# -U --tls to openssl s_client -unix, listen --to-unix --to-tls to
# s_server -unix, connect -U --starttls smtp through listen -U --to to
# tests/starttls_server.py, and listen --tls --to ws:// (a TLS client
# bridged to a WebSocket server, python's websockets).
# watchdog: 120
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"

P=$T/pki
pki_or_skip "TLS over UNIX sockets"
if ! openssl s_server -help 2>&1 | grep -q -- '-unix'; then
	skip "TLS over UNIX sockets" "no -unix in openssl s_server"
	done_testing
	exit 0
fi
# the socket listening, not only bound: its file is there from bind(2),
# and a connect before listen(2) is refused; /proc/net/unix flags a
# listening socket __SO_ACCEPTCON (00010000)
sock_there() {
	[ -S "$1" ] || return 1
	[ -r /proc/net/unix ] || return 0
	awk -v p="$1" '$4 == "00010000" && $NF == p { f = 1 }
	    END { exit !f }' /proc/net/unix
}

# s_server PATH: openssl s_server on the UNIX socket PATH, one client,
# what it reads in $T/ss.out; its stdin the fifo $T/ss.in, held open by
# fd 7 until the test is done with it
s_server() {
	rm -f "$1" "$T/ss.in"
	mkfifo "$T/ss.in"
	BGIN=$T/ss.in BGOUT=$T/ss.out BGERR=$T/ss.err bg 30 \
	    openssl s_server -quiet -naccept 1 -unix "$1" -cert "$P/good.pem" \
	    -key "$P/good.key"
	SSPID=$BGPID
	exec 7>"$T/ss.in"
	wait_until 10 sock_there "$1" ||
	    fail "s_server -unix did not listen" "$(cat "$T/ss.err")"
}

# --- connect -U --tls to s_server -unix ------------------------------------
s_server "$T/u1"
printf 'from s_server\n' >&7
printf 'from sockt\n' >"$T/in"
run 30 "$SOCKT" connect -v -U --tls --cacert "$P/ca.pem" "$T/u1" <"$T/in"
is "connect -U --tls: exit 0, s_server's line" "$rc|$out" "0|from s_server"
like "connect -U --tls: -v names the certificate's subject" "$err" \
    "*CN*localhost*"
exec 7>&-
wait_status "$SSPID"
is "connect -U --tls: s_server got our line" "$(cat "$T/ss.out")" \
    "from sockt"

s_server "$T/u2"
run 30 "$SOCKT" connect -U --tls --cacert "$P/ca.pem" --servername \
    other.invalid "$T/u2" </dev/null
like "connect -U --tls --servername: the name checked is that one" \
    "$rc|$err" "1|sockt connect: $T/u2: certificate is for localhost*, not other.invalid"
exec 7>&-
wait_status "$SSPID"

s_server "$T/u3"
run 30 "$SOCKT" connect -U --tls --cacert "$P/other.pem" "$T/u3" </dev/null
like "connect -U --tls: an untrusted certificate refused" "$rc|$err" \
    "1|sockt connect: $T/u3: *"
exec 7>&-
wait_status "$SSPID"

# --- listen -U --tls to s_client -unix -------------------------------------
# the server's stdin a fifo, written once the client's line is out (t4020
# says why); the writer opens it first, in the background
mkfifo "$T/l.in"
BGOUT=$T/l.in bg 30 sh -c 'i=0
    until grep -q "from s_client" "$1" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 400 ] || exit 1
	sleep 0.05	# polling, bounded by the count
    done
    echo "from listen"' sh "$T/l.out"
SIN=$T/l.in SOUT=$T/l.out server 30 "$SOCKT" listen -v -U --tls \
    --cert "$P/good.pem" --key "$P/good.key" "$T/l.sock" || exit 1
lpid=$SPID
printf 'from s_client\n' >"$T/in"
run 30 openssl s_client -quiet -verify_return_error -CAfile "$P/ca.pem" \
    -verify_hostname localhost -unix "$T/l.sock" <"$T/in"
is "listen -U --tls: s_client verified it, got our line, exit 0" \
    "$rc|$out" "0|from listen"
wait_status "$lpid"
is "listen -U --tls: the client's line, exit 0" "$rc|$(cat "$T/l.out")" \
    "0|from s_client"

# --- listen --to-unix --to-tls: onward over TLS on a UNIX socket ------------
s_server "$T/u4"
printf 'from s_server\n' >&7
server 30 "$SOCKT" listen -v 127.0.0.1 0 --to-unix "$T/u4" --to-tls \
    --to-cacert "$P/ca.pem" || exit 1
fpid=$SPID
printf 'through the forwarder\n' >"$T/in"
run 30 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/in"
is "--to-unix --to-tls: s_server's line through the forwarder, exit 0" \
    "$rc|$out" "0|from s_server"
exec 7>&-
wait_status "$SSPID"
is "--to-unix --to-tls: s_server got the client's line" \
    "$(cat "$T/ss.out")" "through the forwarder"
like "--to-unix --to-tls -v: the far side's TLS" "$(cat "$SLOG")" \
    "*to $T/u4: TLSv1.*, cipher *"
wait_status "$fpid"

# --- listen --tls --to ws://: a TLS client to a WebSocket server ------------
if /usr/bin/python3 -c 'import websockets' 2>/dev/null; then
	server 30 /usr/bin/python3 "$(dirname "$0")/ws_peer.py" serve echo
	WSP=$SPORT
	server 30 "$SOCKT" listen -v --tls --cert "$P/good.pem" \
	    --key "$P/good.key" 127.0.0.1 0 --to "ws://127.0.0.1:$WSP/"
	printf 'over TLS, then WebSocket\n' >"$T/in"
	run 30 "$SOCKT" connect -q 5 --tls --cacert "$P/ca.pem" localhost \
	    "$SPORT" <"$T/in"
	is "--tls --to ws://: the line echoed by websockets, exit 0" \
	    "$rc|$out" "0|over TLS, then WebSocket"
else
	skip "--tls --to ws://" "no python3 websockets"
fi

# --- connect -U --starttls smtp, through listen -U --to ---------------------
if have python3; then
	server 60 python3 "$(dirname "$0")/starttls_server.py" smtp --mode ok \
	    --cert "$P/good.pem" --key "$P/good.key" --log "$T/smtp"
	SMTP=$SPORT
	server 60 "$SOCKT" listen -k -v -U "$T/fw.sock" --to "127.0.0.1:$SMTP"
	printf 'MARK-unix\n' >"$T/in"
	run 30 "$SOCKT" connect -U --starttls smtp --cacert "$P/ca.pem" \
	    "$T/fw.sock" <"$T/in"
	is "connect -U --starttls smtp: the line over TLS, exit 0" \
	    "$rc|$out" "0|echo: MARK-unix"
else
	skip "connect -U --starttls smtp" "no python3"
fi
done_testing
