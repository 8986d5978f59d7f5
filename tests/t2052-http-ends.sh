#!/bin/sh
# t2052: http-get's connections end as every connection of the stack
# does (issue 53: net/conn_end.c's rules, a step at a time in the
# engine's loop).  tests/http_end.py is an HTTPS server, and an HTTPS
# proxy that is its own origin, that tell a close_notify from a bare end
# and answer ours with their own, as OpenSSL's servers do:
#   - https: close_notify at the run's end, then the server's
#     close_notify and its end are read, not reset
#   - -Z over https: every connection so
#   - TLS inside an https:// proxy's TLS: the server's close_notify,
#     then the proxy's, then the TCP end, and the answers read
#   - a server that never ends: a plain connection's end is ours alone
#     (curl's: the server's is not awaited), so the URLs after it go
#     at once and the run ends at once
# In a network namespace of its own (root, unshare), no TCP reset is
# sent at all (the kernel's Tcp OutRsts).
# watchdog: 120
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
HE=$(cd "$(dirname "$0")" && pwd)/http_end.py

if [ -z "${T2052_INSIDE:-}" ] && [ "$(id -u)" = 0 ] && have unshare &&
    have ip && unshare -n true 2>/dev/null; then
	rm -rf "$T"
	# the rest of this script in a network namespace of its own: the
	# resets counted are its own
	T2052_INSIDE=1 exec unshare -n sh -c 'ip link set lo up && exec sh "$0"' \
	    "$0"
fi
pki_or_skip "http-get's connection ends" python3

# resets: the TCP resets the kernel sent, where this script has a
# network namespace of its own; empty elsewhere
resets() {
	[ -n "${T2052_INSIDE:-}" ] || return 0
	awk '$1 == "Tcp:" && !n { for (i = 2; i <= NF; i++) f[$i] = i; n = 1;
	    next } $1 == "Tcp:" { print $f["OutRsts"] }' /proc/net/snmp
}
# no_resets DESC BEFORE: none sent since BEFORE
no_resets() {
	if [ -z "${T2052_INSIDE:-}" ]; then
		skip "$1" "no network namespace of its own"
	else
		is "$1" "$(resets)" "$2"
	fi
}

# --- https: the run's end
SOUT=$T/https.out server 60 python3 "$HE" https "$P/good.pem" \
    "$P/good.key" 1 || exit 1
r0=$(resets)
run 30 "$SOCKT" http-get -sS --cacert "$P/ca.pem" \
    "https://localhost:$SPORT/a" "https://localhost:$SPORT/b"
is "https: both bodies, exit 0" "$rc $out" "0 hello
hello"
wait_gone "$SPID" 20
is "https: close_notify, then the server's close_notify and end read" \
    "$(cat "$T/https.out")" "conn 1: end close_notify
conn 1: then eof"
no_resets "https: no reset" "$r0"

# --- -Z: every connection
SOUT=$T/z.out server 60 python3 "$HE" https "$P/good.pem" \
    "$P/good.key" 3 || exit 1
r0=$(resets)
run 30 "$SOCKT" http-get -sS -Z --parallel-max 3 --parallel-host 3 \
    --cacert "$P/ca.pem" "https://localhost:$SPORT/[1-3]"
is "-Z: three bodies, exit 0" "$rc $(grep -c hello "$T/out")" "0 3"
wait_gone "$SPID" 20
is "-Z: each connection ends with close_notify and is read to its end" \
    "$(sed 's/conn [0-9]/conn N/' "$T/z.out" | sort | uniq -c |
    tr -s ' ')" " 3 conn N: end close_notify
 3 conn N: then eof"
no_resets "-Z: no reset" "$r0"

# --- TLS inside an https:// proxy's TLS
SOUT=$T/px.out server 60 python3 "$HE" proxy "$P/good.pem" \
    "$P/good.key" 1 || exit 1
r0=$(resets)
run 30 "$SOCKT" http-get -sS --proxy-cacert "$P/ca.pem" --cacert \
    "$P/ca.pem" -x "https://localhost:$SPORT" "https://localhost:9/a" \
    "https://localhost:9/b"
is "TLS in TLS: both bodies, exit 0" "$rc $out" "0 hello
hello"
wait_gone "$SPID" 20
is "TLS in TLS: the server's close_notify, the proxy's, then the end" \
    "$(cat "$T/px.out")" "conn 1: CONNECT
conn 1: inner end close_notify
conn 1: outer end close_notify
conn 1: then eof"
no_resets "TLS in TLS: no reset" "$r0"

# --- a server that never ends: bounded, and in the loop
SOUT=$T/hold.out server 60 python3 "$HE" hold 8 || exit 1
HPID=$SPID
timed 30 "$SOCKT" http-get -sS "http://127.0.0.1:$SPORT/[1-8]"
is "a server that never ends: eight bodies, exit 0" \
    "$rc $(grep -c hello "$T/out")" "0 8"
# no end awaits the server's (it waited 0.5 s, CONN_DONE_MS, in the
# loop): eight in turn would take 4 s if each held up the next URL
if [ "$el" -lt 3500 ]; then
	pass "... the URLs did not wait for the ends before them ($el ms)"
else
	fail "... the URLs did not wait for the ends before them" "$el ms"
fi
wait_until 10 grep -q "conn 8: eof" "$T/hold.out"
is "... each saw our end of file" "$(grep -c 'eof, held' "$T/hold.out")" 8
kill "$HPID" 2>/dev/null

done_testing
