# A throwaway PostgreSQL for the sync tests: initdb into $T/pg and pg_ctl on
# a Unix socket only (no TCP port, no system service).  PostgreSQL refuses to
# run as root, so as root it runs as the `postgres` user (runuser).  Source
# after lib.sh:   . "$(dirname "$0")/../lib_pg.sh"; pg_start
# Then: $PGSOCK (the socket folder), pg_conninfo [ROLE], pgq SQL (psql as
# the superuser, unaligned), pg_kill (-m immediate), pg_restart.
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGDATA_T=$T/pg/data
PGSOCK=$T/pg/sock
PG_SUPER=postgres
_pg_started=

_pg_as() { # CMD...: as the postgres user when root
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
pg_need() {
	local b
	for b in initdb pg_ctl postgres; do
		[ -x "$PG_BIN/$b" ] || { fail "PostgreSQL server binary $PG_BIN/$b" \
			"missing: apt-get install postgresql-15 (contrib/deps.sh check)"; return 1; }
	done
	command -v psql >/dev/null || { fail "psql" "missing: apt-get install postgresql-client-15"; return 1; }
	return 0
}
pg_start() {
	pg_need || exit 1
	mkdir -p "$T/pg" "$PGSOCK"
	[ "$(id -u)" -eq 0 ] && chown -R postgres "$T/pg"
	# $T is 0755: postgres must reach its folder
	if [ ! -d "$PGDATA_T" ]; then
		_pg_as "$PG_BIN/initdb" -D "$PGDATA_T" -U "$PG_SUPER" -A trust --no-sync \
			-E UTF8 --locale=C.UTF-8 >"$T/pg/initdb.log" 2>&1 ||
			{ fail "initdb" "$(tail -5 "$T/pg/initdb.log")"; exit 1; }
		# SCRAM for the roles dvcdesk grants; trust only for the test's
		# superuser on the socket
		cat >"$PGDATA_T/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
HBA
	fi
	pg_restart
	_pg_started=1
	trap 'pg_kill; cleanup' EXIT
}
pg_restart() {
	_pg_as "$PG_BIN/pg_ctl" -D "$PGDATA_T" -w -t 30 -l "$T/pg/log" \
		-o "-k $PGSOCK -c listen_addresses='' -c fsync=off -c password_encryption=scram-sha-256 ${PG_OPTS:-}" \
		start >/dev/null 2>&1 || { fail "pg_ctl start" "$(tail -5 "$T/pg/log")"; exit 1; }
}
pg_kill() {
	[ -f "$PGDATA_T/postmaster.pid" ] &&
		_pg_as "$PG_BIN/pg_ctl" -D "$PGDATA_T" -m immediate -w stop >/dev/null 2>&1
	return 0
}
# pg_conninfo [ROLE]: a libpq connection string to the test server
pg_conninfo() { echo "host=$PGSOCK dbname=postgres user=${1:-$PG_SUPER}"; }
pgq() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h "$PGSOCK" -U "$PG_SUPER" -d postgres -c "$1"; }
# pg_password ROLE PASSWORD: set it and add it to a private ~/.pgpass
pg_password() {
	pgq "ALTER ROLE \"$1\" PASSWORD '$2'" >/dev/null
	echo "$PGSOCK:5432:*:$1:$2" >>"$HOME/.pgpass"
	chmod 600 "$HOME/.pgpass"
}
