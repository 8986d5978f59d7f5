#!/bin/sh
# listen -k: fork per connection, -e/-c programs, -m, --allow/--deny,
# the exec environment, EOF through a program, SIGTERM.
# 2000 clients one after another (the long form) take minutes on a
# loaded machine:
# watchdog: 400
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

# 2000 sequential connections to -k -e cat (the long form: make check
# LONG=yes), 200 by default, then no zombie; the server may live as long
# as the script (a 60 s watchdog ended it under the clients on a busy
# machine, as in t1000).  Each is a fork and an exec of cat, some 10 ms
# of CPU: 200 show a child not reaped, or a connection not echoed, as
# surely as 2000 (a leak is one a connection), for a tenth of the CPU.
nseq=200
! long || nseq=2000
server 400 "$SOCKT" listen -k -v 0 -e cat || fail "listen -k -e cat starts"
LPID=$(server_pid)
good=$(seq_clients "$nseq" "$SPORT" "ping" "ping" "$LPID")
seq_is "$nseq sequential connections to -k -e cat all echoed" "$good" "$nseq"
wait_nkids "$LPID" 0 5
is "no child left (zombie or not) after them" "$(children_of "$LPID" | tr '\n' ' ')" ""
like "-v logs each connection and its end" "$(cat "$SLOG")" "*connection from 127.0.0.1 port * closed*"
kill "$LPID"

# -e PROG ARG...: the rest of the line is the program's, no shell
server 20 "$SOCKT" listen -k -v 127.0.0.1 0 -e printf '%s|' 'a b' '$HOME' || fail "-e with arguments starts"
run 5 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
is "-e passes its arguments untouched, without a shell" "$out" 'a b|$HOME|'

# the environment the program sees
server 20 "$SOCKT" listen -k -v 0 -c 'echo "$PROTO $TCPREMOTEIP $TCPREMOTEPORT $TCPLOCALIP $TCPLOCALPORT $SOCKT_PEER_ADDR $SOCKT_PEER_PORT $SOCKT_LOCAL_ADDR $SOCKT_LOCAL_PORT"' || fail "-c env starts"
run 5 "$SOCKT" connect -v 127.0.0.1 "$SPORT" </dev/null
set -- $out
is "PROTO=TCP" "$1" TCP
is "TCPREMOTEIP is the IPv4 peer, not ::ffff:" "$2" 127.0.0.1
is "TCPLOCALIP" "$4" 127.0.0.1
is "TCPLOCALPORT is the server's port" "$5" "$SPORT"
is "SOCKT_PEER_ADDR = TCPREMOTEIP" "$6" "$2"
is "SOCKT_PEER_PORT = TCPREMOTEPORT" "$7" "$3"
is "SOCKT_LOCAL_ADDR = TCPLOCALIP" "$8" "$4"
is "SOCKT_LOCAL_PORT = TCPLOCALPORT" "$9" "$5"
like "TCPREMOTEPORT is a port number, the client's" "$3:$5" "[1-9]*[0-9]:$SPORT"
check "TCPREMOTEPORT is not the server's" [ "$3" != "$SPORT" ]
if have_ipv6; then
	run 5 "$SOCKT" connect ::1 "$SPORT" </dev/null
	set -- $out
	is "over IPv6 the peer is ::1" "$2 $4" "::1 ::1"
else
	skip "over IPv6 the peer is ::1" "no IPv6 loopback"
fi

# EOF through exec: 1 MiB in, half-close, the program's checksum back
head -c 1048576 /dev/urandom >"$T/mib"
server 20 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'cksum' || fail "-c cksum starts"
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/mib"
is "EOF reaches the program and its output the client" "$(echo $out)" "$(cksum <"$T/mib")"

