#!/bin/sh
# t4001: the TLS module's error paths, through a fake OpenSSL
# (tests/fakessl.so, built by make check) that fails on demand where the
# real one fails only on a broken network or a broken system: a library
# that lacks any one of the symbols of the module's tables (the list read
# from src/tls/tls*.c, so a table added there is covered at once; each
# library made here with the C compiler), one that is OpenSSL 1.1, each
# step of a connection's set-up, each way a handshake fails, and reads
# and writes that fail in mid-stream.  Every failure is one line and exit
# 1, never a crash, and frees what it made (the fake counts).  The data
# path too: the fake hands out data a byte a call (the rest pending,
# which poll cannot see), or wants to write when asked to read; and so
# through listen --broker --tls, whose loop steps every client's session.
# Its 200 cases, a library built for some, took 150 s under ASan at
# make check JOBS=4, the default watchdog:
# watchdog: 300
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
FAKE=$TOP/tests/fakessl.so
nl='
'

if [ ! -f "$FAKE" ]; then
	fail "tests/fakessl.so is built" "run make check, or make tests/fakessl.so"
	done_testing
	exit 1
fi

# fc MODE ARGS...: connect ARGS through the fake in MODE (FAKESSL);
# stdin from $FIN (default /dev/null).  Sets rc, out, err; the fake's log
# in $T/fl.log.
fc() {
	_m=$1
	shift
	: >"$T/fl.log"
	SOCKT_TLS_LIB=$FAKE SOCKT_TLS_CRYPTO=$FAKE FAKESSL=$_m \
	    FAKESSL_LOG=$T/fl.log timeout -k 2 30 "$SOCKT" connect "$@" \
	    <"${FIN:-/dev/null}" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
# balance: what the last fc made and did not free, "ctx ssl x509 names"
# counts, each 0 when all was freed
balance() {
	awk '/^[+-](ctx|ssl|x509|names)$/ { n[substr($0, 2)] += $0 ~ /^\+/ ? 1 : -1 }
	    END { printf "ctx %d ssl %d x509 %d names %d\n", n["ctx"],
	    n["ssl"], n["x509"], n["names"] }' "$T/fl.log"
}
freed="ctx 0 ssl 0 x509 0 names 0"
# fails DESC WANT: the last fc failed with the one line WANT, exit 1,
# nothing on stdout, everything freed
fails() {
	is "$1" "$rc|$err|$out|$(balance)" "1|$2||$freed"
}

closedport || exit 1
CLOSED=$CPORT

# --- the library as a whole ----------------------------------------------
v=$(SOCKT_TLS_LIB=$FAKE SOCKT_TLS_CRYPTO=$FAKE "$SOCKT" --version)
is "--version names the library found and its version" \
    "$(echo "$v" | sed -n '/^TLS/p')" "TLS: OpenSSL 3.0.0 (fakessl) ($FAKE)"
v=$(SOCKT_TLS_LIB=$FAKE SOCKT_TLS_CRYPTO=$FAKE FAKESSL=version=0x10101000 \
    "$SOCKT" --version)
is "--version: OpenSSL 1.1 is none" "$(echo "$v" | sed -n '/^TLS/p')" \
    "TLS: none (TLS needs OpenSSL 3; $FAKE is OpenSSL 1.1.1w (fakessl))"
fc version=0x10101000 --tls 127.0.0.1 "$CLOSED"
is "OpenSSL 1.1 refused before dialing: one line, exit 1" "$rc|$err" \
    "1|sockt connect: TLS needs OpenSSL 3; $FAKE is OpenSSL 1.1.1w (fakessl)"
fc version=0x10101000 -zv 127.0.0.1 "$CLOSED"
like "OpenSSL 1.1: plain TCP as before" "$rc|$err" "1|*Connection refused"

# Every symbol missing in turn: a copy of one fake (linked -Bsymbolic,
# so that its own calls bind inside it) whose dynamic symbol of that name
# is nameless (st_name 0), which dlsym cannot find, made for every name by
# one python3; or, without python3, a fake linked with that one made
# local (a version script), or, where the linker takes none, compiled
# with the name changed.  A link a symbol, 150 of them, was half this
# script's CPU.  The names come from the tables themselves.
sh "$TOP/tests/tls_syms.sh" "$TOP/src" >"$T/syms"
sh "$TOP/tests/tls_syms.sh" -s "$TOP/tests/fakessl.c" "$TOP/src" \
    >"$T/stubs.c"
nsyms=$(wc -l <"$T/syms" | tr -d ' ')
check "the tables list 40 symbols or more ($nsyms)" [ "$nsyms" -ge 40 ]
CC=${CC:-cc}
if ! have "$CC"; then
	skip "a library without each symbol" "no C compiler ($CC)"
elif ! "$CC" -c -fPIC -o "$T/fake.o" "$TOP/tests/fakessl.c" 2>"$T/cc.err" ||
    ! "$CC" -c -fPIC -o "$T/stubs.o" "$T/stubs.c" 2>>"$T/cc.err"; then
	fail "the fake compiles" "$(cat "$T/cc.err")"
else
	"$CC" -shared -Wl,-Bsymbolic -o "$T/base.so" "$T/fake.o" \
	    "$T/stubs.o" 2>/dev/null && have python3 &&
	    python3 - "$T/base.so" "$T" "$T/syms" 2>"$T/py.err" <<'EOP'
# ELF64 little-endian: each name's .dynsym entry made nameless in a copy
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
if b[:6] != b"\x7fELF\x02\x01":
    sys.exit(0)
shoff, = struct.unpack_from("<Q", b, 0x28)
shent, shnum = struct.unpack_from("<HH", b, 0x3a)
for i in range(shnum):
    typ, = struct.unpack_from("<I", b, shoff + i * shent + 4)
    if typ == 11:
        off, size, link = struct.unpack_from("<QQI", b, shoff + i * shent + 24)
        stro, = struct.unpack_from("<Q", b, shoff + link * shent + 24)
        break
else:
    sys.exit(0)
at = {}
for k in range(off, off + size, 24):
    n, = struct.unpack_from("<I", b, k)
    at[bytes(b[stro + n:b.index(b"\0", stro + n)]).decode()] = k
for name in open(sys.argv[3]).read().split():
    if name in at:
        c = bytearray(b)
        struct.pack_into("<I", c, at[name], 0)
        open("%s/no-%s.so" % (sys.argv[2], name), "wb").write(c)
EOP
	while read -r s; do
		lib=$T/no-$s.so
		if [ ! -f "$lib" ]; then
			printf '{ global: *; local: %s; };\n' "$s" >"$T/vs"
			"$CC" -shared -o "$lib" "$T/fake.o" "$T/stubs.o" \
			    -Wl,--version-script="$T/vs" 2>/dev/null ||
			    "$CC" -shared -fPIC -o "$lib" \
			    "-D$s=fakessl_omitted_$s" "$TOP/tests/fakessl.c" \
			    "$T/stubs.c" 2>"$T/cc.err" || {
				fail "a library without $s" "$(cat "$T/cc.err")"
				continue
			}
		fi
		# before dialing: the port is closed, so a dial would say so
		SOCKT_TLS_LIB=$lib SOCKT_TLS_CRYPTO=$lib timeout -k 2 20 \
		    "$SOCKT" connect --tls 127.0.0.1 "$CLOSED" </dev/null \
		    >"$T/out" 2>"$T/err"
		rc=$?
		SOCKT_TLS_LIB=$lib SOCKT_TLS_CRYPTO=$lib "$SOCKT" --version \
		    >"$T/ver" 2>&1
		# its TLS lines and stderr's, read by the shell (a sed and
		# a cat a symbol were 300 execs)
		v='' e='' f=''
		while IFS= read -r l; do
			case $l in TLS*) v=${v:+$v$nl}$l ;; esac
		done <"$T/ver"
		while IFS= read -r l; do e=$e${f:+$nl}$l f=1; done <"$T/err"
		want="TLS needs OpenSSL 3: $lib has no $s"
		is "without $s: one line, exit 1; --version says why" \
		    "$rc|$e|$v" "1|sockt connect: $want|TLS: none ($want)"
	done <"$T/syms"
	rm -f "$T"/no-*.so
