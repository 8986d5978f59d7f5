#!/bin/sh
# t0022: --no-shutdown (issue 19, sections 4 and 6).  Proxies such as
# microsocks end the whole tunnel at the first end of file they see, so a
# client that half-closes after its request gets no answer through them:
# --no-shutdown keeps our side open (connect, listen, the forwarder), nc's
# -X/-x spelling implies it, and git's protocol v2 clones through
# GIT_PROXY_COMMAND.  -d half-closes at once, as an empty stdin would,
# unless --no-shutdown.  microsocks, git daemon and python3 are optional.
. "$(dirname "$0")/lib.sh"

D=$(cd "$(dirname "$0")" && pwd)
. "$D/proxies.sh"

# a stdin that never ends: a fifo held open both ways
mkfifo "$T/hold" && exec 7<>"$T/hold"

# --- -d: the half-close comes at once (section 6)
# a server that answers only once it has read the client's end of file,
# and says so in $T/mark
eofsrv='cat >/dev/null; echo eof >"$0"; echo got-eof'
rm -f "$T/mark"
if server 20 "$SOCKT" listen -v 127.0.0.1 0 -e sh -c "$eofsrv" "$T/mark"
then
	run 5 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
	is "connect -d: the server reads our end of file at once and answers" \
	    "$rc:$out" "0:got-eof"
	wait_status "$SPID"
fi
rm -f "$T/mark"
if server 20 "$SOCKT" listen -v 127.0.0.1 0 -e sh -c "$eofsrv" "$T/mark"
then
	EPID=$SPID
	timed 10 "$SOCKT" connect -d --no-shutdown -i 1 127.0.0.1 "$SPORT"
	# the server never answered: it saw no end of file while we were there
	like "connect -d --no-shutdown: no end of file, so no answer (-i 1 ends it)" \
	    "$rc:$out:$err" "1::*idle for 1.000 s*"
	check "... after about -i 1 ($el ms)" within 900 4000 "$el"
	check "... the server reads its end of file when the client has gone" \
	    wait_until 5 test -s "$T/mark"
	wait_status "$EPID"
fi
# listen -d: the same on the listening side; a client that quits when the
# peer closes (-Q) and would otherwise stay (its stdin never ends)
printf 'up\n' >&7
if SOUT=$T/ld server 20 "$SOCKT" listen -d -v 127.0.0.1 0; then
	LPID=$SPID
	run 10 "$SOCKT" connect -Q -i 3 127.0.0.1 "$SPORT" <&7
	crc=$rc
	wait_status "$LPID"
	is "listen -d: half-closes at once (a -Q client exits 0), takes the data" \
	    "$crc:$rc:$(cat "$T/ld")" "0:0:up"
fi

# --- connect --no-shutdown: the reader of stdout goes away
rm -f "$T/mark"
mkfifo "$T/pipe"
if server 20 "$SOCKT" listen -v 127.0.0.1 0 -e sh -c "$eofsrv" "$T/mark"
then
	EPID=$SPID
	BGOUT=$T/pipe BGERR=$T/rerr bg 10 "$SOCKT" connect --no-shutdown \
	    127.0.0.1 "$SPORT"
	RPID=$BGPID
	# open the fifo's reading end, and close it at once: the reader left
	exec 9<"$T/pipe"
	exec 9<&-
	wait_status "$RPID"
	is "--no-shutdown: stdin ended, the reader of stdout left: exit 0" \
	    "$rc:$(cat "$T/rerr")" "0:"
	check "... and the server reads its end of file then" \
	    wait_until 5 test -s "$T/mark"
	wait_status "$EPID"
fi

# --- listen --no-shutdown: stdin's end is not passed on
printf 'from listener\n' >"$T/lmsg"
printf 'reply\n' >&7
if SIN=$T/lmsg SOUT=$T/lout server 20 "$SOCKT" listen --no-shutdown -v \
    127.0.0.1 0; then
	LPID=$SPID
	run 10 "$SOCKT" connect -Q -i 1 127.0.0.1 "$SPORT" <&7
	like "listen --no-shutdown: the client gets the data and no end of file" \
	    "$rc:$out:$err" "1:from listener:*idle for 1.000 s*"
	wait_status "$LPID"
	is "listen --no-shutdown: exits 0 when the client has gone, its data out" \
	    "$rc:$(cat "$T/lout")" "0:reply"
