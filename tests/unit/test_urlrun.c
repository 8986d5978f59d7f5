/*
 * Unit tests for a run of URLs in URL order (http/urlrun.c), over a
 * loopback HTTP server this test forks: bodies to stdout written in URL
 * order whatever order their transfers end in, a redirect handed on, a
 * retry handed back with its held bytes dropped, a URL that cannot
 * begin ending with its status, the first failure in URL order as the
 * run's status, --fail-early's stop; and a --urls list read.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/engine.h"
#include "http/output.h"
#include "http/urlrun.h"
#include "http/why.h"
#include "parse/url.h"
#include "tap.h"
#include "util/clock.h"

struct tslot {
	struct urun_url	 u;
	struct output	 out;
	int		 tries;
};

static struct urun run;
static int port, nbegun, nfreed, released[8], nreleased;

/* The end of a head in b[0..n), or NULL. */
static char *
head_end(char *b, size_t n)
{
	size_t i;

	for (i = 0; i + 4 <= n; i++)
		if (memcmp(b + i, "\r\n\r\n", 4) == 0)
			return b + i;
	return NULL;
}

/* One connection's requests, answered by path, until it closes. */
static void
serve(int c)
{
	struct timespec slow = { 0, 200000000 };
	char req[2048], resp[256], path[64];
	const char *body, *extra;
	size_t have = 0;
	ssize_t n;
	char *end;
	int status;

	for (;;) {
		while ((end = head_end(req, have)) == NULL) {
			if (have == sizeof(req) || (n = read(c, req + have,
			    sizeof(req) - have)) <= 0)
				_exit(0);
			have += (size_t)n;
		}
		if (sscanf(req, "GET %63s", path) != 1)
			_exit(1);
		status = 200;
		extra = "";
		body = "AAAA";
		if (strcmp(path, "/slow") == 0) {
			body = "SLOW";
			(void)nanosleep(&slow, NULL);
		} else if (strcmp(path, "/b") == 0)
			body = "BB";
		else if (strcmp(path, "/r") == 0) {
			status = 302;
			extra = "Location: /a\r\n";
			body = "";
		} else if (strcmp(path, "/e") == 0) {
			status = 503;
			body = "err";
		}
		n = snprintf(resp, sizeof(resp), "HTTP/1.1 %d X\r\n%s"
		    "Content-Length: %zu\r\n\r\n%s", status, extra,
		    strlen(body), body);
		if (write(c, resp, (size_t)n) != n)
			_exit(1);
		have -= (size_t)(end + 4 - req);
		memmove(req, end + 4, have);
	}
}

/* The server: a child that forks one a connection.  Its pid. */
static pid_t
server(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	pid_t pid;
	int s, c;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(s, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(s, 16) == -1 ||
	    getsockname(s, (struct sockaddr *)&sin, &len) == -1)
		return -1;
	port = ntohs(sin.sin_port);
	if ((pid = fork()) != 0) {
		(void)close(s);
		return pid;
	}
	(void)signal(SIGCHLD, SIG_IGN);
	alarm(30);	/* a watchdog: never outlive the test */
	for (;;) {
		if ((c = accept(s, NULL, NULL)) == -1)
			continue;
		if (fork() == 0) {
			(void)close(s);
			serve(c);
		}
		(void)close(c);
	}
}

static struct urun_url *
t_begin(void *arg, int idx, int *status)
{
	const char *const *paths = arg;
	struct tslot *t;
	char u[128], err[256];

	nbegun++;
	if (strcmp(paths[idx], "bad") == 0 || (t = malloc(sizeof(*t))) ==
	    NULL) {
		*status = 7;
		return NULL;
	}
	urun_url_init(&t->u, idx);
	(void)snprintf(u, sizeof(u), "http://127.0.0.1:%d%s", port,
	    paths[idx]);
	if (url_parse(u, &t->u.orig, err) == -1) {
		free(t);
		*status = 8;
		return NULL;
	}
	output_init(&t->out, NULL);
	t->u.out = &t->out;
	t->u.to_stdout = 1;
	t->tries = 0;
	return &t->u;
}

/* the first 503 is refused, to go again; the second kept */
static int
t_head(void *arg, struct urun_url *u, enum httpc_head what,
    const struct http_resp *r, const char *p, size_t n)
{
	(void)arg;
	(void)p;
	(void)n;
	return what == HTTPC_HEAD_FINAL && r->status == 503 &&
	    ((struct tslot *)(void *)u)->tries == 0;
}

static void
t_done(void *arg, struct urun_url *u, const struct httpm_end *end)
{
	struct tslot *t = (struct tslot *)(void *)u;
	const struct httpc_result *res = end->res;

	(void)arg;
	if (res->outcome == HTTPC_REDIRECT)
		urun_redirect(&run, u, res->next, end->deadline);
	else if (res->outcome == HTTPC_HTTP_ERROR && t->tries++ == 0)
		urun_retry(&run, u, mono_ms());
	else {
		urun_end(&run, u, res->outcome != HTTPC_OK ? 1 :
		    res->status >= 400 ? 22 : 0);
		urun_release(&run);
	}
}