fi

# --- a connection's set-up ---------------------------------------------------
# a peer that says nothing and reads until the end
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'cat >/dev/null' || exit 1
QUIET=$SPORT
fc "" --tls localhost "$QUIET"
is "the fake's handshake: exit 0, everything freed" "$rc|$err|$(balance)" \
    "0||$freed"
like "SNI, the name checked, close_notify" "$(tr '\n' ' ' <"$T/fl.log")" \
    "*verify peer*sni localhost*host localhost*shutdown*"
is "the client path calls only what the fake knows" \
    "$(sed -n 's/^stub //p' "$T/fl.log" | tr '\n' ' ')" ""
fc "" --tls 127.0.0.1 "$QUIET"
like "an IP literal: no SNI, the address checked" \
    "$rc|$(tr '\n' ' ' <"$T/fl.log")" "0|*ip 127.0.0.1 *"
case $(cat "$T/fl.log") in *sni*) fail "no SNI for an IP literal" ;;
*) pass "no SNI for an IP literal" ;; esac
fc "" --tls --insecure localhost "$QUIET"
like "--insecure: verify none, no name checked" \
    "$rc|$(tr '\n' ' ' <"$T/fl.log")" "0|*verify none*sni localhost*"

: >"$T/file.pem"
fc ctx-new --tls localhost "$QUIET"
fails "SSL_CTX_new fails: its reason" "sockt connect: fakessl: no context today"
fc ctx-new-quiet --tls localhost "$QUIET"
fails "SSL_CTX_new fails, no reason" "sockt connect: cannot make a TLS context"
fc ssl-new --tls localhost "$QUIET"
fails "SSL_new fails" "sockt connect: cannot make a TLS session"
fc set-fd --tls localhost "$QUIET"
fails "SSL_set_fd fails" "sockt connect: SSL_set_fd failed"
fc sni --tls localhost "$QUIET"
fails "SNI refused" "sockt connect: cannot send the name localhost"
fc set1-host --tls localhost "$QUIET"
fails "SSL_set1_host fails" \
    "sockt connect: cannot check the certificate against localhost"
