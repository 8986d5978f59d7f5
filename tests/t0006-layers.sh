#!/bin/sh
# The layers of src/README hold in the code.  A folder of src/ is a layer,
# and src/README's table (one line a folder: "layer: FOLDER USES...")
# says which folders' headers it may include; this check reads that
# table, so the document and the check share one copy.  It fails when a
# file includes a header of a folder its own may not use, when the engine
# (net, http, scan) or what it stands on (parse, util) prints or exits,
# when a parser does I/O, when a file below cmd/ speaks of an exit
# status (cmd/cmd.h's: the layers below return 0 or -1, the command
# turns that into its status), when a file outside tls/ and the
# connection stack's (net/conn*.c, net/stack*.c) reads, writes or ends
# TLS itself (every byte goes through the stack: one TLS end), and when
# a file lies in no listed folder.  A folder within a layer's (a
# command's own, cmd/portscan/) is of that layer.
# main (src/sockt.c) is on top: its folder is in no other's list.  How
# long a file or a function may be is the budget's (t0007-budget.sh).
. "$(dirname "$0")/lib.sh"

SRC=$(cd "$(dirname "$0")/../src" && pwd)

# "FOLDER USES..." for every layer of the table
awk '$1 == "layer:" { $1 = ""; sub(/^ /, ""); print }' "$SRC/README" \
    >"$T/table"
check "src/README has a layer table" test -s "$T/table"

# folder_of PATH: the folder a file under src/ lies in ("." for src/
# itself: main and the base header)
folder_of() {
	case $1 in
	*/*) echo "${1%%/*}" ;;
	*) echo . ;;
	esac
}
# may_use A B: may a file of folder A include a header of folder B?
may_use() {
	[ "$1" = "$2" ] && return 0
	awk -v a="$1" -v b="$2" '$1 == a { for (i = 2; i <= NF; i++)
	    if ($i == b) found = 1 } END { exit !found }' "$T/table"
}
known() { awk -v a="$1" '$1 == a { f = 1 } END { exit !f }' "$T/table"; }

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

# a call that begins, reads, writes or ends TLS: tls/ and the connection
# stack's own files (net/conn*.c, net/stack*.c) alone make one, a server's
# session (TCP's and DTLS's) and its handshake too (src/README)
tls_io='(^|[^_a-zA-Z0-9])tls_(read|write|write_timed|shutdown|server_new|handshake|handshake_step)[ 	]*\('

# a call that moves bytes or waits for them: src/cmd/ runs no I/O loop of
# its own (issue 63), the engine does; a command wires options onto it
# and puts its events in words
cmd_io='(^|[^_a-zA-Z0-9.>])(read|write|readv|writev|send|recv|sendto|recvfrom|sendmsg|recvmsg|sendmmsg|recvmmsg|poll|ppoll|select|pselect|epoll_wait|accept|accept4|splice|sendfile)[ 	]*\('

unplaced= upward= prints= parsers_io= statuses= tls_calls= cmd_calls=
cd "$SRC" || exit 1
for f in *.[ch] */*.[ch] */*/*.[ch]; do
	[ -f "$f" ] || continue
	d=$(folder_of "$f")
	if ! known "$d"; then
		unplaced="$unplaced $f"
		continue
	fi
	for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		if [ ! -f "$h" ]; then
			# every include names its folder, from src/
			upward="$upward $f->$h(no such file under src/)"
			continue
		fi
		hd=$(folder_of "$h")
		may_use "$d" "$hd" || upward="$upward $f->$h"
	done
	case $f in
	tls/* | net/conn*.c | net/stack*.c | *.h) ;;
	*)
		w=$(strip_c "$f" | grep -nE "$tls_io" | head -n 3 |
		    tr '\n' ' ')
		[ -z "$w" ] || tls_calls="$tls_calls $f: $w" ;;
	esac
	if [ "$d" = cmd ]; then
		w=$(strip_c "$f" | grep -nE "$cmd_io" | head -n 3 | tr '\n' ' ')
		[ -z "$w" ] || cmd_calls="$cmd_calls $f: $w"
	fi
	case $d in .|cmd) continue ;; esac
	strip_c "$f" >"$T/code"
	w=$(grep -nE '(^|[^_a-zA-Z0-9])(EXIT_OK|EXIT_FAIL|EXIT_USAGE|CMD_GO_ON|SK_CONTINUE)([^_a-zA-Z0-9]|$)' \
	    "$T/code" | head -n 3 | tr '\n' ' ')
	[ -z "$w" ] || statuses="$statuses $f: $w"
	case $d in cli) continue ;; esac
	# printing or exiting; _exit in a forked child is the documented
	# exception (net/server.h), so only the bare names count
	w=$(grep -nE '(^|[^_a-zA-Z0-9])(printf|fprintf|vfprintf|dprintf|puts|fputs|putchar|perror|exit|err|errx|warn|warnx|msg_[a-z_]+)[ 	]*\(' \
	    "$T/code" | head -n 3 | tr '\n' ' ')
	[ -z "$w" ] || prints="$prints $f: $w"
	case $d in parse) ;; *) continue ;; esac
	w=$(grep -nE '(^|[^_a-zA-Z0-9.>])(read|write|open|close|socket|connect|bind|listen|accept|send|recv|sendto|recvfrom|poll|select|fork|_exit|getaddrinfo|fopen|fwrite|fread|fgets|getenv)[ 	]*\(' \
	    "$T/code" | head -n 3 | tr '\n' ' ')
	[ -z "$w" ] || parsers_io="$parsers_io $f: $w"
done
cd - >/dev/null || exit 1

is "every file in src/ is in a folder of src/README's table" "$unplaced" ""
is "no file includes a header its folder may not use" "$upward" ""
is "the engine, the parsers and util neither print nor exit" "$prints" ""
is "the parsers do no I/O" "$parsers_io" ""
is "no file below cmd/ speaks of an exit status" "$statuses" ""
is "TLS is begun, read, written and ended through the connection stack alone" \
    "$tls_calls" ""
is "src/cmd/ reads, writes, waits and accepts through the engine alone" \
    "$cmd_calls" ""
is "src/ itself holds main alone" "$(cd "$SRC" && echo *.[ch])" "sockt.c"

# The checks must be able to fail: a planted call is found, and a planted
# upward include is refused by the table.
printf 'int\nf(void)\n{\n\t/* printf("no") */\n\treturn printf("yes");\n}\n' \
    >"$T/plant.c"
