#!/bin/sh
# Options every command shares: -4 with -6 is a usage error, a usage
# error prints one line and where to read more (not the synopsis, not
# the help on every option), -h prints that help, and udp-send's "do not
# wait" has a spelling of its own (-N, --no-wait), -n its old one.
. "$(dirname "$0")/lib.sh"

# -4 -6: a usage error naming both, in each command that takes them.
# The operands would fail at once anyway (127.0.0.1 has no IPv6 address).
while IFS='|' read -r cmd args; do
	[ -n "$cmd" ] || continue
	for fam in "-4 -6" "-6 -4"; do
		# shellcheck disable=SC2086
		run 5 "$SOCKT" "$cmd" $fam $args
		first=$(printf '%s\n' "$err" | head -n 1)
		is "$cmd $fam: usage error" "$rc:$first" \
		    "2:sockt $cmd: -4 and -6 exclude each other"
	done
done <<'CMDS'
connect|127.0.0.1 9
listen|-w 0.1 127.0.0.1 0
serve-hello|127.0.0.1 0
udp-send|127.0.0.1 9 hi
udp-serve|-c 1 127.0.0.1 0
portscan|-p 9 127.0.0.1
CMDS

# A bad value: the message and the try line, two lines in all, as curl
# and git say it (issue 49: the synopsis under it pushed the one line
# that matters off a small terminal); nothing of the synopsis or the
# per-option help.
while IFS='|' read -r cmd args; do
	[ -n "$cmd" ] || continue
	# shellcheck disable=SC2086
	run 5 "$SOCKT" "$cmd" $args
	n=$(printf '%s\n' "$err" | wc -l | tr -d ' ')
	last=$(printf '%s\n' "$err" | tail -n 1)
	if [ "$rc" = 2 ] && [ "$n" -eq 2 ] && [ "$last" = \
	    "sockt $cmd: try 'sockt help $cmd' for more information" ]; then
		pass "sockt $cmd $args: 2 lines, ending with the try line"
	else
		fail "sockt $cmd $args: a one-line usage error" "rc $rc, $n lines" "$err"
	fi
	case $err in
	*"usage: sockt"*) fail "sockt $cmd $args: no synopsis" "$err" ;;
	*) pass "sockt $cmd $args: no synopsis" ;;
	esac
done <<'CMDS'
http-get|-m x http://127.0.0.1/
connect|-w x 127.0.0.1 9
connect|-u --tls --mtu 100 h p
listen|-m x -k 0
serve-hello|--gap x 0
udp-send|-w x 127.0.0.1 9
udp-serve|-c x 0
portscan|--rate x 127.0.0.1
CMDS

# The try line is true: help says more than the synopsis, a line for
# each option, and -h says the same.
for cmd in connect http-get listen portscan serve-hello udp-send udp-serve; do
	run 5 "$SOCKT" help "$cmd"
	help_out=$out
	like "sockt help $cmd: the synopsis" "$out" "usage: sockt $cmd *"
	check "sockt help $cmd: a line on each option" \
	    sh -c 'printf "%s\n" "$1" | grep -q "^  -"' sh "$out"
	run 5 "$SOCKT" "$cmd" -h
	is "sockt $cmd -h is sockt help $cmd" "$rc:$out" "0:$help_out"
done

# udp-send: -N and --no-wait send without waiting; -n still does, and
# says it is deprecated.  An echo server would answer; nothing is read.
if server 20 "$SOCKT" udp-serve -v --echo 127.0.0.1 0; then
	for o in -N --no-wait; do
		timed 5 "$SOCKT" udp-send -w 3 $o 127.0.0.1 "$SPORT" ping
		is "udp-send $o: no reply printed, no message, exit 0" \
		    "$rc:$out:$err" "0::"
		check "udp-send $o: did not wait for -w 3 ($el ms)" \
		    within 0 2500 "$el"
	done
	timed 5 "$SOCKT" udp-send -w 3 -n 127.0.0.1 "$SPORT" ping
	is "udp-send -n: still no wait, exit 0" "$rc:$out" "0:"
	is "udp-send -n: one line says it is deprecated" "$err" \
	    "sockt udp-send: -n is deprecated; use --no-wait"
	check "udp-send -n: did not wait for -w 3 ($el ms)" within 0 2500 "$el"
	run 5 "$SOCKT" udp-send 127.0.0.1 "$SPORT" ping
	is "udp-send without them still waits for the echo" "$rc:$out" "0:ping"
	kill "$SPID"
	wait "$SPID" 2>/dev/null
fi
run 5 "$SOCKT" help udp-send
like "udp-send help names --no-wait" "$out" "*-N, --no-wait*"

done_testing