fc set1-ip --tls 127.0.0.1 "$QUIET"
fails "X509_VERIFY_PARAM_set1_ip_asc fails" \
    "sockt connect: cannot check the certificate against 127.0.0.1"
fc min-proto --tls --tls-min 1.3 localhost "$QUIET"
fails "--tls-min refused" "sockt connect: cannot set the lowest TLS version"
fc "" --tls --tls-min 1.3 localhost "$QUIET"
like "--tls-min 1.3 is ctrl 123 with 0x304" "$rc|$(cat "$T/fl.log")" \
    "0|*min 0x304*"
fc alpn --tls --alpn h2 localhost "$QUIET"
fails "ALPN refused" "sockt connect: cannot offer the ALPN list"
fc verify-paths --tls localhost "$QUIET"
fails "no system CA store" "sockt connect: cannot load the system's CA store"
fc cafile --tls --cacert "$T/file.pem" localhost "$QUIET"
fails "--cacert refused: the file and why" \
    "sockt connect: CA file $T/file.pem: fakessl: no certificate in there"
fc cafile --tls --capath "$T" localhost "$QUIET"
fails "--capath refused: the directory and why" \
    "sockt connect: CA directory $T: fakessl: no certificate in there"
fc cert --tls --cert "$T/file.pem" localhost "$QUIET"
fails "--cert refused" \
    "sockt connect: client certificate $T/file.pem: fakessl: not a certificate"
fc key --tls --cert "$T/file.pem" --key "$T/k.pem" localhost "$QUIET"
fails "--key refused" "sockt connect: client key $T/k.pem: fakessl: not a key"
fc check-key --tls --cert "$T/file.pem" localhost "$QUIET"
fails "a key that does not match" \
    "sockt connect: client key $T/file.pem: key values mismatch"

# --- the handshake -------------------------------------------------------------
pre="sockt connect: 127.0.0.1 port $QUIET"
for m in hs-want-read hs-want-write; do
	t0=$(now_ms)
	fc "$m" -w 1 --tls 127.0.0.1 "$QUIET"
	el=$(( $(now_ms) - t0 ))
	fails "$m forever: timed out" "$pre: TLS handshake timed out"
	check "$m forever: within -w 1 ($el ms)" within 900 4000 "$el"
done
fc hs-syscall --tls 127.0.0.1 "$QUIET"
fails "SSL_ERROR_SYSCALL: errno" \
    "$pre: TLS handshake failed: Connection reset by peer"
