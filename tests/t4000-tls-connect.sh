#!/bin/sh
# t4000: connect --tls against openssl s_server and socat, with a PKI made
# afresh by the openssl command on each run: a root CA, a leaf for
# localhost with the IP SANs 127.0.0.1 and ::1, an expired leaf, one for
# other.invalid, a self-signed one, one from a root nobody trusts, and a
# client certificate.  Verified success and each refusal in its words,
# --insecure, --servername, IP literals checked and given no SNI, SNI
# sent for names, close_notify as the half-close, a client certificate,
# ALPN, --tls-min; then the same verdicts from openssl s_client, and
# sockt without the library (SOCKT_TLS_LIB, and as root a mount
# namespace that hides libssl.so.3): one line, exit 1, plain TCP intact.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"

# only_libc: sockt names libc alone in its dynamic section.  A sanitizer
# build brings its runtime's libraries (libm, libgcc_s): not ours to judge.
only_libc() {
	if ! have readelf; then
		skip "sockt needs only libc" "no readelf"
	elif readelf -s "$SOCKT" 2>/dev/null | grep -q '__asan_init'; then
		skip "sockt needs only libc" "a sanitizer build"
	else
		# the C library's own name: glibc's libc.so.6, musl's libc.so
		case $(sockt_loader) in
		*/ld-musl-*) _lc=libc.so ;;
		*) _lc=libc.so.6 ;;
		esac
		is "sockt needs only libc" "$(readelf -d "$SOCKT" |
		    sed -n 's/.*NEEDED.*\[\(.*\)\].*/\1/p')" "$_lc"
	fi
}

if ! pki_usable; then
	# still true without the library: sockt links only libc
	only_libc
	skip "TLS" "no openssl command or no libssl.so.3"
	done_testing
	exit 0
fi

# --- the PKI (tests/pki.sh) ----------------------------------------------
P=$T/pki
if ! pki_make; then
	fail "a PKI from the openssl command" "$(cat "$P/log")"
	done_testing
	exit 0
fi
pass "a PKI from the openssl command"

# --- the servers (s_server -rev: each line back reversed) --------------
srv() {		# srv NAME CERT ARGS...: a server with CERT's certificate
	_s=$1 _c=$2
	shift 2
	s_server "$_s" -rev -cert "$P/$_c.pem" -key "$P/$_c.key" "$@"
}
srv good good || exit 1
srv exp exp || exit 1
srv other other || exit 1
srv self self || exit 1
srv stranger stranger || exit 1
# SNI "localhost" gets other.invalid's certificate, no SNI the leaf's
srv sni good -servername localhost -cert2 "$P/other.pem" \
    -key2 "$P/other.key" || exit 1
srv mtls good -Verify 1 -CAfile "$P/ca.pem" || exit 1
srv alpn good -alpn h2 || exit 1
srv tls12 good -tls1_2 || exit 1

tc() {		# tc ARGS...: one line through connect, answer in $out
	printf 'hello\n' >"$T/in"
	timeout -k 2 20 "$SOCKT" connect "$@" <"$T/in" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}

# --- verified -----------------------------------------------------------
tc --tls --cacert "$P/ca.pem" localhost "$P_good"
is "verified with --cacert: the reply" "$out" "olleh"
is "verified with --cacert: exit 0" "$rc" 0
is "verified: nothing on stderr" "$err" ""
tc --ssl --cacert "$P/ca.pem" localhost "$P_good"
is "--ssl is --tls" "$out:$rc" "olleh:0"
SSL_CERT_FILE=$P/ca.pem tc --tls localhost "$P_good"
is "SSL_CERT_FILE names the CA store" "$out:$rc" "olleh:0"
mkdir -p "$T/capath"
cp "$P/ca.pem" "$T/capath/" && openssl rehash "$T/capath" 2>/dev/null
tc --tls --capath "$T/capath" localhost "$P_good"
is "--capath DIR" "$out:$rc" "olleh:0"
tc --tls --cacert "$P/ca.pem" 127.0.0.1 "$P_good"
is "an IP literal checked against the IP SANs" "$out:$rc" "olleh:0"
tc -v --tls --cacert "$P/ca.pem" localhost "$P_good"
like "-v: version and cipher" "$err" "*sockt connect: TLSv1.[23], cipher *"
like "-v: subject and issuer" "$err" \
    "*certificate subject /CN=localhost*certificate issuer /CN=sockt test root*"
