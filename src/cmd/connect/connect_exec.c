/*
 * cmd/connect/connect_exec.c: connect -e and -c, ncat's program on the
 * connecting side.  Once connect has its connection (TCP or UNIX,
 * through a proxy, after --starttls, over TLS), the program gets it as
 * its stdin and stdout, with the environment listen gives its programs
 * (net/exec.c: SOCKT_PEER_ADDR and the rest), and its exit status
 * becomes ours.  Where the program cannot hold the socket itself (TLS,
 * a terminal with --pty, the idle timeout -i, a proxy's early bytes),
 * it runs behind the relay on a socketpair or a pseudo-terminal, as
 * listen's programs do.
 */
#include <string.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/connect/connect_exec.h"
#include "net/conn.h"
#include "net/exec.h"
#include "net/relay.h"
#include "tls/tls.h"
#include "util/base.h"

int
connect_exec_settle(struct connect_exec *x, int pty, int err,
    const char *usage)
{
	if (err)
		x->flags |= EXEC_STDERR;
	if (pty)
		x->flags |= EXEC_PTY;
	if (x->prog == NULL)
		return CMD_GO_ON;
	if ((x->flags & EXEC_PATH) && !exec_found(x->prog[0]))
		return cmd_usage(usage, "-e %s: program not found",
		    x->prog[0]);
	return CMD_GO_ON;
}

/* the relay's failure, in words */
static void
cexec_fail(void *arg, const char *err)
{
	(void)arg;
	msg_warnx("%s", err);
}

/*
 * The program on the socket itself, or behind the relay (net/exec.c, as
 * listen's) where the endpoint has layers or holds bytes, with --pty and
 * -i.  On the socket, we keep our copy until it exits, then end the
 * connection: half-closed, the peer's end awaited (the lingering close),
 * so a program that answers without reading all its input does not have
 * its answer eaten by a reset.
 */
int
connect_exec_run(const struct connect_exec *x, struct conn *ep)
{
	struct exec_env env;
	struct exec_job j;
	struct relay_opts ro;
	int direct, rc = EXIT_FAIL;

	if (exec_env_init(&env) == -1 ||
	    exec_env_set(&env, ep->fd, NULL, 0, NULL, 0) == -1) {
		msg_warn("%s", x->peer);
		exec_env_free(&env);
		(void)conn_close(ep, 0);
		return EXIT_FAIL;
	}
	direct = conn_plain(ep) && !(x->flags & EXEC_PTY) && x->idle_ms <= 0;
	relay_opts_init(&ro);
	ro.idle_ms = x->idle_ms;
	ro.peer = x->peer;
	memset(&j, 0, sizeof(j));
	j.argv = x->prog;
	j.envp = env.envp;
	j.flags = x->flags;
	j.fail = cexec_fail;
	if (exec_relay(&j, ep, direct ? NULL : &ro) == -1) {
		msg_warn("%s", x->prog[0]);
		(void)conn_close(ep, 0);
	} else if (j.status == -1)
		msg_warn("wait");
	else if (j.relay_rc == 0)
		rc = j.status;
	exec_env_free(&env);
	return rc;
}
