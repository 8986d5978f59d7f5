#!/bin/sh
# t2020: http-get against python3's http.server: a 32 MiB file must
# arrive intact whether it goes to -o, a pipe, or a redirected stdout.
. "$(dirname "$0")/lib.sh"

if ! have python3; then
	skip "32 MiB download from python3 http.server" "python3 not installed"
	done_testing
	exit
fi
D=$T/www
mkdir "$D"
head -c 33554432 /dev/urandom >"$D/big.bin"
printf 'small\n' >"$D/small.txt"
want=$(sum_of "$D/big.bin")
if ! server 60 python3 -c '
import functools, http.server, sys
h = functools.partial(http.server.SimpleHTTPRequestHandler,
    directory=sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
sys.stderr.write("listening on 127.0.0.1 port %d\n" % s.server_address[1])
sys.stderr.flush()
s.serve_forever()
' "$D"; then
	fail "python3 http.server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT

run 30 "$SOCKT" http-get -o "$T/got.bin" "$U/big.bin"
is "32 MiB to -o: exit 0" "$rc:$err" "0:"
is "... checksum matches" "$(sum_of "$T/got.bin")" "$want"
timeout 30 "$SOCKT" http-get "$U/big.bin" | cksum | cut -d' ' -f1-2 >"$T/sum"
is "32 MiB into a pipe: checksum matches" "$(cat "$T/sum")" "$want"
timeout 30 "$SOCKT" http-get "$U/big.bin" >"$T/stdout.bin"
is "32 MiB to a redirected stdout: checksum matches" \
    "$(sum_of "$T/stdout.bin")" "$want"
timeout 30 "$SOCKT" http-get "$U/big.bin" >>"$T/stdout.bin"
is "... appended (O_APPEND) too" "$(wc -c <"$T/stdout.bin" | tr -d ' ')" \
    67108864
run 10 "$SOCKT" http-get -f "$U/small.txt"
is "small file" "$rc:$out" "0:small"
run 10 "$SOCKT" http-get -f "$U/missing"
is "-f on a real 404: exit 22" "$rc" 22

done_testing
