#!/bin/sh
# t2066: http-get --pipeline (issue 22, "opt-in pipelining"): up to DEPTH
# requests on a connection before the responses (RFC 9112 section 9.3),
# proved by a scripted server (pipeline_http.py) that logs how many
# requests had arrived unanswered at each answer; a server that closes
# after N answers with more requests waiting, and one that says
# Connection: close mid-pipeline: the unanswered requests go again on a
# new connection, one at a time from then on, every body exact and none
# answered twice; a real nginx, with and without -Z; the optional
# argument.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/nginx.sh"

if ! have python3; then
	skip "pipelining" "python3 not installed"
	done_testing
	exit
fi
PS=$(dirname "$0")/pipeline_http.py
N=40
# the bodies pipeline_http.py sends for /1../N: all in $T/want, each in
# $T/w/I; and nginx's 200 files of random bytes, f0..f199 of I * 13
# bytes: one python3 (a python3 a body and a head a file were 240
# process starts)
mkdir "$T/w" "$T/www"
python3 -c 'import os, sys
n, w, www = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def body(n):
    return "".join("%d:%d\n" % (n, i) for i in range(n % 97 + 1))
with open(os.path.join(w, "..", "want"), "w") as f:
    f.write("".join(body(i) for i in range(1, n + 1)))
for i in range(1, n + 1):
    with open(os.path.join(w, str(i)), "w") as f:
        f.write(body(i))
for i in range(200):
    with open(os.path.join(www, "f%d" % i), "wb") as f:
        f.write(os.urandom(i * 13))' $N "$T/w" "$T/www" || exit 1
urls() {
	i=1
	while [ $i -le $N ]; do
		printf 'http://127.0.0.1:%s/%d\n' "$1" $i
		i=$((i + 1))
	done >"$T/urls"
}
# answered: every target answered exactly once, in the log $1
once() {
	awk '{ print $3 }' "$1" | sort | uniq -d | wc -l | tr -d ' '
}

# A server that keeps every connection: one connection, pipelined
: >"$T/log1"
if server 60 python3 "$PS" "$T/log1"; then
	urls "$SPORT"
	timeout -k 2 30 "$SOCKT" http-get --pipeline --urls "$T/urls" >"$T/out"
	is "--pipeline: exit 0" "$?" 0
	check "... the bodies exact, in URL order" cmp -s "$T/out" "$T/want"
	is "... one connection" "$(awk '{ print $1 }' "$T/log1" | sort -u |
	    wc -l | tr -d ' ')" 1
	max=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T/log1")
	check "... requests pipelined: up to $max waiting, at most 8" \
	    sh -c "[ $max -gt 1 ] && [ $max -le 8 ]"
	: >"$T/log1"
	timeout -k 2 30 "$SOCKT" http-get --pipeline 3 --urls "$T/urls" \
	    >"$T/out"
	max=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T/log1")
	is "--pipeline 3: exit 0, exact, at most 3 waiting" \
	    "$?:$(cmp -s "$T/out" "$T/want" && echo same):$((max <= 3))" \
	    "0:same:1"
	: >"$T/log1"
	timeout -k 2 30 "$SOCKT" http-get --pipeline=2 --urls "$T/urls" \
	    >"$T/out"
	max=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T/log1")
	is "--pipeline=2: the same, at most 2" \
	    "$?:$(cmp -s "$T/out" "$T/want" && echo same):$max" "0:same:2"
	: >"$T/log1"
	timeout -k 2 30 "$SOCKT" http-get "http://127.0.0.1:$SPORT/1" \
	    "http://127.0.0.1:$SPORT/2" "http://127.0.0.1:$SPORT/3" >/dev/null
	max=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T/log1")
	is "without --pipeline: never more than one waiting" "$?:$max" "0:1"
	mkdir "$T/o"
	: >"$T/log1"
	timeout -k 2 30 "$SOCKT" http-get -Z --pipeline 4 --remote-name-all --output-dir \
	    "$T/o" --urls "$T/urls"
	rc=$?
	bad=0
	i=1
	while [ $i -le $N ]; do
		cmp -s "$T/w/$i" "$T/o/$i" || bad=$((bad + 1))
		i=$((i + 1))
	done
	is "-Z --pipeline 4 -O: exit 0, every file exact" "$rc:$bad" "0:0"
	c=$(awk '{ print $1 }' "$T/log1" | sort -u | wc -l | tr -d ' ')
	max=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T/log1")
	check "... over 1 to 6 connections ($c), at most 4 waiting ($max)" \
	    sh -c "[ $c -ge 1 ] && [ $c -le 6 ] && [ $max -le 4 ]"
	"$SOCKT" http-get --pipeline 0 "http://127.0.0.1:$SPORT/1" \
	    >/dev/null 2>&1
	is "--pipeline 0: a usage error" "$?" 2
	"$SOCKT" http-get --pipeline 101 "http://127.0.0.1:$SPORT/1" \
	    >/dev/null 2>&1
	is "--pipeline 101: a usage error" "$?" 2
