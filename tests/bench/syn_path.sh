#!/bin/sh
# tests/bench/syn_path.sh: portscan -sS exact on real paths (issue 54,
# Deliver 6): scan_path.sh's "ports" variant (1-2000 of a host behind an
# emulated path: 20 open, 200 dropped, 100 reset, the rest closed) with
# sockt portscan -sS, SCANS scans (default 20) on each of PROFILES
# (default the issue's: 100 ms / 1 % each way, and 30 +- 10 ms / 3 % /
# 1 % reordered), every port judged against the truth, beside nmap -sS
# (its first NMAP_SCANS scans, default 3: nmap takes about 55 s a scan
# on the 100 ms path).  Targets:
# no wrong state and no open port missed in any scan, and sockt's median
# time at most 0.25x nmap -sS's.
SCANS=${SCANS:-20} NMAP_SCANS=${NMAP_SCANS:-3} \
    PROFILES=${PROFILES:-"100ms jitter"} VARIANTS=ports \
    SOCKT_ARGS=-sS NMAP_TCP=-sS \
    exec sh "$(dirname "$0")/scan_path.sh" "$@"
