#!/bin/sh
# t0034: README.md's tables for people coming from curl and nmap (issue
# 49), run row by row.  A row says a spelling works as curl's (nmap's)
# does, or is refused with a line.  A refused spelling must end sockt
# with exit 2 and that line (the spelling of the row in place of the
# first one), and be an option of curl (curl --help all) or nmap (nmap
# --help): no row refuses what those tools never had.  A working curl
# spelling runs in curl and in sockt http-get, each in an empty
# directory, against tests/mig_http.py (and its TLS twin, and sockt's
# own HTTP proxy), and what each did must agree: the exit status (0, 22
# or another failure), standard output, the files written (the header
# comments of a cookie file aside), the requests the server saw; for a
# few rows whether anything was said on standard error.  A working
# nmap spelling scans loopback with nmap and with sockt portscan, and
# the open ports each found must agree.  Last, every spelling that
# src/cli/foreign.c refuses must be a row: the tables cannot drift from
# the code.  Fails on 0fa7467 (-S unknown, -sT read as -s T).  The nc
# and ncat tables (issue 55) the same way: each refused row's line, each
# working row run with sockt connect or listen and beside OpenBSD nc or
# ncat where installed, the two compared.
# watchdog: 420
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")" && pwd)/..
D=$TOP/tests
README=$TOP/README.md
nl='
'

