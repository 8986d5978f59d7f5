#!/bin/sh
# t2096: http-get --compressed with br and zstd beside gzip and deflate,
# from libbrotlidec.so.1 and libzstd.so.1 opened at run time: curl
# (built with both) is the control: the same Accept-Encoding (curl's
# order, only what was found), the same bytes for br, zstd (two frames
# too), and codings stacked with gzip; what must fail with exit 61, one
# line and -o untouched: a stream cut short (curl takes it), data after
# the end of a brotli stream, corrupt data, br as a transfer coding;
# in every mode.  --version names both libraries; without one
# (SOCKT_BROTLI_LIB or SOCKT_ZSTD_LIB naming no file, and as root the
# library hidden in a mount namespace) it says none, Accept-Encoding
# leaves it out, a body in it is one clear line, and the rest works.
# The bodies are made by the brotli and zstd programs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"
D=$(cd "$(dirname "$0")" && pwd)

for t in python3 brotli zstd gzip; do
	if ! have $t; then
		skip "br and zstd" "no $t"
		done_testing
		exit 0
	fi
done
# whether the libraries are here is asked of the loader, not of sockt
# (lib.sh's loader_has, as pki.sh does for libssl): a sockt that does not
# look for them must fail below, not skip
if ! loader_has libbrotlidec.so.1 || ! loader_has libzstd.so.1; then
	skip "br and zstd" "libbrotlidec.so.1 or libzstd.so.1 not found"
	done_testing
	exit 0
fi
V=$("$SOCKT" --version)
like "--version names brotli" "$V" "*brotli: [0-9]*.[0-9]* (libbrotlidec.so.1)*"
like "--version names zstd" "$V" "*zstd: [0-9]*.[0-9]* (libzstd.so.1)*"

W=$T/www
mkdir -p "$W" "$T/s" "$T/c"
# text that compresses, and some that does not
{ cat "$D/../man/sockt.1"; head -c 65536 /dev/urandom; } >"$T/plain"
brotli -c "$T/plain" >"$T/p.br"
zstd -q -c "$T/plain" >"$T/p.zst"
gzip -c "$T/plain" | zstd -q -c >"$T/p.gz.zst"
# canned NAME HEADERS FILE: a response of FILE's bytes
canned() {
	{
		printf "HTTP/1.1 200 OK\r\n$2Content-Length: %s\r\n\r\n" \
		    "$(wc -c <"$3" | tr -d ' ')"
		cat "$3"
	} >"$W/$1"
}
canned br 'Content-Encoding: br\r\n' "$T/p.br"
canned zstd 'Content-Encoding: zstd\r\n' "$T/p.zst"
cat "$T/p.zst" "$T/p.zst" >"$T/two.zst"
cat "$T/plain" "$T/plain" >"$T/two"
canned zstd-two 'Content-Encoding: zstd\r\n' "$T/two.zst"
canned gzip-zstd 'Content-Encoding: gzip, zstd\r\n' "$T/p.gz.zst"
head -c 20000 "$T/p.br" >"$T/cut.br"
canned br-cut 'Content-Encoding: br\r\n' "$T/cut.br"
head -c $(($(wc -c <"$T/p.zst") - 3)) "$T/p.zst" >"$T/cut.zst"
canned zstd-cut 'Content-Encoding: zstd\r\n' "$T/cut.zst"
cat "$T/p.br" "$T/p.br" >"$T/two.br"
canned br-two 'Content-Encoding: br\r\n' "$T/two.br"
printf 'not brotli at all, not brotli at all' >"$T/junk"
canned br-junk 'Content-Encoding: br\r\n' "$T/junk"
canned zstd-junk 'Content-Encoding: zstd\r\n' "$T/junk"
# RFC 9659: a zstd window of 8 MiB is decoded, a larger one refused (its
# memory is the server's choice, per coding and transfer); from a pipe,
# so the window is not cut to the size of the input
cat "$T/plain" | zstd -q --long=23 -c >"$T/w23.zst"
cat "$T/plain" | zstd -q --long=24 -c >"$T/w24.zst"
canned zstd-w23 'Content-Encoding: zstd\r\n' "$T/w23.zst"
canned zstd-w24 'Content-Encoding: zstd\r\n' "$T/w24.zst"
canned te-br 'Transfer-Encoding: br\r\n' "$T/p.br"
gzip -c "$T/plain" >"$T/p.gz"
canned gz 'Content-Encoding: gzip\r\n' "$T/p.gz"
server 120 python3 "$D/canned_http.py" "$W" || exit 1
U=http://127.0.0.1:$SPORT
havecurl=0
have curl && curl --version | grep -q 'brotli.*zstd' && havecurl=1

