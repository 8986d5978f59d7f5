/*
 * cmd/portscan/portscan_resume.c: --resume FILE, a -j scan that can be
 * stopped and taken up again by the same command.  FILE missing or
 * empty, the scan writes -j's lines to it: first the scan's line (its
 * command line, seed, shard and hosts: parse/resume.h), then its port
 * lines in the scan's order (scan/mark.c puts them back in it) with a
 * mark every tick saying how far they go, and at a stop a last mark
 * listing what was done after it.  FILE begun, the scan reads it back,
 * keeps it up to its last mark and goes on from there, appending to it,
 * with the seed it had.  So a Ctrl-C or a SIGTERM costs at most the
 * probes that were out, a window; a crash a tick's worth more.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/msg.h"
#include "cmd/cmd.h"
#include "cmd/portscan/portscan.h"
#include "parse/probe_bytes.h"
#include "parse/resume.h"
#include "scan/mark.h"
#include "scan/scan.h"
#include "util/file.h"
#include "util/hash.h"

#define RESUME_FILE_MAX	((size_t)0xffffffffU)	/* a -j file read back */

/*
 * The command line as a resume compares it: each word escaped for JSON,
 * but --resume FILE and -v, which change no probe.
 */
void
ps_resume_args(struct ps *ps, int argc, char *argv[])
{
	char *out = ps->rs.args;
	size_t cap = sizeof(ps->rs.args), n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--resume") == 0) {
			i++;
			continue;
		}
		/* -v, -vv ...: what is said, not what is probed */
		if (strncmp(argv[i], "--resume=", 9) == 0 ||
		    (argv[i][0] == '-' && argv[i][1] == 'v' &&
		    strspn(argv[i] + 1, "v") == strlen(argv[i] + 1)))
			continue;
		if (n > 0 && n + 1 < cap)
			out[n++] = ' ';
		n += esc_json(argv[i], strlen(argv[i]), out + n, cap - n);
	}
}

/* FILE, kept up to keep bytes, as standard output.  Returns 0, or -1. */
static int
resume_output(const char *file, int fresh, size_t keep)
{
	int fd;

	if ((fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0666)) == -1 || (!fresh && ftruncate(fd, (off_t)keep) == -1) ||
	    dup2(fd, STDOUT_FILENO) == -1) {
		msg_warn("--resume %s", file);
		if (fd != -1)
			(void)close(fd);
		return -1;
	}
	(void)close(fd);
	return 0;
}

/*
 * --resume FILE: missing or empty, a new scan's, -j's lines to it; else
 * read back, checked against this command line, cut after its last mark
 * and made standard output, to go on.  Returns CMD_GO_ON, or the status
 * (said).
 */
static int
resume_file(struct ps *ps, struct scan_config *cfg)
{
	const char *file = ps->rs.file, *why;
	struct resume_file rf;
	char *buf;
	size_t len;

	if (read_file(file, RESUME_FILE_MAX, &buf, &len) == -1 &&
	    errno != ENOENT) {
		msg_warn("--resume %s", file);
		return EXIT_FAIL;
	}
	if (buf == NULL || len == 0) {
		free(buf);
		ps->rs.fresh = 1;
		return resume_output(file, 1, 0) == -1 ? EXIT_FAIL : CMD_GO_ON;
	}
	if (resume_read(buf, len, &rf, &why) == -1) {
		msg_warnx("--resume %s: %s", file, why);
		free(buf);
		return EXIT_FAIL;
	}
	if (rf.args_len != strlen(ps->rs.args) || memcmp(rf.args,
	    ps->rs.args, rf.args_len) != 0 || rf.shard_i != cfg->shard_i ||
	    rf.shard_n != cfg->shard_n) {
		msg_warnx("--resume %s: not this scan's file: it was \"%.*s\" "
		    "(shard %llu/%llu)", file, (int)rf.args_len, rf.args,
		    (unsigned long long)rf.shard_i + 1,
		    (unsigned long long)rf.shard_n);
		free(buf);
		return EXIT_USAGE;
	}
	/* the places done after the last mark: not sent again */
	if (rf.ndone > 0 && (ps->rs.skip = calloc(rf.ndone,
	    sizeof(*ps->rs.skip))) == NULL) {
		msg_warn("--resume %s", file);
		free(buf);
		return EXIT_FAIL;
	}
	ps->rs.nskip = resume_done(&rf, ps->rs.skip);
	free(buf);
	scan_seed(cfg, rf.seed);
	ps->rs.m.base = ps->rs.next = rf.next;
	ps->rs.hosts = rf.hosts;
	memcpy(ps->rs.was, rf.states, sizeof(ps->rs.was));
	memcpy(ps->rs.states, rf.states, sizeof(ps->rs.states));
	ps->rs.up = rf.up;
	/* what came after the last mark goes: its probes are sent again */
	return resume_output(file, 0, rf.keep) == -1 ? EXIT_FAIL : CMD_GO_ON;
}

/*
 * Before the scan: --resume's file begun or taken up.  Returns
 * CMD_GO_ON, or the status (said).
 */
int
ps_resume_open(struct ps *ps, struct scan_config *cfg)
{
	int rc;

	if (ps->rs.file == NULL)
		return CMD_GO_ON;
	/* nmap's files would start again, what they had lost */
	if (scan_out_any(&ps->so))
		return cmd_usage(ps_usage, "--resume goes on with -j's file "
		    "alone: it excludes -oG, -oX, -oN and -oA");
	if ((rc = resume_file(ps, cfg)) != CMD_GO_ON)
		return rc;
	/* every probe's result then, to know where the scan stands */
	ps->rs.on = 1;
	return CMD_GO_ON;
}

