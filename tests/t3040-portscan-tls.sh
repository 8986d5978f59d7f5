#!/bin/sh
# t3040: portscan --probe tls against openssl s_server on loopback, with
# certificates made afresh by the openssl command: valid, expired, not
# yet valid, for another name, self-signed, one whose subject is its
# issuer's though another key signed it, one chosen by SNI, a TLS 1.2 and
# a TLS 1.0 server, and a hostile one whose subject and names hold
# controls, quotes, commas, a NUL and invalid UTF-8; beside them a port
# that is not TLS, one that never answers and one that is closed; a
# handshake refused after the certificate came (its fields and the
# failure), TLS 1.3 asking for ours (no verdict awaited) and a peer that
# closes or resets at the ClientHello, each in the probe's own words.  Every
# field and flag in the table, -g, -j and -oG; the subject and notAfter
# as openssl x509 prints them; JSON checked by python3 -m json.tool; the
# stalled port bounded by -w; forked workers; no libssl, no scan.
# As root it runs in a private network namespace (unshare -n), so that
# its scan of a few thousand ports meets no other script's servers.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
# Some forty openssl runs and a dozen servers: slow on a loaded machine.
# watchdog: 300
. "$(dirname "$0")/lib.sh"
TD=$(cd "$(dirname "$0")" && pwd)
[ "${SK_T3_NS:-}" = 1 ] && ip link set lo up 2>/dev/null

. "$TD/pki.sh"

# --- the certificates: pki.sh's, and three of this script's own --------
# future (not yet valid), twin (named as its issuer, the root, but signed
# by it: not self-signed) and nasty (self-signed, with control characters,
# quotes, commas, a NUL, a newline and 0xff in its subject and names)
pki_or_skip "portscan --probe tls" python3
cat >>"$P/ext.cnf" <<EOC
[req]
distinguished_name = dn
[dn]
[nasty]
basicConstraints=CA:FALSE
# DNS "a,b c", DNS "ev<NUL>il<LF>\"x<0xff>", IP 127.0.0.1, in DER: the
# config syntax cannot say such names
subjectAltName=DER:30188205612c6220638209657600696c0a2278ff87047f000001
EOC
nasty_subj=$(printf '/CN=caf\303\251 \001\t"q"\\\\x\\,y\033[1m/O=O, Inc.\n2')
if ! { pki_leaf future localhost ca leaf -startdate 20990101000000Z \
    -enddate 21000101000000Z &&
    pki_leaf twin "sockt test root" ca leaf &&
    pki_key nasty && openssl req -x509 -new -key "$P/nasty.key" -days 30 \
    -utf8 -subj "$nasty_subj" -config "$P/ext.cnf" -extensions nasty \
    -out "$P/nasty.pem" 2>>"$P/log"; }; then
	fail "certificates from the openssl command" "$(cat "$P/log")"
	done_testing
	exit 0
fi
pass "certificates from the openssl command"

# --- the servers ----------------------------------------------------------
# tls_server NAME CERT ARGS...: openssl s_server on 127.0.0.1 (it cannot
# bind port 0: a free port, another on a clash); sets P_NAME.  With
# TRIES=1, one try and no failure reported: a server this openssl may
# not be able to be.
tls_server() {
	_ts=$1 _c=$2
	shift 2
	_try=0
	while [ $_try -lt "${TRIES:-3}" ]; do
		_try=$((_try + 1))
		_tp=$(freeport) || return 1
		# -rev: stdin's end (/dev/null) would end a plain s_server
		BGOUT=$T/$_ts.out BGERR=$T/$_ts.err bg 290 openssl s_server \
		    -accept "127.0.0.1:$_tp" -rev -cert "$P/$_c.pem" \
		    -key "$P/$_c.key" "$@"
		_tpid=$BGPID
		if wait_until 10 _ts_up && alive "$_tpid"; then
			eval "P_$_ts=\$_tp"
			return 0
		fi
		kill "$_tpid" 2>/dev/null
		wait "$_tpid" 2>/dev/null
	done
	[ -n "${TRIES:-}" ] || fail "s_server $_ts starts" "$(cat "$T/$_ts.err")"
	return 1
}
_ts_up() {
	alive "$_tpid" || return 0
	grep -q '^ACCEPT' "$T/$_ts.out"
}
for s in good exp future other twin self nasty; do
	tls_server $s $s || exit 1
