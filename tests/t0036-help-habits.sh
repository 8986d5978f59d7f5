#!/bin/sh
# Issue 64's git and nc habits, and a suite that says where it is.
# sockt help as git help: help CMD shows the page sockt-CMD(1) through
# man(1), at a terminal and on a pipe (SOCKT_MAN=no never), the tree's
# page beside the binary (man -l) before an installed one (man -w), man
# replacing sockt (the same PID: no child left), one line when man cannot
# run, the --help text without a page; help -a every page; help TOPIC a
# topic's page; --help CMD as CMD --help.  A fake man on PATH says how it
# was called; the real one, where there is one, gives help portscan | cat
# the page as plain text.  listen -e PROG [address] port as
# ncat's, the rule in one line when it cannot be; connect -zu quiet
# without -v.  tests/run on a fake tests dir: k/N, the skips' reasons,
# the time, the closing line last.
. "$(dirname "$0")/lib.sh"
# lib.sh's SOCKT_MAN=no is what this script tests the default beside
unset SOCKT_MAN

TOP=$(cd "$(dirname "$0")/.." && pwd)

# a fake man: logs its PID and arguments, prints them, -w finds a page
# only when FAKEMAN_W=0
mkdir -p "$T/fakebin" "$T/tree/man" "$T/none"
cat >"$T/fakebin/man" <<'EOF'
#!/bin/sh
echo "$$ $*${MAN_KEEP_FORMATTING+ keep}" >>"$FAKEMAN_LOG"
echo "MAN $*"
[ "$1" = -w ] && exit "${FAKEMAN_W:-16}"
exit 0
EOF
chmod +x "$T/fakebin/man"
FAKEMAN_LOG=$T/man.log
export FAKEMAN_LOG
: >"$FAKEMAN_LOG"
# the binary in a tree of its own, with pages beside it
cp "$SOCKT" "$T/tree/sockt" || fail "copy the binary"
: >"$T/tree/man/sockt-connect.1"
: >"$T/tree/man/sockt-tls.7"
FPATH=$T/fakebin:$PATH

# --- help's forms
run 5 "$SOCKT" connect --help
chelp=$out
run 5 "$SOCKT" --help connect
is "--help connect: exit 0, connect --help's text" "$rc:$out" "0:$chelp"
run 5 "$SOCKT" --help nosuch
like "--help nosuch: exit 2, an unknown command" "$rc:$err" \
    "2:sockt: unknown command 'nosuch'*"
run 5 "$SOCKT" help
n=$(printf '%s\n' "$out" | awk '/^commands:/ { on = 1; next }
    on && /^  [a-z]/' | wc -l | tr -d ' ')
is "help: the commands, a line each" "$rc:$n" "0:7"
run 5 "$SOCKT" help -a
like "help -a: every page, the commands', the topics' and sockt(1)" \
    "$rc:$out" "0:sockt-connect(1): relay*sockt-listen(1): *$(:
    )sockt-udp-serve(1)*sockt-tls(7)*sockt(1)*"
n=$(printf '%s\n' "$out" | grep -c '^sockt-[a-z-]*(1): ')
is "help -a: a page for each of the 7 commands" "$n" 7

# on a pipe too: the tree's page through man -l, man in our place, told
# to drop the formatting a pipe does not want, as MAN_KEEP_FORMATTING=1
# would keep it
BGOUT=$T/o1
bg 10 env PATH="$FPATH" MAN_KEEP_FORMATTING=1 "$T/tree/sockt" help connect
BGOUT=
wait_status "$BGPID"
is "help connect on a pipe: man -l the page beside the binary, plain" \
    "$rc:$(cat "$FAKEMAN_LOG")" "0:$BGPID -l $T/tree/man/sockt-connect.1"
: >"$FAKEMAN_LOG"

# no page in the tree: the installed one, when man -w finds it
run 5 env PATH="$FPATH" FAKEMAN_W=0 "$T/tree/sockt" \
    help listen
like "help listen, installed: man -w, then man sockt-listen" \
    "$rc:$out:$(cut -d' ' -f2- "$FAKEMAN_LOG" | tr '\n' '|')" \
    "0:MAN sockt-listen:-w sockt-listen|sockt-listen|"
: >"$FAKEMAN_LOG"
run 5 env PATH="$FPATH" "$T/tree/sockt" help listen
like "help listen, no page anywhere: the --help text" "$rc:$out" \
    "0:usage: sockt listen *"
: >"$FAKEMAN_LOG"

# man absent: one line, and the text
run 5 env PATH="$T/none" "$T/tree/sockt" help connect
is "help connect without man: one line, then the text" "$rc:$err:$out" \
    "0:sockt help: man: No such file or directory:$chelp"
run 5 env PATH="$FPATH" SOCKT_MAN=no "$T/tree/sockt" help connect
is "SOCKT_MAN=no: the text" "$rc:$out:$(cat "$FAKEMAN_LOG")" "0:$chelp:"

# a topic's page
run 5 env PATH="$FPATH" "$T/tree/sockt" help tls
is "help tls: the page sockt-tls(7)" "$rc:$out" \
    "0:MAN -l $T/tree/man/sockt-tls.7"
: >"$FAKEMAN_LOG"

# at a terminal, the default
if have script && script -qec true /dev/null >/dev/null 2>&1; then
	run 10 env PATH="$FPATH" script -qec "'$T/tree/sockt' help connect" \
	    /dev/null
	like "help connect at a terminal: the page" "$rc:$out" \
	    "0:*MAN -l $T/tree/man/sockt-connect.1*"
	: >"$FAKEMAN_LOG"
