#!/bin/sh
# tests/svclab/capture.sh [OUTDIR]: start the lab (tests/svclab.sh, as
# root), then write what each server answers to our probes
# (capture.py), nmap -sV's names for every port (nmap.txt, nmap.xml)
# and what nmap sent to find them, seen on the wire (nmap-wire.txt,
# wire.py over tcpdump's capture).  OUTDIR: tests/svclab/captures.
# Not part of make check: it is how the captures in the tree were made.
here=$(cd "$(dirname "$0")" && pwd)
: "${SOCKT:=$here/../../sockt}"
. "$here/../lib.sh"
. "$here/../svclab.sh"
out=${1:-$here/captures}
mkdir -p "$out" || exit 1
svclab_start || { echo "capture: needs root and unshare -n" >&2; exit 1; }
echo "lab: $(wc -l <"$SVCLAB_LIST") ports up in $SVCLAB_UP_MS ms; down: ${SVCLAB_DOWN:-none}"
for s in $SVCLAB_DOWN; do tail -n 5 "$SVCLAB/$s.log"; done
cp "$SVCLAB_LIST" "$out/ports.txt"
t0=$(now_ms)
python3 "$here/capture.py" "$SVCLAB_ADDR" "$SVCLAB_LIST" "$out" || exit 1
echo "probes: $(( $(now_ms) - t0 )) ms"
if have nmap; then
	have tcpdump && {
		BGOUT=/dev/null bg 900 tcpdump -i lo -s 0 -U -w "$T/nmap.pcap" \
		    "host $SVCLAB_ADDR"
		tdp=$BGPID
		wait_until 10 test -s "$T/nmap.pcap"
	}
	t0=$(now_ms)
	nmap -sV -sS -sU -Pn -n -p "T:$SVCLAB_TCP,U:$SVCLAB_UDP" \
	    -oN "$out/nmap.txt" -oX "$out/nmap.xml" "$SVCLAB_ADDR" >/dev/null
	echo "nmap -sV: $(( $(now_ms) - t0 )) ms"
	if [ -n "${tdp:-}" ]; then
		kill -INT "$tdp"
		wait_gone "$tdp" 10
		python3 "$here/wire.py" "$T/nmap.pcap" "$SVCLAB_LIST" \
		    >"$out/nmap-wire.txt"
	fi
fi
svclab_stop