done
# SNI "localhost" gets other.invalid's certificate, no SNI the leaf's
tls_server sni good -servername localhost -cert2 "$P/other.pem" \
    -key2 "$P/other.key" || exit 1
tls_server tls12 good -tls1_2 || exit 1
old=
nopen=10
if TRIES=1 tls_server tls10 good -tls1 -cipher 'DEFAULT:@SECLEVEL=0'; then
	old=$P_tls10
	nopen=11
fi
server 290 python3 "$TD/probe_peer.py" send 5353482d322e302d780d0a ||
    fail "plain peer"
P_plain=$SPORT
closedport || fail "closed port"
P_closed=$CPORT

# --- what openssl says of each certificate --------------------------------
# subj NAME, issuer NAME, enddate NAME: as openssl x509 prints them
subj() { openssl x509 -in "$P/$1.pem" -noout -subject | sed 's/^subject=//'; }
issuer() { openssl x509 -in "$P/$1.pem" -noout -issuer | sed 's/^issuer=//'; }
iso_end() {
	date -u -d "$(openssl x509 -in "$P/$1.pem" -noout -enddate |
	    sed 's/^notAfter=//')" +%Y-%m-%dT%H:%M:%SZ
}
names="good exp future other twin self nasty"
# E_NAME: NAME's notAfter in seconds since the epoch, read once
for s in $names; do
	eval "E_$s=\$(date -u -d \"\$(iso_end $s)\" +%s)"
done
# days V: V_NAME, whole days from now to NAME's notAfter, rounded down,
# for each name, by the shell's arithmetic (an openssl, a sed, three
# dates and an awk a name were some 100 processes)
days() {
	_now=$(date +%s)
	for _s in $names; do
		eval "_d=\$((E_$_s - _now))"
		_q=$((_d / 86400))
		[ "$_d" -ge 0 ] || [ $((_q * 86400)) -eq "$_d" ] || _q=$((_q - 1))
		eval "$1_$_s=\$_q"
	done
}
days D0
is "openssl's subject and issuer, as sockt should show them" \
    "$(subj good)|$(issuer good)|$(subj twin)|$(issuer twin)" \
    "CN = localhost|CN = sockt test root|CN = sockt test root|CN = sockt test root"
is "... and the hostile one, escaped by openssl itself" "$(subj nasty)" \
    'CN = "caf\C3\A9 \01\09\"q\"\\x,y\1B[1m", O = "O, Inc.\0A2"'
is "... notAfter as ISO 8601" "$(iso_end exp)" "2020-02-01T00:00:00Z"

# --- the scans --------------------------------------------------------------
ports="$P_good,$P_exp,$P_future,$P_other,$P_twin,$P_self,$P_nasty,$P_sni,\
$P_tls12,$P_plain,$P_closed${old:+,$old}"
run 60 "$SOCKT" portscan -4 --probe tls --sort -w 3 -p "$ports" localhost
rc_table=$rc
cp "$T/out" "$T/table"
run 60 "$SOCKT" portscan -4 -g --probe tls -w 3 -p "$ports" localhost
cp "$T/out" "$T/grep"
run 60 "$SOCKT" portscan -4 -j --probe tls -w 3 -oG "$T/og" -p "$ports" \
    localhost
cp "$T/out" "$T/json"
run 60 "$SOCKT" portscan -g --probe tls -w 3 -p "$ports" 127.0.0.1
cp "$T/out" "$T/grep_ip"
days D1
is "the scan: exit 0, the ports open but the closed one" \
    "$rc_table:$(grep -c ' open ' "$T/table")" "0:$nopen"

