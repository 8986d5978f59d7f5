#!/bin/sh
# The servers' fair share (issue 60).  Without --max-per-peer a peer
# address that is not loopback holds at most a quarter of -m's slots (25
# of the default 100), and a client that must speak first (a proxy's
# request, a PROXY header, a WebSocket upgrade) and does not is closed
# after a bounded time: so 10,000 idle connections from one address
# never keep another address's client waiting, in any server mode.
# Loopback peers are not counted; --max-per-peer 0 lifts the share.
# Also: -m lowered to what RLIMIT_NOFILE allows where the server holds a
# descriptor per slot, said with -v; accept's "Too many open files" said
# at most once a second; a refused client's drain bounded (4 MiB).
#
# It runs in tests/hostsns.sh's namespace: 198.18.0.9 (HOST_A, the
# flood) and 198.18.0.10 (HOST_B, the other client) are other hosts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
. "$(dirname "$0")/hostsns.sh"
hosts_ns "$0" "$@"
TD=$(cd "$(dirname "$0")" && pwd)

# The flood: 10,000 connections in the long form (make check LONG=yes),
# 2,000 by default (a fifth of the CPU, 13 floods): a share that broke
# lets the flood fill -m's 100 slots after 100, so the other address
# waits and the refusals are short as surely with 2,000, and 2,000 is
# still past the 1,024 descriptors of a usual soft limit, so a refusal
# that kept its descriptor runs the server out of them as 10,000 would.
nflood=2000
! long || nflood=10000
# share DESC HOLD FLOOD_OPTS -- SERVER...: SERVER on 0.0.0.0 port 0; $nflood
# connections from HOST_A (share_flood.py with FLOOD_OPTS), then a client
# from HOST_B, which must be served within 1 s; of the flood 25 kept and
# the rest refused ($nflood - 25: by its -v log or as the flood saw it).  HOLD
# (seconds, 0: none) watches the flood after the client: every kept one
# must have been closed by then (its time to speak has run out).  Three
# checks, four with HOLD; its log in $SLOG.
share() {
	_sd=$1 _h=$2 _o=$3
	shift 4
	if [ -z "$HOSTS_NS" ] || ! have python3; then
		for _c in 1 2 3; do skip "$_sd $_c" "${HOSTS_WHY:-no python3}"; done
		[ "$_h" = 0 ] || skip "$_sd 4" "${HOSTS_WHY:-no python3}"
		return
	fi
	server 60 "$@" || {
		for _c in 1 2; do fail "$_sd: the server starts"; done
		[ "$_h" = 0 ] || fail "$_sd: the server starts"
		return
	}
	# shellcheck disable=SC2086
	pyrun 60 "$TD/share_flood.py" "$HOST_B" "$SPORT" \
	    --flood-src "$HOST_A" --probe-src "$HOST_B" --hold "$_h" \
	    --count "$nflood" --want-kept 25 $_o
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	# kept refused probe_ms up reset eof data open pending flood_ms
	set -- $(printf '%s\n' "$out" | sed 's/[a-z_]*=//g')
	if [ "$#" -ne 10 ]; then
		fail "$_sd: the flood ran" "got: $out" "$err"
		fail "$_sd: a client from $HOST_B served" "no figures"
		fail "$_sd: the flood held to 25" "no figures"
		[ "$_h" = 0 ] || fail "$_sd: the kept ones closed" "no figures"
		return
	fi
	pass "$_sd: $nflood connections from $HOST_A (in $((${10})) ms)"
	check "$_sd: a client from $HOST_B served in $3 ms (at most 1000)" \
	    within 0 1000 "$3"
	# The flood's view (kept and refused once it settled) counts as
	# refused the 25 kept whose deadline (-i 4, a PROXY header's 3 s)
	# ran out before it settled; the server's own -v lines (each
	# refusal's written before its reset) count 25 fewer refusals for
	# each time the kept met their deadline while the flood still came
	# (25 more were then taken, as they should be).  Beside two busy
	# loops accepts came 2 s late and 10,000 connections took 5.2 s, so
	# either can happen; a share that fails fails both.
	_nr=$(grep -c "connection from $HOST_A port [0-9]* refused" "$SLOG")
	if [ "$_nr" = $((nflood - 25)) ] ||
	    [ "$1 $2" = "25 $((nflood - 25))" ]; then
		pass "$_sd: the flood's connections over the share refused"
	else
		fail "$_sd: the flood's connections over the share refused" \
		    "got:  $_nr refused (the flood saw kept $1, refused $2)" \
		    "want: $((nflood - 25)) refused"
	fi
	[ "$_h" = 0 ] || is "$_sd: the 25 kept are closed within ${_h} s" \
	    "open $8" "open 0"
}

