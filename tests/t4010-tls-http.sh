#!/bin/sh
# t4010: http-get over https, verified, against nginx (ssl) with the PKI
# of tests/pki.sh, side by side with curl.  For every certificate (valid,
# expired, for another name, self-signed, from an untrusted root; IP SANs
# 127.0.0.1 and ::1) sockt refuses exactly where curl refuses (curl 60,
# sockt 1) and accepts with -k where curl does; the refusal in words, no
# -o file made or touched; SNI for names only; --capath, SSL_CERT_FILE,
# --servername; --pinnedpubkey right, wrong and as a key file (curl 90);
# -v's TLS lines; %{scheme} and %{ssl_verify_result} beside curl's; a
# plain port named by https://; and without libssl.so.3 the one line,
# exit 1, while plain http still works.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/curldiff.sh"

pki_or_skip "https against nginx" nginx curl
W=$T/www
mkdir -p "$W" "$T/s" "$T/c"
echo "hello over TLS" >"$W/hello.txt"
if ! nginx_tls_start "$W" "" good exp other self stranger; then
	skip "https against nginx" "nginx with ssl did not start"
	done_testing
	exit 0
fi
pass "nginx with ssl, one port a certificate"

# curlrc CODE: what sockt exits with where curl exits with CODE
curlrc() {
	case $1 in
	0) echo 0 ;;
	60 | 90) echo "$1" ;;	# a certificate refused, a pin not matched
				# (curl's statuses, issue 55)
	*) echo "curl-$1" ;;
	esac
}

# --- each certificate, verified and with -k, beside curl ----------------
for c in good exp other self stranger; do
	eval "p=\$NGTLS_$c"
	rm -f "$T/s/out" "$T/c/out"
	both --cacert "$P/ca.pem" -o out "https://localhost:$p/hello.txt"
	is "$c: sockt refuses where curl does (curl $crc)" "$src" \
	    "$(curlrc "$crc")"
	if [ "$crc" = 0 ]; then
		is "$c: the body, as curl's" "$(cat "$T/s/out")" \
		    "$(cat "$T/c/out")"
	else
		is "$c: refused, no -o file made" \
		    "$(ls "$T/s/out" "$T/c/out" 2>/dev/null)" ""
	fi
	both -k -o out "https://localhost:$p/hello.txt"
	is "$c -k: both accept" "$src:$crc" "0:0"
	is "$c -k: the body" "$(cat "$T/s/out")" "hello over TLS"
done
for h in 127.0.0.1 '[::1]'; do
	if [ "$h" = '[::1]' ] && ! have_ipv6; then
		skip "IP literal $h" "no IPv6 loopback"
		continue
	fi
	for c in good other; do
		eval "p=\$NGTLS_$c"
		both --cacert "$P/ca.pem" "https://$h:$p/hello.txt"
		is "IP literal $h, $c: as curl (curl $crc)" "$src" \
		    "$(curlrc "$crc")"
	done
done

# --- the refusals in words; -o left alone ----------------------------------
hg() {		# hg ARGS...: sockt http-get, within 20 s
	run 20 "$SOCKT" http-get "$@"
}
hg --cacert "$P/ca.pem" "https://127.0.0.1:$NGTLS_good/hello.txt"
is "an IP literal, checked against the IP SANs" "$rc:$out" \
    "0:hello over TLS"
pre="sockt http-get: localhost port"
hg --cacert "$P/ca.pem" "https://localhost:$NGTLS_exp/hello.txt"
is "expired: the line" "$err" \
    "$pre $NGTLS_exp: certificate has expired (notAfter 2020-02-01) (try --cacert FILE, or -k to skip the check)"
hg --cacert "$P/ca.pem" "https://localhost:$NGTLS_other/hello.txt"
is "another name: the line" "$err" \
    "$pre $NGTLS_other: certificate is for other.invalid, not localhost (try --cacert FILE, or -k to skip the check)"
hg --cacert "$P/ca.pem" "https://localhost:$NGTLS_self/hello.txt"
is "self-signed: the line" "$err" \
    "$pre $NGTLS_self: self-signed certificate (try --cacert FILE, or -k to skip the check)"
hg --cacert "$P/ca.pem" "https://localhost:$NGTLS_stranger/hello.txt"
is "an unknown root: the line" "$err" \
    "$pre $NGTLS_stranger: unable to get local issuer certificate (try --cacert FILE, or -k to skip the check)"
SSL_CERT_FILE=$T/none SSL_CERT_DIR=$T/none hg \
    "https://localhost:$NGTLS_good/hello.txt"
is "the system's store lacks the root" "$rc:$err" \
    "60:$pre $NGTLS_good: unable to get local issuer certificate (try --cacert FILE, or -k to skip the check)"
