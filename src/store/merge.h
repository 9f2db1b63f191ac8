/* Merge (gộp dữ liệu): fold another counter's database file into this one,
 * for a centre without a server (the files come on a USB stick).
 *
 * The other file is opened read-only through db_open() (DB_READONLY |
 * DB_CHECK), so a symlink, a foreign or newer file, an older one, an empty
 * or a damaged one is refused with db_open()'s one clear sentence, and
 * nothing is ever written to it.  Everything one file brings is written in
 * one BEGIN IMMEDIATE transaction: a file is merged whole or not at all
 * (a failure, a full disk, a kill -9 leave this file as it was).
 *
 * What comes across, and how:
 *   - units (the `unit` table): the missing codes are added; a known code
 *     keeps this file's name.
 *   - staff, mapped by their stable uid (migration 0004).  A member already
 *     here (same uid) is the same person whatever their name.  A missing one
 *     is added *disabled and without a PIN* (they show in reports; they can
 *     log in here only once a supervisor enables them and sets a PIN), with
 *     their uid, role and name.  When that name is taken here by a member
 *     with another uid, both are kept and never joined: the newcomer is
 *     named "NAME (UNIT)" (the unit of their first visit in the other file;
 *     " 2", " 3"... added while still taken), and the rename is reported.
 *   - procedures the other file's visits use and this catalogue lacks, with
 *     the other file's name and field.
 *   - shifts, matched by (member, unit, counter, opening instant).
 *   - visits, by uid: a new uid is added with its unit, counter, volunteer,
 *     shift and every count field; a known uid is never added twice.  For a
 *     known uid: a void in the other file voids it here too (its time, the
 *     voider and the reason come along; one audit row "merge.void"); an
 *     edit made there later than the last edit of it here (the audit logs'
 *     "visit.update"/"merge.update" times) replaces the editable fields
 *     (procedure, services, dossier code, groups, channel, outcome,
 *     duration; one audit row "merge.update" naming the fields).  A void
 *     is final: a visit voided here stays voided.
 *   - personal data (note, citizen name and phone): copied only when this
 *     file could hold them itself: not purged in the other file, entered
 *     within this file's [privacy] retention_days, and for the name and
 *     phone only with the citizen's consent and [privacy] collect_name /
 *     collect_phone on here.  What is left behind is counted, and such a
 *     visit has pii_purged_at set.  A visit whose personal data were purged
 *     in the other file has them purged here too at the next merge.
 *     Backdate and void reasons come along (as `add` and `void` keep them).
 *   - one audit row "merge" for the file with the counts (never a value
 *     typed about a citizen).
 * Merging the same file twice adds nothing and changes nothing. */
#ifndef DVCDESK_MERGE_H
#define DVCDESK_MERGE_H

#include <stdbool.h>

#include "config/config.h"
#include "store/db.h"
#include "util/status.h"
#include "util/util.h"

struct merge_result {
	long visits_added;     /* new uids */
	long visits_voided;    /* known uids voided here because voided there */
	long visits_updated;   /* known uids whose newer edit there was taken */
	long visits_unchanged; /* known uids with nothing newer there */
	long staff_added;      /* of which renamed: */
	long staff_renamed;
	long staff_known; /* matched by uid */
	long shifts_added;
	long procedures_added;
	long units_added;
	long personal_left;    /* visits whose personal data were not copied */
	long personal_purged;  /* visits here whose personal data were purged there */
	struct strbuf renames; /* one "OLD → NEW\n" line per renamed member */
};

void merge_result_init(struct merge_result *r);
void merge_result_done(struct merge_result *r);

/* Merge the database file at `path` into db (opened for writing) in one
 * transaction, as above.  cfg gives the [privacy] rules.  On failure nothing
 * was changed and status_detail() says what is wrong, naming the file; a
 * path that is db's own file is ST_USAGE. */
enum status merge_file(struct db *db, const struct config *cfg, const char *path,
                       struct merge_result *res);

#endif
