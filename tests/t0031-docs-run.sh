#!/bin/sh
# t0031: every sockt command line of the EXAMPLES of every man page
# (sockt(1), a page per command, the section 7 topics), of the guide for
# users of other tools (sockt-migration(7), all of it examples) and of
# README.md's shorter guide table runs
# and succeeds, so the documentation cannot rot.  Each example runs in a
# network namespace of its own (and a private mount namespace whose
# /etc/hosts sends the examples' host names to 127.0.0.1), with stand-ins
# on the ports the example names: echo servers, nginx for HTTP, microsocks
# and tinyproxy for the proxies, UDP echo servers.  A server example
# (listen, serve-hello, udp-serve) passes when it is up and listening; a
# client one when it exits 0.  Needs root and unshare(1); skips otherwise.
# The TLS examples' clients trust a CA made here (ca.pem, the store of
# SSL_CERT_FILE), whose certificate for every example host name nginx
# presents on 443, 465 and 8443.
# A hundred namespaces, three at once, take a quarter of a minute, more
# on a loaded machine, so tests/run gives it longer; an example the same
# as one already run is not run again.
# watchdog: 420
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
# MAN: the pages, or others to try the test itself
MAN=${MAN:-$(ls "$TOP"/man/*.1 "$TOP"/man/*.7)}
# the example host names; a new one in the man page goes here too
NAMES="h host proxy backend backend.lan db db.internal cfg intranet
    recv.example.org example.org proxy.example.org mail.example.org
    mail.example.com"

if [ "$(id -u)" != 0 ] || ! have unshare || ! have ip; then
	skip "the man page's examples run" "needs root, unshare and ip"
	done_testing
	exit
fi

# examples FILE: one example a paragraph, each line a command; a line
# "= TEXT" after a command is output it must print.  From .Dl lines that
# are command lines, and .Bd -literal blocks: a block with "$ " prompts
# runs its prompted lines (the others are their output), one without is
# one shell script.
: >"$T/examples"
examples_awk='
function unesc(s) {
	gsub(/\\e/, "\\", s); gsub(/\\\(aq/, "\047", s); gsub(/\\&/, "", s)
	gsub(/\\-/, "-", s)
	return s
}
FNR == 1 { on = 0; blk = 0; guide = FILENAME ~ /sockt-migration\.7$/ }
/^\.Sh EXAMPLES/ || (guide && /^\.Sh DESCRIPTION/) { on = 1; next }
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
		# on one line, for printf %b: a backslash doubled first, or
		# one that ends a line (a continued command) would read as
		# the "\n" after it
		s = ""
		for (i = 1; i <= n; i++) s = s (s == "" ? "" : "\n") b[i]
		gsub(/\\/, "&&", s)
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
	if (l ~ /^sockt /) {
		print "$ " l; print ""
	}
}
'
for f in $MAN; do
	awk "$examples_awk" "$f" >"$T/examples.1"
	check "${f##*/} has examples that run" grep -q '^[$!]' "$T/examples.1"
	cat "$T/examples.1" >>"$T/examples"
done
# and the sockt column of README.md's table for people coming from
# other tools, every sockt line of it (a row's note may hold a second)
awk -F'|' '/^\| `/ { s = $3; while (match(s, /`sockt [^`]*`/)) {
	print "$ " substr(s, RSTART + 1, RLENGTH - 2); print ""; n++
	s = substr(s, RSTART + RLENGTH)
} }
END { if (n < 15) print "README.md has " n " guide rows" >"/dev/stderr" }' \
    "$TOP/README.md" >>"$T/examples" 2>"$T/readme.err"
check "README.md's guide table has 15 sockt lines or more" \
    [ ! -s "$T/readme.err" ]
