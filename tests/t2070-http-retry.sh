#!/bin/sh
# t2070: http-get --retry, --retry-delay, --retry-max-time and
# --retry-connrefused against a scripted server (seq_http.py) whose
# answers change from one request to the next: which failures are
# retried, how long each wait is (Retry-After in both forms, the longer
# of it and --retry-delay), that a retry never writes a byte twice (-o
# starts over, stdout refuses), the bounds, and curl's results on the
# same command lines.
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "http-get --retry" "python3 not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D" "$T/s" "$T/c"
r() { f=$1; shift; printf "$@" >"$D/$f"; }
ok200='HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n'
r a.1 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops\n'
r a.2 "$ok200"
r ra.1 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 5\r\n\r\nbusy\n'
r ra.2 "$ok200"
r rd.1 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: @DATE+3@\r\nContent-Length: 5\r\n\r\nbusy\n'
r rd.2 "$ok200"
r tm.1 'HTTP/1.1 429 Too Many Requests\r\nContent-Length: 5\r\n\r\nslow\n'
r tm.2 "$ok200"
r busy 'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\n\r\nbusy\n'
r long 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nContent-Length: 5\r\n\r\nbusy\n'
r nf 'HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\ngone\n'
r cut.1 'HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhalf,@STALL@'
r cut.2 'HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nhalf,whole\n\n'
r g408.1 'HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n'
r g408.2 'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'
r g408.3 'HTTP/1.1 504 Gateway Timeout\r\nContent-Length: 0\r\n\r\n'
r g408.4 "$ok200"

if ! server 120 python3 "$(dirname "$0")/seq_http.py" "$D"; then
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
G="$SOCKT http-get"
# hits TARGET: how many requests for TARGET the server saw
hits() { awk -v t="$1" '$1 == t { n++ } END { print n + 0 }' "$D/hits.log"; }
# gap TARGET: milliseconds between its first and second request
gap() {
	awk -v t="$1" '$1 == t && $2 == 1 { a = $3 } $1 == t && $2 == 2 {
	    b = $3 } END { print (a && b) ? b - a : -1 }' "$D/hits.log"
}
nlines() { printf '%s\n' "$1" | grep -c "$2"; }

# --- the cases whose time is a wait, as parts (lib.sh): side by side, -----
# not one after another (the server answers each connection in a thread)
wait_retry_after() {
	run 20 $G --retry 1 --retry-delay 0.1 -s "$U/ra"
	is "503 with Retry-After: 2 (-s): the body, silent" "$out:$rc:$err" "hello:0:"
	g=$(gap /ra)
	check "... waited the 2 s Retry-After asked, not 0.1 s ($g ms)" \
	    within 1900 6000 "$g"
}
wait_retry_date() {
	run 20 $G --retry 1 --retry-delay 0.1 "$U/rd"
	is "503 with an HTTP-date Retry-After" "$out:$rc" "hello:0"
	g=$(gap /rd)
	check "... waited until about that date ($g ms)" within 1900 6000 "$g"
	like "... and said so" "$err" "*retrying in [23] s (1 of 1)"
}
wait_delay_longer() {
	run 20 $G --retry 1 --retry-delay 2 "$U/ra?d"
	g=$(gap /ra?d)
	check "--retry-delay 2 over Retry-After: 2: the longer wins ($g ms)" \
	    within 1900 6000 "$g"
}
wait_cut() {
	# timeouts mid-body: -o starts over, stdout refuses
	mkdir "$T/s"
	run 20 $G --retry 1 --retry-delay 0.1 -m 1 -o "$T/s/cut" "$U/cut"
	is "a timeout after 5 bytes with -o: retried, exact bytes, no temporary" \
	    "$(od -c <"$T/s/cut"):$rc:$(ls "$T/s" | grep -c sockt)" \
	    "$(printf 'half,whole\n\n' | od -c):0:0"
	like "... the timeout said" "$err" "*timed out after 1000 ms: retrying*"
	run 20 $G --retry 3 --retry-delay 0.1 -m 1 "$U/cut?stdout"
	is "the same to stdout: refused, the 5 bytes once, exit 28" \
	    "$out:$rc:$(hits /cut?stdout)" "half,:28:1"
	like "... with a message" "$err" \
	    "*timed out after 1000 ms*not retrying: 5 bytes already written to stdout"
}
wait_max_time() {
	# --retry-max-time: no wait may end past it
	timed 20 $G --retry 10 --retry-delay 1 --retry-max-time 2.5 "$U/busy?mt"
	is "--retry-max-time 2.5 with 1 s waits: 3 tries" "$(hits /busy?mt):$rc" "3:0"
	check "... in about 2 s ($el ms)" within 1800 6000 "$el"
	like "... and says why it stopped" "$err" \
	    "*not retrying: the wait would end after --retry-max-time"
	timed 20 $G --retry 3 --retry-max-time 5 "$U/long"
	within 0 3000 "$el" && el=quick
	is "Retry-After: 30 past --retry-max-time 5: no retry, at once" \
	    "$(hits /long):$rc:$el" "1:0:quick"
	like "... and says so" "$err" "*HTTP 503: not retrying: the wait would end*"
}
wait_late_port() {
	# a port that opens after two refusals: the server binds it at once but
	# listens only when the second retry is announced (each wait is 2 s), so
	# opening the port costs no interpreter start, which a loaded machine
	# made longer than the wait (three refusals were seen)
	mkdir "$D/late"
	r late/x "$ok200"
	mkfifo "$T/go"
	BGERR=$T/late.srv SEQ_HTTP_HOLD=$T/go bg 60 python3 \
	    "$(dirname "$0")/seq_http.py" "$D/late"
	LSRV=$BGPID
	wait_until 20 grep -q ' port ' "$T/late.srv"
	LP=$(sed -n 's/^seq: bound 127.0.0.1 port //p' "$T/late.srv")
	BGOUT=$T/late.out BGERR=$T/late.err bg 30 $G --retry 5 --retry-delay 2 \
	    --retry-connrefused "http://127.0.0.1:$LP/x"
	LPID=$BGPID
	if [ -n "$LP" ] && wait_until 15 grep -q "(2 of 5)" "$T/late.err"; then
		echo go >"$T/go"
		wait_status "$LPID"
		is "--retry-connrefused: refused twice, then the answer" \
		    "$(cat "$T/late.out"):$rc" "hello:0"
		is "... two refusals said" \
		    "$(grep -c 'Connection refused: retrying' "$T/late.err")" 2
	else
		fail "--retry-connrefused: the second retry never came" \
		    "$(cat "$T/late.err" "$T/late.srv")"
	fi
	kill "$LSRV" 2>/dev/null
}
same_as_curl() {
	# the same command lines with curl: the same files and exit statuses
	# (the six at once, each in a directory of its own)
	if have curl; then
		for t in a busy cut; do
			for w in s c; do
				if [ $w = s ]; then
					cmd="$G"
				else
					cmd="curl -sS"
				fi
				mkdir "$T/$w$t"
				(cd "$T/$w$t" && timeout -k 2 20 $cmd --retry 2 \
				    --retry-delay 1 -m 2 -o f "$U/$t?$w" >/dev/null 2>&1
				    echo $? >rc) &
			done
		done
		wait
		for t in a busy cut; do
			is "curl --retry 2 -o on /$t: the same file and status" \
			    "$(cat "$T/s$t/f"):$(cat "$T/s$t/rc")" \
			    "$(cat "$T/c$t/f"):$(cat "$T/c$t/rc")"
		done
	else
		skip "the same as curl --retry" "curl not installed"
	fi
}
part wait_retry_after
part wait_retry_date
part wait_delay_longer
part wait_cut
part wait_max_time
part wait_late_port
part same_as_curl

