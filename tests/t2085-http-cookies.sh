#!/bin/sh
# t2085: http-get's cookie engine (issue 42 item 1), beside curl on one
# test server (cookie_http.py) that sets cookies with every attribute
# across a redirect chain over three hosts (www.example.test and
# sub.example.test by --resolve, then 127.0.0.1) and logs the Cookie
# field of each hop: what each hop received and the -c jar must be
# curl's.  Where curl 7.88 departs from RFC 6265 sockt follows the RFC,
# and those places are compared as the RFC says, with curl's part
# compared after the difference is taken out (each is named below):
#  - (the order of the Cookie field is curl's, not the RFC's, since
#    issue 61: longer paths, then longer domains, then longer names,
#    then the newest; each hop's field is compared with curl's exactly)
#  - the default-path of a cookie set without Path from /dir/page is
#    /dir (5.1.4); curl writes /dir/ in its jar (it matches the same).
#  - -b name=value goes to the host the user named only, as -H Cookie
#    does; curl sends it on to every host a redirect leads to.
# Then -b files (Netscape and Set-Cookie lines, #HttpOnly_, -j), -c -,
# a jar read and written back, and the same chains under -Z and
# --pipeline.
. "$(dirname "$0")/lib.sh"
D=$(cd "$(dirname "$0")" && pwd)

if ! have python3; then
	skip "cookies" "python3 not installed"
	done_testing
	exit
fi
LOG=$T/hits
: >"$LOG"
server 120 python3 "$D/cookie_http.py" "$LOG" || exit 1
P=$SPORT
R="--resolve www.example.test:$P:127.0.0.1 --resolve sub.example.test:$P:127.0.0.1"
W=http://www.example.test:$P
havecurl=0
have curl && havecurl=1
mkdir -p "$T/s" "$T/c"

# run WHO ARGS...: sockt http-get (WHO s) or curl (c) in $T/WHO, its log
# of hops in $T/WHO.hits, stdout in $T/WHO.out, exit status in $rc
run_one() {
	_who=$1
	shift
	: >"$LOG"
	if [ "$_who" = s ]; then
		(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS $R \
		    "$@") >"$T/s.out" 2>"$T/s.err"
	else
		(cd "$T/c" && exec timeout -k 2 30 curl -sS $R "$@") \
		    >"$T/c.out" 2>"$T/c.err"
	fi
	rc=$?
	cp "$LOG" "$T/$_who.hits"
}
# the hops with the cookies of each in name order (a set), and sorted
# by hop when transfers run at once
setof() {
	awk '{ n = split(substr($0, length($1) + length($2) + 3), a, "; ")
	    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	    s = a[1]; for (i = 2; i <= n; i++) s = s "; " a[i]
	    print $1, $2, s }' "$1" | sort
}
# a jar with the Max-Age cookie's expiry (now + 3600) as T, and curl's
# default-path /dir/ as the RFC's /dir
jar() {
	awk -F'\t' 'BEGIN { OFS = "\t" } $6 == "ma" && $5 > 0 { $5 = "T" }
	    $6 == "de" && $3 == "/dir/" { $3 = "/dir" } { print }' "$1"
}
# same WHAT DESC: sockt's hops are curl's, each Cookie field byte for
# byte (the hops sorted: -Z runs them in any order)
same_hops() {
	[ $havecurl = 1 ] || { skip "$1" "curl not installed"; return; }
	if [ "$(sort "$T/s.hits")" = "$(sort "$T/c.hits")" ]; then
		pass "$1"
	else
		fail "$1" "sockt:" "$(cat "$T/s.hits")" "curl:" \
		    "$(cat "$T/c.hits")"
	fi
}
same_jar() {
	[ $havecurl = 1 ] || { skip "$1" "curl not installed"; return; }
	# but the line that says what wrote it
	if [ "$(jar "$T/s/$2" | grep -v '^# This file was ')" = \
	    "$(jar "$T/c/$2" | grep -v '^# This file was ')" ]; then
		pass "$1"
	else
		fail "$1" "$(diff "$T/c/$2" "$T/s/$2")"
	fi
}
both() {
	run_one s "$@"
	src=$rc
	[ $havecurl = 1 ] || return 0
	run_one c "$@"
	crc=$rc
}