# and README.md's own examples, its indented code blocks: a block with
# "$ " prompts is one example (its prompted sockt lines; the others are
# output), each line of one without is an example of its own.  A line
# runs when a sockt command starts it or follows a | ; && || or until
# (not one that only names sockt, as ssh's ProxyCommand or SOCKT_SHARD=
# before it: t0033 runs that); a comment after "  # " is dropped.
awk '
function flush(   i, l, prompted) {
	prompted = 0
	for (i = 1; i <= n; i++) if (b[i] ~ /^\$ /) prompted = 1
	for (i = 1; i <= n; i++) {
		l = b[i]
		if (prompted && l !~ /^\$ /) continue
		sub(/^\$ /, "", l)
		while (l ~ /\\$/ && i < n) { sub(/\\$/, "", l); l = l " " b[++i] }
		sub(/[ \t]+# .*$/, "", l)
		if (l !~ /(^|[|;&] *|until )sockt /) continue
		print "$ " l; m++
		if (!prompted) print ""
	}
	if (prompted) print ""
	n = 0
}
/^```/ { f = !f; next }
f { next }
/^    / && (n || prev == "") { sub(/^    /, ""); b[++n] = $0; prev = $0; next }
n { flush() }
{ prev = $0 }
END {
	if (n) flush()
	if (m < 20) print "README.md has " m " example lines" >"/dev/stderr"
}' "$TOP/README.md" >>"$T/examples" 2>"$T/readme.err"
check "README.md has 20 example lines or more in code blocks" \
    [ ! -s "$T/readme.err" ]
nex=$(grep -c '^[$!]' "$T/examples")
check "the man page has 60 example command lines or more ($nex)" \
    [ "$nex" -ge 60 ]

W0=$T/w0
mkdir -p "$W0/www" "$W0/logs" "$W0/bin"
ln -s "$SOCKT" "$W0/bin/sockt"
# the files the examples name, served and local; each example gets a copy
# of this directory, so what one writes the next never sees
awk 'BEGIN { for (i = 0; i < 2000; i++) printf "line %05d\n", i }' \
    >"$W0/www/file"
for f in latest.tar.gz conf.json version health index.html a b c; do
	printf '%s\n' "$f" >"$W0/www/$f"
done
cp /etc/hosts "$W0/hosts"
for n in $NAMES; do printf '127.0.0.1 %s\n' "$n" >>"$W0/hosts"; done
# a second host, and a gateway in a network an example excludes
printf '127.0.0.2 host2\n127.0.0.9 gw.example\n' >>"$W0/hosts"
# the lists' examples save each URL in its own file: several, so that a
# -O that names the first alone fails
printf 'http://h/a\nhttp://h/b\n# a comment\nhttp://h/c\nhttp://h/version\n' \
    >"$W0/urls.txt"
# the local files: a head of the served one (to resume), an input
head -c 100 "$W0/www/file" >"$W0/file"
printf 'in\n' >"$W0/in"
printf 'tar\n' >"$W0/backup.tar"
printf 'host\nhost2\n' >"$W0/hosts.txt"
printf '#!/bin/sh\necho hello\n' >"$W0/service.sh"
chmod +x "$W0/service.sh"
# the STARTTLS stand-in's server
cp "$TOP/tests/starttls_server.py" "$W0/"
# the TLS examples' certificates: server.pem holds its key too, as
# stunnel's does; the client CA is the same self-signed certificate
if have openssl; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$W0/server.key" -out "$W0/server.crt" -subj /CN=localhost \
	    -days 3 2>/dev/null &&
	    cat "$W0/server.crt" "$W0/server.key" >"$W0/server.pem" &&
	    cp "$W0/server.crt" "$W0/clients-ca.pem"
fi
# and the TLS clients': a CA (ca.pem), the certificate of the stand-ins
# for every example host name (site.crt, site.key) and a client's
# (client.pem, client.key), all from that CA
tls_cert() {	# tls_cert NAME CN EXT: NAME.crt and NAME.key from the CA
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
	    -keyout "$T/$1.key" -subj "/CN=$2" -out "$T/$1.csr" 2>/dev/null &&
	    printf '%s\n' "$3" >"$T/$1.ext" &&
	    openssl x509 -req -in "$T/$1.csr" -CA "$W0/ca.pem" \
	    -CAkey "$T/ca.key" -set_serial "$(date +%s%N)" -days 3 \
	    -extfile "$T/$1.ext" -out "$T/$1.crt" 2>/dev/null
}
if have openssl && openssl req -x509 -newkey ec -pkeyopt \
    ec_paramgen_curve:P-256 -nodes -keyout "$T/ca.key" -out "$W0/ca.pem" \
    -subj "/CN=sockt examples CA" -days 3 2>/dev/null &&
    tls_cert site localhost "subjectAltName=$(for n in $NAMES localhost; do
    printf 'DNS:%s,' "$n"; done)IP:127.0.0.1,IP:::1" &&
    tls_cert client "sockt examples client" "extendedKeyUsage=clientAuth"; then
	cp "$T/site.crt" "$T/site.key" "$W0/"
	cp "$T/client.crt" "$W0/client.pem"
	cp "$T/client.key" "$W0/client.key"
fi

# The stand-ins, by name: echo:PORT (a TCP echo), greet (port 22), mail
# (25), starttls (587, SMTP's STARTTLS, not for portscan), xmpp (5222,
# XMPP's, the same), udp:PORT (a UDP echo), dtls:4433 (a DTLS echo), unix
# (/tmp/s.sock), nginx (80, 8080 and
# /var/run/docker.sock), socks (microsocks, 1080), tinyproxy (3128).
ALL="echo:2375 echo:5432 echo:6379 echo:7000 echo:9000 greet mail
    udp:53 udp:123 udp:7007 unix nginx socks tinyproxy"
# needs EXAMPLE...: for each EXAMPLE file, in EXAMPLE.need, the
# stand-ins its client lines reach, from the host
# names, ports, URLs and socket paths they name; a portscan reaches
# whatever is open (and exits 1 when nothing is), so it gets them all.
# Starting a dozen servers for every example made this test slow.  What
# it cannot place is "? WHY", and the example fails: a stand-in left
# out must not go unnoticed (the health check example only prints
# "unhealthy" when nothing answers, and exits 0).  One awk for all the
# examples: one an example, and its $( ), were 400 forks.
needs() {
	awk -v names=" $NAMES localhost 127.0.0.1 ::1 host2 " \
	    -v all="$ALL" -v w0="$W0" '
	BEGIN { gsub(/[ \t\n]+/, " ", names) }
	# fin: the file read so far, its line in its .need
	function fin(   k, o, f) {
		f = cur ".need"
		if (bad != "")
			o = "? cannot tell which stand-ins it needs:" bad
		else
			for (k in need) o = o k " "
		print o > f
		close(f)
		for (k in need) delete need[k]
		bad = ""
	}
	FNR == 1 { if (cur != "") fin(); cur = FILENAME }
	function tcp(p) {
		if (p == 80 || p == 8080) need["nginx"]
		else if (p == 22) need["greet"]
		else if (p == 25) need["mail"]
		else if (p == 587) { need["starttls"]; need["tls"] }
		else if (p == 5222) { need["xmpp"]; need["tls"] }
		else if (p == 1080) need["socks"]
		else if (p == 3128) need["tinyproxy"]
		else if (p == 443 || p == 465 || p == 8443) {
			need["nginx"]; need["tls"]
		}
		else if (p ~ /^(2375|5432|6379|7000|9000)$/) need["echo:" p]
		else bad = bad " tcp port " p
	}
	function udp(p) {
		if (p ~ /^(53|123|7007)$/) need["udp:" p]
		else if (p == 4433) { need["dtls:" p]; need["tls"] }
		else bad = bad " udp port " p
	}
	function sock(path) {
		if (path ~ /\/s\.sock$/) need["unix"]
		else if (path ~ /\/docker\.sock$/) need["nginx"]
		else bad = bad " socket " path
	}
	# url U: the port of U, by its scheme when it names none
	function url(u,   s, a) {
		s = u; sub(/:\/\/.*/, "", s)
		a = u; sub(/^[a-z0-9]*:\/\//, "", a); sub(/\/.*/, "", a)
		sub(/.*@/, "", a)
		if (s == "ws" || s == "wss") {
			if (a ~ /:[0-9]+$/) { sub(/.*:/, "", a); need[s ":" a] }
			else need[s ":" (s == "ws" ? 80 : 443)]
		}
		else if (a ~ /:[0-9]+$/) { sub(/.*:/, "", a); tcp(a) }
		else if (s == "http") tcp(80)
		else if (s == "https") tcp(443)
		else if (s ~ /^socks/) tcp(1080)
		else bad = bad " url " u
		nurl++
	}
	# one sockt command line: its subcommand, then its words
	function cmd(s,   w, n, i, sub_, pairs, l, f, nl, udpc) {
		n = split(s, w, /[ \t]+/)
		sub_ = w[1]
		if (sub_ == "portscan") {
			split(all, w, /[ \t\n]+/)
			for (i in w) if (w[i] != "") need[w[i]]
			return
		}
		if (sub_ !~ /^(connect|udp-send|http-get)$/) {
			bad = bad " command " sub_
			return
		}
		nurl = 0; pairs = 0
		# connect -u (or -zu ...): its HOST PORT is a UDP one
		udpc = sub_ == "udp-send"
		for (i = 2; i <= n; i++)
			if (sub_ == "connect" && w[i] ~ /^-[A-Za-z0-9]*u[A-Za-z0-9]*$/)
				udpc = 1
		for (i = 2; i <= n; i++) {
			if (w[i] ~ /^[a-z0-9]+:\/\//) { url(w[i]); continue }
			if ((w[i] == "-U" || w[i] == "--unix-socket") && i < n) {
				sock(w[++i]); pairs++; continue
			}
			if (w[i] == "--urls" && i < n) {
				f = w0 "/" w[++i]; nl = 0
				while ((getline l <f) > 0)
					if (l ~ /^[a-z]+:\/\//) { url(l); nl++ }
				close(f)
				if (!nl) bad = bad " no URL in " w[i]
				continue
			}
			# proxy:3128 (-x), but not user:password (--proxy-user)
			if (w[i] ~ /^[a-z0-9.-]+:[0-9]+$/) {
				l = w[i]; sub(/.*:/, "", l); tcp(l); continue
			}
			# a multicast group or a broadcast address: a send
			# that needs no one to answer (the routes of one.sh)
			if (sub_ == "udp-send" && w[i + 1] ~ /^[0-9]+$/ &&
			    w[i] ~ /^(2(2[4-9]|3[0-9])\.[0-9.]+|255\.255\.255\.255)$/) {
				i++; pairs++; continue
			}
			# HOST PORT, the host one of /etc/hosts here
			if (index(names, " " w[i] " ") && w[i + 1] ~ /^[0-9]+$/) {
				if (udpc) udp(w[++i]); else tcp(w[++i])
				pairs++
			}
		}
		if (sub_ == "http-get" && !nurl) bad = bad " http-get without a URL"
		if (sub_ != "http-get" && !pairs && !nurl)
			bad = bad " " sub_ " without host and port"
	}
	/^\$ / {
		if ($0 ~ /&$/ || $0 ~ /sockt (listen|serve-hello|udp-serve)/)
			next	# a server: nothing to reach
	}
	/^[$!] / {
		# each sockt command, up to the end of its line (a script
		# joins its continued lines, and decodes as one.sh does)
		s = substr($0, 3)
		if ($0 ~ /^!/) {
			gsub(/\\\\/, "\001", s); gsub(/\\n/, "\n", s)
			gsub(/\001\n?/, " ", s)
		}
		gsub(/[();|`"\047]/, " ", s)
		n = split(s, seg, /sockt /)
		for (i = 2; i <= n; i++) { sub(/\n.*/, "", seg[i]); cmd(seg[i]) }
	}
	END { if (cur != "") fin() }' "$@"
}

