/*
 * foreign.c: what people coming from curl and nmap type that sockt
 * refuses, each with the one line that says what to use instead (the
 * tables of cli.h; opt.h says how the parser reads them), and nc's,
 * ncat's and socat's.  Data, not
 * cases in the commands: a spelling added here is refused with its
 * advice at once, and the migration guide's tables in README.md, which
 * t0034 runs row by row, must agree with it.
 */
#include <string.h>

#include "cli/cli.h"
#include "parse/opt.h"

/* curl's options that http-get does not take */
const struct opt_foreign cli_curl_foreign[] = {
	{ "-d --data --data-raw --data-binary --data-ascii --data-urlencode "
	    "--json -F --form --form-string -T --upload-file",
	    "http-get sends no body" },
	{ "-G --get", "http-get sends GET already: put the query in the "
	    "URL (?a=1&b=2)" },
	{ "--http2 --http2-prior-knowledge --http3 --http3-only --http1.0 -0",
	    "sockt speaks HTTP/1.1 only" },
	{ "--trace --trace-ascii", "-v shows the request and response heads" },
	{ "--ntlm --negotiate", "http-get sends Basic or Digest "
	    "authentication only (-u user:password, --digest)" },
	{ NULL, NULL }
};

/* ncat's options that connect does not take (nc's -l: listen) */
const struct opt_foreign cli_nc_connect_foreign[] = {
	{ "--keep-open", "a server's: sockt listen -k keeps accepting" },
	{ "--send-only", "connect writes what it receives: give "
	    ">/dev/null to drop it" },
	{ "--proxy-type", "give --proxy socks5://host:port (socks4://, "
	    "http://): the URL names the type" },
	{ "--proxy-auth", "give --proxy-user user:pw" },
	{ "-l", "sockt listen [addr] port listens" },
	{ NULL, NULL }
};

/* ncat's options that listen does not take */
const struct opt_foreign cli_nc_listen_foreign[] = {
	{ "--recv-only", "give -d: stdin is not read" },
	{ "--send-only", "listen writes what it receives: give >/dev/null "
	    "to drop it" },
	{ "--proxy-type", "give --serve-proxy socks5|http to be a proxy, "
	    "--proxy url to forward through one" },
	{ NULL, NULL }
};

/*
 * A command name that is socat's address syntax (TCP-LISTEN:9000,fork,
 * OPENSSL:host:443, STDIO): the migration guide's socat table says what
 * to run.  No command of ours holds a colon or a comma.
 */
int
cli_socat_word(const char *name)
{
	return strchr(name, ':') != NULL || strchr(name, ',') != NULL ||
	    strcmp(name, "STDIO") == 0 || strcmp(name, "STDIN") == 0 ||
	    strcmp(name, "STDOUT") == 0;
}

/* nmap's options that portscan does not take (-oS -oM: its -o) */
const struct opt_foreign cli_nmap_foreign[] = {
	{ "-sA -sW -sM -sN -sF -sX -sI -sY -sZ -sO -sL --scanflags",
	    "sockt scans TCP with connect(2) (-sT) or SYN (-sS) and UDP "
	    "(-sU), nothing else" },
	{ "-O --osscan-guess --osscan-limit", "no OS detection: sockt scans "
	    "ports" },
	{ "-A", "no OS or script scan: -sV names each open port's service" },
	{ "-sC --script --script-args", "no scripts: --probe string|http|tls "
	    "asks each open port" },
	/* one row, one advice: a row is relocations in the binary */
	{ "-S", "give -s addr: sockt connects from a local address, it "
	    "spoofs none" },
	{ NULL, NULL }
};
