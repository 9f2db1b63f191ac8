/* PDF rendering of a report with cairo and pango.  The document is laid out
 * twice with the same code: the first pass, into a PDF that is thrown away,
 * counts the pages (A4: "page 1 of N") or measures the height (receipts);
 * the second pass writes the real file.
 *
 * cairo and pango bring some forty libraries (glib, fontconfig, freetype,
 * harfbuzz, X11...): linked in, every dvcdesk process paid about 18 ms of
 * CPU and 5 MiB to load and relocate them, four times what drawing a QR
 * code costs, although only a printout or `report --format pdf` uses them.
 * So the binary is not linked against them: the first PDF loads
 * libpangocairo (which needs the rest) and takes the few functions below
 * from it.  The headers still give every call its checked prototype. */
#include "report/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/document.h"
#include "report/pdf_lib.h"
#include "util/i18n.h"

#define MM         (72.0 / 25.4)
#define FONT       "DejaVu Sans"
#define FONT_SERIF "DejaVu Serif"

struct pdf {
	const struct report *r;
	const struct report_doc *doc; /* r->doc, or own_doc */
	struct report_doc *own_doc;
	enum paper paper;
	bool receipt;
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontMap *fonts; /* shared by the passes of one document */
	double page_w, page_h;
	double left, right, top, bottom; /* margins (left: of the column being drawn) */
	double margin_left;              /* the page's left margin */
	double width;                    /* page_w - left - right */
	double y;
	double body, small; /* font sizes */
	/* A4 page that must hold the whole report (report_one_page()): tighter
	 * spacing, the narrow count tables two abreast, and only the
	 * `top_procedures` most used procedures listed (-1: all) when all do not fit. */
	bool compact;
	int top_procedures;
	const char *face;
	const struct pdf_document *gen; /* pdf_document(): its title and tables instead */
	int page, pages; /* pages: from the first pass, 0 during it */
};

enum { ALIGN_LEFT, ALIGN_CENTRE, ALIGN_RIGHT };
enum { F_BOLD = 1, F_ITALIC = 2, F_UNDERLINE = 4, F_GREY = 8 };

/* Lay out s in a box `w` wide at (x, y); draw it when `draw`.  Returns the
 * height. */
