#!/bin/sh
# Modes that cannot go together (issue 55 item 5): every pair of listen's
# modes and of connect's that the option table's OPT_EXCLUDES rows refuse
# is a usage error, exit 2, one line naming what clashes, then the try
# line; none is run as one of the two (listen --broker --chat ran as
# chat).  No operand here would listen or dial: a usage error comes
# first, and the watchdog turns a mode that runs into a failure.
. "$(dirname "$0")/lib.sh"

# listen's modes: the relay to stdin (none of these), -k's collector,
# -c and -e (a program), --to and --to-unix (a forwarder), --broker,
# --chat, --serve-proxy, -u (one UDP peer), --ws and --to ws:// (a
# WebSocket side).  Each line: a refused pair, then a word its message
# holds.
while IFS='|' read -r a b word; do
	[ -n "$a" ] || continue
	# shellcheck disable=SC2086
	run 5 "$SOCKT" listen 127.0.0.1 0 $a $b
	n=$(printf '%s\n' "$err" | wc -l | tr -d ' ')
	first=$(printf '%s\n' "$err" | head -n 1)
	case $rc:$n:$first in
	"2:2:sockt listen: "*"$word"*)
		pass "listen $a $b: refused in one line" ;;
	*)	fail "listen $a $b: refused in one line" "rc $rc, $n lines" \
		    "$err" ;;
	esac
done <<'PAIRS'
-c true|-e /bin/true|exclude each other
-c true|--to 127.0.0.1:9|--to
--to 127.0.0.1:9|-e /bin/true|--to
-c true|--to-unix /nonexistent|--to-unix
--to 127.0.0.1:9|--to-unix /nonexistent|exclude each other
--broker|--chat|--broker, --chat and --serve-proxy exclude
--broker|--serve-proxy http|--broker, --chat and --serve-proxy exclude
--chat|--serve-proxy socks5|--broker, --chat and --serve-proxy exclude
--broker|-c true|--broker
--chat|-e /bin/true|--broker
--broker|--to 127.0.0.1:9|--broker
--chat|--to-unix /nonexistent|--broker
--serve-proxy http|-c true|--serve-proxy
--serve-proxy http|-e /bin/true|--serve-proxy
--serve-proxy socks5|--to 127.0.0.1:9|--serve-proxy
--serve-proxy socks5|--to-unix /nonexistent|--serve-proxy
-u|-k|-u relays one peer
-u|-c true|-u
-u|-e /bin/true|-u
-u|--to 127.0.0.1:9|-u
-u|--to-unix /nonexistent|-u
-u|--broker|-u
-u|--chat|-u
-u|--serve-proxy http|-u
-u|--ws|-u
--ws|--serve-proxy http|--ws
--ws|--to ws://127.0.0.1:9/|--ws and --to ws://
PAIRS

# connect's modes: the relay (none of these), -z (a check), -c and -e (a
# program), -u (UDP), -U (a UNIX socket), a ws:// URL (WebSocket).
while IFS='|' read -r a b ops word; do
	[ -n "$a" ] || continue
	# shellcheck disable=SC2086
	run 5 "$SOCKT" connect $ops $a $b
	n=$(printf '%s\n' "$err" | wc -l | tr -d ' ')
	first=$(printf '%s\n' "$err" | head -n 1)
	case $rc:$n:$first in
	"2:2:sockt connect: "*"$word"*)
		pass "connect $a $b: refused in one line" ;;
	*)	fail "connect $a $b: refused in one line" "rc $rc, $n lines" \
		    "$err" ;;
	esac
done <<'PAIRS'
-z|-c true|127.0.0.1 9|-z
-z|-e /bin/true|127.0.0.1 9|-z
-c true|-e /bin/true|127.0.0.1 9|exclude each other
-z|-v|ws://127.0.0.1:9/|-z does not go with a WebSocket URL
-u|-U|/nonexistent|-U does not go with -u
-u|-v|ws://127.0.0.1:9/|-u
-c true|-v|ws://127.0.0.1:9/|-c does not go with a WebSocket URL
--tls|--starttls smtp|127.0.0.1 9|exclude each other
PAIRS

done_testing
