#!/bin/sh
# The layers of src/README hold in the code: every source file is in a
# layer, nothing includes a header of a layer above its own, the core and
# the parsers neither print nor exit, and the parsers do no I/O.  The table
# is read from src/README, so the document and this check share one copy.
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$(dirname "$0")/../src" && pwd)

# "FILE LAYER" for every file named in the table
awk '$1 == "layer:" { for (i = 3; i <= NF; i++) print $i, $2 }' \
    "$SRC/README" >"$T/table"
check "src/README has a layer table" test -s "$T/table"

# The layer of a file: listed, or that of the .c of the same stem.
layer_of() {
	_l=$(awk -v f="$1" '$1 == f { print $2 }' "$T/table")
	case $_l in
	'')	_l=$(awk -v f="${1%.h}.c" '$1 == f { print $2 }' "$T/table") ;;
	esac
	echo "$_l"
}
rank() {
	case $1 in
	base) echo 0 ;; parsers) echo 1 ;; core) echo 2 ;;
	helpers) echo 3 ;; commands) echo 4 ;; *) echo 9 ;;
	esac
}

# C text without comments, string and character literals, so a word in a
# message or a comment is not taken for a call.
strip_c() {
	awk '
	{
		s = $0; o = ""
		while (s != "") {
			if (incom) {
				i = index(s, "*/")
				if (i == 0) { s = ""; break }
				s = substr(s, i + 2); incom = 0; continue
			}
			c = substr(s, 1, 1)
			if (substr(s, 1, 2) == "/*") { incom = 1; s = substr(s, 3); o = o " "; continue }
			if (c == "\"" || c == "'\''") {
				q = c; s = substr(s, 2)
				while (s != "" && substr(s, 1, 1) != q)
					s = substr(s, (substr(s, 1, 1) == "\\") ? 3 : 2)
				s = substr(s, 2); o = o q q; continue
			}
			o = o c; s = substr(s, 2)
		}
		print o
	}' "$1"
}

unplaced= upward= prints= parsers_io=
for f in "$SRC"/*.c "$SRC"/*.h; do
	b=${f##*/}
	l=$(layer_of "$b")
	if [ -z "$l" ]; then
		unplaced="$unplaced $b"
		continue
	fi
	r=$(rank "$l")
	for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		hl=$(layer_of "$h")
		hr=$(rank "$hl")
		[ "$hr" -le "$r" ] || upward="$upward $b($l)->$h(${hl:-none})"
	done
	case $l in core|parsers) ;; *) continue ;; esac
	strip_c "$f" >"$T/code"
	# printing or exiting; _exit in a forked child is the documented
	# exception (server.h), so only the bare names count
	w=$(grep -nE '(^|[^_a-zA-Z0-9])(printf|fprintf|vfprintf|dprintf|puts|fputs|putchar|perror|exit|err|errx|warn|warnx|msg_[a-z_]+)[ 	]*\(' \
	    "$T/code" | head -n 3 | tr '\n' ' ')
	[ -z "$w" ] || prints="$prints $b: $w"
	[ "$l" = parsers ] || continue
	w=$(grep -nE '(^|[^_a-zA-Z0-9.>])(read|write|open|close|socket|connect|bind|listen|accept|send|recv|sendto|recvfrom|poll|select|fork|_exit|getaddrinfo|fopen|fwrite|fread|fgets|getenv)[ 	]*\(' \
	    "$T/code" | head -n 3 | tr '\n' ' ')
	[ -z "$w" ] || parsers_io="$parsers_io $b: $w"
done

is "every file in src/ is in a layer of src/README" "$unplaced" ""
is "no file includes a header of a layer above its own" "$upward" ""
is "the core and the parsers neither print nor exit" "$prints" ""
is "the parsers do no I/O" "$parsers_io" ""

# The checks must be able to fail: a planted call is found.
printf 'int\nf(void)\n{\n\t/* printf("no") */\n\treturn printf("yes");\n}\n' \
    >"$T/plant.c"
strip_c "$T/plant.c" >"$T/code"
is "a planted printf is seen, one in a comment is not" \
    "$(grep -cE '(^|[^_a-zA-Z0-9])printf[ 	]*\(' "$T/code")" 1

done_testing
