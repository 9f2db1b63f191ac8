/* Where the configuration and the data live: the XDG base directories. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config_int.h"
#include "util/text.h"

const char *config_home_dir(void)
{
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return home;
	const struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_dir && pw->pw_dir[0] == '/')
		return pw->pw_dir;
	return NULL;
}

/* $VAR/dvcdesk, or ~/FALLBACK/dvcdesk; a relative $VAR is ignored (XDG). */
static char *xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	if (v && v[0] == '/')
		return xasprintf("%s/dvcdesk", v);
	const char *home = config_home_dir();
	/* No home at all: the current folder rather than "/". */
	return xasprintf("%s/%s/dvcdesk", home ? home : ".", fallback);
}

char *config_data_dir(void)
{
	return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *config_default_path(void)
{
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *path = xasprintf("%s/dvcdesk.ini", dir);
	free(dir);
	return path;
}

char *config_db_dir(const struct config *cfg)
{
	return path_dir(cfg->db_path ? cfg->db_path : "./dvcdesk.db");
}

