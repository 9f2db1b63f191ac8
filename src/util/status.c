#include "util/status.h"

#include <stdio.h>

#include "util/i18n.h"
#include "util/util.h"

#define STATUS_MSG(name, code, msg) N_(msg),
static const char *const messages[ST__COUNT] = { STATUS_INFO(STATUS_MSG) };
#undef STATUS_MSG
#define STATUS_CODE(name, code, msg) code,
static const int exit_codes[ST__COUNT] = { STATUS_INFO(STATUS_CODE) };
#undef STATUS_CODE

static char detail[1024];

const char *status_message(enum status st)
{
	if ((unsigned)st >= ST__COUNT)
		st = ST_DB_ERROR;
	return _(messages[st]);
}

int status_exit_code(enum status st)
{
	if ((unsigned)st >= ST__COUNT)
		return 70;
	return exit_codes[st];
}

enum status status_fail(enum status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	str_vformat(detail, sizeof(detail), fmt, ap); /* never cut mid-character */
	va_end(ap);
	return st;
}

const char *status_detail(enum status st)
{
	return detail[0] ? detail : status_message(st);
}

void status_clear(void)
{
	detail[0] = '\0';
}