# hex FORMAT: printf's FORMAT (\r\n and the like) as share_flood.py's hex
hex() {
	# shellcheck disable=SC2059
	printf "$1" | od -An -v -tx1 | tr -d ' \n'
}
get=$(hex 'GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n')
ws_up=$(hex 'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n')

# the server speaks first: the share alone
share "serve-hello" 0 "--want $(hex Welcome)" -- \
    "$SOCKT" serve-hello -v 0.0.0.0 0
if [ -n "$HOSTS_NS" ] && have python3; then
	like "serve-hello: -v says the share" "$(cat "$SLOG")" \
	    "*at most 25 connections from one address (a quarter of -m 100; loopback exempt; --max-per-peer sets it)*"
	like "serve-hello: -v says each refusal" "$(cat "$SLOG")" \
	    "*connection from $HOST_A port * refused: 25 connections from this address already*"
else
	skip "serve-hello: -v says the share" "${HOSTS_WHY:-no python3}"
	skip "serve-hello: -v says each refusal" "${HOSTS_WHY:-no python3}"
fi
share "listen -k -c" 0 "--want $(hex hi)" -- \
    "$SOCKT" listen -k -v 0.0.0.0 0 -c 'echo hi; exec cat >/dev/null'
share "listen -k -e" 0 "--probe-send $(hex ping) --want $(hex ping)" -- \
    "$SOCKT" listen -k -v 0.0.0.0 0 -e cat
: >"$T/collected"
SOUT=$T/collected share "the collector (listen -k)" 0 \
    "--probe-send $(hex fresh-client) --want $(hex fresh-client) --want-file $T/collected" -- \
    "$SOCKT" listen -k -v 0.0.0.0 0
SOUT=/dev/null
if [ -n "$HOSTS_NS" ]; then
	server 60 "$SOCKT" serve-hello -v -m 200 127.0.0.1 0 ||
	    fail "the forwarder's target starts"
	HPID=$SPID HPORT=$SPORT
fi
share "the forwarder (listen -k --to)" 0 "--want $(hex Welcome)" -- \
    "$SOCKT" listen -k -v 0.0.0.0 0 --to "127.0.0.1:${HPORT:-1}"
share "--broker" 0 "--pair --probe-send $(hex ping) --want $(hex ping)" -- \
    "$SOCKT" listen -v --broker 0.0.0.0 0
share "--chat" 0 "--want $(hex 'is connected as')" -- \
    "$SOCKT" listen -v --chat 0.0.0.0 0
[ -n "${HPID:-}" ] && kill "$HPID" 2>/dev/null

# the client speaks first: the share, and its time to speak (-i 4: with
# -i 2 a flood that took 1.9 s at a load of 15 saw its first 25 closed by
# their deadline before it had settled, as if refused at once; the hold
# ends as soon as none is open)
share "--serve-proxy http, silent" 0 \
    "--probe-send $get --want $(hex 'HTTP/1.1 ')" -- \
    "$SOCKT" listen -k -v --serve-proxy http 0.0.0.0 0
share "--serve-proxy http, slow request heads" 5 \
    "--send $(hex 'GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: x\r\n') \
    --probe-send $get --want $(hex 'HTTP/1.1 ')" -- \
    "$SOCKT" listen -k -v -i 4 --serve-proxy http 0.0.0.0 0
share "--serve-proxy socks5, half-open greetings" 5 \
    "--send 0502 --probe-send 050100 --want 0500" -- \
    "$SOCKT" listen -k -v -i 4 --serve-proxy socks5 0.0.0.0 0
# the WebSocket handshake's SHA-1 is OpenSSL's (lib.sh's tls_loadable)
nows="no libssl.so.3: the WebSocket handshake's SHA-1 is OpenSSL's"
if tls_loadable; then
	share "--ws, silent" 5 "--probe-send $ws_up --want $(hex ' 101 ')" -- \
	    "$SOCKT" listen -k -v -i 4 --ws 0.0.0.0 0 -c 'echo hi'
else
	for c in flood served refused closed; do skip "--ws, silent: $c" "$nows"; done
fi
share "--accept-proxy-protocol, silent strangers" 4 \
    "--probe-send $(hex 'PROXY TCP4 203.0.113.7 198.18.0.10 40000 80\r\n') \
    --want $(hex hi)" -- \
    "$SOCKT" listen -k -v --accept-proxy-protocol 0.0.0.0 0 \
    -c 'echo hi; exec cat >/dev/null'

