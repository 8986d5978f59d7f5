/*
 * cli/read.h: the readers of cli.c's shared options whose argument is
 * more than a string: --allow and --deny's address blocks, into cl->so;
 * --pinnedpubkey's sha256// hashes or key file, read now, into cl->tls.
 * Each returns 0, else -1 after the usage message.
 */
#ifndef CLI_READ_H
#define CLI_READ_H

struct cli;

/* --allow (is_allow 1) or --deny (0) spec, added. */
int	cli_read_acl(struct cli *cl, int is_allow, const char *spec);
/* --pinnedpubkey arg: the hashes, or the key file's public key. */
int	cli_read_pin(struct cli *cl, const char *arg);

#endif /* CLI_READ_H */
