# sockt: build, test, install.  GNU make or any make with wildcard support.
# CFLAGS, CPPFLAGS and LDFLAGS may be overridden; the warning and standard
# flags the code is written for stay in SKFLAGS.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
# where each shell looks for completions (sockt --complete SHELL)
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
FISHCOMPDIR ?= $(PREFIX)/share/fish/vendor_completions.d
# CC and AR are make's own (cc, ar); set them on the command line or in
# the environment.  "CC ?= cc" would do nothing: make defines CC already.
CFLAGS	?= -O2 -g
# No unwind tables: C throws no exceptions, and a debugger unwinds from
# -g's .debug_frame, so .eh_frame was 51 KB (11%) of the stripped binary
# for nothing.  A variable of its own, not in CFLAGS, so that a CFLAGS
# given to make keeps it: CI's "make CFLAGS='-O2 -g -Werror'" built a
# binary 622,168 bytes stripped, over the size budget (below), where the
# default build is 552,536.  A sanitizer build keeps its unwind tables,
# which its stack traces walk; NOUNWIND= keeps them in any build.
NOUNWIND ?= $(if $(filter -fsanitize=%,$(CFLAGS)),,-fno-asynchronous-unwind-tables)
SKFLAGS	= -std=c99 -Wall -Wextra -Wpedantic -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700

