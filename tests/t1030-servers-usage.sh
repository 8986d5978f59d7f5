#!/bin/sh
# Bad command lines for the server and UDP commands: exit 2, one message
# naming what is wrong, then the usage.
. "$(dirname "$0")/lib.sh"

# bad WANT-FIRST-LINE ARGS...
bad() {
	_w=$1
	shift
	run 5 "$SOCKT" "$@"
	_first=$(printf '%s\n' "$err" | head -n 1)
	if [ "$rc" = 2 ] && [ "$_first" = "$_w" ] &&
	    printf '%s\n' "$err" | grep -q "try 'sockt help "; then
		pass "sockt $*: exit 2, message"
	else
		fail "sockt $*: exit 2, message" "rc $rc" "got:  $_first" "want: $_w"
	fi
}

bad "sockt listen: --allow 10.0.0.0/33: prefix length out of range (0-32)" listen -k --allow 10.0.0.0/33 0
bad "sockt listen: --deny localhost: not an IPv4 or IPv6 address" listen -k --deny localhost 0
bad "sockt listen: --allow ::/129: prefix length out of range (0-128)" listen -k --allow ::/129 0
bad "sockt listen: --deny 10.0.0.0/x: prefix length is not a number" listen --deny 10.0.0.0/x 0
bad "sockt listen: option --allow needs an argument" listen -k 0 --allow
bad "sockt listen: max children 0: too small (1-100000)" listen -k -m 0 0
bad "sockt listen: max children lots: not a number (1-100000)" listen -k -m lots 0
bad "sockt listen: -m needs -k" listen -m 3 0
bad "sockt listen: option -e needs an argument" listen -k 0 -e
bad "sockt listen: option -c needs an argument" listen -k 0 -c
bad "sockt listen: -c: empty command" listen -k -c '' 0
bad "sockt listen: -e no-such-program-here: program not found" listen -k 0 -e no-such-program-here
bad "sockt listen: --stderr needs a program (-c or -e)" listen -k --stderr 0
bad "sockt listen: -c and -e exclude each other and go once" listen -k -c true 0 -e cat
bad "sockt listen: -C, -d, -Q, -q, -w and -x shape the relay to stdin; they do not go with -k" listen -k -q 1 0
bad "sockt listen: -C, -d, -Q, -q, -w and -x shape the relay to stdin; they do not go with -c or -e" listen -x 0 -e cat
bad "sockt listen: --allow and --deny are for IP peers; they do not go with -U" listen -k -U --allow 127.0.0.1 "$T/sock"
bad "sockt listen: missing port: -e takes the rest of the line (the program and its arguments), or alone before the port, as ncat's; give port before it: listen port -e cat" listen -k -e cat
bad "sockt listen: --max-per-peer needs -k" listen --max-per-peer 2 0 -e cat
bad "sockt listen: --max-per-peer lots: not a number (0-100000)" listen -k --max-per-peer lots 0
bad "sockt listen: --max-per-peer is for IP peers; it does not go with -U" listen -k -U --max-per-peer 2 "$T/sock"
bad "sockt serve-hello: max children 0: too small (1-100000)" serve-hello -m 0 0
bad "sockt serve-hello: idle timeout 0: must be more than 0" serve-hello -i 0 0
bad "sockt serve-hello: idle timeout soon: not a number" serve-hello -i soon 0
bad "sockt serve-hello: missing port" serve-hello
bad "sockt serve-hello: --max-per-peer -1: too small (0-100000)" serve-hello --max-per-peer -1 0
bad "sockt serve-hello: --max-per-peer 100001: too large (0-100000)" serve-hello --max-per-peer 100001 0
bad "sockt serve-hello: unknown option -k" serve-hello -k 0
bad "sockt serve-hello: port 70000: out of range (0-65535)" serve-hello 70000
bad "sockt udp-send: missing host and port" udp-send
bad "sockt udp-send: missing port" udp-send 127.0.0.1
bad "sockt udp-send: timeout x: not a number" udp-send -w x 127.0.0.1 7
bad "sockt udp-send: port 0: out of range (1-65535)" udp-send 127.0.0.1 0 hi
bad "sockt udp-serve: --hello, --echo and --print exclude each other" udp-serve --hello --echo 0
bad "sockt udp-serve: count 0: too small" udp-serve -c 0 0
bad "sockt udp-serve: unknown option --bogus" udp-serve --bogus 0
bad "sockt udp-serve: missing port" udp-serve --print

for c in serve-hello udp-send udp-serve; do
	run 5 "$SOCKT" "$c" -h
	like "sockt $c -h: usage on stdout, exit 0" "$rc:$out" "0:usage: sockt $c *"
done
run 5 "$SOCKT" listen -h
like "sockt listen -h shows the server form" "$out" "*-c command | -e prog*"

done_testing
