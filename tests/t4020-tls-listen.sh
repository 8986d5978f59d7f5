#!/bin/sh
# t4020: listen --tls and serve-hello --tls against clients we did not
# write: openssl s_client -verify_return_error, curl --cacert, socat
# OPENSSL: and ncat --ssl, with a certificate of the local PKI
# (tests/pki.sh) and with the ephemeral one, whose fingerprint -v prints
# and s_client sees.  The relay mode, -k with -c and -e (a MiB echoed
# byte for byte), the half-close (close_notify in, the answer still
# out), mutual TLS (accepted with the client certificate, its subject in
# the program's environment; refused without one or with a stranger's),
# --tls-min, no libssl.so.3, a client that never ends its handshake
# (dropped after -i, and no obstacle to the next client), -i on a quiet
# session, and the usage errors of the TLS options.
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"

pki_or_skip "TLS servers"
CERT="--cert $P/good.pem --key $P/good.key"

# s_client ARGS...: openssl s_client to 127.0.0.1:$SPORT verifying
# localhost against our CA, stdin from $T/in; output in $T/sc.out
s_client() {
	timeout -k 2 20 openssl s_client -connect "127.0.0.1:$SPORT" \
	    -servername localhost -verify_hostname localhost \
	    -CAfile "$P/ca.pem" -verify_return_error -quiet "$@" \
	    <"$T/in" >"$T/sc.out" 2>"$T/sc.err"
	rc=$?
	out=$(cat "$T/sc.out")
}

# --- usage ---------------------------------------------------------------
for bad in "--cert $P/good.pem%--cert needs --tls" \
    "--tls --key $P/good.key%--key needs --cert" \
    "--tls --tls-verify-client%--tls-verify-client needs --cacert*" \
    "--tls --cacert $P/ca.pem%--cacert goes with --tls-verify-client" \
    "--tls --tls-min 1.1%--tls-min 1.1: not 1.2 or 1.3" \
    "--to-tls%--to-tls needs --to host:port or --to-unix path" \
    "--to 127.0.0.1:1 --to-insecure%--to-insecure needs --to-tls or --to wss://" \
    "--to-unix /x --proxy socks5://127.0.0.1:1%--proxy and --proxy-user go with --to, not with --to-unix*"; do
	run 10 "$SOCKT" listen ${bad%%\%*} 127.0.0.1 0
	like "usage: ${bad%%\%*}" "$rc:$(echo "$err" | head -n 1)" \
	    "2:sockt listen: ${bad#*%}"
done
run 10 "$SOCKT" serve-hello --cert "$P/good.pem" 127.0.0.1 0
like "serve-hello: --cert needs --tls" "$rc:$err" "2:*--cert needs --tls*"
run 10 "$SOCKT" listen --tls --cert "$T/none.pem" 127.0.0.1 0
like "a missing certificate: exit 1, before listening" "$rc:$err" \
    "1:sockt listen: certificate $T/none.pem: *"
run 10 "$SOCKT" listen --tls --cert "$P/good.pem" --key "$P/other.key" \
    127.0.0.1 0
like "a key that is not the certificate's" "$rc:$err" \
    "1:sockt listen: key $P/other.key: *"

run 10 env SOCKT_TLS_LIB="$T/no/libssl.so.3" "$SOCKT" listen --tls \
    127.0.0.1 0
is "no libssl.so.3: one line, exit 1" "$rc:$err" \
    "1:sockt listen: TLS needs libssl.so.3 (OpenSSL 3), which was not found"

# --- the relay mode, s_client verifying ------------------------------------
# the server's stdin a fifo, written once the client's line is out: an
# end of its stdin first would close the session (close_notify) before
# s_client had sent anything.  The writer opens it first (in the
# background, meeting the server's open), so no other process of ours
# holds it open.
mkfifo "$T/srv.fifo"
BGOUT=$T/srv.fifo bg 30 sh -c 'i=0
    until grep -q "from client" "$1" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 400 ] || exit 1
	sleep 0.05	# polling, bounded by the count
    done
    echo "from server"' sh "$T/srv.out"
printf 'from client\n' >"$T/in"
SIN=$T/srv.fifo SOUT=$T/srv.out server 30 "$SOCKT" listen -v --tls $CERT \
    127.0.0.1 0
spid=$SPID
s_client
is "relay mode: s_client -verify_return_error, stdin to it" "$out:$rc" \
    "from server:0"