else
	skip "help connect at a terminal: the page" "no script(1)"
fi

# the real man(1): help portscan | cat is the page in plain text, a line
# the --help text lacks and no control character, even where the
# environment asks man for a pager and for its overstrike
if ! have man || ! man -l "$TOP/man/sockt-portscan.1" >/dev/null 2>&1; then
	skip "help portscan | cat: the page in plain text" "no man(1) here"
elif (unset MAN_KEEP_FORMATTING; man -l "$TOP/man/sockt-portscan.1") |
    grep -q "$(printf '\b')"; then
	# mandoc's man(1) writes a pipe the overstrike it writes a terminal
	skip "help portscan | cat: the page in plain text" \
	    "this man(1) keeps its overstrike on a pipe"
else
	timeout -k 2 30 env MAN_KEEP_FORMATTING=1 MANPAGER=false PAGER=false \
	    "$SOCKT" help portscan 2>"$T/merr" | cat >"$T/page"
	like "help portscan | cat: the page, NAME's line" "$(cat "$T/page")" \
	    "*sockt-portscan *scan TCP and UDP ports: open, closed or filtered*"
	n=$(LC_ALL=C tr -d '\n' <"$T/page" | LC_ALL=C tr -dc '[:cntrl:]' |
	    wc -c | tr -d ' ')
	is "help portscan | cat: no control character, no pager" "$n" 0
	is "help portscan | cat: nothing on stderr" "$(cat "$T/merr")" ""
	# and no page makes groff warn (a literal line it cannot break,
	# "can't break line"): man(1) passes that on to the reader's
	# terminal, at 80 columns as on a pipe
	warned=
	for f in "$TOP"/man/*.[17]; do
		MANWIDTH=80 man -l "$f" 2>"$T/merr" >/dev/null
		[ -s "$T/merr" ] && warned="$warned ${f##*/}: $(cat "$T/merr")"
	done
	is "man -l at 80 columns: no page makes man or groff warn" \
	    "$warned" ""
fi

# --- listen -e PROG before the port, as ncat's
cat >"$T/svc.sh" <<'EOF'
#!/bin/sh
echo "served $#:$*"
EOF
chmod +x "$T/svc.sh"
if server 10 "$SOCKT" listen -v -k -e "$T/svc.sh" 127.0.0.1 0; then
	run 5 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
	is "listen -k -e PROG address 0: PROG alone on each connection" \
	    "$rc:$out" "0:served 0:"
	kill "$SPID" 2>/dev/null
fi
if server 10 "$SOCKT" listen -v 127.0.0.1 0 -e "$T/svc.sh" a b; then
	run 5 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
	is "listen address 0 -e PROG a b: the rest of the line its arguments" \
	    "$rc:$out" "0:served 2:a b"
fi
for words in "" "a b 7002" "-x 7002"; do
	# shellcheck disable=SC2086
	run 5 "$SOCKT" listen -k -e "$T/svc.sh" $words
	n=$(printf '%s\n' "$err" | grep -c 'as ncat.s; give port before it')
	is "listen -k -e PROG ${words:-(no more)}: exit 2, the rule in one line" \
	    "$rc:$n" "2:1"
done
run 5 "$SOCKT" connect -e /bin/cat 127.0.0.1 9
like "connect -e PROG host port: still its own rule" "$rc:$err" \
    "2:*give host and port before it: connect host port -e /bin/cat*"

# --- connect -zu as nc -zu: the status alone, -v the cause
if closedport -u; then
	run 10 "$SOCKT" connect -zu 127.0.0.1 "$CPORT"
	is "connect -zu, a closed port: exit 1, silent" "$rc:$err" "1:"
	run 10 "$SOCKT" connect -zuv 127.0.0.1 "$CPORT"
	like "connect -zuv, a closed port: exit 1, the cause" "$rc:$err" \
	    "1:*127.0.0.1 port $CPORT: Connection refused"
fi

# --- tests/run on a fake tests dir
mkdir -p "$T/fake/tests"
cp "$TOP/tests/run" "$T/fake/tests/run"
printf '%s\n' 'echo 1..3' 'echo "ok 1 - one"' \
    'echo "ok 2 - two # SKIP no frob here"' \
    'echo "ok 3 - three # SKIP no frob here"' >"$T/fake/tests/t0001-a.sh"
printf '%s\n' 'echo "1..0 # SKIP needs root"' >"$T/fake/tests/t0002-b.sh"
printf '%s\n' 'echo 1..2' 'echo "ok 1 - x # SKIP no frob here"' \
    'echo "not ok 2 - y"' >"$T/fake/tests/t0003-c.sh"
run 60 sh "$T/fake/tests/run"
like "tests/run: k/N on each script's line" "$out" \
    "*1/3 t0001-a.sh *2/3 t0002-b.sh *3/3 t0003-c.sh *"
like "tests/run: a line a skip reason, its count and scripts" "$out" \
    "*skipped:
    3  no frob here (t0001, t0003)
    1  needs root (t0002)
failed:*"
last2=$(printf '%s\n' "$out" | tail -n 2 | tr '\n' '|')
like "tests/run: the time, then the closing line last" "$rc:$last2" \
    "1:time: [0-9]*m[0-9][0-9]s|1 passed, 1 failed, 4 skipped|"

done_testing
