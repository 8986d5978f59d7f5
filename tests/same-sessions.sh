#!/bin/sh
# same-sessions.sh OLD NEW [SCENARIO...]: the sessions of tests/same/*.sh
# run against two sockt binaries, and what each printed compared.  The
# companion of same-output.sh, whose command lines never reach a peer:
# these do (a WebSocket echo, a TLS server, a broker's clients, https),
# so a refactor of the paths the bytes take (the connection stack) shows
# here first when it changes what a user sees.  Not part of make check.
#
# Each tests/same/NAME.sh sets SCENARIOS to a list of names and defines
# sc_NAME for each: it runs with lib.sh sourced ($T its own temp dir,
# server, bg, run ...) and SOCKT the binary under test, and prints a
# transcript on stdout: what the peers received, what sockt printed, the
# exit statuses.  A scenario that cannot run here prints one line
# "SKIP why" first.  The runner makes ports, process IDs, durations and
# certificates' fingerprints and pins (each run makes its PKI afresh)
# alike in both transcripts (same_norm), so a scenario prints what it
# sees and leaves that to it; anything else that differs between two
# runs of one binary the scenario leaves out itself.  A scenario runs
# twice against each binary when the first comparison differs, so that
# one slow moment on a busy machine is not a
# difference; the second comparison is the verdict.
#
# Prints each difference, then "N of M sessions gave the same output
# (K skipped)"; exits 1 if any differ.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 OLD NEW [SCENARIO...]" >&2
	exit 2
fi
old=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
new=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
shift 2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# ports, PIDs, durations, temp dirs and fingerprints alike in both
# transcripts
same_norm() {
	sed -E -e 's/(port|PORT) [0-9]+/\1 P/g' \
	    -e 's/(127\.0\.0\.1|localhost|\]):[0-9]+/\1:P/g' \
	    -e 's/pid [0-9]+/pid N/g' \
	    -e 's/[0-9]+(\.[0-9]+)? ?(ms|s)\b/T\2/g' \
	    -e 's|/tmp/sockt-t\.[A-Za-z0-9]+|TMP|g' \
	    -e 's/([0-9A-F]{2}:){15,}[0-9A-F]{2}/FINGERPRINT/g' \
	    -e 's|sha256//[A-Za-z0-9+/=]+|sha256//PIN|g' "$1"
}

# play FILE SCENARIO BIN OUT: one run of a scenario, its transcript in OUT
play() {
	SOCKT=$3 TESTS=$here timeout -k 5 120 sh -c '
	    . "$TESTS/lib.sh"
	    . "$1"
	    "sc_$2"' same "$1" "$2" >"$4.raw" 2>&1 </dev/null
	echo "exit of the scenario: $?" >>"$4.raw"
	same_norm "$4.raw" >"$4"
}

total=0
same=0
skipped=0
for f in "$here"/same/*.sh; do
	[ -f "$f" ] || continue
	SCENARIOS=
	# shellcheck disable=SC1090
	. "$f"
	for s in $SCENARIOS; do
		if [ $# -gt 0 ]; then
			case " $* " in *" $s "*) ;; *) continue ;; esac
		fi
		total=$((total + 1))
		verdict=differs
		for try in 1 2; do
			play "$f" "$s" "$old" "$tmp/a"
			play "$f" "$s" "$new" "$tmp/b"
			if head -n 1 "$tmp/a" | grep -q '^SKIP'; then
				verdict=skipped
				break
			fi
			if cmp -s "$tmp/a" "$tmp/b"; then
				verdict=same
				break
			fi
		done
		case $verdict in
		same) same=$((same + 1)) ;;
		skipped)
			skipped=$((skipped + 1))
			echo "--- skipped: $s: $(head -n 1 "$tmp/a")" ;;
		*)
			echo "--- differs: $s ($(basename "$f"))"
			diff -u "$tmp/a" "$tmp/b" | sed -n '3,60p' |
			    sed 's/^/  /' ;;
		esac
	done
done
echo "$same of $((total - skipped)) sessions gave the same output" \
    "($skipped skipped)"
[ "$same" -eq $((total - skipped)) ]
