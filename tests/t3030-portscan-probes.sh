#!/bin/sh
# portscan's service probes and output at scale: --probe STRING (the
# exact bytes a server receives) and --probe http (against an HTTP
# server of python's and nginx), banners with nasty bytes escaped in the
# table, -g and -j (valid JSON for any byte); --up host sweeps; -oG
# against nmap's own.  As root it runs in a private network namespace
# (unshare -n), where an address off loopback is unreachable: a host that
# is down.
if [ -z "${SK_T3_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -n true 2>/dev/null; then
	SK_T3_NS=1 exec unshare -n sh "$0" "$@"
fi
# netns: own (without namespaces, tests/run runs it alone: its scans
# would reach other scripts' listeners)
. "$(dirname "$0")/lib.sh"
TD=$(cd "$(dirname "$0")" && pwd)
isolated=
if [ "${SK_T3_NS:-}" = 1 ]; then
	ip link set lo up 2>/dev/null && isolated=1
fi

if ! have python3; then
	skip "portscan probes" "needs python3"
	done_testing
	exit 0
fi

# jsonl FILE: the lines of FILE that are not one JSON object each
jsonl_bad() {
	python3 -c '
import json, sys
for n, l in enumerate(open(sys.argv[1], "rb"), 1):
    try:
        if not isinstance(json.loads(l), dict) or not l.endswith(b"\n"):
            raise ValueError
    except ValueError:
        print("line %d: %r" % (n, l[:100]))
' "$1"
}

# jfield FILE TYPE KEY: KEY of each object of type TYPE in FILE, as Python
# repr of the value (banners with their bytes back through latin-1)
jfield() {
	python3 -c '
import json, sys
for l in open(sys.argv[1], "rb"):
    try:
        o = json.loads(l)
    except ValueError:
        continue
    if o.get("type") == sys.argv[2]:
        v = o.get(sys.argv[3])
        if sys.argv[3] == "banner" and v is not None:
            v = v.encode("latin-1")
        print(repr(v))
' "$@"
}

### --probe STRING: the exact bytes, escapes and all, reach the server
# \r \n \t \\ \0 \xHH: 13 bytes on the wire
server 60 python3 "$TD/probe_peer.py" record 13 "$T/rec" 6f6b0d0a ||
    fail "record peer"
run 30 "$SOCKT" portscan -g --probe 'A\r\n\t\\\0\x00\xffZ\x41\x7f!b' \
    -p "$SPORT" 127.0.0.1
is "--probe: exit 0" "$rc" 0
is "--probe: the server got exactly the bytes" "$(cat "$T/rec")" \
    "410d0a095c0000ff5a417f2162"
like "--probe implies -b: the reply is the banner" "$out" \
    "127.0.0.1 $SPORT open * ok"
run 10 "$SOCKT" portscan --probe 'x\q' -p 1 127.0.0.1
like "--probe: an unknown escape is a usage error that says which" \
    "$rc:$err" "2:*probe: unknown escape \\\\q*"
run 10 "$SOCKT" portscan --probe '\x4' -p 1 127.0.0.1
like "--probe: a cut \\x is refused" "$rc:$err" "2:*two hex digits*"
run 10 "$SOCKT" portscan --probe '' -p 1 127.0.0.1
like "--probe: an empty probe is refused" "$rc:$err" "2:*probe: empty*"

### --probe http against python's http.server
server 60 python3 "$TD/probe_peer.py" http "$T/http.log" || fail "http peer"
HP=$SPORT
run 30 "$SOCKT" portscan --probe http -p "$HP" 127.0.0.1
like "--probe http: status line and Server in the table" "$out" \
    "*127.0.0.1*$HP*open*HTTP/1.0 200 OK; Server: sockt-test/1.0 (x)*"
is "... a HEAD with the address as Host" "$(tail -n 1 "$T/http.log")" \
    "HEAD / 127.0.0.1:$HP"
run 30 "$SOCKT" portscan -j --probe http -p "$HP" localhost
is "-j --probe http: valid JSON" "$(printf '%s\n' "$out" >"$T/j";
    jsonl_bad "$T/j")" ""
