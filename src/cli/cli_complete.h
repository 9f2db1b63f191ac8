/* Shell completion generated from the tables `--help` prints: the global
 * options (the getopt table of cli_main()) and every sub-command's usage
 * line in CLI_COMMANDS, so a new command or option completes as soon as it
 * is in --help, and the two cannot drift.  `dvcdesk --completion bash`
 * prints the script; the package installs it into bash-completion's folder
 * at build time. */
#ifndef DVCDESK_CLI_COMPLETE_H
#define DVCDESK_CLI_COMPLETE_H

#include <getopt.h>
#include <stdio.h>

/* Write the completion script for `shell` ("bash" only) to out.  `global`
 * is cli_main()'s getopt table (ending in a zero entry); entries named
 * "completion" are left out (the option is hidden).  Returns 0, or 64 with
 * one line on stderr for another shell. */
int cli_completion(FILE *out, const char *shell, const struct option *global);

#endif
