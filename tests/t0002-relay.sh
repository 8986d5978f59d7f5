#!/bin/sh
# The relay: data both ways, half-close in both orders, the end-of-file
# rules for pipes and terminals.
. "$(dirname "$0")/lib.sh"

head -c 67108864 /dev/urandom >"$T/a" || exit 1
head -c 67108864 /dev/urandom >"$T/b" || exit 1
head -c 1000000 /dev/urandom >"$T/small" || exit 1

# 1. 64 MiB each way at once.  The listener reads a pipe and writes a file;
# the client reads a file and writes a pipe: every fast path is crossed.
mkfifo "$T/fa"
BGOUT=$T/fa bg 60 cat "$T/a"
catpid=$BGPID
if SIN=$T/fa SOUT=$T/got_b server 60 "$SOCKT" listen -v 127.0.0.1 0; then
	timeout 60 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/b" | cat >"$T/got_a"
	crc=$?
	wait_status "$SPID"
	is "64 MiB both ways: client exit status" "$crc" 0
	is "64 MiB both ways: listener exit status" "$rc" 0
	is "64 MiB both ways: client received the listener's data" \
	    "$(sum_of "$T/got_a")" "$(sum_of "$T/a")"
	is "64 MiB both ways: listener received the client's data" \
	    "$(sum_of "$T/got_b")" "$(sum_of "$T/b")"
else
	fail "64 MiB both ways: listener did not start" "$(cat "$SLOG")"
fi
wait "$catpid" 2>/dev/null

# 2. Half-close: the server answers only after it has seen the whole query.
mkfifo "$T/q" "$T/ans"
# the replier opens its answer fifo first, as the listener opens its stdin
# before its stdout
bg 20 sh -c 'exec 5>"$2"; n=$(wc -c <"$1"); echo "got $n bytes" >&5' sh "$T/q" "$T/ans"
if SIN=$T/ans SOUT=$T/q server 20 "$SOCKT" listen -v 127.0.0.1 0; then
	run 20 sh -c 'printf "query\n" | "$1" connect 127.0.0.1 "$2"' sh "$SOCKT" "$SPORT"
	is "reply that comes after EOF: exit 0" "$rc" 0
	is "reply that comes after EOF: whole reply" "$out" "got 6 bytes"
	wait_status "$SPID"
	is "reply that comes after EOF: listener exit 0" "$rc" 0
else
	fail "half-close: server did not start"
fi

# 3. Upload to a receiver whose stdin is /dev/null: it half-closes first,
# the upload must still arrive whole; from a file and from a pipe.
for feed in file pipe; do
	if SIN=/dev/null SOUT=$T/up server 30 "$SOCKT" listen -v 127.0.0.1 0; then
		if [ $feed = file ]; then
			run 30 "$SOCKT" connect 127.0.0.1 "$SPORT" <"$T/a"
		else
			run 30 sh -c 'cat "$1" | "$2" connect 127.0.0.1 "$3"' sh "$T/a" "$SOCKT" "$SPORT"
		fi
		is "upload from a $feed to a half-closed receiver: exit 0" "$rc" 0
		wait_status "$SPID"
		is "upload from a $feed: receiver exit 0" "$rc" 0
		is "upload from a $feed: arrived whole" "$(sum_of "$T/up")" "$(sum_of "$T/a")"
	else
		fail "upload from a $feed: receiver did not start"
	fi
done

# 4. The peer closes first while our stdin is a pipe that stays open.
# Without -Q: stdout is closed at once (the reader sees EOF) but the client
# keeps running to send the rest; it ends when stdin ends.
mkfifo "$T/hold" "$T/cout"
printf 'bye\n' >"$T/bye"
for q in "" -Q; do
	exec 4<>"$T/hold"	# keeps the client's stdin open
	if SIN=$T/bye server 20 "$SOCKT" listen -v -q 0 127.0.0.1 0; then
		BGIN=$T/hold BGOUT=$T/cout bg 20 "$SOCKT" connect $q 127.0.0.1 "$SPORT"
		cpid=$BGPID
		# cat ends only when the client's stdout is closed
		got=$(timeout 10 cat "$T/cout")
		is "peer closes first ${q:-(no -Q)}: data, then EOF on stdout" "$got" "bye"
		if [ -z "$q" ]; then
			if kill -0 "$cpid" 2>/dev/null; then
				pass "no -Q: still running after the peer closed (stdin a pipe)"
			else
				fail "no -Q: still running after the peer closed (stdin a pipe)"
			fi
			printf 'late data\n' >&4
			exec 4>&-
			wait_status "$cpid"
			is "no -Q: exits 0 once stdin ends" "$rc" 0
		else
			wait_status "$cpid"
			is "-Q: exits 0 at peer EOF with stdin still open" "$rc" 0
			exec 4>&-
		fi
		wait "$SPID"
	else
		fail "peer closes first: server did not start"
	fi
