#include "util/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static void out_of_memory(void)
{
	fputs("dvcdesk: out of memory\n", stderr);
	exit(71);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	char *s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_done(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void sb_addn(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(struct strbuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_addn(sb, &c, 1);
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	sb_grow(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

char *sb_steal(struct strbuf *sb)
{
	char *s = sb->buf ? sb->buf : xstrdup("");
	sb_init(sb);
	return s;
}

static time_t (*clock_fn)(void);

time_t util_now(void)
{
	return clock_fn ? clock_fn() : time(NULL);
}

void util_set_clock(time_t (*fn)(void))
{
	clock_fn = fn;
}

int time_local_day(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int time_local_minute(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

static void day_to_tm(int day, struct tm *tm)
{
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = day / 10000 - 1900;
	tm->tm_mon = day / 100 % 100 - 1;
	tm->tm_mday = day % 100;
	tm->tm_isdst = -1;
}

time_t time_day_start(int yyyymmdd)
{
	struct tm tm;
	day_to_tm(yyyymmdd, &tm);
	return mktime(&tm);
}

int time_day_add(int yyyymmdd, int n)
{
	struct tm tm;
	day_to_tm(yyyymmdd, &tm);
	tm.tm_mday += n;
	tm.tm_hour = 12; /* away from any DST edge */
	mktime(&tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

int time_weekday(int yyyymmdd)
{
	struct tm tm;
	day_to_tm(yyyymmdd, &tm);
	tm.tm_hour = 12;
	mktime(&tm);
	return tm.tm_wday;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

int time_days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

bool time_parse_day(const char *s, int *yyyymmdd)
{
	int y, m, d;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > time_days_in_month(y, m))
		return false;
	*yyyymmdd = y * 10000 + m * 100 + d;
	return true;
}

bool time_parse_month(const char *s, int *first_day, int *last_day)
{
	int y, m;
	if (strlen(s) != 7 || s[4] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m))
		return false;
	if (y < 1970 || y > 9999 || m < 1 || m > 12)
		return false;
	*first_day = y * 10000 + m * 100 + 1;
	*last_day = y * 10000 + m * 100 + time_days_in_month(y, m);
	return true;
}

bool time_parse_hhmm_n(const char *s, size_t len, int *minutes)
{
	int h, m;
	size_t hl = len - 3; /* H:MM or HH:MM */
	if ((len != 4 && len != 5) || s[hl] != ':' || !digits(s, (int)hl, &h) ||
	    !digits(s + hl + 1, 2, &m))
		return false;
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

bool time_parse_hhmm(const char *s, int *minutes)
{
	return time_parse_hhmm_n(s, strlen(s), minutes);
}

bool time_parse_local(const char *s, time_t *out)
{
	char day[11];
	int d, mins;
	size_t n = strlen(s);
	if ((n != 15 && n != 16) || s[10] != ' ')
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!time_parse_day(day, &d) || !time_parse_hhmm(s + 11, &mins))
		return false;
	struct tm tm;
	day_to_tm(d, &tm);
	tm.tm_hour = mins / 60;
	tm.tm_min = mins % 60;
	*out = mktime(&tm);
	return *out != (time_t)-1;
}

char *time_format_day(int yyyymmdd, char *buf, size_t size)
{
	snprintf(buf, size, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100,
	         yyyymmdd % 100);
	return buf;
}

char *time_format_local(time_t t, char *buf, size_t size)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

char *time_show_day(int yyyymmdd, char *buf, size_t size)
{
	snprintf(buf, size, "%02d/%02d/%04d", yyyymmdd % 100, yyyymmdd / 100 % 100,
	         yyyymmdd / 10000);
	return buf;
}

char *time_show_local(time_t t, char *buf, size_t size)
{
	char day[16];
	int m = time_local_minute(t);
	snprintf(buf, size, "%02d:%02d, %s", m / 60, m % 60,
	         time_show_day(time_local_day(t), day, sizeof day));
	return buf;
}

void uuid_v7(char out[37])
{
	unsigned char b[16];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	unsigned long long ms =
	    (unsigned long long)ts.tv_sec * 1000ULL + (unsigned long long)ts.tv_nsec / 1000000ULL;
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (8 * (5 - i)));
	size_t got = 0;
	while (got < 10) {
		ssize_t n = getrandom(b + 6 + got, 10 - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* getrandom cannot fail on Linux >= 3.17 short of EINTR;
			 * fall back to the clock so a uid is still unique per ns. */
			for (size_t i = got; i < 10; i++)
				b[6 + i] = (unsigned char)(ts.tv_nsec >> (i % 4 * 8));
			break;
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)(0x70 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	static const char hex[] = "0123456789abcdef";
	int o = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
}

char *str_trim(char *s)
{
	char *p = s;
	while (*p && isspace((unsigned char)*p))
		p++;
	size_t n = strlen(p);
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	memmove(s, p, n);
	s[n] = '\0';
	return s;
}

bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool str_empty(const char *s)
{
	return !s || !*s;
}

void str_vformat(char *dst, size_t size, const char *fmt, va_list ap)
{
	if (!size)
		return;
	char *full = NULL;
	if (vasprintf(&full, fmt, ap) < 0 || !full) {
		dst[0] = '\0';
		return;
	}
	size_t n = strlen(full);
	static const char ellipsis[] = "\xE2\x80\xA6"; /* … */
	if (n < size || size <= sizeof(ellipsis)) {
		str_copy(dst, size, full);
	} else {
		str_copy(dst, size - (sizeof(ellipsis) - 1), full);
		size_t used = strlen(dst);
		memcpy(dst + used, ellipsis, sizeof(ellipsis)); /* fits: cut to leave room */
	}
	free(full);
}

void str_format(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	str_vformat(dst, size, fmt, ap);
	va_end(ap);
}

void str_copy(char *dst, size_t size, const char *src)
{
	if (!size)
		return;
	size_t n = strlen(src);
	if (n >= size) {
		n = size - 1;
		/* back off to a character boundary: never leave half a UTF-8 sequence */
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}
