#!/bin/sh
# t2095: http-get --compressed and the gzip transfer coding, beside curl
# where curl is right.  Scripted bodies (tests/gz_bodies.py): gzip as a
# content and as a transfer coding (decoded always, as curl does), both
# at once, x-gzip, every header flag, several members, deflate
# zlib-wrapped and raw; and what must fail with exit 61 (63 past
# --max-filesize) and -o untouched:
# a stream cut short, a bad CRC or length, corrupt data, garbage after
# it, a reserved flag, an unknown coding, a gzip bomb past
# --max-filesize (stopped early, not inflated to the end).
# %{size_download} counts the bytes on the wire, as curl; -v names the
# codings; Accept-Encoding is sent only with --compressed.  Then nginx
# with gzip on, over http and https on one kept connection, against
# curl --compressed; and without zlib (SOCKT_ZLIB_LIB naming no file,
# and as root libz.so.1 hidden in a mount namespace) --compressed and a
# gzip transfer coding are one clear line each, and the rest works.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"
D=$(cd "$(dirname "$0")" && pwd)

if ! have python3 || ! python3 -c 'import gzip, zlib' 2>/dev/null; then
	skip "compressed bodies" "no python3 with gzip and zlib"
	done_testing
	exit 0
fi
if ! "$SOCKT" --version | grep -q '^zlib: [0-9]'; then
	skip "compressed bodies" "no zlib (libz.so.1) on this machine"
	done_testing
	exit 0
fi
W=$T/www
mkdir -p "$W" "$T/s" "$T/c"
python3 "$D/gz_bodies.py" "$W" || { fail "gz_bodies.py"; done_testing; exit 1; }
server 120 python3 "$D/canned_http.py" "$W" || exit 1
U=http://127.0.0.1:$SPORT
havecurl=0
have curl && havecurl=1

# good NAME FLAGS DESC: sockt decodes NAME to NAME.want, exit 0; and
# curl with the same flags gives the same bytes
good() {
	rm -f "$T/s/f" "$T/c/f"
	if [ $havecurl = 1 ]; then
		both $2 -o f "$U/$1"
	else
		(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS $2 \
		    -o f "$U/$1") 2>"$T/s.err"
		src=$?
	fi
	if [ "$src" = 0 ] && cmp -s "$T/s/f" "$W/$1.want"; then
		pass "$3"
	else
		fail "$3" "exit $src" "$(cat "$T/s.err")"
	fi
	[ $havecurl = 1 ] || return 0
	if [ "$crc" = 0 ] && cmp -s "$T/s/f" "$T/c/f"; then
		pass "... the same bytes as curl $2"
	else
		fail "... the same bytes as curl $2" "curl $crc" \
		    "$(cat "$T/c.err")"
	fi
}

# bad NAME FLAGS DESC PATTERN: exit 61 (curl's for a coding it cannot
# undo; 63 past --max-filesize, 1 for an unknown transfer coding), one
# line matching PATTERN, and the -o file as it was
bad() {
	case $1 in
	*bomb*) _w=63 ;;
	te-unknown) _w=1 ;;
	*) _w=61 ;;
	esac
	echo "the old file" >"$T/s/f"
	run 30 "$SOCKT" http-get -sS $2 -o "$T/s/f" "$U/$1"
	is "$3: exit $_w" "$rc" $_w
	like "... saying so" "$err" "sockt http-get: $4"
	_n=0	# its lines counted by the shell (a wc and a tr were 3 forks)
	while IFS= read -r _l; do _n=$((_n + 1)); done <"$T/err"
	is "... one line" "$_n" 1
	is "... -o untouched" "$(cat "$T/s/f")" "the old file"
}