# Accept-Encoding: curl's
: >"$W/requests.log"
run 30 "$SOCKT" http-get -sS --compressed -o /dev/null "$U/gz"
is "Accept-Encoding: deflate, gzip, br, zstd" \
    "$(grep -i '^accept-encoding' "$W/requests.log" | tr -d '\r')" \
    "Accept-Encoding: deflate, gzip, br, zstd"
if [ $havecurl = 1 ]; then
	: >"$W/requests.log"
	curl -s --compressed -o /dev/null "$U/gz"
	is "... as curl's" "$(grep -i '^accept-encoding' "$W/requests.log" |
	    tr -d '\r')" "Accept-Encoding: deflate, gzip, br, zstd"
fi

# good NAME WANT DESC: sockt decodes NAME to WANT's bytes; curl too
good() {
	rm -f "$T/s/f" "$T/c/f"
	if [ $havecurl = 1 ]; then
		both --compressed -o f "$U/$1"
	else
		(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS \
		    --compressed -o f "$U/$1") 2>"$T/s.err"
		src=$?
	fi
	is "$3" "$src:$(cmp "$T/s/f" "$2" 2>&1)" "0:"
	[ $havecurl = 1 ] || return 0
	is "... the same bytes as curl" "$crc:$(cmp "$T/s/f" "$T/c/f" 2>&1)" \
	    "0:"
}
good br "$T/plain" "Content-Encoding: br decoded"
good zstd "$T/plain" "Content-Encoding: zstd decoded"
good zstd-two "$T/two" "zstd: two frames, one after the other"
good gzip-zstd "$T/plain" "gzip, then zstd over it"
good zstd-w23 "$T/plain" "zstd: a window of 8 MiB"

# bad NAME DESC PATTERN: exit 61 (curl's for a coding it cannot undo;
# 1 for a transfer coding sockt does not take), one line, -o untouched
bad() {
	echo "the old file" >"$T/s/f"
	run 30 "$SOCKT" http-get -sS --compressed -o "$T/s/f" "$U/$1"
	case $1 in te-*) _w=1 ;; *) _w=61 ;; esac
	is "$2: exit $_w" "$rc" $_w
	like "... saying so" "$err" "sockt http-get: $3"
	is "... one line" "$(wc -l <"$T/err" | tr -d ' ')" 1
	is "... -o untouched" "$(cat "$T/s/f")" "the old file"
}
# curl takes a cut stream for whole (exit 0)
bad br-cut "a brotli stream cut short" \
    "br decoding: the stream ends early (truncated)"
bad zstd-cut "a zstd frame cut short" \
    "zstd decoding: the stream ends early (truncated)"
bad br-two "data after the end of a brotli stream" \
    "br decoding: data after the end of the stream"
bad br-junk "corrupt brotli data" "br decoding: corrupt data: *"
bad zstd-junk "corrupt zstd data" "zstd decoding: corrupt data: *"
bad zstd-w24 "a zstd window over 8 MiB (RFC 9659)" \
    "zstd decoding: *window*over 8 MiB*"
bad te-br "br as a transfer coding" \
    "*unsupported transfer coding 'br'*"

# every mode
for m in -Z --pipeline; do
	rm -f "$T/s"/b?
	run 30 "$SOCKT" http-get -sS --compressed $m -o "$T/s/b1" "$U/br" \
	    -o "$T/s/b2" "$U/zstd" -o "$T/s/b3" "$U/gz"
	is "$m: br, zstd, gzip" "$rc:$(cmp "$T/s/b1" "$T/plain" 2>&1)$(cmp \
	    "$T/s/b2" "$T/plain" 2>&1)$(cmp "$T/s/b3" "$T/plain" 2>&1)" "0:"
