#!/bin/sh
# t2065: http-get -Z (issue 22, "parallel transfers"): 250 URLs from a
# real nginx, over http and https, compared byte for byte with the same
# run without -Z and with curl -Z (the same files, statuses and exit
# status); bodies to stdout in URL order, a large one spilled to a
# temporary file and written whole; --write-out once per URL with
# %{url} and %{urlnum}; the exit status of the first failure in URL
# order whatever the order the transfers end in; --fail-early; the
# connection limits, counted in nginx's own log; -o atomic when one
# transfer is cut short; redirects and retries under -Z; what -Z refuses.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pki.sh"
. "$(dirname "$0")/nginx.sh"
. "$(dirname "$0")/proxies.sh"

pki_or_skip "parallel transfers" nginx python3
W=$T/www
mkdir -p "$W/m" "$T/z" "$T/s" "$T/c" "$T/ka"
N=250
i=0
# sizes from 0 bytes to 40 KiB, in an order that makes the transfers end
# out of order; one of 3 MiB, past what a held body keeps in memory
# (written by one python3: a head a file was 250 execs)
python3 -c 'import os, sys
for i in range(int(sys.argv[2])):
    with open("%s/f%d" % (sys.argv[1], i), "wb") as f:
        f.write(os.urandom(3145728 if i == 3 else i * 7919 % 40961))' \
    "$W/m" "$N" || fail "the $N files"
while [ $i -lt $N ]; do
	echo "http://localhost:@P@/m/f$i"
	i=$((i + 1))
done >"$T/list.in"
LOG=$T/nginx/logs/access.log
NGCONF_PLAIN="listen unix:$T/ng.sock;
location = /to5 { return 302 /m/f5; }
location = /loop { return 302 /loop; }
location /slow/ { alias $W/m/; limit_rate 1k; }"
if ! nginx_tls_start "$W" "log_format c '\$connection \$status \$request_uri';
access_log $LOG c;
keepalive_requests 10000;" good; then
	skip "parallel transfers" "nginx did not start"
	done_testing
	exit 0
fi
pass "nginx"
sed "s/@P@/$NGPORT/" "$T/list.in" >"$T/list"
CA="--cacert $P/ca.pem"

# conns N: $c, the connections nginx saw for the N requests since the last
# call, once it has logged them all (it logs after the response has gone:
# the client may be gone before the line is written)
nlog=0
logged() { [ "$(wc -l <"$LOG" | tr -d ' ')" -ge "$1" ]; }
conns() {
	wait_until 10 logged $((nlog + $1)) || echo "conns: log short" >&2
	c=$(tail -n +$((nlog + 1)) "$LOG" | head -n "$1" | awk '{ print $1 }' |
	    sort -u | wc -l | tr -d ' ')
	nlog=$((nlog + $1))
}
# same_tree DIR: how many of f0 to f$N-1 in DIR are not those of $W/m
# (missing or not the same bytes), by one diff -r (a cmp a file was
# 1,000 execs); a file more in DIR is no matter, nor $W/m's held
same_tree() {
	[ -d "$1" ] || { echo "$N"; return; }
	_bad=0
	diff -rq "$1" "$W/m" >"$T/st.diff" 2>&1
	while IFS= read -r _l; do
		case $_l in
		"Files $1/f"*" differ" | "Only in $W/m: f"* | diff:*)
			_bad=$((_bad + 1)) ;;
		esac
	done <"$T/st.diff"
	echo "$_bad"
}

# -O into a directory: every file exact, as without -Z and as curl -Z
nlog=$(wc -l <"$LOG" | tr -d ' ')
timeout -k 2 60 "$SOCKT" http-get -Z -s --remote-name-all --output-dir "$T/z" --urls "$T/list"
is "-Z -O, $N URLs: exit 0" "$?" 0
is "... every file exact" "$(same_tree "$T/z")" 0
conns $N
check "... over 2 to 6 connections to the host ($c)" \
    sh -c "[ $c -ge 2 ] && [ $c -le 6 ]"
timeout -k 2 60 "$SOCKT" http-get -sS --remote-name-all --output-dir "$T/s" --urls "$T/list"
is "without -Z: exit 0, the same files" "$?:$(same_tree "$T/s")" 0:0
conns $N
is "... on one connection" "$c" 1
if have curl; then
	(cd "$T/c" && timeout -k 2 60 curl -sZ --parallel-max 50 \
	    --remote-name-all $(cat "$T/list"))
	is "curl -Z: exit 0, the same files" "$?:$(same_tree "$T/c")" 0:0
	(cd "$T/c" && ls) | sort >"$T/c.ls"
	(cd "$T/z" && ls) | sort >"$T/z.ls"
	check "... and no file more or less" cmp -s "$T/c.ls" "$T/z.ls"
	conns $N
