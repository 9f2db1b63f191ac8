/* The report as text (aligned by display width), CSV and JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/csv.h"
#include "report/document.h"
#include "util/i18n.h"
#include "report/report.h"
#include "report/report_events.h"
#include "store/shift.h"
#include "util/period.h"
#include "util/text.h"

/* ---- JSON ---- */

void json_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		sb_add(sb, "null");
		return;
	}
	sb_addc(sb, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sb_addn(sb, run, (size_t)(p - run));
		switch (c) {
		case '"':
			sb_add(sb, "\\\"");
			break;
		case '\\':
			sb_add(sb, "\\\\");
			break;
		case '\n':
			sb_add(sb, "\\n");
			break;
		case '\r':
			sb_add(sb, "\\r");
			break;
		case '\t':
			sb_add(sb, "\\t");
			break;
		default:
			sb_addf(sb, "\\u%04x", c);
			break;
		}
		run = p + 1;
	}
	sb_add(sb, run);
	sb_addc(sb, '"');
}

static char *fixed(double v, int decimals, char *buf, size_t size)
{
	long long scale = 1;
	for (int i = 0; i < decimals; i++)
		scale *= 10;
	bool neg = v < 0;
	double a = neg ? -v : v;
	long long n = (long long)(a * (double)scale + 0.5);
	if (decimals > 0)
		snprintf(buf, size, "%s%lld.%0*lld", neg && n ? "-" : "", n / scale, decimals,
		         n % scale);
	else
		snprintf(buf, size, "%s%lld", neg && n ? "-" : "", n);
	return buf;
}

void json_fixed(struct strbuf *sb, double v, int decimals)
{
	char buf[64];
	sb_add(sb, fixed(v, decimals, buf, sizeof(buf)));
}