is "-j: http_status" "$(jfield "$T/j" port http_status)" "'HTTP/1.0 200 OK'"
is "-j: http_server" "$(jfield "$T/j" port http_server)" \
    "'sockt-test/1.0 (x)'"
is "... the name given as Host" "$(tail -n 1 "$T/http.log")" \
    "HEAD / localhost:$HP"
run 30 "$SOCKT" portscan -g --probe http -p "$HP" 127.0.0.1
is "-g --probe http: one field, spaces escaped" "$out" \
    "127.0.0.1 $HP open - HTTP/1.0\\x20200\\x20OK;\\x20Server:\\x20sockt-test/1.0\\x20(x)"

### --probe http against nginx
if have nginx; then
	NP=$(freeport)
	mkdir -p "$T/ngx/logs"
	cat >"$T/ngx/nginx.conf" <<NGX
daemon off;
master_process off;
pid $T/ngx/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $T/ngx;
	proxy_temp_path $T/ngx;
	fastcgi_temp_path $T/ngx;
	uwsgi_temp_path $T/ngx;
	scgi_temp_path $T/ngx;
	server { listen 127.0.0.1:$NP; root $T/ngx; }
}
NGX
	echo hi >"$T/ngx/index.html"
	bg 60 nginx -p "$T/ngx" -c "$T/ngx/nginx.conf"
	if wait_until 10 sh -c '"$0" connect -z 127.0.0.1 "$1" 2>/dev/null' \
	    "$SOCKT" "$NP"; then
		run 30 "$SOCKT" portscan -j --probe http -p "$NP" 127.0.0.1
		printf '%s\n' "$out" >"$T/j"
		like "nginx: the status line" \
		    "$(jfield "$T/j" port http_status)" "'HTTP/1.1 200 OK'"
		like "nginx: its Server header" \
		    "$(jfield "$T/j" port http_server)" "'nginx*'"
	else
		fail "nginx did not start"
	fi
else
	skip "--probe http against nginx" "nginx not installed"
fi

### banners with nasty bytes, escaped in every format, and longer than
# the old bound of 256 bytes
nasty=$(printf '%s' '61 00 22 5c 0d 0a 09 20 01 1f 7f 80 c3 28 ff 7d' |
    tr -d ' ')$(printf '%0300d' 0 | sed 's/0/45/g')454e440d0a
server 60 python3 "$TD/probe_peer.py" send "$nasty" || fail "nasty peer"
E=$(printf '%0300d' 0 | tr 0 E)
run 30 "$SOCKT" portscan -b -p "$SPORT" 127.0.0.1
is "table: three lines, nothing raw, the banner escaped, whole, the line \
end trimmed" "$(printf '%s\n' "$out" | wc -l | tr -d ' '):$(printf '%s' \
    "$out" | tr -d '\n' | LC_ALL=C tr -d ' -~' | wc -c | tr -d ' '):$(
    printf '%s\n' "$out" | sed -n '2s/^.* - *//p')" \
    '3:0:a\x00"\\\r\n\t \x01\x1f\x7f\x80\xc3(\xff}'"${E}END"
run 30 "$SOCKT" portscan -g -b -p "$SPORT" 127.0.0.1
is "-g: five fields, escaped" "$out" \
    "127.0.0.1 $SPORT open - "'a\x00"\\\r\n\t\x20\x01\x1f\x7f\x80\xc3(\xff}'"${E}END"
run 30 "$SOCKT" portscan -j -b -p "$SPORT" 127.0.0.1
printf '%s\n' "$out" >"$T/j"
is "-j: valid JSON, ASCII only, the banner gives back the exact bytes" \
    "$(jsonl_bad "$T/j"; LC_ALL=C tr -d ' -~\n' <"$T/j" | wc -c |
    tr -d ' '; jfield "$T/j" port banner)" \
    "0
b'a\\x00\"\\\\\\r\\n\\t \\x01\\x1f\\x7f\\x80\\xc3(\\xff}${E}END\\r\\n'"

