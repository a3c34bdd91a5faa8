/* The table of target descriptors (libblkid's idinfos[]: one line per
 * type) and what all of them share. */
#include <errno.h>
#include <string.h>

#include "activation/targets/targets.h"

static const struct dt_target_type *const types[] = {
	&dt_target_striped,
	&dt_target_zero,
	&dt_target_error,
	&dt_target_snapshot,
	&dt_target_raid1,
	&dt_target_mirror,
	&dt_target_thin_pool,
	&dt_target_thin,
};

const struct dt_target_type *dt_target_for_segtype(const char *segtype)
{
	for (unsigned i = 0; i < ARRAY_SIZE(types); i++)
		if (!strcmp(types[i]->segtype, segtype))
			return types[i];
	return NULL;
}

const struct dt_target_type *dt_target_for_dm(const char *dm_type)
{
	for (unsigned i = 0; i < ARRAY_SIZE(types); i++)
		for (const char *const *d = types[i]->dm_types; *d; d++)
			if (!strcmp(*d, dm_type))
				return types[i];
	return NULL;
}

int dt_status_parse(const struct dm_target_line *t, unsigned n, struct dt_status *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned i = 0; i < n; i++) {
		const struct dt_target_type *tt = dt_target_for_dm(t[i].type);
		struct dt_status one = {0};
		int r;
		if (!tt)
			return -ENOTSUP;
		if ((r = tt->status(&t[i], &one)))
			return r;
		if (one.has_percent) {
			st->has_percent = true;
			st->numer += one.numer;
			st->denom += one.denom;
		}
		if (one.health > st->health)
			st->health = one.health;
		if (one.sync_action[0]) {
			memcpy(st->sync_action, one.sync_action, sizeof(st->sync_action));
			st->mismatches += one.mismatches;
			st->raid_images = one.raid_images;
			st->raid_dead += one.raid_dead;
			st->raid_unsynced += one.raid_unsynced;
			memcpy(st->raid_health, one.raid_health, sizeof(st->raid_health));
		}
	}
	return 0;
}

int dt_status_healthy(const struct dm_target_line *line, struct dt_status *st)
{
	(void)line;
	memset(st, 0, sizeof(*st));
	return 0;
}
