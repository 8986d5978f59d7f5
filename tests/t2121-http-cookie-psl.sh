#!/bin/sh
# t2121: http-get's cookies held to the public suffix list as curl 7.88's
# (issue 61, item 5), beside curl against canned_http.py: curl's own
# case of five Domain attributes through a proxy (a cookie for
# "example.ck" or "ck" is a supercookie: "*.ck" is a suffix anyone may
# register under), the jars each wrote compared line for line; without
# libpsl (SOCKT_PSL_LIB names none) the dot rule alone, never a cookie for
# a single-label domain, and --version says which; and a -H Host the
# name cookies are stored and sent by, and 150 of a site's cookies sent,
# as curl's.  Fails on fbc4a641 (the supercookies stored and sent, -H
# Host not read, 50 cookies a domain kept).
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "cookies and the public suffix list" "python3 or curl not installed"
	done_testing
	exit
fi
if ! curl -V | grep -q 'PSL'; then
	skip "cookies and the public suffix list" "this curl has no PSL"
	done_testing
	exit
fi
# the loader that runs sockt finds libpsl.so.5 (t0037 checks the line that
# says it is missing)
if ! loader_has libpsl.so.5; then
	skip "cookies and the public suffix list" "no libpsl.so.5"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nSet-Cookie: t1=super1; domain=example.ck; path=/;\r\nSet-Cookie: t2=allowed2; domain=www.example.ck; path=/;\r\nSet-Cookie: t3=super3; domain=ck; path=/;\r\nSet-Cookie: t4=allowed4; domain=www.ck; path=/;\r\nSet-Cookie: t5=self5; domain=z-1.compute-1.amazonaws.com; path=/;\r\n\r\nok\n' >"$D/psl"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nSet-Cookie: h=1; domain=other.example; path=/\r\nSet-Cookie: g=2; path=/\r\n\r\nok\n' >"$D/hostset"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n' >"$D/plain"
if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
P=$SPORT
U="http://www.example.ck/psl http://www.ck/psl http://z-1.compute-1.amazonaws.com/psl"

# cookies DIR: the cookie lines of DIR/jar, comments and blanks left out
cookies() { grep -v '^#' "$1/jar" | grep . | sort; }

# shellcheck disable=SC2086
(cd "$T/c" && exec curl -sS -o /dev/null -o /dev/null -o /dev/null \
    -x "127.0.0.1:$P" -b none -c jar $U) 2>"$T/c.err"
crc=$?
# shellcheck disable=SC2086
run 30 sh -c 'cd "$1" && shift && exec "$@"' sh "$T/s" "$SOCKT" http-get \
    -s -o /dev/null -o /dev/null -o /dev/null -x "127.0.0.1:$P" -b none \
    -c jar $U
is "curl's PSL case: both ended 0" "$rc:$crc" "0:0"
is "... the same cookies in the jars" "$(cookies "$T/s")" "$(cookies "$T/c")"
is "... the three curl keeps: no supercookie" \
    "$(cookies "$T/s" | cut -f1,6 | tr '\t\n' ' ')" \
    ".www.ck t4 .www.example.ck t2 .z-1.compute-1.amazonaws.com t5 "

# without libpsl: the dot rule alone
# shellcheck disable=SC2086
run 30 env SOCKT_PSL_LIB="$T/none.so" sh -c 'cd "$1" && shift &&
    exec "$@"' sh "$T/s" "$SOCKT" http-get -s -o /dev/null -o /dev/null \
    -o /dev/null -x "127.0.0.1:$P" -b none -c jar $U
is "without libpsl: no cookie for the single label ck" \
    "$rc:$(cookies "$T/s" | cut -f1,6 | tr '\t\n' ' ')" \
    "0:.example.ck t1 .www.ck t4 .www.example.ck t2 .z-1.compute-1.amazonaws.com t5 "
run 10 env SOCKT_PSL_LIB="$T/none.so" "$SOCKT" --version
like "... and --version says the list is missing" "$out" \
    "*PSL: none (libpsl.so.5 (libpsl), which was not found)*"
run 10 "$SOCKT" --version
like "--version names libpsl" "$out" "*PSL: [0-9]*.[0-9]* (libpsl.so.5)*"

# -H Host: the name cookies are stored under and sent to, as curl's
for who in s c; do
	rm -f "$T/$who/jar"
	: >"$D/requests.log"
	if [ "$who" = s ]; then
		run 30 sh -c 'cd "$1" && shift && exec "$@"' sh "$T/s" \
		    "$SOCKT" http-get -s -H "Host: other.example:8080" -b none \
		    -c jar "http://127.0.0.1:$P/hostset" \
		    "http://127.0.0.1:$P/plain"
	else
		run 30 sh -c 'cd "$1" && shift && exec "$@"' sh "$T/c" \
		    curl -s -H "Host: other.example:8080" -b none -c jar \
		    "http://127.0.0.1:$P/hostset" "http://127.0.0.1:$P/plain"
	fi
	eval "${who}rc=\$rc"
	grep -i '^Cookie:' "$D/requests.log" | tr -d '\r' >"$T/$who.sent"
done
is "-H Host: both ended 0" "$src:$crc" "0:0"
is "... the same cookies stored, under the Host's name" \
    "$(cookies "$T/s")" "$(cookies "$T/c")"
like "... other.example's" "$(cookies "$T/s")" "*other.example*h*1*"
# in curl's order (issue 61): the newer first here
is "... and the same cookies sent back, in curl's order" \
    "$(cat "$T/s.sent")" "$(cat "$T/c.sent")"
# curl's caps: 150 cookies of a site sent (none held back a domain)
i=0
{
	echo '# Netscape HTTP Cookie File'
	while [ $i -lt 160 ]; do
		printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tc%d\t%d\n' "$i" "$i"
		i=$((i + 1))
	done
} >"$T/many"
for who in s c; do
	: >"$D/requests.log"
	if [ "$who" = s ]; then
		run 30 "$SOCKT" http-get -s -b "$T/many" "http://127.0.0.1:$P/plain"
	else
		run 30 curl -s -b "$T/many" "http://127.0.0.1:$P/plain"
	fi
	grep -i '^Cookie:' "$D/requests.log" | tr -d '\r' |
	    sed 's/^Cookie: //; s/; /\n/g' | sort >"$T/$who.many"
done
is "160 cookies of one site: as many sent as curl's" \
    "$(wc -l <"$T/s.many")" "$(wc -l <"$T/c.many")"
is "... 150, the same ones" "$(wc -l <"$T/s.many"):$(cmp "$T/s.many" \
    "$T/c.many" && echo same)" "150:same"
done_testing
