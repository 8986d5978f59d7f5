#!/bin/sh
# t5007: a program's answer to a WebSocket client's last line reaches
# the client before listen --ws's Close, every time (issue 55): the
# client's Close is the end of the program's input, as a TCP half-close
# is, and our Close follows the program's end.  `echo line | connect
# ws://` sends its line and its Close at once; a server that answered
# the Close at once lost the answer whenever both came before the
# program had written it (a busy machine; a program that answers at the
# end of its input, always).  Against listen -c that answers only once
# its input has ended (as plain TCP gets it), a raw client's line and
# Close in one segment, a line-answering program 20 times beside two
# busy loops, and a program still running after its input ended: our
# Close within about 3 s, what it wrote before then delivered.
# The other way: a server's last message and its Close in one segment,
# to a client still sending (stdin endless), then the server's reset of
# what it left unread: the last message reaches stdout every time, and
# an exit status 0, or 1 with the reset (ten runs; the relay lost it
# when the reset met our write first).
# watchdog: 240
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ws.sh"

# --- an answer written at the end of the program's input ---------------------
LATE='read -r l; cat >/dev/null; echo "got: $l"'
server 60 "$SOCKT" listen -k -v 127.0.0.1 0 -c "$LATE"
tpid=$SPID
run 30 sh -c 'echo "typed 0" | "$1" connect 127.0.0.1 "$2"' sh "$SOCKT" \
    "$SPORT"
is "plain TCP: the answer at the end of input (the reference)" \
    "$rc:$out" "0:got: typed 0"
kill "$tpid"
server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 -c "$LATE"
wpid=$SPID
run 30 sh -c 'echo "typed 1" | "$1" connect -v "ws://127.0.0.1:$2/"' sh \
    "$SOCKT" "$SPORT"
is "--ws: the answer at the end of input reaches the client" \
    "$rc:$out" "0:got: typed 1"
like "... before the server's Close" "$err" \
    "*sent Close 1000*received Close 1000*"
# the line and the Close in one write, as a raw client sends them
[ -x "$WSPY" ] || WSPY=python3
if have "$WSPY"; then
	run 30 "$WSPY" "$WSRAW" client "$SPORT" "text:typed 2" close:1000
	like "... the line and the Close in one segment: the answer first" \
	    "$out" \
	    "*recv text fin=1 masked=0 got: typed 2*recv close masked=0 1000*"
else
	skip "the line and the Close in one segment" "no python3"
fi
kill "$wpid"

# --- a line-answering program, 20 times beside two busy loops ----------------
cat >"$T/service.sh" <<'EOS'
#!/bin/sh
while IFS= read -r l; do echo "got: $l"; done
EOS
chmod +x "$T/service.sh"
server 120 "$SOCKT" listen --ws -k -v 127.0.0.1 0 -e "$T/service.sh"
wpid=$SPID
busy_start 200
n=0
i=1
while [ $i -le 20 ]; do
	run 30 sh -c 'echo "typed $3" | "$1" connect "ws://127.0.0.1:$2/"' \
	    sh "$SOCKT" "$SPORT" "$i"
	if [ "$rc:$out" = "0:got: typed $i" ]; then
		n=$((n + 1))
	else
		echo "# run $i: $rc [$out] $err"
	fi
	i=$((i + 1))
done
busy_stop
is "20 runs beside $BUSY_DESC: every answer came" "$n" 20
kill "$wpid"

# Both below wait (the program's 3 s, a server's 0.3 s ten times): parts,
# side by side

# --- a program that goes on after its input ended ----------------------------
still_running() {
	server 60 "$SOCKT" listen --ws -k -v 127.0.0.1 0 \
	    -c 'cat >/dev/null; echo late; exec sleep 60'
	wpid=$SPID
	timed 30 sh -c 'echo x | "$1" connect "ws://127.0.0.1:$2/"' sh \
	    "$SOCKT" "$SPORT"
	is "a program still running: what it wrote, then our Close, exit 0" \
	    "$rc:$out" "0:late"
	check "... within about 3 s ($el ms)" within 2000 4800 "$el"
	kill "$wpid"
}

# --- the server's last message and Close, then its reset ---------------------
# last_message N: N runs, each against a server of its own
last_message() {
	n=0 got=0 how=
	while [ $n -lt "$1" ]; do
		n=$((n + 1))
		SOUT=$T/last$n.out wsraw 30 wait:0.3 text:bye close:1000
		run 20 sh -c 'yes "line of input" |
		    "$1" connect "ws://127.0.0.1:$2/"' sh "$SOCKT" "$SPORT"
		case $rc:$out:$err in
		0:bye: | "1:bye:sockt connect: ws://"*": Connection reset by peer" | \
		    "1:bye:sockt connect: ws://"*": Broken pipe")
			got=$((got + 1)) ;;
		*)	how="$how [$rc:$out:$err]" ;;
		esac
		kill "$SPID" 2>/dev/null
	done
	is "a server's last message and Close before its reset: delivered, $1 \
of $1$how" "$got" "$1"
}
part still_running
part last_message 5
part last_message 5
parts_done

done_testing