# counts N SRC DST PROBE_SRC SERVER...: SERVER; N idle connections from
# SRC to DST, then a client from PROBE_SRC for its first line; "kept K
# refused R" in $got (empty when the flood could not run), the server's
# log in $SLOG
counts() {
	_n=$1 _src=$2 _dst=$3 _ps=$4
	shift 4
	got=
	server 30 "$@" || return 1
	pyrun 30 "$TD/share_flood.py" "$_dst" "$SPORT" --flood-src "$_src" \
	    --count "$_n" --probe-src "$_ps" --probe-secs 3 --want 0a
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	set -- $(printf '%s\n' "$out" | sed 's/[a-z_]*=//g')
	[ "$#" -eq 10 ] && got="kept $1 refused $2" served=$7
}
# says PATTERN: wait for PATTERN (grep's) in $SLOG, 5 s at most
says() {
	wait_until 5 grep -q -e "$1" "$SLOG"
}
# nshare N: N checks that need the namespace and python3 skipped, or 0
nshare() {
	[ -n "$HOSTS_NS" ] && have python3 && return 1
	for _c in $(seq "$1"); do skip "share $_c" "${HOSTS_WHY:-no python3}"; done
}

# loopback is exempt; --max-per-peer 0 lifts the share, n sets it
if ! nshare 8; then
	counts 200 127.0.0.1 127.0.0.1 127.0.0.2 "$SOCKT" serve-hello -v -m 300 \
	    0.0.0.0 0
	is "200 idle connections from loopback all served (-m 300)" "$got" \
	    "kept 200 refused 0"
	if have_ipv6; then
		counts 200 127.0.0.1 127.0.0.1 ::1 "$SOCKT" serve-hello -v \
		    -m 300 :: 0
		is "a dual-stack listener: ::ffff:127.0.0.1 is loopback too" \
		    "$got" "kept 200 refused 0"
		counts 200 "$HOST_A6" "$HOST_B6" "$HOST_B6" "$SOCKT" \
		    serve-hello -v :: 0
		is "IPv6: 200 from $HOST_A6, 25 kept" "$got" \
		    "kept 25 refused 175"
	else
		skip "dual-stack loopback" "no IPv6"
		skip "IPv6 share" "no IPv6"
	fi
	counts 200 "$HOST_A" "$HOST_B" "$HOST_B" "$SOCKT" serve-hello -v \
	    -m 300 --max-per-peer 0 0.0.0.0 0
	is "--max-per-peer 0: 200 from $HOST_A all served" "$got" \
	    "kept 200 refused 0"
	counts 200 "$HOST_A" "$HOST_B" "$HOST_B" "$SOCKT" serve-hello -v \
	    --max-per-peer 5 0.0.0.0 0
	is "--max-per-peer 5: 5 from $HOST_A served" "$got" "kept 5 refused 195"
	counts 50 "$HOST_A" "$HOST_B" "$HOST_B" "$SOCKT" serve-hello -v -m 10 \
	    0.0.0.0 0
	is "-m 10: 2 from one address" "$got" "kept 2 refused 48"
	like "-m 10: -v says the share" "$(cat "$SLOG")" \
	    "*at most 2 connections from one address (a quarter of -m 10;*"
	counts 50 "$HOST_A" "$HOST_B" "$HOST_B" "$SOCKT" serve-hello -v -m 3 \
	    0.0.0.0 0
	is "-m 3: 1 from one address" "$got" "kept 1 refused 49"
fi
server 30 "$SOCKT" serve-hello -v 127.0.0.1 0
run 5 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
kill "$SPID" 2>/dev/null
wait "$SPID" 2>/dev/null
is "a listener on loopback has no share to say" \
    "$(grep -c 'at most' "$SLOG") $(grep -c 'connection from' "$SLOG")" "0 2"

