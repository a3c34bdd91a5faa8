/* rx_compile on arbitrary bytes, and rx_match of what it takes: the input
 * is the pattern, a NUL, then the subject. Sanitizers judge; a refusal
 * says why, and the pattern in parentheses compiles and matches alike. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "lvmgr/base/rx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t plen = nul ? (size_t)(nul - data) : size;
	char err[128], group[RX_MAX_LEN], *subject;
	struct arena a;
	const struct rx *r, *g;

	arena_init(&a);
	err[0] = '\0';
	r = rx_compile(&a, (const char *)data, plen, err, sizeof(err));
	if (!r && !err[0])
		abort();
	if (r) {
		subject = nul ? strndup((const char *)nul + 1, size - plen - 1) : strdup("");
		if (!subject)
			abort();
		bool m = rx_match(r, subject);
		if (plen + 2 <= RX_MAX_LEN) {
			group[0] = '(';
			memcpy(group + 1, data, plen);
			group[plen + 1] = ')';
			g = rx_compile(&a, group, plen + 2, err, sizeof(err));
			if (!g || rx_match(g, subject) != m)
				abort();
		}
		free(subject);
	}
	arena_free(&a);
	return 0;
}
