#!/bin/sh
# t0031: every sockt command line of the man page's EXAMPLES, of its
# COMING FROM OTHER TOOLS guide and of README.md's shorter guide table runs
# and succeeds, so the documentation cannot rot.  Each example runs in a
# network namespace of its own (and a private mount namespace whose
# /etc/hosts sends the examples' host names to 127.0.0.1), with stand-ins
# on the ports the examples name: echo servers, nginx for HTTP, microsocks
# and tinyproxy for the proxies, UDP echo servers.  A server example
# (listen, serve-hello, udp-serve) passes when it is up and listening; a
# client one when it exits 0.  Needs root and unshare(1); skips otherwise.
# A hundred namespaces, each with a dozen servers, one after another: on a
# loaded machine that takes minutes, so tests/run gives it longer.
# watchdog: 600
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
MAN=$TOP/man/sockt.1
# the example host names; a new one in the man page goes here too
NAMES="h host proxy backend backend.lan db db.internal cfg intranet
    recv.example.org example.org proxy.example.org mail.example.org
    mail.example.com"

if [ "$(id -u)" != 0 ] || ! have unshare || ! have ip || ! have ss; then
	skip "the man page's examples run" "needs root, unshare, ip and ss"
	done_testing
	exit
fi

# examples FILE: one example a paragraph, each line a command; a line
# "= TEXT" after a command is output it must print.  From .Dl lines that
# are command lines, and .Bd -literal blocks: a block with "$ " prompts
# runs its prompted lines (the others are their output), one without is
# one shell script.
awk '
function unesc(s) {
	gsub(/\\e/, "\\", s); gsub(/\\\(aq/, "\047", s); gsub(/\\&/, "", s)
	gsub(/\\-/, "-", s)
	return s
}
/^\.Sh EXAMPLES/ || /^\.Sh COMING FROM/ { on = 1; next }
/^\.Sh / { on = 0 }
!on { next }
/^\.Bd -literal/ { blk = 1; n = 0; next }
/^\.Ed/ && blk {
	blk = 0; prompted = 0
	for (i = 1; i <= n; i++) if (b[i] ~ /^\$ /) prompted = 1
	if (prompted) {
		# only sockt lines run: the other tools a block shows (GNU
		# parallel over ssh, kubectl) have nothing to reach here, and
		# the lines after them, or before the first prompt, are
		# their input or output, not ours
		keep = 0
		for (i = 1; i <= n; i++) {
			l = b[i]
			if (l ~ /^\$ /) {
				sub(/^\$ /, "", l)
				while ((l ~ /\\$/ || l ~ /\|$/) && i < n) {
					sub(/\\$/, "", l); i++; l = l " " b[i]
				}
				keep = l ~ /^sockt /
				if (keep)
					print "$ " l
			} else if (keep)
				print "= " l
		}
	} else {
		s = ""
		for (i = 1; i <= n; i++) s = s (s == "" ? "" : "\n") b[i]
		gsub(/\n/, "\\n", s)
		print "! " s
	}
	print ""
	next
}
blk { b[++n] = unesc($0); next }
/^\.Dl / {
	l = unesc(substr($0, 5))
	sub(/^[a-z]*\$ /, "", l)
	if (l ~ /ProxyCommand=.sockt /) {
		sub(/.*ProxyCommand=./, "", l); sub(/\047 .*/, "", l)
		gsub(/%h/, "host", l); gsub(/%p/, "22", l)
	}
	if (l ~ /^sockt /) { print "$ " l; print "" }
}
' "$MAN" >"$T/examples"
# and the sockt column of README.md's table for people coming from
# other tools
awk -F'|' '/^\| `/ && match($3, /`sockt [^`]*`/) {
	print "$ " substr($3, RSTART + 1, RLENGTH - 2); print ""; n++
}
END { if (n < 15) print "README.md has " n " guide rows" >"/dev/stderr" }' \
    "$TOP/README.md" >>"$T/examples" 2>"$T/readme.err"
check "README.md's guide table has 15 sockt lines or more" \
    [ ! -s "$T/readme.err" ]
nex=$(grep -c '^[$!]' "$T/examples")
check "the man page has 60 example command lines or more ($nex)" \
    [ "$nex" -ge 60 ]