else
	skip "curl -Z differential" "curl not installed"
fi

# the limits, as nginx counts connections
timeout -k 2 60 "$SOCKT" http-get -Z --parallel-host 2 -sS -o /dev/null \
    --urls "$T/list" >/dev/null
is "--parallel-host 2: exit 0" "$?" 0
conns $N
check "... 1 or 2 connections ($c)" sh -c "[ $c -ge 1 ] && [ $c -le 2 ]"
timeout -k 2 60 "$SOCKT" http-get -Z --parallel-max 3 --parallel-host 50 -sS \
    --urls "$T/list" >/dev/null
conns $N
check "--parallel-max 3: 1 to 3 connections ($c)" \
    sh -c "[ $c -ge 1 ] && [ $c -le 3 ]"

# To stdout: the bodies in URL order, each whole, as without -Z
# (by one cat: a cat a file was 250 execs)
i=$N
set --
while [ $i -gt 0 ]; do i=$((i - 1)); set -- "$W/m/f$i" "$@"; done
cat "$@" >"$T/all"
timeout -k 2 60 "$SOCKT" http-get -Z -sS --urls "$T/list" >"$T/zout"
is "-Z to stdout: exit 0" "$?" 0
check "... the bodies in URL order, byte for byte" cmp -s "$T/zout" "$T/all"
timeout -k 2 60 "$SOCKT" http-get -sS --urls "$T/list" >"$T/sout"
check "... the same bytes as without -Z" cmp -s "$T/zout" "$T/sout"

# --write-out: once per URL, %{urlnum} and %{url} name it
mkdir "$T/w1"
timeout -k 2 60 "$SOCKT" http-get -Z -sS --remote-name-all --output-dir "$T/w1" \
    --write-out '%{urlnum} %{http_code} %{size_download} %{url}\n' \
    --urls "$T/list" >"$T/wo"
is "--write-out: one line per URL" "$(wc -l <"$T/wo" | tr -d ' ')" $N
is "... each %{urlnum} once" "$(awk '{ print $1 }' "$T/wo" | sort -un |
    wc -l | tr -d ' ')" $N
bad=$(awk -v list="$T/list" 'BEGIN { while ((getline l < list) > 0)
    u[n++] = l } $4 != u[$1] || $2 != "200" { b++ } END { print b + 0 }' \
    "$T/wo")
is "... %{url} is the URL of that number, status 200" "$bad" 0
# The order they end in, made sure of: the first URL is held back by
# nginx's limit_rate (3 KiB at 1 KiB/s, two seconds at least), the 20
# after it are not; sorted, the lines would be in URL order
head -c 3072 /dev/urandom >"$W/m/held"
{ echo "http://localhost:$NGPORT/slow/held"; head -n 20 "$T/list"; } \
    >"$T/list2"
mkdir "$T/z2"
timeout -k 2 60 "$SOCKT" http-get -Z -sS --remote-name-all --output-dir "$T/z2" \
    --write-out '%{urlnum}\n' --urls "$T/list2" >"$T/wo2"
is "... in the order they end, not URL order: the held-back first last" \
    "$(tail -n 1 "$T/wo2"):$(wc -l <"$T/wo2" | tr -d ' ')" "0:21"

# The exit status: the first failure in URL order
closedport
U=http://localhost:$NGPORT
timeout -k 2 30 "$SOCKT" http-get -Z -sSf -o /dev/null -o /dev/null \
    -o /dev/null -o /dev/null "$U/m/f3" "$U/nothere" \
    "http://127.0.0.1:$CPORT/" "$U/m/f1"
is "-f: a 404 before a refused connection: exit 22" "$?" 22
timeout -k 2 30 "$SOCKT" http-get -Z -sSf -o /dev/null -o /dev/null \
    -o /dev/null "$U/m/f3" "http://127.0.0.1:$CPORT/" "$U/nothere"
is "... a refused connection before a 404: exit 7" "$?" 7
timeout -k 2 30 "$SOCKT" http-get -Z -f -o /dev/null -o /dev/null \
    "$U/nothere" "$U/m/f1" 2>"$T/err"
is "... and said" "$?:$(cat "$T/err")" \
    "22:sockt http-get: $U/nothere: server returned 404 Not Found"

timeout -k 2 30 "$SOCKT" http-get -Z -sS "http://nothere.invalid/" \
    "http://nothere.invalid/b" >/dev/null 2>"$T/err"
rc=$?
like "a name that does not resolve: exit 6, said for each" \
    "$rc:$(grep -c nothere.invalid "$T/err")" "6:2"

