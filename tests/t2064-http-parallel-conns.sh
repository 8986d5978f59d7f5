#!/bin/sh
# t2064: -Z's connections (issue 49, item 2).  By default, to a server
# whose round trip is long (2 ms or more: here across pathemu's 10 ms
# path), as many as --parallel-max allows, as curl opens them (it was 6,
# and 200 small files over a 40 ms round trip took 4x curl's time); to a
# near one (loopback) 6, where more only cost handshakes; each opened
# only for a URL that waits for one; --parallel-host and --parallel-max
# still cap them.  And a URL waiting on a connection still opening goes
# on the first connection to its server that is free instead: one slow
# to open (a lost SYN costs a second; here a server whose second TLS
# handshake waits 4 s) holds no transfer up, where curl -Z waits it out.
# tests/par_http.py serves, logging which connection carried each request.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pathemu.sh"
. "$(dirname "$0")/pki.sh"
D=$(cd "$(dirname "$0")" && pwd)

if ! have python3; then
	skip "-Z's connections" "python3 not installed"
	done_testing
	exit
fi
i=1
: >"$T/want"
while [ $i -le 20 ]; do
	echo "/$i" >>"$T/want"
	i=$((i + 1))
done
# Each section waits on a server's delays: they run as parts side by
# side, each with its servers, its path and its log ($LOG) of its own
conns() { cut -d' ' -f1 "$LOG" | sort -u | wc -l | tr -d ' '; }
WANT=$T/want

# near: 20 URLs each answered after 1 s, over 6 connections
near() {
	LOG=$T/log
	: >"$LOG"
	server 60 python3 "$D/par_http.py" "$LOG" --delay 1 ||
	    { fail "near: the server starts"; return; }
	run 30 "$SOCKT" http-get -Z -sS "http://127.0.0.1:$SPORT/[1-20]"
	is "-Z, 20 URLs to a near server: every body, in URL order" \
	    "$rc:$out" "0:$(cat "$WANT")"
	is "... over 6 connections" "$(conns)" 6
	kill "$SPID"
}

# far_path: a path of 10 ms each way and its server, $U
far_path() {
	LOG=$T/log
	: >"$LOG"
	pathemu_start -t 100 short || return 1
	server 60 $PE_S python3 "$D/par_http.py" "$LOG" --addr "$PE_S4" \
	    --delay 1 || return 1
	U=http://$PE_S4:$SPORT
}

# far_z: the same across the path (not lib.sh's far, a namespace's
# command)
far_z() {
	far_path || { fail "far: the path and its server"; return; }
	run 30 $PE_C "$SOCKT" http-get -Z -sS "$U/[1-20]"
	is "-Z, 20 URLs to a far server: every body, in URL order" \
	    "$rc:$out" "0:$(cat "$WANT")"
	is "... over 20 connections (it was 6)" "$(conns)" 20
	if have curl; then
		: >"$LOG"
		run 30 $PE_C curl -Z -s "$U/[1-20]"
		# curl's transfers wait for its first connection, so one
		# of them may find it free again
		is "... as many as curl -Z opens, give or take one" \
		    "$([ "$(conns)" -ge 19 ] && echo yes ||
		    echo "no: $(conns)")" yes
	else
		skip "... as many as curl -Z opens" "curl not installed"
	fi
	kill "$SPID"
	pathemu_stop
}

# far_caps: --parallel-host and --parallel-max still cap them
far_caps() {
	far_path || { fail "far caps: the path and its server"; return; }
	run 30 $PE_C "$SOCKT" http-get -Z -sS --parallel-host 6 "$U/[1-20]"
	is "--parallel-host 6 caps them" "$rc:$(conns)" "0:6"
	: >"$LOG"
	run 30 $PE_C "$SOCKT" http-get -Z -sS --parallel-max 8 "$U/[1-20]"
	is "--parallel-max 8 too" "$rc:$(conns)" "0:8"
	: >"$LOG"
	run 30 $PE_C "$SOCKT" http-get -Z -sS --parallel-host 30 "$U/[1-3]"
	is "3 URLs: 3 connections, no more" "$rc:$(conns)" "0:3"
	kill "$SPID"
	pathemu_stop
}

part near
if ! pathemu_usable; then
	skip "-Z's connections to a far server" "$PE_WHY"
else
	part far_z
	part far_caps
fi

# the second connection's TLS handshake waits 4 s: a server of its own
# for each run
P=$T/pki
LOG=$T/log
# (pki_or_skip ends the script: the parts' lines first)
pki_usable || parts_done
pki_or_skip "a connection slow to open holds nothing up"
head -n 10 "$T/want" >"$T/want10"
# slow CMD...: CMD against a fresh server; $ms its time, $rc, $out
slow() {
	: >"$LOG"
	server 60 python3 "$D/par_http.py" "$LOG" --tls "$P/good.pem" \
	    "$P/good.key" --slow 2 4 || { parts_done; exit 1; }
	t0=$(now_ms)
	run 30 "$@" "https://localhost:$SPORT/[1-10]"
	ms=$(( $(now_ms) - t0 ))
	kill "$SPID"
}
slow "$SOCKT" http-get -Z -sS --cacert "$P/ca.pem"
is "a handshake that waits 4 s: every body, in URL order" "$rc:$out" \
    "0:$(cat "$T/want10")"
is "... none waited for it (done in under 3 s)" \
    "$([ $ms -lt 3000 ] && echo yes || echo "no: $ms ms")" yes
is "... the slow connection carried nothing" \
    "$(awk '$1 == 2' "$LOG" | wc -l | tr -d ' ')" 0
slow "$SOCKT" http-get -Z -sS --parallel-host 2 --cacert "$P/ca.pem"
is "... nor with two connections, one of them the slow one" \
    "$rc:$([ $ms -lt 3000 ] && echo yes || echo "no: $ms ms")" 0:yes
if have curl; then
	slow curl -Z -s --cacert "$P/ca.pem"
	echo "# curl -Z: $ms ms, exit $rc"
fi
parts_done
done_testing