good ce-gzip --compressed "Content-Encoding: gzip decoded"
good ce-xgzip --compressed "x-gzip is gzip"
good ce-gzip-chunked --compressed "gzip inside chunked"
good te-gzip-chunked "" "Transfer-Encoding: gzip, chunked decoded, \
without --compressed (the differential curl reads and sockt refused)"
good te-gzip-chunked --compressed "... and with it"
good te-gzip-close "" "Transfer-Encoding: gzip until close"
good te-ce-gzip --compressed "a transfer coding over a content coding"
good ce-gzip-flags --compressed "a header with FEXTRA FNAME FCOMMENT FHCRC"
good ce-deflate-zlib --compressed "deflate, zlib-wrapped (RFC 9110)"
good ce-deflate-raw --compressed "deflate, raw (as curl takes it)"
good ce-gzip-empty --compressed "gzip of nothing: an empty file"
good ce-gzip-nobody --compressed "no body at all: an empty file"
good ce-identity --compressed "Content-Encoding: identity"

# several members: RFC 1952 section 2.2, as gzip -d and zlib's gzread;
# curl stops after the first with exit 23
run 30 "$SOCKT" http-get -sS --compressed -o "$T/s/f" "$U/ce-gzip-members"
is "gzip members, one after another: all of them" "$rc:$(cmp "$T/s/f" \
    "$W/ce-gzip-members.want" 2>&1)" "0:"

# without --compressed a content coding is left as it came, as curl
run 30 "$SOCKT" http-get -sS -o "$T/s/f" "$U/ce-gzip"
is "no --compressed: the gzip bytes as sent" \
    "$rc:$(cmp "$T/s/f" "$W/ce-gzip.body" 2>&1)" "0:"
run 30 "$SOCKT" http-get -sS "$U/ce-unknown"
is "... an unknown one too" "$rc:$out" "0:abc"

bad ce-gzip-truncated --compressed "a gzip stream cut short" \
    "gzip decoding: the stream ends early (truncated)"
# curl takes a stream without its trailer for complete (exit 0): RFC
# 1952's CRC and length are the only proof it is whole
bad ce-gzip-notrailer --compressed "a gzip stream without its trailer" \
    "gzip decoding: the stream ends early (truncated)"
bad ce-gzip-badcrc --compressed "a wrong CRC" "gzip decoding: gzip: CRC*"
bad ce-gzip-badsize --compressed "a wrong length" \
    "gzip decoding: gzip: length mismatch*"
bad ce-gzip-corrupt --compressed "corrupt deflate data" \
    "gzip decoding: corrupt data: invalid block type"
bad ce-gzip-garbage --compressed "garbage after the stream" \
    "gzip decoding: data after the end of the stream*"
bad ce-gzip-reserved --compressed "a reserved flag bit" \
    "gzip decoding: gzip: reserved flag bits set"
bad te-gzip-close-cut "" "a gzip transfer coding cut by the close" \
    "gzip decoding: the stream ends early (truncated)"
bad ce-deflate-badadler --compressed "deflate: a wrong Adler-32" \
    "deflate decoding: corrupt data: incorrect data check"
bad ce-deflate-cut --compressed "deflate cut short" \
    "deflate decoding: the stream ends early (truncated)"
bad ce-unknown --compressed "--compressed and an unknown encoding" \
    "unsupported content encoding 'compress'"
bad te-unknown "" "an unknown transfer coding" \
    "protocol error: unsupported transfer coding 'compress'"
bad ce-gzip-206 "--compressed -r 100-199" "a 206 of a gzip body" \
    "gzip decoding: not a gzip stream (bad magic)"
if [ $havecurl = 1 ]; then
	both --compressed -r 100-199 "$U/ce-gzip-206"
	is "... curl fails too" "$([ "$crc" != 0 ] && echo yes)" yes
fi
bad ce-gzip-bomb "--compressed --max-filesize 1M" \
    "a gzip bomb past --max-filesize" \
    "maximum file size exceeded: the body is over 1048576 bytes decoded"
# the body never ends: only stopping at the limit ends the transfer
t0=$(now_ms)
run 30 "$SOCKT" http-get -sS --compressed --max-filesize 1M -o "$T/s/g" \
    "$U/ce-gzip-bomb-open"
is "... stopped as it passes the limit, not at the body's end" \
    "$rc:$([ $(($(now_ms) - t0)) -lt 20000 ] && echo soon)" "63:soon"