# --fail-early: no transfer starts after the first failure
rm -rf "$T/fe" && mkdir "$T/fe"
timeout -k 2 30 "$SOCKT" http-get -Z --parallel-max 1 --fail-early -sS \
    --remote-name-all --output-dir "$T/fe" "http://127.0.0.1:$CPORT/x" \
    "$U/m/f1" "$U/m/f2"
is "--fail-early, one at a time: exit 7, nothing fetched after" \
    "$?:$(ls "$T/fe" | wc -l | tr -d ' ')" "7:0"
timeout -k 2 30 "$SOCKT" http-get -Z --parallel-max 1 -sS --remote-name-all \
    --output-dir "$T/fe" "http://127.0.0.1:$CPORT/x" "$U/m/f1" "$U/m/f2"
is "... without it: exit 7, the others fetched" \
    "$?:$(ls "$T/fe" | wc -l | tr -d ' ')" "7:2"

# --unix-socket: every connection to it, whatever the URL's host
timeout -k 2 30 "$SOCKT" http-get -Z --parallel-host 3 -sS --unix-socket \
    "$T/ng.sock" http://nowhere.invalid/m/f1 http://nowhere.invalid/m/f2 \
    http://nowhere.invalid/m/f3 >"$T/ux"
cat "$W/m/f1" "$W/m/f2" "$W/m/f3" >"$T/uxw"
is "-Z --unix-socket: exit 0, the bodies in URL order" \
    "$?:$(cmp -s "$T/ux" "$T/uxw" && echo same)" "0:same"
timeout -k 2 30 "$SOCKT" http-get -Z -sS --unix-socket "$T/none.sock" \
    http://h/m/f1 >/dev/null 2>"$T/err"
rc=$?
is "... a socket that is not there: exit 7, said" "$rc:$(cat "$T/err")" \
    "7:sockt http-get: $T/none.sock: No such file or directory"

# redirects under -Z
timeout -k 2 30 "$SOCKT" http-get -ZL -sS "$U/to5" "$U/m/f1" "$U/to5" \
    >"$T/rd"
cat "$W/m/f5" "$W/m/f1" "$W/m/f5" >"$T/rdw"
is "-L: each redirect followed, the bodies in URL order" \
    "$?:$(cmp -s "$T/rd" "$T/rdw" && echo same)" "0:same"
timeout -k 2 30 "$SOCKT" http-get -ZL -sS --max-redirs 3 "$U/loop" "$U/m/f1" \
    >/dev/null 2>"$T/err"
rc=$?
like "... a loop: exit 47, said" "$rc:$(cat "$T/err")" \
    "47:*too many redirects (at most 3)*"

# https: the same files, verified as without -Z
if [ -n "${NGTLS_good:-}" ]; then
	H=https://localhost:$NGTLS_good
	sed "s|http://localhost:$NGPORT|$H|" "$T/list" >"$T/tlist"
	rm -rf "$T/t" && mkdir "$T/t"
	timeout -k 2 60 "$SOCKT" http-get -Z -s --remote-name-all --output-dir "$T/t" $CA \
	    --urls "$T/tlist"
	is "https -Z -O: exit 0, every file exact" "$?:$(same_tree "$T/t")" 0:0
	timeout -k 2 60 "$SOCKT" http-get -Z -sS $CA --urls "$T/tlist" \
	    >"$T/tout"
	check "https -Z to stdout: URL order, byte for byte" \
	    cmp -s "$T/tout" "$T/all"
	timeout -k 2 60 "$SOCKT" http-get -Z --pipeline 4 -sS $CA \
	    --urls "$T/tlist" >"$T/tout"
	is "https -Z --pipeline 4: exit 0, URL order, byte for byte" \
	    "$?:$(cmp -s "$T/tout" "$T/all" && echo same)" "0:same"
	timeout -k 2 30 "$SOCKT" http-get -Z -sS -o /dev/null "$H/m/f1" \
	    2>"$T/err"
	rc=$?
	like "https without the CA: refused, exit 60" "$rc:$(cat "$T/err")" \
	    "60:*certificate*"
	timeout -k 2 30 "$SOCKT" http-get -sSk -o /dev/null \
	    --write-out '%{ssl_verify_result} %{http_code}' "$H/m/f1" \
	    >"$T/wo1"
	timeout -k 2 30 "$SOCKT" http-get -Z -sk -o /dev/null \
	    --write-out '%{ssl_verify_result} %{http_code}' "$H/m/f1" \
	    >"$T/wo"
	is "... -k: fetched, the verdict in %{ssl_verify_result} as without -Z" \
	    "$?:$(cat "$T/wo")" "0:$(cat "$T/wo1")"
	check "... and that is a failed verification" [ "$(cut -d' ' -f1 \
	    "$T/wo")" != 0 ]
fi

