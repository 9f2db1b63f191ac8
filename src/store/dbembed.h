/* What db/embed.sh compiles in from db/: the migrations and the seed list. */
#ifndef DVCDESK_DBEMBED_H
#define DVCDESK_DBEMBED_H

struct embedded_migration {
	int version; /* 1, 2, ...: the user_version it brings the schema to */
	const char *name;
	const char *sql;
};

extern const struct embedded_migration embedded_migrations[];
extern const int embedded_migrations_count;
/* The PostgreSQL server schema's migrations (db/server/, src/sync/server.c). */
extern const struct embedded_migration embedded_server_migrations[];
extern const int embedded_server_migrations_count;
extern const char *const embedded_seed_catalog; /* NUL-terminated CSV */
extern const unsigned long embedded_seed_catalog_len;

#endif