# -i applies in the children: an idle client is cut off (--no-shutdown:
# -d alone half-closes, and cat would end at that end of file)
server 20 "$SOCKT" listen -k -v -i 0.5 127.0.0.1 0 -e cat || fail "-i -e cat starts"
timed 10 sh -c "printf 'x\n' | \"\$SOCKT\" connect -d --no-shutdown 127.0.0.1 $SPORT"
el1=$el
timed 10 "$SOCKT" connect -d --no-shutdown 127.0.0.1 "$SPORT"
check "-i: an idle client is closed (took $el1 and $el ms)" \
    within 900 4500 $((el1 + el))
run 10 sh -c "printf 'hi\n' | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
is "-i: data still flows through the relay" "$out" "hi"
run 10 sh -c "\"\$SOCKT\" connect 127.0.0.1 $SPORT <\"$T/mib\" | cksum"
is "-i: 1 MiB echoed whole through the relay" "$out" "$(cksum <"$T/mib")"
kill "$(server_pid)"
wait "$SPID" 2>/dev/null

# behind the -i relay: the peer in the environment without -v, no
# deadlock when the program writes before it reads, and SIGTERM ends it
# (no -v here, which is the point: take a free port, then wait for the
# server with bounded connect -z probes)
port=$(freeport) || fail "free port"
bg 20 "$SOCKT" listen -k -i 5 127.0.0.1 "$port" -c 'echo "$TCPREMOTEIP $$"; exec cat'
LPID=$BGPID
SPID=$BGPID
SPORT=$port
wait_until 5 "$SOCKT" connect -z -w 1 127.0.0.1 "$port" 2>/dev/null
mkfifo "$T/keep"
exec 6<>"$T/keep"
BGIN=$T/keep BGOUT=$T/relayout bg 20 "$SOCKT" connect 127.0.0.1 "$SPORT"
cpid=$BGPID
wait_until 4 test -s "$T/relayout"
set -- $(head -n 1 "$T/relayout")
is "-i: the program sees the peer address without -v" "${1:-}" 127.0.0.1
prog=${2:-}
kill "$LPID"
wait "$SPID" 2>/dev/null
if [ -n "$prog" ] && wait_gone "$prog" 5; then
	pass "-i: SIGTERM to the server ends the program behind the relay"
else
	fail "-i: SIGTERM to the server ends the program behind the relay" "pid $prog alive"
	kill "$prog" 2>/dev/null
fi
exec 6>&-
wait "$cpid" 2>/dev/null
head -c 3000000 /dev/zero >"$T/3m"
server 20 "$SOCKT" listen -k -v -i 3 127.0.0.1 0 -c 'head -c 3000000 /dev/zero; cat >/dev/null' || fail "-i write-first starts"
run 10 sh -c '"$1" connect 127.0.0.1 "$2" <"$3" | wc -c' sh "$SOCKT" "$SPORT" "$T/3m"
is "-i: a program that writes before it reads does not deadlock" "$(echo $out)" 3000000
kill "$(server_pid)"
wait "$SPID" 2>/dev/null

# the program's stderr stays the server's unless --stderr
server 20 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'echo out; echo err >&2' || fail "stderr test starts"
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
is "a program's stderr does not reach the client" "$out" "out"
kill "$(server_pid)"
wait "$SPID" 2>/dev/null
# the log is copied from the server's stderr in the background: give the
# copy a moment (bounded) to catch up before reading it
wait_until 5 grep -q err "$SLOG"
like "a program's stderr goes to the server's stderr" "$(cat "$SLOG")" "*err*"
server 20 "$SOCKT" listen -k -v --stderr 127.0.0.1 0 -c 'echo out; echo err >&2' || fail "--stderr starts"
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
is "--stderr: the program's stderr reaches the client" "$out" "out
err"
kill "$(server_pid)"
wait "$SPID" 2>/dev/null

# -i with a program that answers and exits without reading: its answer
# still reaches a client that is busy sending 1 MiB
server 20 "$SOCKT" listen -k -v -i 5 127.0.0.1 0 -c 'echo early; exit 0' || fail "-i early exit starts"
run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/mib"
is "-i: a program that exits early still gets its answer out" "$out" "early"
kill "$(server_pid)"
wait "$SPID" 2>/dev/null