fi
run 5 "$SOCKT" listen -k --no-shutdown 127.0.0.1 0
like "listen -k --no-shutdown (a collector): usage error" "$rc:$err" \
    "2:sockt listen: --no-shutdown goes with the relay to stdin or --to; not with -k alone*"
run 5 "$SOCKT" listen --no-shutdown 127.0.0.1 0 -e cat
like "listen --no-shutdown -e: usage error" "$rc:$err" \
    "2:sockt listen: --no-shutdown goes with the relay to stdin or --to; not with -c or -e*"

# --- the forwarder: the client's end of file is not passed on, the far
# side's is.  The far side answers a line, then waits for end of file.
far='read l; echo "got $l"; cat >/dev/null'
if server 30 "$SOCKT" listen -k -v 127.0.0.1 0 -c "$far"; then
	FARPID=$SPID FARPORT=$SPORT
	if server 30 "$SOCKT" listen -v -i 1 --no-shutdown 127.0.0.1 0 \
	    --to "127.0.0.1:$FARPORT"; then
		FWPID=$SPID
		timed 10 sh -c "printf 'hi\\n' | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
		is "forwarder --no-shutdown: the far side answers" "$rc:$out" \
		    "0:got hi"
		# with the end of file passed on it would end at once
		check "... and the session lasts until -i 1 ($el ms)" \
		    within 900 4000 "$el"
		wait_status "$FWPID"
		is "... the forwarder exits 0" "$rc" 0
	fi
	kill "$FARPID"
	wait "$FARPID" 2>/dev/null
fi

# --- through microsocks
if ! have microsocks || ! have python3; then
	for n in 1 2 3 4 5 6 7; do
		skip "through microsocks $n" "microsocks or python3 missing"
	done
	done_testing
	exit
fi
MP=$(freeport)
bg 120 microsocks -i 127.0.0.1 -p "$MP"
wait_until 10 up "$MP" || fail "microsocks starts on port $MP"

mkdir "$T/www"
printf 'HTTP/1.0 200 OK\r\nContent-Length: 25\r\n\r\nhello through microsocks\n' \
    >"$T/www/page_close"
server 60 python3 "$D/canned_http.py" "$T/www" ||
    { done_testing; exit 1; }
HP=$SPORT
GET='GET /page_close HTTP/1.0\r\n\r\n'

run 10 sh -c "printf '$GET' | \"\$SOCKT\" connect --no-shutdown \
    --proxy socks5h://127.0.0.1:$MP 127.0.0.1 $HP"
like "microsocks: printf GET | connect --no-shutdown --proxy prints the page" \
    "$rc:$out" "0:HTTP/1.0 200 OK*hello through microsocks"
run 10 sh -c "printf '$GET' | \"\$SOCKT\" connect -X 5 -x 127.0.0.1:$MP \
    127.0.0.1 $HP"
like "microsocks: -X 5 -x implies --no-shutdown, prints the page" \
    "$rc:$out" "0:HTTP/1.0 200 OK*hello through microsocks"

