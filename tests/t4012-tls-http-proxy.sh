#!/bin/sh
# t4012: https through proxies, beside curl, to nginx (ssl): SOCKS5 then
# TLS (microsocks, socks5h and socks5), an http:// proxy's CONNECT
# tunnel then TLS (tinyproxy; curl's way for https, -p or not), the
# certificate still checked against the server's name; HTTPS_PROXY and
# https_proxy for https:// URLs only, http_proxy for http:// only, NO_PROXY
# over both; many URLs on one tunnel; a proxy that is not there.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/curldiff.sh"
. "$(dirname "$0")/proxies.sh"

pki_or_skip "https through proxies" nginx curl
W=$T/www
mkdir -p "$W" "$T/s" "$T/c"
echo "hello over TLS" >"$W/hello.txt"
echo "hello in plain" >"$W/plain.txt"
LOG=$T/nginx/logs/access.log
if ! nginx_tls_start "$W" "log_format c '\$connection \$scheme \$request_uri';
access_log $LOG c;" good exp; then
	skip "https through proxies" "nginx with ssl did not start"
	done_testing
	exit 0
fi
pass "nginx with ssl"
CA="--cacert $P/ca.pem"
U=https://localhost:$NGTLS_good/hello.txt
pre="sockt http-get: localhost port"

# same DESC: both exited 0 with the same stdout
same() {
	if [ "$src:$crc" = 0:0 ] && cmp -s "$T/s.out" "$T/c.out"; then
		pass "$1"
	else
		fail "$1" "sockt $src, curl $crc" "$(cat "$T/s.err")" \
		    "$(cat "$T/c.err")"
	fi
}
hg() {		# hg ARGS...: sockt http-get, within 20 s
	run 20 "$SOCKT" http-get "$@"
}

# --- SOCKS5, then TLS ----------------------------------------------------
if have microsocks; then
	MP=$(freeport)
	bg 160 microsocks -i 127.0.0.1 -p "$MP"
	wait_until 10 up "$MP"
	both $CA -x "socks5h://127.0.0.1:$MP" "$U"
	same "socks5h (microsocks), then TLS: as curl"
	both $CA -x "socks5://127.0.0.1:$MP" "$U"
	same "socks5 (resolved here), then TLS: as curl"
	both $CA -x "socks5h://127.0.0.1:$MP" \
	    "https://localhost:$NGTLS_exp/hello.txt"
	is "... an expired certificate still refused, as curl" \
	    "$src:$crc:$(cat "$T/s.err")" \
	    "60:60:$pre $NGTLS_exp: certificate has expired (notAfter 2020-02-01) (try --cacert FILE, or -k to skip the check)"
	HTTPS_PROXY=socks5h://127.0.0.1:$MP hg -v $CA "$U"
	is "HTTPS_PROXY=socks5h://: through it" "$rc:$out" "0:hello over TLS"
	like "... -v names it" "$err" \
	    "*\* localhost through socks5h proxy 127.0.0.1 port $MP (HTTPS_PROXY)*"
else
	for n in 1 2 3 4 5; do skip "microsocks $n" "microsocks not installed"; done
fi

# --- an http:// proxy: CONNECT, then TLS ------------------------------------------
if have tinyproxy; then
	TP=$(freeport)
	tiny "$TP" ""
	both $CA -x "http://127.0.0.1:$TP" "$U"
	same "http:// proxy (tinyproxy): CONNECT then TLS, as curl"
	both $CA -p -x "http://127.0.0.1:$TP" "$U"
	same "... -p too"
	HTTPS_PROXY=http://127.0.0.1:$TP hg -v $CA "$U"
	is "HTTPS_PROXY: through it" "$rc:$out" "0:hello over TLS"
	like "... -v names it" "$err" \
	    "*\* localhost through http proxy 127.0.0.1 port $TP (HTTPS_PROXY)*\* connected to 127.0.0.1 port $TP (proxy)*\* TLSv1*"
	https_proxy=http://127.0.0.1:$TP hg -v $CA "$U"
	like "https_proxy, lowercase, as well" "$rc:$err" \
	    "0:*through http proxy 127.0.0.1 port $TP (https_proxy)*"
	(cd "$T/s" && HTTPS_PROXY=http://127.0.0.1:$TP exec timeout 20 \
	    "$SOCKT" http-get -v $CA "$U") >"$T/s.out" 2>"$T/s.err"
	src=$?
	(cd "$T/c" && HTTPS_PROXY=http://127.0.0.1:$TP exec timeout 20 \
	    curl -sS -v $CA "$U") >"$T/c.out" 2>"$T/c.err"
	crc=$?
	same "HTTPS_PROXY, as curl"
	like "... curl went through it too" "$(cat "$T/c.err")" \
	    "*CONNECT localhost:$NGTLS_good*"
	http_proxy=http://127.0.0.1:$TP hg -v $CA "$U"
	is "http_proxy is not for https:// (direct)" \
	    "$rc:$(echo "$err" | grep -c 'through')" "0:0"
	HTTPS_PROXY=http://127.0.0.1:$TP hg -v \
	    "http://localhost:$NGPORT/plain.txt"
	is "HTTPS_PROXY is not for http:// (direct)" \
	    "$rc:$out:$(echo "$err" | grep -c 'through')" "0:hello in plain:0"
	NO_PROXY=localhost HTTPS_PROXY=http://127.0.0.1:$TP hg -v $CA "$U"
	is "NO_PROXY covers an https:// host" \
	    "$rc:$(echo "$err" | grep -c 'through')" "0:0"
	n0=$(wc -l <"$LOG")
	hg $CA -x "http://127.0.0.1:$TP" "$U" "$U" "$U"
	is "three URLs through the tunnel" "$rc:$(echo $out)" \
	    "0:hello over TLS hello over TLS hello over TLS"
	is "... on one connection (one tunnel, one TLS session)" \
	    "$(tail -n +"$((n0 + 1))" "$LOG" | cut -d' ' -f1 | sort -u |
	    wc -l | tr -d ' ')" 1
	both $CA -x "http://127.0.0.1:$TP" \
	    "https://localhost:$NGTLS_exp/hello.txt"
	is "... an expired certificate refused, as curl" "$src:$crc" "60:60"
else
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
		skip "tinyproxy $n" "tinyproxy not installed"
	done
fi

# --- a proxy that is not there ----------------------------------------------
closedport
both $CA -x "http://127.0.0.1:$CPORT" "$U"
is "a closed proxy port: both fail (curl 7)" "$src:$crc" "7:7"
like "... saying which" "$(cat "$T/s.err")" \
    "sockt http-get: proxy 127.0.0.1 port $CPORT: *"
done_testing
