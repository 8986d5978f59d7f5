#!/bin/sh
# nc's, ncat's and socat's fingers (issue 55 item 6): what their users
# type is taken where its meaning is plain (listen -l, -p, -lvnp; connect
# -N; ncat's --keep-open, --sh-exec, --recv-only; connect -zv over a
# range or a list of ports, each result a line as OpenBSD nc prints it,
# beside nc when it is here), else refused in one line that names what
# to use (--send-only, --proxy-type, connect -e PROG host port, socat's
# address as a command); and -z without -v is quiet as nc's.
. "$(dirname "$0")/lib.sh"

# one_line NAME WORD: the last run was a usage error of one line (and the
# try line) holding WORD
one_line() {
	n=$(printf '%s\n' "$err" | wc -l | tr -d ' ')
	first=$(printf '%s\n' "$err" | head -n 1)
	case $rc:$n:$first in
	2:[12]:*"$2"*) pass "$1: one line naming what to use" ;;
	*) fail "$1: one line naming what to use" "rc $rc, $n lines" "$err" ;;
	esac
}

# nc's listen: -l taken, -p the port, clustered as nc users type them
for form in "-lvnp" "-lvp" "-l -v -p" "-vp"; do
	F=$("$HOLDPORT" -f)
	# shellcheck disable=SC2086
	if SOUT=$T/got server 10 "$SOCKT" listen $form "$F"; then
		run 5 sh -c 'echo "$3" | "$1" connect 127.0.0.1 "$2"' sh \
		    "$SOCKT" "$F" "$form"
		wait_status "$SPID"
		is "listen $form $F: listens on port $F, relays" \
		    "$rc:$(cat "$T/got")" "0:$form"
	fi
done
F=$("$HOLDPORT" -f)
if SOUT=$T/got server 10 "$SOCKT" listen -l -v 127.0.0.1 -p "$F"; then
	run 5 sh -c 'echo addr | "$1" connect 127.0.0.1 "$2"' sh "$SOCKT" "$F"
	wait_status "$SPID"
	is "listen -l 127.0.0.1 -p $F: the address and -p's port" \
	    "$rc:$(cat "$T/got")" "0:addr"
fi
run 5 "$SOCKT" listen 127.0.0.1 1 -p 2
one_line "listen addr port -p port" "too many operands"

# ncat's --keep-open and --sh-exec (listen), --sh-exec and --recv-only
# and nc's -N (connect)
if server 10 "$SOCKT" listen -v --keep-open 127.0.0.1 0 --sh-exec \
    'echo served'; then
	run 5 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
	a=$out
	run 5 "$SOCKT" connect --recv-only 127.0.0.1 "$SPORT"
	is "listen --keep-open --sh-exec, connect -d then --recv-only" \
	    "$a:$out" "served:served"
	run 5 "$SOCKT" connect -N --sh-exec 'cat' 127.0.0.1 "$SPORT"
	is "connect -N --sh-exec cat: the program gets the connection" \
	    "$rc:$out" "0:"
	run 5 sh -c 'echo x | "$1" connect -N 127.0.0.1 "$2"' sh "$SOCKT" \
	    "$SPORT"
	is "connect -N: taken (our half-close)" "$rc:$out" "0:served"
fi

# refused, with what to use
run 5 "$SOCKT" connect --send-only 127.0.0.1 9
one_line "connect --send-only" ">/dev/null"
run 5 "$SOCKT" listen --send-only 0
one_line "listen --send-only" ">/dev/null"
run 5 "$SOCKT" connect --proxy-type socks5 127.0.0.1 9
one_line "connect --proxy-type" "--proxy socks5://"
run 5 "$SOCKT" listen --proxy-type http 0
one_line "listen --proxy-type" "--serve-proxy"
run 5 "$SOCKT" listen --recv-only 0
one_line "listen --recv-only" "give -d"
run 5 "$SOCKT" connect --keep-open 127.0.0.1 9
one_line "connect --keep-open" "listen -k"
run 5 "$SOCKT" connect -e /bin/cat 127.0.0.1 9
one_line "connect -e /bin/cat host port" \
    "give host and port before it: connect host port -e /bin/cat"
for w in TCP-LISTEN:9000,fork STDIO OPENSSL:host:443; do
	run 5 "$SOCKT" "$w" TCP:127.0.0.1:9
	one_line "sockt $w" "socat table"
done

# -z quiet as nc's: nothing at all without -v, the error with it
closedport
run 5 "$SOCKT" connect -z -w 1 127.0.0.1 "$CPORT"
is "connect -z, a closed port: exit 1, silent" "$rc:$out:$err" "1::"
run 5 "$SOCKT" connect -zv -w 1 127.0.0.1 "$CPORT"
like "connect -zv, a closed port: the error" "$rc:$err" \
    "1:sockt connect: 127.0.0.1 port $CPORT: Connection refused"

# -zv over a range and a list: each port a line, as OpenBSD nc says it
server 30 "$SOCKT" listen -k -v 127.0.0.1 0 || exit 1
O=$SPORT
C=$CPORT
expect() {
	for p in "$@"; do
		if [ "$p" = "$O" ]; then
			echo "Connection to 127.0.0.1 $p port [tcp/*] succeeded!"
		else
			echo "sockt connect: connect to 127.0.0.1 port $p (tcp)" \
			    "failed: Connection refused"
		fi
	done
}
run 5 "$SOCKT" connect -zv 127.0.0.1 "$C" "$O" "$C"
is "connect -zv host C O C: a line each, in order" "$rc:$err" \
    "0:$(expect "$C" "$O" "$C")"
run 5 "$SOCKT" connect -z 127.0.0.1 "$C" "$O"
is "connect -z host C O: quiet, exit 0 (one open)" "$rc:$out:$err" "0::"
run 5 "$SOCKT" connect -z 127.0.0.1 "$C,$C"
is "connect -z host C,C: exit 1 (none open)" "$rc:$out:$err" "1::"
# a range and a list in one word (the ports around O may be other
# scripts' listeners: only C and O are known), a word's ports in order
if [ "$C" -lt "$O" ]; then two="$C $O"; else two="$O $C"; fi
run 5 "$SOCKT" connect -zv 127.0.0.1 "$O-$O" "$C,$O"
# shellcheck disable=SC2086
is "connect -zv host O-O C,O: ranges and lists, a line a port" \
    "$rc:$err" "0:$(expect "$O" $two)"
run 5 "$SOCKT" connect -zv 127.0.0.1 1-x
one_line "connect -zv host 1-x" "1-x"
# beside OpenBSD nc where it is here: the same lines, "nc:" ours
if have nc && nc -h 2>&1 | grep -q OpenBSD; then
	nc -zv 127.0.0.1 "$C" "$O" >"$T/nc.out" 2>&1
	ncrc=$?
	sed "s/^nc: /sockt connect: /; s/\[tcp\/[^]]*\]/[tcp\/*]/" \
	    "$T/nc.out" >"$T/nc.norm"
	run 5 "$SOCKT" connect -zv 127.0.0.1 "$C" "$O"
	is "connect -zv beside nc -zv: the same lines and status" \
	    "$rc:$err" "$ncrc:$(cat "$T/nc.norm")"
else
	skip "connect -zv beside nc -zv" "OpenBSD nc is not installed"
fi

done_testing