# Through an http:// proxy (tinyproxy): absolute form, -p and https in
# CONNECT tunnels, the proxy from the environment; SOCKS is refused
if have tinyproxy && TP=$(freeport) && tiny "$TP" ""; then
	sed 's/localhost/127.0.0.1/' "$T/list" >"$T/plist"
	timeout -k 2 60 "$SOCKT" http-get -Z -sS -x "http://127.0.0.1:$TP" \
	    --urls "$T/plist" >"$T/px"
	is "-Z -x http://: exit 0, the bodies in URL order" \
	    "$?:$(cmp -s "$T/px" "$T/all" && echo same)" "0:same"
	timeout -k 2 60 "$SOCKT" http-get -Z --pipeline -p -sS \
	    -x "http://127.0.0.1:$TP" --urls "$T/plist" >"$T/px"
	is "-Z --pipeline -p: through CONNECT tunnels, the same" \
	    "$?:$(cmp -s "$T/px" "$T/all" && echo same)" "0:same"
	if [ -n "${NGTLS_good:-}" ]; then
		https_proxy=http://127.0.0.1:$TP timeout -k 2 60 "$SOCKT" \
		    http-get -Z -sS $CA --urls "$T/tlist" >"$T/px"
		is "https_proxy, https URLs: CONNECT, verified, the same" \
		    "$?:$(cmp -s "$T/px" "$T/all" && echo same)" "0:same"
	fi
	timeout -k 2 30 "$SOCKT" http-get -Z -f -x "http://127.0.0.1:$TP" \
	    "http://127.0.0.1:$CPORT/x" >/dev/null 2>"$T/err"
	rc=$?
	like "... -f, a server the proxy cannot reach: its error status, 22" \
	    "$rc:$(cat "$T/err")" "22:*server returned 5*"
	timeout -k 2 30 "$SOCKT" http-get -Z -sS -x "http://127.0.0.1:$CPORT" \
	    "http://127.0.0.1:$NGPORT/m/f1" >/dev/null 2>"$T/err"
	rc=$?
	is "... a proxy that is not there: exit 7, said" "$rc:$(cat "$T/err")" \
	    "7:sockt http-get: proxy 127.0.0.1 port $CPORT: Connection refused"
else
	skip "-Z through tinyproxy" "tinyproxy not installed or not started"
fi

# Scripted server: -o atomic when one transfer is cut short; retries
r() { f=$1; shift; printf "$@" >"$T/ka/$f"; }
r a 'HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\naaa\n'
r cut_close 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort'
r b 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nbb\r\n2\r\nb\n\r\n0\r\n\r\n'
r bye 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbye\n'
r old 'HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nold\n'
r oldka 'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 4\r\n\r\noka\n'
r eof_close 'HTTP/1.1 200 OK\r\n\r\nuntil close\n'
r cont 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ncont\n'
r nobody 'HTTP/1.1 204 No Content\r\n\r\n'
r gone 'HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\ngone\n'
r redir 'HTTP/1.1 302 Found\r\nLocation: /b\r\nContent-Length: 5\r\n\r\nmoved'
if server 60 python3 "$(dirname "$0")/keepalive_http.py" "$T/ka"; then
	K=http://127.0.0.1:$SPORT
	set -- a b bye old oldka eof_close cont nobody gone redir a b
	set -- $(for p in "$@"; do echo "$K/$p"; done)
	timeout -k 2 30 "$SOCKT" http-get -iL "$@" >"$T/fw.s" 2>&1
	rs=$?
	for m in "-Z" "--pipeline" "-Z --pipeline 3" "-Z --parallel-host 1"; do
		timeout -k 2 30 "$SOCKT" http-get $m -iL "$@" >"$T/fw.z" 2>&1
		is "every framing, 1xx, 204, 404, a redirect, with $m -iL: as without" \
		    "$?:$(cmp -s "$T/fw.s" "$T/fw.z" && echo same)" "$rs:same"
	done
	timeout -k 2 30 "$SOCKT" http-get -L -D - "$@" >"$T/fw.s" 2>&1
	timeout -k 2 30 "$SOCKT" http-get -Z -L -D - "$@" >"$T/fw.z" 2>&1
	check "-Z -D -: each head before its body, as without -Z" \
	    cmp -s "$T/fw.s" "$T/fw.z"
	timeout -k 2 30 "$SOCKT" http-get -Z -L -D "$T/heads" "$@" >/dev/null \
	    2>&1
	is "-Z -D FILE: every head in it, whole" \
	    "$(grep -c '^HTTP/1\.[01] [0-9]' "$T/heads")" \
	    "$(grep -c '^HTTP/1\.[01] [0-9]' "$T/fw.s")"
	timeout -k 2 30 "$SOCKT" http-get -Z -I "$K/a" "$K/b" "$K/old" \
	    >"$T/fw.z" 2>&1
	timeout -k 2 30 "$SOCKT" http-get -I "$K/a" "$K/b" "$K/old" \
	    >"$T/fw.s" 2>&1
	check "-Z -I: the heads as without -Z" cmp -s "$T/fw.s" "$T/fw.z"
	echo old >"$T/o2"
	(cd "$T" && timeout -k 2 30 "$SOCKT" http-get -Z -sS -o o1 -o o2 -o o3 \
	    "$K/a" "$K/cut_close" "$K/a")
	rc=$?
	is "-o: one cut short: exit 18" "$rc" 18
	is "... its file as it was, the others written" \
	    "$(cat "$T/o1" "$T/o2" "$T/o3")" "aaa