# the chain, the engine on by -b '' (a file that is not there) and -c
both -L -b '' -c jar "$W/start"
is "the chain: exit 0" "$src" 0
cat >"$T/want" <<EOT
www.example.test /start -
www.example.test /dir/page pp=10; ho=5; dd=2; ee=8; ma=6; hh=1
sub.example.test /next hd=13
127.0.0.1 /ip -
127.0.0.1 /ip2 __Host-hx=19; id=17; ls=16
EOT
# refused: xx (another domain), dx (not a suffix), ss (Secure over
# http to a name that is not loopback's), gg (Max-Age=0), nx (a
# subdomain of the host), ib (an IP's tail), __Secure-sx (no Secure);
# ma's Max-Age beats its past Expires; pp (/dir/) goes first, the
# longest path; dd and hd (Domain) go on to sub.example.test as the
# path allows; ls (Secure) is taken and sent over http to 127.0.0.1
if [ "$(cat "$T/s.hits")" = "$(cat "$T/want")" ]; then
	pass "each hop got the cookies RFC 6265 says, in curl's order"
else
	fail "each hop got the cookies RFC 6265 says, in curl's order" \
	    "$(diff "$T/want" "$T/s.hits")"
fi
same_hops "... the same cookies as curl -L -b '' -c"
cat >"$T/want" <<EOT
# Netscape HTTP Cookie File
# https://curl.se/docs/http-cookies.html
# This file was written by sockt http-get. Edit at your own risk.

127.0.0.1	FALSE	/	TRUE	0	__Host-hx	19
127.0.0.1	FALSE	/	FALSE	0	id	17
127.0.0.1	FALSE	/	TRUE	0	ls	16
sub.example.test	FALSE	/	FALSE	0	sb	15
.example.test	TRUE	/	FALSE	0	hd	13
www.example.test	FALSE	/dir	FALSE	0	de	11
www.example.test	FALSE	/dir/	FALSE	0	pp	10
www.example.test	FALSE	/	FALSE	2114380800	ee	12
#HttpOnly_www.example.test	FALSE	/dir	FALSE	0	ho	5
.example.test	TRUE	/dir	FALSE	0	dd	2
www.example.test	FALSE	/	FALSE	0	hh	1
EOT
if [ "$(jar "$T/s/jar")" = "$(cat "$T/want")" ]; then
	pass "the jar: curl's format, newest first, ee=12 in ee=8's place"
else
	fail "the jar: curl's format, newest first" \
	    "$(diff "$T/want" "$T/s/jar")"
fi
same_jar "... curl's jar" jar
cp "$T/s/jar" "$T/jar.s"
cp "$T/s/jar" "$T/jar.want"

# no -b and no -c: the engine off, no hop gets a cookie
both -L "$W/start"
is "no -b, no -c: the engine off" "$src:$(cut -d' ' -f3 "$T/s.hits" |
    sort -u)" "0:-"
same_hops "... as curl -L"

# URLs one after another, no -L: the second carries what the first set
both -b '' "$W/start" "$W/dir/x"
is "URLs in turn: the next URL gets the cookies" "$(cat "$T/s.hits")" \
    "www.example.test /start -
www.example.test /dir/x pp=10; ho=5; dd=2; ee=8; ma=6; hh=1"
same_hops "... the same cookies as curl"

# -c - writes the jar to stdout, after the body
both -L -b '' -c - "$W/start"
if [ "$src" = 0 ] && [ "$(sed 1d "$T/s.out" | jar /dev/stdin)" = \
    "$(cat "$T/want")" ] && [ "$(head -n 1 "$T/s.out")" = ok ]; then
	pass "-c - writes the jar to stdout"
else
	fail "-c - writes the jar to stdout" "$(cat "$T/s.out")"
fi
if [ $havecurl = 1 ] && [ "$(jar "$T/s.out" | grep -v '^# This file was ')" \
    = "$(jar "$T/c.out" | grep -v '^# This file was ')" ]; then
	pass "... as curl -c -"
elif [ $havecurl = 1 ]; then
	fail "... as curl -c -" "$(diff "$T/c.out" "$T/s.out")"
fi

# the jar read back (-b FILE) with -b pairs; the Secure cookie of
# 127.0.0.1 not sent to www.example.test
cp "$T/jar.s" "$T/s/in"
cp "$T/jar.s" "$T/c/in"
both -b in -b 'k=v; k2=v2' -b 'k3=v3' "$W/dir/x"
# the file's lines in order are the cookies' creation: pp (/dir/) first,
# then de ho dd (/dir), then hd ee hh (/)
is "-b file and -b pairs: the file's cookies, then the pairs (joined by ';' as curl)" \
    "$(cat "$T/s.hits")" \
    "www.example.test /dir/x pp=10; ho=5; de=11; dd=2; hh=1; ee=12; hd=13; k=v; k2=v2;k3=v3"
