#!/bin/sh
# t0033: what a newcomer tripped on (issue 34), each a check that failed
# before the fix: the documented sharded scans start as written, the README
# renders its examples as examples, help and version output into a pipe
# that closes early ends well, the exit statuses of a mistyped command
# line, and help that names every spelling an option has; README's -OJ
# example in an empty directory and its UDP scan's time (issue 49).
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
README=$TOP/README.md
MAN=$TOP/man/sockt.1
# the pages a command of its own: its sharded scans are portscan's
SCANMAN=$TOP/man/sockt-portscan.1

# --- 1. The sharded scans of README.md and sockt-portscan(1) start as written.
# Each runs in a network namespace of its own, where 10.1.0.0/16 is routed
# to lo and dropped there (not a local address): no packet leaves, and a
# probe waits as one would for a silent network.  Once the namespace has a
# TCP socket (a probe: the size check is behind it) the scan is stopped,
# and must end as an interrupted scan, not with the usage status 2.  It
# gets SIGTERM, which it handles as SIGINT: a background job of a script
# starts with SIGINT ignored, and a scan keeps an ignored SIGINT ignored.

# started PID: has PID's network namespace a TCP socket, or has it ended?
started() {
	[ "$(cat "/proc/$1/net/tcp" "/proc/$1/net/tcp6" 2>/dev/null |
	    grep -c ':')" -gt 0 ] || ! alive "$1"
}

# shard_run DESC SCRIPT: run the sh SCRIPT in a new network namespace
shard_run() {
	cat >"$T/shard.sh" <<EOF
ip link set lo up || exit 99
ip route add 10.1.0.0/16 dev lo || exit 99
PATH=$T/bin:\$PATH
$2
EOF
	unshare -n sh "$T/shard.sh" >"$T/shard.out" 2>"$T/shard.err" &
	_p=$!
	watch 60 "$_p"
	# the scan is the namespace shell's child, or the shell itself
	_scan=
	wait_until 20 shard_pid "$_p"
	if [ -n "$_scan" ] && wait_until 20 started "$_p"; then
		kill -TERM "$_scan" 2>/dev/null
	fi
	wait "$_p"
	_rc=$?
	if [ "$_rc" -ne 2 ] && grep -q '"interrupted":true' "$T/shard.out"
	then
		pass "$1 starts (status $_rc, interrupted)"
	else
		fail "$1 starts" "status $_rc" "$(cat "$T/shard.err")" \
		    "$(tail -c 300 "$T/shard.out")"
	fi
}
shard_pid() {
	if [ "$(ps -o comm= -p "$1" 2>/dev/null)" = sockt ]; then
		_scan=$1
		return 0
	fi
	_scan=$(ps -o pid=,comm= --ppid "$1" 2>/dev/null |
	    awk '$2 == "sockt" { print $1; exit }')
	[ -n "$_scan" ] || ! alive "$1"
}

mkdir -p "$T/bin"
ln -s "$SOCKT" "$T/bin/sockt"
if [ "$(id -u)" != 0 ] || ! have unshare || ! have ip ||
    ! unshare -n true 2>/dev/null; then
	skip "the documented sharded scans start" "needs root, unshare, ip"
else
	# README: "$ SOCKT_SHARD=3/8 sockt portscan ... # comment"
	l=$(sed -n 's/^ *\$ \(SOCKT_SHARD=.*sockt portscan.*\)/\1/p' "$README" |
	    sed 's/ *#.*//')
	if [ -n "$l" ]; then
		shard_run "README's sharded scan ($l)" "$l"
	else
		fail "README.md has a SOCKT_SHARD example"
	fi
	# the man page's Kubernetes Job: its command, for pod index 0
	l=$(awk '/command: \["sh", "-c", "sockt portscan/ { on = 1 }
	    on { printf "%s ", $0 } on && /"\]$/ { exit }' "$SCANMAN" |
	    sed 's/.*"-c", "//; s/"\] *$//; s/  */ /g')
	case $l in
	"sockt portscan "*)
		shard_run "the man page's Kubernetes Job ($l)" \
		    "JOB_COMPLETION_INDEX=0; $l" ;;
	*) fail "the man page has the Kubernetes Job's command" "$l" ;;
	esac
	# and its "export SOCKT_SHARD=..." before an unchanged command
	e=$(sed -n 's/^\.Ql \(export SOCKT_SHARD=.*\)$/\1/p' "$SCANMAN")
	l=$(sed -n '/^\.Ql export SOCKT_SHARD/,/^\.Ql sockt portscan/{
	    s/^\.Ql \(sockt portscan.*\) \.$/\1/p; }' "$SCANMAN")
	if [ -n "$e" ] && [ -n "$l" ]; then
		shard_run "the man page's export SOCKT_SHARD form ($l)" \
		    "JOB_COMPLETION_INDEX=5; $e; $l"
	else
		fail "the man page has the export SOCKT_SHARD form" "$e" "$l"
	fi
