/* Small helpers every module uses: checked allocation, a growable string, the
 * clock (injectable for tests), local-time arithmetic and UUIDv7. */
#ifndef DVCDESK_UTIL_H
#define DVCDESK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL: on failure it prints one line and
 * exits 71.  Allocating 0 bytes is allowed and returns a unique pointer. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The folder part of a path, as dirname(1): "a/b" -> "a", "/b" -> "/",
 * "b" -> "."; a new string the caller frees. */
char *path_dir(const char *path);

/* A growable NUL-terminated string.  sb_init() then sb_add*(); sb_done()
 * frees; sb_steal() hands the buffer to the caller (who frees it) and
 * leaves the strbuf empty. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_done(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *sb_steal(struct strbuf *sb);

/* The current time.  Tests replace the clock with util_set_clock(); NULL
 * restores the real one. */
time_t util_now(void);
void util_set_clock(time_t (*fn)(void));

/* Local calendar values of an instant, in the process's TZ. */
int time_local_day(time_t t);    /* YYYYMMDD, e.g. 20261122 */
int time_local_minute(time_t t); /* minutes since local midnight, 0..1439 */
/* The instant of local midnight starting the day YYYYMMDD. */
time_t time_day_start(int yyyymmdd);
/* YYYYMMDD of `day` plus `n` days (n may be negative). */
int time_day_add(int yyyymmdd, int n);
/* 0 = Sunday .. 6 = Saturday for YYYYMMDD. */
int time_weekday(int yyyymmdd);

/* Days in month m (1..12) of year y, leap years counted. */
int time_days_in_month(int y, int m);

/* Parsers: return false on anything but the exact form.
 * "YYYY-MM-DD" -> YYYYMMDD; "YYYY-MM" -> first day; "H:MM" or "HH:MM" ->
 * minutes (the one clock-time grammar of the config and the command line);
 * "YYYY-MM-DD HH:MM" or "YYYY-MM-DD H:MM" (local) -> instant. */
bool time_parse_day(const char *s, int *yyyymmdd);
bool time_parse_month(const char *s, int *first_day, int *last_day);
bool time_parse_hhmm(const char *s, int *minutes);
/* The same for the first len bytes of s. */
bool time_parse_hhmm_n(const char *s, size_t len, int *minutes);
bool time_parse_local(const char *s, time_t *out);
/* "YYYY-MM-DD" for YYYYMMDD into buf (at least 11 bytes). */
char *time_format_day(int yyyymmdd, char *buf, size_t size);
/* "YYYY-MM-DD HH:MM" local for an instant into buf (at least 17 bytes). */
char *time_format_local(time_t t, char *buf, size_t size);
/* Dates for people -- every screen and every human-readable output (the
 * text reports too) -- the Vietnamese way: "05/12/2026" for YYYYMMDD (buf
 * at least 11 bytes).  The one date formatter; ISO (time_format_day) only
 * in JSON, CSV and file names. */
char *time_show_day(int yyyymmdd, char *buf, size_t size);
/* "03:14, 05/12/2026": a local instant for people, the time first (buf at
 * least 18 bytes); built on time_show_day(). */
char *time_show_local(time_t t, char *buf, size_t size);

/* A UUIDv7 as 36 characters of text plus NUL; time-ordered, random tail from
 * getrandom(2). */
void uuid_v7(char out[37]);

/* Strip leading and trailing ASCII white space in place; returns s. */
char *str_trim(char *s);
bool str_eq(const char *a, const char *b);
bool str_empty(const char *s);
/* Copy with truncation at a UTF-8 character boundary; always terminates. */
void str_copy(char *dst, size_t size, const char *src);
/* snprintf for text a person reads (translated messages): a result too long
 * for dst is cut at a character boundary and ends with "…", never half a
 * Vietnamese letter.  Always terminates. */
void str_format(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void str_vformat(char *dst, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
