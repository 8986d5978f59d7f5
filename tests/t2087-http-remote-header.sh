#!/bin/sh
# t2087: http-get -O -J: the file named by Content-Disposition (a
# quoted string, a token; filename*=UTF-8'' preferred), every path part
# stripped so nothing lands outside the current directory or
# --output-dir, a name with no safe reading refused (exit 1, nothing
# written), an existing file never replaced unless --clobber; beside
# curl on the same command lines (curl 7.88 does not read filename*:
# there the name is checked alone).  In every mode.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/curldiff.sh"
D=$(cd "$(dirname "$0")" && pwd)

if ! have python3; then
	skip "-J" "python3 not installed"
	done_testing
	exit 0
fi
server 120 python3 "$D/misc_http.py" "$T/req.log" || exit 1
U=http://127.0.0.1:$SPORT
havecurl=0
have curl && havecurl=1
enc() {
	python3 -c 'import sys, urllib.parse
print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}
# what a directory holds: "name=content" sorted, one line
holds() { (cd "$1" && for f in * .[!.]*; do [ -e "$f" ] &&
    printf '%s=%s ' "$f" "$(cat "$f")"; done); }

# named CD WANT DESC: -OJ in a fresh directory makes WANT (with curl
# too unless NOCURL is set)
named() {
	rm -rf "$T/s" "$T/c"
	mkdir -p "$T/s/in" "$T/c/in"
	(cd "$T/s/in" && exec timeout -k 2 30 "$SOCKT" http-get -sS -OJ \
	    "$U/cd/$(enc "$1")") 2>"$T/s.err"
	src=$?
	is "$3" "$src:$(holds "$T/s/in")|$(holds "$T/s")" "0:$2=cd |in= "
	[ $havecurl = 1 ] && [ -z "${NOCURL:-}" ] || return 0
	(cd "$T/c/in" && exec timeout -k 2 30 curl -sS -OJ \
	    "$U/cd/$(enc "$1")") 2>"$T/c.err"
	is "... as curl" "$?:$(holds "$T/c/in")" "0:$2=cd "
}

named 'attachment; filename="a b.txt"' "a b.txt" "a quoted name"
named 'attachment; filename=tok.txt' "tok.txt" "a token"
named 'attachment; filename="../../up.txt"' "up.txt" \
    "../ stripped: nothing above the directory"
named 'attachment; filename="/tmp/abs.txt"' "abs.txt" \
    "an absolute path stripped"
named 'attachment; filename="dir\\win.txt"' "win.txt" \
    "a backslash path stripped"
NOCURL=1
named "attachment; filename=\"x.txt\"; filename*=UTF-8''%C3%A9t%C3%A9.txt" \
    "été.txt" "filename*=UTF-8'' preferred, percent-decoded"
named "attachment; filename*=UTF-8''..%2F..%2Fup2.txt" "up2.txt" \
    "... its decoded path stripped too"
NOCURL=

# no Content-Disposition, or none with a name: the URL's, as -O
rm -rf "$T/s" && mkdir -p "$T/s"
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS -OJ "$U/plain.txt")
is "no Content-Disposition: the URL's name" "$?:$(holds "$T/s")" \
    "0:plain.txt=/plain.txt - "

# refused: one line, exit 1, nothing written
for v in 'attachment; filename=""' 'attachment; filename=".."' \
    "attachment; filename*=UTF-8''a%0Ab"; do
	rm -rf "$T/s" && mkdir -p "$T/s"
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS -OJ \
	    "$U/cd/$(enc "$v")") 2>"$T/s.err"
	is "refused: $v" "$?:$(holds "$T/s")" "1:"
	like "... one line saying so" "$(cat "$T/s.err")" \
	    "sockt http-get: $U/cd/*: Content-Disposition: no safe file name in *"
done
if [ $havecurl = 1 ]; then
	rm -rf "$T/c" && mkdir -p "$T/c"
	(cd "$T/c" && exec timeout -k 2 30 curl -sS -OJ \
	    "$U/cd/$(enc 'attachment; filename=".."')") 2>/dev/null
	is "... curl fails too (23)" "$?:$(holds "$T/c")" "23:"
fi

# an existing file stays, unless --clobber
cdx="$U/cd/$(enc 'attachment; filename=have.txt')"
rm -rf "$T/s" "$T/c" && mkdir -p "$T/s" "$T/c"
echo old >"$T/s/have.txt"
echo old >"$T/c/have.txt"
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS -OJ "$cdx") \
    2>"$T/s.err"