wait_gone "$spid" 10
is "relay mode: the client's bytes on stdout" "$(cat "$T/srv.out")" \
    "from client"
like "relay mode -v: the fingerprint, then the session" "$(cat "$SLOG")" \
    "*TLS certificate $P/good.pem, SHA-256 fingerprint *:*connection from 127.0.0.1 port *: TLSv1.*, cipher *"
fp=$(openssl x509 -in "$P/good.pem" -noout -fingerprint -sha256 |
    sed 's/.*=//')
like "-v: the fingerprint is openssl's" "$(cat "$SLOG")" "*fingerprint $fp*"

# --- the ephemeral certificate ---------------------------------------------
server 60 "$SOCKT" listen -k -v --tls 127.0.0.1 0 -c 'echo hi'
EPORT=$SPORT ELOG=$SLOG
want=$(sed -n 's/.*ephemeral TLS certificate for .*, SHA-256 fingerprint //p' \
    "$ELOG")
timeout 20 openssl s_client -connect "127.0.0.1:$EPORT" -showcerts \
    </dev/null 2>/dev/null | openssl x509 >"$T/eph.pem" 2>/dev/null
got=$(openssl x509 -in "$T/eph.pem" -noout -fingerprint -sha256 |
    sed 's/.*=//')
like "ephemeral: a fingerprint printed with -v" "$want" "??:??:*:??"
is "ephemeral: the fingerprint s_client sees" "$got" "$want"
like "ephemeral: its names" "$(openssl x509 -in "$T/eph.pem" -noout \
    -ext subjectAltName)" "*DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1*"
check "ephemeral: a sound certificate (verified against itself)" \
    openssl verify -CAfile "$T/eph.pem" -verify_hostname localhost \
    "$T/eph.pem"
run 20 curl -sS --cacert "$T/eph.pem" --http0.9 "https://localhost:$EPORT/"
is "ephemeral: curl trusting it by itself" "$out:$rc" "hi:0"
run 20 curl -sS --http0.9 "https://localhost:$EPORT/"
like "ephemeral: curl refuses it by default" "$rc" "6[0]"
# -v prints its key's pin in the form --pinnedpubkey takes (issue 49):
# connect and curl accept it, and a fingerprint given there is said to
# be the wrong form, not "No such file or directory"
pin=$(sed -n 's/.*its public key, for --pinnedpubkey: //p' "$ELOG")
like "ephemeral -v: the pin of its key" "$pin" "sha256//*="
run 20 "$SOCKT" connect --tls --insecure --pinnedpubkey "$pin" \
    127.0.0.1 "$EPORT" </dev/null
is "ephemeral: connect --pinnedpubkey takes the pin -v printed" \
    "$out:$rc" "hi:0"
run 20 curl -sS -k --pinnedpubkey "$pin" --http0.9 "https://localhost:$EPORT/"
is "ephemeral: so does curl --pinnedpubkey" "$out:$rc" "hi:0"
run 20 "$SOCKT" connect --tls --insecure --pinnedpubkey "$want" \
    127.0.0.1 "$EPORT" </dev/null
like "--pinnedpubkey FINGERPRINT: the form wanted is said" "$rc $err" \
    "2 sockt connect: --pinnedpubkey $want: *sha256//BASE64*not a certificate's fingerprint*"

# --- -k with programs: curl, socat, ncat ----------------------------------
server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 -c \
    'read l; printf "HTTP/1.0 200 OK\r\n\r\n%s from %s\n" "$l" "$SOCKT_PEER_ADDR"'
HPORT=$SPORT
run 20 curl -sS --cacert "$P/ca.pem" "https://localhost:$HPORT/x"
is "curl --cacert: the program's answer" "$out:$rc" \
    "$(printf 'GET /x HTTP/1.1\r') from 127.0.0.1:0"
run 20 curl -sS --cacert "$P/ca.pem" "https://localhost:$HPORT/a" \
    "https://localhost:$HPORT/b"
is "curl: two requests, two sessions" "$(echo "$out" | wc -l)" 2
server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 -c 'wc -c'
WPORT=$SPORT
if socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'; then
	printf 'abc' >"$T/abc"
	run 20 socat -t 10 - \
	    "OPENSSL:localhost:$WPORT,cafile=$P/ca.pem" <"$T/abc"
	is "socat OPENSSL: half-closes (close_notify), gets the answer" \
	    "$(echo $out):$rc" "3:0"
