#!/bin/sh
# t2068: Happy Eyeballs (RFC 8305) in http-get's engine, in every mode
# (issue 29).  In a network namespace of its own, with /etc/hosts bound
# over so that he.sockt.test is ::1 and 127.0.0.1, and ip6tables dropping
# every SYN to ::1, nginx on 127.0.0.1 answers: IPv6 is tried first (the
# drop rule counts its SYNs), IPv4 250 ms later wins, and two URLs finish
# in well under a second, one at a time, with -Z and with --pipeline 4,
# where without Happy Eyeballs the connect would wait out --connect-timeout 5.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nginx.sh"

if [ -z "${T2068_INSIDE:-}" ]; then
	if [ "$(id -u)" != 0 ] || ! have unshare || ! have ip ||
	    ! have ip6tables || ! have nginx || ! have python3 ||
	    ! unshare -n -m true 2>/dev/null; then
		skip "Happy Eyeballs in every mode" \
		    "needs root, unshare, ip6tables, nginx and python3"
		done_testing
		exit 0
	fi
	rm -rf "$T"
	# the rest of this script, in a network and mount namespace of its own
	T2068_INSIDE=1 exec unshare -n -m sh "$0"
fi

ip link set lo up || { fail "lo up"; done_testing; exit; }
if ! ip6tables -A INPUT -p tcp -d ::1 --syn -j DROP 2>"$T/err"; then
	skip "Happy Eyeballs in every mode" "ip6tables: $(cat "$T/err")"
	done_testing
	exit 0
fi
printf '::1 he.sockt.test\n127.0.0.1 he.sockt.test\n' >"$T/hosts"
if ! mount --bind "$T/hosts" /etc/hosts 2>"$T/err"; then
	skip "Happy Eyeballs in every mode" "mount: $(cat "$T/err")"
	done_testing
	exit 0
fi
mkdir "$T/www"
echo one >"$T/www/a"
echo two >"$T/www/b"
if ! nginx_start "$T/www"; then
	skip "Happy Eyeballs in every mode" "nginx did not start"
	done_testing
	exit 0
fi
U=http://he.sockt.test:$NGPORT
is "the name is ::1 first" "$(python3 -c 'import socket, sys
print(" ".join(a[4][0] for a in socket.getaddrinfo(sys.argv[1], 80, 0,
    socket.SOCK_STREAM)))' he.sockt.test)" "::1 127.0.0.1"

# dropped: the SYNs the rule has counted
dropped() {
	ip6tables -L INPUT -v -n -x | awk '$3 == "DROP" { print $1 }'
}

for mode in "" "-Z" "--pipeline 4"; do
	d0=$(dropped)
	# shellcheck disable=SC2086
	timed 20 "$SOCKT" http-get -v --connect-timeout 5 $mode "$U/a" "$U/b"
	name=${mode:-one at a time}
	is "$name: both bodies, exit 0" "$rc:$out" "0:one
two"
	like "$name: connected over IPv4" "$err" \
	    "*connected to 127.0.0.1 port $NGPORT*"
	check "$name: IPv6 was tried first ($d0 SYNs dropped before, \
$(dropped) after)" test "$(dropped)" -gt "$d0"
	# 250 ms of Happy Eyeballs; a dial that waited for IPv6 would take -w
	check "$name: well under a second ($el ms)" within 250 990 "$el"
done

# --write-out's time_connect says the same of each transfer
run 20 "$SOCKT" http-get --connect-timeout 5 -sS -o /dev/null -o /dev/null \
    --write-out '%{time_connect}\n' "$U/a" "$U/b"
first=$(head -n 1 "$T/out")
check "time_connect of the first: 0.25 s to 0.99 s ($first)" awk -v t="$first" \
    'BEGIN { exit !(t >= 0.25 && t < 0.99) }'

done_testing
