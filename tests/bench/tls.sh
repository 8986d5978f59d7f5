#!/bin/sh
# tests/bench/tls.sh: the TLS servers' benchmark, side by side with the
# peers on the same OpenSSL: tls/serve.sh (a TLS-terminating forwarder
# beside socat, ncat and stunnel4, and handshakes per second on listen -k
# --tls beside socat and ncat).  It prints its medians and ratios and
# skips what is absent.  An https download beside curl is
# http_engine.sh's (big-https).  Not part of make check: make bench runs
# it.
sh "$(dirname "$0")/tls/serve.sh"