same_hops "... the same cookies as curl -b file -b pairs"
both -j -b in "$W/dir/x"
is "-j: the session cookies of the file left out" "$(cat "$T/s.hits")" \
    "www.example.test /dir/x ee=12"
same_hops "... as curl -j"
both -b in -c in "$W/none"
same_jar "a jar read and written back: curl's order" in

# a file as curl reads it: Netscape lines, #HttpOnly_, Set-Cookie lines
# (without a Domain below), comments, a line that is not a cookie, an
# expired one, a Secure one for http to a name (not sent), CRLF line ends
printf '# a comment\r\n.example.test\tTRUE\t/\tFALSE\t0\tna\t1\r\n#HttpOnly_www.example.test\tFALSE\t/dir\tFALSE\t0\tnb\t2\nSet-Cookie: nc=3; Domain=www.example.test; Path=/\nwww.example.test\tFALSE\t/\tTRUE\t0\tne\t5\nwww.example.test\tFALSE\t/\tFALSE\t1000\tnf\t6\nnot a cookie\nwww.example.test\tFALSE\t/\tFALSE\t0\tng\n' >"$T/s/f"
cp "$T/s/f" "$T/c/f"
both -b f -c out "$W/dir/y"
is "-b file: Netscape and Set-Cookie lines" "$(cat "$T/s.hits")" \
    "www.example.test /dir/y nb=2; ng=; nc=3; na=1"
same_hops "... the same cookies as curl -b file"
same_jar "... and the same jar" out

# a line without a domain (issue 49): Set-Cookie with no Domain, a
# Netscape line whose domain is empty.  Each is the first URL's host's
# alone, as the host that set it would have it.  curl 7.88 keeps such
# a Set-Cookie with no domain, which its jar's hash sends to IP
# addresses only (to 127.0.0.1 here, not to www.example.test), and
# reads the empty field as no field at all (its fields shift: never sent)
printf 'Set-Cookie: a=1; Path=/\n' >"$T/s/nd"
cp "$T/s/nd" "$T/c/nd"
both -b nd -c ndjar http://127.0.0.1:$P/x "$W/y"
is "-b: Set-Cookie without Domain goes to the first URL's host alone" \
    "$src:$(cat "$T/s.hits")" "0:127.0.0.1 /x a=1
www.example.test /y -"
[ $havecurl = 1 ] && is "... as curl sends it there" "$(cat "$T/c.hits")" \
    "$(cat "$T/s.hits")"
is "... and -c keeps it, for that host" \
    "$(grep -v '^#' "$T/s/ndjar" | grep .)" \
    "127.0.0.1	FALSE	/	FALSE	0	a	1"
run_one s -b nd "$W/y" http://127.0.0.1:$P/x
is "... the first URL's host, whichever it is (curl: IP addresses only)" \
    "$(cat "$T/s.hits")" "www.example.test /y a=1
127.0.0.1 /x -"
printf '\tFALSE\t/\tFALSE\t0\tb\t2\n.\tTRUE\t/\tFALSE\t0\tc\t3\n' >"$T/s/nd"
run_one s -b nd "$W/y" http://127.0.0.1:$P/x
is "... and so a Netscape line with an empty domain" "$(cat "$T/s.hits")" \
    "www.example.test /y c=3; b=2
127.0.0.1 /x -"

# -b pairs alone turn the engine on too (issue 42: "-b or -c turns the
# engine on"), so the chain's cookies are those of -b '' above, and the
# pairs go to the host named only, as -H Cookie would.  curl 7.88 keeps
# its engine off for pairs alone; with -b '' beside them it agrees with
# us on the named host (it sends the pairs on to every host besides).
both -L -b 'k=v' "$W/start"
cat >"$T/want" <<EOT
www.example.test /start k=v
www.example.test /dir/page pp=10; ho=5; dd=2; ee=8; ma=6; hh=1; k=v
sub.example.test /next hd=13
127.0.0.1 /ip -
127.0.0.1 /ip2 __Host-hx=19; id=17; ls=16
EOT
is "-b pairs alone: the engine on, the pairs to the named host only" \
    "$(cat "$T/s.hits")" "$(cat "$T/want")"
