/*
 * cmd/http-get/http_get_config.h: curl's -K FILE, --config FILE: the file read and its
 * options put in the command line after -K's word, to be read next by
 * the same parser and table (parse/curlcfg.h reads the lines).
 */
#ifndef HG_CONFIG_H
#define HG_CONFIG_H

#include "parse/opt.h"

#define HG_CONFIG_MAX	64	/* config files read in a run: a loop */

/*
 * hg_config: file ("-": stdin) read and its lines' words spliced into
 * st after the current word; curl's warning for a line it would warn
 * of ("FILE:LINE: warning: 'opt' is unknown", and the line dropped)
 * unless quiet.  Returns 0, or -1 after saying why the file could not
 * be read (curl's exit status 26).  hg_config_free: what every call
 * held (st's words point in it), at the end.
 */
int	hg_config(struct opt_state *st, const char *file, int quiet);
void	hg_config_free(void);
/*
 * hg_config_home: once a run, before the first group's options, the
 * ~/.curlrc curl would read (http/conf.h's hconf_curlrc) as hg_config
 * reads a file, unless the first word is -q or --disable, as curl's.
 */
void	hg_config_home(struct opt_state *st);

#endif /* HG_CONFIG_H */
