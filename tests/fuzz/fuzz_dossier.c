/* libFuzzer: the dossier-code and phone checks a volunteer's typing goes
 * through (dossier_normalize, dossier_acceptable, dossier_matches against
 * the default patterns, phone_normalize with roomy and tight buffers). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "domain/dossier.h"
#include "util/util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	config_defaults(&cfg);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* What a field can hold: a NUL-terminated string of any bytes. */
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	char *code = xstrdup(s);
	dossier_normalize(code);
	if (strlen(code) > strlen(s))
		abort(); /* normalising never lengthens */
	if (dossier_acceptable(code))
		dossier_matches(&cfg, code);
	free(code);

	char out[24], tiny[4];
	if (phone_normalize(s, out, sizeof(out)) && (strlen(out) != 10 || out[0] != '0'))
		abort(); /* the contract: 10 digits starting with 0 */
	phone_normalize(s, tiny, sizeof(tiny));
	free(s);
	return 0;
}