strip_c "$T/plant.c" >"$T/code"
is "a planted printf is seen, one in a comment is not" \
    "$(grep -cE '(^|[^_a-zA-Z0-9])printf[ 	]*\(' "$T/code")" 1
printf 'int\nf(void)\n{\n\t/* tls_read(t) */\n\treturn tls_shutdown(t);\n}\n' \
    >"$T/plant.c"
is "a planted tls_shutdown is seen, a tls_read in a comment is not" \
    "$(strip_c "$T/plant.c" | grep -cE "$tls_io")" 1
printf 'int\nf(void)\n{\n\tt = tls_server_new(s, sc, e);\n\treturn tls_handshake(t, 0, e) +\n\t    tls_handshake_step(t, e) + tls_server_ctx_new(o, e);\n}\n' \
    >"$T/plant.c"
is "a planted tls_server_new and handshakes are seen, tls_server_ctx_new is not" \
    "$(strip_c "$T/plant.c" | grep -oE "$tls_io" | wc -l | tr -d ' ')" 3
printf 'int\nf(void)\n{\n\t/* poll(p, 1, 0) */\n\tn = cmd_read(fd);\n\treturn recv(fd, b, 1, 0) + poll(p, 1, -1) +\n\t    c->read(c);\n}\n' \
    >"$T/plant.c"
is "a planted recv and poll are seen, cmd_read, c->read and a poll in a comment are not" \
    "$(strip_c "$T/plant.c" | grep -oE "$cmd_io" | wc -l | tr -d ' ')" 2
check "the table lets cmd use net" may_use cmd net
check "the table refuses net using cmd" eval '! may_use net cmd'
check "the table refuses parse using net" eval '! may_use parse net'
check "the table refuses cli using cmd" eval '! may_use cli cmd'
check "the table refuses util using main's folder" eval '! may_use util .'

done_testing
