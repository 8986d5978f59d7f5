#!/bin/sh
# t2030: http-get -o and the caller's environment: a signal the caller
# ignored (nohup) does not end a download; -o writes through a symlink.
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "http-get -o with ignored signals and symlinks" \
	    "python3 not installed"
	done_testing
	exit
fi

# A server that sends half of the body, then waits for the file $T/go
# before it sends the rest (one connection at a time).
if ! server 60 python3 -c '
import os, socket, sys, time
go = sys.argv[1]
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(4)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
while True:
    c, _ = s.accept()
    data = b""
    while b"\r\n\r\n" not in data:
        b = c.recv(4096)
        if not b:
            break
        data += b
    wait = b"GET /pause " in data
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nfirst")
    for i in range(200):
        if not wait or os.path.exists(go):
            break
        time.sleep(0.05)
    c.sendall(b"rest\n")
    c.close()
' "$T/go"; then
	fail "pausing server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT

# SIGHUP ignored by the caller (as nohup does): the download survives it
mkdir "$T/dl"
bg 15 sh -c 'trap "" HUP; exec "$@"' sh "$SOCKT" http-get -sS \
    -o "$T/dl/f" "$U/pause"
i=0
while [ $i -lt 200 ] && [ -z "$(ls -A "$T/dl")" ]; do
	sleep 0.05
	i=$((i + 1))
done
like "the download is under way" "$(ls -A "$T/dl")" ".f.sockt-*"
# the HUP is pending before the body can end: sockt acts on it at its
# next return from the kernel, before it can finish the file
kill -HUP "$BGPID"
: >"$T/go"
wait_status "$BGPID"
is "an ignored SIGHUP does not end the download" "$rc" 0
is "... which completes" "$(cat "$T/dl/f" 2>&1)" "firstrest"
is "... and leaves no temporary file" "$(ls -A "$T/dl")" "f"

# -o onto a symlink writes through it: the link stays, its target changes
mkdir "$T/ln" "$T/ln/real"
printf 'old\n' >"$T/ln/real/file"
ln -s real/file "$T/ln/link"
run 10 "$SOCKT" http-get -sS -o "$T/ln/link" "$U/plain"
is "-o onto a symlink: exit 0" "$rc:$err" "0:"
check "... the link is still a link" test -L "$T/ln/link"
is "... its target has the body" "$(cat "$T/ln/real/file")" "firstrest"
is "... and no temporary file is left" "$(ls -A "$T/ln" "$T/ln/real" | tr '\n' ' ')" \
    "$T/ln: link real  $T/ln/real: file "

done_testing
