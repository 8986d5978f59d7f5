#!/bin/sh
# listen -U when the path is taken (issue 19): a stale socket file is
# replaced; a live socket of any kind (listening, with a full backlog,
# bound but not yet listening, datagram) makes listen exit 1 at once with
# "PATH: Address already in use" and is left working; a file that is no
# socket (regular file, directory, symbolic link) is never removed; and at
# exit listen removes only the socket file it made.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

PEER=$(cd "$(dirname "$0")" && pwd)/unix_peer.py
printf 'pong\n' >"$T/pong"

# ino PATH: PATH's inode number (empty when PATH is absent)
ino() { ls -di "$1" 2>/dev/null | awk '{ print $1 }'; }

# hold MODE PATH: unix_peer.py binds PATH as MODE says; $HPID once ready
_hn=0
hold() {
	_hn=$((_hn + 1))
	BGOUT=$T/hold$_hn bg 60 python3 "$PEER" "$1" "$2"
	HPID=$BGPID
	wait_until 10 grep -q ready "$T/hold$_hn"
}

# skip_all REASON DESC...: the checks a missing tool takes away
skip_all() {
	_why=$1
	shift
	for _d in "$@"; do skip "$_d" "$_why"; done
}

# taken DESC PATH: listen -U PATH was refused at once as in use
taken() {
	timed 10 "$SOCKT" listen -w 5 -U "$2"
	is "$1: exit 1" "$rc" 1
	is "$1: message" "$err" "sockt listen: $2: $(errtext EADDRINUSE)"
	check "$1: at once, no wait ($el ms)" within 0 3000 "$el"
}

# A stale file: a sockt listener killed before it could remove its file.
sock=$T/stale.sock
if SIN=$T/pong server 30 "$SOCKT" listen -v -U "$sock"; then
	kill -KILL "$SPID"
	wait "$SPID" 2>/dev/null
	check "a killed listener leaves its socket file" test -S "$sock"
	if SIN=$T/pong server 30 "$SOCKT" listen -v -U "$sock"; then
		run 10 "$SOCKT" connect -U "$sock" </dev/null
		is "the stale file is replaced by a working listener" "$out" \
		    pong
		wait_status "$SPID"
		is "the new listener exits 0" "$rc" 0
	else
		fail "the stale file is replaced by a working listener"
		fail "the new listener exits 0"
	fi
else
	fail "a killed listener leaves its socket file"
	fail "the stale file is replaced by a working listener"
	fail "the new listener exits 0"
fi

# A live sockt listener: refused without touching it.  The old stream
# probe was a connection, and the relay listener took it for its one
# client, so the real client found nobody.
sock=$T/live.sock
if SIN=$T/pong server 30 "$SOCKT" listen -v -U "$sock"; then
	before=$(ino "$sock")
	taken "a live listener" "$sock"
	is "a live listener: its file stays" "$(ino "$sock")" "$before"
	run 10 "$SOCKT" connect -U "$sock" </dev/null
	is "a live listener: its one client is still the real one" "$out" pong
	wait_status "$SPID"
else
	fail "a live listener: server starts"
fi