# one.sh W SOCKT EXAMPLE NEEDS: one example inside its own network namespace
cat >"$T/one.sh" <<'EOS'
W=$1 SOCKT=$2 EX=$3 NEEDS=$4 LA=${0%/*}/listening.awk
cd "$W" || exit 99
PATH=$W/bin:$PATH
# the examples' CA is the clients' store
if [ -f "$W/ca.pem" ]; then
	SSL_CERT_FILE=$W/ca.pem
	export SSL_CERT_FILE
fi
# the documentation networks and the private ones the examples scan,
# and the multicast groups and the broadcast address of the UDP
# examples: one ip(8) for all.  In each network two hosts, .1 and .2
# (what the examples forward to), are this one; the others are
# unreachable, down at once, as most of a real network's addresses are:
# with every address a host, the scans of a whole /28 and /24s were 1.5
# million probes, some 70 s of CPU, half this script's
ip -force -batch - >/dev/null 2>&1 <<EOB
link set lo up
link set lo multicast on
route add 224.0.0.0/4 dev lo src 127.0.0.1
route add 255.255.255.255/32 dev lo src 127.0.0.1
route add unreachable 192.0.2.0/24
route add unreachable 198.51.100.0/24
route add unreachable 192.168.1.0/24
route add unreachable 10.0.0.0/28
route add local 192.0.2.1/32 dev lo
route add local 192.0.2.2/32 dev lo
route add local 198.51.100.1/32 dev lo
route add local 198.51.100.2/32 dev lo
route add local 192.168.1.1/32 dev lo
route add local 192.168.1.2/32 dev lo
route add local 10.0.0.1/32 dev lo
route add local 10.0.0.2/32 dev lo
EOB
pids=
# nap: a pause that doubles from 10 ms to 160 ms, the ms slept in _nt
# (set _np=010 _nt=0 first): a look at /proc costs an ls and an awk, and
# one every 50 ms held a third of a core for as long as the wait lasted
nap() {
	sleep "0.$_np"	# polling, bounded by the caller's _nt
	case $_np in
	010) _nt=$((_nt + 10)) _np=020 ;;
	020) _nt=$((_nt + 20)) _np=040 ;;
	040) _nt=$((_nt + 40)) _np=080 ;;
	080) _nt=$((_nt + 80)) _np=160 ;;
	*) _nt=$((_nt + 160)) ;;
	esac
}
# every stand-in ended, bounded: a process that outlives SIGTERM by 5 s
# is named (a failure with nothing said was hard to place) and killed
cleanup() {
	stamp
	echo "# ${up}s cleanup"
	for p in $pids; do kill "$p" 2>/dev/null; done
	_np=010 _nt=0
	while :; do
		alive=
		for p in $pids; do
			# a zombie is gone: only wait has to reap it.  stderr
			# first: the error of one reaped already (the shell
			# reaps as it goes) filled the 15 lines a failure
			# shows, 14 stand-ins' worth for a portscan, and hid
			# its steps
			read -r _s 2>/dev/null </proc/"$p"/stat || continue
			case ${_s#*) } in Z*) ;; *) alive="$alive $p" ;; esac
		done
		# one gone is never looked at again: by the next look its
		# number may be another test's process (pid_max 32768 wraps
		# within a make check), which the KILL below would hit
		pids=$alive
		[ -z "$alive" ] && break
		if [ $_nt -ge 5000 ]; then
			echo "# alive 5 s after SIGTERM:$alive"
			ps -o pid,stat,wchan:20,args -p "${alive# }" 2>/dev/null
			kill -KILL $alive 2>/dev/null
			break
		fi
		nap
	done
	wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# socks: this namespace's listening sockets " tcp:PORT ... unix:PATH ",
# from /proc/net, far cheaper than ss(8), whose -p reads every process
socks() {
	awk -f "$LA" /proc/net/tcp /proc/net/tcp6 /proc/net/udp \
	    /proc/net/udp6 /proc/net/unix
}
# up PID: wait until process PID holds a listening socket, 10 s at most
up() {
	_np=010 _nt=0
	while [ $_nt -lt 10000 ]; do
		ls -l "/proc/$1/fd" 2>/dev/null | awk -f "$LA" -v fds=1 - \
		    /proc/net/tcp /proc/net/tcp6 /proc/net/udp \
		    /proc/net/udp6 /proc/net/unix >/dev/null && return 0
		kill -0 "$1" 2>/dev/null || return 1
		nap
	done
	return 1
}
# subst STR FROM TO: STR with every FROM made TO, in $_r
subst() {
	_r= _s=$1
	while :; do
		case $_s in
		*"$2"*) _r=$_r${_s%%"$2"*}$3 _s=${_s#*"$2"} ;;
		*) break ;;
		esac
	done
	_r=$_r$_s
}
# rewrite LINE: LINE's paths in $W, in $c (by the shell: a printf | sed in
# a $( ) was three forks a line, over a thousand a run)
rewrite() {
	subst "$1" /tmp/ "$W/"
	subst "$_r" /var/run/docker.sock "$W/docker.sock"
	c=$_r
}
# stamp: the seconds since boot in $up, for the steps' times (by the
# shell: a $(date) was two forks a step)
stamp() {
	read -r up _ </proc/uptime
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
	is_server "${l#\$ }" || continue
	rewrite "${l#\$ }"
	c=${c%&}
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
# the stand-ins the example needs, but not on a port its server took
# (none where no server of its started: an awk less for most examples)
taken=
[ "$n" = 0 ] || taken=$(socks)
want=
start() {	# start ADDR CMD...: CMD in the background, to listen on ADDR
	case $taken in *" $1 "*) return ;; esac
	want="$want $1"
	shift
	"$@" </dev/null >/dev/null 2>>logs/standin.err &
	pids="$pids $!"
}
for s in $NEEDS; do
	case $s in
	echo:*) start "tcp:${s#*:}" sockt listen -k "${s#*:}" -c cat ;;
	# TLS: nginx's, below
	tls) ;;
	# ssh: a server that greets first, here greets and closes, so an
	# example through nc's -X (no half-close at the end of stdin, as
	# in nc) ends
	greet) start tcp:22 sockt listen -k 22 -c 'echo SSH-2.0-stand-in' ;;
	# mail: a greeting, then the server closes (for connect -d)
	mail) start tcp:25 sockt listen -k 25 -c 'echo 220 ready' ;;
	# submission: SMTP's STARTTLS, then TLS with the examples'
	# certificate (tests/starttls_server.py)
	starttls) start tcp:587 python3 "$W/starttls_server.py" smtp \
	    --bind :: --port 587 --cert site.crt --key site.key ;;
	# XMPP's, the same way
	xmpp) start tcp:5222 python3 "$W/starttls_server.py" xmpp \
	    --bind :: --port 5222 --cert site.crt --key site.key ;;
	udp:*) start "udp:${s#*:}" sockt udp-serve --echo "${s#*:}" ;;
	# DTLS: an echo with the examples' certificate
	dtls:*) start "udp:${s#*:}" sockt udp-serve --tls --echo \
	    --cert site.crt --key site.key "${s#*:}" ;;
	# WebSocket echo servers, over TLS with the examples' certificate
	ws:*) start "tcp:${s#*:}" sockt listen --ws -k "${s#*:}" -c cat ;;
	wss:*) start "tcp:${s#*:}" sockt listen --ws --tls --cert site.crt \
	    --key site.key -k "${s#*:}" -c cat ;;
	unix) start "unix:$W/s.sock" sockt listen -k -U "$W/s.sock" -c cat ;;
	socks) start tcp:1080 microsocks -i 127.0.0.1 -p 1080 ;;
	tinyproxy)
		printf 'Port 3128\nListen 127.0.0.1\nTimeout 20\nMaxClients 8\nAllow 127.0.0.1\nLogLevel Critical\n' >tiny.conf
		start tcp:3128 tinyproxy -d -c "$W/tiny.conf" ;;
	nginx)
		# every address: the scan examples probe whole (local) networks
		l80="listen 80; listen [::]:80; listen unix:$W/docker.sock;"
		case $taken in
		*" tcp:8080 "*) ;;
		*) l80="$l80 listen 8080; listen [::]:8080;"
		    want="$want tcp:8080" ;;
		esac
		# and TLS, where a certificate could be made
		if [ -f "$W/site.crt" ]; then
			for p in 443 465 8443; do
				case $taken in
				*" tcp:$p "*) ;;
				*) l80="$l80 listen $p ssl; listen [::]:$p ssl;"
				    want="$want tcp:$p" ;;
				esac
			done
			l80="$l80 ssl_certificate $W/site.crt;"
			l80="$l80 ssl_certificate_key $W/site.key;"
		fi
		cat >nginx.conf <<EOC
daemon off; master_process off; worker_processes 1;
pid $W/nginx.pid; error_log $W/logs/error.log;
events { worker_connections 64; }
http { access_log off; server { $l80 root $W/www; }
	# gzip for an Accept-Encoding that asks (--compressed)
	gzip on; gzip_min_length 1;
	# a client that sends no request (-X keeps the connection open
	# without one, as nc does) is dropped soon, not after 60 s
	client_header_timeout 2s;
	client_body_temp_path $W/logs; proxy_temp_path $W/logs;
	fastcgi_temp_path $W/logs; uwsgi_temp_path $W/logs;
	scgi_temp_path $W/logs; }
EOC
		want="$want unix:$W/docker.sock"
		start tcp:80 nginx -p "$W" -c "$W/nginx.conf" ;;
	*) echo "no such stand-in: $s"; exit 1 ;;
	esac
done
# and wait until they all listen: one look at /proc/net for them all
_np=010 _nt=0
while [ -n "$want" ]; do
	now=$(socks) miss=
	for a in $want; do
		case $now in *" $a "*) ;; *) miss="$miss $a" ;; esac
	done
	[ -z "$miss" ] && { stamp; echo "# ${up}s stand-ins listen"; break; }
	if [ $_nt -ge 10000 ]; then
		echo "stand-ins did not listen:$miss"
		cat logs/standin.err logs/error.log 2>/dev/null
		exit 1
	fi
	nap
done
# the clients, in order; "= TEXT" lines are what the last one printed
: >logs/client.out
while IFS= read -r l; do
	case $l in
	"= "*) printf '%s\n' "${l#= }" >>logs/want; continue ;;
	"! "*) rewrite "$(printf '%b' "${l#! }")" ;;
	"$ "*)
		is_server "${l#\$ }" && continue
		rewrite "${l#\$ }" ;;
	*) continue ;;
	esac
	# the steps and their times, for a run the watchdog ends
	stamp
	echo "# ${up}s client: $c"
	# -k: a client that catches SIGTERM to end cleanly (portscan
	# does) and does not is killed and named here, rather than
	# holding the example to the watchdog with nothing said.  A
	# watchdog against a hang, not a guess of speed: the full scan of
	# a /28 (a million probes) took 18 s on one machine and over 60 on
	# one whose every system call is slow
	timeout -k 5 240 sh -c "reload() { :; }; $c" </dev/null >>logs/client.out 2>logs/client.err
	rc=$?
	stamp
	echo "# ${up}s exit $rc"
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
# listening.awk: the listening sockets of /proc/net/{tcp,tcp6,udp,udp6,
# unix} on one line, " tcp:PORT udp:PORT unix:PATH ... "; with fds=1 and
# ls -l /proc/PID/fd first on its standard input, only those of process
# PID, one a line (exit 1 for none)
cat >"$T/listening.awk" <<'EOA'
function hex(s,   i, n) {
	n = 0
	for (i = 1; i <= length(s); i++)
		n = n * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
	return n
}
function found(what, inode) {
	if (!fds)
		out = out " " what
	else if (inode in mine) { print what; nmine++ }
}
FILENAME == "-" {
	if (match($0, /socket:\[[0-9]+\]/))
		mine[substr($0, RSTART + 8, RLENGTH - 9)]
	next
}
FNR == 1 { next }	# the heading
# TCP LISTEN, and UDP bound and unconnected, as ss -l counts them
FILENAME ~ /tcp6?$/ && $4 == "0A" { split($2, a, ":"); found("tcp:" hex(a[2]), $10) }
FILENAME ~ /udp6?$/ && $4 == "07" { split($2, a, ":"); found("udp:" hex(a[2]), $10) }
# UNIX: __SO_ACCEPTCON
FILENAME ~ /unix$/ && $4 == "00010000" { found("unix:" $8, $7) }
END { if (!fds) print out " "; else exit !nmine }
EOA

# the examples, each in its own namespaces, three at once (SK_T0031_JOBS):
# one after another they spent most of their time waiting on their
# stand-ins and clients, and nothing of one reaches another's namespaces
# or copy of $W0.  Their results are said afterwards, in order.
# An example the same as an earlier one gets "dup.N" naming that one;
# each its words for the results in "desc.N", its first command line
# (a script's "\n"s as "; "), 70 characters of it.
mkdir "$T/ex"
awk -v dir="$T/ex" 'BEGIN { n = 1 }
    function end() {
	if (!got) return
	if (body in first) {
		print first[body] > (dir "/dup." n); close(dir "/dup." n)
	} else
		first[body] = n
	close(dir "/" n); n++; got = 0; body = ""; dd = 0
    }
    /^$/ { end(); next }
    !dd && /^[$!]/ {
	d = substr($0, 3); gsub(/\\n/, "; ", d); dd = 1
	print substr(d, 1, 70) > (dir "/desc." n); close(dir "/desc." n)
    }
    { print > (dir "/" n); got = 1; body = body $0 "\n" }
    END { end() }' "$T/examples"
notls= nozlib=
tls_loadable || notls=1
loader_has libz.so.1 || nozlib=1
mkfifo "$T/slots" || exit 1
exec 6<>"$T/slots"
_j=0
while [ "$_j" -lt "${SK_T0031_JOBS:-3}" ]; do echo >&6; _j=$((_j + 1)); done
needs "$T"/ex/[0-9]*
i=0
while [ -f "$T/ex/$((i + 1))" ]; do
	i=$((i + 1))
	ex=$T/ex/$i
	need=
	{ IFS= read -r need <"$ex.need"; } 2>/dev/null
	case $need in
	"?"*)
		echo "$need" >"$T/fail.$i"
		continue ;;
	esac
	missing=
	case " $need " in *" nginx "*) have nginx || missing=nginx ;; esac
	case " $need " in *" socks "*) have microsocks || missing=microsocks ;; esac
	case " $need " in *" tinyproxy "*) have tinyproxy || missing=tinyproxy ;; esac
	case " $need " in *" tls "*) [ -f "$W0/site.crt" ] || missing=openssl ;; esac
	case " $need " in *" starttls "* | *" xmpp "*)
		have python3 || missing=python3 ;;
	esac
	# sockt's TLS, and its WebSocket handshake's SHA-1, are OpenSSL's
	[ -n "$notls" ] && grep -q -E -e '--(tls|ssl|to-tls|dtls|starttls|ws)' \
	    -e 'wss?://|https://|--probe tls' "$ex" && missing=libssl.so.3
	# and gzip's undoing zlib's
	[ -n "$nozlib" ] && grep -q -E -e '--(compressed|tr-encoding)' "$ex" &&
	    missing=libz.so.1
	if [ -n "$missing" ]; then
		echo "$missing" >"$T/skip.$i"
		continue
	fi
	# the same command lines as an example already run (the guide's
	# "sockt connect --tls host 443" for ncat, socat and s_client) run
	# once: a namespace and its stand-ins each take a second or two
	if [ -f "$T/ex/dup.$i" ]; then
		read -r j <"$T/ex/dup.$i"
		echo "$j" >"$T/as.$i"
		continue
	fi
	W=$T/w$i
	cp -r "$W0" "$W"
	read -r _ <&6
	( timeout -k 2 300 unshare --net --mount --propagation private sh -c '
	    mount --bind "$1/hosts" /etc/hosts && shift && exec sh "$@"' \
	    sh "$W" "$T/one.sh" "$W" "$SOCKT" "$ex" "$need" \
	    >"$T/one.$i.out" 2>&1 6>&-
	# read after the wait below, never while written
	echo "$?" >"$T/rc.$i"
	echo >&6 ) </dev/null &
done
wait
exec 6>&-
# listed I: for example I, a list's fetch with -O (issue 73: -O took the
# first URL of urls.txt alone and wrote the rest to stdout), what went
# wrong: a URL of the list not in its file (in --output-dir's directory),
# or a body on standard output; nothing when each URL is in its file
listed() {
	_d=$(sed -n 's/.* --output-dir \([^ ]*\).*/\1/p' "$T/ex/$1" | head -n 1)
	for _f in $(sed -n 's|^http://h/||p' "$W0/urls.txt"); do
		cmp -s "$W0/www/$_f" "$T/w$1/${_d:-.}/$_f" ||
		    printf ' %s not in %s' "$_f" "${_d:-.}"
		grep -qx "$_f" "$T/w$1/logs/client.out" &&
		    printf ' %s on stdout' "$_f"
	done
}
i=0
while [ -f "$T/ex/$((i + 1))" ]; do
	i=$((i + 1))
	# read by the shell: a pipeline of four, and a cat or two, an
	# example were 1,500 forks
	desc= rc= rcj=
	{ IFS= read -r desc <"$T/ex/desc.$i"; } 2>/dev/null
	if [ -f "$T/fail.$i" ]; then
		IFS= read -r why <"$T/fail.$i"
		fail "example runs: $desc" "$why"
	elif [ -f "$T/skip.$i" ]; then
		IFS= read -r why <"$T/skip.$i"
		skip "$desc" "$why not installed"
	elif [ -f "$T/as.$i" ]; then
		read -r j <"$T/as.$i"
		{ read -r rcj <"$T/rc.$j"; } 2>/dev/null
		if [ "$rcj" = 0 ]; then
			pass "example runs: $desc (as example $j)"
		else
			fail "example runs: $desc" "as example $j, which failed"
		fi
	else
		{ read -r rc <"$T/rc.$i"; } 2>/dev/null
		if [ "$rc" = 0 ]; then
			pass "example runs: $desc"
			grep -q -- ' -[A-Za-z]*O.* --urls urls.txt' "$T/ex/$i" &&
			    is "each URL of the list in its file: $desc" \
			    "$(listed "$i")" ""
		else
			fail "example runs: $desc" "exit ${rc:-none}" \
			    "$(tail -n 15 "$T/one.$i.out")"
		fi
	fi
done
done_testing