fi

# --- 3. README.md renders its examples as examples.  An indented line right
# after a paragraph's line is folded into the paragraph (Markdown's lazy
# continuation): a code block needs a blank line before it.
awk '/^```/ { f = !f; prev = ""; next } f { next }
/^    / && prev != "" && prev !~ /^    / {
	printf "line %d: %s\n", NR, $0
}
{ prev = $0 }' "$README" >"$T/folded"
check "no indented README line follows a paragraph line" [ ! -s "$T/folded" ]
[ -s "$T/folded" ] && sed 's/^/# /' "$T/folded"
if have cmark; then
	# every "$ sockt" line, rendered, is inside a code block
	cmark "$README" >"$T/readme.html"
	awk '/<pre>/ { pre = 1 } !pre { print } /<\/pre>/ { pre = 0 }' \
	    "$T/readme.html" | sed 's/<code>[^<]*<\/code>//g' |
	    grep '\$ sockt ' >"$T/astext"
	check "cmark renders every README example in a code block" \
	    [ ! -s "$T/astext" ]
	# and as many sockt lines in code blocks as the source indents
	n=$(awk '/<pre>/ { pre = 1 } pre && /sockt / { n++ }
	    /<\/pre>/ { pre = 0 } END { print n + 0 }' "$T/readme.html")
	m=$(awk '/^```/ { f = !f; next } !f && /^    .*sockt / { n++ }
	    END { print n + 0 }' "$README")
	is "cmark's code blocks hold README's $m indented sockt lines" "$n" "$m"
else
	skip "cmark renders every README example in a code block" \
	    "no cmark"
	skip "cmark's code blocks hold README's sockt lines" "no cmark"
fi
if have mandoc; then
	for f in "$TOP"/man/*.[17]; do
		mandoc -T utf8 -W warning "$f" >"$T/man.txt" 2>"$T/man.err"
		_rc=$?
		is "mandoc -T utf8 renders ${f##*/} without a warning" \
		    "$_rc $(cat "$T/man.err")" "0 "
	done
	# and -T lint finds nothing.  Its check of each Xr looks in the
	# system's manual (/usr/share/man and its mandoc.db, whatever -M or
	# MANPATH say): which other packages' pages the machine has, and
	# whether a mandoc.db is there and up to date ("outdated mandoc.db
	# lacks nc(1) entry"), is none of the pages' doing.  Those lines go;
	# every other message fails, and a reference to a page of sockt's
	# own must name one in man/.  Its findings go to stdout and the
	# database's lines to stderr, each file apart: through one pipe
	# they cut each other's lines.
	mandoc -T lint "$TOP"/man/*.[17] >"$T/lint.1" 2>"$T/lint.2"
	cat "$T/lint.1" "$T/lint.2" |
	    grep -v -e 'STYLE: referenced manual not found: Xr ' \
	    -e '^mandoc: .*mandoc\.db' >"$T/lint"
	is "mandoc -T lint finds nothing in the pages" "$(cat "$T/lint")" ""
	missing=
	for r in $(awk '{ l = $0
	    while (match(l, /Xr sockt[a-z-]* [0-9]/)) {
		r = substr(l, RSTART + 3, RLENGTH - 3); sub(/ /, ".", r)
		print r; l = substr(l, RSTART + RLENGTH)
	    } }' "$TOP"/man/*.[17] | sort -u); do
		[ -f "$TOP/man/$r" ] || missing="$missing $r"
	done
	is "each Xr of a sockt page names a page in man/" "$missing" ""
else
	skip "mandoc -T utf8 renders the man page" "no mandoc"
fi

# --- 4. Text for a person into a pipe whose reader is gone: exit 0, say
# nothing.  closed_out runs a command with stdout on a pipe whose read end
# is already closed, so every write fails (EPIPE): no race with a reader.
cat >"$T/closed.py" <<'EOF'
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE,
    timeout=20)
sys.stderr.buffer.write(p.stderr)
sys.exit(p.returncode)
EOF
closed_out() {	# closed_out DESC ARGS...
	_d=$1
	shift
	timeout -k 2 30 python3 "$T/closed.py" "$SOCKT" "$@" 2>"$T/cerr"
	_rc=$?
	if [ "$_rc" -eq 0 ] && [ ! -s "$T/cerr" ]; then
		pass "$_d: exit 0, nothing said"
	else
		fail "$_d: exit 0, nothing said" "status $_rc" "$(cat "$T/cerr")"
	fi
}
if have python3; then
	for sh in bash zsh fish; do
		closed_out "--complete $sh into a closed pipe" --complete "$sh"
	done
	closed_out "help http-get into a closed pipe" help http-get
	closed_out "http-get --help into a closed pipe" http-get --help
	closed_out "listen -h into a closed pipe" listen -h
	closed_out "--help into a closed pipe" --help
	closed_out "--version into a closed pipe" --version
	closed_out "help into a closed pipe" help
	# data is not text: a lost byte of what a peer sent is a failure
	printf 'data\n' >"$T/data"
	if SIN=$T/data server 20 "$SOCKT" listen -v 127.0.0.1 0; then
		timeout -k 2 30 python3 "$T/closed.py" "$SOCKT" connect \
		    127.0.0.1 "$SPORT" </dev/null >/dev/null 2>"$T/derr"
		_rc=$?
		# (silently, as a closed pipe is not news to its writer)
		is "connect's data into a closed pipe is still a failure" \
		    "$_rc" 1
	fi
else
	skip "text into a closed pipe" "no python3"
fi
# the way people meet it: | head -1, every time
ok=0
i=0
while [ $i -lt 20 ]; do
	s=$( { "$SOCKT" --complete zsh 2>"$T/herr"; echo "$?" >"$T/hrc"; } |
	    head -n 1)
	[ "$s" = "#compdef sockt" ] && [ "$(cat "$T/hrc")" = 0 ] &&
	    [ ! -s "$T/herr" ] && ok=$((ok + 1))
	s=$( { "$SOCKT" help http-get 2>"$T/herr"; echo "$?" >"$T/hrc"; } |
	    head -n 1)
	case $s in "usage: sockt http-get "*) ;; *) s= ;; esac
	[ -n "$s" ] && [ "$(cat "$T/hrc")" = 0 ] && [ ! -s "$T/herr" ] &&
	    ok=$((ok + 1))
	i=$((i + 1))
done
is "--complete zsh | head -1 and help http-get | head -1: 40 of 40 exit 0" \
    "$ok" 40
# a real write error on text is still one: a full disk
if [ -w /dev/full ]; then
	"$SOCKT" --help >/dev/full 2>"$T/ferr"
	_rc=$?
	like "--help >/dev/full fails with the cause" "$_rc $(cat "$T/ferr")" \
	    "1 sockt: stdout: No space left on device"
fi

# --- 5. Exit statuses of a mistyped command line.
run 10 "$SOCKT" --version --bogus
like "--version --bogus is a usage error" "$rc $err" \
    "2 sockt: --version takes no arguments: --bogus*"
check "--version --bogus prints no version" [ -z "$out" ]
run 10 "$SOCKT" --help --bogus
is "--help --bogus is a usage error" "$rc" 2
run 10 "$SOCKT" help help
like "help help is the help" "$rc $out" "0 usage: sockt COMMAND*"
check "help help says nothing on stderr" [ -z "$err" ]
run 10 "$SOCKT" help connect listen
is "help takes one command" "$rc" 2
# an unknown service name is a usage error, as 70000 is, before any socket
for c in "connect 127.0.0.1 http-nope" "connect -p nope 127.0.0.1 80" \
    "listen nope" "listen --to 127.0.0.1:nope 0" "serve-hello nope" \
    "udp-send 127.0.0.1 nope x" "udp-serve nope" \
    "udp-serve --to 127.0.0.1:nope 0"; do
	# shellcheck disable=SC2086
	run 10 "$SOCKT" $c
	like "$c: exit 2, said once" "$rc $err" \
	    "2 sockt *: *port *nope: unknown service*try 'sockt help *"
done
run 10 "$SOCKT" connect 127.0.0.1 70000
like "connect 127.0.0.1 70000: exit 2 too" "$rc $err" \
    "2 sockt connect: port 70000: out of range*"
# and a known name is still a port (discard, 9: refused, or open)
run 10 "$SOCKT" connect -w 2 -z 127.0.0.1 discard
check "a known service name is no usage error (discard: $rc)" [ "$rc" -ne 2 ]

# --- 7. Help names every spelling: each long name a command takes is in
# its help (curl's --fail, --location... of http-get too), --max-redirs has
# its line, and the man page's SYNOPSIS lists the commands in order.
for c in connect http-get listen portscan serve-hello udp-send udp-serve; do
	"$SOCKT" help "$c" >"$T/help" 2>/dev/null
	"$SOCKT" "$c" --sockt-options 2>/dev/null |
	    awk -F'\t' '$1 == "O" { print $2 }' | tr ' ' '\n' |
	    grep '^--' | sort -u >"$T/names"
	# each name followed by the line's end or a character no name has;
	# one awk for them all (a grep a name was 250 processes)
	awk 'NR == FNR { help[NR] = $0; nh = NR; next }
	{
		for (i = 1; i <= nh; i++)
			if (help[i] ~ ($0 "([^a-z-]|$)"))
				next
		printf "%s ", $0
	}' "$T/help" "$T/names" >"$T/missing"
	check "help $c names each of its $(wc -l <"$T/names" | tr -d ' ') long options" \
	    [ ! -s "$T/missing" ] && [ -s "$T/names" ] && [ -s "$T/help" ]
	# nmap's one-dash names (-sT) are no "---sT"
	check "help $c spells every long form right" \
	    sh -c '! grep -q -- "---" "$1"' sh "$T/help"
	[ -s "$T/missing" ] && echo "# missing: $(cat "$T/missing")"
done
"$SOCKT" help http-get >"$T/help"
for n in --fail --location --head --silent --output --max-time --max-redirs
do
	grep -q -e "$n[^a-z-]" -e "$n\$" "$T/help" ||
	    echo "$n" >>"$T/hmiss"
done
check "help http-get names curl's --fail --location --head --silent --output --max-time --max-redirs" \
    [ ! -s "$T/hmiss" ]
like "--max-redirs has its own help line" "$(grep -- '^  --max-redirs' "$T/help")" \
    "  --max-redirs n *"
# (sockt help, no command, has its line too: not counted)
order=$(awk '/^\.Sh SYNOPSIS/ { on = 1; next } /^\.Sh / { on = 0 }
    on && /^\.Cm / && prev == ".Nm" && $2 != "help" { print $2 }
    { prev = $0 }' "$MAN" |
    uniq | tr '\n' ' ')
is "the man SYNOPSIS has each command once, in order" "$order" \
    "connect http-get listen portscan serve-hello udp-send udp-serve "
v=$("$SOCKT" --version | sed -n '1s/^sockt //p')
r=$(sed -n 's/^##* \([0-9][0-9.]*\) (unreleased)$/\1/p' "$TOP/CHANGES.md" |
    head -n 1)
is "--version says the version CHANGES.md's newest entry is under" "$v" \
    "${r:-none}"
check "README.md says where the changes are" grep -q 'CHANGES\.md' "$README"
check "sockt-tls(7)'s --version sample says it too" \
    grep -qx "sockt $v" "$TOP/man/sockt-tls.7"
like "the User-Agent says it too" \
    "$("$SOCKT" help http-get | grep -- '-A agent')" "*sockt/$v)*"
like "sockt --help says portscan scans UDP too" \
    "$("$SOCKT" --help | grep '^  portscan')" "*UDP*"
check "README.md has no tracker markers" \
    sh -c "! grep -q '<!-- commands:' '$README'"

# --- 8. Two README examples a newcomer ran (issue 49).  The -OJ one works
# in an empty directory: its URL pointed at tests/mig_http.py, whose
# /download names the file report.txt.
l=$(sed -n "s/^ *\(sockt http-get -OJ .*--output-dir downloads '[^']*'\)\$/\1/p" \
    "$README")
case $l in
"sockt http-get "*)
	server 60 python3 "$(dirname "$0")/mig_http.py" "$T/mig.log" &&
	    P=$SPORT
	l=$(printf '%s\n' "$l" | sed "s|'https://h/|'http://127.0.0.1:$P/|")
	mkdir "$T/empty"
	( cd "$T/empty" && eval "timeout 20 \"\$SOCKT\"${l#sockt}" ) \
	    >"$T/oj.out" 2>&1
	is "README's -OJ --output-dir example, in an empty directory" \
	    "$? $(cd "$T/empty" && find . -type f)" "0 ./downloads/report.txt"
	[ -s "$T/oj.out" ] && sed 's/^/# /' "$T/oj.out" ;;
*) fail "README.md has the -OJ --output-dir example" "$l" ;;
esac
# The UDP scan's figures are what the scan prints: in a namespace of its
# own, a DNS stand-in on 53 (TCP, and UDP echoing the query back), a
# socket on 123/udp that never answers; the lines as README shows them
# (in any order) and the time within half a second of its figure.
if [ "$(id -u)" != 0 ] || ! have unshare || ! have ip || ! have python3 ||
    ! unshare -n true 2>/dev/null; then
	skip "README's UDP scan example, as shown" "needs root, unshare, ip"
else
	awk '/^    \$ sockt portscan -u -t -p 53,123 127.0.0.1$/ { on = 1; next }
	    on && /^    / { sub(/^    /, ""); print; next } on { exit }' \
	    "$README" >"$T/udp.want"
	cat >"$T/udp.sh" <<'EOF'
ip link set lo up || exit 99
"$SOCKT" listen -k 127.0.0.1 53 -c true 2>/dev/null &
p1=$!
"$SOCKT" udp-serve --echo 127.0.0.1 53 2>/dev/null &
p2=$!
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 123)); time.sleep(30)' &
p3=$!
# ours, by PID, whatever ends this script (a namespace keeps no process)
trap 'kill $p1 $p2 $p3 2>/dev/null' EXIT
# bound: 123/udp, 53/udp, 53/tcp
i=0
until grep -q ':007B ' /proc/net/udp && grep -q ':0035 ' /proc/net/udp &&
    grep -q ':0035 ' /proc/net/tcp; do
	i=$((i + 1)); [ $i -lt 200 ] || exit 98
	sleep 0.05	# polling, bounded by the count
done
"$SOCKT" portscan -u -t -p 53,123 127.0.0.1
EOF
	SOCKT=$SOCKT timeout 60 unshare -n sh "$T/udp.sh" >"$T/udp.got" \
	    2>"$T/udp.err"
	is "README's UDP scan: the table's lines" \
	    "$(sed '$d' "$T/udp.got" | sort)" "$(sed '$d' "$T/udp.want" | sort)"
	is "README's UDP scan: the summary but for the time" \
	    "$(tail -n 1 "$T/udp.got" | sed 's/ in .*//')" \
	    "$(tail -n 1 "$T/udp.want" | sed 's/ in .*//')"
	g=$(tail -n 1 "$T/udp.got" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
	w=$(tail -n 1 "$T/udp.want" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
	check "README's UDP scan: it took ${g:-?} s, README says ${w:-?} s" \
	    awk -v g="${g:-x}" -v w="${w:-x}" \
	    'BEGIN { exit !(g != "x" && w != "x" && g - w < 0.5 && w - g < 0.5) }'
fi

done_testing