static const char *const weekday_keys[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static void json_counts(struct strbuf *sb, const char *name, const char *const *keys, const long *n,
                        int count)
{
	sb_addf(sb, ",\n  \"%s\": {", name);
	for (int i = 0; i < count; i++)
		sb_addf(sb, "%s\"%s\": %ld", i ? ", " : "", keys[i], n[i]);
	sb_addc(sb, '}');
}

static void iso_utc(time_t t, char *buf, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void report_write_json(const struct report *r, struct strbuf *sb)
{
	char a[32], b[32];
	sb_addf(sb, "{\n  \"from\": \"%s\", \"to\": \"%s\",\n  \"unit\": ",
	        time_format_day(r->filter.from_day, a, sizeof(a)),
	        time_format_day(r->filter.to_day, b, sizeof(b)));
	json_str(sb, r->unit_code);
	sb_addf(sb, ",\n  \"visits\": %ld, \"voided\": %ld", r->visits, r->voided);
	json_counts(sb, "services", service_keys, r->services, SVC__COUNT);
	json_counts(sb, "groups", group_keys, r->groups, GRP__COUNT);
	json_counts(sb, "outcomes", outcome_keys, r->outcomes, OUT__COUNT);
	sb_add(sb, ",\n  \"procedures\": [");
	for (int i = 0; i < r->n_procedures; i++) {
		const struct report_procedure *p = &r->procedures[i];
		sb_add(sb, i ? ",\n    {\"code\": " : "\n    {\"code\": ");
		json_str(sb, p->code);
		sb_add(sb, ", \"name\": ");
		json_str(sb, p->name);
		sb_addf(sb, ", \"visits\": %ld, \"online_submission\": %ld}", p->visits,
		        p->online_submission);
	}
	sb_add(sb, r->n_procedures ? "\n  ],\n  \"staff\": [" : "],\n  \"staff\": [");
	for (int i = 0; i < r->n_staff; i++) {
		sb_add(sb, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_str(sb, r->staff[i].name);
		sb_addf(sb, ", \"visits\": %ld, \"online_submission\": %ld}", r->staff[i].visits,
		        r->staff[i].online_submission);
	}
	sb_add(sb, r->n_staff ? "\n  ],\n" : "],\n");
	sb_add(sb, "  \"units\": [");
	for (int i = 0; i < r->n_units; i++) {
		const struct report_unit *u = &r->units[i];
		sb_add(sb, i ? ",\n    {\"code\": " : "\n    {\"code\": ");
		json_str(sb, u->code);
		sb_add(sb, ", \"name\": ");
		json_str(sb, u->name);
		sb_addf(
		    sb,
		    ", \"rank\": %d, \"visits\": %ld, \"voided\": %ld, \"online_submission\": %ld, "
		    "\"vneid\": %ld, \"account\": %ld}",
		    u->rank, u->visits, u->voided, u->online_submission, u->vneid, u->account);
	}
	sb_add(sb, r->n_units ? "\n  ],\n" : "],\n");

	sb_add(sb, "  \"unit_name\": ");
	json_str(sb, r->unit_name);
	sb_add(sb, ", \"province\": ");
	json_str(sb, r->province);
	sb_add(sb, ",\n  \"counter\": ");
	json_str(sb, r->counter);
	sb_add(sb, ", \"staff_filter\": ");
	json_str(sb, r->staff_filter);
	sb_addf(sb,
	        ",\n  \"period\": {\"kind\": \"%s\", \"shift\": ", report_kind_key(r->filter.kind));
	if (r->filter.kind == REPORT_SHIFT)
		sb_addf(sb, "%lld, \"session\": ", (long long)r->filter.shift_id);
	else
		sb_add(sb, "null, \"session\": ");
	json_str(sb, r->shift_session >= 0 ? session_key((enum session)r->shift_session) : NULL);
	iso_utc(r->generated_at, a, sizeof(a));
	sb_addf(sb, "},\n  \"generated_at\": \"%s\", \"prepared_by\": ", a);
	json_str(sb, r->prepared_by);
	sb_addf(sb, ",\n  \"general_guidance\": %ld", r->general_guidance);
	json_counts(sb, "channels", channel_keys, r->channels, CH__COUNT);
	sb_add(sb, ",\n  \"online_share_percent\": ");
	json_fixed(sb, report_online_share(r), 2);
	sb_addf(sb, ",\n  \"duration\": {\"timed_visits\": %ld, \"average_seconds\": %ld}",
	        r->timed_visits, report_average_seconds(r));
	report_events_json(r, sb);
	sb_add(sb, ",\n  \"by_hour\": [");
	for (int h = 0; h < 24; h++)
		sb_addf(sb, "%s%ld", h ? ", " : "", r->by_hour[h]);
	sb_addc(sb, ']');
	json_counts(sb, "by_weekday", weekday_keys, r->by_weekday, 7);
	sb_add(sb, ",\n  \"by_day\": [");
	for (int i = 0; i < r->n_days; i++)
		sb_addf(sb, "%s{\"day\": \"%s\", \"visits\": %ld}", i ? ", " : "",
		        time_format_day(r->days[i].day, a, sizeof(a)), r->days[i].visits);
	sb_addc(sb, ']');
	if (r->filter.kind == REPORT_YEAR) {
		/* the reporting months (cut off on the 15th when so configured) */
		sb_add(sb, ",\n  \"by_month\": [");
		for (int m = 0; m < 12; m++) {
			int from, to;
			period_month(r->filter.year, m + 1, r->filter.month_starts_on, &from, &to);
			sb_addf(sb, "%s\n    {\"month\": \"%04d-%02d\", \"from\": \"%s\", ", m ? "," : "",
			        r->filter.year, m + 1, time_format_day(from, a, sizeof(a)));
			sb_addf(sb, "\"to\": \"%s\", \"visits\": %ld, \"online_submission\": %ld}",
			        time_format_day(to, b, sizeof(b)), r->by_month[m], r->by_month_online[m]);
		}
		sb_add(sb, "\n  ]");
	}
	sb_addf(sb,
	        ",\n  \"targets\": {\"year\": %d, \"through\": \"%s\", \"working_days_left\": %d,"
	        " \"items\": [",
	        r->target_year, time_format_day(r->target_through, a, sizeof(a)),
	        r->working_days_left);
	for (int i = 0; i < r->n_targets; i++) {
		const struct report_target *t = &r->targets[i];
		sb_addf(
		    sb,
		    "%s\n    {\"key\": \"%s\", \"target\": %ld, \"achieved\": %ld, \"percent\": ",
		    i ? "," : "", report_target_key(t->key), t->target, t->achieved);
		json_fixed(sb, t->percent, 2);
		sb_addf(sb, ", \"remaining\": %ld, \"per_working_day\": ", t->remaining);
		if (t->per_working_day < 0)
			sb_add(sb, "null}");
		else
			sb_addf(sb, "%ld}", t->per_working_day);
	}
	sb_add(sb, r->n_targets ? "\n  ]}\n}\n" : "]}\n}\n");
}

/* ---- CSV ---- */

static void csv_head(struct strbuf *sb, const char *section, const char *key, const char *name)
{
	csv_put(sb, section);
	csv_sep(sb);
	csv_put(sb, key);
	csv_sep(sb);
	csv_put(sb, name ? name : "");
	csv_sep(sb);
}

/* Text cells go through csv_put(), which neutralises a staff or procedure
 * name a spreadsheet would run as a formula; numbers stay numbers. */
static void csv_row(struct strbuf *sb, const char *section, const char *key, const char *name,
                    const char *value)
{
	csv_head(sb, section, key, name);
	csv_put(sb, value ? value : "");
	csv_eol(sb);
}

static void csv_num(struct strbuf *sb, const char *section, const char *key, const char *name,
                    long n)
{
	csv_head(sb, section, key, name);
	csv_put_number(sb, n);
	csv_eol(sb);
}

void report_write_csv(const struct report *r, bool bom, struct strbuf *sb)
{
	char a[64];
	if (bom)
		sb_add(sb, "\xEF\xBB\xBF");
	csv_row(sb, "section", "key", "name", "value");
	csv_row(sb, "meta", "from", NULL, time_format_day(r->filter.from_day, a, sizeof(a)));
	csv_row(sb, "meta", "to", NULL, time_format_day(r->filter.to_day, a, sizeof(a)));
	csv_row(sb, "meta", "unit", r->unit_name, r->unit_code);
	csv_row(sb, "meta", "province", NULL, r->province);
	csv_row(sb, "meta", "kind", NULL, report_kind_key(r->filter.kind));
	if (r->filter.kind == REPORT_SHIFT)
		csv_num(sb, "meta", "shift", r->shift_staff, (long)r->filter.shift_id);
	csv_row(sb, "meta", "counter", NULL, r->counter);
	csv_row(sb, "meta", "staff_filter", NULL, r->staff_filter);
	iso_utc(r->generated_at, a, sizeof(a));
	csv_row(sb, "meta", "generated_at", NULL, a);
	csv_row(sb, "meta", "prepared_by", NULL, r->prepared_by);

	csv_num(sb, "total", "visits", _("visits"), r->visits);
	csv_num(sb, "total", "voided", _("voided"), r->voided);
	csv_num(sb, "total", "general_guidance", _("General guidance (no procedure)"),
	        r->general_guidance);
	csv_row(sb, "total", "online_share_percent", _("submitted online"),
	        fixed(report_online_share(r), 2, a, sizeof(a)));
	csv_num(sb, "total", "timed_visits", NULL, r->timed_visits);
	csv_num(sb, "total", "average_seconds", _("Average time per visit"),
	        report_average_seconds(r));
	for (int i = 0; i < SVC__COUNT; i++)
		csv_num(sb, "service", service_keys[i], report_label(service_labels[i]),
		        r->services[i]);
	for (int i = 0; i < GRP__COUNT; i++)
		csv_num(sb, "group", group_keys[i], report_label(group_labels[i]), r->groups[i]);
	for (int i = 0; i < CH__COUNT; i++)
		csv_num(sb, "channel", channel_keys[i], report_label(channel_labels[i]),
		        r->channels[i]);
	for (int i = 0; i < OUT__COUNT; i++)
		csv_num(sb, "outcome", outcome_keys[i], report_label(outcome_labels[i]),
		        r->outcomes[i]);
	for (int i = 0; i < r->n_procedures; i++) {
		const struct report_procedure *p = &r->procedures[i];
		csv_num(sb, "procedure", p->code, p->name, p->visits);
		csv_num(sb, "procedure_online_submission", p->code, p->name, p->online_submission);
	}
	for (int i = 0; i < r->n_staff; i++) {
		csv_num(sb, "staff", r->staff[i].name, r->staff[i].name, r->staff[i].visits);
		csv_num(sb, "staff_online_submission", r->staff[i].name, r->staff[i].name,
		        r->staff[i].online_submission);
	}
	for (int i = 0; i < r->n_units; i++) {
		const struct report_unit *u = &r->units[i];
		csv_num(sb, "unit", u->code, u->name, u->visits);
		csv_num(sb, "unit_rank", u->code, u->name, u->rank);
		csv_num(sb, "unit_voided", u->code, u->name, u->voided);
		csv_num(sb, "unit_online_submission", u->code, u->name, u->online_submission);
		csv_num(sb, "unit_vneid", u->code, u->name, u->vneid);
		csv_num(sb, "unit_account", u->code, u->name, u->account);
	}
	for (int h = 0; h < 24; h++) {
		char k[12];
		snprintf(k, sizeof(k), "%d", h);
		csv_num(sb, "hour", k, NULL, r->by_hour[h]);
	}
	for (int w = 0; w < 7; w++)
		csv_num(sb, "weekday", weekday_keys[w], NULL, r->by_weekday[w]);
	for (int i = 0; i < r->n_days; i++)
		csv_num(sb, "day", time_format_day(r->days[i].day, a, sizeof(a)), NULL,
		        r->days[i].visits);
	if (r->filter.kind == REPORT_YEAR)
		for (int m = 0; m < 12; m++) {
			char k[16];
			snprintf(k, sizeof(k), "%04d-%02d", r->filter.year % 10000, (m + 1) % 100);
			csv_num(sb, "month", k, NULL, r->by_month[m]);
			csv_num(sb, "month_online_submission", k, NULL, r->by_month_online[m]);
		}
	csv_num(sb, "meta", "target_year", NULL, r->target_year);
	csv_num(sb, "meta", "working_days_left", NULL, r->working_days_left);
	csv_row(sb, "meta", "target_through", NULL,
	        time_format_day(r->target_through, a, sizeof(a)));
	for (int i = 0; i < r->n_targets; i++) {
		const struct report_target *t = &r->targets[i];
		const char *k = report_target_key(t->key), *label = report_target_label(t->key);
		csv_num(sb, "target", k, label, t->target);
		csv_num(sb, "target_achieved", k, label, t->achieved);
		csv_row(sb, "target_percent", k, label, fixed(t->percent, 2, a, sizeof(a)));
		csv_num(sb, "target_remaining", k, label, t->remaining);
		if (t->per_working_day < 0)
			csv_row(sb, "target_per_working_day", k, label, "");
		else
			csv_num(sb, "target_per_working_day", k, label, t->per_working_day);
	}
	report_events_csv(r, sb);
}

/* ---- text ---- */

/* The next line of at most `width` columns from *p, broken after a space
 * when one is in reach (else cut at a character boundary); *p moves past it
 * and the spaces that follow.  Returns the line's byte length. */
static size_t wrap_take(const char **p, int width, const char **start)
{
	const char *s = *p;
	*start = s;
	size_t fit = text_fit(s, width);
	size_t take = fit;
	if (s[fit] != '\0') {
		size_t sp = fit;
		while (sp > 0 && s[sp] != ' ')
			sp--;
		/* no space in reach: between two syllables of a word (a no-break
		 * space) rather than inside a syllable */
		size_t nb = fit;
		while (sp == 0 && nb > 1 && !((unsigned char)s[nb - 1] == 0xC2 &&
		                              (unsigned char)s[nb] == 0xA0))
			nb--;
		if (sp > 0)
			take = sp;
		else if (nb > 1)
			take = nb - 1; /* the no-break space itself is skipped below */
		else if (fit == 0)
			take = text_char_len(s); /* too narrow for one character: overflow */
	}
	const char *q = s + take;
	while (*q == ' ' || ((unsigned char)q[0] == 0xC2 && (unsigned char)q[1] == 0xA0))
		q += *q == ' ' ? 1 : 2;
	*p = q;
	size_t len = take;
	while (len > 0 && s[len - 1] == ' ')
		len--;
	return len;
}

static void add_spaces(struct strbuf *sb, int n)
{
	for (int i = 0; i < n; i++)
		sb_addc(sb, ' ');
}

static void end_line(struct strbuf *sb)
{
	while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
		sb->len--;
	sb->buf[sb->len] = '\0';
	sb_addc(sb, '\n');
}

/* s wrapped to `width`, each line centred in `cols` (or left at `indent`). */
static void text_block(struct strbuf *sb, const char *text, int cols, bool centre, int indent)
{
	int width = cols - indent;
	char *s = document_keep_words(text);
	const char *p = s, *start;
	do {
		size_t n = wrap_take(&p, width, &start);
		char *line = xstrndup(start, n);
		int pad = centre ? (cols - text_width(line)) / 2 : indent;
		add_spaces(sb, pad > 0 ? pad : 0);
		sb_add(sb, line);
		end_line(sb);
		free(line);
	} while (*p);
	free(s);
}

static void rule(struct strbuf *sb, int cols, char c)
{
	for (int i = 0; i < cols; i++)
		sb_addc(sb, c);
	sb_addc(sb, '\n');
}

/* A cell's text padded to exactly `w` columns. */
static void cell(struct strbuf *sb, const char *s, size_t n, int w, bool right)
{
	char *part = xstrndup(s, n);
	size_t size = strlen(part) + (size_t)w + 8;
	char *buf = xmalloc(size);
	buf[0] = '\0';
	text_pad(buf, size, part, w, right);
	sb_add(sb, buf);
	free(buf);
	free(part);
}

static int longest_word(const char *s)
{
	int best = 0;
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *w = xstrndup(s, n);
		int tw = text_width(w);
		free(w);
		if (tw > best)
			best = tw;
		s += n;
		while (*s == ' ')
			s++;
	}
	return best;
}

/* One table row whose cells may wrap: each visible column takes lines from
 * its own text until all are used up. */
static void text_row(struct strbuf *sb, const struct report_table *t, const char *const *cells,
                     const int *width, const bool *visible, int gap)
{
	char *kept[REPORT_MAX_COLS];
	const char *p[REPORT_MAX_COLS];
	for (int c = 0; c < t->n_cols; c++) {
		kept[c] = document_keep_words(cells[c] ? cells[c] : "");
		p[c] = kept[c];
	}
	bool more = true;
	while (more) {
		more = false;
		bool first = true;
		for (int c = 0; c < t->n_cols; c++) {
			if (!visible[c])
				continue;
			if (!first)
				add_spaces(sb, gap);
			first = false;
			const char *start = p[c];
			size_t n = *p[c] ? wrap_take(&p[c], width[c], &start) : 0;
			cell(sb, start, n, width[c], t->right & (1u << c));
			if (*p[c])
				more = true;
		}
		end_line(sb);
	}
	for (int c = 0; c < t->n_cols; c++)
		free(kept[c]);
}

/* The cells of row r, with the shorter first cell on narrow paper. */
static void row_cells(const struct report_table *t, int r, bool narrow, const char **out)
{
	for (int c = 0; c < t->n_cols; c++)
		out[c] = t->cells[r * t->n_cols + c];
	if (narrow && t->narrow && t->narrow[r])
		out[t->flex] = t->narrow[r];
}

static void text_table(struct strbuf *sb, const struct report_table *t, int cols)
{
	bool narrow = cols < 60;
	int gap = narrow ? 1 : 2;
	bool visible[REPORT_MAX_COLS];
	int width[REPORT_MAX_COLS], used = 0, n_vis = 0;
	for (int c = 0; c < t->n_cols; c++) {
		visible[c] = !(narrow && (t->wide_only & (1u << c)));
		width[c] = 0;
		if (!visible[c])
			continue;
		n_vis++;
		if (c == t->flex)
			continue;
		if (t->head[0]) {
			char *h = document_keep_words(t->head[c]);
			width[c] = longest_word(h);
			free(h);
		}
		for (int r = 0; r < t->n_rows; r++) {
			int w = text_width(t->cells[r * t->n_cols + c]);
			if (w > width[c])
				width[c] = w;
		}
		/* numbers line up from one table to the next */
		if (!narrow && (t->right & (1u << c)) && width[c] < 9)
			width[c] = 9;
		used += width[c];
	}
	width[t->flex] = cols - used - gap * (n_vis - 1);
	if (width[t->flex] < 8)
		width[t->flex] = 8;

	text_block(sb, t->title, cols, false, 0);
	if (t->head[0]) {
		text_row(sb, t, t->head, width, visible, gap);
		rule(sb, cols, '-');
	}
	for (int r = 0; r < t->n_rows; r++) {
		if (t->last_is_total && r == t->n_rows - 1)
			rule(sb, cols, '-');
		const char *cells[REPORT_MAX_COLS];
		row_cells(t, r, narrow, cells);
		text_row(sb, t, cells, width, visible, gap);
	}
	if (t->note)
		text_block(sb, t->note, cols, false, 0);
}

/* Lines of two columns, each line centred in its column: the left one
 * `lw` wide, the right one the rest.  NULL ends a list. */
static void text_two(struct strbuf *sb, const char *const *left, const char *const *right, int lw,
                     int cols)
{
	int rw = cols - lw;
	for (int i = 0; left[i] || right[i]; i++) {
		const char *l = left[i] ? left[i] : "", *r = right[i] ? right[i] : "";
		char *lk = document_keep_words(l), *rk = document_keep_words(r);
		/* a line too long for its column is cut at a word boundary by wrapping;
		 * the rest goes on under it, in the same column */
		const char *pl = lk, *pr = rk, *sl, *sr;
		do {
			size_t nl = *pl ? wrap_take(&pl, lw - 1, &sl) : 0;
			size_t nr = *pr ? wrap_take(&pr, rw - 1, &sr) : 0;
			char *ls = xstrndup(nl ? sl : "", nl), *rs = xstrndup(nr ? sr : "", nr);
			int lwid = text_width(ls), rwid = text_width(rs);
			int lpad = (lw - lwid) / 2 > 0 ? (lw - lwid) / 2 : 0;
			int rpad = (rw - rwid) / 2 > 0 ? (rw - rwid) / 2 : 0;
			add_spaces(sb, lpad);
			sb_add(sb, ls);
			if (*rs) {
				add_spaces(sb, lw - lpad - lwid + rpad > 0 ? lw - lpad - lwid + rpad : 1);
				sb_add(sb, rs);
			}
			end_line(sb);
			free(ls);
			free(rs);
		} while (*pl || *pr);
		free(lk);
		free(rk);
	}
}

/* A rule of `n` columns, "—" characters. */
static char *dash_rule(int n)
{
	struct strbuf b;
	sb_init(&b);
	for (int i = 0; i < n; i++)
		sb_add(&b, "─");
	return sb_steal(&b);
}

/* The heading of the document form (A4): the bodies, the number and the
 * place and date on the left and right, as on paper. */
static void text_document_heading(const struct report *r, int cols, struct strbuf *sb)
{
	const struct report_doc *d = r->doc;
	char date[160];
	report_place_date(r, date, sizeof(date));
	int lw = cols * 2 / 5;
	const char *left[6] = {0}, *right[6] = {0};
	int nl = 0, nr = 0;
	if (!str_empty(d->governing))
		left[nl++] = d->governing;
	left[nl++] = d->issuing;
	bool state = d->form == FORM_STATE;
	char *lrule = dash_rule(6);
	left[nl++] = state ? lrule : "***";
	right[nr++] = d->right_top;
	char *rrule = dash_rule(text_width(!str_empty(d->right_motto) ? d->right_motto : d->right_top));
	if (!str_empty(d->right_motto))
		right[nr++] = d->right_motto;
	right[nr++] = rrule;
	/* the number and the place-and-date on one line */
	while (nl < nr)
		left[nl++] = "";
	while (nr < nl)
		right[nr++] = "";
	left[nl++] = d->number;
	right[nr++] = date;
	text_two(sb, left, right, lw, cols);
	free(lrule);
	free(rrule);
}

static void text_header(const struct report *r, int cols, struct strbuf *sb)
{
	char buf[512], when[32];
	bool document = cols >= 60 && r->doc;
	if (document)
		text_document_heading(r, cols, sb);
	else if (!str_empty(r->unit_name))
		text_block(sb, r->unit_name, cols, true, 0);
	sb_addc(sb, '\n');
	text_block(sb, report_title(r, buf, sizeof(buf)), cols, true, 0);
	text_block(sb, report_subtitle(buf, sizeof(buf)), cols, true, 0);
	text_block(sb, report_period_text(r, buf, sizeof(buf)), cols, true, 0);
	sb_addc(sb, '\n');
	if (!str_empty(r->unit_code)) {
		snprintf(buf, sizeof(buf), _("Unit code: %s"), r->unit_code);
		text_block(sb, buf, cols, false, 0);
	}
	snprintf(buf, sizeof(buf), _("Counter: %s"), r->counter ? r->counter : _("all counters"));
	text_block(sb, buf, cols, false, 0);
	if (r->staff_filter) {
		snprintf(buf, sizeof(buf), _("Staff member: %s"), r->staff_filter);
		text_block(sb, buf, cols, false, 0);
	}
	report_datetime(r->generated_at, when, sizeof(when));
	if (r->prepared_by)
		snprintf(buf, sizeof(buf), _("Made at %s by %s"), when, r->prepared_by);
	else
		snprintf(buf, sizeof(buf), _("Made at %s"), when);
	text_block(sb, buf, cols, false, 0);
	if (!document) /* a receipt is no document to sign and file */
		text_block(sb, _("Quick view, not for signing"), cols, false, 0);
	rule(sb, cols, '=');
}

/* "Nơi nhận:" and its list, "- A;" ... "- C." */
static void text_recipients(const struct report_doc *d, int cols, struct strbuf *sb)
{
	if (!d || d->n_recipients == 0)
		return;
	sb_addc(sb, '\n');
	text_block(sb, _("Recipients:"), cols, false, 0);
	for (int i = 0; i < d->n_recipients; i++) {
		char *line = xasprintf("- %s%s", d->recipients[i], i + 1 < d->n_recipients ? ";" : ".");
		text_block(sb, line, cols, false, 0);
		free(line);
	}
}

/* The signature block: side by side on A4, one under the other on a
 * receipt.  Left the preparer (the shift's volunteer, or a blank to sign
 * and write by hand), right the confirming authority, as in Vietnamese
 * administrative documents; the titles are [report] signer_*. */
static void text_signatures(const struct report *r, int cols, struct strbuf *sb)
{
	const struct report_doc *d = r->doc;
	const char *hint = _("(signature, full name)");
	const char *name = r->prepared_by ? r->prepared_by : "";
	const char *left_title = d ? d->signer_left : _("PREPARED BY");
	const char *right_title = d ? d->signer_right : "";
	const char *right_sub = d ? d->signer_right_title : "";
	const char *right_name = d ? d->signer_right_name : "";
	sb_addc(sb, '\n');
	if (cols >= 60) {
		const char *left[] = {left_title, hint, NULL, NULL};
		const char *right[] = {right_title, str_empty(right_sub) ? hint : right_sub,
		                       str_empty(right_sub) ? NULL : hint, NULL};
		int lw = cols / 2;
		text_two(sb, left, right, lw, cols);
		sb_add(sb, "\n\n\n\n");
		const char *ln[] = {name, NULL}, *rn[] = {right_name, NULL};
		text_two(sb, ln, rn, lw, cols);
		text_recipients(d, cols, sb);
		return;
	}
	char date[160];
	report_place_date(r, date, sizeof(date));
	text_block(sb, date, cols, true, 0);
	text_block(sb, left_title, cols, true, 0);
	text_block(sb, hint, cols, true, 0);
	sb_add(sb, "\n\n\n");
	if (*name)
		text_block(sb, name, cols, true, 0);
	sb_addc(sb, '\n');
	if (!str_empty(right_title))
		text_block(sb, right_title, cols, true, 0);
	if (!str_empty(right_sub))
		text_block(sb, right_sub, cols, true, 0);
	text_block(sb, hint, cols, true, 0);
	sb_add(sb, "\n\n\n");
	if (!str_empty(right_name))
		text_block(sb, right_name, cols, true, 0);
	text_recipients(d, cols, sb);
}

void report_write_text(const struct report *r, int cols, struct strbuf *sb)
{
	if (cols < 24)
		cols = 24;
	size_t start = sb->len;
	text_header(r, cols, sb);
	struct report_layout l;
	report_layout(r, &l);
	for (int i = 0; i < l.n_tables; i++) {
		sb_addc(sb, '\n');
		text_table(sb, &l.tables[i], cols);
	}
	report_layout_done(&l);
	text_signatures(r, cols, sb);
	/* the no-break spaces that kept words whole are plain spaces on paper */
	if (sb->buf) {
		document_plain_spaces(sb->buf + start);
		sb->len = start + strlen(sb->buf + start);
	}
}