is "an existing file: exit 23, kept" "$?:$(holds "$T/s")" "23:have.txt=old "
is "... saying so" "$(cat "$T/s.err")" \
    "sockt http-get: have.txt: File exists (--clobber replaces it)"
if [ $havecurl = 1 ]; then
	(cd "$T/c" && exec timeout -k 2 30 curl -sS -OJ "$cdx") 2>/dev/null
	is "... curl keeps it too (23)" "$?:$(holds "$T/c")" "23:have.txt=old "
fi
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS --clobber -OJ \
    "$cdx")
is "--clobber: replaced" "$?:$(holds "$T/s")" "0:have.txt=cd "
if [ $havecurl = 1 ]; then
	(cd "$T/c" && exec timeout -k 2 30 curl -sS --clobber -OJ "$cdx")
	is "... as curl --clobber" "$?:$(holds "$T/c")" "0:have.txt=cd "
fi
# a file system without hard links (vfat or exfat on a USB stick):
# link(2) fails with EPERM, made so by a preloaded shim where a compiler
# is at hand; the name is claimed another way, never clobbered
printf '%s\n' '#include <errno.h>' \
    'int link(const char *a, const char *b)' \
    '{ (void)a; (void)b; errno = EPERM; return -1; }' \
    'int linkat(int d, const char *a, int e, const char *b, int f)' \
    '{ (void)d; (void)a; (void)e; (void)b; (void)f; errno = EPERM;' \
    '  return -1; }' >"$T/nolink.c"
: >"$T/l1"
if cc -shared -fPIC -o "$T/nolink.so" "$T/nolink.c" 2>/dev/null &&
    ! LD_PRELOAD=$T/nolink.so ln "$T/l1" "$T/l2" 2>/dev/null; then
	rm -rf "$T/v" && mkdir -p "$T/v"
	(cd "$T/v" && LD_PRELOAD=$T/nolink.so exec timeout -k 2 30 \
	    "$SOCKT" http-get -sS -OJ "$cdx")
	is "no hard links (link: EPERM): saved all the same" \
	    "$?:$(holds "$T/v")" "0:have.txt=cd "
	echo old >"$T/v/have.txt"
	(cd "$T/v" && LD_PRELOAD=$T/nolink.so exec timeout -k 2 30 \
	    "$SOCKT" http-get -sS -OJ "$cdx") 2>"$T/v.err"
	is "... an existing file kept there too" \
	    "$?:$(holds "$T/v"):$(cat "$T/v.err")" \
	    "23:have.txt=old :sockt http-get: have.txt: File exists (--clobber replaces it)"
else
	skip "no hard links 1" "no cc, or LD_PRELOAD does not take"
	skip "no hard links 2" "no cc, or LD_PRELOAD does not take"
fi
ln -s "$T/s/target" "$T/s/link.txt"
(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS -OJ \
    "$U/cd/$(enc 'attachment; filename=link.txt')") 2>/dev/null
is "a symbolic link is not written through" \
    "$?:$(test -e "$T/s/target" && echo made)" "23:"

# --output-dir, and every mode (-O is one URL's, as curl's: every URL's
# with --remote-name-all)
for m in "" -Z --pipeline; do
	rm -rf "$T/s" && mkdir -p "$T/s"
	(cd "$T/s" && exec timeout -k 2 30 "$SOCKT" http-get -sS $m -J \
	    --remote-name-all \
	    --output-dir out --create-dirs \
	    "$U/cd/$(enc 'attachment; filename="../x1"')" \
	    "$U/cd/$(enc 'attachment; filename=x2')" "$U/x3")
	is "--output-dir, ${m:-one at a time}" \
	    "$?:$(holds "$T/s/out")|$(ls "$T/s")" \
	    "0:x1=cd x2=cd x3=/x3 - |out"
done

# -J without -O, -J with -C - (issue 61: curl's rules, t2116 beside curl)
run 30 "$SOCKT" http-get -s -J "$U/a"
is "-J without -O: no effect, as curl" "$rc" 0
run 30 "$SOCKT" http-get -OJ -C - "$U/a"
is "-J with -C -: a usage error, as curl" "$rc" 2

done_testing