like "-v: validity" "$err" "*certificate valid from 20*UTC to 20*UTC*"
like "-v: the names" "$err" \
    "*certificate names DNS:localhost, IP:127.0.0.1, IP:::1*"

# --- refused, in words ----------------------------------------------------
pre="sockt connect: localhost port"
na=$(openssl x509 -in "$P/exp.pem" -noout -enddate | sed 's/notAfter=//')
tc --tls --cacert "$P/ca.pem" localhost "$P_exp"
is "expired" "$err" "$pre $P_exp: certificate has expired (notAfter 2020-02-01)"
is "expired: exit 1, no data" "$rc:$out" "1:"
is "expired: the date is openssl's" "$na" "Feb  1 00:00:00 2020 GMT"
tc --tls --cacert "$P/ca.pem" localhost "$P_other"
is "another name" "$err" \
    "$pre $P_other: certificate is for other.invalid, not localhost"
tc --tls --cacert "$P/ca.pem" 127.0.0.1 "$P_other"
is "another name than the IP literal" "$err" \
    "sockt connect: 127.0.0.1 port $P_other: certificate is for other.invalid, not 127.0.0.1"
tc --tls --cacert "$P/ca.pem" localhost "$P_self"
is "self-signed" "$err" "$pre $P_self: self-signed certificate"
tc --tls --cacert "$P/ca.pem" localhost "$P_stranger"
is "an unknown root" "$err" \
    "$pre $P_stranger: unable to get local issuer certificate (try --cacert)"
SSL_CERT_FILE=$T/none SSL_CERT_DIR=$T/none tc --tls localhost "$P_good"
is "a CA not in the store" "$err" \
    "$pre $P_good: unable to get local issuer certificate (try --cacert)"
server 60 "$SOCKT" serve-hello -v 127.0.0.1 0
tc --tls localhost "$SPORT"
is "not a TLS port" "$err:$rc" "$pre $SPORT: TLS handshake failed: wrong version number (is port $SPORT a TLS port?):1"

# --- --insecure, --servername, SNI -----------------------------------------
tc --tls --insecure localhost "$P_self"
is "--insecure takes a self-signed certificate" "$out:$rc" "olleh:0"
tc --tls --insecure localhost "$P_exp"
is "--insecure takes an expired one" "$out:$rc" "olleh:0"
tc --tls --cacert "$P/ca.pem" --servername other.invalid 127.0.0.1 "$P_other"
is "--servername: the name checked" "$out:$rc" "olleh:0"
tc --tls --cacert "$P/ca.pem" --servername other.invalid localhost "$P_good"
is "--servername: a mismatch names it" "$err" \
    "$pre $P_good: certificate is for localhost, 127.0.0.1, ::1, not other.invalid"
tc --tls --cacert "$P/ca.pem" localhost "$P_sni"
is "SNI sent for a name (the server chose by it)" "$err" \
    "$pre $P_sni: certificate is for other.invalid, not localhost"
tc --tls --cacert "$P/ca.pem" 127.0.0.1 "$P_sni"
is "no SNI for an IP literal" "$out:$rc" "olleh:0"

# --- client certificate, ALPN, --tls-min -------------------------------------
tc --tls --cacert "$P/ca.pem" --cert "$P/client.pem" --key "$P/client.key" \
    localhost "$P_mtls"
is "a client certificate accepted (s_server -Verify)" "$out:$rc" "olleh:0"
tc --tls --cacert "$P/ca.pem" localhost "$P_mtls"
is "none where one is required: exit 1" "$rc:$out" "1:"
tc --tls --cacert "$P/ca.pem" --cert "$P/missing.pem" localhost "$P_good"
like "a missing client certificate" "$err:$rc" \
    "sockt connect: client certificate $P/missing.pem: *:1"
