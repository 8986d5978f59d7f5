#!/bin/sh
# portscan's output at a terminal (issue 62, item 3): each host's ports
# together and in port order, as nmap prints a host, in every format (a
# person reads a terminal, -g and -j too); on a pipe every format streams
# in answer order, for a program that reads the results as they come.
# In a namespace of our own, ports 20-25 of 127.0.0.1 and 127.0.0.2 are
# closed but 22, whose SYNs iptables drops: its "filtered" comes last,
# after its timeout.  Stdout on a pseudo-terminal by tests/tty_out.py.
# And --up's table says in its header what its columns counted:
# discovery's answers, or the states of -p's ports.
# Needs root, unshare -n, iptables and python3; skips otherwise.
# watchdog: 90
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (its firewall is the namespace's)
. "$(dirname "$0")/lib.sh"
TTY="python3 $(dirname "$0")/tty_out.py"

names() {
	echo "a pipe: answer order, 22 last"
	echo "terminal table: each host's ports together in port order"
	echo "terminal -g: each host's ports together in port order"
	echo "terminal -j: each host's ports together in port order"
	echo "terminal -j: the summary last"
	echo "--up: the header says it counted discovery's answers"
	echo "--up -p: the header says it counted the ports' states"
}
if [ "${SK_T3_NS:-}" != 1 ] || ! own_netns ||
    ! ip link set lo up 2>/dev/null || ! have iptables || ! have python3 ||
    ! iptables -A INPUT -p tcp --syn --dport 22 -j DROP 2>/dev/null; then
	while IFS= read -r d; do
		skip "$d" "needs root, unshare -n, iptables and python3"
	done <<-EOF
	$(names)
	EOF
	done_testing
	exit 0
fi

# ports: each host's ports as printed, "host:port" a line
ports() { awk '$1 ~ /^127/ { print $1 ":" $2 }' "$1" | tr '\n' ' '; }
jports() {
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o.get("type") != "summary":
        print("%s:%s" % (o["host"], o["port"]), end=" ")
    else:
        print("summary", end=" ")
' "$1"
}
ONE="127.0.0.1:20 127.0.0.1:21 127.0.0.1:22 127.0.0.1:23 127.0.0.1:24 127.0.0.1:25 "
TWO=$(echo "$ONE" | sed 's/127.0.0.1/127.0.0.2/g')
# either host may end first: each whole and in port order
inorder() { [ "$1" = "$ONE$TWO" ] || [ "$1" = "$TWO$ONE" ]; }

run 30 "$SOCKT" portscan -Pn -a -g -w 0.3 --retries 1 -p 20-25 127.0.0.1
like "a pipe: answer order, 22 last" "$(ports /dev/stdin <<EOF
$out
EOF
)" "127.0.0.1:2[0-5] *127.0.0.1:22 "

run 30 $TTY "$T/t" "$SOCKT" portscan -Pn -a -w 0.3 --retries 1 -p 20-25 \
    127.0.0.1 127.0.0.2
check "terminal table: each host's ports together in port order" \
    inorder "$(ports "$T/t")"
run 30 $TTY "$T/g" "$SOCKT" portscan -Pn -a -g -w 0.3 --retries 1 \
    -p 20-25 127.0.0.1 127.0.0.2
check "terminal -g: each host's ports together in port order" \
    inorder "$(ports "$T/g")"
run 30 $TTY "$T/j" "$SOCKT" portscan -Pn -a -j -w 0.3 --retries 1 \
    -p 20-25 127.0.0.1 127.0.0.2
j=$(jports "$T/j")
check "terminal -j: each host's ports together in port order" \
    inorder "${j% summary } "
like "terminal -j: the summary last" "$j" "127.0.0.*:25 summary "

run 30 "$SOCKT" portscan --up 127.0.0.1 127.0.0.2
like "--up: the header says it counted discovery's answers" "$out" \
    "HOST *STATE *REPLY *RESET *NO-REPLY *(answers to discovery's TCP probes)*"
run 30 "$SOCKT" portscan --up -p 22,80 127.0.0.1 127.0.0.2
like "--up -p: the header says it counted the ports' states" "$out" \
    "HOST *STATE *OPEN *CLOSED *FILTERED *(states of the ports probed)*"

done_testing
