/* Running totals (screens/totals.h). */
#include "totals.h"

#include <string.h>

void ui_totals_add(struct ui_totals *t, const struct visit *v)
{
	if (v->voided_at) {
		t->voided++;
		return;
	}
	t->visits++;
	for (int s = 0; s < SVC__COUNT; s++)
		if (v->services & (1u << s))
			t->services[s]++;
	for (int g = 0; g < GRP__COUNT; g++)
		if (v->groups & (1u << g))
			t->groups[g]++;
	if (!v->procedure_code[0])
		t->guidance++;
}

static bool count(const struct visit_row *row, void *ctx)
{
	ui_totals_add(ctx, &row->v);
	return true;
}

/* counts_only: the counter reads a day of a busy centre when it opens. */
enum status ui_totals_shift(struct db *db, int64_t shift_id, struct ui_totals *t)
{
	memset(t, 0, sizeof *t);
	struct visit_filter f = {.shift_id = shift_id, .include_voided = true, .counts_only = true};
	return visit_list(db, &f, count, t);
}

enum status ui_totals_day(struct db *db, int day, struct ui_totals *t)
{
	memset(t, 0, sizeof *t);
	struct visit_filter f = {
	    .from_day = day, .to_day = day, .include_voided = true, .counts_only = true};
	return visit_list(db, &f, count, t);
}

bool ui_can_change(const struct ui_context *ctx, const struct visit *v)
{
	if (!ctx->have_staff)
		return false;
	if (ctx->staff.role == ROLE_SUPERVISOR)
		return true;
	return ctx->have_shift && v->staff_id == ctx->staff.id && v->shift_id == ctx->shift.id;
}
