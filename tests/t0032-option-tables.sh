#!/bin/sh
# t0032: each command's option table (read through "sockt CMD
# --sockt-options", the output the completions use) agrees with the
# usage synopsis the command prints and with the option lists of its
# man page, both ways: every option of the table is in the synopsis
# and in the man page, and every option these name is in the table.
# The man pages are read from their mdoc source: the .It Fl items of the
# top-level lists of the DESCRIPTION of man/sockt-CMD.1, the command's
# own page, and of man/sockt.1, whose list holds the options all
# commands share.  Last, the checker is run on copies with an option
# planted or taken away, to show that it can fail.
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
MANDIR=$TOP/man

# CMD:NAME that need not appear.  portscan -o is how -oGFILE (one word)
# is read, documented as -oG; udp-send -n is the deprecated spelling of
# -N, which the man page describes but the synopsis no longer offers.
SYN_EXEMPT="portscan:-o udp-send:-n"
MAN_EXEMPT="portscan:-o"

cmds=$("$SOCKT" --help | awk '/^commands:/ { on = 1; next }
    on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || fail "--help lists the commands"

# man_names DIR: "SECTION NAME" for each option of an .It Fl item of
# the pages of DIR, SECTION the command of sockt-CMD.1 or "-" for the
# shared list of sockt.1.  In an Fl macro every word that is not a
# delimiter gets a dash; an empty Fl before another adds one more (Fl
# Fl name and Fl -name are both --name).
man_names() {
	set -- "$1/sockt.1"
	for c in $cmds; do
		[ -f "${1%/*}/sockt-$c.1" ] || fail "man/sockt-$c.1 exists"
		set -- "$@" "${1%/*}/sockt-$c.1"
	done
	awk -v cmds=" $(echo $cmds) " '
	FNR == 1 {
		sec = FILENAME; sub(/.*\//, "", sec)
		if (sec == "sockt.1")
			sec = "-"
		else {
			sub(/^sockt-/, "", sec); sub(/\.1$/, "", sec)
			if (!index(cmds, " " sec " "))
				sec = ""
		}
		insh = 0; depth = 0
	}
	/^\.Sh / { insh = ($2 == "DESCRIPTION"); depth = 0; next }
	!insh { next }
	/^\.Bl/ { depth++; next }
	/^\.El/ { depth--; next }
	sec == "" || depth != 1 || $1 != ".It" { next }
	{
		infl = 0; dashes = 0; seen = 0
		for (i = 2; i <= NF; i++) {
			t = $i
			if (t == "Fl") {
				dashes = (infl && !seen) ? dashes + 1 : 1
				infl = 1; seen = 0
				continue
			}
			if (t ~ /^[A-Z][a-z][a-z]?$/) {	# another macro
				infl = 0
				continue
			}
			# Fl \&: is -: (the --next of curl), not punctuation
			if (!infl || t ~ /^[|,;:.()]$/)
				continue
			gsub(/\\&/, "", t)	# Fl \&Pn is -Pn, no macro
			p = ""
			for (k = 0; k < dashes; k++)
				p = p "-"
			print sec, p t
			seen = 1; dashes = 1
		}
	}' "$@"
}

# check_cmd CMD DESCRIBE MANNAMES: the disagreements, one a line.
# DESCRIBE is the output of "sockt CMD --sockt-options": "U" lines of
# the synopsis, an "O" line for each option with all its names.
check_cmd() {
	awk -F '\t' -v cmd="$1" -v synex=" $SYN_EXEMPT " \
	    -v manex=" $MAN_EXEMPT " '
	FILENAME == ARGV[1] && $1 == "U" { usage = usage " " $2; next }
	FILENAME == ARGV[1] && $1 == "O" {
		opt[++n] = $2
		m = split($2, w, " ")
		for (i = 1; i <= m; i++) {
			intab[w[i]] = 1
			if (w[i] ~ /^-[^-]./)	# -oG, -iL: not clusters
				onedash[w[i]] = 1
		}
		next
	}
	FILENAME == ARGV[2] {
		split($0, w, " ")
		if (w[1] == "-")
			shared[w[2]] = 1
		else if (w[1] == cmd && !(w[2] in inman)) {
			inman[w[2]] = 1
			man[++nm] = w[2]
		}
		next
	}
	function exempt(list, name) {
		return index(list, " " cmd ":" name " ") > 0
	}
	END {
		sub(/^ *usage:/, "", usage)
		gsub(/[][{}|]/, " ", usage)
		k = split(usage, w, " ")
		for (i = 1; i <= k; i++) {
			t = w[i]
			if (t !~ /^-[A-Za-z0-9-]/)
				continue
			if (t ~ /^--/ || t in onedash) {
				syn[t] = 1; synl[++ns] = t
			} else
				for (j = 2; j <= length(t); j++) {
					syn["-" substr(t, j, 1)] = 1
					synl[++ns] = "-" substr(t, j, 1)
				}
		}
		for (o = 1; o <= n; o++) {
			m = split(opt[o], w, " ")
			found = 0
			for (i = 1; i <= m; i++)
				if (w[i] in syn || exempt(synex, w[i]))
					found = 1
			if (!found)
				print cmd ": " opt[o] " is not in the synopsis"
			for (i = 1; i <= m; i++)
				if (!(w[i] in inman) && !(w[i] in shared) &&
				    !exempt(manex, w[i]))
					print cmd ": " w[i] " is not in the man page"
		}
		for (i = 1; i <= ns; i++)
			if (!(synl[i] in intab) && !(synl[i] in said)) {
				said[synl[i]] = 1
				print cmd ": " synl[i] " of the synopsis is not in the table"
			}
		for (i = 1; i <= nm; i++)
			if (!(man[i] in intab))
				print cmd ": " man[i] " of the man page is not in the table"
	}' "$2" "$3"
}

man_names "$MANDIR" >"$T/man"
check "the man page lists options of every command" \
    test "$(awk '$1 != "-"' "$T/man" | wc -l)" -gt 50
is "the man page has a shared option list" \
    "$(awk '$1 == "-" { printf "%s ", $2 }' "$T/man")" "-4 -6 -h --help -n -v "

for c in $cmds; do
	"$SOCKT" "$c" --sockt-options >"$T/d.$c"
	check "$c describes its options" grep -q '^O	' "$T/d.$c"
	sed -n 's/^U	//p' "$T/d.$c" >"$T/u.$c"
	n=$(wc -l <"$T/u.$c")
	is "sockt help $c prints the synopsis of the table" \
	    "$("$SOCKT" help "$c" | head -n "$n")" "$(cat "$T/u.$c")"
	"$SOCKT" "$c" --no-such-option </dev/null >/dev/null 2>"$T/e.$c"
	is "a bad option of $c prints the try line, not the synopsis" \
	    "$(sed -n '2,$p' "$T/e.$c")" \
	    "sockt $c: try 'sockt help $c' for more information"
	is "$c: table, synopsis and man page agree" \
	    "$(check_cmd "$c" "$T/d.$c" "$T/man")" ""
done

# The checks can fail.  An option taken out of portscan's page, one
# planted into udp-serve's, one taken out of the synopsis and one planted
# into it, each is reported.
# mancopy NAME: a copy of the pages to plant into, $T/NAME
mancopy() {
	rm -rf "$T/$1"
	cp -R "$MANDIR" "$T/$1"
}
mancopy m1
sed '/^\.It Fl Fl yes$/d' "$MANDIR/sockt-portscan.1" >"$T/m1/sockt-portscan.1"
check "plant: --yes taken out of a copy of portscan's page" \
    sh -c '! cmp -s "$1" "$2"' sh "$MANDIR/sockt-portscan.1" \
    "$T/m1/sockt-portscan.1"
man_names "$T/m1" >"$T/m1n"
is "plant: an option missing from the man page is reported" \
    "$(check_cmd portscan "$T/d.portscan" "$T/m1n")" \
    "portscan: --yes is not in the man page"
mancopy m2
awk '{ print } /^\.Sh DESCRIPTION/ { s = 1 }
    s && /^\.Bl/ { print ".It Fl Fl bogus"; s = 0 }' \
    "$MANDIR/sockt-udp-serve.1" >"$T/m2/sockt-udp-serve.1"
man_names "$T/m2" >"$T/m2n"
is "plant: an option of the man page not in the table is reported" \
    "$(check_cmd udp-serve "$T/d.udp-serve" "$T/m2n")" \
    "udp-serve: --bogus of the man page is not in the table"
# the shared list is sockt.1's: without its -n, connect lacks one
mancopy m3
awk '!done && /^\.It Fl n$/ { done = 1; next } { print }' \
    "$MANDIR/sockt.1" >"$T/m3/sockt.1"
man_names "$T/m3" >"$T/m3n"
is "plant: the shared list is read from sockt.1" \
    "$(check_cmd connect "$T/d.connect" "$T/m3n")" \
    "connect: -n is not in the man page"
# and a page's list only counts for its command: --yes in udp-send's
# page is not portscan's
mancopy m4
sed '/^\.It Fl Fl yes$/d' "$MANDIR/sockt-portscan.1" >"$T/m4/sockt-portscan.1"
awk '{ print } /^\.Sh DESCRIPTION/ { s = 1 }
    s && /^\.Bl/ { print ".It Fl Fl yes"; s = 0 }' \
    "$MANDIR/sockt-udp-send.1" >"$T/m4/sockt-udp-send.1"
man_names "$T/m4" >"$T/m4n"
is "plant: an option in another command's page is not this one's" \
    "$(check_cmd portscan "$T/d.portscan" "$T/m4n")" \
    "portscan: --yes is not in the man page"
sed 's/ \[--yes\]//' "$T/d.portscan" >"$T/d1"
is "plant: an option missing from the synopsis is reported" \
    "$(check_cmd portscan "$T/d1" "$T/man")" \
    "portscan: --yes is not in the synopsis"
sed '/^U/s/\[-c count\]/[-c count] [-Z]/' "$T/d.udp-serve" >"$T/d2"
is "plant: an option of the synopsis not in the table is reported" \
    "$(check_cmd udp-serve "$T/d2" "$T/man")" \
    "udp-serve: -Z of the synopsis is not in the table"

done_testing