# tab PORT: the TLS column of PORT's line in the table
tab() { sed -n "s/^127.0.0.1 (localhost) *$1  *open  *[^ ]*  *//p" "$T/table"; }
# gfields PORT [FILE]: PORT's fields after the service, in -g
gfields() {
	awk -v p="$1" '$2 == p { $1 = $2 = $3 = $4 = ""; sub(/^ */, "")
	    print }' "${2:-$T/grep}"
}
# norm: the cipher and the days, which the next tests check, left out
norm() { sed -e 's/cipher=[^ ]*/cipher=C/' -e 's/days=-\{0,1\}[0-9]*/days=D/'; }
# days_of TEXT: its days= value
days_of() { printf '%s\n' "$1" | sed -n 's/.*days=\(-\{0,1\}[0-9]*\).*/\1/p'; }
# days_ok TEXT NAME: TEXT's days are NAME's, as openssl's notAfter gives
# them before or after the scans (the clock may pass a day meanwhile)
days_ok() {
	_got=$(days_of "$1")
	eval "_d0=\$D0_$2 _d1=\$D1_$2"
	[ -n "$_got" ] && { [ "$_got" = "$_d0" ] || [ "$_got" = "$_d1" ]; }
}
# val KEY TEXT: a table's quoted value
val() { printf '%s\n' "$2" | sed -n "s/.* $1=\"\\([^\"]*\\)\".*/\\1/p"; }

### the table: every field of a good certificate
t=$(tab "$P_good")
is "table: version, subject, issuer, names, notAfter, no flags" \
    "$(printf '%s\n' "$t" | norm)" \
    "tls=TLSv1.3 cipher=C subject=\"CN = localhost\" issuer=\"CN = sockt test root\" san=\"DNS:localhost, IP:127.0.0.1, IP:::1\" notAfter=$(iso_end good) days=D"
like "... a TLS 1.3 cipher" "$t" "* cipher=TLS_*_SHA* *"
check "... days left as openssl's notAfter gives them" days_ok "$t" good
t=$(tab "$P_exp")
is "table: expired" "$(printf '%s\n' "$t" | norm)" \
    "tls=TLSv1.3 cipher=C subject=\"CN = localhost\" issuer=\"CN = sockt test root\" san=\"DNS:localhost, IP:127.0.0.1, IP:::1\" notAfter=2020-02-01T00:00:00Z days=D flags=expired"
check "... days left negative, as openssl's notAfter gives them" \
    days_ok "$t" exp
t=$(tab "$P_future")
like "table: not yet valid" "$t" \
    "* notAfter=2100-01-01T00:00:00Z days=* flags=not-yet-valid"
check "... days" days_ok "$t" future
like "table: another name than the target's" "$(tab "$P_other")" \
    "*subject=\"CN = other.invalid\" *san=\"DNS:other.invalid\" * flags=name-mismatch"
like "table: self-signed" "$(tab "$P_self")" \
    "*subject=\"CN = localhost\" issuer=\"CN = localhost\" san=\"DNS:localhost\" * flags=self-signed"
t=$(tab "$P_twin")
is "table: subject == issuer, signed by another key: not self-signed" \
    "$(val subject "$t")|$(val issuer "$t")|$(printf '%s\n' "$t" |
    grep -c flags=)" "CN = sockt test root|CN = sockt test root|0"
like "table: SNI sent for the name (the server chose by it)" \
    "$(tab "$P_sni")" "*subject=\"CN = other.invalid\" * flags=name-mismatch"
like "table: a TLS 1.2 server" "$(tab "$P_tls12")" \
    "tls=TLSv1.2 cipher=ECDHE-* subject=\"CN = localhost\" *"
if [ -n "$old" ]; then
	like "table: a TLS 1.0 server still shows its certificate" \
	    "$(tab "$old")" "tls=TLSv1 cipher=* subject=\"CN = localhost\" *"
else
	skip "a TLS 1.0 server" "s_server without TLS 1.0"
fi
is "table: a port that is not TLS says so, the scan goes on" \
    "$(tab "$P_plain")" 'tls-error="not TLS (wrong version number)"'
t=$(tab "$P_nasty")
is "table: the hostile subject, escaped: quotes, controls, UTF-8" \
    "$(val subject "$t")" \
    'CN = \x22caf\\C3\\A9 \\01\\09\\\x22q\\\x22\\\\x,y\\1B[1m\x22, O = \x22O, Inc.\\0A2\x22'