old
aaa"
	check "... no temporary file left" [ -z "$(ls -a "$T" |
	    grep '^\..*\.sockt-')" ]
	check "... what came of the cut one in o2.sockt-part" \
	    test -s "$T/o2.sockt-part"
fi
mkdir "$T/sq"
printf 'HTTP/1.1 503 Busy\r\nContent-Length: 4\r\n\r\nbusy' >"$T/sq/r.1"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n' >"$T/sq/r.2"
printf 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nb1\n' >"$T/sq/b"
if server 60 python3 "$(dirname "$0")/seq_http.py" "$T/sq"; then
	Q=http://127.0.0.1:$SPORT
	timeout -k 2 30 "$SOCKT" http-get -Z --retry 2 --retry-delay 1 \
	    "$Q/r" "$Q/b" >"$T/rt" 2>"$T/err"
	is "--retry under -Z: the 503 retried, its error page never written" \
	    "$?:$(cat "$T/rt")" "0:ok
b1"
	like "... said" "$(cat "$T/err")" "*HTTP 503 Busy: retrying in 1 s (1 of 2)*"
fi

# SIGTERM with three -o files under way: every temporary file goes
# (SIGINT is ignored in a background job of sh, and output.c keeps it so)
if server 60 python3 -c 'import socket, sys, threading
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
sys.stderr.write("stall: listening on 127.0.0.1 port %d\n" % s.getsockname()[1])
sys.stderr.flush()
def serve(c):
    c.settimeout(30)
    try:
        while b"\r\n\r\n" not in c.recv(65536):
            pass
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npart")
        while c.recv(65536):
            pass
    except OSError:
        pass
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()'; then
	mkdir "$T/sig"
	S=http://127.0.0.1:$SPORT
	bg 30 "$SOCKT" http-get -Z -sS -o "$T/sig/a" -o "$T/sig/b" -o "$T/sig/c" \
	    "$S/a" "$S/b" "$S/c"
	three() { [ "$(ls -A "$T/sig" | grep -c sockt-)" -eq 3 ]; }
	wait_until 20 three
	is "three transfers under way, each in a temporary file" \
	    "$(ls -A "$T/sig" | grep -c sockt-)" 3
	kill -TERM "$BGPID"
	wait_status "$BGPID"
	is "SIGTERM: killed by it, no FILE, no temporary, 3 parts kept" \
	    "$rc:$(ls -A "$T/sig" | grep -vc '^[abc]\.sockt-part$'):$(
	    ls -A "$T/sig" | grep -c '^[abc]\.sockt-part$')" "143:0:3"
	kill "$SPID" 2>/dev/null
fi