# The folders of src/ are the layers (src/README).  build/libsockt.a holds
# the engine (net, http, scan) and what it stands on (parse, util): what
# the unit tests, the fuzzers and the test probes link.  The commands
# (cmd/), the command-line helpers (cli/) and main (sockt.c) go into the
# binary alone.  Every object is built under build/.
B	= build
HDRS	= $(wildcard src/*.h src/*/*.h)
CMDSRCS	= src/sockt.c $(wildcard src/cmd/*.c src/cli/*.c)
CMDOBJS	= $(CMDSRCS:src/%.c=$(B)/%.o)
LIBSRCS	= $(wildcard src/util/*.c src/parse/*.c src/tls/*.c src/net/*.c \
	    src/ws/*.c src/proxy/*.c src/serve/*.c src/http/*.c \
	    src/scan/*.c)
# --top-ports's rankings are data, kept as lists (src/parse/topports_*.txt)
# and written out as C by make (src/parse/topports.awk, POSIX awk) into an
# object of the library like any other.
TOPDATA	= src/parse/topports_tcp.txt src/parse/topports_udp.txt
TOPGEN	= $(B)/parse/topports_data.c
LIBOBJS	= $(LIBSRCS:src/%.c=$(B)/%.o) $(B)/parse/topports_data.o
LIB	= $(B)/libsockt.a
UNITS	= $(patsubst %.c,%,$(wildcard tests/unit/test_*.c))
FUZZERS	= $(patsubst %.c,%,$(wildcard tests/fuzz/fuzz_*.c))
# test programs that drive core I/O for the end-to-end scripts, and
# holdport, which holds ports closed for them (tests/lib.sh), and
# fakessl.so, the fake OpenSSL of t4001 (a test artifact: sockt links
# libc alone and opens the library named by SOCKT_TLS_LIB at run time),
# and pathemu, the emulated network path of tests/pathemu.sh (Linux: TUN
# and network namespaces; libc alone)
PROBES	= tests/proxy_probe tests/holdport tests/fakessl.so tests/pathemu
# make check JOBS=4: run four tests at once
JOBS	?= 1

all: sockt

# Every symbol bound at start (-z now) where the linker knows the flag:
# a server forks a child per connection, and with lazy binding each child
# resolved anew every libc function its parent had not called (setpgid,
# signal, fcntl ...), a symbol lookup and a copied GOT page per function
# per connection: 6 of the 31 page faults of a serve-hello connection,
# with one setpgid fewer 14 % of its CPU (188 -> 160 us, perf stat).
# Evaluated only when linking.
BINDNOW	= $$(printf 'int main(void){return 0;}\n' | \
	    $(CC) -x c -Wl,-z,now -o /dev/null - 2>/dev/null && echo -Wl,-z,now)

sockt: $(CMDOBJS) $(LIB)
	$(CC) $(SKFLAGS) $(CFLAGS) $(LDFLAGS) $(BINDNOW) -o $@ $(CMDOBJS) $(LIB) $(LDLIBS)

$(LIB): $(LIBOBJS)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJS)

# The commands and their command-line helpers run once an invocation
# (the options, the help, the messages) and hand the per-byte and
# per-connection work to the engine, so they are built for size: with
# them at -Os the stripped binary is 469,408 bytes, all at -O2 493,792,
# and serve-hello's connection rate the same (tests/bench/accept.sh,
# 3 rounds: 9,358 against 9,378 a second, 8 at a time).
# A variable of its own, not CFLAGS, so a CFLAGS given to make keeps it.
CMDOPT	?= -Os
$(CMDOBJS): OBJOPT = $(CMDOPT)
# The engine's share of a command that runs once a connection or once an
# invocation (the run of a program behind the relay, the pool's wait,
# listen -u's wait for its peer, the broker's gateway; an onward dial's
# assembly, its STARTTLS dialogue, a lingering close; listen's forwarder
# and a WebSocket side, their relays' loops not; portscan's targets,
# services, books by host, report texts and --sort's keep, its target
# and port list parsers and nmap's file formats (-oG -oX -oN); udp-send's
# exchange; http-get's conditional decisions and files, URL lists and
# globbing, .netrc, tries, output names, its run of URLs (hooks that
# were cmd/'s) and --write-out's writing), moved down from cmd/ to keep
# the commands thin, is built for
# size as cmd/ was, and so is the set-up the engine does once a connection or once a
# run (a dial's Happy Eyeballs, a proxy's handshake, TLS contexts,
# --probe tls's handshakes and what a certificate says,
# multicast joins, --user's drop, a connection's graceful end,
# http-get's connections
# opened and closed and their transfers' books): a fork, a dial, a
# handshake's crypto, a transfer's round trip or a scan's probe costs
# more than this code at either level.  At -O2 these took
# the stripped binary past 480,000 bytes (481,680; the text segment
# ends on a page, so the file grows and shrinks in 4 KiB steps).
# portscan --proxy's probe (scan/proxied.c) is here too: each of its
# probes waits for a proxy's round trip and its far connect, far more
# than its code costs at -Os.
# The size budget: stripped, sockt is 597,616 bytes today (gcc -O2,
# x86-64: make && strip -o /tmp/x sockt && wc -c /tmp/x; 552,536 before
# issues 46 to 49) and may be 600,000 at most; tests/t0007-budget.sh fails make check past it.
# Every later feature pays its way within that budget, by what it adds
# and by what it lets go.
COLDOBJS = $(B)/net/exec.o $(B)/net/prefork.o $(B)/net/stack.o \
	    $(B)/net/conn_end.o $(B)/http/open.o $(B)/http/pool.o \
	    $(B)/net/starttls_io.o $(B)/net/linger.o $(B)/net/proxy_dial.o \
	    $(B)/net/mcast_io.o $(B)/tls/tls_client.o $(B)/tls/tls_server.o \
	    $(B)/tls/tls_cert.o $(B)/tls/tls_pin.o $(B)/tls/tls_dtls.o \
	    $(B)/scan/targets.o $(B)/util/user.o \
	    $(B)/scan/svc.o $(B)/scan/hosts.o $(B)/scan/specs.o \
	    $(B)/scan/report.o $(B)/scan/keep.o $(B)/net/udpsend.o \
	    $(B)/http/wout.o $(B)/parse/cond.o $(B)/parse/urllist.o \
	    $(B)/http/cond_io.o $(B)/http/why.o $(B)/http/netrc.o \
	    $(B)/parse/urlglob.o $(B)/http/try.o $(B)/http/outname.o \
	    $(B)/http/urlrun.o $(B)/http/conf.o \
	    $(B)/net/forward.o $(B)/ws/ws_side.o \
	    $(B)/parse/nmapfmt.o $(B)/parse/grepable.o $(B)/parse/target.o \
	    $(B)/parse/portlist.o \
	    $(B)/ws/ws_hs.o $(B)/net/broker_join.o $(B)/scan/discover.o \
	    $(B)/net/dial.o $(B)/tls/tls_probe.o $(B)/scan/handshake.o \
	    $(B)/scan/proxied.o $(B)/parse/http.o \
	    $(B)/http/response.o $(B)/scan/verdict.o \
	    $(NETCOLD:%=$(B)/net/%.o) $(B)/proxy/proxy_serve.o \
	    $(B)/util/clock.o $(B)/util/file.o $(B)/util/num.o \
	    $(B)/http/cookies.o $(B)/http/decode_bz.o \
	    $(PARSECOLD:%=$(B)/parse/%.o) \
	    $(patsubst src/%.c,$(B)/%.o,$(wildcard src/serve/*.c))
# The parsers that read a command line, a file, a handshake or a head
# once a run or once a connection (the options, addresses, ranges, -w's
# format, cookies and dates, a STARTTLS dialogue, a WebSocket offer,
# what -v says of TLS, a SOCKS handshake, a PROXY header) and not each
# byte that moves, built for size with the rest: issues 54 and 55 took
# the stripped binary to 614,000 bytes at -O2, past the budget, and
# discovery's probes (issue 54) to 601,712 with the first two of these.
# Not the HTTP proxy's request head (parse/http_proxy.c): a keep-alive
# client's every request goes through it, and at -Os the proxy served
# 0.82x the requests a second (tests/bench/http_proxy.sh, 7 rounds).
# Issue 60 (--user, the UDP loop guard, the share per peer, the proxies'
# guard and record) took it to 614,000 again; built for size since, as
# set-up once a connection or once a request: the server's accept and
# screening, the listener, a PROXY header, the labels and the loop
# checks (NETCOLD), a SOCKS5 handshake and the proxies' rules, URLs,
# cookies, a gzip header, a brotli or zstd call, the clock's reading
# and the numbers.  Measured against the same tree with them at -O2:
# serve-hello 0.24-0.27 ms of CPU a connection against 0.27-0.29, 26-30
# page faults either way (perf stat, 2,000 connections, twice); the HTTP
# proxy 31,163 user instructions a request against 31,014, a SOCKS5
# session 19,332 against 18,898 (callgrind), proxy_serve.sh's sessions
# 0.99x microsocks either way, side by side.
NETCOLD	= server listener server_late proxyhdr_io self net pty
PARSECOLD = addr alpn cdisp dialmap glob hostmap httpdate mcast noproxy \
	    opt pin probe_bytes range retry shard starttls targetfile \
	    tlsfields udpprobe writeout wsext cookie socks proxyhdr \
	    url socks_serve gzip proxyto cidr proto
$(COLDOBJS): OBJOPT = $(CMDOPT)

$(B)/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(NOUNWIND) $(OBJOPT) -Isrc \
	    -c -o $@ $<

# written to a temporary file first, so a list the script refuses leaves
# no half-made source behind for the next make to take as up to date
$(TOPGEN): $(TOPDATA) src/parse/topports.awk
	@mkdir -p $(@D)
	awk -f src/parse/topports.awk $(TOPDATA) >$@.tmp
	mv $@.tmp $@

$(B)/parse/topports_data.o: $(TOPGEN) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(NOUNWIND) -Isrc -c -o $@ \
	    $(TOPGEN)

tests/unit/test_%: tests/unit/test_%.c tests/unit/tap.h $(LIB) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS)

tests/proxy_probe: tests/proxy_probe.c $(LIB) $(HDRS)
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

tests/holdport: tests/holdport.c
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

tests/pathemu: tests/pathemu.c
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

# the raw sendmmsg beside portscan -sS's sweep (tests/bench/syn_sweep.sh)
tests/bench/rawsend: tests/bench/rawsend.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

# every symbol of the TLS module's tables: those fakessl.c lacks as stubs.
# Without the sanitizers, as the real library is: its functions are
# called through sockt's pointer types, which -fsanitize=function would
# hold against a fake whose types are its own.
FAKEFLAGS = $(filter-out -fsanitize% -fno-sanitize%,$(CFLAGS))
tests/fakessl.so: tests/fakessl.c tests/tls_syms.sh $(wildcard src/tls/tls*.c)
	@mkdir -p $(B)
	sh tests/tls_syms.sh -s tests/fakessl.c src >$(B)/fakessl_stubs.c
	$(CC) $(SKFLAGS) $(CPPFLAGS) $(FAKEFLAGS) -fPIC -shared -o $@ \
	    tests/fakessl.c $(B)/fakessl_stubs.c

check: sockt $(UNITS) $(FUZZERS) $(PROBES)
	@SOCKT="$(CURDIR)/sockt" sh tests/run -j "$(JOBS)"

# Coverage-guided fuzzing with clang's libFuzzer, FUZZTIME seconds per
# harness, FUZZJOBS of them at once (1; one a core is as long a turn each
# for less time): make fuzz FUZZTIME=60 FUZZJOBS=2.  New inputs land in
# tests/fuzz/new/NAME (ignored) and the committed corpus is only read;
# a crash, leak, hang or sanitizer report is saved as
# tests/fuzz/new/NAME-crash-* and fails the target after every harness
# has had its turn.  To grow a corpus: run long, then
# fuzz_NAME.libfuzzer -merge=1 DIR tests/fuzz/corpus/NAME tests/fuzz/new/NAME
# into a fresh DIR and commit that as tests/fuzz/corpus/NAME.
FUZZCC	?= clang
FUZZTIME ?= 30
FUZZJOBS ?= 1
FUZZLEN	?= 4096
FUZZSAN	= -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZOBJS = $(LIBSRCS:src/%.c=$(B)/fuzz/%.o) $(B)/fuzz/parse/topports_data.o

$(B)/fuzz/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZCC) $(SKFLAGS) $(FUZZSAN) -fsanitize=fuzzer-no-link -Isrc -c -o $@ $<

$(B)/fuzz/parse/topports_data.o: $(TOPGEN) $(HDRS)
	@mkdir -p $(@D)
	$(FUZZCC) $(SKFLAGS) $(FUZZSAN) -fsanitize=fuzzer-no-link -Isrc -c \
	    -o $@ $(TOPGEN)

# kept between runs, though make sees them as intermediate
.SECONDARY: $(FUZZOBJS)

tests/fuzz/%.libfuzzer: tests/fuzz/%.c $(FUZZOBJS) $(HDRS)
	$(FUZZCC) $(SKFLAGS) $(FUZZSAN) -fsanitize=fuzzer -Isrc -o $@ $< \
	    $(FUZZOBJS)

fuzz: $(FUZZERS:=.libfuzzer)
	@k=0; for f in $(FUZZERS); do \
		n=$${f##*/fuzz_}; \
		mkdir -p tests/fuzz/new/$$n; \
		rm -f tests/fuzz/new/$$n.ok; \
		( $$f.libfuzzer -max_total_time=$(FUZZTIME) \
		    -max_len=$(FUZZLEN) -timeout=10 \
		    -artifact_prefix=tests/fuzz/new/$$n- \
		    tests/fuzz/new/$$n tests/fuzz/corpus/$$n \
		    >tests/fuzz/new/$$n.log 2>&1 && \
		    : >tests/fuzz/new/$$n.ok ) & \
		k=$$((k + 1)); \
		[ $$k -lt $(FUZZJOBS) ] || { wait; k=0; }; \
	done; wait; \
	bad=0; for f in $(FUZZERS); do \
		n=$${f##*/fuzz_}; \
		if [ -f tests/fuzz/new/$$n.ok ]; then \
			echo "fuzz_$$n: $(FUZZTIME) s, $$(sed -n \
			    's/^#\([0-9]*\)[[:space:]]*DONE *\(cov: [0-9]* ft: [0-9]*\).*/\1 runs, \2/p' \
			    tests/fuzz/new/$$n.log)"; \
		else \
			tail -n 30 tests/fuzz/new/$$n.log; \
			echo "fuzz_$$n: FAILED (tests/fuzz/new/$$n.log)"; \
			bad=$$((bad + 1)); \
		fi; \
	done; \
	echo "fuzz: $$bad of $(words $(FUZZERS)) harnesses failed"; \
	[ $$bad -eq 0 ]

# every benchmark but versus.sh, which runs one of them with two binaries
# (tests/bench/versus.sh OLD NEW BENCH)
bench: sockt tests/pathemu tests/bench/rawsend
	@for b in tests/bench/*.sh; do \
		case $$b in */versus.sh) continue ;; esac; \
		SOCKT="$(CURDIR)/sockt" sh $$b || exit 1; \
	done