fi

# A server that closes after 3 answers with requests waiting, and one
# whose 2nd answer says Connection: close: the rest go again, one at a
# time, each answered once, every byte right
for m in "close-after 3" "close-header 2"; do
	: >"$T/log2"
	if ! server 60 python3 "$PS" "$T/log2" $m; then
		continue
	fi
	urls "$SPORT"
	timeout -k 2 30 "$SOCKT" http-get --pipeline --urls "$T/urls" \
	    >"$T/out" 2>"$T/err"
	is "$m: exit 0, nothing said" "$?:$(cat "$T/err")" "0:"
	check "... the bodies exact, in URL order" cmp -s "$T/out" "$T/want"
	is "... each request answered once" "$(once "$T/log2"):$(wc -l \
	    <"$T/log2" | tr -d ' ')" "0:$N"
	first=$(awk '$1 == 1 && $2 > m { m = $2 } END { print m + 0 }' \
	    "$T/log2")
	later=$(awk '$1 > 1 && $2 > m { m = $2 } END { print m + 0 }' \
	    "$T/log2")
	check "... pipelined at first ($first waiting), then one at a time ($later)" \
	    sh -c "[ $first -gt 1 ] && [ $later -eq 1 ]"
	mkdir -p "$T/z"
	: >"$T/log2"
	timeout -k 2 30 "$SOCKT" http-get -Z --pipeline --urls "$T/urls" \
	    >"$T/out" 2>"$T/err"
	is "$m, -Z: exit 0, exact, each once" \
	    "$?:$(cmp -s "$T/out" "$T/want" && echo same):$(once "$T/log2")" \
	    "0:same:0"
	kill "$SPID" 2>/dev/null
done

# nginx, which pipelines well: the files exact, one connection
mkdir -p "$T/n"
if nginx_start "$T/www" "log_format c '\$connection \$pipe \$request_uri';
access_log $T/ng.log c;"; then
	i=0
	while [ $i -lt 200 ]; do
		echo "http://127.0.0.1:$NGPORT/f$i"
		i=$((i + 1))
	done >"$T/nurls"
	timeout -k 2 30 "$SOCKT" http-get --pipeline -s --remote-name-all --output-dir "$T/n" \
	    --urls "$T/nurls"
	rc=$?
	# the same 200 names, each of the same size, and the same bytes end
	# to end: each file exact (200 cmps were 200 process starts)
	bad=0
	(cd "$T/www" && wc -c f* && cat f*) >"$T/www.all"
	(cd "$T/n" && wc -c f* && cat f*) >"$T/n.all" 2>&1
	cmp -s "$T/www.all" "$T/n.all" || bad=1
	is "nginx, --pipeline: exit 0, 200 files exact" "$rc:$bad" "0:0"
	wait_until 10 sh -c "[ \$(wc -l <'$T/ng.log') -ge 200 ]"
	is "... on one connection, pipelined as nginx saw it" \
	    "$(awk '{ print $1 }' "$T/ng.log" | sort -u | wc -l | tr -d ' '):$(grep -c ' p ' "$T/ng.log" | awk '{ print ($1 > 0) }')" \
	    "1:1"
else
	skip "nginx pipelining" "nginx did not start"
fi

done_testing
