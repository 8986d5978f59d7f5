#!/bin/sh
# portscan's service probes and output at scale: --probe STRING (the
# exact bytes a server receives) and --probe http (against an HTTP
# server of python's and nginx), banners with nasty bytes escaped in the
# table, -g and -j (valid JSON for any byte).
. "$(dirname "$0")/lib.sh"
TD=$(cd "$(dirname "$0")" && pwd)

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
	if wait_until 10 "$SOCKT" connect -z 127.0.0.1 "$NP"; then
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

done_testing