/*
 * The ports about to be scanned (after host discovery): the scan's line
 * written, or a resumed one's hosts checked against the file's and its
 * start set.
 * Returns CMD_GO_ON, or the status (said).
 */
int
ps_resume_begin(struct ps *ps, struct scan_config *cfg)
{
	uint64_t up = cfg->naddrs;
	size_t i;

	if (!ps->rs.on)
		return CMD_GO_ON;
	for (i = 0; cfg->targets.up != NULL && i < cfg->naddrs; i++)
		up = hash_mix64(up ^ cfg->targets.up[i]);
	if (!ps->rs.fresh && (ps->rs.hosts != cfg->naddrs ||
	    ps->rs.up != up)) {
		msg_warnx("--resume %s: the hosts up are not the stopped "
		    "scan's: %zu now, %llu then", ps->rs.file, cfg->naddrs,
		    (unsigned long long)ps->rs.hosts);
		return EXIT_FAIL;
	}
	if (ps->rs.fresh)
		printf("{\"type\":\"scan\",\"args\":\"%s\",\"seed\":%llu,"
		    "\"shard\":\"%llu/%llu\",\"hosts\":%zu,\"up\":%llu}\n",
		    ps->rs.args, (unsigned long long)cfg->seed,
		    (unsigned long long)cfg->shard_i,
		    (unsigned long long)cfg->shard_n, cfg->naddrs,
		    (unsigned long long)up);
	/* after discovery, whose probes are all sent again */
	cfg->start = ps->rs.next;
	cfg->skip = ps->rs.skip;
	cfg->nskip = ps->rs.nskip;
	for (i = 0; i < cfg->nskip; i++)
		if (scan_mark_put(&ps->rs.m, cfg->skip[i], NULL, -1) == -1)
			ps->oom = 1;
	ps->rs.written = ps->rs.m.base;
	return CMD_GO_ON;
}

/* A state as the summary counts it: its place in resume_file.states. */
static int
state_index(int state)
{
	switch (state) {
	case SCAN_OPEN:
		return 0;
	case SCAN_CLOSED:
		return 1;
	case SCAN_OPENFILTERED:
		return 3;
	case SCAN_SKIPPED:
		return 4;
	default:	/* closed|filtered too, as stats_count */
		return 2;
	}
}

/* A place handed back: its line written, its state counted. */
static void
resume_write(struct ps *ps, char *line, int tag)
{
	if (line != NULL)
		fputs(line, stdout);
	free(line);
	/* -1: a place the file had, counted in it */
	if (tag >= 0)
		ps->rs.states[tag]++;
}

/*
 * A result of a marked scan: its line (print_one's, caught) put in its
 * place, and the lines now in order written.  Returns 0, or 1 when the
 * scan is not marked: the caller shows it.
 */
int
ps_resume_result(struct ps *ps, const struct scan_result *r)
{
	char *line;
	int tag;

	if (!ps->rs.on)
		return 1;
	ps->rs.held = NULL;
	ps->rs.catching = 1;
	if (r->state != SCAN_SKIPPED)
		ps_port_result(ps, r);
	ps->rs.catching = 0;
	if (scan_mark_put(&ps->rs.m, scan_probe_seq(&ps->cfg, r->probe),
	    ps->rs.held, state_index(r->state)) == -1)
		ps->oom = 1;
	while (scan_mark_pop(&ps->rs.m, &line, &tag) == 1)
		resume_write(ps, line, tag);
	return 0;
}

/* A mark's line but its end: where the lines above reach, their counts. */
static void
mark_put(const struct ps *ps)
{
	const uint64_t *c = ps->rs.states;

	printf("{\"type\":\"resume\",\"next\":%llu,\"states\":[%llu,%llu,"
	    "%llu,%llu,%llu]", (unsigned long long)ps->rs.m.base,
	    (unsigned long long)c[0], (unsigned long long)c[1],
	    (unsigned long long)c[2], (unsigned long long)c[3],
	    (unsigned long long)c[4]);
}

/* Every tick, and at the end: a mark. */
void
ps_resume_mark(struct ps *ps)
{
	if (!ps->rs.on || ps->rs.m.base == ps->rs.written)
		return;
	mark_put(ps);
	printf("}\n");
	ps->rs.written = ps->rs.m.base;
}

/*
 * A stopped scan's last mark: the lines done after it written above it,
 * and listed in it, so that a resume sends none of them again.
 */
static void
resume_last(struct ps *ps)
{
	uint64_t seq;
	size_t pos = 0, n = 0;
	char *line;
	int tag;

	while (scan_mark_held(&ps->rs.m, &pos, &seq, &line, &tag) == 1)
		resume_write(ps, line, tag);
	mark_put(ps);
	printf(",\"done\":[");
	for (pos = 0; scan_mark_held(&ps->rs.m, &pos, &seq, &line, &tag) ==
	    1; )
		printf("%s%llu", n++ > 0 ? "," : "", (unsigned long long)seq);
	printf("]}\n");
}

/*
 * The scan's end: its last mark (ps_summary's line says how to go on
 * from a stop); st, this run's, given the counts of the file it went on
 * with, for the summary and the exit status; the marks' memory freed.
 */
void
ps_resume_end(struct ps *ps, struct scan_stats *st, int sig)
{
	st->open += ps->rs.was[0];
	st->closed += ps->rs.was[1];
	st->filtered += ps->rs.was[2];
	st->openfiltered += ps->rs.was[3];
	st->skipped += ps->rs.was[4];
	if (ps->rs.on && sig > 0)
		resume_last(ps);
	else
		ps_resume_mark(ps);
	scan_mark_free(&ps->rs.m);
	free(ps->rs.skip);
}
