#!/bin/sh
# serve-hello: the greeting protocol, stream framing, limits, timeouts.
# 2000 clients one after another take minutes on a loaded machine:
# watchdog: 400
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

server 60 "$SOCKT" serve-hello -v -i 5 0 || { fail "serve-hello starts"; done_testing; exit; }
P=$SPORT
# pieces meant to join must reach the server within its gap, which a
# loaded machine may not keep to 150 ms: those checks get a server whose
# gap is 10 s (pieces meant to stay apart need no such care: a delay only
# puts them further apart)
server 60 "$SOCKT" serve-hello -v -i 20 --gap 10 0 ||
    { fail "serve-hello --gap 10 starts"; done_testing; exit; }
GP=$SPORT

run 5 sh -c "printf 'Michael\nBob\nexit\nnever\n' | \"\$SOCKT\" connect 127.0.0.1 $P"
is "the seed conversation" "$out" "Welcome!
Hello, Michael!
Hello, Bob!"
is "exit ends it, exit 0" "$rc" 0

run 30 sh -c "(for c in J u l i a; do printf %s \$c; sleep 0.02; done; printf '\n') | \"\$SOCKT\" connect 127.0.0.1 $GP"
is "a line split byte by byte" "$out" "Welcome!
Hello, Julia!"

run 5 sh -c "printf 'a\nb\nc\n' | \"\$SOCKT\" connect 127.0.0.1 $P"
is "three lines in one write" "$out" "Welcome!
Hello, a!
Hello, b!
Hello, c!"

run 5 sh -c "printf 'Bob\r\nAnn\r\n' | \"\$SOCKT\" connect 127.0.0.1 $P | od -An -c | tr -d ' \n'"
is "CRLF lines answered without the CR" "$out" 'Welcome!\nHello,Bob!\nHello,Ann!\n'

run 5 sh -c "printf 'last' | \"\$SOCKT\" connect 127.0.0.1 $P"
is "a last line without newline is answered" "$out" "Welcome!
Hello, last!"

head -c 8192 /dev/zero | tr '\0' x >"$T/8k"
printf '\n' >>"$T/8k"
run 5 sh -c "\"\$SOCKT\" connect 127.0.0.1 $P <\"$T/8k\" | wc -c"
is "an 8 KiB line is fine" "$(echo $out)" $((9 + 8192 + 9))

head -c 9000 /dev/zero | tr '\0' y >"$T/9k"
run 5 sh -c "\"\$SOCKT\" connect 127.0.0.1 $P <\"$T/9k\""
is "an overlong line: error line, then closed" "$out" "Welcome!
error: line too long (more than 8192 bytes)"

# the tutorial's own client: names without newlines, one recv each
PY="python3 $(dirname "$0")/hello_tutorial.py"
if have python3; then
	run 20 $PY tcp "$P"
	is "the tutorial's client is answered, replies without newlines" "$out" "b'Welcome!\\n'
b'Hello, Michael!'
b'Hello, Tracy!'
b'Hello, Sarah!'"
	is "the tutorial's client exits 0" "$rc" 0
	run 20 $PY exit "$P"
	is "exit without a newline ends the session" "$out" "b'Welcome!\\n'
b'Hello, Bob!'
b''"
else
	skip "the tutorial's client is answered" "no python3"
	skip "the tutorial's client exits 0" "no python3"
	skip "exit without a newline ends the session" "no python3"
fi

run 30 sh -c "(printf Spl; sleep 0.05; printf 'it\n') | \"\$SOCKT\" connect 127.0.0.1 $GP | od -An -c | tr -d ' \n'"
is "pieces of a line closer than the gap join" "$out" 'Welcome!\nHello,Split!\n'
run 5 sh -c "(printf Spl; sleep 0.6; printf 'it\n') | \"\$SOCKT\" connect 127.0.0.1 $P | od -An -c | tr -d ' \n'"
is "pieces further apart than the gap are two messages" "$out" 'Welcome!\nHello,Spl!Hello,it!\n'
run 5 sh -c "printf 'a\nb\nc\n' | \"\$SOCKT\" connect 127.0.0.1 $P | od -An -c | tr -d ' \n'"
is "lines in one segment: one reply each, with newlines" "$out" 'Welcome!\nHello,a!\nHello,b!\nHello,c!\n'
if have nc; then
	run 5 sh -c "(printf 'Michael\n'; sleep 0.3; printf 'exit\n'; sleep 2) | nc 127.0.0.1 $P | od -An -c | tr -d ' \n'"
	is "an nc line client: line replies, exit line closes" "$out" 'Welcome!\nHello,Michael!\n'
else
	skip "an nc line client: line replies, exit line closes" "no nc"
fi

run 5 "$SOCKT" connect ::1 "$P" </dev/null
if have_ipv6; then
	is "dual-stack: served over ::1" "$out" "Welcome!"
else
	skip "dual-stack: served over ::1" "no IPv6 loopback"
fi

# 2000 clients (200 but under long: the server's 2000 forks were 8 s of
# CPU, most of the script's; 200 still leave a child or a zombie behind
# if one leaks per connection, and answer wrong if one breaks) one after
# the other, against a server of their own that
# may live as long as the script (its watchdog above): the first server's 60 s watchdog had
# to cover the checks above and these clients too, and on a busy machine
# it ended the server under them (issue 19: 1,472 of 2,000 answered
# right, every later one "Connection refused"; sockt had served each
# client it saw)
NSEQ=200
! long || NSEQ=2000
kill "$SPID"
wait "$SPID" 2>/dev/null
server 400 "$SOCKT" serve-hello -v -i 5 0 ||
    { fail "serve-hello starts for the $NSEQ clients"; done_testing; exit; }