# -m 4 with 20 concurrent slow clients.  Each program appends "+" to a
# log as it starts and "-" as it ends (O_APPEND writes of a line do not
# interleave), so the log orders every start and end; a program logs
# after it starts and before it ends, so the count the log shows running
# is never more than the server's children, and a server that ignored -m
# would show up to 20.  A program holds its slot 1 s: with 0.3 s the 20
# clients, started one by one on a loaded machine (tests/run -j 3 beside
# other work), had at most 3 at once, and "the limit was reached" failed.
server 60 "$SOCKT" listen -k -v -m 4 127.0.0.1 0 -c "echo + >>'$T/live'; read l; sleep 1; echo \"got \$l\"; echo - >>'$T/live'" || fail "-m 4 starts"
LPID=$(server_pid)
i=0
cpids=
while [ $i -lt 20 ]; do
	BGOUT="$T/m$i" bg 30 sh -c "echo c$i | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
	cpids="$cpids $BGPID"
	i=$((i + 1))
done
for p in $cpids; do wait "$p"; done
wait_nkids "$LPID" 0 5
max=$(awk '$0 == "+" { n++ } $0 == "-" { n-- } n > m { m = n } END { print m + 0 }' "$T/live")
is "-m 4: every program started and ended once" \
    "$(grep -c '^+$' "$T/live") $(grep -c '^-$' "$T/live")" "20 20"
check "-m 4: never more than 4 programs running (max $max)" [ "$max" -le 4 ]
is "-m 4: the limit was reached" "$max" 4
served=0
i=0
while [ $i -lt 20 ]; do
	[ "$(cat "$T/m$i")" = "got c$i" ] && served=$((served + 1))
	i=$((i + 1))
done
is "-m 4: all 20 clients served" "$served" 20

# allow/deny by CIDR (a dual-stack listener sees IPv4 peers as ::ffff:)
# WANT "" means refused: not just no output (a server that died or hung
# gives none either) but a connection closed at once (exit 0), the
# refusal logged for that peer, and the server still up for the next
acl() {	# DESC SRC DST WANT server-options...
	_d=$1 _s=$2 _a=$3 _w=$4
	shift 4
	server 20 "$SOCKT" listen -k -v "$@" 0 -c 'echo served' || { fail "$_d: starts"; return; }
	run 5 "$SOCKT" connect -s "$_s" "$_a" "$SPORT" </dev/null
	if [ -n "$_w" ]; then
		is "$_d" "$out" "$_w"
	else
		_got="exit $rc, output '$out'"
		if wait_until 5 grep -q "connection from $_s port [0-9]* refused by the access list" "$SLOG"; then
			_got="$_got, logged"
		else
			_got="$_got, not logged"
		fi
		alive "$SPID" && _got="$_got, server up" || _got="$_got, server gone"
		is "$_d" "$_got" "exit 0, output '', logged, server up"
	fi
	kill "$(server_pid)" 2>/dev/null
	wait_status "$SPID"
}
acl "--allow 127.0.0.2: 127.0.0.2 served" 127.0.0.2 127.0.0.1 served --allow 127.0.0.2
acl "--allow 127.0.0.2: 127.0.0.1 refused" 127.0.0.1 127.0.0.1 "" --allow 127.0.0.2
acl "--allow 127.0.0.0/8: 127.0.0.9 served" 127.0.0.9 127.0.0.1 served --allow 127.0.0.0/8
acl "--deny 127.0.0.0/30: 127.0.0.2 refused" 127.0.0.2 127.0.0.1 "" --deny 127.0.0.0/30
acl "--deny 127.0.0.0/30: 127.0.0.4 served" 127.0.0.4 127.0.0.1 served --deny 127.0.0.0/30
acl "deny wins over allow" 127.0.0.1 127.0.0.1 "" --allow 127.0.0.0/8 --deny 127.0.0.1
acl "--allow ::ffff:127.0.0.0/104 is IPv4 127/8" 127.0.0.3 127.0.0.1 served --allow ::ffff:127.0.0.0/104
like "a refused peer is logged with -v" "$(cat "$T"/server*.log)" "*connection from 127.0.0.1 port * refused by the access list*"
if have_ipv6; then
	acl "--deny ::1: ::1 refused" ::1 ::1 "" --deny ::1
	acl "--deny ::1: 127.0.0.1 served" 127.0.0.1 127.0.0.1 served --deny ::1
	acl "--allow ::/0 without IPv4 blocks: IPv4 is mapped, served" 127.0.0.1 127.0.0.1 served --allow ::/0
	acl "--allow ::1/128: 127.0.0.1 refused" 127.0.0.1 127.0.0.1 "" --allow ::1/128
	acl "--allow ::1/128: ::1 served" ::1 ::1 served --allow ::1/128