is "... no file made" "$(ls "$T/s/g" 2>&1 | grep -c 'No such')" 1
run 30 "$SOCKT" http-get -sS --compressed --max-filesize 130890 -o "$T/s/f" \
    "$U/ce-gzip"
is "--max-filesize of exactly the decoded size: taken" "$rc" 0
run 30 "$SOCKT" http-get -sS --compressed --max-filesize 130889 -o "$T/s/f" \
    "$U/ce-gzip"
is "... a byte less: refused" "$rc" 63
# the limit is of the decoded size, not of a longer Content-Length
run 30 "$SOCKT" http-get -sS --compressed --max-filesize 4000 -o "$T/s/f" \
    "$U/ce-gzip-random"
is "a gzip body longer than its 4000 decoded bytes, under --max-filesize \
4000: taken" "$rc:$(cmp "$T/s/f" "$W/ce-gzip-random.want" 2>&1)" "0:"
run 30 "$SOCKT" http-get -sS --max-filesize 4000 -o "$T/s/f" \
    "$U/ce-gzip-random"
like "... left coded, its Content-Length is over it" "$rc:$err" \
    "63:*Content-Length 40?? is over 4000 bytes"

# %{size_download}: the bytes on the wire (the body as framed), as curl
if [ $havecurl = 1 ]; then
	for n in ce-gzip te-gzip-chunked te-ce-gzip ce-deflate-raw; do
		both --compressed -o /dev/null --write-out '%{size_download}' \
		    "$U/$n"
		is "%{size_download} of $n: curl's" "$src:$(cat "$T/s.out")" \
		    "0:$(cat "$T/c.out")"
	done
	both --compressed -I "$U/head-gzip"
	is "-I --compressed: the head, as curl" "$src:$(cat "$T/s.out")" \
	    "$crc:$(cat "$T/c.out")"
	both --compressed -i "$U/204"
	is "a 204 with Content-Encoding: nothing to decode, as curl" \
	    "$src:$(cat "$T/s.out")" "$crc:$(cat "$T/c.out")"
else
	skip "the curl differentials" "no curl"
fi

# the request: Accept-Encoding only with --compressed (deflate and gzip,
# then br and zstd when found: t2096), -H replaces it
AE="deflate, gzip$("$SOCKT" --version | grep -q '^brotli: [0-9]' &&
    echo ', br')$("$SOCKT" --version | grep -q '^zstd: [0-9]' && echo ', zstd')"
: >"$W/requests.log"
"$SOCKT" http-get -sS -o /dev/null "$U/ce-gzip"
"$SOCKT" http-get -sS --compressed -o /dev/null "$U/ce-gzip"
"$SOCKT" http-get -sS --compressed -H 'Accept-Encoding: gzip' -o /dev/null \
    "$U/ce-gzip"
is "Accept-Encoding: none, '$AE', then -H's" \
    "$(tr -d '\r' <"$W/requests.log" | grep -i '^accept-encoding' |
    tr '\n' '|')" "Accept-Encoding: $AE|Accept-Encoding: gzip|"

# -v names what it decodes
run 30 "$SOCKT" http-get -v --compressed -o /dev/null "$U/te-ce-gzip"
like "-v: the codings undone, in order" "$err" "*
\* decoding: gzip (Transfer-Encoding), gzip (Content-Encoding)*"

# keep-alive: several URLs on one connection, the bodies decoded each
run 30 "$SOCKT" http-get -sS --compressed -o "$T/s/1" -o "$T/s/2" \
    -o "$T/s/3" "$U/ce-gzip" "$U/te-gzip-chunked" "$U/ce-deflate-raw"
is "three coded bodies in one run" "$rc:$(cat "$T/s/1" "$T/s/2" "$T/s/3" |
    cksum)" "0:$(cat "$W/text.want" "$W/text.want" "$W/text.want" | cksum)"