else
	skip "socat OPENSSL: half-close" "socat without OpenSSL"
fi
run 20 sh -c 'printf abc | "$1" connect --tls --cacert "$2" localhost "$3"' \
    sh "$SOCKT" "$P/ca.pem" "$WPORT"
is "connect --tls half-closes, gets the answer" "$(echo $out):$rc" "3:0"
if have ncat; then
	run 20 sh -c 'echo abc | ncat --ssl --ssl-verify --ssl-trustfile "$1" \
	    localhost "$2"' sh "$P/ca.pem" "$HPORT"
	like "ncat --ssl --ssl-verify" "$out" "*abc from 127.0.0.1"
else
	skip "ncat --ssl" "no ncat"
fi

# -e cat: a MiB echoed, byte for byte, both ways at once
server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 -e cat
head -c 1048576 /dev/urandom >"$T/mib"
if socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'; then
	run 60 sh -c 'socat -t 20 - "OPENSSL:localhost:$1,cafile=$2" \
	    <"$3" >"$4"' sh "$SPORT" "$P/ca.pem" "$T/mib" "$T/mib.socat"
	check "-e cat: a MiB back through socat, the same bytes" \
	    cmp -s "$T/mib" "$T/mib.socat"
else
	skip "-e cat through socat" "socat without OpenSSL"
fi
run 60 sh -c '"$1" connect --tls --cacert "$2" localhost "$3" <"$4" >"$5"' \
    sh "$SOCKT" "$P/ca.pem" "$SPORT" "$T/mib" "$T/mib.sockt"
check "-e cat: a MiB back through connect --tls, the same bytes" \
    cmp -s "$T/mib" "$T/mib.sockt"

# -c without -k: one connection, the program's exit status is ours.  The
# program ends after the line: s_client -quiet ignores its end of input
# (-ign_eof) and sends no close_notify, so a cat waited for s_client's
# 20 s watchdog
SOUT=$T/one.out server 30 "$SOCKT" listen -v --tls $CERT 127.0.0.1 0 \
    -c 'head -n 1; exit 3'
spid=$SPID
printf 'one\n' >"$T/in"
s_client
wait_status "$spid"
is "-c without -k: the echo, and the program's status" "$out:$rc" "one:3"

# --- mutual TLS ------------------------------------------------------------
server 60 "$SOCKT" listen -k -v --tls $CERT --tls-verify-client \
    --cacert "$P/ca.pem" 127.0.0.1 0 -c \
    'printf "HTTP/1.0 200 OK\r\n\r\n[%s]\n" "$SOCKT_TLS_CLIENT_SUBJECT"'
MPORT=$SPORT MLOG=$SLOG
run 20 curl -sS --cacert "$P/ca.pem" --cert "$P/client.pem" \
    --key "$P/client.key" "https://localhost:$MPORT/"
is "mutual TLS: curl's certificate, its subject for the program" \
    "$out:$rc" "[/CN=sockt client]:0"
run 20 curl -sS --cacert "$P/ca.pem" "https://localhost:$MPORT/"
like "mutual TLS: curl without a certificate is refused" "$out:$rc" ":[1-9]*"
run 20 curl -sS --cacert "$P/ca.pem" --cert "$P/stranger.pem" \
    --key "$P/stranger.key" "https://localhost:$MPORT/"
like "mutual TLS: a stranger's certificate is refused" "$out:$rc" ":[1-9]*"
printf '' >"$T/in"
SPORT=$MPORT s_client -cert "$P/client.pem" -key "$P/client.key"
like "mutual TLS: s_client with the certificate" "$out" \
    "*[/CN=sockt client]*"
wait_until 10 grep -q 'unable to get local issuer' "$MLOG"
like "mutual TLS: the refusals in the log, in words" "$(cat "$MLOG")" \
    "*: TLS handshake failed: peer did not return a certificate*: unable to get local issuer certificate (try --cacert)*"
# no client certificate asked for: no subject, whatever our environment
server 60 env SOCKT_TLS_CLIENT_SUBJECT=forged "$SOCKT" listen -k -v --tls \
    $CERT 127.0.0.1 0 -c \
    'printf "HTTP/1.0 200 OK\r\n\r\n[%s]\n" "${SOCKT_TLS_CLIENT_SUBJECT-unset}"'