# without --no-shutdown --proxy half-closes, as before, and microsocks ends
# the tunnel at our end of file: nothing, exit 0 (a server that answers
# 0.3 s late, so the end of file is sure to reach microsocks first)
cat >"$T/slow.py" <<'EOF'
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
sys.stderr.write("slow: listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
while True:
    c, _ = s.accept()
    d = b""
    while b"\r\n\r\n" not in d:
        x = c.recv(4096)
        if not x:
            break
        d += x
    time.sleep(0.3)  # the scenario: an answer that takes a while
    try:
        c.sendall(b"HTTP/1.0 200 OK\r\n\r\nslow answer\n")
    except OSError:
        pass
    c.close()
EOF
if server 60 python3 "$T/slow.py"; then
	run 10 sh -c "printf '$GET' | \"\$SOCKT\" connect \
	    --proxy socks5h://127.0.0.1:$MP 127.0.0.1 $SPORT"
	without=$rc:$out
	run 10 sh -c "printf '$GET' | \"\$SOCKT\" connect --no-shutdown \
	    --proxy socks5h://127.0.0.1:$MP 127.0.0.1 $SPORT"
	like "microsocks: --proxy still half-closes (no answer), --no-shutdown gets it" \
	    "$without|$rc:$out" "0:|0:*slow answer"
fi

# the forwarder through microsocks: a client that half-closes is answered
if server 30 "$SOCKT" listen -v --no-shutdown 127.0.0.1 0 \
    --to "127.0.0.1:$HP" --proxy "socks5h://127.0.0.1:$MP"; then
	FWPID=$SPID
	run 10 sh -c "printf '$GET' | \"\$SOCKT\" connect 127.0.0.1 $SPORT"
	like "forwarder --no-shutdown --proxy microsocks: a half-closing client gets the page" \
	    "$rc:$out" "0:HTTP/1.0 200 OK*hello through microsocks"
	wait_status "$FWPID"
	is "... the forwarder exits 0" "$rc" 0
fi

# --- git's protocol v2 through GIT_PROXY_COMMAND
gitd() {
	# git daemon cannot listen on port 0: a port free a moment ago, and
	# another one if that was taken meanwhile
	for _try in 1 2; do
		GP=$(freeport)
		: >"$T/gitd.err"
		BGERR=$T/gitd.err bg 120 git daemon --export-all --reuseaddr \
		    --verbose --base-path="$T/srv" --listen=127.0.0.1 \
		    --port="$GP" "$T/srv"
		GDPID=$BGPID
		wait_until 10 gitd_up && grep -q 'Ready to rumble' \
		    "$T/gitd.err" && return 0
		kill "$GDPID" 2>/dev/null
	done
	return 1
}
gitd_up() { grep -q 'Ready to rumble' "$T/gitd.err" || ! alive "$GDPID"; }
# clone ARGS...: clone repo.git through sockt connect ARGS
clone() {
	printf '#!/bin/sh\nexec "%s" connect %s "$1" "$2"\n' "$SOCKT" "$*" \
	    >"$T/pxcmd"
	chmod +x "$T/pxcmd"
	rm -rf "$T/out.git"
	run 30 git -c protocol.version=2 clone -q \
	    "git://127.0.0.1:$GP/repo.git" "$T/out.git"
}
if ! have git || ! git daemon -h 2>&1 | grep -q -- --base-path; then
	skip "git clone through --no-shutdown" "git daemon missing"
	skip "git clone through -X 5 -x" "git daemon missing"
	done_testing
	exit
fi
export HOME="$T" GIT_CONFIG_NOSYSTEM=1 GIT_PROXY_COMMAND="$T/pxcmd"
git init -q "$T/src" && printf 'content through microsocks\n' >"$T/src/f" &&
    git -C "$T/src" add f &&
    git -C "$T/src" -c user.name=t -c user.email=t@t commit -qm one &&
    mkdir "$T/srv" && git clone -q --bare "$T/src" "$T/srv/repo.git" ||
    fail "a repository to serve"
if gitd; then
	clone --no-shutdown --proxy "socks5h://127.0.0.1:$MP"
	is "git protocol v2 clone through connect --no-shutdown --proxy microsocks" \
	    "$rc:$(cat "$T/out.git/f" 2>/dev/null)" "0:content through microsocks"
	clone -X 5 -x "127.0.0.1:$MP"
	is "git protocol v2 clone through connect -X 5 -x microsocks" \
	    "$rc:$(cat "$T/out.git/f" 2>/dev/null)" "0:content through microsocks"
else
	fail "git daemon starts" "$(cat "$T/gitd.err")"
fi

done_testing
