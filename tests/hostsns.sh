# tests/hostsns.sh: other hosts on one machine, for the servers' safe
# defaults (issue 60), sourced after tests/lib.sh.
#
# A server's defaults treat a loopback peer (127/8, ::1) as this host,
# exempt, and every other peer as a stranger.  To show both sides over
# loopback alone, a script runs itself again in a network namespace of its
# own where a TUN device, sk0, holds addresses that are not loopback:
#
#   hosts_ns "$0" "$@"      at the top of a script, after lib.sh: the
#                           first time, re-runs the script in such a
#                           namespace (unshare -n) and exits with its
#                           status; inside it (or when it cannot be made)
#                           returns, with HOSTS_NS=1 inside, else empty
#                           and the reason in HOSTS_WHY
#   HOST_A HOST_B           198.18.0.9 and 198.18.0.10 (IPv4)
#   HOST_A6 HOST_B6         2001:db8::9 and 2001:db8::10 (IPv6)
#
# A server bound to HOST_B (or to a wildcard) and a client bound to HOST_A
# (connect -s, a Python socket's bind) see each other as two hosts, while
# every packet stays in the namespace: TUN addresses are local, so their
# traffic goes over the namespace's own lo, and nothing reads sk0.  They
# are benchmarking addresses (RFC 2544, RFC 3849), and the namespace has
# no other device and no route out.  A destination that is another host
# as a proxy sees it takes a second namespace: tests/pathemu.sh's.

HOST_A=198.18.0.9
HOST_B=198.18.0.10
HOST_A6=2001:db8::9
HOST_B6=2001:db8::10

hosts_ns() {
	_hn_script=$1
	shift
	HOSTS_WHY=
	if [ "${SK_HOSTS_NS:-}" = 1 ]; then
		# inside: the namespace must be ours (lo and sk0 alone)
		if [ "$(ip -o link show 2>/dev/null |
		    grep -vc ': lo:\|: sk0:')" = 0 ] &&
		    ip -o addr show dev sk0 2>/dev/null | grep -q "$HOST_B"; then
			HOSTS_NS=1
		else
			HOSTS_NS=
			HOSTS_WHY="the namespace was not set up"
		fi
		return 0
	fi
	HOSTS_NS=
	if [ "$(id -u)" != 0 ]; then
		HOSTS_WHY="not root"
	elif [ ! -c /dev/net/tun ]; then
		HOSTS_WHY="no /dev/net/tun"
	elif ! have unshare || ! have ip; then
		HOSTS_WHY="no unshare or ip"
	elif ! unshare -n true 2>/dev/null; then
		HOSTS_WHY="cannot make a network namespace"
	fi
	[ -z "$HOSTS_WHY" ] || return 0
	# the set-up, then the script again, in one new namespace (a set-up
	# that failed is found there, and its checks skip saying so); this
	# shell's temporary directory goes first, as exec skips its cleanup
	rm -rf "$T"
	SK_HOSTS_NS=1 exec unshare -n sh -c '
		{ ip link set lo up &&
		ip tuntap add dev sk0 mode tun &&
		ip addr add '"$HOST_A"'/32 dev sk0 &&
		ip addr add '"$HOST_B"'/32 dev sk0 &&
		ip -6 addr add '"$HOST_A6"'/128 dev sk0 nodad &&
		ip -6 addr add '"$HOST_B6"'/128 dev sk0 nodad &&
		ip link set sk0 up; } >&2
		script=$1
		shift
		exec sh "$script" "$@"' sh "$_hn_script" "$@"
}