# -v: the lines of a transfer alone, each after "[N] " (its %{urlnum}),
# so the transfers that interleave can be told apart
# (a URL alone is its connection's last: ended after it, not kept)
vseq() {
	# vseq N URL: what -v says alone of the request and response heads
	"$SOCKT" http-get -v -sS $CA -o /dev/null "$2" 2>&1 |
	    grep -v -e '^< Date:' -e '^\* ' -e '^[<>] Connection:' |
	    sed "s/^/[$1] /" >"$T/v.want$1"
}
vsaid() {
	# vsaid N: the -Z -v lines of transfer N but its Date, Connection
	# and * lines
	grep "^\[$1\] " "$T/v.err" | grep -v -e '^\[[0-9]\] < Date:' \
	    -e '^\[[0-9]\] \* ' -e '^\[[0-9]\] [<>] Connection:' \
	    >"$T/v.got$1"
	cmp -s "$T/v.got$1" "$T/v.want$1"
}
V=https://localhost:$NGTLS_good/m
for mode in "-Z" "--pipeline" "-Z --pipeline 2"; do
	timeout -k 2 30 "$SOCKT" http-get $mode -v -sS $CA -o /dev/null \
	    -o /dev/null -o /dev/null -o /dev/null "$V/f1" "$V/f2" "$V/f7" \
	    "$U/m/f9" 2>"$T/v.err"
	is "$mode -v: exit 0, every line after its transfer's [N]" \
	    "$?:$(grep -c -v '^\[[0-3]\] ' "$T/v.err")" "0:0"
	ok=0
	for n in 0 1 2 3; do
		case $n in 3) u=$U/m/f9 ;; 0) u=$V/f1 ;; 1) u=$V/f2 ;;
		2) u=$V/f7 ;; esac
		vseq $n "$u"
		vsaid $n && ok=$((ok + 1))
	done
	is "... each transfer's request and response heads, as -v alone" \
	    "$ok" 4
	"$SOCKT" http-get -v -sS $CA -o /dev/null "$V/f1" 2>&1 |
	    grep '^\* ' | grep -v -e '^\* connected' >"$T/v.tls"
	# the transfer that opened the first connection to $V: the first
	# in order with --pipeline; with -Z whichever of the three began
	# first (on a busy machine [1] may, and [0] then re-uses its
	# connection), so its number is read off its "connected" line
	c=0
	case $mode in -Z*) c=$(sed -n "s/^\[\([0-3]\)\] \* connected to 127\.0\.0\.1 port $NGTLS_good\$/\1/p" \
	    "$T/v.err" | head -n 1) ;; esac
	sed "s/^/[$c] /" "$T/v.tls" >"$T/v.tls0"
	grep "^\[$c\] \* " "$T/v.err" | grep -v "^\[$c\] \* connected" \
	    >"$T/v.tls0got"
	is "... the TLS session on its new connection, as -v alone" \
	    "$(grep -c . "$T/v.tls"):$(cmp "$T/v.tls0got" "$T/v.tls0" 2>&1)" \
	    "$(grep -c . "$T/v.tls"):"
	like "... and where it connected" "$(cat "$T/v.err")" \
	    "*\[$c\] \* connected to 127.0.0.1 port $NGTLS_good*"
	[ "$mode" = --pipeline ] && like "... the second request on the \
first's connection" "$(cat "$T/v.err")" \
	    "*\[1\] \* re-using the connection to 127.0.0.1*"
done

# -r: the same Range in every request, each answer checked, as without -Z
for mode in "-Z" "--pipeline"; do
	rm -rf "$T/r"
	mkdir -p "$T/r/z" "$T/r/s" "$T/r/c"
	timeout -k 2 30 "$SOCKT" http-get $mode -sS $CA -r 10-1009 \
	    --output-dir "$T/r/z" -o 1 -o 2 -o 3 "$U/m/f1" "$V/f2" "$U/m/f7" \
	    2>"$T/r.err"
	rc=$?
	timeout -k 2 30 "$SOCKT" http-get -sS $CA -r 10-1009 --output-dir \
	    "$T/r/s" -o 1 -o 2 -o 3 "$U/m/f1" "$V/f2" "$U/m/f7"
	ok=1
	for f in 1 2 3; do
		cmp -s "$T/r/z/$f" "$T/r/s/$f" || ok=0
	done
	is "$mode -r 10-1009: three ranges, the files as without $mode" \
	    "$rc:$ok:$(wc -c <"$T/r/z/2" | tr -d ' '):$(cat "$T/r.err")" \
	    "0:1:1000:"
	timeout -k 2 30 "$SOCKT" http-get $mode -sS $CA -r 0-99 "$U/m/f1" \
	    "$V/f2" "$U/m/f7" >"$T/r/zo"
	rc=$?
	timeout -k 2 30 "$SOCKT" http-get -sS $CA -r 0-99 "$U/m/f1" "$V/f2" \
	    "$U/m/f7" >"$T/r/so"
	is "... to stdout: the three ranges in URL order, as without it" \
	    "$rc:$(cmp "$T/r/zo" "$T/r/so" 2>&1):$(wc -c <"$T/r/zo" |
	    tr -d ' ')" "0::300"
	# a range past the end: nginx's 416 (its page, exit 0, as curl; -f
	# makes it exit 22 and keeps -o), as without -Z
	for f in "" -f; do
		echo "the old file" >"$T/r/s/x"
		echo "the old file" >"$T/r/z/x"
		timeout -k 2 30 "$SOCKT" http-get -sS $f $CA \
		    -r 99999999-99999999 -o "$T/r/s/x" "$U/m/f1" 2>"$T/r.serr"
		src=$?
		timeout -k 2 30 "$SOCKT" http-get $mode -sS $f $CA \
		    -r 99999999-99999999 -o "$T/r/z/x" "$U/m/f1" 2>"$T/r.err"
		is "... $f a range the server cannot give: as without $mode" \
		    "$?:$(cat "$T/r.err"):$(cmp "$T/r/z/x" "$T/r/s/x" 2>&1)" \
		    "$src:$(cat "$T/r.serr"):"
	done
	like "... -f: 22, -o kept" "$src:$(cat "$T/r/z/x")" "22:the old file"