run 20 curl -sS --cacert "$P/ca.pem" "https://localhost:$SPORT/"
is "no client certificate: SOCKT_TLS_CLIENT_SUBJECT unset" "$out" "[unset]"

# --tls-min 1.3: a TLS 1.2 client refused, a TLS 1.3 one served
server 60 "$SOCKT" listen -k -v --tls --tls-min 1.3 $CERT 127.0.0.1 0 \
    -c 'echo hi'
: >"$T/in"
s_client -tls1_2
like "--tls-min 1.3: s_client -tls1_2 refused" "$rc:$out" "[1-9]*:"
s_client -tls1_3
is "--tls-min 1.3: s_client -tls1_3 served" "$out:$rc" "hi:0"

# --- handshakes that never end ----------------------------------------------
# a client that connects and says nothing (a fifo held open, never
# written) and ends when the server closes (-Q)
mkfifo "$T/stall"
exec 7<>"$T/stall"
server 60 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 -c 'echo hi'
SPORTK=$SPORT KLOG=$SLOG
BGIN=$T/stall bg 30 "$SOCKT" connect -Q 127.0.0.1 "$SPORTK"
stall=$BGPID
wait_until 10 grep -q "connection from" "$KLOG"
timed 20 curl -sS --cacert "$P/ca.pem" --http0.9 "https://localhost:$SPORTK/"
is "a stalled handshake does not hold the next client" "$out:$rc" "hi:0"
check "... which is served at once ($el ms)" within 0 3000 "$el"
check "... and the stalled one waits still" alive "$stall"
kill "$stall" 2>/dev/null
server 60 "$SOCKT" listen -k -v -i 1 --tls $CERT 127.0.0.1 0 -c 'echo hi'
ILOG=$SLOG
t0=$(now_ms)
BGIN=$T/stall bg 30 "$SOCKT" connect -Q 127.0.0.1 "$SPORT"
stall=$BGPID
wait_gone "$stall" 10
el=$(( $(now_ms) - t0 ))
check "-i 1: a stalled handshake is dropped ($el ms)" within 900 4000 "$el"
wait_until 10 grep -q 'timed out' "$ILOG"
like "-i 1 -v: why" "$(cat "$ILOG")" "*: TLS handshake timed out*"
# the relay mode, without -i: -w bounds the handshake
server 30 "$SOCKT" listen -v -w 1 --tls $CERT 127.0.0.1 0
spid=$SPID
BGIN=$T/stall bg 30 "$SOCKT" connect 127.0.0.1 "$SPORT"
stall=$BGPID
t0=$(now_ms)
wait_status "$spid"
el=$(( $(now_ms) - t0 ))
is "relay mode -w 1: a stalled handshake fails" "$rc" 1
check "... after -w ($el ms)" within 500 4000 "$el"
kill "$stall" 2>/dev/null
# -i on a session that went quiet after its handshake
server 60 "$SOCKT" listen -k -i 1 -v --tls $CERT 127.0.0.1 0 -e cat
t0=$(now_ms)
BGIN=$T/stall bg 30 "$SOCKT" connect -Q --tls --cacert "$P/ca.pem" \
    localhost "$SPORT"
quiet=$BGPID
wait_gone "$quiet" 10
el=$(( $(now_ms) - t0 ))
check "-i 1: a quiet TLS session is closed ($el ms)" within 900 4000 "$el"
exec 7>&-

# --- serve-hello --tls ---------------------------------------------------------
server 60 "$SOCKT" serve-hello -v --tls $CERT 127.0.0.1 0
printf 'bob\nexit\n' >"$T/in"
s_client
is "serve-hello --tls: s_client greeted and answered" "$out" \
    "$(printf 'Welcome!\nHello, bob!')"
if socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'; then
	run 20 socat - "OPENSSL:localhost:$SPORT,cafile=$P/ca.pem" <"$T/in"
	is "serve-hello --tls: socat, close_notify after exit" "$out:$rc" \
	    "$(printf 'Welcome!\nHello, bob!'):0"
fi
server 60 "$SOCKT" serve-hello --raw -v --tls 127.0.0.1 0
run 20 sh -c 'printf al | "$1" connect --tls --insecure 127.0.0.1 "$2"' sh \
    "$SOCKT" "$SPORT"
is "serve-hello --raw --tls, ephemeral" "$out" "Welcome!Hello, al!"

done_testing
