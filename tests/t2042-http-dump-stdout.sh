#!/bin/sh
# t2042: -D - and -D FILE never touch the body's output (issue 55): with
# -o, -O, -J, --output-dir, -Z, globbing, --remote-name-all and -o
# /dev/null the heads go to stdout (or FILE) and the body alone to its
# file, as curl does.  Beside curl, each case in two empty directories:
# the same stdout bytes, the same files with the same bytes, the same
# exit status.  Skips without curl.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"

if ! have python3 || ! have curl; then
	skip "-D beside curl" "python3 or curl not installed"
	done_testing
	exit
fi
D=$T/site
mkdir "$D"
# "close" in a name: the server closes after it, so curl -Z's second
# connection is not kept waiting behind the first
r() { f=$1; shift; printf "$@" >"$D/$f"; }
for f in close1 close2; do
	r $f 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Head: yes\r\n\r\nbody\n'
done
r cdclose 'HTTP/1.1 200 OK\r\nContent-Length: 6\r\nContent-Disposition: attachment; filename="named.txt"\r\n\r\nnamed\n'
r chunkclose 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabc\n\r\n0\r\n\r\n'

if ! server 60 python3 "$(dirname "$0")/canned_http.py" "$D"; then
	fail "canned server started"
	done_testing
	exit
fi
U=http://127.0.0.1:$SPORT
BOTH_FLAGS=-sS

# case DESC ARGS...: in two empty directories, -D - and -D h each, the
# same stdout, files and status as curl
case_() {
	_d=$1
	shift
	for _dd in - h; do
		rm -rf "$T/s" "$T/c"
		mkdir "$T/s" "$T/c"
		both -D "$_dd" "$@"
		_why=""
		[ "$src" = "$crc" ] || _why="exit status: sockt $src, curl $crc"
		cmp -s "$T/s.out" "$T/c.out" || _why="$_why; stdout differs"
		_diff=$(diff -r "$T/s" "$T/c" 2>&1) || _why="$_why; files differ"
		if [ -z "$_why" ]; then
			pass "-D $_dd $_d"
		else
			fail "-D $_dd $_d" "$_why" "$_diff" \
			    "sockt: $(od -c "$T/s.out" | head -4)" \
			    "curl:  $(od -c "$T/c.out" | head -4)" \
			    "$(cat "$T/s.err")"
		fi
	done
}

case_ "-o FILE" -o out.txt "$U/close1"
case_ "-o FILE, chunked" -o out.txt "$U/chunkclose"
case_ "-O" -O "$U/close1"
case_ "-O -J" -O -J "$U/cdclose"
case_ "--output-dir -O" --output-dir sub --create-dirs -O "$U/close1"
case_ "--output-dir -o" --output-dir sub --create-dirs -o o "$U/close1"
case_ "two URLs, two -o" -o a -o b "$U/close1" "$U/close2"
case_ "-Z, two -o" -Z -o a -o b "$U/close1" "$U/close2"
case_ "globbing -o #1" -o 'g#1' "$U/close[1-2]"
case_ "--remote-name-all" --remote-name-all "$U/close1" "$U/close2"
case_ "-o /dev/null" -o /dev/null "$U/close1"
case_ "the body to stdout too" "$U/close1"
case_ "one -o, the second URL to stdout" -o a "$U/close1" "$U/close2"

# the exact split, spelled out once: heads on stdout, the body alone
rm -rf "$T/s" "$T/c"
mkdir "$T/s" "$T/c"
both -D - -o out.txt "$U/close1"
is "-D - -o: the body alone in the file" "$(cat "$T/s/out.txt")" body
like "... the status line on stdout" "$(head -n 1 "$T/s.out")" \
    "HTTP/1.1 200 OK*"

done_testing
