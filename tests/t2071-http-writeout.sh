#!/bin/sh
# t2071: http-get --write-out: every variable against a canned server,
# %{json} read back by python whatever bytes the head holds, the escapes,
# %{stderr}, @FILE, a failed transfer, curl's -w spelling (issue 61: it
# was a usage error), and the same output and status as curl for the
# formats both know.  Also --fail-with-body, alone and against curl.
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "http-get --write-out" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
r page 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Custom:  v 1 \r\nContent-Length: 6\r\n\r\nhello\n'
r redir 'HTTP/1.1 302 Found\r\nLocation: /page\r\nContent-Length: 0\r\n\r\n'
# a name with "close": the server closes after it (curl -L reuses)
cp "$D/redir" "$D/redir_close"
r bin 'HTTP/1.1 200 OK\r\nContent-Type: a"\\\377\303\251\r\nContent-Length: 0\r\n\r\n'
r nf 'HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 10\r\n\r\nnot here!\n'
r srv 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\nbad\n'
r chunk 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'
r nocl_close 'HTTP/1.1 200 OK\r\n\r\nuntil close\n'

if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
G="$SOCKT http-get"
hlen=$(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nX-Custom:  v 1 \r\nContent-Length: 6\r\n\r\n' | wc -c)

run 10 $G -o /dev/null --write-out '%{http_code}|%{size_download}|%{size_header}|%{content_type}|%{url_effective}|%{num_redirects}|%{remote_ip}|%{remote_port}|%{exitcode}|%header{x-custom}|%{header{X-CUSTOM}}|%{response_code}' "$U/page"
is "every plain variable" "$out:$rc" \
    "200|6|$hlen|text/plain; charset=utf-8|$U/page|0|127.0.0.1|$SPORT|0|v 1|v 1|200:0"
run 10 $G -o /dev/null --write-out '%{time_namelookup} %{time_connect} %{time_starttransfer} %{time_total} %{speed_download}' "$U/page"
check "the times: 6 decimals, in order, a speed ($out)" \
    python3 -c 'import re, sys
v = sys.argv[1].split()
assert len(v) == 5 and all(re.fullmatch(r"\d+\.\d{6}", x) for x in v[:4])
t = [float(x) for x in v[:4]]
assert t == sorted(t) and 0 < t[3] < 5 and t[1] > 0
assert re.fullmatch(r"\d+", v[4]) and int(v[4]) > 0' "$out"

run 10 $G -L -o /dev/null --write-out '%{num_redirects} %{url_effective} %{size_header}' "$U/redir"
rlen=$(printf 'HTTP/1.1 302 Found\r\nLocation: /page\r\nContent-Length: 0\r\n\r\n' | wc -c)
is "-L: redirects counted, the last URL, all heads' bytes (as curl)" \
    "$out" "1 $U/page $((hlen + rlen))"

run 10 $G -o /dev/null --write-out '%{json}' "$U/page"
check "%{json} parses, with the values" python3 -c 'import json, sys
j = json.loads(sys.argv[1])
assert j["http_code"] == 200 and j["size_download"] == 6, j
assert j["content_type"] == "text/plain; charset=utf-8"
assert j["url_effective"] == sys.argv[2] and j["remote_port"] == int(sys.argv[3])
assert j["exitcode"] == 0 and j["num_redirects"] == 0
assert j["time_total"] >= j["time_connect"] > 0
assert j["scheme"] == "HTTP" and j["ssl_verify_result"] == 0
k = list(j)
assert k[-1] == "curl_version" and sorted(k[:-1]) == k[:-1] and len(k) == 41' "$out" "$U/page" "$SPORT"
run 10 $G -o /dev/null --write-out '%{json}' "$U/bin"
check "%{json} of a head with quotes, a backslash and bad UTF-8 parses" \
    python3 -c 'import json, sys
j = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
assert j["content_type"] == "a\"\\\u00ff\u00e9", repr(j["content_type"])' \
    "$T/out"

run 10 $G -o /dev/null --write-out 'a\nb\tc\rd\\e%%f\qg' "$U/page"
is "the escapes, %% and an unknown escape as curl" \
    "$(od -c <"$T/out" | head -2)" "$(printf 'a\nb\tc\rd\\e%%f\\qg' | od -c | head -2)"

run 10 $G -s --write-out '%{http_code}%{stderr}[%{size_download}]%{stdout}!' "$U/page"
is "%{stderr} and %{stdout}: each part where it was sent" \
    "$out|$err" "hello
200!|[6]"

printf '%%{http_code}\n %%{size_download}\\n\r\n' >"$T/fmt"
run 10 $G -o /dev/null --write-out "@$T/fmt" "$U/page"
is "@FILE: lines joined, CR and LF dropped, as curl" "$out" "200 6"
printf '%%{content_type}' >"$T/fmt2"
run 10 $G -o /dev/null --write-out @- "$U/page" <"$T/fmt2"
is "@-: the format from stdin" "$out" "text/plain; charset=utf-8"

run 10 $G -o /dev/null --write-out '[%{bogus}]' "$U/page"
is "an unknown variable: nothing for it, a warning, exit 0 (curl)" \
    "$out|$err|$rc" "[]|sockt http-get: unknown --write-out variable: 'bogus'|0"

closedport
P=$CPORT
run 10 $G --write-out '%{http_code} %{exitcode} %{size_download} [%{remote_ip}] %{json}' "http://127.0.0.1:$P/"
is "a refused connection: 000, the exit status, printed all the same" \
    "${out%% \{*}:$rc" "000 7 0 []:7"
check "... %{json} too" python3 -c 'import json, sys
j = json.loads(sys.argv[1].split(" ", 4)[4])
assert j["http_code"] == 0 and j["exitcode"] == 7 and j["content_type"] is None' "$out"
run 10 $G -f --write-out '%{http_code} %{exitcode} %{content_type}' "$U/nf"
is "-f on a 404: the status and exit 22" "$out:$rc" "404 22 text/html:22"

run 10 $G -w '%{http_code}' "$U/page"
like "-w is --write-out, as curl's" "$rc:$out" "0:*200"
printf '%%{http_code}' >"$T/wfmt"
run 10 $G -w @"$T/wfmt" "$U/page"
like "... -w @file too" "$rc:$out" "0:*200"
run 10 $G --write-out @/nonexistent/fmt "$U/page"
like "--write-out @FILE that cannot be read: a usage error" "$rc:$err" \
    "2:*--write-out @/nonexistent/fmt: No such file*"

# --fail-with-body: exit 22, the body kept
run 10 $G --fail-with-body "$U/nf"
is "--fail-with-body on a 404: the body and exit 22" "$out:$rc" "not here!:22"
like "... said as -f says it" "$err" "*$U/nf: server returned 404 Not Found"
run 10 $G --fail-with-body -o "$T/s/fb" "$U/nf"
is "... with -o the file is kept" "$(cat "$T/s/fb"):$rc" "not here!:22"
run 10 $G --fail-with-body "$U/page"
is "--fail-with-body on a 200: exit 0" "$out:$rc" "hello:0"
run 10 $G -f --fail-with-body "$U/page"
like "-f and --fail-with-body exclude each other, as in curl" "$rc:$err" \
    "2:*-f and --fail-with-body exclude each other*"

# the same as curl for what both know
if have curl; then
	both() {
		(cd "$T/s" && exec timeout -k 2 10 $G "$@") >"$T/s.out" \
		    2>/dev/null
		src=$?
		(cd "$T/c" && exec timeout -k 2 10 curl -s "$@") >"$T/c.out" \
		    2>/dev/null
		crc=$?
	}
	# curl's exit codes are its own (7: refused, 18: cut short):
	# only 0 and 22 have the same meaning in both
	agree() {
		# curl's exit statuses (issue 55)
		if [ "$src" = "$crc" ]; then st=same; else st="sockt $src, curl $crc"; fi
		is "$1" "$(od -c <"$T/s.out"):$st" "$(od -c <"$T/c.out"):same"
	}
	for p in page nf srv chunk nocl_close redir_close; do
		both -o /dev/null --write-out '%{http_code} %{size_download}' "$U/$p"
		agree "curl --write-out '%{http_code} %{size_download}' on /$p"
	done
	both -o /dev/null --write-out '%{http_code} %{size_download}' "http://127.0.0.1:$P/"
	agree "... on a refused port"
	both -L -o /dev/null --write-out '%{http_code} %{num_redirects} %{url_effective} %{content_type} %header{x-custom}\n' "$U/redir_close"
	agree "... -L with more variables"
	for p in nf srv page; do
		both --fail-with-body "$U/$p"
		agree "curl --fail-with-body on /$p: the same body and status"
		both --fail-with-body -o f "$U/$p"
		is "... with -o f: the same file" "$(cat "$T/s/f"):$src" \
		    "$(cat "$T/c/f"):$crc"
		rm -f "$T/s/f" "$T/c/f"
	done
else
	skip "the same as curl --write-out and --fail-with-body" \
	    "curl not installed"
fi

done_testing
