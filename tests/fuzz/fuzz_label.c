/* label_decode on arbitrary bytes; a label it accepts must survive
 * encode + decode unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "metadata/label.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pv_label l, again;
	uint8_t sector[LABEL_SCAN_SIZE];
	char err[256];

	if (size > LABEL_SCAN_SIZE)
		size = LABEL_SCAN_SIZE;
	if (label_decode(data, size, &l, err, sizeof(err)))
		return 0;
	memset(sector, 0, sizeof(sector));
	if (label_encode(&l, sector + l.sector * SECTOR_SIZE))
		abort();
	if (label_decode(sector, sizeof(sector), &again, err, sizeof(err)) || memcmp(&l, &again, sizeof(l)))
		abort();
	return 0;
}