fc hs-eof --tls 127.0.0.1 "$QUIET"
fails "SSL_ERROR_SYSCALL, errno 0" \
    "$pre: TLS handshake failed: the peer closed the connection"
fc hs-close --tls 127.0.0.1 "$QUIET"
fails "SSL_ERROR_ZERO_RETURN (an EOF, with SSL_OP_IGNORE_UNEXPECTED_EOF)" \
    "$pre: TLS handshake failed: the peer closed the connection"
fc hs-ssl --tls 127.0.0.1 "$QUIET"
fails "SSL_ERROR_SSL: the reason" \
    "$pre: TLS handshake failed: sslv3 alert handshake failure"
fc hs-version --tls 127.0.0.1 "$QUIET"
fails "wrong version number: a hint" \
    "$pre: TLS handshake failed: wrong version number (is port $QUIET a TLS port?)"
fc hs-certreq --tls 127.0.0.1 "$QUIET"
fails "certificate required: a hint" \
    "$pre: TLS handshake failed: tlsv13 alert certificate required (try --cert)"
fc hs-noreason --tls 127.0.0.1 "$QUIET"
fails "SSL_ERROR_SSL, nothing queued" "$pre: TLS handshake failed: unknown error"
fc hs-nullreason --tls 127.0.0.1 "$QUIET"
fails "a code without a reason string" \
    "$pre: TLS handshake failed: unknown error"

# verification's verdicts, each in words, the certificate kept by the
# callback for the dates and names
lp="sockt connect: localhost port $QUIET"
for c in "10|certificate has expired (notAfter 2020-02-01)" \
    "9|certificate is not yet valid (notBefore 2020-01-01)" \
    "18|self-signed certificate" \
    "19|self-signed certificate in certificate chain (try --cacert)" \
    "2|unable to get local issuer certificate (try --cacert)" \
    "20|unable to get local issuer certificate (try --cacert)" \
    "21|unable to get local issuer certificate (try --cacert)" \
    "62|certificate is for fake.invalid, 127.0.0.1, not localhost" \
    "99|certificate refused: fake verify error 99"; do
	fc "verify=${c%%|*}" --tls localhost "$QUIET"
	fails "verify error ${c%%|*}: ${c#*|}" "$lp: ${c#*|}"
done
fc verify=64 --tls --servername 127.0.0.2 127.0.0.1 "$QUIET"
fails "an address mismatch" \
    "$pre: certificate is for fake.invalid, 127.0.0.1, not 127.0.0.2"
fc nocert,verify=10 --tls localhost "$QUIET"
fails "no certificate kept: no date" \
    "$lp: certificate has expired (notAfter ?)"
fc nocert,verify=62 --tls localhost "$QUIET"
fails "no certificate kept: no names" "$lp: certificate is not for localhost"
fc verify=18 --tls --insecure localhost "$QUIET"
is "--insecure: the verdict does not refuse" "$rc|$err|$(balance)" "0||$freed"
fc verify=18,hs-ssl --tls --insecure localhost "$QUIET"
fails "--insecure: a failure is not blamed on the verdict" \
    "$lp: TLS handshake failed: sslv3 alert handshake failure"

# --- data ------------------------------------------------------------------------
# an echo peer: what we send comes back, then its end of file
server 120 "$SOCKT" listen -k -v 127.0.0.1 0 -c cat || exit 1
ECHO=$SPORT
pre="sockt connect: 127.0.0.1 port $ECHO"
awk 'BEGIN { for (i = 0; i < 30000; i++) printf "line %06d of the data\n", i }' \
    >"$T/in"
# a trickle (a byte a read) moves a tenth of it: 720 KB a byte at a
# time was over a million reads, past the 30 s watchdog on a loaded
# machine; 72 KB is still thousands of reads with the rest pending
head -n 3000 "$T/in" >"$T/in.short"
for m in "" trickle cross-want trickle,cross-want eof-syscall; do
	case $m in trickle*) FIN=$T/in.short ;; *) FIN=$T/in ;; esac
	fc "$m" --tls localhost "$ECHO"
	is "data both ways${m:+ ($m)}: all of it, exit 0" \
	    "$rc|$err|$(cksum <"$T/out")|$(balance)" \
	    "0||$(cksum <"$FIN")|$freed"