W0=$T/w0
mkdir -p "$W0/www" "$W0/logs"
# the files the examples name, served and local
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "line %05d\n", i }' \
    >"$W0/www/file"
for f in latest.tar.gz conf.json version health index.html a b c; do
	printf '%s\n' "$f" >"$W0/www/$f"
done
cp /etc/hosts "$W0/hosts"
for n in $NAMES; do printf '127.0.0.1 %s\n' "$n" >>"$W0/hosts"; done
# a second host, and a gateway in a network an example excludes
printf '127.0.0.2 host2\n127.0.0.9 gw.example\n' >>"$W0/hosts"
printf 'http://h/a\nhttp://h/b\n# a comment\nhttp://h/c\n' >"$W0/urls.txt"
mkdir "$W0/mirror"

# one.sh W SOCKT LINES: one example inside its own network namespace
cat >"$T/one.sh" <<'EOS'
W=$1 SOCKT=$2 EX=$3
cd "$W" || exit 99
PATH=$W/bin:$PATH
mkdir -p bin logs
ln -sf "$SOCKT" bin/sockt
ip link set lo up
# the documentation networks and the private ones the examples scan
for net in 192.0.2.0/24 198.51.100.0/24 192.168.1.0/24 10.0.0.0/28; do
	ip route add local "$net" dev lo 2>/dev/null
done
pids=
cleanup() { for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
trap 'exit 1' INT TERM
# listening PID: does process PID (or a child) have a listening socket?
listening() { ss -lntupx 2>/dev/null | grep -q "pid=$1,"; }
up() {	# up PID: wait until it listens, 5 s at most
	_i=0
	while [ $_i -lt 100 ]; do
		listening "$1" && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.05	# polling, bounded by the count
		_i=$((_i + 1))
	done
	return 1
}
rewrite() {
	printf '%s\n' "$1" | sed "s#/tmp/#$W/#g; s#/var/run/docker.sock#$W/docker.sock#g"
}
is_server() {
	case $1 in
	*"&") return 0 ;;
	*"sockt listen"*|*"sockt serve-hello"*|*"sockt udp-serve"*) return 0 ;;
	esac
	return 1
}
# the example's servers first, so the stand-ins leave their ports alone
n=0
while IFS= read -r l; do
	case $l in "$ "*) ;; *) continue ;; esac
	c=$(rewrite "${l#\$ }")
	c=${c%&}
	is_server "${l#\$ }" || continue
	n=$((n + 1))
	# exec: $! is the server itself (the namespace's watchdog bounds it)
	sh -c "exec $c" </dev/null >"logs/srv$n.out" 2>"logs/srv$n.err" &
	p=$!
	pids="$pids $p"
	if ! up "$p"; then
		echo "server did not listen: $c"
		cat "logs/srv$n.err"
		exit 1
	fi
done <"$EX"
# the stand-ins; one whose port is taken fails, and that is fine
for port in 2375 5432 6379 7000 9000; do
	sockt listen -k "$port" -c cat </dev/null >/dev/null 2>&1 &
	pids="$pids $!"
done
# ssh: a server that greets first, here greets and closes, so an example
# through nc's -X (no half-close at the end of stdin, as in nc) ends
sockt listen -k 22 -c 'echo SSH-2.0-stand-in' </dev/null >/dev/null 2>&1 &
pids="$pids $!"
# mail: a greeting, then the server closes (for connect -d)
sockt listen -k 25 -c 'echo 220 ready' </dev/null >/dev/null 2>&1 &
pids="$pids $!"
for port in 53 123 7007; do
	sockt udp-serve --echo "$port" >/dev/null 2>&1 &
	pids="$pids $!"
done
if [ ! -S "$W/s.sock" ]; then
	sockt listen -k -U "$W/s.sock" -c cat </dev/null >/dev/null 2>&1 &
	pids="$pids $!"
fi
if command -v nginx >/dev/null 2>&1; then
	# every address: the scan examples probe whole (local) networks
	l80="listen 80; listen [::]:80; listen unix:$W/docker.sock;"
	ss -ltn | grep -q ':8080 ' || l80="$l80 listen 8080; listen [::]:8080;"
	cat >nginx.conf <<EOC