### --up: a host is up when any probe had an answer, a refusal too
server 60 python3 "$TD/probe_peer.py" send 6869 || fail "--up peer"
UP=$SPORT
down= ndown=0
[ -n "$isolated" ] && down=192.0.2.1 ndown=1
run 30 "$SOCKT" portscan --up -w 0.3 -p "$UP" 127.0.0.1 127.0.0.2 $down
is "--up: exit 0 when a host is up" "$rc" 0
is "--up table: the hosts up, their counts, the summary" \
    "$(printf '%s\n' "$out" | sed 's/ in [0-9.]* s$//' | tr -s ' ' | sort)" \
    "$(printf '%s\n' "127.0.0.1 up 1 0 0" "127.0.0.2 up 0 1 0" \
    "2 hosts up, $ndown down" \
    "HOST STATE OPEN CLOSED FILTERED (states of the ports probed)" |
    sort)"
run 30 "$SOCKT" portscan --up -g --sort -w 0.3 -p "$UP" 127.0.0.1 127.0.0.2
is "--up -g: host state open closed filtered" "$out" \
    "127.0.0.1 up 1 0 0
127.0.0.2 up 0 1 0"
run 30 "$SOCKT" portscan --up -j -a -w 0.3 -p "$UP,1" localhost 127.0.0.2 \
    $down
printf '%s\n' "$out" >"$T/j"
is "--up -j: valid JSON, host objects, a summary with up and down" \
    "$(jsonl_bad "$T/j"; python3 -c '
import json, sys
for l in open(sys.argv[1]):
    o = json.loads(l)
    if o["type"] == "host":
        print(o["host"], o.get("name"), o["state"], o["open"], o["closed"],
              o["filtered"])
    else:
        print(o["type"], o["up"], o["down"], o["interrupted"])
' "$T/j" | sort)" \
    "$(printf '%s\n' "127.0.0.1 localhost up 1 1 0" "127.0.0.2 None up 0 2 0" \
    ${down:+"192.0.2.1 None down 0 0 2"} \
    "summary 2 $ndown False" | sort)"
if [ -n "$down" ]; then
	run 30 "$SOCKT" portscan --up -w 0.3 -p 80,443 192.0.2.1 192.0.2.2
	is "--up: exit 1 when every host is down, none listed" \
	    "$rc:$(printf '%s\n' "$out" | sed 's/ in [0-9.]* s$//')" \
	    "1:0 hosts up, 2 down"
else
	skip "--up: a host down" "needs root for a private namespace"
fi
run 10 "$SOCKT" portscan --up -b -p 1 127.0.0.1
like "--up and -b exclude each other" "$rc:$err" "2:*--up and -b exclude*"
run 10 "$SOCKT" portscan -sn -Pn 127.0.0.1
like "-sn (--up) and -Pn exclude each other: one finds the hosts up, the \
other takes them all" "$rc:$err" "2:*--up and -Pn exclude*"

### -oG as nmap writes it, read by the scripts written for nmap's
server 60 python3 "$TD/probe_peer.py" send 6869 || fail "-oG peer 1"
G1=$SPORT
server 60 python3 "$TD/probe_peer.py" send 6869 || fail "-oG peer 2"
G2=$SPORT
# what a script takes from -oG: host, port, state, protocol; the ignored
# state; the hosts up; the comment lines' shape
og_parse() {
	awk -F'\t' '/\tPorts: / {
		split($1, h, " ")
		sub(/^Ports: /, "", $2)
		n = split($2, p, ", ")
		for (i = 1; i <= n; i++) {
			split(p[i], f, "/")
			print h[2], f[1], f[2], f[3], f[4] f[6] f[7] f[8]
		}
		if ($3 != "")
			print h[2], $3
	}
	/\tStatus: Up$/ { split($1, h, " "); print h[2], "up" }
	/^# [^ ]* [^ ]* scan initiated .* as: / { print "header" }
	/^# [^ ]* done at .* -- [0-9]* IP address.* \([0-9]* hosts? up\) scanned in [0-9.]* seconds/ { print "trailer" }
	' "$1" | sort
}
if have nmap; then
	set -- -p "1-30,$G1,$G2" 127.0.0.1 127.0.0.2
	run 60 nmap -sT -n -oG "$T/nmap.og" "$@"
	run 60 "$SOCKT" portscan -oG "$T/sockt.og" "$@"
	is "-oG FILE: exit 0, the table on stdout as usual" "$rc:$(
	    printf '%s\n' "$out" | grep -c ' open ')" "0:2"
	is "-oG: the same hosts, ports, states and ignored states as nmap" \
	    "$(og_parse "$T/sockt.og")" "$(og_parse "$T/nmap.og")"
	set -- -p "1-20,$G1" 127.0.0.1
	run 60 nmap -sT -n -oG - "$@"
	printf '%s\n' "$out" >"$T/nmap.og"
	run 60 "$SOCKT" portscan -oG - "$@"
	printf '%s\n' "$out" >"$T/sockt.og"
	is "-oG -: the same on stdout, alone, each port listed below 26" \
	    "$(og_parse "$T/sockt.og")" "$(og_parse "$T/nmap.og")"
	is "... 21 ports on the Ports line, nmap's field layout" \
	    "$(grep -c '/tcp//[a-z-]*///' "$T/sockt.og"):$(sed -n \
	    's/.*Ports: //p' "$T/sockt.og" | tr ',' '\n' |
	    grep -c '^ *[0-9]*/[a-z]*/tcp//[a-z-]*///$')" \
	    "1:21"
