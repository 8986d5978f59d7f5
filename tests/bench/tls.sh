#!/bin/sh
# tests/bench/tls.sh: the TLS benchmarks, side by side with the peers on
# the same OpenSSL: tls/get.sh (a 256 MiB https download from nginx,
# sockt http-get beside curl, and each client's CPU per GiB) and
# tls/serve.sh (a TLS-terminating forwarder beside socat, ncat and
# stunnel4, and handshakes per second on listen -k --tls beside socat
# and ncat).  Each prints its medians and ratios and skips what is absent.
# Not part of make check: make bench runs it.
dir=$(dirname "$0")/tls
sh "$dir/get.sh" && sh "$dir/serve.sh"
