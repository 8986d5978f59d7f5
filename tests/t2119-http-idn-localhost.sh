#!/bin/sh
# t2119: international host names and *.localhost in http-get as curl
# 7.88 reads them (issue 61, item 6), beside curl against heads_http.py,
# which records each request head byte for byte:
# - a URL's UTF-8 host name goes out in its ASCII form (libidn2 opened
#   at run time, UTS #46 non-transitional first, as curl asks it): the
#   Host field, --resolve matched on that form, upper case folded, "ß"
#   kept a letter (IDNA 2008), a redirect's Location the same,
#   %{url_effective} the name as typed, after a redirect too; a name
#   that is none exits 3, as curl's; without libidn2 one line names the
#   library and the exit status is 6 (curl without IDN support: the
#   resolver knows no such name);
# - localhost and *.localhost dial 127.0.0.1 then ::1 asking no resolver
#   (RFC 6761, curl's since 7.85): foo.localhost is in no /etc/hosts.
# curl reads a URL in the locale's charset: it runs under C.UTF-8 here
# (sockt reads UTF-8 whatever the locale: RFC 3987).  Fails on fbc4a641
# (a UTF-8 host was a bad URL, exit 2; foo.localhost did not resolve).
. "$(dirname "$0")/lib.sh"

if ! have python3 || ! have curl; then
	skip "international names beside curl" "python3 or curl not installed"
	done_testing
	exit
fi
if ! curl -V | grep -q 'IDN'; then
	skip "international names beside curl" "this curl has no IDN"
	done_testing
	exit
fi
# the loader that runs sockt finds libidn2.so.0 (t0037 checks the line that
# says it is missing)
if ! loader_has libidn2.so.0; then
	skip "international names beside curl" "no libidn2.so.0"
	done_testing
	exit
fi
. "$(dirname "$0")/curldiff.sh"
heads_start || exit 1
LC_ALL=C.UTF-8
export LC_ALL
R="--resolve xn--bcher-kva.example:$P:127.0.0.1"

same "a UTF-8 host: Host in its ASCII form, --resolve matched on it" \
    $R "http://bücher.example:$P/a"
grep -q "^Host: xn--bcher-kva.example:$P" "$T/s.req" &&
    pass "... xn--bcher-kva.example" ||
    fail "... xn--bcher-kva.example" "$(cat "$T/s.req" "$T/s.err")"
same "upper case folded as curl's" $R "http://BÜCHER.example:$P/a"
same "ß a letter of its own (non-transitional), as curl's" \
    --resolve "xn--fa-hia.example:$P:127.0.0.1" "http://faß.example:$P/a"
grep -q "^Host: xn--fa-hia.example:$P" "$T/s.req" &&
    pass "... xn--fa-hia.example, not fass.example" ||
    fail "... xn--fa-hia.example, not fass.example" "$(cat "$T/s.req")"
same "a redirect's UTF-8 host: followed in its ASCII form" -L $R \
    "$U/redirto/b%C3%BCcher.example:$P"
grep -q "^Host: xn--bcher-kva.example:$P" "$T/s.req" &&
    pass "... the second request to xn--bcher-kva.example" ||
    fail "... the second request to xn--bcher-kva.example" \
    "$(cat "$T/s.req" "$T/s.err")"
same "%{url_effective}: the host as typed, after a redirect, as curl's" \
    -L $R -w "%{url_effective}" "http://bücher.example:$P/redir"
like "... in UTF-8" "$(cat "$T/s.out")" "*http://bücher.example:$P/a"
same "a name that is none: exit 3 as curl's" "http://xn--.ü.example:$P/a"
is "... 3" "$src" 3
like "... in one line" "$(cat "$T/s.err")" \
    "sockt http-get: xn--.ü.example: no international host name: *"
run 10 env SOCKT_IDN2_LIB="$T/none.so" "$SOCKT" http-get \
    "http://bücher.example:$P/a"
is "without libidn2: exit 6, one line naming it" "$rc:$err" \
    "6:sockt http-get: bücher.example: an international name needs libidn2.so.0 (libidn2), which was not found"
run 10 env SOCKT_IDN2_LIB="$T/none.so" "$SOCKT" http-get -s \
    "http://bücher.example:$P/a"
is "... silent under -s" "$rc:$err" "6:"
run 10 env SOCKT_IDN2_LIB="$T/none.so" "$SOCKT" http-get "$U/a"
is "... an ASCII name needs no libidn2" "$rc:$out" "0:ok"

like "--version names libidn2" "$("$SOCKT" --version)" "*IDN: [0-9]*.[0-9]* (libidn2.so.0)*"
like "... or says it is missing" "$(SOCKT_IDN2_LIB="$T/none.so" "$SOCKT" --version)" \
    "*IDN: none (libidn2.so.0 (libidn2), which was not found)*"

# *.localhost
same "foo.localhost: loopback, no resolver asked" "http://foo.localhost:$P/a"
is "... both fetched it" "$src:$(cat "$T/s.out")" "0:ok"
same "A.B.LOCALHOST: any case, any depth" "http://A.B.LOCALHOST:$P/a"
same "localhost itself" "http://localhost:$P/a"
done_testing
