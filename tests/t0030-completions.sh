#!/bin/sh
# t0030: shell completions (sockt --complete bash|zsh|fish), run in the
# real shells where installed.  The options a command accepts are found
# without the completion code: every letter and digit is tried on the
# command line ("unknown option" or not), and every long option the man
# page or the help names; each must be offered by every shell.  Then a
# few arguments: files for -o, host names, services for ports, the fixed
# words of --proxy.  Last, make install and uninstall into a DESTDIR.
# Some 90 s of shells alone; 150 s and more beside make check JOBS=2 on a
# loaded machine.
# watchdog: 300
. "$(dirname "$0")/lib.sh"
TOP=$(cd "$(dirname "$0")/.." && pwd)
MAN=$TOP/man

cmds=$("$SOCKT" --help | awk '/^commands:/ { on = 1; next }
    on && /^  [a-z]/ { print $1 }')
[ -n "$cmds" ] || fail "--help lists the commands"

# accepted CMD: the options CMD accepts, one a line; another tool's
# spelling refused with advice ("sockt http-get: -d: http-get sends no
# body", tables of src/cli/foreign.c) is not one
# and nmap's one-dash long options (-iL, -oG) in the SYNOPSIS of the
# command's page
# (elsewhere -iL is -i L)
dashed() {
	mandoc -Tascii -O width=1000 "$MAN/sockt-$1.1" 2>/dev/null | col -b |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | grep -E "^ +sockt $1 " |
	    grep -o -- '\[-[a-z][A-Z][A-Za-z]*' | cut -c3- | sort -u
}
longs=$( { sed -n 's/.*Fl Fl \([a-z][a-z0-9-]*\).*/\1/p' "$MAN"/*.[17]
    for c in $cmds; do "$SOCKT" help "$c"; done |
    grep -o -- '--[a-z][a-z0-9-]*' | sed 's/^--//'; } | sort -u)
accepted() {
	for l in a b c d e f g h i j k l m n o p q r s t u v w x y z \
	    A B C D E F G H I J K L M N O P Q R S T U V W X Y Z 0 1 2 3 4 5 6 \
	    7 8 9; do
		[ "$l" = h ] && continue	# -h is help everywhere
		takes "$1" "-$l"
	done
	for l in $(dashed "$1"); do
		takes "$1" "-$l"
	done
	for l in $longs; do
		[ "$l" = help ] && continue
		takes "$1" "--$l"
	done
}
# takes CMD OPT: OPT, a line, when CMD's first line of errors is neither
# "unknown option" nor about OPT; one process an option (a pipeline of
# three each was most of this script's CPU)
nl='
'
# (its stderr through a file and read: a $( ) more each was 1,800 forks)
takes() {
	_e=
	"$SOCKT" "$1" "$2" </dev/null 2>"$T/takes" >/dev/null
	IFS= read -r _e <"$T/takes"
	case $_e in
	*"unknown option"* | *": $2: "*) ;;
	*) echo "$2" ;;
	esac
}
# covers DESC LIST FILE: every word of LIST is a line of FILE (the lines
# read by the shell and matched by case: a grep a word was 1,100 execs)
covers() {
	_miss= _lines=$nl
	while IFS= read -r _l; do _lines=$_lines$_l$nl; done <"$3"
	for _o in $2; do
		case $_lines in *"$nl$_o$nl"*) ;; *) _miss="$_miss $_o" ;; esac
	done
	if [ -z "$_miss" ]; then pass "$1"; else fail "$1" "missing:$_miss"; fi
}

for sh in bash zsh fish; do
	run 10 "$SOCKT" --complete $sh
	cp "$T/out" "$T/comp.$sh"
	check "--complete $sh exits 0 with a script" \
	    [ "$rc" = 0 -a -s "$T/comp.$sh" ]
done
run 10 "$SOCKT" --complete csh
check "--complete of an unknown shell is a usage error" [ "$rc" = 2 ]
like "--complete of an unknown shell says so" "$err" "*no such shell*"

# bash: the completion function, driven as readline would
bashc() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@")
	    COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sockt
	    printf "%s\n" "${COMPREPLY[@]}"' sh "$T/comp.bash" "$@"
}
# zsh: compinit in a scratch directory loads _sockt from fpath; the
# specs it hands _arguments are printed by a stand-in.  fpath: ours and
# the directory of compinit itself, not the hundreds of completions a
# zsh has, whose scan was 2.4 s of CPU (the output is the same)
zshc() {
	mkdir -p "$T/zfunc"
	cp "$T/comp.zsh" "$T/zfunc/_sockt"
	HOME=$T zsh -f -c 'fpath=("$1" ${^fpath}/compinit(N:h))
	    autoload -Uz compinit
	    compinit -u -d "$2/zcompdump"
	    [ "$_comps[sockt]" = _sockt ] || { print "not registered"; exit 1 }
	    _arguments() { print -rl -- "$@" }
	    _describe() { print -rl -- "${(@P)${@[-1]}}" }
	    shift 2; words=(sockt "$@"); CURRENT=$#words
	    _sockt' zsh "$T/zfunc" "$T" "$@"
}
fishc() {
	fish -N -c "source $T/comp.fish; complete -C '$*'"
}

for c in $cmds; do
	accepted "$c" >"$T/acc.$c"
	check "$c: some options found by trying them" [ -s "$T/acc.$c" ]
	acc=$(cat "$T/acc.$c")
	if have bash; then
		bashc sockt "$c" - >"$T/b.$c"
		bashc sockt "$c" -- >>"$T/b.$c"
		covers "bash offers every option of $c" "$acc" "$T/b.$c"
	fi
	if have zsh; then
		zshc "$c" - | sed -n 's/^\(-[^[]*\)\[.*/\1/p' >"$T/z.$c"
		covers "zsh offers every option of $c" "$acc" "$T/z.$c"
	fi
	if have fish; then
		{ fishc "sockt $c -"; fishc "sockt $c --"; } |
		    cut -f1 >"$T/f.$c"
		covers "fish offers every option of $c" "$acc" "$T/f.$c"
	fi
done

# arguments
mkdir "$T/d" && : >"$T/d/report.txt"
if have bash; then
	is "bash: the commands" "$(bashc sockt con)" connect
	like "bash: files for http-get -o" "$(bashc sockt http-get -o "$T/d/re")" \
	    "*report.txt"
	like "bash: host names for connect's host" \
	    "$(bashc sockt connect localh)" "*localhost*"
	like "bash: services for connect's port" \
	    "$(bashc sockt connect -w 3 localhost htt)" "*http*"
	like "bash: the schemes of --proxy" "$(bashc sockt connect --proxy so)" \
	    "*socks5h://*"
	is "bash: nothing for -w's seconds" "$(bashc sockt connect -w '')" ""
else
	skip "bash completions" "bash not installed"
fi
if have zsh; then
	like "zsh: the commands" "$(zshc '')" "*connect:*"
	like "zsh: files for http-get -o" "$(zshc http-get -o)" \
	    "*-o\[*\]:file:_files*"
	like "zsh: hosts and ports for connect's operands" "$(zshc connect '')" \
	    "*1:host:_hosts*2:port:_ports*"
else
	skip "zsh completions" "zsh not installed"
fi
if have fish; then
	like "fish: the schemes of --proxy" "$(fishc 'sockt connect --proxy s')" \
	    "*socks5h://*"
	like "fish: files for http-get -o" \
	    "$(fishc "sockt http-get -o $T/d/re")" "*report.txt*"
	like "fish: the commands" "$(fishc 'sockt ')" "*portscan*"
else
	skip "fish completions" "fish not installed"
fi

# make install and uninstall put them where each shell looks
if have make; then
	R=$T/root
	make -s -C "$TOP" install DESTDIR="$R" PREFIX=/usr >"$T/mk" 2>&1
	check "make install exits 0" [ "$?" = 0 ]
	check "bash completion installed" \
	    cmp -s "$R/usr/share/bash-completion/completions/sockt" \
	    "$T/comp.bash"
	check "zsh completion installed" \
	    cmp -s "$R/usr/share/zsh/site-functions/_sockt" "$T/comp.zsh"
	check "fish completion installed" \
	    cmp -s "$R/usr/share/fish/vendor_completions.d/sockt.fish" \
	    "$T/comp.fish"
	make -s -C "$TOP" uninstall DESTDIR="$R" PREFIX=/usr >"$T/mk" 2>&1
	check "make uninstall removes every file" \
	    [ -z "$(find "$R" -type f)" ]
else
	skip "make install" "make not installed"
fi
done_testing