done
# -C -: each file resumed from its own size with its own Range; one
# complete already (nginx's 416: kept), one not there (fetched whole)
cpart() {
	rm -rf "$1"
	mkdir -p "$1"
	head -c 1000 "$W/m/f1" >"$1/a"
	head -c 7 "$W/m/f2" >"$1/b"
	cp "$W/m/f9" "$1/d"
}
for mode in "-Z" "--pipeline"; do
	cpart "$T/cs"
	cpart "$T/cz"
	timeout -k 2 30 "$SOCKT" http-get -sS $CA -C - --output-dir "$T/cs" \
	    -o a -o b -o c -o d "$U/m/f1" "$V/f2" "$U/m/f7" "$U/m/f9" \
	    2>"$T/c.serr"
	src=$?
	nlog=$(wc -l <"$LOG" | tr -d ' ')
	timeout -k 2 30 "$SOCKT" http-get $mode -sS $CA -C - --output-dir \
	    "$T/cz" -o a -o b -o c -o d "$U/m/f1" "$V/f2" "$U/m/f7" \
	    "$U/m/f9" 2>"$T/c.err"
	rc=$?
	ok=0
	for f in a:f1 b:f2 c:f7 d:f9; do
		cmp -s "$T/cz/${f%%:*}" "$W/m/${f#*:}" && ok=$((ok + 1))
	done
	is "$mode -C -: four files whole, as without $mode" \
	    "$rc:$ok:$(cat "$T/c.err")" "$src:4:$(cat "$T/c.serr")"
	wait_until 10 logged $((nlog + 4))
	is "... each asked for from its own size (206, 206, 200, 416)" \
	    "$(tail -n +$((nlog + 1)) "$LOG" | awk '{ print $3 " " $2 }' |
	    sort | tr '\n' ' ')" "/m/f1 206 /m/f2 206 /m/f7 200 /m/f9 416 "
	# -C N past a file's end: the range appended after it (curl's "ab"),
	# as without -Z
	cpart "$T/cs"
	cpart "$T/cz"
	timeout -k 2 30 "$SOCKT" http-get -sS $CA -C 500 --output-dir "$T/cs" \
	    -o b -o a "$V/f2" "$U/m/f1" 2>"$T/c.serr"
	src=$?
	timeout -k 2 30 "$SOCKT" http-get $mode -sS $CA -C 500 --output-dir \
	    "$T/cz" -o b -o a "$V/f2" "$U/m/f1" 2>"$T/c.err"
	is "... -C 500 with a 7-byte file: the range appended, as without it" \
	    "$?:$(cat "$T/c.err"):$(cmp "$T/cz/a" "$W/m/f1" 2>&1):$(cmp \
	    "$T/cz/b" "$T/cs/b" 2>&1):$(wc -c <"$T/cz/b" | tr -d ' ')" \
	    "$src:$(sed 's,/cs/,/cz/,' "$T/c.serr"):::$((7 + $(wc -c \
	    <"$W/m/f2") - 500))"
done
if curl --help all 2>/dev/null | grep -q -- --parallel; then
	cpart "$T/cs"
	cpart "$T/cc"
	timeout -k 2 30 "$SOCKT" http-get -Z -sS $CA -C - --output-dir "$T/cs" \
	    -o a -o b -o c "$U/m/f1" "$V/f2" "$U/m/f7"
	src=$?
	(cd "$T/cc" && timeout -k 2 30 curl -Z -s $CA -C - -o a -o b -o c \
	    "$U/m/f1" "$V/f2" "$U/m/f7" 2>/dev/null)
	is "-Z -C -: the files curl -Z -C - makes" "$src:$?:$(cat "$T/cs/a" \
	    "$T/cs/b" "$T/cs/c" | cksum)" "0:0:$(cat "$T/cc/a" "$T/cc/b" \
	    "$T/cc/c" | cksum)"
fi

