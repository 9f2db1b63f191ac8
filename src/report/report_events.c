/* The events part of every report. */
#include "report/report_events.h"

#include <stdio.h>
#include <string.h>

#include "format/csv.h"
#include "util/i18n.h"

enum status report_events_run(struct db *db, struct report *r)
{
	status_clear();
	return event_totals(db, r->filter.from_day, r->filter.to_day, r->filter.staff_id,
	                    &r->events);
}

static struct report_table *table(struct report_layout *l, const char *title, int n_cols)
{
	l->tables = xrealloc(l->tables, (size_t)(l->n_tables + 1) * sizeof(*l->tables));
	struct report_table *t = &l->tables[l->n_tables++];
	memset(t, 0, sizeof(*t));
	t->title = xstrdup(title);
	t->n_cols = n_cols;
	return t;
}

static void row2(struct report_table *t, const char *label, long n)
{
	char num[32];
	report_number(n, num, sizeof num);
	t->cells = xrealloc(t->cells, (size_t)(t->n_rows + 1) * 2 * sizeof(char *));
	t->cells[t->n_rows * 2] = xstrdup(label);
	t->cells[t->n_rows * 2 + 1] = xstrdup(num);
	t->n_rows++;
}

void report_events_layout(const struct report *r, struct report_layout *l)
{
	const struct event_totals *e = &r->events;
	char label[160];
	if (report_one_page(r) && e->count == 0)
		return;
	struct report_table *t = table(l, _("OUTREACH AND TRAINING"), 2);
	t->head[0] = _("Item");
	t->head[1] = _("Number");
	t->right = 2;
	t->flex = 0;
	row2(t, _("Events"), e->count);
	for (int k = 0; k < EV__COUNT; k++) {
		if (!e->by_kind[k])
			continue;
		snprintf(label, sizeof label, _("of which %s"),
		         event_kind_label((enum event_kind)k));
		row2(t, label, e->by_kind[k]);
	}
	static const char *const caps[EF__COUNT] = {
	    N_("Attendees"), N_("Households visited"), N_("Leaflets handed out"),
	    N_("Accounts opened"), N_("Dossiers filed on the spot")};
	for (int i = 0; i < EF__COUNT; i++)
		row2(t, _(caps[i]), e->figures[i]);
}

void report_events_json(const struct report *r, struct strbuf *sb)
{
	const struct event_totals *e = &r->events;
	sb_addf(sb, ",\n  \"events\": {\"count\": %ld", e->count);
	for (int i = 0; i < EF__COUNT; i++)
		sb_addf(sb, ", \"%s\": %ld", event_figure_key((enum event_figure)i), e->figures[i]);
	sb_add(sb, ", \"by_kind\": {");
	for (int k = 0; k < EV__COUNT; k++)
		sb_addf(sb, "%s\"%s\": %ld", k ? ", " : "", event_kind_key((enum event_kind)k),
		        e->by_kind[k]);
	sb_add(sb, "}}");
}

static void csv_line(struct strbuf *sb, const char *section, const char *key, const char *name,
                     long n)
{
	char v[32];
	snprintf(v, sizeof v, "%ld", n);
	csv_put(sb, section);
	csv_sep(sb);
	csv_put(sb, key);
	csv_sep(sb);
	csv_put(sb, name);
	csv_sep(sb);
	csv_put(sb, v);
	csv_eol(sb);
}

void report_events_csv(const struct report *r, struct strbuf *sb)
{
	const struct event_totals *e = &r->events;
	csv_line(sb, "event", "count", _("Events"), e->count);
	for (int i = 0; i < EF__COUNT; i++)
		csv_line(sb, "event", event_figure_key((enum event_figure)i),
		         event_figure_label((enum event_figure)i), e->figures[i]);
	for (int k = 0; k < EV__COUNT; k++)
		csv_line(sb, "event_kind", event_kind_key((enum event_kind)k),
		         event_kind_label((enum event_kind)k), e->by_kind[k]);
}