daemon off; master_process off; worker_processes 1;
pid $W/nginx.pid; error_log $W/logs/error.log;
events { worker_connections 64; }
http { access_log off; server { $l80 root $W/www; }
	# a client that sends no request (-X keeps the connection open
	# without one, as nc does) is dropped soon, not after 60 s
	client_header_timeout 2s;
	client_body_temp_path $W/logs; proxy_temp_path $W/logs;
	fastcgi_temp_path $W/logs; uwsgi_temp_path $W/logs;
	scgi_temp_path $W/logs; }
EOC
	nginx -p "$W" -c "$W/nginx.conf" 2>logs/nginx.err &
	pids="$pids $!"
	up $! || { echo "nginx did not start"; cat logs/nginx.err; exit 1; }
fi
if command -v microsocks >/dev/null 2>&1; then
	microsocks -i 127.0.0.1 -p 1080 >/dev/null 2>&1 &
	pids="$pids $!"
	up $!
fi
if command -v tinyproxy >/dev/null 2>&1; then
	printf 'Port 3128\nListen 127.0.0.1\nTimeout 20\nMaxClients 8\nAllow 127.0.0.1\nLogLevel Critical\n' >tiny.conf
	tinyproxy -d -c "$W/tiny.conf" >/dev/null 2>&1 &
	pids="$pids $!"
	up $!
fi
for port in 22 25 5432 7000 9000; do
	_i=0
	until ss -ltn | grep -q ":$port "; do
		_i=$((_i + 1)); [ $_i -lt 100 ] || break; sleep 0.05
	done
done
reload() { :; }
# the clients, in order; "= TEXT" lines are what the last one printed
: >logs/client.out
want=
while IFS= read -r l; do
	case $l in
	"= "*) printf '%s\n' "${l#= }" >>logs/want; continue ;;
	"! "*) c=$(rewrite "$(printf '%b' "${l#! }")") ;;
	"$ "*)
		is_server "${l#\$ }" && continue
		c=$(rewrite "${l#\$ }") ;;
	*) continue ;;
	esac
	timeout 60 sh -c "reload() { :; }; $c" </dev/null >>logs/client.out 2>logs/client.err
	rc=$?
	if [ $rc != 0 ]; then
		echo "exit $rc: $c"
		cat logs/client.err
		exit 1
	fi
done <"$EX"
if [ -s logs/want ] && ! diff logs/want logs/client.out >logs/diff; then
	echo "output differs:"; cat logs/diff
	exit 1
fi
exit 0
EOS

# the examples, each in its own namespaces
mkdir "$T/ex"
awk -v dir="$T/ex" 'BEGIN { n = 1 } /^$/ { if (got) n++; got = 0; next }
    { print > (dir "/" n); got = 1 }' "$T/examples"
i=0
while [ -f "$T/ex/$((i + 1))" ]; do
	i=$((i + 1))
	ex=$T/ex/$i
	desc=$(grep -m1 '^[$!]' "$ex" | cut -c3- | sed 's/\\n/; /g' |
	    cut -c1-70)
	case $desc in
	*proxy*|*-X*)
		if ! have microsocks || ! have tinyproxy; then
			skip "$desc" "microsocks or tinyproxy not installed"
			continue
		fi ;;
	esac
	W=$T/w$i
	cp -r "$W0" "$W"
	# the local files: a head of the served one (to resume), an input
	head -c 100 "$W/www/file" >"$W/file"
	printf 'in\n' >"$W/in"
	printf 'tar\n' >"$W/backup.tar"
	printf 'host\nhost2\n' >"$W/hosts.txt"
	printf '#!/bin/sh\necho hello\n' >"$W/service.sh"
	chmod +x "$W/service.sh"
	timeout -k 2 90 unshare --net --mount --propagation private sh -c '
	    mount --bind "$1/hosts" /etc/hosts && exec sh "$2" "$1" "$3" "$4"' \
	    sh "$W" "$T/one.sh" "$SOCKT" "$ex" >"$T/one.out" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		pass "example runs: $desc"
	else
		fail "example runs: $desc" "exit $rc" "$(tail -n 15 "$T/one.out")"
	fi
done
done_testing
