/* The loader of libpangocairo's functions (pdf_lib.h). */
#include "report/pdf_lib.h"

#include <dlfcn.h>
#include <string.h>

#include "util/i18n.h"

struct pdf_lib pdf_lib;

_Static_assert(sizeof(void (*)(void)) == sizeof(void *), "dlsym needs same-size pointers");

enum status pdf_lib_load(void)
{
	status_clear();
	if (pdf_lib.loaded)
		return ST_OK;
	void *h = dlopen(PDF_LIBRARY, RTLD_LAZY | RTLD_LOCAL);
	if (!h)
		return status_fail(ST_IO,
		                   _("the PDF could not be made: %s cannot be loaded (%s); install "
		                     "the package libpangocairo-1.0-0"),
		                   PDF_LIBRARY, dlerror());
	const char *missing = NULL;
	void *sym;
	/* memcpy: ISO C has no cast from the void * of dlsym to a function pointer. */
#define PDF_LOAD(name)                                                                             \
	if (!missing) {                                                                            \
		sym = dlsym(h, #name);                                                             \
		if (sym)                                                                           \
			memcpy(&pdf_lib.name, &sym, sizeof sym);                                       \
		else                                                                               \
			missing = #name;                                                           \
	}
	PDF_FUNCTIONS(PDF_LOAD)
#undef PDF_LOAD
	if (missing) {
		dlclose(h);
		memset(&pdf_lib, 0, sizeof(pdf_lib));
		return status_fail(ST_IO, _("the PDF could not be made: %s has no %s"), PDF_LIBRARY,
		                   missing);
	}
	pdf_lib.loaded = true;
	return ST_OK;
}

