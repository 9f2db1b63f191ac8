/* The header's sync words and the idle sync child (syncbar.h). */
#include "syncbar.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "screen.h"
#include "sync/outbox.h"

extern char **environ;

static pid_t child;
static time_t last_spawn;
static long long seen_version = -1;
static char words[128];

static void spawn_sync(struct ui_context *ctx)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return;
	self[n] = '\0';
	char *argv[8];
	int a = 0;
	argv[a++] = self;
	if (ctx->cfg->path) {
		argv[a++] = (char *)"--config";
		argv[a++] = ctx->cfg->path;
	}
	argv[a++] = (char *)"--db";
	argv[a++] = ctx->cfg->db_path;
	argv[a++] = (char *)"sync";
	argv[a++] = (char *)"--quiet";
	argv[a] = NULL;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_t attr;
	posix_spawnattr_init(&attr);
	sigset_t def, none;
	sigemptyset(&none);
	sigfillset(&def);
	posix_spawnattr_setsigdefault(&attr, &def);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	if (posix_spawn(&child, self, &fa, &attr, argv, environ) != 0)
		child = 0;
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	last_spawn = time(NULL);
}

void syncbar(struct ui_context *ctx, char *buf, size_t size)
{
	if (size)
		buf[0] = '\0';
	const struct config *cfg = ctx->cfg;
	if (!cfg->sync.conninfo || !*cfg->sync.conninfo || !ctx->db)
		return;
	if (child > 0) {
		int ws;
		pid_t w = waitpid(child, &ws, WNOHANG);
		if (w == child || (w < 0 && errno == ECHILD)) {
			child = 0;
			seen_version = -1; /* the child wrote: read the words again */
		}
	}
	if (child == 0 && cfg->sync.interval_minutes > 0 &&
	    time(NULL) - last_spawn >= (time_t)cfg->sync.interval_minutes * 60)
		spawn_sync(ctx);
	long long v = db_data_version(ctx->db);
	if (v != seen_version || v < 0) {
		struct outbox_state s;
		words[0] = '\0';
		if (outbox_state(ctx->db, &s) == ST_OK)
			outbox_bar_text(&s, words, sizeof words);
		seen_version = v;
	}
	snprintf(buf, size, "%s", words);
}
