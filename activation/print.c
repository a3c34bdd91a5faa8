/* The print backend (--dry-run): the tree in creation order, each device
 * as "name: uuid U[ (read-only)]" and its table as `dmsetup table` prints
 * it, target messages as "name: message TEXT". Nothing exists before (its
 * listing is empty), so every node is new; a table naming a device made
 * in the same run shows it as /dev/mapper/<name>, its number being
 * unknown. */
#include <errno.h>

#include "activation/backend.h"

static int p_create(struct dt_backend *b, const char *name, const char *uuid, int64_t minor,
		    struct dmk_dev *made)
{
	if (made)
		*made = (struct dmk_dev){.name = name, .uuid = uuid};
	return 0;
}

static int p_load(struct dt_backend *b, const char *name, const char *uuid, const struct dm_target_line *t,
		  unsigned n, bool read_only)
{
	struct strbuf *out = b->priv;
	sb_printf(out, "%s: uuid %s%s\n", name, uuid, read_only ? " (read-only)" : "");
	dt_lines_print(t, n, out);
	return 0;
}

static int p_nothing(struct dt_backend *b, const char *name, const char *uuid)
{
	return 0;
}

static int p_resume(struct dt_backend *b, const char *name, const char *uuid, struct dmk_dev *info)
{
	return 0;
}

static int p_rename(struct dt_backend *b, const char *name, const char *uuid, const char *newname)
{
	sb_printf(b->priv, "%s: rename to %s\n", name, newname);
	return 0;
}

static int p_message(struct dt_backend *b, const char *name, const char *uuid, const char *msg)
{
	sb_printf(b->priv, "%s: message %s\n", name, msg);
	return 0;
}

static int p_lines(struct dt_backend *b, struct arena *a, const char *name, const char *uuid,
		   struct dm_target_line **t, unsigned *n)
{
	return -ENXIO;	/* nothing exists */
}

static int p_list(struct dt_backend *b, struct arena *a, struct dmk_dev **out, unsigned *n)
{
	*out = NULL;
	*n = 0;
	return 0;
}

struct dt_backend *dt_print_backend(struct dt_backend *b, struct strbuf *out)
{
	*b = (struct dt_backend){"print", false, p_create, p_load, p_nothing, p_nothing, p_resume, p_nothing,
				 p_rename, p_message, p_lines, p_lines, p_list, NULL, out, NULL};
	return b;
}