else
	skip "-oG against nmap's" "nmap not installed"
fi
run 30 "$SOCKT" portscan -oG - -a --sort -p "$G1,1" localhost
is "-oG -a: every port listed, the name in parentheses" \
    "$(grep -v '^#' "$(printf '%s\n' "$out" >"$T/o"; echo "$T/o")")" \
    "Host: 127.0.0.1 (localhost)	Status: Up
Host: 127.0.0.1 (localhost)	Ports: 1/closed/tcp//tcpmux///, $G1/open/tcp//$(
    awk -v p="$G1/tcp" '$2 == p { print $1; exit }' /etc/services 2>/dev/null |
    grep . || echo unknown)///"
run 10 "$SOCKT" portscan -oG - -j -p 1 127.0.0.1
like "-oG - and -j exclude each other" "$rc:$err" "2:*-oG - and -j*"
run 10 "$SOCKT" portscan -oS - -p 1 127.0.0.1
like "-oS: refused, pointing to -oX, -oN and -oG" "$rc:$err" \
    "2:*-oS: not supported*-oX*"
run 10 "$SOCKT" portscan -p 1 127.0.0.1 -oG "$T/nodir/x"
like "-oG into a directory that is not there: exit 1, said" "$rc:$err" \
    "1:*$T/nodir/x: No such file or directory*"

### SIGINT and SIGTERM: whole JSON lines, a summary saying interrupted,
# the -oG file whole with a trailer that says so, 130 and 143
if env --default-signal=INT true 2>/dev/null; then
	dfl="env --default-signal=INT"
else
	dfl=
fi
# stopped SIG WAITFILE ARGS...: portscan in the background (stdout $T/o,
# stderr $T/e), SIG once WAITFILE is not empty; status in $rc
stopped() {
	_sig=$1 _wf=$2
	shift 2
	rm -f "$T/o" "$T/e" "$T/og"
	$dfl "$SOCKT" portscan "$@" >"$T/o" 2>"$T/e" </dev/null &
	_p=$!
	own "$_p"
	watch 60 "$_p"
	wait_until 20 test -s "$_wf" || fail "the scan did not start"
	kill -"$_sig" "$_p"
	wait "$_p"
	rc=$?
}
stopped INT "$T/og" -j -oG "$T/og" --rate 5000 -p 1-65535 127.0.0.1
is "SIGINT, -j -oG: exit 130, JSON whole, summary last, interrupted" \
    "$rc:$(jsonl_bad "$T/o"):$(tail -n 1 "$T/o" | sed -n \
    's/^{"type":"summary",.*"interrupted":\(true\)}$/\1/p')" "130::true"
is "... -oG: header, the host with what was found, the trailer says so" \
    "$(sed -e 's/^# sockt [0-9.]* scan initiated .* as: sockt portscan .*/H/' \
    -e 's/^Host: 127.0.0.1 ()	Status: Up$/S/' \
    -e 's/^Host: 127.0.0.1 ()	Ports: [0-9a-z/, -]*\(	Ignored State: closed ([0-9]*)\)\{0,1\}$/P/' \
    -e 's/^# sockt done at .* -- 1 IP address (1 host up) scanned in [0-9.]* seconds, interrupted after [0-9]* of 65535 probes$/T/' \
    "$T/og" | tr '\n' ' ')" "H S P T "