static void
t_released(void *arg, struct urun_url *u, int failed)
{
	(void)arg;
	if (!failed && nreleased < 8)
		released[nreleased++] = u->idx;
}

static void
t_free(void *arg, struct urun_url *u)
{
	(void)arg;
	nfreed++;
	free(u);
}

/*
 * The paths through a run (-Z when parallel, else one at a time), its
 * stdout into out (cap bytes).  Returns the run's status, -1 for none.
 */
static int
run_paths(const char **paths, int n, int parallel, int fail_early,
    char *out, size_t cap)
{
	struct urun_hooks h = { NULL, t_begin, NULL, NULL, t_head, NULL,
		t_done, t_released, t_free };
	static struct httpc_opts ho;
	struct httpm_opts mo;
	struct urun_opts uo;
	FILE *f;
	size_t got;
	int fd, status = -1;

	h.arg = paths;
	memset(&ho, 0, sizeof(ho));
	ho.connect_ms = 5000;
	ho.max_ms = 10000;
	ho.follow = 1;
	mo.http = &ho;
	memset(&uo, 0, sizeof(uo));
	uo.nurls = n;
	uo.window = httpm_limits(&mo, parallel, 0, 4, 4, 0);
	uo.follow = 1;
	uo.fail_early = fail_early;
	nbegun = nfreed = nreleased = 0;
	/* stdout into a file while the run writes it: TAP's is apart */
	(void)fflush(stdout);
	if ((f = tmpfile()) == NULL || (fd = dup(STDOUT_FILENO)) == -1)
		return -1;
	(void)dup2(fileno(f), STDOUT_FILENO);
	if (urun_init(&run, &uo, &mo, &h) == 0 && urun_run(&run) == 0 &&
	    urun_flush(&run) == 0)
		status = urun_status(&run);
	urun_free(&run);
	(void)dup2(fd, STDOUT_FILENO);
	(void)close(fd);
	rewind(f);
	got = fread(out, 1, cap - 1, f);
	out[got] = '\0';
	(void)fclose(f);
	return status;
}

static void
test_list(void)
{
	char p[] = "/tmp/test_urlrun.XXXXXX", *buf = NULL, **v = NULL;
	struct httpc_why w;
	FILE *f;
	int fd, n = 0;

	if ((fd = mkstemp(p)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		ok(0, "a list file");
		return;
	}
	(void)fputs("http://x/1\n# a comment\n\n  http://x/2  \r\n", f);
	(void)fclose(f);
	is_int(urun_read_list(p, &buf, &v, &n, &w), 0, "a --urls list");
	ok(n == 2 && strcmp(v[0], "http://x/1") == 0 &&
	    strcmp(v[1], "http://x/2") == 0, "... its two URLs");
	free(buf);
	(void)unlink(p);
	is_int(urun_read_list(p, &buf, &v, &n, &w), -1, "a missing list");
	ok(w.about == p && w.text[0] == '\0' && w.err == ENOENT,
	    "... ENOENT, about it");
	free(v);
}

/* -Z's limits: curl's count to a far host, 6 to a near one (issue 49) */
static void
test_limits(void)
{
	struct httpm_opts mo;

	(void)httpm_limits(&mo, 1, 0, 50, 0, 1);
	ok(mo.max_conns == 50 && mo.max_host == 50 &&
	    mo.near_host == HTTPM_NEAR_CONNS, "-Z: 50, 6 to a near host");
	(void)httpm_limits(&mo, 1, 0, 50, 8, 1);
	ok(mo.max_host == 8 && mo.near_host == 0,
	    "--parallel-host 8: 8 to any");
	(void)httpm_limits(&mo, 0, 4, 50, 0, 1);
	ok(mo.max_host == 1 && mo.near_host == 0 && mo.depth == 4,
	    "--pipeline alone: one a host");
	is_int(httpm_limits(&mo, 0, 0, 50, 0, 1), 1, "one at a time");
	ok(mo.max_conns == 1 && mo.max_host == 1 && mo.near_host == 0,
	    "... one connection");
}

int
main(void)
{
	const char *par[] = { "/slow", "/b", "bad", "/r", "/e" };
	const char *one[] = { "/a", "bad", "/b" };
	char out[256];
	pid_t pid;

	if ((pid = server()) == -1) {
		perror("server");
		return 1;
	}
	is_int(run_paths(par, 5, 1, 0, out, sizeof(out)), 7,
	    "-Z: the first failure in URL order");
	is_str(out, "SLOWBBAAAAerr", "... stdout in URL order");
	is_int(nbegun, 5, "... every URL begun");
	ok(nreleased == 4 && released[0] == 0 && released[1] == 1 &&
	    released[2] == 3 && released[3] == 4, "... released in order");
	is_int(nfreed, 4, "... each slot freed once");
	is_int(run_paths(one, 3, 0, 1, out, sizeof(out)), 7,
	    "one at a time, --fail-early");
	is_str(out, "AAAA", "... the first URL's body");
	is_int(nbegun, 2, "... none begun after the failure");
	test_list();
	test_limits();
	(void)kill(pid, SIGTERM);
	(void)waitpid(pid, NULL, 0);
	return tap_done();
}