# --- -Z and --pipeline: the multi-transfer engine decodes the same way
# (Accept-Encoding with --compressed, the same bytes, the same failures
# and messages, -o untouched, %{size_download} the bytes on the wire)
goodz="ce-gzip ce-xgzip ce-gzip-chunked te-gzip-chunked te-gzip-close
te-ce-gzip ce-gzip-flags ce-deflate-zlib ce-deflate-raw ce-gzip-empty
ce-gzip-nobody ce-identity ce-gzip-members"
# canned_http.py answers one connection at a time: -Z over one (nginx
# below has them at once)
for mode in "-Z --parallel-max 1" --pipeline; do
	rm -rf "$T/z"
	mkdir "$T/z"
	set --
	for n in $goodz; do
		set -- "$@" -o "$T/z/$n" "$U/$n"
	done
	run 60 "$SOCKT" http-get -sS $mode --compressed "$@"
	ok=1
	for n in $goodz; do
		cmp -s "$T/z/$n" "$W/$n.want" || { ok=0; echo "# $n differs"; }
	done
	is "$mode --compressed: every coded body decoded, as sequential" \
	    "$rc:$ok:$err" "0:1:"
	run 30 "$SOCKT" http-get -sS $mode -o "$T/z/te" "$U/te-gzip-chunked" \
	    "$U/te-gzip-chunked" -o "$T/z/te2"
	is "$mode: a gzip transfer coding decoded without --compressed" \
	    "$rc:$(cmp "$T/z/te" "$W/te-gzip-chunked.want" 2>&1)" "0:"
	run 30 "$SOCKT" http-get -sS $mode -o "$T/z/ce" "$U/ce-gzip"
	is "$mode: no --compressed: the gzip bytes as sent" \
	    "$rc:$(cmp "$T/z/ce" "$W/ce-gzip.body" 2>&1)" "0:"
	# to stdout: the bodies whole, in URL order, as sequential prints
	run 30 "$SOCKT" http-get -sS --compressed "$U/ce-gzip" "$U/te-ce-gzip" \
	    "$U/ce-deflate-raw"
	cp "$T/out" "$T/z/seq"
	run 30 "$SOCKT" http-get -sS $mode --compressed "$U/ce-gzip" \
	    "$U/te-ce-gzip" "$U/ce-deflate-raw"
	is "$mode --compressed to stdout: what sequential prints" \
	    "$rc:$(cmp "$T/out" "$T/z/seq" 2>&1)" "0:"

	bad ce-gzip-truncated "$mode --compressed" "$mode: a gzip stream cut \
short" "gzip decoding: the stream ends early (truncated)"
	bad te-gzip-close-cut "$mode" "$mode: a gzip transfer coding cut by \
the close" "gzip decoding: the stream ends early (truncated)"
	bad ce-gzip-badcrc "$mode --compressed" "$mode: a wrong CRC" \
	    "gzip decoding: gzip: CRC*"
	bad ce-gzip-corrupt "$mode --compressed" "$mode: corrupt deflate data" \
	    "gzip decoding: corrupt data: invalid block type"
	bad ce-gzip-garbage "$mode --compressed" "$mode: garbage after the \
stream" "gzip decoding: data after the end of the stream*"
	bad ce-deflate-cut "$mode --compressed" "$mode: deflate cut short" \
	    "deflate decoding: the stream ends early (truncated)"
	bad ce-unknown "$mode --compressed" "$mode: an unknown encoding" \
	    "unsupported content encoding 'compress'"
	bad ce-gzip-bomb "$mode --compressed --max-filesize 1M" "$mode: a \
gzip bomb past --max-filesize" \
	    "maximum file size exceeded: the body is over 1048576 bytes decoded"
	t0=$(now_ms)
	run 30 "$SOCKT" http-get -sS $mode --compressed --max-filesize 1M \
	    -o "$T/z/g" "$U/ce-gzip-bomb-open"
	is "$mode: a bomb that never ends stopped at the limit" \
	    "$rc:$([ $(($(now_ms) - t0)) -lt 20000 ] && echo soon):$(ls \
	    "$T/z/g" 2>&1 | grep -c 'No such')" "63:soon:1"
	run 30 "$SOCKT" http-get -sS $mode --compressed --max-filesize 4000 \
	    -o "$T/z/r" "$U/ce-gzip-random"
	is "$mode: the limit is of the decoded size, not the Content-Length" \
	    "$rc:$(cmp "$T/z/r" "$W/ce-gzip-random.want" 2>&1)" "0:"

	# one bad body among good ones: exit 1, the good files whole, the
	# bad one's -o untouched, the connection still good for the next
	echo "the old file" >"$T/z/2"
	run 30 "$SOCKT" http-get -sS $mode --compressed -o "$T/z/1" \
	    "$U/ce-gzip" -o "$T/z/2" "$U/ce-gzip-badcrc" -o "$T/z/3" \
	    "$U/te-ce-gzip" -o "$T/z/4" "$U/ce-gzip-truncated" -o "$T/z/5" \
	    "$U/ce-deflate-zlib"
	is "$mode: good and bad bodies in one run: exit 61, the good decoded" \
	    "$rc:$(cat "$T/z/1" "$T/z/3" "$T/z/5" | cksum):$(cat "$T/z/2")" \
	    "61:$(cat "$W/text.want" "$W/text.want" "$W/text.want" |
	    cksum):the old file"
	is "... two failures said" "$(grep -c 'decoding' "$T/err")" 2

	# %{size_download}: the bytes on the wire, the same as sequential's
	for n in ce-gzip te-gzip-chunked te-ce-gzip ce-deflate-raw \
	    ce-gzip-members; do
		run 30 "$SOCKT" http-get -sS --compressed -o /dev/null \
		    --write-out '%{size_download}' "$U/$n"
		seq=$out
		run 30 "$SOCKT" http-get -sS $mode --compressed -o /dev/null \
		    --write-out '%{size_download}' "$U/$n"
		is "$mode: %{size_download} of $n: sequential's ($seq)" \
		    "$rc:$out" "0:$seq"
	done
	if [ $havecurl = 1 ]; then
		both --compressed -o /dev/null --write-out '%{size_download}' \
		    "$U/te-ce-gzip"
		cp "$T/c.out" "$T/z/c"
		BOTH_FLAGS=$mode both --compressed -o /dev/null \
		    --write-out '%{size_download}' "$U/te-ce-gzip"
		is "$mode: ... and curl's" "$src:$(cat "$T/s.out")" \
		    "0:$(cat "$T/z/c")"
	fi