if have python3; then
	# A full backlog: the old blocking probe waited for a free slot that
	# never came.
	sock=$T/full.sock
	if hold full "$sock"; then
		before=$(ino "$sock")
		taken "a listener with a full backlog" "$sock"
		is "a full backlog: rc is not the watchdog's" "$rc" 1
		is "a full backlog: its file stays" "$(ino "$sock")" "$before"
		check "a full backlog: the listener lives" alive "$HPID"
		# -k, -c and --to bind through the same code
		timed 10 "$SOCKT" listen -k -U "$sock" -c 'echo hi'
		is "listen -k -c, a full backlog: in use" "$rc:$err" \
		    "1:sockt listen: $sock: $(errtext EADDRINUSE)"
		check "listen -k -c, a full backlog: at once ($el ms)" \
		    within 0 3000 "$el"
		timed 10 "$SOCKT" listen -U "$sock" --to 127.0.0.1:9
		is "listen --to, a full backlog: in use" "$rc:$err" \
		    "1:sockt listen: $sock: $(errtext EADDRINUSE)"
		check "listen --to, a full backlog: at once ($el ms)" \
		    within 0 3000 "$el"
		kill "$HPID"
	else
		fail "unix_peer full starts"
	fi

	# A stream socket bound but not yet listening (another server between
	# its bind and its listen): the old stream probe was refused, took it
	# for stale and removed it.
	sock=$T/bound.sock
	if hold bound "$sock"; then
		before=$(ino "$sock")
		taken "a socket bound, not yet listening" "$sock"
		is "a bound socket: its file stays" "$(ino "$sock")" "$before"
		kill "$HPID"
	else
		fail "unix_peer bound starts"
	fi

	# A live datagram socket: a stream probe gets EPROTOTYPE, not refused.
	sock=$T/dgram.sock
	if hold dgram "$sock"; then
		before=$(ino "$sock")
		taken "a live datagram socket" "$sock"
		is "a datagram socket: its file stays" "$(ino "$sock")" "$before"
		kill "$HPID"
	else
		fail "unix_peer dgram starts"
	fi

	# A symbolic link to a live listener is no socket: it stays, and so
	# does the listener.
	sock=$T/py.sock
	if hold listen "$sock"; then
		ln -s "$sock" "$T/link.sock"
		run 10 "$SOCKT" listen -w 5 -U "$T/link.sock"
		is "a symbolic link: exit 1" "$rc" 1
		is "a symbolic link: message" "$err" \
		    "sockt listen: $T/link.sock: exists and is not a socket"
		check "a symbolic link: it stays" test -L "$T/link.sock"
		run 10 "$SOCKT" connect -U "$T/link.sock" </dev/null
		is "a symbolic link: the listener behind it answers" "$out" alive
		kill "$HPID"
	else
		fail "unix_peer listen starts"
	fi

	# At exit listen removes its own file, not what replaced it: here
	# its file was removed and another server bound the path meanwhile.
	sock=$T/mine.sock
	if SIN=$T/pong server 30 "$SOCKT" listen -v -w 2 -U "$sock"; then
		rm -f "$sock"
		if hold listen "$sock"; then
			before=$(ino "$sock")
			wait_status "$SPID"
			is "listen -w expires: exit 1" "$rc" 1
			is "at exit, the other server's file stays" \
			    "$(ino "$sock")" "$before"
			run 10 "$SOCKT" connect -U "$sock" </dev/null
			is "at exit, the other server still answers" "$out" alive
			kill "$HPID"
		else
			fail "unix_peer listen starts"
		fi
	fi
else
	skip_all "python3 not installed" \
	    "a listener with a full backlog: exit 1" \
	    "a listener with a full backlog: message" \
	    "a listener with a full backlog: at once, no wait" \
	    "a full backlog: rc is not the watchdog's" \
	    "a full backlog: its file stays" \
	    "a full backlog: the listener lives" \
	    "listen -k -c, a full backlog: in use" \
	    "listen -k -c, a full backlog: at once" \
	    "listen --to, a full backlog: in use" \
	    "listen --to, a full backlog: at once" \
	    "a socket bound, not yet listening: exit 1" \
	    "a socket bound, not yet listening: message" \
	    "a socket bound, not yet listening: at once, no wait" \
	    "a bound socket: its file stays" \
	    "a live datagram socket: exit 1" \
	    "a live datagram socket: message" \
	    "a live datagram socket: at once, no wait" \
	    "a datagram socket: its file stays" \
	    "a symbolic link: exit 1" \
	    "a symbolic link: message" \
	    "a symbolic link: it stays" \
	    "a symbolic link: the listener behind it answers" \
	    "listen -w expires: exit 1" \
	    "at exit, the other server's file stays" \
	    "at exit, the other server still answers"
fi

# A regular file and a directory are never removed.
printf 'keep me\n' >"$T/file"
run 10 "$SOCKT" listen -w 5 -U "$T/file"
is "a regular file: exit 1" "$rc" 1
is "a regular file: message" "$err" \
    "sockt listen: $T/file: exists and is not a socket"
is "a regular file: untouched" "$(cat "$T/file")" "keep me"
mkdir "$T/dir"
run 10 "$SOCKT" listen -w 5 -U "$T/dir"
is "a directory: exit 1" "$rc" 1
is "a directory: message" "$err" \
    "sockt listen: $T/dir: exists and is not a socket"
check "a directory: still there" test -d "$T/dir"

done_testing