hg --cacert "$P/ca.pem" "https://localhost:$NGPORT/hello.txt"
is "https:// to a plain port" "$rc:$err" \
    "35:$pre $NGPORT: TLS handshake failed: wrong version number (is port $NGPORT a TLS port?)"
echo "old copy" >"$T/keep"
hg --cacert "$P/ca.pem" -o "$T/keep" "https://localhost:$NGTLS_exp/hello.txt"
is "a refused certificate leaves -o FILE as it was" "$rc:$(cat "$T/keep")" \
    "60:old copy"
is "... and no temporary file beside it" "$(ls -a "$T" | grep -c sockt-)" 0
hg --cacert "$P/ca.pem" -C - -o "$T/keep" \
    "https://localhost:$NGTLS_self/hello.txt"
is "-C - with a refused certificate: FILE as it was" \
    "$rc:$(cat "$T/keep")" "60:old copy"

# --- SNI for a name, none for an address: s_server -WWW picks by it ----------
# (it serves files from its working directory)
cd "$W" && s_server sni -WWW -cert "$P/good.pem" -key "$P/good.key" \
    -servername localhost -cert2 "$P/other.pem" -key2 "$P/other.key"
cd - >/dev/null || exit 1
hg --cacert "$P/ca.pem" "https://localhost:$P_sni/hello.txt"
is "SNI sent for a name (the server chose by it)" "$rc:$err" \
    "60:$pre $P_sni: certificate is for other.invalid, not localhost (try --cacert FILE, or -k to skip the check)"
hg --cacert "$P/ca.pem" "https://127.0.0.1:$P_sni/hello.txt"
is "no SNI for an IP literal" "$rc:$out" "0:hello over TLS"

# --- where the trust comes from ---------------------------------------------
SSL_CERT_FILE=$P/ca.pem hg "https://localhost:$NGTLS_good/hello.txt"
is "SSL_CERT_FILE names the CA store" "$rc:$out" "0:hello over TLS"
mkdir -p "$T/capath"
cp "$P/ca.pem" "$T/capath/" && openssl rehash "$T/capath" 2>/dev/null
SSL_CERT_DIR=$T/capath SSL_CERT_FILE=$T/none hg \
    "https://localhost:$NGTLS_good/hello.txt"
is "SSL_CERT_DIR names one" "$rc:$out" "0:hello over TLS"
both --capath "$T/capath" "https://localhost:$NGTLS_good/hello.txt"
is "--capath DIR, as curl" "$src:$crc:$(cat "$T/s.out")" "0:0:hello over TLS"
hg --cacert "$P/ca.pem" --servername other.invalid \
    "https://127.0.0.1:$NGTLS_other/hello.txt"
is "--servername: the name checked" "$rc:$out" "0:hello over TLS"
hg --cacert "$P/ca.pem" --servername other.invalid \
    "https://localhost:$NGTLS_good/hello.txt"
is "--servername: a mismatch names it" "$err" \
    "$pre $NGTLS_good: certificate is for localhost, 127.0.0.1, ::1, not other.invalid (try --cacert FILE, or -k to skip the check)"
hg --cacert "$P/missing.pem" "https://localhost:$NGTLS_good/hello.txt"
like "--cacert of a missing file" "$rc:$err" \
    "77:sockt http-get: CA file $P/missing.pem: *"

# --- --pinnedpubkey, beside curl ---------------------------------------------
pin=$(openssl x509 -in "$P/good.pem" -pubkey -noout |
    openssl pkey -pubin -outform DER | openssl dgst -sha256 -binary |
    openssl base64)
openssl x509 -in "$P/good.pem" -pubkey -noout >"$T/good.pub"
openssl x509 -in "$P/other.pem" -pubkey -noout >"$T/other.pub"
bad=sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
U=https://localhost:$NGTLS_good/hello.txt
both --cacert "$P/ca.pem" --pinnedpubkey "sha256//$pin" "$U"
is "--pinnedpubkey: the right hash, as curl" "$src:$crc" "0:0"
both --cacert "$P/ca.pem" --pinnedpubkey "$bad;sha256//$pin" "$U"
is "--pinnedpubkey: one of a list, as curl" "$src:$crc" "0:0"
both --cacert "$P/ca.pem" --pinnedpubkey "$bad" "$U"
is "--pinnedpubkey: a wrong hash, refused as curl (90)" "$src:$crc" "90:90"
is "... saying the server's hash" "$(cat "$T/s.err")" \
    "$pre $NGTLS_good: public key does not match --pinnedpubkey (the server's is sha256//$pin)"
both -k --pinnedpubkey "$bad" "$U"
is "--pinnedpubkey: refused with -k too, as curl" "$src:$crc" "90:90"
both --cacert "$P/ca.pem" --pinnedpubkey "$T/good.pub" "$U"
is "--pinnedpubkey FILE: the key, as curl" "$src:$crc" "0:0"
both --cacert "$P/ca.pem" --pinnedpubkey "$T/other.pub" "$U"
is "--pinnedpubkey FILE: another key, as curl" "$src:$crc" "90:90"
hg --pinnedpubkey sha256//nope "$U"
is "--pinnedpubkey: a malformed hash is a usage error" "$rc" 2

