#!/bin/sh
# --max-per-peer: one address cannot take every slot of -m.  Over the
# limit a connection is reset at once, even while every slot is in use,
# and other addresses are still served.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

# flood DESC WANT SERVER...: 300 idle connections from 127.0.0.1, then 50
# clients from 127.0.0.2 one after the other, which must all get their
# first line; 290 of the idle ones must have been reset.  Without the
# per-peer limit the idle ones hold every slot and no fresh client is
# ever served, so being served at all is the point.  How fast is the
# machine's: 1 s on a quiet one, 4 s seen under load, so the bound is
# peer_flood.py's 20 s.
flood() {
	_d=$1 _w=$2
	shift 2
	server 40 "$@" || { fail "$_d: server starts"; return; }
	_l=$SLOG
	run 60 python3 "$(dirname "$0")/peer_flood.py" "$SPORT" 300 127.0.0.1 \
	    50 127.0.0.2 "$_w"
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	set -- $(printf '%s\n' "$out" | tr '=' ' ')
	if [ "$#" -eq 10 ] && [ "$2" -eq 50 ] && [ "$4" -le 20000 ]; then
		pass "$_d: 50 of 50 fresh clients served in $4 ms"
	else
		fail "$_d: 50 fresh clients served" "got: $out" "$err"
		return
	fi
	is "$_d: the idle ones over the limit reset, 10 kept" "$6 $8 ${10}" \
	    "290 0 10"
	like "$_d: -v logs the refusal" "$(cat "$_l")" \
	    "*connection from 127.0.0.1 port * refused: 10 connections from this address already*"
}

if have python3; then
	flood "serve-hello" Welcome "$SOCKT" serve-hello -v -m 20 \
	    --max-per-peer 10 127.0.0.1 0
	flood "listen -k" hi "$SOCKT" listen -k -v -m 20 --max-per-peer 10 \
	    127.0.0.1 0 -c 'echo hi; exec cat >/dev/null'
else
	for d in 1 2 3 4 5 6; do skip "flood $d" "no python3"; done
fi

# -m 2 --max-per-peer 1, step by step
server 40 "$SOCKT" listen -k -v -m 2 --max-per-peer 1 127.0.0.1 0 \
    -c 'echo hi; exec cat >/dev/null' || fail "-m 2 --max-per-peer 1 starts"
LPID=$SPID
# hold SRC NAME: a client from SRC that stays connected, output in $T/NAME
# (no half-close, which would end the program's cat)
hold() {
	: >"$T/$2"
	BGOUT=$T/$2 bg 30 "$SOCKT" connect -d --no-shutdown -s "$1" \
	    127.0.0.1 "$SPORT"
}
# got NAME [WANT]: wait up to 5 s for WANT (default "hi") in $T/NAME
got() {
	_i=0
	while [ "$(cat "$T/$1")" != "${2:-hi}" ] && [ $_i -lt 250 ]; do
		_i=$((_i + 1))
		sleep 0.02	# polling a client's output, bounded to 5 s
	done
	[ "$(cat "$T/$1")" = "${2:-hi}" ]
}
hold 127.0.0.1 a
apid=$BGPID
check "a first client from 127.0.0.1 is served" got a
run 5 "$SOCKT" connect -d -s 127.0.0.1 127.0.0.1 "$SPORT"
like "a second one from 127.0.0.1 is reset" "$rc:$err" "1:*eset*"
hold 127.0.0.2 c
check "one from 127.0.0.2 is served (every slot now in use)" got c
run 5 "$SOCKT" connect -d -s 127.0.0.1 127.0.0.1 "$SPORT"
like "with every slot in use, one more from 127.0.0.1 is still reset at once" \
    "$rc:$err" "1:*eset*"
hold 127.0.0.3 e
kill "$apid" 2>/dev/null
check "one from 127.0.0.3 waited for a slot and is served when one frees" got e
kill "$BGPID" 2>/dev/null
run 5 "$SOCKT" connect -s 127.0.0.1 127.0.0.1 "$SPORT" </dev/null
is "127.0.0.1 is served again once its connection has ended" "$rc:$out" "0:hi"
kill "$LPID" 2>/dev/null
wait "$SPID" 2>/dev/null

# a dual-stack listener sees IPv4 peers as ::ffff:127.0.0.1, counted alike
if have_ipv6; then
	server 20 "$SOCKT" serve-hello -v --max-per-peer 1 :: 0 ||
	    fail "dual-stack serve-hello starts"
	hold 127.0.0.1 v4
	check "dual-stack: a first IPv4 client is served" got v4 Welcome!
	run 5 "$SOCKT" connect -d -s 127.0.0.1 127.0.0.1 "$SPORT"
	like "dual-stack: a second one is reset" "$rc:$err" "1:*eset*"
	run 5 "$SOCKT" connect ::1 "$SPORT" </dev/null
	is "dual-stack: ::1 is another peer, served" "$rc:$(echo $out)" "0:Welcome!"
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
else
	for d in 1 2 3; do skip "dual-stack $d" "no IPv6 loopback"; done
fi

done_testing