static double text_box(struct pdf *p, const char *s, double x, double y, double w, double size,
                       unsigned flags, int align, bool draw)
{
	PangoFontDescription *fd = pdf_lib.pango_font_description_new();
	pdf_lib.pango_font_description_set_family(fd, p->face);
	pdf_lib.pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pdf_lib.pango_font_description_set_weight(fd, flags & F_BOLD ? PANGO_WEIGHT_BOLD
	                                                         : PANGO_WEIGHT_NORMAL);
	pdf_lib.pango_font_description_set_style(fd, flags & F_ITALIC ? PANGO_STYLE_ITALIC
	                                                          : PANGO_STYLE_NORMAL);
	pdf_lib.pango_layout_set_font_description(p->lay, fd);
	pdf_lib.pango_font_description_free(fd);
	PangoAttrList *attrs = pdf_lib.pango_attr_list_new();
	if (flags & F_UNDERLINE)
		pdf_lib.pango_attr_list_insert(attrs,
		                           pdf_lib.pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
	pdf_lib.pango_layout_set_attributes(p->lay, attrs);
	pdf_lib.pango_attr_list_unref(attrs);
	pdf_lib.pango_layout_set_width(p->lay, (int)(w * PANGO_SCALE));
	pdf_lib.pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
	pdf_lib.pango_layout_set_alignment(p->lay, align == ALIGN_CENTRE  ? PANGO_ALIGN_CENTER
	                                       : align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
	                                                              : PANGO_ALIGN_LEFT);
	/* the syllables of a word stay on one line ("hành chính") */
	char *kept = document_keep_words(s);
	pdf_lib.pango_layout_set_text(p->lay, kept, -1);
	free(kept);
	int pw, ph;
	pdf_lib.pango_layout_get_size(p->lay, &pw, &ph);
	if (draw) {
		double g = flags & F_GREY ? 0.35 : 0.0;
		pdf_lib.cairo_set_source_rgb(p->cr, g, g, g);
		pdf_lib.cairo_move_to(p->cr, x, y);
		pdf_lib.pango_cairo_show_layout(p->cr, p->lay);
	}
	return (double)ph / PANGO_SCALE;
}

/* Natural (unwrapped) width of s. */
static double text_natural(struct pdf *p, const char *s, double size, unsigned flags)
{
	text_box(p, s, 0, 0, -1, size, flags, ALIGN_LEFT, false);
	pdf_lib.pango_layout_set_width(p->lay, -1);
	int pw, ph;
	pdf_lib.pango_layout_get_size(p->lay, &pw, &ph);
	return (double)pw / PANGO_SCALE;
}

static void footer(struct pdf *p)
{
	char when[32], buf[256], pg[64];
	report_datetime(p->r->generated_at, when, sizeof(when));
	if (p->receipt) {
		snprintf(buf, sizeof(buf), _("Made with dvcdesk at %s"), when);
		p->y += 4;
		p->y +=
		    text_box(p, buf, p->left, p->y, p->width, p->small, F_GREY, ALIGN_CENTRE, true);
		return;
	}
	/* the page's own margins: a page may end inside table_pair() */
	double left = p->margin_left, width = p->page_w - p->margin_left - p->right;
	snprintf(buf, sizeof(buf), _("Made with dvcdesk at %s"), when);
	snprintf(pg, sizeof(pg), _("Page %d of %d"), p->page, p->pages ? p->pages : p->page);
	double y = p->page_h - p->bottom + 10;
	pdf_lib.cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	pdf_lib.cairo_set_line_width(p->cr, 0.4);
	pdf_lib.cairo_move_to(p->cr, left, y - 3);
	pdf_lib.cairo_line_to(p->cr, p->page_w - p->right, y - 3);
	pdf_lib.cairo_stroke(p->cr);
	text_box(p, buf, left, y, width, p->small, F_GREY, ALIGN_LEFT, true);
	text_box(p, pg, left, y, width, p->small, F_GREY, ALIGN_RIGHT, true);
}

static void new_page(struct pdf *p)
{
	footer(p);
	pdf_lib.cairo_show_page(p->cr);
	p->page++;
	p->y = p->top;
}

/* Start a new page unless `h` more points fit on this one.  Receipts are
 * one page as long as the content. */
static void need(struct pdf *p, double h)
{
	if (!p->receipt && p->y + h > p->page_h - p->bottom)
		new_page(p);
}

static void hline(struct pdf *p, double x0, double x1, double y, double width)
{
	pdf_lib.cairo_set_source_rgb(p->cr, 0, 0, 0);
	pdf_lib.cairo_set_line_width(p->cr, width);
	pdf_lib.cairo_move_to(p->cr, x0, y);
	pdf_lib.cairo_line_to(p->cr, x1, y);
	pdf_lib.cairo_stroke(p->cr);
}

static void para(struct pdf *p, const char *s, double size, unsigned flags, int align)
{
	double h = text_box(p, s, p->left, p->y, p->width, size, flags, align, false);
	need(p, h);
	p->y += text_box(p, s, p->left, p->y, p->width, size, flags, align, true);
}

/* The two-column heading of a Vietnamese administrative document: the
 * unit on the left, the national motto and the place and date on the
 * right (Decree 30/2020/NĐ-CP layout). */
static void a4_heading(struct pdf *p)
{
	const struct report *r = p->r;
	const struct report_doc *d = p->doc;
	double lw = p->width * 0.42, rx = p->left + p->width * 0.40, rw = p->width * 0.60;
	double y = p->y, yl = y, yr = y;
	/* left: the governing body, the issuing body in bold, a rule or the
	 * Youth Union's "***", the number */
	if (!str_empty(d->governing))
		yl += text_box(p, d->governing, p->left, yl, lw, p->body, 0, ALIGN_CENTRE, true);
	yl += text_box(p, d->issuing, p->left, yl, lw, p->body, F_BOLD, ALIGN_CENTRE, true);
	if (d->form == FORM_STATE) {
		hline(p, p->left + lw * 0.35, p->left + lw * 0.65, yl + 2, 0.6);
		yl += 6;
	} else {
		yl += text_box(p, "***", p->left, yl, lw, p->body, 0, ALIGN_CENTRE, true);
	}
	double yl_number = yl;

	/* right: the national motto (state) or the Youth Union's name,
	 * underlined, then the place and date */
	if (d->form == FORM_STATE) {
		yr += text_box(p, d->right_top, rx, yr, rw, p->body, F_BOLD, ALIGN_CENTRE, true);
		yr += text_box(p, d->right_motto, rx, yr, rw, p->body + 0.5, F_BOLD, ALIGN_CENTRE,
		               true);
		double mw = text_natural(p, d->right_motto, p->body + 0.5, F_BOLD);
		hline(p, rx + (rw - mw) / 2, rx + (rw + mw) / 2, yr + 2, 0.6);
	} else {
		yr += text_box(p, d->right_top, rx, yr, rw, p->body + 0.5, F_BOLD | F_UNDERLINE,
		               ALIGN_CENTRE, true);
	}
	yr += 8;
	/* the number and the place-and-date on one line */
	double line = yl_number > yr ? yl_number : yr;
	yl = line + text_box(p, d->number, p->left, line, lw, p->body, 0, ALIGN_CENTRE, true);
	char date[160];
	report_place_date(r, date, sizeof(date));
	yr = line + text_box(p, date, rx, line, rw, p->body, F_ITALIC, ALIGN_CENTRE, true);
	p->y = (yl > yr ? yl : yr) + (p->compact ? 10 : 18);
}

static void title_block(struct pdf *p)
{
	const struct report *r = p->r;
	char buf[512];
	if (p->receipt) {
		if (!str_empty(r->unit_name))
			para(p, r->unit_name, p->body, F_BOLD, ALIGN_CENTRE);
		if (!str_empty(r->unit_code)) {
			snprintf(buf, sizeof(buf), _("Unit code: %s"), r->unit_code);
			para(p, buf, p->small, 0, ALIGN_CENTRE);
		}
		p->y += 4;
	} else {
		a4_heading(p);
	}
	if (p->gen) {
		para(p, p->gen->title, p->body + 4, F_BOLD, ALIGN_CENTRE);
		para(p, p->gen->subtitle, p->body, F_BOLD, ALIGN_CENTRE);
		p->y += 10;
		for (int i = 0; i < p->gen->n_lines; i++)
			para(p, p->gen->lines[i], p->body, 0, ALIGN_LEFT);
		return;
	}
	para(p, report_title(r, buf, sizeof(buf)), p->body + (p->receipt ? 2 : 4), F_BOLD,
	     ALIGN_CENTRE);
	para(p, report_subtitle(buf, sizeof(buf)), p->body, F_BOLD, ALIGN_CENTRE);
	para(p, report_period_text(r, buf, sizeof(buf)), p->body, F_ITALIC, ALIGN_CENTRE);
	p->y += p->receipt ? 4 : p->compact ? 6 : 10;

	if (!p->receipt && !str_empty(r->unit_code)) {
		snprintf(buf, sizeof(buf), _("Unit code: %s"), r->unit_code);
		para(p, buf, p->body, 0, ALIGN_LEFT);
	}
	snprintf(buf, sizeof(buf), _("Counter: %s"), r->counter ? r->counter : _("all counters"));
	para(p, buf, p->body, 0, ALIGN_LEFT);
	if (r->staff_filter) {
		snprintf(buf, sizeof(buf), _("Staff member: %s"), r->staff_filter);
		para(p, buf, p->body, 0, ALIGN_LEFT);
	}
	char when[32];
	report_datetime(r->generated_at, when, sizeof(when));
	if (r->prepared_by)
		snprintf(buf, sizeof(buf), _("Made at %s by %s"), when, r->prepared_by);
	else
		snprintf(buf, sizeof(buf), _("Made at %s"), when);
	para(p, buf, p->body, 0, ALIGN_LEFT);
}

static const char *const roman[] = {"I",  "II", "III", "IV",  "V",    "VI",  "VII", "VIII",
                                    "IX", "X",  "XI",  "XII", "XIII", "XIV", "XV"};

struct cols {
	bool visible[REPORT_MAX_COLS];
	double x[REPORT_MAX_COLS], w[REPORT_MAX_COLS];
};

static void table_columns(struct pdf *p, const struct report_table *t, double size, struct cols *c,
                          double padx)
{
	double used = 0;
	for (int i = 0; i < t->n_cols; i++) {
		c->visible[i] = !(p->receipt && (t->wide_only & (1u << i)));
		c->w[i] = 0;
		if (!c->visible[i])
			continue;
		if (i == t->flex)
			continue;
		double w = 0;
		if (t->head[0]) {
			/* headers may wrap at spaces: only their longest word counts
			 * (a word of several syllables is one) */
			char *h = document_keep_words(t->head[i]);
			for (char *tok = strtok(h, " "); tok; tok = strtok(NULL, " ")) {
				double tw = text_natural(p, tok, size, F_BOLD);
				if (tw > w)
					w = tw;
			}
			free(h);
		}
		for (int r = 0; r < t->n_rows; r++) {
			double tw =
			    text_natural(p, t->cells[r * t->n_cols + i], size,
			                 t->last_is_total && r == t->n_rows - 1 ? F_BOLD : 0);
			if (tw > w)
				w = tw;
		}
		c->w[i] = w + 2 * padx;
		/* numbers line up from one table to the next */
		double least = p->receipt ? 0 : p->width < 300 ? 40 : 58;
		if ((t->right & (1u << i)) && c->w[i] < least)
			c->w[i] = least;
		used += c->w[i];
	}
	c->w[t->flex] = p->width - used;
	if (c->w[t->flex] < 40)
		c->w[t->flex] = 40;
	double x = p->left;
	for (int i = 0; i < t->n_cols; i++) {
		c->x[i] = x;
		if (c->visible[i])
			x += c->w[i];
	}
}

/* One row of cells; returns its height.  Drawn only when `draw`. */
static double table_row(struct pdf *p, const struct report_table *t, const char *const *cells,
                        const struct cols *c, double size, unsigned flags, bool head, bool draw)
{
	double padx = p->receipt ? 2.0 : 4.0, pady = p->receipt ? 1.0 : p->compact ? 1.2 : 2.2;
	double h = 0;
	for (int i = 0; i < t->n_cols; i++) {
		if (!c->visible[i])
			continue;
		double ch = text_box(p, cells[i] ? cells[i] : "", 0, 0, c->w[i] - 2 * padx, size,
		                     flags, 0, false);
		if (ch > h)
			h = ch;
	}
	h += 2 * pady;
	if (!draw)
		return h;
	bool grid = !p->receipt;
	if (head && grid) {
		pdf_lib.cairo_set_source_rgb(p->cr, 0.90, 0.90, 0.90);
		pdf_lib.cairo_rectangle(p->cr, p->left, p->y, p->width, h);
		pdf_lib.cairo_fill(p->cr);
	}
	for (int i = 0; i < t->n_cols; i++) {
		if (!c->visible[i])
			continue;
		int align = head ? ALIGN_CENTRE : (t->right & (1u << i)) ? ALIGN_RIGHT : ALIGN_LEFT;
		text_box(p, cells[i] ? cells[i] : "", c->x[i] + padx, p->y + pady,
		         c->w[i] - 2 * padx, size, flags, align, true);
		if (grid) {
			pdf_lib.cairo_set_source_rgb(p->cr, 0, 0, 0);
			pdf_lib.cairo_set_line_width(p->cr, 0.5);
			pdf_lib.cairo_rectangle(p->cr, c->x[i], p->y, c->w[i], h);
			pdf_lib.cairo_stroke(p->cr);
		}
	}
	return h;
}

/* Row r's cells, the flex cell shorter on a receipt when the layout has
 * a short label for it. */
static const char *const *row_of(const struct pdf *p, const struct report_table *t, int r,
                                 const char **buf)
{
	for (int c = 0; c < t->n_cols; c++)
		buf[c] = t->cells[r * t->n_cols + c];
	if (p->receipt && t->narrow && t->narrow[r])
		buf[t->flex] = t->narrow[r];
	return buf;
}

/* Space above a table's title, and between the title and the table. */
static double gap_above(const struct pdf *p)
{
	return p->receipt || p->compact ? 5 : 8;
}

static double gap_below_title(const struct pdf *p)
{
	return p->receipt ? 1 : p->compact ? 2 : 4;
}

static void table_title(const struct pdf *p, const struct report_table *t, int number, char *buf,
                        size_t size)
{
	if (p->receipt)
		snprintf(buf, size, "%s", t->title);
	else
		snprintf(buf, size, "%s. %s", roman[number % 15], t->title);
}

static double table_size(const struct pdf *p)
{
	return p->receipt ? p->small : p->body - 0.5;
}

/* The height table() takes when no page break falls inside it. */
static double table_height(struct pdf *p, const struct report_table *t, int number)
{
	double size = table_size(p);
	struct cols c;
	table_columns(p, t, size, &c, p->receipt ? 2.0 : 4.0);
	char title[256];
	table_title(p, t, number, title, sizeof(title));
	double h = gap_above(p) + gap_below_title(p) +
	           text_box(p, title, p->left, 0, p->width, p->body, F_BOLD, ALIGN_LEFT, false);
	if (t->head[0])
		h += table_row(p, t, t->head, &c, size, F_BOLD, true, false);
	for (int r = 0; r < t->n_rows; r++) {
		bool total = t->last_is_total && r == t->n_rows - 1;
		const char *cells[REPORT_MAX_COLS];
		h += table_row(p, t, row_of(p, t, r, cells), &c, size, total ? F_BOLD : 0, false,
		               false);
	}
	if (t->note)
		h += 2 + text_box(p, t->note, p->left, 0, p->width, size, F_ITALIC, ALIGN_LEFT, false);
	return h;
}

static void table(struct pdf *p, const struct report_table *t, int number)
{
	double size = table_size(p);
	struct cols c;
	table_columns(p, t, size, &c, p->receipt ? 2.0 : 4.0);

	char title[256];
	table_title(p, t, number, title, sizeof(title));
	double th = text_box(p, title, p->left, 0, p->width, p->body, F_BOLD, ALIGN_LEFT, false);
	double hh = t->head[0] ? table_row(p, t, t->head, &c, size, F_BOLD, true, false) : 0;
	const char *cells[REPORT_MAX_COLS];
	double r0 = t->n_rows ? table_row(p, t, row_of(p, t, 0, cells), &c, size, 0, false, false)
	                      : 0;
	p->y += gap_above(p);
	/* keep the title with the header and a first row */
	need(p, th + gap_below_title(p) + hh + r0);
	p->y += text_box(p, title, p->left, p->y, p->width, p->body, F_BOLD, ALIGN_LEFT, true);
	p->y += gap_below_title(p);
	if (t->head[0]) {
		p->y += table_row(p, t, t->head, &c, size, F_BOLD, true, true);
		if (p->receipt)
			hline(p, p->left, p->page_w - p->right, p->y, 0.4);
	}
	for (int r = 0; r < t->n_rows; r++) {
		const char *const *row = row_of(p, t, r, cells);
		bool total = t->last_is_total && r == t->n_rows - 1;
		unsigned flags = total ? F_BOLD : 0;
		double h = table_row(p, t, row, &c, size, flags, false, false);
		if (!p->receipt && p->y + h > p->page_h - p->bottom) {
			new_page(p);
			if (t->head[0])
				p->y += table_row(p, t, t->head, &c, size, F_BOLD, true, true);
		}
		if (total && p->receipt)
			hline(p, p->left, p->page_w - p->right, p->y, 0.4);
		p->y += table_row(p, t, row, &c, size, flags, false, true);
	}
	if (t->note) {
		p->y += 2;
		para(p, t->note, size, F_ITALIC, ALIGN_LEFT);
	}
}

/* On a compact page, a count table without a header row (a list of
 * services, groups, channels or outcomes) is narrow enough to share its
 * line with the next one. */
static bool pairable(const struct pdf *p, const struct report_table *t)
{
	/* (the share column that receipts leave out is no obstacle on A4) */
	return p->compact && t->n_cols == 3 && t->flex == 0 && !t->head[0] && !t->note &&
	       (t->wide_only & ~4u) == 0;
}

/* Tables a and b side by side, each in half the width, kept together. */
static void table_pair(struct pdf *p, const struct report_table *a, int na,
                       const struct report_table *b, int nb)
{
	double left = p->left, width = p->width, gap = 14, half = (width - gap) / 2;
	p->width = half;
	double ha = table_height(p, a, na), hb = table_height(p, b, nb);
	p->width = width;
	need(p, ha > hb ? ha : hb); /* with the full width: a new page draws its footer */
	double y0 = p->y;
	p->width = half;
	table(p, a, na);
	double ya = p->y;
	p->y = y0;
	p->left = left + half + gap;
	table(p, b, nb);
	double yb = p->y;
	p->left = left;
	p->width = width;
	p->y = ya > yb ? ya : yb;
}

/* "Nơi nhận:" and its list at the bottom left, in a smaller type. */
static void recipients(struct pdf *p, double width)
{
	const struct report_doc *d = p->doc;
	if (d->n_recipients == 0)
		return;
	double h = text_box(p, _("Recipients:"), p->left, 0, width, p->body, F_BOLD | F_ITALIC,
	                    ALIGN_LEFT, false);
	need(p, h * (1 + d->n_recipients));
	p->y += text_box(p, _("Recipients:"), p->left, p->y, width, p->body, F_BOLD | F_ITALIC,
	                 ALIGN_LEFT, true);
	for (int i = 0; i < d->n_recipients; i++) {
		char *line =
		    xasprintf("- %s%s", d->recipients[i], i + 1 < d->n_recipients ? ";" : ".");
		p->y += text_box(p, line, p->left, p->y, width, p->small, 0, ALIGN_LEFT, true);
		free(line);
	}
}

/* Left the preparer (the shift's volunteer, or blank to write by hand),
 * right the confirming authority with the titles of [report] signer_*. */
static void signatures(struct pdf *p)
{
	const struct report *r = p->r;
	const struct report_doc *d = p->doc;
	const char *hint = _("(signature, full name)");
	const char *name = r->prepared_by ? r->prepared_by : "";
	if (p->receipt) {
		char date[160];
		report_place_date(r, date, sizeof(date));
		p->y += 8;
		para(p, date, p->small, F_ITALIC, ALIGN_CENTRE);
		p->y += 4;
		para(p, d->signer_left, p->body, F_BOLD, ALIGN_CENTRE);
		para(p, hint, p->small, F_ITALIC, ALIGN_CENTRE);
		p->y += 36;
		if (*name)
			para(p, name, p->body, F_BOLD, ALIGN_CENTRE);
		p->y += 8;
		para(p, d->signer_right, p->body, F_BOLD, ALIGN_CENTRE);
		if (!str_empty(d->signer_right_title))
			para(p, d->signer_right_title, p->body, F_BOLD, ALIGN_CENTRE);
		para(p, hint, p->small, F_ITALIC, ALIGN_CENTRE);
		p->y += 36;
		if (!str_empty(d->signer_right_name))
			para(p, d->signer_right_name, p->body, F_BOLD, ALIGN_CENTRE);
		recipients(p, p->width);
		return;
	}
	double blank = p->compact ? 44 : 60; /* room to sign */
	double half = p->width / 2, block = 14 + 4 * p->body * 1.4 + blank;
	p->y += p->compact ? 10 : 18;
	need(p, block);
	double yl = p->y, yr = p->y;
	yl += text_box(p, d->signer_left, p->left, yl, half, p->body, F_BOLD, ALIGN_CENTRE, true);
	yl += text_box(p, hint, p->left, yl, half, p->body - 1, F_ITALIC, ALIGN_CENTRE, true);
	double xr = p->left + half;
	yr += text_box(p, d->signer_right, xr, yr, half, p->body, F_BOLD, ALIGN_CENTRE, true);
	if (!str_empty(d->signer_right_title))
		yr += text_box(p, d->signer_right_title, xr, yr, half, p->body, F_BOLD, ALIGN_CENTRE,
		               true);
	yr += text_box(p, hint, xr, yr, half, p->body - 1, F_ITALIC, ALIGN_CENTRE, true);
	double names = (yl > yr ? yl : yr) + blank;
	yl = names, yr = names;
	if (*name)
		yl += text_box(p, name, p->left, yl, half, p->body, F_BOLD, ALIGN_CENTRE, true);
	if (!str_empty(d->signer_right_name))
		yr += text_box(p, d->signer_right_name, xr, yr, half, p->body, F_BOLD,
		               ALIGN_CENTRE, true);
	p->y = (yl > yr ? yl : yr) + (d->n_recipients ? 12 : 0);
	recipients(p, half);
}

static void document(struct pdf *p)
{
	p->page = 1;
	p->y = p->top;
	title_block(p);
	struct report_layout own = {NULL, 0};
	const struct report_layout *l = p->gen ? p->gen->layout : &own;
	if (!p->gen)
		report_layout_top(p->r, p->top_procedures, &own);
	for (int i = 0; i < l->n_tables; i++) {
		if (i + 1 < l->n_tables && pairable(p, &l->tables[i]) &&
		    pairable(p, &l->tables[i + 1])) {
			table_pair(p, &l->tables[i], i, &l->tables[i + 1], i + 1);
			i++;
		} else {
			table(p, &l->tables[i], i);
		}
	}
	if (!p->gen)
		report_layout_done(&own);
	signatures(p);
	footer(p);
	pdf_lib.cairo_show_page(p->cr);
}

static cairo_status_t to_strbuf(void *closure, const unsigned char *data, unsigned int length)
{
	if (closure)
		sb_addn(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

static void setup(struct pdf *p, const struct report *r, enum paper paper)
{
	memset(p, 0, sizeof(*p));
	p->r = r;
	p->doc = r->doc;
	if (!p->doc)
		p->doc = p->own_doc = document_default();
	p->paper = paper;
	p->receipt = paper != PAPER_A4;
	p->compact = !p->receipt && report_one_page(r);
	p->top_procedures = -1;
	p->face = FONT;
	if (paper == PAPER_A4) {
		/* Decree 30/2020: left 30-35 mm, right 15-20 mm, top and bottom 20-25 mm */
		p->page_w = PDF_A4_WIDTH;
		p->page_h = PDF_A4_HEIGHT;
		p->left = 30 * MM;
		p->right = 15 * MM;
		p->top = 20 * MM;
		p->bottom = 20 * MM;
		p->body = 10.5;
		p->small = 8;
	} else {
		/* 80 mm rolls print 72 mm, 58 mm rolls about 48 mm */
		p->page_w = paper == PAPER_80MM ? PDF_80MM_WIDTH : PDF_58MM_WIDTH;
		p->page_h = 20000;
		p->left = p->right = (paper == PAPER_80MM ? 4 : 5) * MM;
		p->top = 3 * MM;
		p->bottom = 4 * MM;
		p->body = paper == PAPER_80MM ? 8.5 : 7;
		p->small = paper == PAPER_80MM ? 7 : 6;
	}
	p->width = p->page_w - p->left - p->right;
	p->margin_left = p->left;
}

/* One pass: lay the document out on a PDF surface writing to `out` (NULL:
 * thrown away). */
static enum status pass(struct pdf *p, struct strbuf *out)
{
	cairo_surface_t *s =
	    pdf_lib.cairo_pdf_surface_create_for_stream(to_strbuf, out, p->page_w, p->page_h);
	char title[512], period[256];
	if (p->gen)
		str_copy(title, sizeof(title), p->gen->title);
	else
		report_title(p->r, title, sizeof(title));
	report_period_text(p->r, period, sizeof(period));
	size_t tl = strlen(title);
	snprintf(title + tl, sizeof(title) - tl, " — %s", period);
	pdf_lib.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	pdf_lib.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "dvcdesk " VERSION);
	if (p->r->prepared_by)
		pdf_lib.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, p->r->prepared_by);
	p->cr = pdf_lib.cairo_create(s);
	PangoContext *ctx = pdf_lib.pango_font_map_create_context(p->fonts);
	pdf_lib.pango_cairo_update_context(p->cr, ctx);
	p->lay = pdf_lib.pango_layout_new(ctx);
	document(p);
	pdf_lib.g_object_unref(p->lay);
	pdf_lib.g_object_unref(ctx);
	pdf_lib.cairo_destroy(p->cr);
	pdf_lib.cairo_surface_finish(s);
	cairo_status_t cs = pdf_lib.cairo_surface_status(s);
	pdf_lib.cairo_surface_destroy(s);
	p->cr = NULL;
	p->lay = NULL;
	if (cs != CAIRO_STATUS_SUCCESS)
		return status_fail(ST_IO, _("the PDF could not be made: %s"),
		                   pdf_lib.cairo_status_to_string(cs));
	return ST_OK;
}

static enum status measure(struct pdf *p)
{
	p->pages = 0;
	enum status st = pass(p, NULL);
	if (st != ST_OK)
		return st;
	if (p->receipt)
		p->page_h = p->y + p->bottom;
	else
		p->pages = p->page;
	return ST_OK;
}

/* cairo marks every page as a transparency group.  Nothing on these pages
 * is transparent, but the mark alone makes CUPS's PostScript path
 * (pdftops with Ghostscript) rasterise whole pages: a printer then gets
 * 300 dpi images instead of text in embedded fonts.  Blank the mark out
 * (same length, so the cross-reference offsets stay right). */
static void drop_page_groups(struct strbuf *pdf, size_t from)
{
	static const char group[] = "   /Group <<\n      /Type /Group\n      /S /Transparency\n"
	                            "      /I true\n      /CS /DeviceRGB\n   >>\n";
	size_t n = sizeof(group) - 1;
	for (char *at = memmem(pdf->buf + from, pdf->len - from, group, n); at;
	     at = memmem(at + n, pdf->len - (size_t)(at + n - pdf->buf), group, n)) {
		memset(at, ' ', n - 1);
	}
}

/* A compact page that overflows lists fewer procedures: the most that
 * still fit on one page, found by halving (a pass is a few milliseconds).
 * When none fit, all go in the one row: the shortest the page can be. */
static enum status fit_one_page(struct pdf *p)
{
	if (p->r->n_procedures < 2)
		return ST_OK; /* nothing to gain: "other procedures (1)" is as long */
	/* n - 1 would trade one row for an "other procedures (1)" row */
	int lo = 0, hi = p->r->n_procedures - 2, best = -1;
	while (lo <= hi) {
		p->top_procedures = lo + (hi - lo) / 2;
		enum status st = measure(p);
		if (st != ST_OK)
			return st;
		if (p->pages == 1) {
			best = p->top_procedures;
			lo = p->top_procedures + 1;
		} else {
			hi = p->top_procedures - 1;
		}
	}
	/* none fit: the shortest there is, the procedures all in one row */
	p->top_procedures = best < 0 ? 0 : best;
	return measure(p);
}

enum status pdf_report(const struct report *r, enum paper paper, struct strbuf *out, double *height)
{
	status_clear();
	struct pdf p;
	setup(&p, r, paper);
	if (height)
		*height = p.page_h;
	size_t start = out->len;
	enum status st = pdf_lib_load();
	if (st != ST_OK) {
		document_free(p.own_doc);
		return st;
	}
	/* A font map of our own for all the passes, freed after the document,
	 * rather than pango's per-thread default that lives (and holds
	 * fontconfig's sets) until exit.  One, not one a pass: each new map
	 * starts a thread that loads fontconfig's configuration again. */
	p.fonts = pdf_lib.pango_cairo_font_map_new();
	st = measure(&p);
	if (st == ST_OK && p.compact && p.pages > 1)
		st = fit_one_page(&p);
	if (st == ST_OK)
		st = pass(&p, out);
	pdf_lib.g_object_unref(p.fonts);
	p.fonts = NULL;
	document_free(p.own_doc);
	if (st == ST_OK)
		drop_page_groups(out, start);
	if (height)
		*height = p.page_h;
	return st;
}

enum status pdf_document(const struct report *r, const struct pdf_document *d, struct strbuf *out)
{
	status_clear();
	struct pdf p;
	setup(&p, r, PAPER_A4);
	p.gen = d;
	p.compact = false;
	size_t start = out->len;
	enum status st = pdf_lib_load();
	if (st != ST_OK)
		return st;
	p.fonts = pdf_lib.pango_cairo_font_map_new();
	st = measure(&p);
	if (st == ST_OK)
		st = pass(&p, out);
	pdf_lib.g_object_unref(p.fonts);
	p.fonts = NULL;
	if (st == ST_OK)
		drop_page_groups(out, start);
	return st;
}