is "... its names: a comma, a NUL, a newline, a quote, 0xff" \
    "$(val san "$t")" 'DNS:a\x2cb c, DNS:ev\x00il\n\x22x\xff, IP:127.0.0.1'
like "... its flags" "$t" "* flags=self-signed,name-mismatch"
is "table: one line a port, printable ASCII only" \
    "$(wc -l <"$T/table" | tr -d ' '):$(LC_ALL=C tr -d ' -~\n' <"$T/table" |
    wc -c | tr -d ' ')" "$((nopen + 2)):0"
is "table: the header names the column" "$(head -n 1 "$T/table" |
    tr -s ' ')" "HOST PORT STATE SERVICE TLS"

### -g: the same fields, one space-free field each
g=$(gfields "$P_good")
is "-g: key=value fields" "$(printf '%s\n' "$g" | norm)" \
    "tls=TLSv1.3 cipher=C subject=CN\\x20=\\x20localhost issuer=CN\\x20=\\x20sockt\\x20test\\x20root san=DNS:localhost,IP:127.0.0.1,IP:::1 notAfter=$(iso_end good) days=D"
check "... days" days_ok "$g" good
is "-g: the flags" "$(gfields "$P_exp" | sed 's/.* //'):$(gfields \
    "$P_nasty" | sed 's/.* //')" "flags=expired:flags=self-signed,name-mismatch"
is "-g: the hostile names, no space nor comma inside" \
    "$(gfields "$P_nasty" | tr ' ' '\n' | grep '^san=')" \
    'san=DNS:a\x2cb\x20c,DNS:ev\x00il\n"x\xff,IP:127.0.0.1'
is "-g: every field of every line is key=value" \
    "$(awk '{ for (i = 5; i <= NF; i++) if ($i !~ /^[a-zA-Z_-]+=/) print }' \
    "$T/grep")" ""
is "-g: not TLS" "$(gfields "$P_plain")" \
    'tls-error=not\x20TLS\x20(wrong\x20version\x20number)'

### an address given: no SNI, no name checked
is "127.0.0.1: no name checked, no name-mismatch" \
    "$(gfields "$P_other" "$T/grep_ip" | grep -c flags=)" 0
like "127.0.0.1: no SNI, the server's first certificate" \
    "$(gfields "$P_sni" "$T/grep_ip" | norm)" \
    "*subject=CN?x20=?x20localhost * san=DNS:localhost,IP:127.0.0.1,IP:::1 *"

### -j: valid JSON, the fields as openssl prints them, bytes and all
# (each line parsed by python's json, as python3 -m json.tool did, and
# jport: all in one python3 through lib.sh's pyrun, not a start each)
cat >"$T/jvalid.py" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    try:
        json.loads(l)
    except ValueError:
        print("bad: " + l.rstrip("\n"))
PY
pyrun 30 "$T/jvalid.py" "$T/json"
is "-j: every line valid JSON (python's json)" "$rc:$out" "0:"
is "-j: ASCII only" "$(LC_ALL=C tr -d ' -~\n' <"$T/json" | wc -c |
    tr -d ' ')" 0
cat >"$T/jport.py" <<'PY'
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("port") != int(sys.argv[2]):
        continue
    t = o["tls"] or {}
    for k in ("version", "subject", "issuer", "not_after", "days_left"):
        print("%s=%s" % (k, t.get(k)))
    print("san=%r" % [s.encode("latin-1") for s in t.get("san", [])])
    print("flags=%s" % ",".join(t.get("flags", [])))
    print("error=%s" % o["tls_error"])
PY
jport() {	# jport PORT: KEY=VALUE lines of PORT's object
	pyrun 30 "$T/jport.py" "$T/json" "$1"
	printf '%s\n' "$out"
}
j=$(jport "$P_good")
is "-j: a good certificate's members" \
    "$(printf '%s\n' "$j" | grep -v '^days_left=')" \
    "version=TLSv1.3