else
	for d in 1 2 3 4 5; do skip "IPv6 access list $d" "no IPv6 loopback"; done
fi

# without a program: every client's data to stdout
SOUT="$T/collected" server 20 "$SOCKT" listen -k -v 127.0.0.1 0 || fail "collector starts"
LPID=$(server_pid)
echo one | "$SOCKT" connect 127.0.0.1 "$SPORT" >/dev/null
echo two | "$SOCKT" connect 127.0.0.1 "$SPORT" >/dev/null
wait_nkids "$LPID" 0 5
is "-k without a program collects each client's data on stdout" "$(cat "$T/collected")" "one
two"

# -e without -k: one connection, then exit with it
server 20 "$SOCKT" listen -v 127.0.0.1 0 -e cat || fail "-e without -k starts"
run 5 sh -c "echo once | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
is "-e without -k serves a connection" "$out" once
wait_status "$SPID"
is "... and then exits 0" "$rc" 0

# SIGTERM ends the children and exits 0
server 20 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'sleep 30' || fail "sleepy server starts"
LPID=$(server_pid)
bg 10 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
wait_until 5 has_nkids "$LPID" 1
child=$(children_of "$LPID" | head -n 1)
check "a program runs for the client" alive "$child"
kill -TERM "$LPID"
wait_status "$SPID"
is "SIGTERM: exit 0" "$rc" 0
# wait_gone fails for an empty PID: no program found is no program gone
check "SIGTERM: the program is gone" wait_gone "$child" 3

# one-connection listen -w: refused peers do not restart the clock
if server 10 "$SOCKT" listen -v -w 1 --allow 127.0.0.2 127.0.0.1 0; then
	t0=$(now_ms)
	i=0
	while kill -0 "$SPID" 2>/dev/null && [ $i -lt 40 ]; do
		"$SOCKT" connect -w 1 127.0.0.1 "$SPORT" </dev/null >/dev/null 2>&1
		i=$((i + 1))
		sleep 0.1	# a refused peer every 0.1 s, bounded to 40
	done
	wait_status "$SPID"
	el=$(( $(now_ms) - t0 ))
	if [ "$rc" = 1 ] && within 500 2500 "$el"; then
		pass "listen -w 1 ends on time despite refused peers (${el} ms)"
	else
		fail "listen -w 1 ends on time despite refused peers" "rc $rc after ${el} ms"
	fi
fi

# one connection with a program: listen exits with the program's status
if server 10 "$SOCKT" listen -v 127.0.0.1 0 -c 'echo bye; exit 3'; then
	run 10 "$SOCKT" connect 127.0.0.1 "$SPORT" </dev/null
	wait_status "$SPID"
	is "-c without -k: the client gets the output" "$out" "bye"
	is "-c without -k: listen exits with the program's status" "$rc" 3
fi

done_testing