tc -v --tls --cacert "$P/ca.pem" --alpn h2,http/1.1 localhost "$P_alpn"
like "--alpn: the server's choice" "$err" "*, ALPN h2*"
tc -v --tls --cacert "$P/ca.pem" localhost "$P_alpn"
like "no --alpn, none agreed" "$err" "*, no ALPN*"
tc --tls --cacert "$P/ca.pem" localhost "$P_tls12"
is "TLS 1.2 by default" "$out:$rc" "olleh:0"
tc --tls --tls-min 1.3 --cacert "$P/ca.pem" localhost "$P_tls12"
like "--tls-min 1.3 refuses a TLS 1.2 server" "$err:$rc" \
    "$pre $P_tls12: TLS handshake failed: *:1"
tc --cacert "$P/ca.pem" localhost "$P_good"
is "--cacert without --tls is a usage error" "$rc" 2
like "--cacert without --tls: why" "$err" "*--cacert needs --tls*"
tc --tls --alpn h2,,x localhost "$P_good"
is "a bad --alpn is a usage error" "$rc:$(echo "$err" | head -n 1)" \
    "2:sockt connect: --alpn h2,,x: empty protocol name"

# --- close_notify as the half-close -------------------------------------
if socat -V 2>/dev/null | grep -q 'define WITH_OPENSSL 1'; then
	# wc answers only at its end of file: the close_notify passed on
	BGERR=$T/socat.err bg 60 socat -d -d \
	    "OPENSSL-LISTEN:0,bind=127.0.0.1,cert=$P/good.pem,key=$P/good.key,verify=0" \
	    EXEC:'wc -c'
	spid=$BGPID
	wait_until 10 grep -q 'listening on' "$T/socat.err"
	sp=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' \
	    "$T/socat.err" | head -n 1)
	tc --tls --cacert "$P/ca.pem" localhost "$sp"
	is "stdin's end sends close_notify, the reply still read" \
	    "$(echo $out):$rc" "6:0"
	wait_gone "$spid" 10
else
	skip "close_notify half-close" "socat without OpenSSL"
fi

# --- the same verdicts as openssl s_client ------------------------------
for s in good exp other self stranger; do
	eval "p=\$P_$s"
	timeout 20 openssl s_client -connect "127.0.0.1:$p" \
	    -servername localhost -verify_hostname localhost \
	    -CAfile "$P/ca.pem" -verify_return_error </dev/null \
	    >/dev/null 2>&1
	want=$?
	[ "$want" -ne 0 ] && want=1
	tc -z --tls --cacert "$P/ca.pem" localhost "$p"
	is "like s_client -verify_return_error: $s" "$rc" "$want"
done

# --- without the library --------------------------------------------------
msg="sockt connect: TLS needs libssl.so.3 (OpenSSL 3), which was not found"
SOCKT_TLS_LIB=$T/no/libssl.so.3 tc --tls localhost "$P_good"
is "SOCKT_TLS_LIB missing: the one line" "$err" "$msg"
is "SOCKT_TLS_LIB missing: exit 1" "$rc" 1
SOCKT_TLS_LIB=$T/no/libssl.so.3 tc -z localhost "$P_good"
is "SOCKT_TLS_LIB missing: plain TCP works" "$rc" 0
like "--version without the library" \
    "$(SOCKT_TLS_LIB=$T/no/libssl.so.3 "$SOCKT" --version)" \
    "*TLS: none (TLS needs libssl.so.3 (OpenSSL 3), which was not found)
zlib: *"
like "--version names the library" "$("$SOCKT" --version)" \
    "*TLS: OpenSSL 3.* (libssl.so.3)
zlib: *"
lib=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | awk '$1 == "libssl.so.3" { print $NF; exit }')
if [ "$(id -u)" = 0 ] && [ -n "$lib" ] && have unshare &&
    unshare -m true 2>/dev/null; then
	: >"$T/empty"
	run 20 unshare -m sh -c 'mount --bind "$1" "$2" &&
	    "$3" connect --tls localhost "$4" </dev/null; echo "rc=$?"
	    "$3" connect -z localhost "$4"; echo "plain=$?"' sh \
	    "$T/empty" "$lib" "$SOCKT" "$P_good"
	is "libssl.so.3 hidden: the one line" "$err" "$msg"
	is "libssl.so.3 hidden: exit 1, plain TCP works" "$(echo $out)" \
	    "rc=1 plain=0"
else
	skip "libssl.so.3 hidden in a mount namespace" "not root or no unshare"
fi
only_libc
done_testing
