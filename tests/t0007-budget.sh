#!/bin/sh
# The budget (README.md, the Makefile's comment): the stripped binary at
# most 600,000 bytes, each command's folder (src/cmd/COMMAND/) at most
# 3,000 lines of .c and .h (cat | wc -l), no .c file of src/ over 800 lines, no function over 100 (KNF:
# the name at column 0, the body's braces at column 0 too), no two .c
# files of src/ with one name, at most 25 objects built for speed, each
# naming its benchmark.  Every later
# feature pays its way within these, so they are checked, not hoped for.
#
# The size is that of the binary under test ($SOCKT) stripped into this
# script's directory.  A sanitizer or coverage build is larger by nature,
# and so is one the compiler built without optimisation: the size check
# skips them, saying which it is, and only them.  A sanitizer or coverage
# build is known by its runtime's symbols in the binary (nm: __asan_,
# __ubsan_handle_ ..., defined or wanted from a shared runtime); an
# unoptimised one by the switches gcc writes into -g's DW_AT_producer
# ("GNU C99 ... -O0"), a unit whose last -O is -O0 or that has none.
# The budget is that of a glibc build: a musl build (its loader
# ld-musl-*) is 641,104 bytes, its relative relocations not packed.
# Each check is a function of a folder or of nm's or strings' lines, and
# planted inputs at the end show that each can fail.
. "$(dirname "$0")/lib.sh"

TOP=$(cd "$(dirname "$0")/.." && pwd)
MAX_BYTES=600000
# A command's folder holds its option table (a row and its help text
# each), the wiring of those options onto the engine, and the words of
# what the engine reports: no I/O of its own (t0006).  3,000 lines: the
# largest, http-get's (2,075 in issue 63: curl's 70 options and the words
# of each outcome; 2,647 once issue 61 brought 45 more of curl's
# options, -K, --next, --digest, --interface, the write-out variables
# and the rest, each a row with its help and its usage words, most a
# setter, where what each does went to the engine: http/digest.c,
# http/speed.c, net/iface.c, parse/curlcfg.c, parse/curldate.c,
# parse/authchal.c, util/idn.c, util/psl.c; 2,831 with --url, the
# CONNECT rounds' words and -K's reader, http_get_config.c, which served
# http-get alone from cli/ until issue 63's rule that no cli/ file serves
# one command brought it home); 2,966 with issue 73's five more of
# curl's options (--request-target, --ignore-content-length, --alt-svc,
# --suppress-connect-headers, --disallow-username-in-url: rows, help
# and setters; what each does is in http/ and parse/) and its words for
# 23 at a URL's turn and 26 when no URL ran: 3,000.  Past that, a
# command is doing the engine's work.  In place of one cap on src/cmd/ (7,500 to
# 8,000 lines until issue 63), which rewarded moving one command's code
# to cli/ over putting it together.
MAX_CMD_LINES=3000
MAX_FILE_LINES=800
MAX_FUNC_LINES=100

# big_commands SRC: "COMMAND (N lines)" for each folder of SRC/cmd/ over
# the limit, a line each; and the files of SRC/cmd/ itself, which holds
# the command table (cmd.c, cmd.h) and the folders alone
big_commands() {
	for d in "$1"/cmd/*/; do
		[ -d "$d" ] || continue
		n=$(cat "$d"*.[ch] 2>/dev/null | wc -l | tr -d ' ')
		[ "$n" -le "$MAX_CMD_LINES" ] ||
		    echo "$(basename "$d") ($n lines)"
	done
	for f in "$1"/cmd/*.[ch]; do
		case ${f##*/} in cmd.c | cmd.h) ;; *) [ -f "$f" ] &&
		    echo "${f##*/} (outside a command's folder)" ;; esac
	done
}