subject=CN = localhost
issuer=CN = sockt test root
not_after=$(iso_end good)
san=[b'DNS:localhost', b'IP:127.0.0.1', b'IP:::1']
flags=
error=None"
check "... days_left" days_ok "days=$(printf '%s\n' "$j" |
    sed -n 's/^days_left=//p')" good
j=$(jport "$P_nasty")
is "-j: the hostile subject is openssl's, to the byte" \
    "$(printf '%s\n' "$j" | sed -n 's/^subject=//p')" "$(subj nasty)"
is "-j: the hostile names, to the byte" \
    "$(printf '%s\n' "$j" | sed -n 's/^san=//p')" \
    "[b'DNS:a,b c', b'DNS:ev\\x00il\\n\"x\\xff', b'IP:127.0.0.1']"
is "-j: the flags of each" "$(for s in exp future other self twin sni; do
    eval "p=\$P_$s"; jport "$p" | sed -n 's/^flags=//p'; done | tr '\n' '|')" \
    "expired|not-yet-valid|name-mismatch|self-signed||name-mismatch|"
j=$(jport "$P_exp")
is "-j: an expired certificate's notAfter" \
    "$(printf '%s\n' "$j" | sed -n 's/^not_after=//p')" "2020-02-01T00:00:00Z"
check "... its days_left, negative" days_ok "days=$(printf '%s\n' "$j" |
    sed -n 's/^days_left=//p')" exp
is "-j: not TLS: tls null, the error in words" \
    "$(jport "$P_plain" | sed -n 's/^\(version\|error\)=//p' | tr '\n' '|')" \
    "None|not TLS (wrong version number)|"

### -oG: the fields in nmap's version field, which they cannot split
ogp=$(sed -n 's/.*	Ports: //p' "$T/og")
is "-oG: one Ports line, its entries each eight fields" \
    "$(grep -c '	Ports: ' "$T/og"):$(printf '%s\n' "$ogp" |
    sed 's/, \([0-9]*\/\)/\n\1/g' | awk -F/ 'NF != 8' | wc -l | tr -d ' ')" \
    "1:0"
ogv() {		# ogv PORT: the version field of PORT's entry
	printf '%s\n' "$ogp" | sed 's/, \([0-9]*\/\)/\n\1/g' |
	    awk -F/ -v p="$1" '$1 == p { print $7 }'
}
is "-oG: the good certificate" "$(ogv "$P_good" | norm)" \
    "tls=TLSv1.3 cipher=C subject=\"CN = localhost\" issuer=\"CN = sockt test root\" san=\"DNS:localhost IP:127.0.0.1 IP:::1\" notAfter=$(iso_end good) days=D"
is "-oG: the hostile one: no comma, no slash, escaped" \
    "$(ogv "$P_nasty" | norm | sed 's/ notAfter=.*flags=/ flags=/')" \
    'tls=TLSv1.3 cipher=C subject="CN = \x22caf\\C3\\A9 \\01\\09\\\x22q\\\x22\\\\x\x2cy\\1B[1m\x22\x2c O = \x22O\x2c Inc.\\0A2\x22" issuer="CN = \x22caf\\C3\\A9 \\01\\09\\\x22q\\\x22\\\\x\x2cy\\1B[1m\x22\x2c O = \x22O\x2c Inc.\\0A2\x22" san="DNS:a\x2cb\x20c DNS:ev\x00il\n\x22x\xff IP:127.0.0.1" flags=self-signed+name-mismatch'
like "-oG: expired" "$(ogv "$P_exp")" "* days=-* flags=expired"
is "-oG: not TLS" "$(ogv "$P_plain")" \
    'tls-error="not TLS (wrong version number)"'

### a port that accepts and never answers: bounded by -w
# accepted by the kernel, never read: a handshake that gets no answer;
# it lives until its watchdog ends it
server 60 python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
time.sleep(3600)' || fail "silent peer"
P_silent=$SPORT
timed 30 "$SOCKT" portscan -g --probe tls -w 1 -p "$P_silent" 127.0.0.1
is "silent port: open, the handshake timed out" "$(gfields "$P_silent" \
    "$T/out")" 'tls-error=TLS\x20handshake\x20timed\x20out'
