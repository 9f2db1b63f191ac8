/* libFuzzer: the INI configuration, every value checked (config_load on a
 * file holding the input; the error lines are built and thrown away). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config/config.h"
#include "util/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[] = "/tmp/dvcdesk-fuzz.XXXXXX";
	if (!mkdtemp(dir))
		abort();
	path = xasprintf("%s/fuzz.ini", dir);
	/* Relative paths in the config resolve against its folder; HOME and
	 * XDG_* must not point at the real user's files. */
	setenv("HOME", dir, 1);
	setenv("XDG_CONFIG_HOME", dir, 1);
	setenv("XDG_DATA_HOME", dir, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	struct config cfg;
	struct strbuf errors;
	sb_init(&errors);
	config_load(&cfg, path, &errors);
	config_done(&cfg);
	sb_done(&errors);
	return 0;
}