done
FIN=$T/in
grep -c '^shutdown$' "$T/fl.log" >"$T/n"
is "stdin's end: close_notify once" "$(cat "$T/n")" 1
fc read-fail=100000 --tls localhost "$ECHO"
is "a read fails in mid-stream: exit 1, the reason, what came before" \
    "$rc|$err|$(cksum <"$T/out")|$(balance)" \
    "1|$pre: TLS error: decryption failed or bad record mac|$(head -c 100000 "$T/in" | cksum)|$freed"
# A reset while our input goes on is a failure; the fifo keeps stdin open
# until sockt has ended
mkfifo "$T/rsin"
: >"$T/fl.log"
SOCKT_TLS_LIB=$FAKE SOCKT_TLS_CRYPTO=$FAKE FAKESSL=read-reset=1000 \
    FAKESSL_LOG=$T/fl.log BGIN=$T/rsin BGOUT=$T/out BGERR=$T/err \
    bg 30 "$SOCKT" connect --tls localhost "$ECHO"
cpid=$BGPID
exec 7>"$T/rsin"
cat "$T/in" >&7 2>/dev/null
wait_status "$cpid"
exec 7>&-
is "a reset in mid-stream: exit 1, what came before" \
    "$rc|$(cat "$T/err")|$(cksum <"$T/out")|$(balance)" \
    "1|$pre: Connection reset by peer|$(head -c 1000 "$T/in" | cksum)|$freed"
# After our close_notify a reset is the peer's end (sockt(1), TLS): a
# server that answers and closes without reading our close_notify resets.
# This one answers only once our close_notify has come.
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 \
    -c "cat >'$T/got'; cat '$T/got'" || exit 1
head -c 2000 "$T/in" >"$T/2k"
FIN=$T/2k fc read-reset=1000 -v --tls localhost "$SPORT"
like "a reset after our close_notify: its end, said with -v" "$err" \
    "*port $SPORT: reset after our close_notify: its end*"
is "a reset after our close_notify: exit 0, what came before" \
    "$rc|$(cksum <"$T/out")|$(balance)" \
    "0|$(head -c 1000 "$T/in" | cksum)|$freed"
fc write-fail=100000 --tls localhost "$ECHO"
is "a write fails in mid-stream: exit 1, the reason" \
    "$rc|$err|$(balance)" "1|$pre: TLS error: fakessl: no more writing|$freed"
FIN=/dev/null

# Bytes the library holds, which poll cannot see: a peer that sends 10000
# bytes and then waits, with our stdin still open, so only SSL_pending
# tells there is more (the fake reads 4096 at a time, hands out one).
head -c 10000 "$T/in" >"$T/10k"
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 \
    -c "cat '$T/10k'; cat >/dev/null" || exit 1
mkfifo "$T/hold"
: >"$T/fl.log"
SOCKT_TLS_LIB=$FAKE SOCKT_TLS_CRYPTO=$FAKE FAKESSL=trickle \
    FAKESSL_LOG=$T/fl.log BGIN=$T/hold BGOUT=$T/out BGERR=$T/err \
    bg 30 "$SOCKT" connect --tls localhost "$SPORT"
cpid=$BGPID
exec 7>"$T/hold"
_all() { [ "$(wc -c <"$T/out")" -eq 10000 ]; }
if wait_until 10 _all; then
	pass "bytes pending in the library are read without the socket's say"
else
	fail "bytes pending in the library are read without the socket's say" \
	    "$(wc -c <"$T/out") of 10000 bytes"
fi
exec 7>&-
wait_status "$cpid"
is "then stdin's end: exit 0, everything freed" \
    "$rc|$(cat "$T/err")|$(cksum <"$T/out")|$(balance)" \
    "0||$(cksum <"$T/10k")|$freed"

fc "" -z --tls localhost "$ECHO"
is "-z: the handshake, close_notify, exit 0" \
    "$rc|$err|$(grep -c '^shutdown$' "$T/fl.log")|$(balance)" "0||1|$freed"
fc "" -v --tls --alpn h2,http/1.1 localhost "$ECHO"
like "-v: version, cipher, ALPN" "$err" \
    "*sockt connect: TLSv1.3, cipher FAKE_NULL_CIPHER, ALPN h2*"