head -n 2 "$T/s.hits" >"$T/s.two"
if [ $havecurl = 1 ]; then
	run_one c -L -b 'k=v' -b '' "$W/start"
	head -n 2 "$T/c.hits" >"$T/c.two"
	is "... the same cookies as curl -b pairs -b '' on that host" \
	    "$(setof "$T/c.two")" "$(setof "$T/s.two")"
fi

# -Z and --pipeline: two chains at once, each hop with its own cookies;
# and the jar, whatever order the chains ran in
cat >"$T/want" <<EOT
127.0.0.1 /za/1 -
127.0.0.1 /za/2 a1=1
127.0.0.1 /za/3 a2=2; a1=1
127.0.0.1 /zb/1 -
127.0.0.1 /zb/2 b1=1
127.0.0.1 /zb/3 b2=2; b1=1
EOT
for mode in -Z --pipeline "-Z --pipeline"; do
	both $mode -L -b '' -c jz http://127.0.0.1:$P/za/1 \
	    http://127.0.0.1:$P/zb/1
	if [ "$src" = 0 ] && [ "$(sort "$T/s.hits")" = "$(cat "$T/want")" ]
	then
		pass "$mode: each hop of each chain got its cookies"
	else
		fail "$mode: each hop of each chain got its cookies" \
		    "$(cat "$T/s.hits" "$T/s.err")"
	fi
	[ "$mode" = -Z ] && same_hops "... the same as curl -Z"
	if [ "$(grep -c '^127' "$T/s/jz")" = 4 ] &&
	    grep -q "^127.0.0.1	FALSE	/za	FALSE	0	a2	2$" "$T/s/jz"; then
		pass "$mode: the jar has the four"
	else
		fail "$mode: the jar has the four" "$(cat "$T/s/jz")"
	fi
done

# the engine's cookies beside -v: the Cookie field is shown as sent
run_one s -v -b "$T/jar.want" "$W/dir/x"
if grep -q '^> Cookie: pp=10; ho=5; de=11; dd=2; hh=1; ee=12; hd=13$' \
    "$T/s.err"; then
	pass "-v shows the Cookie field"
else
	fail "-v shows the Cookie field" "$(cat "$T/s.err")"
fi
run_one s -c "$T/nodir/jar" "$W/x"
if [ "$rc" = 1 ] && grep -q "nodir/jar: No such file" "$T/s.err"; then
	pass "-c FILE that cannot be written: exit 1, said"
else
	fail "-c FILE that cannot be written: exit 1, said" "exit $rc" \
	    "$(cat "$T/s.err")"
fi
run_one s -b "$(printf 'k=v\001')" "$W/x"
is "-b pairs with a control character: a usage error" "$rc" 2

# https to a name that is not loopback's (other.invalid, the PKI's):
# Secure cookies (and the __Secure- and __Host- prefixes) are set and
# sent over https; then a redirect to http on the same name sends none
# of them and takes no Secure cookie, nor one that would replace a
# Secure cookie.  Beside curl, hops and jar.
. "$D/pki.sh"
CP=$P
P=$T/pki
if ! pki_usable; then
	skip "Secure cookies over https" "no openssl command or libssl.so.3"
	done_testing
	exit 0
fi
pki_make || fail "a PKI from the openssl command" "$(cat "$P/log")"
server 120 python3 "$D/cookie_http.py" "$LOG" "$P/other.pem" \
    "$P/other.key" "$CP" || exit 1
R="--resolve other.invalid:$SPORT:127.0.0.1 --resolve other.invalid:$CP:127.0.0.1 --cacert $P/ca.pem"
both -L -b '' -c js "https://other.invalid:$SPORT/s/1"
cat >"$T/want" <<EOT
other.invalid /s/1 -
other.invalid /s/2 __Secure-x=3; __Host-y=4; pc=2; sc=1
other.invalid /s/3 pc=2
other.invalid /s/4 pc=2
EOT
is "https: Secure cookies set and sent; not over http to the same name" \
    "$src:$(cat "$T/s.hits")" "0:$(cat "$T/want")"
same_hops "... the same cookies as curl"
if [ "$(grep -c '	TRUE	' "$T/s/js")" = 3 ] &&
    ! grep -q '	sh	' "$T/s/js" && grep -q '	sc	1$' "$T/s/js"; then
	pass "... the jar keeps the three Secure ones, sc=1 not replaced"
else
	fail "... the jar keeps the three Secure ones" "$(cat "$T/s/js")"
fi
same_jar "... curl's jar" js
done_testing
