#!/bin/sh
# listen -c with programs that fork: SIGTERM, SIGINT or SIGHUP to the
# server ends the program's whole process group, so no grandchild lives
# on holding the client's connection; and Ctrl-C at a terminal, which
# reaches the server alone, does the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"

# Each program prints the pid of a grandchild of the server first: the
# inner sh that becomes the first cat, or the background sleep.
prog_cat='sh -c '\''echo $$; exec cat'\''; cat'
prog_bg='sleep 100 & echo $!; wait'

# orphan DESC SIGNAL PROGRAM LISTEN-OPTIONS...
orphan() {
	_d=$1 _sig=$2 _prog=$3
	shift 3
	server 30 "$SOCKT" listen "$@" -v 127.0.0.1 0 -c "$_prog" ||
	    { fail "$_d: server starts"; return; }
	: >"$T/cout"
	# no half-close: cat must not end of itself
	BGOUT=$T/cout bg 20 "$SOCKT" connect -d --no-shutdown 127.0.0.1 \
	    "$SPORT"
	_cpid=$BGPID
	wait_until 4 test -s "$T/cout"
	_g=$(head -n 1 "$T/cout")
	case $_g in
	'' | *[!0-9]*)
		fail "$_d: the program runs" "got: $_g"
		kill "$SPID" 2>/dev/null
		return ;;
	esac
	kill -"$_sig" "$SPID"
	wait_status "$SPID"
	if wait_gone "$_g" 4 && wait_gone "$_cpid" 4; then
		pass "$_d: grandchild gone, client closed, exit $rc"
	else
		fail "$_d: grandchild gone, client closed" \
		    "grandchild $_g: $(ps -o stat=,args= -p "$_g")" \
		    "client alive: $(alive "$_cpid" && echo yes || echo no)"
		kill "$_g" 2>/dev/null
	fi
	is "$_d: the server exits 0" "$rc" 0
	wait "$_cpid" 2>/dev/null
}

for sig in TERM INT HUP; do
	orphan "-k, SIG$sig, cat; cat" $sig "$prog_cat" -k
	orphan "-k, SIG$sig, sleep & wait" $sig "$prog_bg" -k
done
# behind the -i relay the program shares the relay child's group
orphan "-k -i, SIGTERM, cat; cat" TERM "$prog_cat" -k -i 30
orphan "-k -i, SIGINT, sleep & wait" INT "$prog_bg" -k -i 30
# one connection, no -k
orphan "no -k, SIGHUP, cat; cat" HUP "$prog_cat"
orphan "no -k, SIGTERM, sleep & wait" TERM "$prog_bg"

# -i: an idle client is cut off, and the relay ends the program's group
server 20 "$SOCKT" listen -k -v -i 0.5 127.0.0.1 0 -c "$prog_bg" ||
    fail "-i 0.5 server starts"
run 10 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
g=$(printf '%s\n' "$out" | head -n 1)
if wait_gone "$g" 4; then
	pass "-i: the idle timeout ends the program's background job too"
else
	fail "-i: the idle timeout ends the program's background job too" \
	    "rc $rc, grandchild ${g:-none}: $(ps -o stat=,args= -p "${g:-1}")"
	[ -n "$g" ] && kill "$g" 2>/dev/null
fi
kill "$SPID"
wait "$SPID" 2>/dev/null

# The server's children are not in its process group, nor in each
# other's; the server is still in the group it was started in.
server 20 "$SOCKT" listen -k -v 127.0.0.1 0 -c 'sleep 30' || fail "pgid server starts"
LPID=$SPID
BGOUT=/dev/null bg 10 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
BGOUT=/dev/null bg 10 "$SOCKT" connect -d 127.0.0.1 "$SPORT"
wait_until 5 has_nkids "$LPID" 2
groups=$(for k in $(children_of "$LPID"); do ps -o pgid= -p "$k"; done | tr -d ' ' | sort -u | tr '\n' ' ')
want=$(for k in $(children_of "$LPID"); do echo "$k"; done | sort -u | tr '\n' ' ')
is "two children, each the leader of its own process group" \
    "$groups" "$want"
check "... and there are two of them" [ "$(echo $want | wc -w)" -eq 2 ]
is "the server stays in its own group" "$(ps -o pgid= -p "$LPID" | tr -d ' ')" \
    "$(ps -o pgid= -p $$ | tr -d ' ')"
kill "$LPID"
wait "$SPID" 2>/dev/null

# Ctrl-C at a terminal: the server, the foreground job, gets SIGINT; the
# programs, in their own groups, do not and must be ended by the server.
if have python3; then
	timeout -k 2 20 python3 - "$SOCKT" "$prog_bg" >"$T/pty" 2>&1 <<'EOF'
import os, pty, select, signal, socket, sys, time

sockt, prog = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    # the session leader is a shell that outlives the server: were it
    # the server, its exit would send SIGHUP to the foreground group
    os.execv("/bin/sh", ["sh", "-c", 'trap "" INT; "$0" listen -k -v '
             '127.0.0.1 0 -c "$1"; echo "status $?"; sleep 10',
             sockt, prog])
buf = b""
end = time.monotonic() + 5
while b"port " not in buf or not buf.endswith(b"\n"):
    if time.monotonic() > end or not select.select([fd], [], [], 1)[0]:
        print("no listening line: %r" % buf)
        sys.exit(1)
    buf += os.read(fd, 1024)
port = int(buf.split(b"port ")[1].split()[0])
c = socket.create_connection(("127.0.0.1", port), timeout=5)
line = b""
while not line.endswith(b"\n"):
    line += c.recv(100)
gpid = int(line)
os.write(fd, b"\x03")      # the terminal's interrupt character
c.settimeout(5)
try:
    closed = c.recv(100) == b""
except (ConnectionResetError, socket.timeout):
    closed = False


def gone(p):
    try:
        with open("/proc/%d/stat" % p) as f:
            return f.read().split(") ")[1][0] == "Z"
    except FileNotFoundError:
        return True


end = time.monotonic() + 4
while not gone(gpid) and time.monotonic() < end:
    time.sleep(0.05)
dead = gone(gpid)
if not dead:
    os.kill(gpid, signal.SIGKILL)
buf = b""
end = time.monotonic() + 4
while b"status " not in buf or not buf.endswith(b"\n"):
    if time.monotonic() > end or not select.select([fd], [], [], 1)[0]:
        break
    buf += os.read(fd, 1024)
status = buf.split(b"status ")[-1].strip().decode() if b"status " in buf \
    else "none"
os.kill(pid, signal.SIGKILL)
os.waitpid(pid, 0)
print("closed=%s gone=%s status=%s" % (closed, dead, status))
EOF
	is "Ctrl-C at a terminal ends the server and the program's group" \
	    "$(tail -n 1 "$T/pty")" "closed=True gone=True status=0"
else
	skip "Ctrl-C at a terminal ends the server and the program's group" "no python3"
fi

done_testing