done

# 5. The peer closes first while stdin is a terminal: exit at once.
pty_run() {	# run "$@" with a pseudo-terminal as stdin and stdout
	if have python3; then
		timeout 15 python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode("latin-1"))
sys.exit(os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128)
' "$@"
		return $?
	fi
	return 2
}
if have python3; then
	if SIN=$T/bye server 20 "$SOCKT" listen -v -q 0 127.0.0.1 0; then
		pty_run "$SOCKT" connect 127.0.0.1 "$SPORT" >"$T/ptyout"
		rc=$?
		is "stdin a terminal: exits 0 when the peer closes" "$rc" 0
		like "stdin a terminal: printed the data" "$(tr -d '\r' <"$T/ptyout")" "bye*"
		wait "$SPID"
	else
		fail "terminal: server did not start"
	fi
else
	skip "stdin a terminal: exits when the peer closes" "python3 (pty) not installed"
	skip "stdin a terminal: printed the data" "python3 (pty) not installed"
fi

# 6. The listener side of the same rule: a client that closes first.
if SIN=$T/small SOUT=$T/lout server 20 "$SOCKT" listen -v 127.0.0.1 0; then
	run 20 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
	is "-d client: receives everything" "$(sum_of "$T/out")" "$(sum_of "$T/small")"
	wait_status "$SPID"
	is "-d client: listener exits 0" "$rc" 0
	is "-d client: sent nothing" "$(wc -c <"$T/lout" | tr -d ' ')" 0
else
	fail "-d: server did not start"
fi

# 7. A server that answers, then resets while we are still sending (it
# closed with our data unread, as a program that exits early does): its
# answer is printed, not lost to the write error.  The client is stopped
# while the answer and the reset arrive, so it finds both at once; it is
# stopped only once its first byte came, so it is in its relay then, not
# still connecting (where the reset is a failed connect).
if have python3; then
	cat >"$T/rst.py" <<'PY'
import socket, struct, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
c, _ = s.accept()
# the client's first byte: it is past connecting, in its relay
c.recv(1)
sys.stderr.write("accepted\n")
sys.stderr.flush()
open(sys.argv[1]).readline()
c.sendall(b"answer\n")
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
sys.stderr.write("reset\n")
sys.stderr.flush()
PY
	mkfifo "$T/rstgo"
	exec 7<>"$T/rstgo"
	if server 20 python3 "$T/rst.py" "$T/rstgo"; then
		RLOG=$SLOG
		# endless input: the client is still sending, blocked on a
		# full socket, when the reset comes
		BGIN=/dev/zero BGOUT=$T/rstout BGERR=$T/rsterr bg 20 \
		    "$SOCKT" connect 127.0.0.1 "$SPORT"
		CPID=$BGPID
		wait_until 10 grep -q accepted "$RLOG"
		kill -STOP "$CPID"
		echo go >&7
		wait_until 10 grep -q reset "$RLOG"
		kill -CONT "$CPID"
		wait_status "$CPID"
		is "reset while sending: the answer sent before it is printed" \
		    "$(cat "$T/rstout")" "answer"
		# the first write after a reset says so; a later one, EPIPE
		got="$rc $(cat "$T/rsterr")"
		want="1 sockt connect: 127.0.0.1 port $SPORT"
		case $got in
		"$want: Connection reset by peer" | "$want: Broken pipe")
			pass "... and the reset is said, exit 1" ;;
		*)	fail "... and the reset is said, exit 1" "got:  $got" ;;
		esac
	else
		fail "reset while sending: server did not start"
	fi
	exec 7<&-
else
	skip "reset while sending: the answer is printed" "no python3"
	skip "... and the reset is said" "no python3"
fi

done_testing