like "-v: the certificate" "$err" \
    "*subject /CN=fake.invalid*issuer /CN=fakessl root*valid from 2020-01-01 00:00:00 UTC to 2099-12-31 00:00:00 UTC*names DNS:fake.invalid, IP:127.0.0.1*"
is "-v: everything freed" "$rc|$(balance)" "0|$freed"
fc nocert -v --tls --insecure localhost "$ECHO"
like "-v: no certificate" "$rc|$err" "0|*sockt connect: no server certificate*"

# --- listen --broker --tls through the fake, plain clients its peers ------
PEER=$TOP/tests/broker_peer.py
printf 'not read by the fake\n' >"$T/cert"
# fb MODE: a broker over the fake in MODE: SPID, SPORT, SLOG; fl.log
fb() {
	: >"$T/fl.log"
	server 60 env SOCKT_TLS_LIB="$FAKE" SOCKT_TLS_CRYPTO="$FAKE" \
	    FAKESSL="$1" FAKESSL_LOG="$T/fl.log" "$SOCKT" listen -v --broker \
	    --tls --cert "$T/cert" 127.0.0.1 0
}
_bjoined() {
	[ "$(grep -c "connection from .* port [0-9]*\$" "$SLOG")" -ge "$1" ]
}
_bsize() { [ "$(wc -c <"$1")" -eq "$2" ]; }
_blog() { grep -q -- "$1" "$SLOG"; }
# trickle: a byte a read, the rest pending that poll cannot see;
# cross-want: every other read wants the socket writable first
for m in trickle cross-want; do
	fb "$m" || continue
	BPID=$SPID
	mkfifo "$T/bh.$m"
	BGIN=$T/bh.$m BGOUT=$T/bo.$m bg 30 python3 "$PEER" cat 127.0.0.1 \
	    "$SPORT"
	exec 7>"$T/bh.$m"
	wait_until 10 _bjoined 1
	# the sender stays: no end of file makes its socket readable, so
	# only SSL_pending tells the broker what the fake holds
	mkfifo "$T/bs.$m"
	BGIN=$T/bs.$m bg 30 python3 "$PEER" cat 127.0.0.1 "$SPORT"
	exec 8>"$T/bs.$m"
	wait_until 10 _bjoined 2
	cat "$T/10k" >&8
	wait_until 20 _bsize "$T/bo.$m" 10000
	is "broker, $m: every byte to the other client" \
	    "$(cksum <"$T/bo.$m")" "$(cksum <"$T/10k")"
	exec 7>&- 8>&-
	kill -TERM "$BPID"
	wait_status "$BPID"
	is "broker, $m: SIGTERM, exit 0, everything freed" "$rc|$(balance)" \
	    "0|$freed"
done
# a failed handshake: said without -v too, that client alone closed
fb hs-ssl && {
	BPID=$SPID
	run 20 "$SOCKT" connect -w 5 127.0.0.1 "$SPORT" </dev/null
	if wait_until 10 _blog \
	    "port [0-9]*: TLS handshake failed: sslv3 alert handshake failure"
	then
		pass "broker: a failed handshake said"
	else
		fail "broker: a failed handshake said" "$(cat "$SLOG")"
	fi
	kill -TERM "$BPID"
	wait_status "$BPID"
	is "broker: the failure's session freed, exit 0" "$rc|$(balance)" \
	    "0|$freed"
}
# a write that fails: the reader closed with the reason, the rest goes on
fb write-fail=100 && {
	BPID=$SPID
	mkfifo "$T/bhw"
	BGIN=$T/bhw BGOUT=$T/bow bg 30 python3 "$PEER" cat 127.0.0.1 "$SPORT"
	exec 7>"$T/bhw"
	wait_until 10 _bjoined 1
	run 20 "$SOCKT" connect -q 0 127.0.0.1 "$SPORT" <"$T/10k"
	if wait_until 10 _blog "closed: TLS error: fakessl: no more writing"; then
		pass "broker: a failed write closes that client, said with -v"
	else
		fail "broker: a failed write closes that client, said with -v" \
		    "$(cat "$SLOG")"
	fi
	is "broker: it got the 100 bytes before" "$(wc -c <"$T/bow")" 100
	exec 7>&-
	kill -TERM "$BPID"
	wait_status "$BPID"
	is "broker: write failure, everything freed" "$rc|$(balance)" \
	    "0|$freed"
}
done_testing
