/* The cairo and pango functions the PDF rendering uses, loaded from
 * libpangocairo when the first PDF is made (see pdf.c: linked in, every
 * dvcdesk process paid for forty libraries it mostly never uses).  The
 * headers still give every call its checked prototype: call them as
 * pdf_lib.cairo_create(...) after pdf_lib_load() returned ST_OK. */
#ifndef DVCDESK_PDF_LIB_H
#define DVCDESK_PDF_LIB_H

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <stdbool.h>

#include "util/status.h"

/* The library to load; its dependencies bring cairo, pango, gobject, glib. */
#define PDF_LIBRARY "libpangocairo-1.0.so.0"

#define PDF_FUNCTIONS(_)                                                                           \
	_(cairo_create)                                                                            \
	_(cairo_destroy)                                                                           \
	_(cairo_fill)                                                                              \
	_(cairo_line_to)                                                                           \
	_(cairo_move_to)                                                                           \
	_(cairo_pdf_surface_create_for_stream)                                                     \
	_(cairo_pdf_surface_set_metadata)                                                          \
	_(cairo_rectangle)                                                                         \
	_(cairo_set_line_width)                                                                    \
	_(cairo_set_source_rgb)                                                                    \
	_(cairo_show_page)                                                                         \
	_(cairo_status_to_string)                                                                  \
	_(cairo_stroke)                                                                            \
	_(cairo_surface_destroy)                                                                   \
	_(cairo_surface_finish)                                                                    \
	_(cairo_surface_status)                                                                    \
	_(g_free)                                                                                  \
	_(g_object_unref)                                                                          \
	_(g_utf8_strup)                                                                            \
	_(pango_attr_list_insert)                                                                  \
	_(pango_attr_list_new)                                                                     \
	_(pango_attr_list_unref)                                                                   \
	_(pango_attr_underline_new)                                                                \
	_(pango_cairo_font_map_new)                                                                \
	_(pango_cairo_show_layout)                                                                 \
	_(pango_cairo_update_context)                                                              \
	_(pango_font_description_free)                                                             \
	_(pango_font_description_new)                                                              \
	_(pango_font_description_set_absolute_size)                                                \
	_(pango_font_description_set_family)                                                       \
	_(pango_font_description_set_style)                                                        \
	_(pango_font_description_set_weight)                                                       \
	_(pango_font_map_create_context)                                                           \
	_(pango_layout_get_size)                                                                   \
	_(pango_layout_new)                                                                        \
	_(pango_layout_set_alignment)                                                              \
	_(pango_layout_set_attributes)                                                             \
	_(pango_layout_set_font_description)                                                       \
	_(pango_layout_set_text)                                                                   \
	_(pango_layout_set_width)                                                                  \
	_(pango_layout_set_wrap)

/* One pointer per function, typed from its own prototype. */
#define PDF_POINTER(name) __typeof__(name) *name;
struct pdf_lib {
	bool loaded;
	PDF_FUNCTIONS(PDF_POINTER)
};
#undef PDF_POINTER
extern struct pdf_lib pdf_lib;

/* Load the library once per process (it stays: unloading glib is unsafe).
 * ST_IO with a detail naming the package when it cannot be loaded. */
enum status pdf_lib_load(void);

#endif