stopped TERM "$T/o" -j --up -a --rate 5000 -p 1-20000 127.0.0.1 127.0.0.2 \
    127.0.0.3 127.0.0.4
is "SIGTERM, --up -j: exit 143, JSON whole, summary last, interrupted" \
    "$rc:$(jsonl_bad "$T/o"):$(tail -n 1 "$T/o" | sed -n \
    's/^{"type":"summary",.*"up":[0-9]*,"down":0,.*"interrupted":\(true\)}$/\1/p')" \
    "143::true"
stopped INT "$T/o" -j --probe http --rate 5000 -p "1-65535" 127.0.0.1
is "SIGINT, --probe http -j: exit 130, JSON whole, interrupted" \
    "$rc:$(jsonl_bad "$T/o"):$(tail -n 1 "$T/o" | sed -n \
    's/^{"type":"summary",.*"interrupted":\(true\)}$/\1/p')" "130::true"

### shards: every shard of n = 2, 3, 7 in a random order, the union is
# the whole scan, nothing twice; SOCKT_SHARD as --shard
server 60 python3 "$TD/probe_peer.py" send 6869 || fail "shard peer 1"
S1=$SPORT
PEER_ADDR=127.0.0.2 server 60 python3 "$TD/probe_peer.py" send 6869 ||
    fail "shard peer 2"
S2=$SPORT
set -- -g -a -r -p "1-40,$S1,$S2" 127.0.0.1 127.0.0.2 127.0.0.3 127.0.0.4
run 60 "$SOCKT" portscan "$@"
printf '%s\n' "$out" | sort >"$T/whole"
whole="$(wc -l <"$T/whole" | tr -d ' '):$(grep -c ' open ' "$T/whole")"
for n in 2 3 7; do
	: >"$T/union"
	i=1
	while [ $i -le $n ]; do
		# odd shards from the option, even ones from SOCKT_SHARD
		if [ $((i % 2)) = 1 ]; then
			run 60 "$SOCKT" portscan --shard "$i/$n" "$@"
		else
			run 60 env SOCKT_SHARD="$i/$n" "$SOCKT" portscan "$@"
		fi
		[ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "shard $i/$n: exit $rc" "$err"
		printf '%s\n' "$out" | grep . >>"$T/union"
		i=$((i + 1))
	done
	is "n = $n: the union of the shards is the whole scan (4 x 42 ports, \
2 open), none twice" "$whole:$(sort "$T/union" | uniq -d | head -n 3
	    sort "$T/union" | cmp - "$T/whole" >/dev/null && echo same)" \
	    "168:2:same"
done
run 30 env SOCKT_SHARD=2/3 "$SOCKT" portscan -g -a -p 1-30 127.0.0.1
a=$out
run 30 "$SOCKT" portscan -g -a --shard 2/3 -p 1-30 127.0.0.1
is "SOCKT_SHARD=2/3 scans what --shard 2/3 does" "$a" "$out"
run 30 env SOCKT_SHARD=1/3 "$SOCKT" portscan -g -a --shard 2/3 -p 1-30 \
    127.0.0.1
is "... the option wins over the variable" "$out" "$a"
run 10 env SOCKT_SHARD=0/5 "$SOCKT" portscan -p 1 127.0.0.1
is "a bad SOCKT_SHARD is a usage error, said as --shard says it" \
    "$rc:$(printf '%s\n' "$err" | head -n 1)" \
    "2:sockt portscan: SOCKT_SHARD: shard 0/5: expected I/N with 1 <= I <= N <= 1000000"
run 10 env SOCKT_SHARD=4/3 "$SOCKT" portscan -p 1 127.0.0.1
a="$rc:$(printf '%s\n' "$err" | head -n 1)"
run 10 env SOCKT_SHARD=4/3 "$SOCKT" portscan -g -a --shard 1/1 -p 1 \
    127.0.0.1
is "... and a shard that does not exist, unless --shard is given" \
    "$a|$rc:$out" "2:sockt portscan: SOCKT_SHARD: shard 4/3: shard 4 of 3 \
does not exist|1:127.0.0.1 1 closed tcpmux"

done_testing