done
# -v under -Z names the codings too, after the transfer's [N]
run 30 "$SOCKT" http-get -Z --parallel-max 1 -v --compressed -o /dev/null \
    -o /dev/null "$U/ce-gzip" "$U/te-ce-gzip"
like "-Z -v: the codings undone, in order, after [N]" "$rc:$err" "0:*
\[1\] \* decoding: gzip (Transfer-Encoding), gzip (Content-Encoding)*"
# the request: Accept-Encoding with --compressed, under -Z as without
: >"$W/requests.log"
"$SOCKT" http-get -sS -Z -o /dev/null "$U/ce-gzip"
"$SOCKT" http-get -sS -Z --compressed -o /dev/null "$U/ce-gzip"
"$SOCKT" http-get -sS --pipeline --compressed -H 'Accept-Encoding: gzip' \
    -o /dev/null "$U/ce-gzip"
is "-Z, --pipeline: Accept-Encoding: none, '$AE', then -H's" \
    "$(tr -d '\r' <"$W/requests.log" | grep -i '^accept-encoding' |
    tr '\n' '|')" "Accept-Encoding: $AE|Accept-Encoding: gzip|"
if [ $havecurl = 1 ] && curl --help all 2>/dev/null | grep -q -- --parallel
then
	rm -rf "$T/s" "$T/c"
	mkdir "$T/s" "$T/c"
	both -Z --parallel-max 1 --compressed -o 1 -o 2 -o 3 "$U/ce-gzip" "$U/te-gzip-chunked" \
	    "$U/ce-deflate-raw"
	ok=1
	for f in 1 2 3; do
		cmp -s "$T/s/$f" "$T/c/$f" || ok=0
	done
	is "-Z --compressed: the files curl -Z --compressed writes" \
	    "$src:$crc:$ok" "0:0:1"
	rm -rf "$T/s" "$T/c"
	mkdir "$T/s" "$T/c"