# long_files SRC: "FILE (N lines)" for each .c file below SRC over the
# limit, a line each, from one wc for them all (its total line left out;
# a wc, a tr and a subshell a file were 700 processes, 6 CPU-seconds)
long_files() {
	(cd "$1" && find . -name '*.c' | sort | xargs wc -l |
	    awk -v max="$MAX_FILE_LINES" '$2 != "total" && $1 > max {
		sub(/^\.\//, "", $2); printf "%s (%d lines)\n", $2, $1 }')
}

# same_names SRC: each name two .c files below SRC share, a line each
# (net/pool.c and http/pool.c shared one and nothing else).  None is
# exempt (issue 53).
SAME_EXEMPT=""
same_names() {
	(cd "$1" && find . -name '*.c' | sed 's|.*/||' | sort | uniq -d |
	    while read -r n; do
		case " $SAME_EXEMPT " in *" $n "*) continue ;; esac
		echo "$n"
	done)
}

# long_functions SRC: "FILE:LINE NAME (N lines)" for each function below
# SRC whose body, between its braces, is over the limit.  KNF: the return
# type on a line of its own, then "name(" at column 0 (its parameters
# may go on over more lines), "{" and "}" at column 0.
long_functions() {
	(cd "$1" && find . -name '*.c' | sort | sed 's|^\./||' |
	    xargs awk -v max="$MAX_FUNC_LINES" '
	FNR == 1 { name = ""; start = 0 }
	/^[A-Za-z_][A-Za-z0-9_]*\(/ && !start {
		name = $0
		sub(/\(.*/, "", name)
		at = FNR
		next
	}
	/^\{/ && name != "" { start = FNR; next }
	/^\}/ && start {
		if (FNR - start - 1 > max)
			printf "%s:%d %s (%d lines)\n", FILENAME, at, name,
			    FNR - start - 1
		start = 0
		name = ""
	}')
}

# instrumented: from nm's lines on stdin, the sanitizers and coverage
# runtimes a binary carries or wants, ", " between; nothing for a plain
# build
instrumented() {
	awk '
	{ s = $NF; sub(/@.*/, "", s) }
	s ~ /^__asan_/ { k[1] = "AddressSanitizer" }
	s ~ /^__ubsan_handle_/ { k[2] = "UndefinedBehaviorSanitizer" }
	s ~ /^__tsan_/ { k[3] = "ThreadSanitizer" }
	s ~ /^__msan_/ { k[4] = "MemorySanitizer" }
	s ~ /^__hwasan_/ { k[5] = "HWAddressSanitizer" }
	s ~ /^__gcov_/ { k[6] = "gcov coverage" }
	s ~ /^__llvm_profile_/ || s ~ /^__llvm_gcov_/ { k[7] = "LLVM coverage" }
	s ~ /^__sanitizer_cov_/ { k[8] = "SanitizerCoverage" }
	END {
		for (i = 1; i <= 8; i++)
			if (i in k)
				printf "%s%s", (n++ ? ", " : ""), k[i]
	}'
}

# unoptimised: from strings' lines on stdin, whether gcc recorded a unit
# built at -O0 (its last -O switch, or none, which is -O0)
unoptimised() {
	awk '/^GNU C/ {
		o = "-O0"
		for (i = 1; i <= NF; i++)
			if ($i ~ /^-O/)
				o = $i
		if (o == "-O0")
			found = 1
	} END { exit !found }'
}

# budget DESC GOT MAX: passes when GOT is at most MAX
budget() {
	if [ "$2" -le "$3" ]; then
		pass "$1 ($2)"
	else
		fail "$1" "got: $2" "max: $3"
	fi
}

# --- the binary
if ! have strip || ! have nm; then
	skip "the stripped binary is at most $MAX_BYTES bytes" \
	    "needs strip and nm (binutils)"
elif [ ! -x "$SOCKT" ]; then
	fail "the stripped binary is at most $MAX_BYTES bytes" \
	    "no binary at $SOCKT"
else
	what=$({ nm "$SOCKT"; nm -D "$SOCKT"; } 2>/dev/null | instrumented)
	if [ -z "$what" ] && have strings &&
	    strings -a "$SOCKT" | unoptimised; then
		what="no optimisation (-O0)"
	fi
	# the budget is glibc's: musl 1.2.3's loader reads no DT_RELR, so
	# its build keeps each relative relocation as 24 bytes of RELA
	case $what:$(sockt_loader) in
	:*/ld-musl-*) what="musl's loader (relocations not packed)" ;;
	esac
	if [ -n "$what" ]; then
		skip "the stripped binary is at most $MAX_BYTES bytes" \
		    "a build with $what, larger by nature"
	elif ! strip -o "$T/sockt" "$SOCKT"; then
		fail "the stripped binary is at most $MAX_BYTES bytes" \
		    "strip -o failed on $SOCKT"
	else
		budget "the stripped binary is at most $MAX_BYTES bytes" \
		    "$(wc -c <"$T/sockt" | tr -d ' ')" "$MAX_BYTES"
	fi
fi

# --- the code
is "each command's folder of src/cmd/ is at most $MAX_CMD_LINES lines" \
    "$(big_commands "$TOP/src")" ""
is "no .c file of src/ is over $MAX_FILE_LINES lines" \
    "$(long_files "$TOP/src")" ""
is "no function of src/ is over $MAX_FUNC_LINES lines" \
    "$(long_functions "$TOP/src")" ""
is "no two .c files of src/ share a name" "$(same_names "$TOP/src")" ""

# --- the hot list: every object is built -Os but the Makefile's
# "HOTOBJS += $(B)/DIR/NAME.o	# BENCH.sh" lines, at most MAX_HOT, each
# naming the benchmark of tests/bench/ that keeps it at -O2 and an
# object that is built
MAX_HOT=25
# hot_lines MAKEFILE: the hot list's lines
hot_lines() {
	grep '^HOTOBJS[	 ]*+=' "$1"
}
# hot_faults MAKEFILE TOP: "NAME: why" for each line with no benchmark
# or no source, a line each
hot_faults() {
	hot_lines "$1" | while read -r _v _op obj _hash bench _rest; do
		src=$(echo "$obj" | sed -n 's|^\$(B)/\(.*\)\.o$|src/\1.c|p')
		if [ -z "$src" ] || [ ! -f "$2/$src" ]; then
			echo "$obj: no source"
		elif [ "$_hash" != "#" ] || [ -z "$bench" ] ||
		    [ ! -f "$2/tests/bench/$bench" ]; then
			echo "$obj: no benchmark"
		fi
	done
}
budget "at most $MAX_HOT objects are built for speed" \
    "$(hot_lines "$TOP/Makefile" | wc -l | tr -d ' ')" "$MAX_HOT"
is "each object built for speed names its benchmark" \
    "$(hot_faults "$TOP/Makefile" "$TOP")" ""

# --- each check can fail: planted trees, nm's and gcc's lines
P=$T/plant
mkdir -p "$P/cmd" "$P/net" || exit 1
# body N: a function f_N whose body has N lines, in KNF
body() {
	printf 'static int\nf_%d(int a,\n    int b)\n{\n' "$1"
	i=1
	while [ "$i" -lt "$1" ]; do
		echo "	a += b;"
		i=$((i + 1))
	done
	printf '\treturn a;\n}\n\n'
}
{ body 100; body 101; } >"$P/net/long.c"
awk 'BEGIN { for (i = 0; i < 800; i++) print "/* */" }' >"$P/net/at.c"
awk 'BEGIN { for (i = 0; i < 801; i++) print "/* */" }' >"$P/net/over.c"
mkdir -p "$P/cmd/big" "$P/cmd/small" || exit 1
awk 'BEGIN { for (i = 0; i < 3001; i++) print "" }' >"$P/cmd/big/big.h"
awk 'BEGIN { for (i = 0; i < 3000; i++) print "" }' >"$P/cmd/small/a.h"
: >"$P/cmd/cmd.c"
: >"$P/cmd/stray.c"
is "a planted 3,001-line command and a file beside the table are found, a 3,000-line one is not" \
    "$(big_commands "$P")" "$(printf '%s\n' 'big (3001 lines)' \
    'stray.c (outside a command'"'"'s folder)')"
mkdir -p "$P/parse" && : >"$P/parse/over.c" || exit 1
is "a planted second over.c is found" "$(same_names "$P")" "over.c"
is "a planted 801-line file is found, an 800-line one is not" \
    "$(long_files "$P")" "net/over.c (801 lines)"
is "a planted 101-line function is found by its name, a 100-line one is not" \
    "$(long_functions "$P")" "net/long.c:108 f_101 (101 lines)"
mkdir -p "$P/src/net" "$P/tests/bench" && : >"$P/src/net/a.c" &&
    : >"$P/tests/bench/a.sh" || exit 1
{
	awk 'BEGIN { for (i = 0; i < 26; i++)
		printf "HOTOBJS += $(B)/net/a.o\t# a.sh\n" }'
	printf 'HOTOBJS += $(B)/net/gone.o\t# a.sh\n'
	printf 'HOTOBJS += $(B)/net/a.o\n'
	printf 'HOTOBJS += $(B)/net/a.o\t# gone.sh\n'
} >"$P/Makefile"
is "a planted hot list of 29 lines is counted" \
    "$(hot_lines "$P/Makefile" | wc -l | tr -d ' ')" 29