HPID=$(server_pid)
good=$(seq_clients $NSEQ "$SPORT" "n" "Welcome!
Hello, n!" "$HPID")
seq_is "$NSEQ sequential connections all answered right" "$good" $NSEQ
wait_nkids "$HPID" 0 5
is "no child left (zombie or not) after them" "$(children_of "$HPID" | tr '\n' ' ')" ""

like "-v logs a connection" "$(cat "$SLOG")" "*connection from 127.0.0.1 port [0-9]*"
like "-v logs its end" "$(cat "$SLOG")" "*connection from 127.0.0.1 port [0-9]* closed*"
kill "$SPID"
wait "$SPID" 2>/dev/null

# -i is also a budget per message: a client that dribbles bytes and
# never ends a message is cut off, though it is never idle
if have python3; then
	server 20 "$SOCKT" serve-hello -v -i 1 127.0.0.1 0 || fail "serve-hello -i 1 starts"
	run 15 $PY dribble "$SPORT" 0.05
	check "a byte every 0.05 s, no newline: cut off after -i 1 (took $out s)" \
	    awk "BEGIN { exit !(${out:-99} >= 0.8 && ${out:-99} <= 3) }"
	kill "$SPID"
	server 20 "$SOCKT" serve-hello -v -i 1 --gap 0.6 127.0.0.1 0 || fail "serve-hello --gap starts"
	run 15 $PY dribble "$SPORT" 0.3
	check "a byte every 0.3 s within --gap 0.6: cut off after -i 1 (took $out s)" \
	    awk "BEGIN { exit !(${out:-99} >= 0.8 && ${out:-99} <= 3) }"
	# the log reaches $SLOG through the copier server started: let it
	# catch up before reading
	wait_until 5 grep -q "no complete message" "$SLOG"
	like "the cut is logged" "$(cat "$SLOG")" "*no complete message within 1.000 s, closing*"
	kill "$SPID"
else
	skip "a byte every 0.05 s: cut off after -i 1" "no python3"
	skip "a byte every 0.3 s within --gap 0.6: cut off after -i 1" "no python3"
	skip "the cut is logged" "no python3"
fi

# --raw: the tutorial's server byte for byte
server 20 "$SOCKT" serve-hello -v --raw 127.0.0.1 0 || fail "serve-hello --raw starts"
if have python3; then
	run 20 $PY tcp "$SPORT"
	is "--raw: the tutorial's client, greeting without newline" "$out" "b'Welcome!'
b'Hello, Michael!'
b'Hello, Tracy!'
b'Hello, Sarah!'"
	run 20 $PY exit "$SPORT"
	is "--raw: the chunk exit closes" "$out" "b'Welcome!'
b'Hello, Bob!'
b''"
else
	skip "--raw: the tutorial's client" "no python3"
	skip "--raw: the chunk exit closes" "no python3"
fi
run 5 sh -c "printf 'Bob\n' | \"\$SOCKT\" connect 127.0.0.1 $SPORT | od -An -c | tr -d ' \n'"
is "--raw: a chunk is answered as it is, newline and all" "$out" 'Welcome!Hello,Bob\n!'
kill "$SPID"
run 5 "$SOCKT" serve-hello --raw --gap 1 0
is "--raw and --gap exclude each other: exit 2" "$rc" 2
like "--raw and --gap exclude each other: the message" "$err" "*--gap and --raw exclude each other*"

# the idle timeout closes a silent client (-d alone would half-close, and
# the server end the session at once)
server 20 "$SOCKT" serve-hello -v -i 0.5 127.0.0.1 0 || fail "serve-hello -i starts"
timed 10 "$SOCKT" connect -d --no-shutdown 127.0.0.1 "$SPORT"
is "idle client gets the greeting" "$out" "Welcome!"
check "idle client closed after -i 0.5 (took $el ms)" within 450 2500 "$el"
wait_until 5 grep -q "idle for" "$SLOG"
like "idle timeout logged" "$(cat "$SLOG")" "*idle for 0.500 s, closing*"

# a client that sends lines but never reads the replies: -i bounds the
# child's writes too, so it cannot hold a child for ever
HPID=$(server_pid)
mkfifo "$T/stall"
exec 7<>"$T/stall"	# a reader of the client's stdout that never reads
yes a | head -c 8000000 >"$T/lines"
BGIN=$T/lines BGOUT=$T/stall bg 20 "$SOCKT" connect 127.0.0.1 "$SPORT"
CPID=$BGPID
check "a stalled reader holds a child at first" wait_until 5 has_nkids "$HPID" 1
check "-i 0.5 frees the child of a client that stopped reading" wait_nkids "$HPID" 0 4
kill "$CPID" 2>/dev/null
exec 7>&-
kill "$HPID"
wait "$SPID" 2>/dev/null

# SIGTERM with a client connected: exit 0, no child left behind
server 20 "$SOCKT" serve-hello -v 127.0.0.1 0 || fail "serve-hello starts again"
HPID=$(server_pid)
BGIN=/dev/null BGOUT="$T/slow" bg 10 sh -c "sleep 5 | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
CPID=$BGPID
wait_until 5 has_nkids "$HPID" 1
child=$(children_of "$HPID" | head -n 1)
check "a child serves the client" alive "$child"
kill -TERM "$HPID"
wait_status "$SPID"
is "SIGTERM: the server exits 0" "$rc" 0
# wait_gone fails for an empty PID: no child found is no child gone
check "SIGTERM: its child is gone" wait_gone "$child" 3
kill "$CPID" 2>/dev/null

done_testing