# --- -v and --write-out -------------------------------------------------------
hg -v --cacert "$P/ca.pem" "$U"
like "-v: version and cipher, ALPN http/1.1" "$err" \
    "*\* TLSv1.[23], cipher *, ALPN http/1.1*"
like "-v: subject, issuer, validity, names" "$err" \
    "*\* certificate subject /CN=localhost*\* certificate issuer /CN=sockt test root*\* certificate valid from 20*UTC to 20*UTC*\* certificate names DNS:localhost, IP:127.0.0.1, IP:::1*"
like "-v: after the connection, before the request" "$err" \
    "*\* connected to 127.0.0.1 port $NGTLS_good*\* TLSv1*> GET /hello.txt*"
for c in good exp other self stranger; do
	eval "p=\$NGTLS_$c"
	both -k -o /dev/null --write-out '%{scheme} %{ssl_verify_result} %{http_code}' \
	    "https://localhost:$p/hello.txt"
	# HTTPS in upper case, as curl 7.88 writes it
	is "--write-out %{scheme} %{ssl_verify_result}, -k, $c: as curl" \
	    "$(cat "$T/s.out")" "$(cat "$T/c.out")"
done
both --cacert "$P/ca.pem" -o /dev/null \
    --write-out '%{ssl_verify_result} %{exitcode}' \
    "https://localhost:$NGTLS_exp/hello.txt"
is "%{ssl_verify_result} of a refused certificate, as curl's" \
    "$(cat "$T/s.out")" "$(cat "$T/c.out")"
hg --write-out '%{scheme} %{ssl_verify_result}' -o /dev/null \
    "http://127.0.0.1:$NGPORT/hello.txt"
is "%{scheme} of http, %{ssl_verify_result} 0" "$out" "HTTP 0"
hg --write-out '%{json}' -o /dev/null --cacert "$P/ca.pem" "$U"
check "%{json} has scheme and ssl_verify_result" python3 -c '
import json, sys
j = json.loads(sys.argv[1])
sys.exit(j["scheme"] != "HTTPS" or j["ssl_verify_result"] != 0)' "$out"
both --cacert "$P/ca.pem" -o /dev/null -w '%{time_connect} %{time_appconnect} %{time_pretransfer} %{time_starttransfer} %{time_total}' "$U"
check "%{time_appconnect}: TLS done after the connect, before the request, as curl's" python3 -c '
import sys
for f in sys.argv[1:]:
    c, a, p, s, t = map(float, open(f).read().split())
    if not (0 < c < a <= p <= s <= t):
        sys.exit("%s: %r" % (f, (c, a, p, s, t)))' "$T/s.out" "$T/c.out"
both --cacert "$P/ca.pem" -o /dev/null -w '%{num_certs} %{http_version} %{scheme} %{size_request}' "$U"
is "%{num_certs}: the chain the server sent, as curl's" "$(cat "$T/s.out")" \
    "$(cat "$T/c.out")"

# --- without the library --------------------------------------------------
msg="sockt http-get: TLS needs libssl.so.3 (OpenSSL 3), which was not found"
SOCKT_TLS_LIB=$T/no/libssl.so.3 hg -k "$U"
is "no libssl.so.3: the one line, exit 1" "$rc:$err" "1:$msg"
SOCKT_TLS_LIB=$T/no/libssl.so.3 hg -k "$U" \
    "http://127.0.0.1:$NGPORT/hello.txt"
# the status is the last transfer's, as curl 7.88's (issue 61): the
# plain URL after the one that failed was fetched
is "no libssl.so.3: plain http still fetched, the status the last URL's" \
    "$rc:$out:$err" "0:hello over TLS:$msg"
lib=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null |
    awk '$1 == "libssl.so.3" { print $NF; exit }')
if [ "$(id -u)" = 0 ] && [ -n "$lib" ] && have unshare &&
    unshare -m true 2>/dev/null; then
	: >"$T/empty"
	run 20 unshare -m sh -c 'mount --bind "$1" "$2" &&
	    "$3" http-get -k "$4"; echo "rc=$?"
	    "$3" http-get "$5"; echo "plain=$?"' sh \
	    "$T/empty" "$lib" "$SOCKT" "$U" \
	    "http://127.0.0.1:$NGPORT/hello.txt"
	is "libssl.so.3 hidden: the one line" "$err" "$msg"
	is "libssl.so.3 hidden: exit 1, plain http works" "$(echo $out)" \
	    "rc=1 hello over TLS plain=0"
else
	skip "libssl.so.3 hidden in a mount namespace" "not root or no unshare"
fi
done_testing