done

# --- without the libraries
cat >"$T/nolib.sh" <<'EOS'
S=$1 U=$2 T=$3 OUT=$4 W=$5
{
	"$S" --version | sed -n 's/^\(brotli\|zstd\): /version|\1|/p'
	: >"$W/requests.log"
	timeout -k 2 20 "$S" http-get -sS --compressed -o /dev/null "$U/gz"
	echo "gzip|$?|$(grep -i '^accept-encoding' "$W/requests.log" |
	    tr -d '\r')"
	for n in br zstd; do
		echo old >"$T/nl"
		e=$(timeout -k 2 20 "$S" http-get -sS --compressed -o "$T/nl" \
		    "$U/$n" 2>&1)
		echo "$n|$?|$e|$(head -c 3 "$T/nl")"
	done
} >"$OUT"
EOS
brmiss="br decoding needs libbrotlidec.so.1 (brotli), which was not found"
zsmiss="zstd decoding needs libzstd.so.1 (zstd), which was not found"
# verdicts HOW LIB: the lines nolib.sh wrote without LIB (br or zstd)
verdicts() {
	if [ "$2" = br ]; then
		_v="brotli|none ($brmiss)"
		_ae="deflate, gzip, zstd"
		_m=$brmiss _o=zstd
	else
		_v="zstd|none ($zsmiss)"
		_ae="deflate, gzip, br"
		_m=$zsmiss _o=br
	fi
	like "$1: --version says none" "$(sed -n 's/^version|//p' \
	    "$T/nl.res")" "*$_v*"
	is "$1: Accept-Encoding leaves it out, gzip works" \
	    "$(sed -n 's/^gzip|//p' "$T/nl.res")" "0|Accept-Encoding: $_ae"
	is "$1: a body in it: one line, exit 61, -o untouched" \
	    "$(sed -n "s/^$2|//p" "$T/nl.res")" "61|sockt http-get: $_m|old"
	is "$1: the other works" "$(sed -n "s/^$_o|//p" "$T/nl.res" |
	    cut -d'|' -f1)" 0
}
SOCKT_BROTLI_LIB=$T/nowhere/libbrotlidec.so.1 sh "$T/nolib.sh" "$SOCKT" \
    "$U" "$T" "$T/nl.res" "$W"
verdicts "SOCKT_BROTLI_LIB names no file" br
SOCKT_ZSTD_LIB=$T/nowhere/libzstd.so.1 sh "$T/nolib.sh" "$SOCKT" \
    "$U" "$T" "$T/nl.res" "$W"
verdicts "SOCKT_ZSTD_LIB names no file" zstd
for l in libbrotlidec.so.1:br libzstd.so.1:zstd; do
	p=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null |
	    awk -v n="${l%%:*}" '$1 == n { print $NF; exit }')
	if [ "$(id -u)" != 0 ] || [ -z "$p" ] || ! have unshare ||
	    ! unshare -m true 2>/dev/null; then
		skip "${l%%:*} hidden in a mount namespace" "not root, no unshare"
		continue
	fi
	: >"$T/empty"
	rm -f "$T/nl.res"
	timeout -k 2 60 unshare -m --propagation private sh -c '
	    mount --bind "$1" "$2" && shift 2 && exec sh "$@"' sh \
	    "$T/empty" "$p" "$T/nolib.sh" "$SOCKT" "$U" "$T" "$T/nl.res" \
	    "$W" 2>"$T/ns.err"
	if [ -s "$T/nl.res" ]; then
		verdicts "${l%%:*} hidden" "${l#*:}"
	else
		fail "${l%%:*} hidden in a mount namespace" "$(cat "$T/ns.err")"
	fi
done
like "... and still there outside" "$("$SOCKT" --version)" \
    "*brotli: [0-9]*zstd: [0-9]*"

done_testing
