#!/bin/sh
# Dispatch, help, version, and a table of bad command lines: each must
# exit with its status and say precisely what was wrong.
# netns: own (the names of the table that do not resolve are asked of
# the resolver: in a namespace of its own no query leaves the machine)
. "$(dirname "$0")/lib.sh"

run 5 "$SOCKT" --help
is "--help exits 0" "$rc" 0
like "--help lists connect, all it does (issue 49)" "$out" \
    "*connect *TCP, UDP, UNIX, TLS, DTLS or WebSocket*"
like "--help lists listen" "$out" "*listen *accept a connection*"
run 5 "$SOCKT" --version
like "--version" "$out" "sockt [0-9]*.[0-9]*"
run 5 "$SOCKT" help connect
is "help connect exits 0" "$rc" 0
like "help connect prints the usage" "$out" "usage: sockt connect *host port*"
help_out=$out
run 5 "$SOCKT" connect -h
is "connect -h is the same text as help connect" "$out" "$help_out"
run 5 "$SOCKT" listen --help
like "listen --help" "$out" "usage: sockt listen*"
run 5 "$SOCKT"
is "no command exits 2" "$rc" 2
is "no command says so, and where to read more" "$err" "sockt: missing command
sockt: try 'sockt --help' for more information"
run 5 "$SOCKT" conect localhost 80
is "typo exits 2" "$rc" 2
like "typo suggests connect" "$err" "*unknown command 'conect'; did you mean 'connect'?*"
run 5 "$SOCKT" lisen 80
like "typo suggests listen" "$err" "*did you mean 'listen'?*"
run 5 "$SOCKT" frobnicate
is "no suggestion for far-off names" "$err" "sockt: unknown command 'frobnicate'
sockt: try 'sockt --help' for more information"
run 5 "$SOCKT" help nosuch
is "help of an unknown command exits 2" "$rc" 2

# Each command's page's SYNOPSIS and its usage text list the same options.
if have mandoc; then
	cmds=$("$SOCKT" --help | awk '/^commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
	[ -n "$cmds" ] || fail "--help lists no command"
	for c in $cmds; do
		man_syn=$(mandoc -Tascii -O width=200 "$(dirname "$0")/../man/sockt-$c.1" 2>/dev/null |
		    col -b | sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | tr '\t' ' ' |
		    awk '/^ +sockt / { if (l) print l; l = $0; next }
		        l && /^ +[[a-z-]/ { l = l " " $0; next }
		        { if (l) print l; l = "" } END { if (l) print l }' |
		    grep -E "^ +sockt $c " | tr -s ' ' | sed 's/^ //' | sort)
		# the synopsis lines: "usage:" and what is indented under it
		use_syn=$("$SOCKT" help $c | awk 'NR > 1 && !/^       *[[a-z-]/ && !/^ *sockt / { exit } { print }' |
		    sed 's/^usage: //; s/^ *//' |
		    awk '/^sockt/ { if (l) print l; l = $0; next } { l = l " " $0 } END { print l }' |
		    tr -s ' ' | sort)
		is "man SYNOPSIS of $c matches its usage" "$man_syn" "$use_syn"
	done
else
	skip "man SYNOPSIS matches each command's usage" "mandoc not installed"
fi

# bad command lines: status | message pattern | arguments
while IFS='|' read -r want pat args; do
	[ -n "$want" ] || continue
	# the C library's words (strerror) for an errno named at the end
	case $pat in
	*": EADDRNOTAVAIL") pat="${pat%EADDRNOTAVAIL}$(errtext EADDRNOTAVAIL)" ;;
	esac
	# shellcheck disable=SC2086
	set -f
	# a watchdog past the resolver's timeout: musl's waits its whole 5 s
	# (resolv.conf's default) for a name whose query cannot be sent
	run 15 "$SOCKT" $args
	set +f
	first=$(printf '%s\n' "$err" | head -n 1)
	if [ "$rc" = "$want" ]; then
		case $first in
		$pat) pass "sockt $args: exit $want, $first" ;;
		*) fail "sockt $args: message" "got:  $first" "want: $pat" ;;
		esac
	else
		fail "sockt $args: exit status" "got:  $rc ($first)" "want: $want"
	fi
done <<'TABLE'
2|sockt connect: missing host and port|connect
2|sockt connect: localhost: missing port|connect localhost
2|sockt connect: port 70000: out of range (1-65535)|connect 127.0.0.1 70000
2|sockt connect: port 0: out of range (1-65535)|connect 127.0.0.1 0
2|sockt connect: port -1: *|connect 127.0.0.1 -- -1
2|sockt connect: port 8o: not a number or service name|connect 127.0.0.1 8o
2|sockt connect: too many operands: 3|connect a 1 3
2|sockt connect: unknown option -y|connect -y 127.0.0.1 80
2|sockt connect: unknown option --frob|connect --frob 127.0.0.1 80
2|sockt connect: option -w needs an argument|connect 127.0.0.1 80 -w
2|sockt connect: timeout abc: not a number|connect -w abc 127.0.0.1 80
2|sockt connect: timeout 0: must be more than 0|connect -w 0 127.0.0.1 80
2|sockt connect: timeout -1: too small|connect -w -1 127.0.0.1 80
2|sockt connect: timeout 9999999: too large|connect -w 9999999 127.0.0.1 80
2|sockt connect: idle timeout x: not a number|connect -i x 127.0.0.1 80
2|sockt connect: idle timeout 0: must be more than 0|connect -i 0 127.0.0.1 80
2|sockt connect: quit delay 1e3: not a number|connect -q 1e3 127.0.0.1 80
2|sockt connect: source port 99999: out of range (1-65535)|connect -p 99999 127.0.0.1 80
2|sockt connect: \[::1: missing ']'|connect [::1
2|sockt connect: \[::1]: missing port|connect [::1]
2|sockt connect: ::1: missing port (write an IPv6 address as *|connect ::1
2|sockt connect: host \[localhost]: brackets are for IPv6 addresses|connect [localhost]:80
2|sockt connect: missing socket path|connect -U
2|sockt connect: -U does not go with -4, -6, -n, -p or -s: a UNIX socket has no address family, host name or port|connect -U -4 /tmp/x
1|sockt connect: host localhost: not a numeric address (-n)|connect -n localhost 80
2|sockt connect: port nosuchservice: unknown service|connect 127.0.0.1 nosuchservice
1|sockt connect: source host ::1: no IPv4 address|connect -s ::1 127.0.0.1 9
1|sockt connect: source host nosuch.invalid: *|connect -s nosuch.invalid 127.0.0.1 9
1|sockt connect: host no.such.host.invalid: *|connect no.such.host.invalid 80
2|sockt listen: missing port|listen
2|sockt listen: port 65536: out of range (0-65535)|listen 65536
2|sockt listen: too many operands: 3|listen a 1 3
2|sockt listen: unknown option -z|listen -z 0
2|sockt listen: timeout x: not a number|listen -w x 0
2|sockt listen: option --help takes no argument|listen --help=1 0
2|sockt listen: -U does not go with -4, -6 or -n: a UNIX socket has no address family or host name|listen -U -6 /tmp/x
1|sockt listen: 192.0.2.1 port 0: EADDRNOTAVAIL|listen 192.0.2.1 0
2|sockt: unknown option --frob|--frob
TABLE

done_testing
