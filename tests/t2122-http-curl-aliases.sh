#!/bin/sh
# t2122: curl's other spellings of http-get's options, beside curl 7.88
# against heads_http.py (issue 61, items 2 and 8: what was refused and
# is now taken): --socks5, --socks5-hostname, --socks4 and --socks4a
# (-x with that scheme, through sockt's own SOCKS proxy: the same
# request heads reach the origin, the same exit status; a later -x
# wins), --tlsv1.2 and --tlsv1.3 (--tls-min, against openssl s_server
# limited to TLS 1.2: 1.2 connects, 1.3 is refused by both, exit 35),
# -E as --cert, and --ciphers and --tls13-ciphers (against one cipher:
# it connects, another is refused, a list OpenSSL takes none of exits
# 59 as curl's).  Fails on fbc4a641 (each spelling refused, exit 2).
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "curl's other spellings" "python3 or curl not installed"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
heads_start || exit 1
if ! server 60 "$SOCKT" listen -k -v 127.0.0.1 0 --serve-proxy socks5 \
    --allow-to 127.0.0.1; then
	fail "SOCKS5 proxy started"
	done_testing
	exit
fi
S=127.0.0.1:$SPORT

same "--socks5 host:port as -x socks5://" --socks5 "$S" "$U/a"
is "... fetched" "$src:$(cat "$T/s.out")" "0:ok"
same "--socks5-hostname: the proxy resolves the name" \
    --socks5-hostname "$S" "http://localhost:$P/a"
is "... fetched" "$src:$(cat "$T/s.out")" "0:ok"
same "--socks4 as -x socks4://" --socks4 "$S" "$U/a"
same "--socks4a as -x socks4a://" --socks4a "$S" "$U/a"
closedport
same "--socks5 to a closed port: curl's exit" --socks5 "127.0.0.1:$CPORT" \
    "$U/a"
is "... 97 or 7" "$src" "$crc"
same "a later -x wins over --socks5" --socks5 "127.0.0.1:$CPORT" -x "" \
    "$U/a"
is "... fetched directly" "$src:$(cat "$T/s.out")" "0:ok"

. "$(dirname "$0")/pki.sh"
P=$T/pki	# the PKI's folder from here on, no longer heads_http's port
if pki_usable && pki_make; then
	cat "$P/client.pem" "$P/client.key" >"$T/both.pem"
	if s_server v12 -tls1_2 -cert "$P/good.pem" -key "$P/good.key" \
	    -verify 1 -CAfile "$P/ca.pem" -www; then
		TU=https://localhost:$P_v12/
		both --cacert "$P/ca.pem" --tlsv1.2 -o /dev/null "$TU"
		is "--tlsv1.2 to a TLS 1.2 server: both fetch" "$src:$crc" "0:0"
		both --cacert "$P/ca.pem" --tlsv1.3 -o /dev/null "$TU"
		is "--tlsv1.3 to it: both refused, curl's 35" "$src:$crc" "35:35"
		both --cacert "$P/ca.pem" -E "$T/both.pem" "$TU"
		is "-E FILE: the client certificate sent as --cert sends it" \
		    "$src:$crc:$(grep -c 'Client certificate' "$T/s.out"):$(
		    grep -c 'Client certificate' "$T/c.out")" "0:0:1:1"
	fi
	if s_server one -tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256 \
	    -cert "$P/good.pem" -key "$P/good.key" -www; then
		TU=https://localhost:$P_one/
		both --cacert "$P/ca.pem" --ciphers \
		    ECDHE-ECDSA-AES128-GCM-SHA256 -o /dev/null "$TU"
		is "--ciphers the server's one: both fetch" "$src:$crc" "0:0"
		both --cacert "$P/ca.pem" --ciphers \
		    ECDHE-ECDSA-AES256-GCM-SHA384 -o /dev/null "$TU"
		is "--ciphers without it: both refused, 35" "$src:$crc" "35:35"
		both --cacert "$P/ca.pem" --ciphers NO-SUCH-CIPHER -o /dev/null \
		    "$TU"
		is "--ciphers OpenSSL takes none of: curl's 59" "$src:$crc" \
		    "59:59"
		like "... saying which list" "$(cat "$T/s.err")" \
		    "*cipher list: OpenSSL takes no cipher of NO-SUCH-CIPHER*"
		both --cacert "$P/ca.pem" --tls13-ciphers NO_SUCH -o /dev/null \
		    "$TU"
		is "--tls13-ciphers the same" "$src:$crc" "59:59"
	fi
else
	skip "--tlsv1.2, --tlsv1.3, -E and --ciphers" \
	    "openssl or libssl.so.3 missing"
fi
done_testing