# rows HEADING: each row of the table under "### HEADING" as
# "KIND<TAB>SPELLING;SPELLING...<TAB>LINE": KIND "as" or "refused", the
# spellings the backquoted words of the first column, LINE the quoted
# refusal ("\|" in a code span is a "|")
rows() {
	awk -v h="### $1" '
	/^### / { on = ($0 == h); next }
	!on || !/^\| `/ { next }
	{
		gsub(/\\\|/, "\001")
		n = split($0, c, "|")
		s = ""; col = c[2]
		while (match(col, /`[^`]*`/)) {
			s = s (s == "" ? "" : ";") substr(col, RSTART + 1,
			    RLENGTH - 2)
			col = substr(col, RSTART + RLENGTH)
		}
		kind = c[3] ~ /^ *refused/ ? "refused" : "as"
		line = ""
		if (kind == "refused" && match(c[3], /`[^`]*`/))
			line = substr(c[3], RSTART + 1, RLENGTH - 2)
		gsub(/\001/, "|", s); gsub(/\001/, "|", line)
		printf "%s\t%s\t%s\n", kind, s, line
	}' "$README"
}

rows "curl's options in http-get" >"$T/curl.rows"
rows "nmap's options in portscan" >"$T/nmap.rows"
rows "nc's and ncat's options in connect" >"$T/ncc.rows"
rows "nc's and ncat's options in listen" >"$T/ncl.rows"
check "README.md has a table of curl's options, 40 rows or more" \
    [ "$(wc -l <"$T/curl.rows")" -ge 40 ]
check "README.md has a table of nmap's options" \
    [ "$(wc -l <"$T/nmap.rows")" -ge 15 ]

# --- every spelling foreign.c refuses is a row
# the names: the first string (its literals joined) of each row
awk '
/^const struct opt_foreign cli_curl_foreign/ { tab = "curl"; next }
/^const struct opt_foreign cli_nmap_foreign/ { tab = "nmap"; next }
/^const struct opt_foreign cli_nc_connect_foreign/ { tab = "ncc"; next }
/^const struct opt_foreign cli_nc_listen_foreign/ { tab = "ncl"; next }
/^};/ { tab = "" }
tab == "" { next }
/^\t\{ "/ { col = 1; names = "" }
col {
	l = $0
	while (match(l, /"[^"]*"/)) {
		names = names substr(l, RSTART + 1, RLENGTH - 2)
		l = substr(l, RSTART + RLENGTH)
		if (l ~ /^[ \t]*,/) {
			n = split(names, w, " ")
			for (i = 1; i <= n; i++)
				print tab, w[i]
			col = 0
			break
		}
	}
}' "$TOP/src/cli/foreign.c" >"$T/foreign"
# the list was read (the next check is vacuous on none); it shrinks as
# spellings are taken as their tools' (59 after issue 61's, from 80)
check "src/cli/foreign.c refuses 40 spellings or more" \
    [ "$(wc -l <"$T/foreign")" -ge 40 ]
# (one awk for them all: one a name was 60 execs)
miss=$(awk -F '\t' -v dir="$T" '
	FNR == 1 && FILENAME ~ /\.rows$/ {
		tab = FILENAME; sub(/.*\//, "", tab); sub(/\.rows$/, "", tab)
	}
	FILENAME ~ /\.rows$/ && $1 == "refused" {
		k = split($2, s, ";")
		for (i = 1; i <= k; i++) { split(s[i], w, " "); has[tab, w[1]] }
		next
	}
	FILENAME !~ /\.rows$/ {
		split($0, w, " ")
		if (!((w[1], w[2]) in has)) printf " %s:%s", w[1], w[2]
	}' "$T/curl.rows" "$T/nmap.rows" "$T/ncc.rows" "$T/ncl.rows" \
    "$T/foreign")
is "every spelling src/cli/foreign.c refuses is a refused row" "$miss" ""

# --- the refused rows
# refused CMD TOOLHELP ROWS: each spelling of each refused row, alone
# before an operand, ends CMD with exit 2 and its line; its option is
# one TOOLHELP (a file) names
refused() {
	_cmd=$1 _help=$2
	while IFS='	' read -r kind sp line; do
		[ "$kind" = refused ] || continue
		piece=${line%%: *}
		advice=${line#*: }
		rest=${piece#* }
		[ "$rest" = "$piece" ] && rest=
		_o=$IFS
		IFS=';'
		# shellcheck disable=SC2086
		set -- $sp
		IFS=$_o
		for s in "$@"; do
			case $s in
			*' '*) p=$s ;;
			*) p="$s${rest:+ $rest}" ;;
			esac
			# shellcheck disable=SC2086
			run 10 "$SOCKT" "$_cmd" $p 127.0.0.1
			first=${err%%"$nl"*}
			is "$_cmd $p: refused with its line" "$rc $first" \
			    "2 sockt $_cmd: $p: $advice"
			# its option, for helps (below)
			[ ! -s "$_help" ] ||
			    printf '%s\t%s %s\n' "${p%% *}" "$_cmd" "$p" \
			    >>"$_help.opts"
		done
	done
}
: >"$T/curl.help"
: >"$T/nmap.help"
have curl && curl --help all >"$T/curl.help" 2>/dev/null
have nmap && nmap --help >"$T/nmap.help" 2>/dev/null
refused http-get "$T/curl.help" <"$T/curl.rows"
refused portscan "$T/nmap.help" <"$T/nmap.rows"
: >"$T/nc.help"
have nc && nc -h >>"$T/nc.help" 2>&1
have ncat && ncat --help >>"$T/nc.help" 2>&1
refused connect "$T/nc.help" <"$T/ncc.rows"
refused listen "$T/nc.help" <"$T/ncl.rows"
# helps: each refused option ("OPT<TAB>CMD SPELLING" in TOOL.help.opts)
# one that TOOL.help names, as -OPT or its one-dash or /-joined
# spelling; one awk a help (two greps a row were 200 execs)
for _h in curl nmap nc; do
	[ -s "$T/$_h.help.opts" ] || continue
	awk -F '\t' 'FNR == NR { h[++n] = $0; next } {
	    o = $1; b = o; sub(/^-/, "", b)
	    r1 = "(^|[ ,/])(" o "|-" b ")([ ,/:=<]|$)"
	    r2 = "[-/]" b "([^A-Za-z0-9]|$)"
	    for (i = 1; i <= n; i++) if (h[i] ~ r1 || h[i] ~ r2) next
	    print $2 }' "$T/$_h.help" "$T/$_h.help.opts" >"$T/$_h.notopt"
	while IFS= read -r _l; do
		fail "$_l: an option of $_h.help"
	done <"$T/$_h.notopt"
done

# The three tables' working rows run as parts, side by side: each its
# own servers and files (its rows copied from the script's $T, TOPT), as
# each row's time is mostly a peer's or a server's wait (curl's
# --retry-delay, nmap's timeouts); nmap's rows count only their own
# ports, so the others' servers are not among them
TOPT=$T
# The rows' cases, by the shell: an awk, three cuts and a sed a row were
# the most of this script's forks.
# case_of FILE S FIRST: the line of FILE ("SPELLING|...") for S, else for
# FIRST, in $c; 1 for none
case_of() {
	for _k in "$2" "$3"; do
		case $_k in *'|'*) continue ;; esac
		while IFS= read -r c; do
			case $c in "$_k|"*) return 0 ;; esac
		done <"$1"
	done
	c=
	return 1
}
# fields CASE: its ARGS, SETUP and FLAGS ("SPELLING|ARGS|SETUP|FLAGS")
fields() {
	_r=${1#*|}
	args=${_r%%|*}
	_r=${_r#"$args"}
	_r=${_r#|}
	SETUP=${_r%%|*}
	_r=${_r#"$SETUP"}
	_r=${_r#|}
	FLAGS=${_r%%|*}
}
# at S: the first @ of $args made S
at() {
	case $args in *@*) args=${args%%@*}$1${args#*@} ;; esac
}
# fresh: a directory never used before, empty, a row's SETUP run in it
# (the curl and nmap rows' run of each tool), $_d.  They are made 64 at a
# time, by one mkdir: an rm and a mkdir a run were 700 execs.
fresh() {
	_fn=$((${_fn:-0} + 1))
	_d=$T/fresh$_fn
	if [ ! -d "$_d" ]; then
		set --
		_i=$_fn
		while [ "$_i" -lt $((_fn + 64)) ]; do
			set -- "$@" "$T/fresh$_i"
			_i=$((_i + 1))
		done
		mkdir "$@" || echo "mkdir failed"
	fi
	[ -z "$SETUP" ] || ( cd "$_d" && eval "$SETUP" ) || echo "setup failed"
}
# slurp FILE: FILE's lines, as $(cat FILE) has them, in $got, by the
# shell
slurp() {
	got=
	_sn1=
	while IFS= read -r _x; do
		got=$got${_sn1:+$nl}$_x
		_sn1=1
	done <"$1"
}
nc_rows() {
	cp "$TOPT/ncc.rows" "$TOPT/ncl.rows" "$T/" ||
	    { fail "nc_rows: its rows"; return; }
	# --- nc's and ncat's working rows (issue 55), sockt's each time and nc's
	# or ncat's beside it where installed: the same bytes, lines, status
	check "README.md has the nc tables, a working row or more each" \
	    test "$(grep -c '^as' "$T/ncc.rows")" -ge 3 -a \
	    "$(grep -c '^as' "$T/ncl.rows")" -ge 2
	OBSD=
	have nc && nc -h 2>&1 | grep -q OpenBSD && OBSD=nc
	NCAT=
	have ncat && NCAT=ncat
	server 280 "$SOCKT" listen -v -k 127.0.0.1 0 -e /bin/cat ||
	    { fail "nc_rows: a server starts"; return; }
	ECHO=$SPORT
	server 280 "$SOCKT" listen -v -k 127.0.0.1 0 -c 'echo served' ||
	    { fail "nc_rows: a server starts"; return; }
	SERVED=$SPORT
	closedport
	NC_DEAD=$CPORT
	# listening PORT: a TCP socket listens on PORT (no connection made: a
	# listener for one connection, or ncat's, would take it)
	listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q LISTEN; }
	# nc_row TOOL CMD SPELLING: what TOOL (sockt's CMD, nc, ncat) makes of
	# the spelling, as one text; empty TOOL: the row has no case
	nc_row() {
		case $2:$3 in
		connect:-N)
			echo hi | timeout 5 $1 -N 127.0.0.1 "$ECHO" 2>&1; echo "rc $?" ;;
		connect:-z)
			timeout 5 $1 -z -w 1 127.0.0.1 "$NC_DEAD" 2>&1; echo "rc $?" ;;
		connect:-zv)
			timeout 10 $1 -zv 127.0.0.1 "$NC_DEAD" "$ECHO" 2>&1 |
			    sed 's/^nc: /sockt connect: /; s/\[tcp\/[^]]*\]/[tcp\/*]/' ;;
		connect:--sh-exec)
			rm -f "$T/shx"
			timeout 5 $1 --sh-exec "echo ping; head -n 1 >$T/shx" \
			    127.0.0.1 "$ECHO" 2>&1 </dev/null
			echo "rc $? $(cat "$T/shx" 2>/dev/null)" ;;
		connect:--recv-only)
			timeout 5 $1 --recv-only 127.0.0.1 "$SERVED" 2>&1 \
			    </dev/null ;;
		listen:-lvnp | listen:-l\ -p)
			_f=$("$HOLDPORT" -f)
			# shellcheck disable=SC2086
			timeout 10 $1 $3 "$_f" >"$T/ncrow" 2>/dev/null &
			_p=$!
			wait_until 5 listening "$_f"
			echo "$3" | timeout 5 "$SOCKT" connect 127.0.0.1 "$_f" 2>&1
			wait "$_p"
			echo "rc $? $(cat "$T/ncrow")" ;;
		listen:--keep-open\ --sh-exec)
			_f=$("$HOLDPORT" -f)
			timeout 10 $1 -l --keep-open --sh-exec 'echo kept' \
			    127.0.0.1 "$_f" 2>/dev/null &
			_p=$!
			wait_until 5 listening "$_f"
			# no half-close: ncat ends a program at its client's EOF
			for _i in 1 2; do
				timeout 5 "$SOCKT" connect --no-shutdown 127.0.0.1 \
				    "$_f" 2>&1 </dev/null
			done
			kill "$_p" 2>/dev/null
			# how the server ended is not the row's: the lines are
			wait "$_p" 2>/dev/null || : ;;
		*)	return 1 ;;
		esac
}
# the answer each row must give, sockt's
want_connect_N="hi
rc 0"
want_connect_z="rc 1"
want_connect_sh="rc 0 ping"
want_connect_recv="served"
for cmd in connect listen; do
	f=$T/ncc.rows
	[ $cmd = listen ] && f=$T/ncl.rows
	while IFS='	' read -r kind sp line; do
		[ "$kind" = as ] || continue
		# sockt listen takes -l as nc's; nc itself wants it too
		if [ $cmd = listen ]; then
			got=$(nc_row "$SOCKT listen" listen "$sp") || {
			    fail "listen $sp: a case in t0034"; continue; }
		else
			got=$(nc_row "$SOCKT connect" connect "$sp") || {
			    fail "connect $sp: a case in t0034"; continue; }
		fi
		case $cmd:$sp in
		connect:-N) is "connect -N: the echo" "$got" "$want_connect_N" ;;
		connect:-z) is "connect -z: silent" "$got" "$want_connect_z" ;;
		connect:-zv) like "connect -zv: nc's lines" "$got" \
		    "sockt connect: connect to 127.0.0.1 port $NC_DEAD (tcp) failed: Connection refused*Connection to 127.0.0.1 $ECHO port \[tcp/\*\] succeeded!" ;;
		connect:--sh-exec) is "connect --sh-exec" "$got" \
		    "$want_connect_sh" ;;
		connect:--recv-only) is "connect --recv-only" "$got" \
		    "$want_connect_recv" ;;
		listen:--keep-open\ --sh-exec) is "listen $sp: two clients" \
		    "$got" "kept
kept" ;;
		listen:*) is "listen $sp: the client's line" "$got" "rc 0 $sp" ;;
		esac
		tool=$OBSD
		case $sp in --*) tool=$NCAT ;; esac
		[ "$cmd:$sp" = connect:--recv-only ] && tool=
		if [ -z "$tool" ]; then
			skip "$cmd $sp beside nc or ncat" "not installed"
			continue
		fi
		if [ $cmd = listen ]; then
			theirs=$(nc_row "$tool" listen "$sp")
		else
			theirs=$(nc_row "$tool" connect "$sp")
		fi
		is "$cmd $sp: as $tool does" "$got" "$theirs"
	done <"$f"
done
}
curl_rows() {
	cp "$TOPT/curl.rows" "$T/" ||
	    { fail "curl_rows: its rows"; return; }
	# --- the working curl rows, beside curl
	if ! have curl || ! have python3; then
		skip "curl's options side by side" "needs curl and python3"
		return
	fi
	LOG=$T/server.log
	: >"$LOG"
	server 280 python3 "$D/mig_http.py" "$LOG" ||
	    { fail "curl_rows: a server starts"; return; }
	PORT=$SPORT
	U=http://127.0.0.1:$PORT
	closedport
	DEAD=$CPORT
	server 280 "$SOCKT" listen -v -k --serve-proxy http 127.0.0.1 0 ||
	    { fail "curl_rows: a server starts"; return; }
	PX=$SPORT
	SP=
	. "$D/pki.sh"
	if pki_usable && P=$T/pki pki_make; then
		P=$T/pki
		server 280 python3 "$D/mig_http.py" "$LOG" "$P/good.pem" \
		    "$P/good.key" && SP=$SPORT
		# an HTTPS proxy, sockt's own
		server 280 "$SOCKT" listen -v -k --tls --cert "$P/good.pem" \
		    --key "$P/good.key" --serve-proxy http 127.0.0.1 0 && TPX=$SPORT
	fi
	curl -s -o "$T/big.ref" "$U/big"

	# the rows' cases: SPELLING|ARGS|SETUP|FLAGS, ARGS with @ where the
	# spelling goes (a spelling without a case takes its row's first
	# spelling's, else "@ $U/index"); SETUP runs in the empty directory
	# first; FLAGS e: whether stderr is empty must agree too, s: needs
	# the TLS server
	cat >"$T/cases" <<EOF
-f|@ $U/missing||
-s|@ $U/index||e
-S|-s @ http://127.0.0.1:$DEAD/||e
-sS|@ http://127.0.0.1:$DEAD/||e
-fsSL|@ $U/redir||
-L|@ $U/redir||
-o|@ out $U/index||
-O|@ $U/index||
-J|-O @ $U/cd||
-H|@ 'X-Test: 1' $U/index||
-A|@ agent/1 $U/index||
-e|@ http://ref.example/ $U/index||
-u|@ u:pw $U/index||
--oauth2-bearer|@ tok $U/index||
--path-as-is|@ $U/x/../index||
--stderr|-s @ err $U/index||
--no-clobber|@ -o out $U/index|echo old >out|
--remove-on-error|-C - @ -o part --max-filesize 10 $U/big|head -c 1000 "$T/big.ref" >part|
--location-trusted|@ -u u:pw $U/redir||
--no-include|-i @ $U/index||
-U|-x http://127.0.0.1:$PX @ u:pw $U/index||
--proxy-header|-x http://127.0.0.1:$PX @ 'X-P: 1' $U/index||
-n|@ $U/index|printf 'machine 127.0.0.1 login u password pw\\n' >.netrc; chmod 600 .netrc|
-k|@ https://127.0.0.1:$SP/index||s
--cacert|@ $T/pki/ca.pem https://localhost:$SP/index||s
-m|@ 1 $U/slow||
--connect-timeout|@ 5 $U/index||
--retry|@ 2 --retry-delay 1 -o out $U/flaky||
--retry-delay|--retry 2 @ 1 -o out $U/flaky||
--retry-max-time|--retry 2 --retry-delay 1 @ 10 -o out $U/flaky||
--retry-connrefused|--retry 1 --retry-delay 1 @ http://127.0.0.1:$DEAD/||
--write-out|-o out @ '%{http_code} %{size_download}\\n' $U/index||
-x|@ http://127.0.0.1:$PX $U/index||
-p|-x http://127.0.0.1:$PX @ $U/index||
--noproxy|-x http://127.0.0.1:$DEAD @ 127.0.0.1 $U/index||
--proxy-cacert|-x https://localhost:$TPX @ $T/pki/ca.pem --cacert $T/pki/ca.pem https://localhost:$SP/index||s
--proxy-insecure|-x https://other.invalid:$TPX --resolve other.invalid:$TPX:127.0.0.1 @ $U/index||s
-C|@ - -o part $U/big|head -c 1000 "$T/big.ref" >part|
-z|@ 'Sun, 01 Jan 2023 00:00:00 GMT' -o out $U/index||
-r|@ 2-5 $U/index||
-R|@ -o out $U/index||
-D|@ heads -o out $U/index||
-b|@ 'a=1; b=2' $U/index||
-c|@ jar $U/cookie||
-j|@ -b jar0 $U/index|printf '127.0.0.1\\tFALSE\\t/\\tFALSE\\t0\\tsess\\t1\\n127.0.0.1\\tFALSE\\t/\\tFALSE\\t4102444800\\tpers\\t2\\n' >jar0|
-4|@ http://localhost:$PORT/index||
-6|@ http://localhost:$PORT/index||
--ipv4|@ http://localhost:$PORT/index||
--ipv6|@ http://localhost:$PORT/index||
--resolve|@ example.test:$PORT:127.0.0.1 http://example.test:$PORT/index||
-Z|@ -o a -o b $U/index $U/cd||
-#|@ -o out $U/index||
--fail-with-body|@ $U/missing||
--fail-early|-f @ $U/missing $U/index||
--create-dirs|@ -o d/e/out $U/index||
--output-dir|@ dir -O $U/index|mkdir dir|
--max-filesize|@ 10 $U/big||
--limit-rate|@ 400k $U/big||
-y|@ 5 $U/index||
-Y|@ 1000 $U/index||
--interface|@ lo $U/index||
--max-redirs|-L @ 0 $U/redir||
-K|@ cfg|printf 'url = "$U/index"\\noutput = out\\n-H "X-Test: 1"\\n' >cfg|
--next|-o a $U/index @ -H 'X-Test: 1' $U/cd||
EOF

	# effect TOOL ARGS...: run TOOL in an empty directory (SETUP first) and
	# print what it did.  By the shell where it can: a row was 14
	# processes beside its tool's, some 40 of this script's CPU seconds.
	if ! touch -t 202112312359.59 "$T/y2021" ||
	    ! touch -t 202301010000 "$T/y2023"; then
		fail "curl_rows: the files of 2022's bounds"
	fi
	effect() {
		_tool=$1
		shift
		fresh
		# /flaky's memory, the one thing a row leaves in the server
		# (a curl more for every row was 200 execs)
		case "$* $SETUP" in
		*/flaky*) curl -s "$U/reset" >/dev/null ;;
		esac
		# the server appends to LOG (O_APPEND): emptied, it holds this
		# run's requests alone
		: >"$LOG"
		# in $_d by this shell (a subshell a run was a fork)
		_wd=$PWD
		cd "$_d" || return
		HOME=$_d timeout 20 "$@" >"$T/stdout.$_tool" 2>"$T/stderr.$_tool"
		_rc=$?
		cd "$_wd" || exit 1
		case $_rc in 0 | 22) ;; *) _rc=fail ;; esac
		echo "status $_rc"
		printf 'stdout '
		cksum <"$T/stdout.$_tool"
		case $FLAGS in
		*e*) [ -s "$T/stderr.$_tool" ] && echo "said something" ||
		    echo "said nothing" ;;
		esac
		files "$_d"
		# the requests, as the server logged them (sorted: -Z's come in
		# any order; one needs no sort)
		_lc=0
		while [ "$_lc" -lt 2 ] && IFS= read -r _l; do
			_lc=$((_lc + 1))
			_l1=$_l
		done <"$LOG"
		case $_lc in
		0) ;;
		1) printf '%s\n' "$_l1" ;;
		*) sort "$LOG" ;;
		esac
	}
	# files DIR: each file under DIR (hidden ones too, not a symbolic
	# link), "file ./PATH M SUM": M 2022 where its time is of that year
	# (-R's), else now; SUM its lines' cksum, a cookie file's comments
	# and blank lines aside
	files() {
		for _f in "$1"/* "$1"/.[!.]* "$1"/..?*; do
			[ ! -L "$_f" ] || continue
			if [ -d "$_f" ]; then
				files "$_f"
			elif [ -f "$_f" ]; then
				m=now
				# (test -nt: POSIX.1-2024's, and every sh's here)
				# shellcheck disable=SC3013
				[ "$_f" -nt "$T/y2021" ] && [ "$T/y2023" -nt "$_f" ] &&
				    m=2022
				printf 'file ./%s %s ' "${_f#"$_d"/}" "$m"
				grep -av -e '^# ' -e '^$' "$_f" | cksum
			fi
		done
	}

while IFS='	' read -r kind sp line; do
	[ "$kind" = as ] || continue
	_o=$IFS
	IFS=';'
	# shellcheck disable=SC2086
	set -- $sp
	IFS=$_o
	first=$1
	for s in "$@"; do
		case_of "$T/cases" "$s" "$first" || c="$s|@ $U/index||"
		fields "$c"
		case $FLAGS in
		*s*) if [ -z "$SP" ]; then
			skip "curl $s and http-get $s agree" "no TLS server"
			continue
		fi ;;
		esac
		# what sockt takes from a library opened at run time: none
		# where the loader that runs it finds none (a musl build)
		case $s in
		--digest | --anyauth | --proxy-digest | --proxy-anyauth)
			if ! loader_has libcrypto.so.3; then
				skip "curl $s and http-get $s agree" \
				    "no libcrypto.so.3: Digest hashes with it"
				continue
			fi ;;
		--compressed)
			if ! loader_has libz.so.1; then
				skip "curl $s and http-get $s agree" \
				    "no libz.so.1 for compressed bodies"
				continue
			fi ;;
		esac
		# @ is the spelling, quoted for eval (-#); "-X GET" two words
		case $s in
		*' '*) qs=$s ;;
		*) qs="'$s'" ;;
		esac
		at "$qs"
		eval "set -- $args"
		effect curl curl "$@" >"$T/e.curl"
		effect sockt "$SOCKT" http-get "$@" >"$T/e.sockt"
		if cmp -s "$T/e.curl" "$T/e.sockt"; then
			pass "curl $s and http-get $s agree"
		else
			fail "curl $s and http-get $s agree" \
			    "args: $args" "$(diff "$T/e.curl" "$T/e.sockt")" \
			    "$(cat "$T/stderr.sockt")"
		fi
	done
done <"$T/curl.rows"
}
nmap_rows() {
	cp "$TOPT/nmap.rows" "$T/" ||
	    { fail "nmap_rows: its rows"; return; }
	# --- the working nmap rows, beside nmap
	if ! have nmap; then
		skip "nmap's options side by side" "no nmap"
		return
	fi
	server 280 "$SOCKT" listen -v -k 127.0.0.1 0 -c 'echo hi' ||
	    { fail "nmap_rows: a server starts"; return; }
	L=$SPORT
	closedport
	C=$CPORT
	server 280 "$SOCKT" udp-serve -v --echo 127.0.0.1 0 ||
	    { fail "nmap_rows: a server starts"; return; }
	UE=$SPORT
	closedport -u
	UC=$CPORT
	# --proxies: an HTTP proxy that may reach loopback.  nmap's --proxies
	# reaches only its scripts and -sV (nsock), its port scan connects
	# directly; sockt's scan goes through the proxy, whose CONNECT replies
	# tell open from closed, so both find the same ports here
	server 280 "$SOCKT" listen -v -k 127.0.0.1 0 --serve-proxy http \
	    --allow-to 127.0.0.1 ||
	    { fail "nmap_rows: a server starts"; return; }
	PX=$SPORT
	cat >"$T/ncases" <<EOF
--proxies|@ http://127.0.0.1:$PX -p $L,$C 127.0.0.1|
-sU|@ -p $UE,$UC 127.0.0.1|
-Pn|@ -p $L,$C 127.0.0.1-3|
-sS|@ -p $L,$C 127.0.0.1-3|
-sn|@ 127.0.0.1-3|
-sT -sU|@ -p $L,$C,$UE,$UC 127.0.0.1|
-p-|@ 127.0.0.1|
-p 1-65535|@ 127.0.0.1|
--top-ports 20|@ 127.0.0.1|
-iL|@ targets -p $L,$C|echo 127.0.0.1 >targets
--exclude|@ 127.0.0.0,127.0.0.2,127.0.0.3 -p $L,$C 127.0.0.0/30|
--excludefile|@ ex -p $L,$C 127.0.0.0/30|printf '127.0.0.0\\n127.0.0.2\\n127.0.0.3\\n' >ex
-oG|@ out -p $L,$C 127.0.0.1|
-oX|@ out.xml -p $L,$C 127.0.0.1|
-oN|@ out.nmap -p $L,$C 127.0.0.1|
-oA|@ o -p $L,$C 127.0.0.1|
-F|@ 127.0.0.1|
-sU -p U:53,T:80|-sU -p U:$UE,T:$L 127.0.0.1|
127.0-1.0.1|@ -p $L,$C|
--max-retries|@ 1 -p $L,$C 127.0.0.1|
--max-rate|@ 1000 -p $L,$C 127.0.0.1|
--min-rate|@ 100 -p $L,$C 127.0.0.1|
--host-timeout|@ 30s -p $L,$C 127.0.0.1|
--version-light|-sV @ -p $L,$C 127.0.0.1|
--version-all|-sV @ -p $L,$C 127.0.0.1|
--version-intensity|-sV @ 5 -p $L,$C 127.0.0.1|
EOF

	# opens TOOL ARGS...: the open ports TOOL found, "HOST PORT/PROTO" a
	# line, from its grepable lines (-oG -, or the file out), so that a row
	# over several addresses (host discovery first) compares the hosts too;
	# only the test's own ports, as outside a namespace of its own the
	# machine's come and go
	opens() {
		_tool=$1
		shift
		fresh
		# in $_d by this shell (a subshell a scan was a fork)
		_wd=$PWD
		cd "$_d" || return
		timeout 120 "$@" >"$T/scan.$_tool" 2>"$T/scan.err"
		cd "$_wd" || exit 1
		# its grepable lines: -oG's file out, else its stdout (-oG -),
		# in $grep_TOOL; for the ports -oA's o.gnmap
		_g=$T/scan.$_tool
		[ -f "$_d/out" ] && _g=$_d/out
		eval "grep_$_tool=\$_g"
		[ -f "$_d/o.gnmap" ] && _g=$_d/o.gnmap
		awk -F'\t' -v re=" ($L|$C|$UE|$UC)/" '$2 ~ /^Ports: / {
		    split($1, h, " ")
		    n = split(substr($2, 8), p, ",")
		    for (i = 1; i <= n; i++) {
			split(p[i], f, "/"); sub(/^ */, "", f[1])
			o = h[2] " " f[1] "/" f[3]
			if (f[2] == "open" && o ~ re) print o
		    } }' "$_g" | sort -u
}

# hosts_up FILE: the hosts grepable lines call up
hosts_up() {
	sed -n 's/^Host: \([0-9.]*\) .*Status: Up$/\1/p' "$1" | sort -u |
	    tr '\n' ' '
}

while IFS='	' read -r kind sp line; do
	[ "$kind" = as ] || continue
	_o=$IFS
	IFS=';'
	# shellcheck disable=SC2086
	set -- $sp
	IFS=$_o
	first=$1
	for s in "$@"; do
		case_of "$T/ncases" "$s" "$first" || c="$s|@ -p $L,$C 127.0.0.1|"
		fields "$c"
		case "$s $args" in
		*-sS*) if [ "$(id -u)" != 0 ]; then
			skip "nmap $s and portscan $s agree" "-sS needs root"
			continue
		fi ;;
		*-sU* | *--udp*) if [ "$(id -u)" != 0 ]; then
			skip "nmap $s and portscan $s agree" "nmap -sU needs root"
			continue
		fi ;;
		esac
		og="-oG -"
		case $s in -oG* | -oA*) og= ;; esac
		at "$s"
		# -n: nmap's names of the hosts are no row's (only their
		# addresses are compared), and in a namespace with no way to
		# a DNS server looking up 127.0.0.2's took 13 s a scan
		# shellcheck disable=SC2086
		opens nmap nmap -T4 -n $args $og >"$T/o.nmap"
		# shellcheck disable=SC2086
		opens sockt "$SOCKT" portscan $args $og >"$T/o.sockt"
		# -sn: the hosts up, not ports (-oG's Status lines)
		if [ "$s" = -sn ]; then
			# (set by opens through eval)
			# shellcheck disable=SC2154
			is "nmap -sn and portscan -sn find the same hosts up" \
			    "$(hosts_up "$grep_sockt")" \
			    "$(hosts_up "$grep_nmap")"
			continue
		fi
		# the common ports: the test's listeners are among none
		if [ -s "$T/o.nmap" ] || [ "$s" = "--top-ports 20" ] ||
		    [ "$s" = -F ]; then
			slurp "$T/o.nmap"
			_want=$got
			slurp "$T/o.sockt"
			is "nmap $s and portscan $s find the same open ports" \
			    "$got" "$_want"
		else
			fail "nmap $s found open ports" "$(cat "$T/scan.err")"
		fi
	done
done <"$T/nmap.rows"
}
part nc_rows
part curl_rows
part nmap_rows
parts_done
done_testing