# -m within RLIMIT_NOFILE: lowered where the server holds a descriptor a
# slot (spawn: the connection and its lingering close; the broker's
# clients; the PROXY header's lines), not for a forked child's own
if have prlimit && ! nshare 8; then
	counts 100 "$HOST_A" "$HOST_B" "$HOST_B" prlimit --nofile=64 "$SOCKT" \
	    listen -k -v 0.0.0.0 0 -c 'echo hi; exec cat >/dev/null'
	like "--nofile=64: listen -k -c's -m lowered, said with -v" \
	    "$(cat "$SLOG")" \
	    "*-m 100 lowered to 16: 64 open files allowed (RLIMIT_NOFILE), 2 a connection*at most 4 connections from one address (a quarter of -m 16;*"
	is "--nofile=64: 4 of 100 from one address kept" "$got" \
	    "kept 4 refused 96"
	counts 100 "$HOST_A" "$HOST_B" "$HOST_B" prlimit --nofile=64 "$SOCKT" \
	    listen -k -v --max-per-peer 0 0.0.0.0 0 \
	    -c 'echo hi; exec cat >/dev/null'
	is "--nofile=64 --max-per-peer 0: 16 served, the rest wait, no EMFILE" \
	    "$got, $served served, $(grep -c "$(errtext EMFILE)" "$SLOG")" \
	    "kept 100 refused 0, 16 served, 0"
	lowered="lowered to 32: 64 open files allowed (RLIMIT_NOFILE), 1 a"
	server 30 prlimit --nofile=64 "$SOCKT" listen -v --broker 0.0.0.0 0
	check "--nofile=64: the broker's -m lowered" says "$lowered"
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	server 30 prlimit --nofile=64 "$SOCKT" listen -k -v \
	    --accept-proxy-protocol 0.0.0.0 0 -c 'echo hi'
	check "--nofile=64: --accept-proxy-protocol's -m lowered" says "$lowered"
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	server 30 prlimit --nofile=64 "$SOCKT" serve-hello -v 0.0.0.0 0
	says 'of -m 100;'
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	is "--nofile=64: serve-hello's children hold their own: -m kept" \
	    "$(grep -c lowered "$SLOG") $(grep -c 'of -m 100;' "$SLOG")" "0 1"
	server 30 prlimit --nofile=64:4096 "$SOCKT" listen -k -v 0.0.0.0 0 \
	    -c 'echo hi'
	says 'at most 25'
	is "--nofile=64:4096: the soft limit raised for -m 100, not lowered" \
	    "$(grep -c lowered "$SLOG") $(sed -n 's/^Max open files *\([0-9]*\) .*/\1/p' \
	    "/proc/$SPID/limits" 2>/dev/null)" "0 232"
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	# descriptors it did not count on (45 inherited): accept fails
	# anyway, said once a second
	t0=$(now_ms)
	counts 100 "$HOST_A" "$HOST_B" "$HOST_B" python3 -c '
import os, sys
for _ in range(45):
    os.set_inheritable(os.open("/dev/null", os.O_RDONLY), True)
os.execvp(sys.argv[1], sys.argv[1:])' prlimit --nofile=64 "$SOCKT" \
	    listen -k -v --max-per-peer 0 0.0.0.0 0 -c 'echo hi; exec cat'
	n=$(grep -c "accept: $(errtext EMFILE)" "$SLOG")
	secs=$(( ($(now_ms) - t0) / 1000 + 1 ))
	if [ "$n" = 0 ] &&
	    case $(sockt_loader) in */ld-musl-*) true ;; *) false ;; esac
	then
		# a musl build since its backlog is NET_BACKLOG, not musl's
		# SOMAXCONN of 128: not yet understood (issue 73's note)
		skip "accept's EMFILE said at least once, at most once a second" \
		    "known defect of the musl build: said 0 times in $secs s"
	else
		check "accept's EMFILE said $n times in $secs s (at least once, at most once a second)" \
		    within 1 "$secs" "$n"
	fi
else
	have prlimit || for c in 1 2 3 4 5 6 7 8; do skip "rlimit $c" "no prlimit"; done
fi

# drain DESC FIRST SERVER...: a client of SERVER sends FIRST (hex), which
# gets it refused, then all it can: the server reads 4 MiB of it at most,
# so what the client could send (that and the two sockets' buffers) stays
# under 32 MiB (the base binary read 1 GiB)
drain() {
	_dd=$1 _first=$2
	shift 2
	if ! have python3; then
		skip "$_dd: drained 4 MiB at most" "no python3"
		return
	fi
	server 30 "$@"
	run 30 python3 "$TD/drain_client.py" 127.0.0.1 "$SPORT" "$_first"
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	n=$(printf '%s\n' "$out" | sed -n 's/^sent=\([0-9]*\) .*/\1/p')
	check "$_dd: ${n:-?} bytes taken (at most 32 MiB)" \
	    within 1 33554432 "${n:-0}"
}
drain "serve-hello, a line too long then more" \
    "$(printf '%9000s' | od -An -v -tx1 | tr -d ' \n')" \
    "$SOCKT" serve-hello -v 127.0.0.1 0
if tls_loadable; then
	drain "--ws, a message over its limit then more" \
	    "${ws_up}82ff000000004000000000000000" \
	    "$SOCKT" listen -k -v --ws --ws-max-message 1000 127.0.0.1 0
else
	skip "--ws, a message over its limit then more" "$nows"
fi

done_testing