fi

# --- nginx, gzip on, http and https, kept connections
. "$D/nginx.sh"
. "$D/pki.sh"
N=$T/ngx
mkdir -p "$N"
cp "$W/text.want" "$N/a.txt"
awk 'BEGIN { for (i = 0; i < 50000; i++)
	printf "row %d: nginx compresses this\n", i }' >"$N/b.txt"
echo small >"$N/c.txt"
NGLOG=$T/nginx/logs/access.log
tls=
pki_usable 2>/dev/null && pki_make good 2>/dev/null && tls=good
# shellcheck disable=SC2086
if ! nginx_tls_start "$N" "log_format c '\$connection \$http_accept_encoding';
access_log $NGLOG c;
gzip on; gzip_min_length 1; gzip_types text/plain;" $tls; then
	skip "nginx with gzip on" "nginx missing or did not start"
	done_testing
	exit 0
fi
nlogged() { [ "$(wc -l <"$NGLOG" | tr -d ' ')" -ge "$1" ]; }
# ngx SCHEME BASE FLAGS...: the three files by sockt and curl with the
# same flags, compared
ngx() {
	_s=$1 _b=$2
	shift 2
	rm -rf "$T/s" "$T/c"
	mkdir "$T/s" "$T/c"
	from=$(wc -l <"$NGLOG" | tr -d ' ')
	both "$@" --compressed -o a -o b -o c "$_b/a.txt" "$_b/b.txt" \
	    "$_b/c.txt"
	ok=1
	for f in a b c; do
		cmp -s "$T/s/$f" "$N/$f.txt" || ok=0
		cmp -s "$T/s/$f" "$T/c/$f" || ok=0
	done
	is "nginx $_s, gzip on: three files decoded, as curl's" "$src:$crc:$ok" \
	    "0:0:1"
	wait_until 10 nlogged $((from + 3))
	is "... one connection, Accept-Encoding sent" \
	    "$(tail -n +"$((from + 1))" "$NGLOG" | head -3 | sort -u |
	    cut -d' ' -f2- | sort -u)" "$AE"
	is "... on one connection" "$(tail -n +"$((from + 1))" "$NGLOG" |
	    head -3 | cut -d' ' -f1 | sort -u | wc -l | tr -d ' ')" 1
	# -Z and --pipeline: the three twice, on connections at once
	for _m in -Z --pipeline; do
		rm -rf "$T/z"
		mkdir "$T/z"
		from=$(wc -l <"$NGLOG" | tr -d ' ')
		run 60 "$SOCKT" http-get -sS "$@" $_m --compressed \
		    --output-dir "$T/z" -o a -o b -o c -o a2 -o b2 -o c2 \
		    "$_b/a.txt" "$_b/b.txt" "$_b/c.txt" "$_b/a.txt" \
		    "$_b/b.txt" "$_b/c.txt"
		for f in a b c; do
			cmp -s "$T/z/$f" "$N/$f.txt" || rc=x
			cmp -s "$T/z/${f}2" "$T/s/$f" || rc=x
		done
		is "... $_m: six files decoded, as curl's" "$rc:$err" "0:"
		# nginx logs a request after its response has gone
		wait_until 10 nlogged $((from + 6))
		is "... $_m: Accept-Encoding sent" "$(tail -n +"$((from + 1))" \
		    "$NGLOG" | cut -d' ' -f2- | sort -u)" "$AE"
	done
}
if [ $havecurl = 1 ]; then
	ngx http "http://127.0.0.1:$NGPORT"
	# resume and ranges: nginx gzips the whole file rather than
	# answer the Range (a 200): -C refuses it as curl, exit 33 and the
	# file as it was (issue 61), and -r prints it, as curl does
	rm -rf "$T/s" "$T/c"
	mkdir "$T/s" "$T/c"
	head -c 1000 "$N/b.txt" >"$T/s/b"
	cp "$T/s/b" "$T/c/b"
	both --compressed -C - -o b "http://127.0.0.1:$NGPORT/b.txt"
	is "nginx: -C - --compressed, a 200: curl's 33, the file as it was" \
	    "$src:$crc:$(cmp "$T/s/b" "$T/c/b" 2>&1)" "33:33:"
	both --compressed -r 10-109 "http://127.0.0.1:$NGPORT/b.txt"
	is "nginx: -r 10-109 --compressed: what curl prints" \
	    "$src:$crc:$(cmp "$T/s.out" "$T/c.out" 2>&1)" "0:0:"
	if [ -n "$tls" ]; then
		ngx https "https://localhost:$NGTLS_good" --cacert "$P/ca.pem"
	else
		skip "nginx https, gzip on" "no PKI (openssl)"
	fi