# -z: one If-Modified-Since for every URL; a 304 keeps each file (as
# does a 2xx the condition fails); -R: each file nginx's time
touch -d '@4102444800' "$T/future"	# 2100: newer than every file
touch -d '@946684800' "$T/past"		# 2000: older
for mode in "-Z" "--pipeline"; do
	for d in zs zz; do
		rm -rf "$T/$d"
		mkdir "$T/$d"
		echo old >"$T/$d/a"
		echo old >"$T/$d/b"
	done
	timeout -k 2 30 "$SOCKT" http-get -sS $CA -z "$T/future" \
	    --output-dir "$T/zs" -o a -o b "$U/m/f1" "$V/f2" >"$T/zs.out"
	src=$?
	timeout -k 2 30 "$SOCKT" http-get $mode -sS $CA -z "$T/future" \
	    --output-dir "$T/zz" -o a -o b "$U/m/f1" "$V/f2" >"$T/zz.out"
	is "$mode -z, nothing newer: both files kept, as without it" \
	    "$?:$(cat "$T/zz/a" "$T/zz/b"):$(cat "$T/zz.out")" \
	    "$src:$(cat "$T/zs/a" "$T/zs/b"):$(cat "$T/zs.out")"
	is "... which is old old" "$(cat "$T/zz/a" "$T/zz/b" | tr '\n' ' ')" \
	    "old old "
	timeout -k 2 30 "$SOCKT" http-get $mode -sS $CA -z "$T/future" \
	    "$U/m/f1" "$V/f2" >"$T/zz.out"
	is "... to stdout: nothing" "$?:$(wc -c <"$T/zz.out" | tr -d ' ')" \
	    "0:0"
	timeout -k 2 30 "$SOCKT" http-get $mode -sS $CA -R -z "$T/past" \
	    --output-dir "$T/zz" -o a -o b "$U/m/f1" "$V/f2"
	is "... -R -z, older: both fetched, each with nginx's time" \
	    "$?:$(cmp "$T/zz/a" "$W/m/f1" 2>&1):$(cmp "$T/zz/b" "$W/m/f2" \
	    2>&1):$(stat -c %Y "$T/zz/a" "$T/zz/b" | tr '\n' ' ')" \
	    "0:::$(stat -c %Y "$W/m/f1" "$W/m/f2" | tr '\n' ' ')"
done

# a 206 of another range than asked: written as curl does, as without -Z
mkdir -p "$T/cr"
printf 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/100\r\nContent-Length: 10\r\n\r\n0123456789' >"$T/cr/wrong"
if server 60 python3 "$(dirname "$0")/canned_http.py" "$T/cr"; then
	echo "the old file" >"$T/r/s/w"
	timeout -k 2 30 "$SOCKT" http-get -sS -r 10-19 -o "$T/r/s/w" \
	    "http://127.0.0.1:$SPORT/wrong" 2>"$T/r.serr"
	src=$?
	for mode in -Z --pipeline; do
		echo "the old file" >"$T/r/z/w"
		timeout -k 2 30 "$SOCKT" http-get $mode -sS -r 10-19 \
		    -o "$T/r/z/w" "http://127.0.0.1:$SPORT/wrong" 2>"$T/r.err"
		is "$mode -r 10-19, a 206 of 0-9: as without it ($src)" \
		    "$?:$(cat "$T/r.err"):$(cat "$T/r/z/w")" \
		    "$src:$(cat "$T/r.serr"):$(cat "$T/r/s/w")"
	done
	# curl 7.88 writes a 206 to -r whatever its range (t2128)
	is "... written, 0, as curl" "$src:$(cat "$T/r/s/w")" "0:0123456789"
	# a server that ignores -z: its 200 of an older Last-Modified is
	# kept out, as curl and sockt without -Z do
	printf 'HTTP/1.1 200 OK\r\nLast-Modified: Sat, 01 Jan 2000 00:00:00 GMT\r\nContent-Length: 4\r\n\r\nbody' >"$T/cr/lm"
	for mode in -Z --pipeline; do
		echo old >"$T/r/z/lm"
		timeout -k 2 30 "$SOCKT" http-get $mode -sS -z "$T/future" \
		    -o "$T/r/z/lm" "http://127.0.0.1:$SPORT/lm" \
		    "http://127.0.0.1:$SPORT/lm" >"$T/r/zo"
		is "$mode -z, a server that ignores it: nothing written" \
		    "$?:$(cat "$T/r/z/lm"):$(wc -c <"$T/r/zo" | tr -d ' ')" \
		    "0:old:0"
	done
fi
if curl --help all 2>/dev/null | grep -q -- --parallel; then
	rm -rf "$T/r"
	mkdir -p "$T/r/z" "$T/r/c"
	(cd "$T/r/z" && timeout -k 2 30 "$SOCKT" http-get -Z -sS $CA -r 5-204 \
	    -o 1 -o 2 "$U/m/f1" "$V/f2")
	(cd "$T/r/c" && timeout -k 2 30 curl -Z -s $CA -r 5-204 -o 1 -o 2 \
	    "$U/m/f1" "$V/f2")
	is "-Z -r: the files curl -Z -r writes" "$(cmp "$T/r/z/1" "$T/r/c/1" \
	    2>&1):$(cmp "$T/r/z/2" "$T/r/c/2" 2>&1)" ":"
fi

"$SOCKT" http-get -Z --parallel-max 301 "$U/m/f1" >/dev/null 2>&1
is "--parallel-max 301: a usage error" "$?" 2
"$SOCKT" http-get -Z --parallel-host 0 "$U/m/f1" >/dev/null 2>&1
is "--parallel-host 0: a usage error" "$?" 2

done_testing