run 20 $G --retry 2 --retry-delay 0.2 "$U/a"
is "500 then 200 to stdout: the body once" "$out:$rc" "hello:0"
like "... said why it retried" "$err" \
    "*http-get: HTTP 500 Internal Server Error: retrying in 0.2 s (1 of 2)"
is "... two requests" "$(hits /a)" 2

run 20 $G --retry 2 --retry-delay 0.2 -o "$T/s/a" "$U/a?o"
is "500 then 200 with -o: exact bytes, not doubled" \
    "$(od -c <"$T/s/a" | head -3):$rc" "$(printf 'hello\n' | od -c):0"

run 20 $G --retry 3 --retry-delay 0.1 "$U/tm"
is "429 then 200" "$out:$rc" "hello:0"
like "... retried on 429" "$err" "*HTTP 429 Too Many Requests: retrying*"

run 20 $G --retry 5 --retry-delay 0.1 "$U/g408"
is "408, 502, 504, then 200" "$out:$rc:$(hits /g408)" "hello:0:4"

run 20 $G --retry 3 --retry-delay 0.1 "$U/nf"
is "404 is not retried: the body, exit 0" "$out:$rc:$(hits /nf)" "gone:0:1"

run 20 $G --retry 2 --retry-delay 0.1 "$U/busy"
is "503 every time: retried twice, the last body kept, exit 0" \
    "$out:$rc:$(hits /busy)" "busy:0:3"
is "... each retry said, none of the error pages written" \
    "$(nlines "$err" "retrying in")" 2
run 20 $G -f --retry 2 --retry-delay 0.1 "$U/busy?f"
is "503 every time with -f: exit 22, no body" "$out:$rc:$(hits /busy?f)" ":22:3"
like "... the -f message at the end" "$err" "*server returned 503 Service*"

# a timeout before any byte (a silent server) is retried
r silent.1 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\n@STALL@'
r silent.2 "$ok200"
run 20 $G --retry 1 --retry-delay 0.1 --idle-timeout 1 "$U/silent"
is "an idle timeout before the body: retried" "$out:$rc" "hello:0"

# refused connections: only with --retry-connrefused
closedport
P=$CPORT
timed 20 $G --retry 3 --retry-delay 0.1 "http://127.0.0.1:$P/x"
is "refused without --retry-connrefused: no retry, exit 7" \
    "$(nlines "$err" retrying):$rc" "0:7"
parts_done
done_testing