else
	skip "nginx, gzip on" "no curl"
fi

# --- without zlib
nozlib="gzip decoding needs libz.so.1 (zlib), which was not found"
cat >"$T/nozlib.sh" <<'EOS'
S=$1 U=$2 T=$3 OUT=$4
{
	"$S" --version | sed -n 's/^zlib: /version|/p'
	echo old >"$T/nz"
	e=$(timeout -k 2 20 "$S" http-get -sS --compressed -o "$T/nz" \
	    "$U/ce-gzip" 2>&1)
	echo "compressed|$?|$e|$(cat "$T/nz")"
	e=$(timeout -k 2 20 "$S" http-get -sS -o "$T/nz" "$U/te-gzip-chunked" \
	    2>&1)
	echo "te|$?|$e|$(cat "$T/nz")"
	e=$(timeout -k 2 20 "$S" http-get -sS "$U/ce-unknown" 2>&1)
	echo "plain|$?|$e"
} >"$OUT"
EOS
# verdicts HOW: the lines nozlib.sh wrote in $T/nz.res
verdicts() {
	is "$1: --version says none" "$(sed -n 's/^version|//p' "$T/nz.res")" \
	    "none ($nozlib)"
	is "$1: --compressed: one line, exit 1, -o untouched" \
	    "$(sed -n 's/^compressed|//p' "$T/nz.res")" \
	    "1|sockt http-get: --compressed: $nozlib|old"
	is "$1: a gzip transfer coding: one line, exit 1, -o untouched" \
	    "$(sed -n 's/^te|//p' "$T/nz.res")" \
	    "61|sockt http-get: $nozlib|old"
	is "$1: the rest works" "$(sed -n 's/^plain|//p' "$T/nz.res")" "0|abc"
}
SOCKT_ZLIB_LIB=$T/nowhere/libz.so.1 sh "$T/nozlib.sh" "$SOCKT" "$U" "$T" \
    "$T/nz.res"
verdicts "SOCKT_ZLIB_LIB names no file"
p=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null |
    awk '$1 == "libz.so.1" { print $NF; exit }')
if [ "$(id -u)" != 0 ] || [ -z "$p" ] || ! have unshare ||
    ! unshare -m true 2>/dev/null; then
	skip "libz.so.1 hidden in a mount namespace" "not root, no unshare"
else
	: >"$T/empty"
	rm -f "$T/nz.res"
	timeout -k 2 60 unshare -m --propagation private sh -c '
	    mount --bind "$1" "$2" && shift 2 && exec sh "$@"' sh \
	    "$T/empty" "$p" "$T/nozlib.sh" "$SOCKT" "$U" "$T" "$T/nz.res" \
	    2>"$T/ns.err"
	if [ -s "$T/nz.res" ]; then
		verdicts "libz.so.1 hidden"
	else
		fail "libz.so.1 hidden in a mount namespace" "$(cat "$T/ns.err")"
	fi
	like "... and still there outside" "$("$SOCKT" --version)" \
	    "*zlib: [0-9]*"
fi
done_testing
