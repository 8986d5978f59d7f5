#!/bin/sh
# t4021: the TLS forwarder.  listen --tls --to terminates TLS in front of
# a plain nginx (curl --cacert in front, a MiB byte for byte, two
# requests on one connection, the half-close of socat); listen --to
# --to-tls speaks TLS to nginx ssl and to openssl s_server, the far
# certificate verified with --to-cacert (refused without it, with a
# reset and the reason in the log), --to-insecure, --to-servername; and
# both at once, TLS on each side of one relay.  The PKI is tests/pki.sh's.
# watchdog: 200
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"

pki_or_skip "the TLS forwarder"
CERT="--cert $P/good.pem --key $P/good.key"
mkdir -p "$T/www"
head -c 1048576 /dev/urandom >"$T/www/mib"
printf 'small\n' >"$T/www/small"

# nginx: plain on NGPORT, and with ssl (the PKI's good leaf) on SSLPORT
SSLPORT=$(freeport)
if ! nginx_start "$T/www" "access_log off;
	server {
		listen 127.0.0.1:$SSLPORT ssl;
		ssl_certificate $P/good.pem;
		ssl_certificate_key $P/good.key;
		root $T/www;
	}"; then
	skip "the TLS forwarder" "no nginx, or it did not start"
	done_testing
	exit 0
fi
wait_until 10 sh -c 'openssl s_client -connect "127.0.0.1:$1" </dev/null \
    >/dev/null 2>&1' sh "$SSLPORT" || fail "nginx ssl answers"

# get URL [curl args...]: curl's body in $T/body, status in $rc
get() {
	_u=$1
	shift
	timeout -k 2 30 curl -sS "$@" -o "$T/body" "$_u" 2>"$T/curl.err"
	rc=$?
}

# --- TLS in front of a plain service ------------------------------------------
server 90 "$SOCKT" listen -k -v --tls $CERT 127.0.0.1 0 \
    --to "127.0.0.1:$NGPORT"
FPORT=$SPORT FLOG=$SLOG
get "https://localhost:$FPORT/mib" --cacert "$P/ca.pem"
is "TLS -> plain: curl --cacert through to nginx" "$rc" 0
check "TLS -> plain: a MiB, the same bytes" cmp -s "$T/www/mib" "$T/body"
run 30 curl -sS --cacert "$P/ca.pem" "https://localhost:$FPORT/small" \
    "https://localhost:$FPORT/small" -w '%{num_connects}\n'
is "TLS -> plain: two requests on one connection" "$out" \
    "$(printf 'small\n1\nsmall\n0')"
like "TLS -> plain -v: the session and where it went" "$(cat "$FLOG")" \
    "*: TLSv1.*, cipher *forwarded to 127.0.0.1 port $NGPORT*both sides done*"
if socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'; then
	# HTTP/1.0 without keep-alive: nginx answers, then closes
	printf 'GET /small HTTP/1.0\r\n\r\n' >"$T/req"
	run 30 socat -t 10 - "OPENSSL:localhost:$FPORT,cafile=$P/ca.pem" \
	    <"$T/req"
	like "TLS -> plain: socat's request, its close_notify passed on" \
	    "$out:$rc" "HTTP/1.1 200 OK*small:0"
else
	skip "socat through the forwarder" "socat without OpenSSL"
fi

# --- plain in front of a TLS service -------------------------------------------
server 90 "$SOCKT" listen -k -v 127.0.0.1 0 --to "localhost:$SSLPORT" \
    --to-tls --to-cacert "$P/ca.pem"
TPORT=$SPORT TLOG=$SLOG
get "http://127.0.0.1:$TPORT/mib"
is "plain -> TLS: curl through to nginx ssl" "$rc" 0
check "plain -> TLS: a MiB, the same bytes" cmp -s "$T/www/mib" "$T/body"
like "plain -> TLS -v: the far side's session" "$(cat "$TLOG")" \
    "*forwarded to 127.0.0.1 port $SSLPORT*to 127.0.0.1 port $SSLPORT: TLSv1.*, cipher *"
# the system's store does not know our CA: refused, the client reset
server 60 env SSL_CERT_FILE="$T/none" SSL_CERT_DIR="$T/none" "$SOCKT" \
    listen -k -v 127.0.0.1 0 --to "localhost:$SSLPORT" --to-tls
get "http://127.0.0.1:$SPORT/small"
like "plain -> TLS: an unknown CA refused, the client reset" "$rc" "5[26]"
wait_until 10 grep -q 'not forwarded' "$SLOG"
like "... and why, in the log" "$(cat "$SLOG")" \
    "*connection from 127.0.0.1 port * not forwarded: localhost port $SSLPORT: unable to get local issuer certificate (try --to-cacert)*"
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "localhost:$SSLPORT" \
    --to-tls --to-insecure
get "http://127.0.0.1:$SPORT/small"
is "plain -> TLS: --to-insecure" "$rc:$(cat "$T/body")" "0:small"

# openssl s_server -rev behind: a line, reversed
s_server other -rev -cert "$P/other.pem" -key "$P/other.key" || exit 1
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "127.0.0.1:$P_other" \
    --to-tls --to-cacert "$P/ca.pem" --to-servername other.invalid
printf 'hello\n' >"$T/in"
run 20 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/in"
is "plain -> TLS: s_server, --to-servername checked" "$out:$rc" "olleh:0"
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --to "127.0.0.1:$P_other" \
    --to-tls --to-cacert "$P/ca.pem"
run 20 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/in"
is "plain -> TLS: s_server's certificate for another name, refused" \
    "$out" ""
wait_until 10 grep -q 'not forwarded' "$SLOG"
like "... in words" "$(cat "$SLOG")" \
    "*not forwarded: 127.0.0.1 port $P_other: certificate is for other.invalid, not 127.0.0.1*"

# --- TLS on both sides ------------------------------------------------------------
server 90 "$SOCKT" listen -k -v --tls 127.0.0.1 0 --to "localhost:$SSLPORT" \
    --to-tls --to-cacert "$P/ca.pem"
BLOG=$SLOG
get "https://127.0.0.1:$SPORT/mib" -k
is "TLS -> TLS: curl -k, ephemeral certificate, to nginx ssl" "$rc" 0
check "TLS -> TLS: a MiB, the same bytes" cmp -s "$T/www/mib" "$T/body"
printf 'GET /small HTTP/1.0\r\n\r\n' >"$T/req"
run 20 "$SOCKT" connect --tls --insecure 127.0.0.1 "$SPORT" <"$T/req"
like "TLS -> TLS: connect --tls, its half-close through both" \
    "$out:$rc" "HTTP/1.1 200 OK*small:0"
like "TLS -> TLS -v: both sessions" "$(cat "$BLOG")" \
    "*: TLSv1.*forwarded to*to 127.0.0.1 port $SSLPORT: TLSv1.*"

done_testing