# the pages: sockt(1), a page per command, sockt-tls(7) and the like
MAN1	= $(wildcard man/*.1)
MAN7	= $(wildcard man/*.7)

install: sockt
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man7
	cp sockt $(DESTDIR)$(BINDIR)/sockt
	chmod 755 $(DESTDIR)$(BINDIR)/sockt
	for p in $(MAN1); do \
		cp $$p $(DESTDIR)$(MANDIR)/man1/ && \
		chmod 644 $(DESTDIR)$(MANDIR)/man1/$${p#man/} || exit 1; \
	done
	for p in $(MAN7); do \
		cp $$p $(DESTDIR)$(MANDIR)/man7/ && \
		chmod 644 $(DESTDIR)$(MANDIR)/man7/$${p#man/} || exit 1; \
	done
	mkdir -p $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	./sockt --complete bash >$(DESTDIR)$(BASHCOMPDIR)/sockt
	./sockt --complete zsh >$(DESTDIR)$(ZSHCOMPDIR)/_sockt
	./sockt --complete fish >$(DESTDIR)$(FISHCOMPDIR)/sockt.fish
	chmod 644 $(DESTDIR)$(BASHCOMPDIR)/sockt \
	    $(DESTDIR)$(ZSHCOMPDIR)/_sockt $(DESTDIR)$(FISHCOMPDIR)/sockt.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sockt
	for p in $(MAN1); do rm -f $(DESTDIR)$(MANDIR)/man1/$${p#man/}; done
	for p in $(MAN7); do rm -f $(DESTDIR)$(MANDIR)/man7/$${p#man/}; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/sockt $(DESTDIR)$(ZSHCOMPDIR)/_sockt \
	    $(DESTDIR)$(FISHCOMPDIR)/sockt.fish

clean:
	rm -f sockt $(UNITS) $(FUZZERS) tests/fuzz/*.libfuzzer
	rm -f $(PROBES) tests/bench/rawsend
	rm -rf $(B) tests/fuzz/obj

.PHONY: all check fuzz bench install uninstall clean
