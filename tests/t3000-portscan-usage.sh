#!/bin/sh
# portscan: bad command lines exit 2 with a message that says what is wrong
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"

bad() {	# bad DESC PATTERN ARGS...
	_d=$1 _p=$2
	shift 2
	run 10 "$SOCKT" portscan "$@"
	if [ "$rc" -eq 2 ]; then pass "$_d: exit 2"; else
		fail "$_d: exit 2" "got $rc" "$err"; fi
	like "$_d: message" "$err" "$_p"
}

bad "range 1-" "*port range 1-: missing end*" -p 1- 127.0.0.1
bad "range 5-2" "*port range 5-2: start is after end*" -p 5-2 127.0.0.1
bad "port 0" "*port 0: out of range (1-65535)*" -p 0 127.0.0.1
bad "port 65536" "*port 65536: out of range (1-65535)*" -p 65536 127.0.0.1
bad "range a-b" "*port a-b: not a port number, range or known service*" \
    -p a-b 127.0.0.1
bad "empty element" "*empty element*" -p 80,,81 127.0.0.1
bad "unknown service" "*port nosuchservice: unknown service*" \
    -p nosuchservice 127.0.0.1
bad "bad CIDR prefix" \
    "*target 127.0.0.0/33: prefix length out of range (0-32)*" \
    -p 80 127.0.0.0/33
# a /8 is no longer refused for its size alone: two ports of one are,
# without --yes (loopback, so that nothing leaves even if it were not)
bad "CIDR too big for two ports" \
    "*33554432 probes, more than 16777216:*add --yes to scan anyway*" \
    -p 80,81 127.0.0.0/8
bad "bad address" "*host 256.1.2.3: invalid IPv4 address*" -p 80 256.1.2.3
bad "a port given as a target" "*target 80: not an address (ports go after -p)*" \
    127.0.0.1 80
bad "shard 3/2" "*shard 3/2: shard 3 of 2 does not exist*" \
    --shard 3/2 -p 80 127.0.0.1
bad "shard 0/2" "*shard 0/2: expected I/N*" --shard 0/2 -p 80 127.0.0.1
bad "shard junk" "*shard x: expected I/N*" --shard x -p 80 127.0.0.1
bad "missing target" "*missing target*" -p 80
bad "-g with -j" "*-g and -j exclude each other*" -g -j 127.0.0.1
bad "bad timeout" "*timeout abc: not a number*" -w abc 127.0.0.1
bad "zero timeout" "*timeout 0: must be more than 0*" -w 0 127.0.0.1
bad "bad window" "*connections 0: too small*" -c 0 127.0.0.1
bad "bad retries" "*retries -1: too small*" --retries -1 127.0.0.1
bad "bad rate" "*rate 0: too small*" --rate 0 127.0.0.1
bad "-T6" "*-T 6: not one of 0 1 2 3 4 5 paranoid sneaky*" -T6 127.0.0.1
bad "-T fast" "*-T fast: not one of*" -T fast 127.0.0.1
bad "--udp-closed without -u" "*--udp-closed needs -u*" --udp-closed \
    127.0.0.1
bad "unknown option" "*unknown option -Z*" -Z 127.0.0.1
like "the try line after the error, no synopsis" "$err" \
    "*unknown option -Z
sockt portscan: try 'sockt help portscan' for more information"

# nmap's timing levels, as digits and words: -T4, -T insane
run 10 "$SOCKT" portscan -g -a -T4 -p 1 127.0.0.1
like "-T4 is taken: port 1 closed" "$out" "127.0.0.1 1 closed *"
run 10 "$SOCKT" portscan -g -a -T insane -p 1 127.0.0.1
like "-T insane is taken" "$out" "127.0.0.1 1 closed *"

run 10 "$SOCKT" portscan -h
is "-h exits 0" "$rc" 0
like "-h prints the usage on stdout" "$out" "usage: sockt portscan*target*"
run 10 "$SOCKT" --help
like "listed in sockt --help" "$out" "*portscan*"

run 10 "$SOCKT" portscan -n -p 80 no-such-host.invalid
is "-n refuses a name: exit 1" "$rc" 1
like "-n refuses a name: message" "$err" "*no-such-host.invalid*numeric*"

# a source address the host lacks (TEST-NET-1): bind() fails before any
# packet, and the message names that step, not connect
run 10 "$SOCKT" portscan -s 192.0.2.1 -p 1 127.0.0.1
is "-s with an address the host lacks: exit 1" "$rc" 1
like "... naming the source address" "$err" \
    "sockt portscan: source 192.0.2.1: ?*"

done_testing
