/* t_driver: saves visits through the program's own save path (db_open +
 * visit_save, as the counter screen does) and prints each visit's uid on
 * stdout only after visit_save returned ST_OK: the "ack log" the fault tests
 * compare with the database.
 *
 *   t_driver [options] DB
 *     -n N              stop after N acknowledged saves (default: never)
 *     --pause MIN-MAX   wait MIN..MAX ms between saves
 *     --normal          force synchronous=NORMAL after db_open (negative control)
 *     --crash N         power cut at the Nth write (crashvfs.h), exit 86
 *     --sectors         ... keeping a random subset of the unsynced sectors
 *     --ioerr P         fail P per mille of writes and syncs (crashvfs.h)
 *     --seed S          random seed (pause, crash mode)
 *     --note T --name T --phone T --consent   personal data on every visit
 *     --open-only       open the database (start-up checks) and close it
 *     --no-retry        exit on the first failed save
 *
 * A failed save is retried once the way the program's retry path does it:
 * close the connection, db_open again, visit_save with the SAME uid (an
 * outcome of an I/O error is ambiguous: the first attempt may have
 * committed).  Each failure and reopen is one line on stderr.  Exit status:
 * 0, or the status's exit code when the retry failed too. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/catalog.h"
#include "crashvfs.h"
#include "store/db.h"
#include "store/staff.h"
#include "util/status.h"
#include "util/util.h"
#include "store/visit.h"

struct opts {
	const char *path;
	long n;
	int pause_min, pause_max;
	int normal, open_only, no_retry;
	long long crash;
	int sectors, ioerr;
	unsigned long long seed;
	const char *note, *name, *phone;
	int consent;
};

static void usage(void)
{
	fputs("usage: t_driver [-n N] [--pause MIN-MAX] [--normal] [--crash N [--sectors]] "
	      "[--ioerr P] [--seed S] [--note T] [--name T] [--phone T] [--consent] [--open-only] "
	      "[--no-retry] DB\n",
	      stderr);
	exit(64);
}

static void parse(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-n") && v) {
			o->n = atol(v);
			i++;
		} else if (!strcmp(a, "--pause") && v) {
			if (sscanf(v, "%d-%d", &o->pause_min, &o->pause_max) != 2)
				usage();
			i++;
		} else if (!strcmp(a, "--crash") && v) {
			o->crash = atoll(v);
			i++;
		} else if (!strcmp(a, "--ioerr") && v) {
			o->ioerr = atoi(v);
			i++;
		} else if (!strcmp(a, "--seed") && v) {
			o->seed = strtoull(v, NULL, 10);
			i++;
		} else if (!strcmp(a, "--note") && v) {
			o->note = v;
			i++;
		} else if (!strcmp(a, "--name") && v) {
			o->name = v;
			i++;
		} else if (!strcmp(a, "--phone") && v) {
			o->phone = v;
			i++;
		} else if (!strcmp(a, "--normal")) {
			o->normal = 1;
		} else if (!strcmp(a, "--sectors")) {
			o->sectors = 1;
		} else if (!strcmp(a, "--consent")) {
			o->consent = 1;
		} else if (!strcmp(a, "--open-only")) {
			o->open_only = 1;
		} else if (!strcmp(a, "--no-retry")) {
			o->no_retry = 1;
		} else if (a[0] != '-' && !o->path) {
			o->path = a;
		} else {
			usage();
		}
	}
	if (!o->path)
		usage();
}

static enum status open_db(const struct opts *o, struct db **db)
{
	status_clear();
	enum status st = db_open(db, o->path, 0);
	if (st != ST_OK)
		return st;
	if (o->normal && sqlite3_exec((*db)->h, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL))
		return status_fail(ST_DB_ERROR, "cannot set synchronous=NORMAL");
	return ST_OK;
}

static bool first_staff(const struct staff *s, void *ctx)
{
	*(int64_t *)ctx = s->id;
	return false;
}

static int die(enum status st, const char *what)
{
	fprintf(stderr, "t_driver: %s: %s\n", what, status_detail(st));
	return status_exit_code(st) ? status_exit_code(st) : 70;
}

static void pause_ms(const struct opts *o)
{
	if (o->pause_max <= 0)
		return;
	int span = o->pause_max - o->pause_min + 1;
	long ms = o->pause_min + (span > 0 ? rand() % span : 0);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	struct opts o;
	parse(argc, argv, &o);
	/* As the program does (cli.c): a file-size limit is an error, not death. */
	signal(SIGXFSZ, SIG_IGN);
	srand((unsigned)(o.seed ? o.seed : (unsigned long long)getpid()));
	if (o.crash > 0 &&
	    crashvfs_register(o.crash, o.sectors ? CRASHVFS_SECTORS : CRASHVFS_DROP_ALL,
			      o.seed) != SQLITE_OK)
		return die(ST_DB_ERROR, "crashvfs");
	if (o.ioerr > 0 && crashvfs_ioerr(o.ioerr, o.seed) != SQLITE_OK)
		return die(ST_DB_ERROR, "crashvfs");

	struct db *db = NULL;
	enum status st = open_db(&o, &db);
	if (st != ST_OK)
		return die(st, "open");
	if (o.open_only) {
		db_close(db);
		return 0;
	}
	int64_t staff_id = 0;
	struct procedure proc;
	memset(&proc, 0, sizeof(proc));
	if ((st = staff_ensure_default(db)) != ST_OK || (st = catalog_ensure_seed(db)) != ST_OK)
		return die(st, "setup");
	staff_list(db, "", false, first_staff, &staff_id);
	catalog_search(db, "", &proc, 1);

	for (long saved = 0; o.n <= 0 || saved < o.n; saved++) {
		struct visit v, retry;
		visit_init(&v);
		v.staff_id = staff_id;
		str_copy(v.unit_code, sizeof(v.unit_code), "TEST");
		str_copy(v.counter, sizeof(v.counter), "Quầy 1");
		str_copy(v.procedure_code, sizeof(v.procedure_code), proc.code);
		v.services = 1u << SVC_VNEID;
		v.groups = (saved % 3 == 0) ? 1u << GRP_ELDERLY : 0;
		if (o.note)
			str_copy(v.note, sizeof(v.note), o.note);
		if (o.name)
			str_copy(v.citizen_name, sizeof(v.citizen_name), o.name);
		if (o.phone)
			str_copy(v.citizen_phone, sizeof(v.citizen_phone), o.phone);
		v.consent = o.consent;
		retry = v;
		status_clear();
		st = visit_save(db, &v, NULL);
		if (st != ST_OK) {
			fprintf(stderr, "t_driver: save failed: %s [%s]\n", status_detail(st), v.uid);
			if (o.no_retry)
				return die(st, "save");
			db_close(db);
			db = NULL;
			st = open_db(&o, &db);
			if (st != ST_OK)
				return die(st, "reopen");
			fprintf(stderr, "t_driver: reopened the connection\n");
			bool already = false;
			v = retry;
			status_clear();
			st = visit_save(db, &v, &already);
			if (st != ST_OK) {
				db_close(db);
				return die(st, "retry");
			}
			fprintf(stderr, "t_driver: retry saved [%s]%s\n", v.uid,
				already ? " (it had been saved before)" : "");
		}
		printf("%s\n", v.uid);
		fflush(stdout);
		pause_ms(&o);
	}
	db_close(db);
	return 0;
}