check "... within -w: 1 s (took $el ms)" within 900 3500 "$el"

### failures on the stack's TLS layer, in the probe's own words
# a TLS 1.2 server that requires a client certificate fails the handshake
# after its own came: the fields and the failure both; a TLS 1.3 one
# judges ours after our side is done (RFC 8446 4.4.2.4), and the probe
# waits for no verdict (no certificate callback): done, no error; a peer
# that takes the ClientHello and closes, one that resets
tls_server need12 good -tls1_2 -Verify 1 || exit 1
tls_server need13 good -tls1_3 -Verify 1 || exit 1
server 60 python3 "$TD/probe_peer.py" record 1 "$T/shut.log" "" ||
    fail "closing peer"
P_shut=$SPORT
server 60 python3 "$TD/probe_peer.py" reset || fail "resetting peer"
P_reset=$SPORT
run 60 "$SOCKT" portscan -g --probe tls -w 3 \
    -p "$P_need12,$P_need13,$P_shut,$P_reset" 127.0.0.1
good_g='subject=CN\x20=\x20localhost issuer=CN\x20=\x20sockt\x20test\x20root san=DNS:localhost,IP:127.0.0.1,IP:::1'
is "a refused handshake: the certificate's fields, then why it failed" \
    "$(gfields "$P_need12" "$T/out" | norm)" \
    "tls-error=TLS\\x20handshake\\x20failed:\\x20sslv3\\x20alert\\x20handshake\\x20failure $good_g notAfter=$(iso_end good) days=D"
# with the verdict awaited, the server's refusal would be the error
is "TLS 1.3, our certificate asked for: done, no verdict awaited" \
    "$(gfields "$P_need13" "$T/out" | norm)" \
    "tls=TLSv1.3 cipher=C $good_g notAfter=$(iso_end good) days=D"
# (the words the probe has always had for it: OpenSSL 3 tells that end,
# with SSL_OP_IGNORE_UNEXPECTED_EOF, as SSL_ERROR_ZERO_RETURN and no
# reason, which probe_reason does not take for a close)
is "a peer that closes at the ClientHello" "$(gfields "$P_shut" "$T/out")" \
    'tls-error=TLS\x20handshake\x20failed:\x20unknown\x20error'
is "a peer that resets at the ClientHello: the errno of the failed step" \
    "$(gfields "$P_reset" "$T/out")" \
    'tls-error=TLS\x20handshake\x20failed:\x20Connection\x20reset\x20by\x20peer'

### forked workers: the fields cross their pipes whole
if [ "$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)" -gt 1 ]; then
	run 60 "$SOCKT" portscan -v -g --probe tls -w 3 \
	    -p "1-4200,$P_good,$P_nasty" 127.0.0.1
	like "forked workers" "$err" "*, 2 workers,*"
	is "... the fields as one worker gives them" \
	    "$(gfields "$P_nasty" "$T/out" | norm)" \
	    "$(gfields "$P_nasty" "$T/grep_ip" | norm)"
else
	skip "forked workers" "one CPU"
fi

### usage and the library
run 10 "$SOCKT" portscan -u --probe tls -p 1 127.0.0.1
like "--probe tls with -u: a usage error" "$rc:$err" \
    "2:*--probe tls is for TCP ports: it excludes -u*"
run 10 env SOCKT_TLS_LIB="$T/no/libssl.so.3" "$SOCKT" portscan --probe tls \
    -oG "$T/og2" -p "$P_good" 127.0.0.1
is "no libssl: the one line, exit 1, nothing scanned, no -oG file" \
    "$rc:$err:$out:$(test -e "$T/og2" && echo og)" \
    "1:sockt portscan: TLS needs libssl.so.3 (OpenSSL 3), which was not found::"
run 10 env SOCKT_TLS_LIB="$T/no/libssl.so.3" "$SOCKT" portscan -g \
    -p "$P_good" 127.0.0.1
is "no libssl: a scan without TLS works" "$rc:$(gfields "$P_good" "$T/out")" \
    "0:"
done_testing