is "planted hot lines with no source or no benchmark are found" \
    "$(hot_faults "$P/Makefile" "$P")" \
    "$(printf '%s\n' '$(B)/net/gone.o: no source' \
    '$(B)/net/a.o: no benchmark' '$(B)/net/a.o: no benchmark')"
is "nm's lines of an ASan+UBSan build say so" \
    "$(printf '%s\n' '                 U __asan_init' \
    '0000000000401000 T __ubsan_handle_add_overflow' \
    '0000000000402000 T main' | instrumented)" \
    "AddressSanitizer, UndefinedBehaviorSanitizer"
is "nm's lines of gcc's shared ASan runtime say so" \
    "$(echo '                 U __asan_init@@Base' | instrumented)" \
    "AddressSanitizer"
is "nm's lines of a --coverage build say so" \
    "$(echo '0000000000403000 T __gcov_merge_add' | instrumented)" \
    "gcov coverage"
is "nm's lines of a plain build say nothing" \
    "$(printf '%s\n' '0000000000402000 T main' \
    '                 U malloc@GLIBC_2.2.5' | instrumented)" ""
if echo 'GNU C99 12.2.0 -mtune=generic -g -O0 -std=c99' | unoptimised; then
	pass "gcc's -O0 in a unit is unoptimised"
else
	fail "gcc's -O0 in a unit is unoptimised"
fi
if echo 'GNU C99 12.2.0 -mtune=generic -g -O0 -Os -std=c99' | unoptimised ||
    echo 'GNU C99 12.2.0 -g -O2' | unoptimised; then
	fail "-O0 then -Os, or -O2, is optimised"
else
	pass "-O0 then -Os, or -O2, is optimised"
fi
if echo 'GNU C99 12.2.0 -mtune=generic -g' | unoptimised; then
	pass "no -O at all is unoptimised"
else
	fail "no -O at all is unoptimised"
fi

done_testing
