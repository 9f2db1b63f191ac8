#!/usr/bin/env bash
# Sync faults against a real PostgreSQL started by the test (lib_pg.sh):
# the server killed mid-push (pg_ctl -m immediate) and restarted; the
# acknowledgement lost (the counter killed after the server's commit); the
# same rows delivered again; the file restored from an older backup; the
# counter's clock at 2000-01-01; a server schema newer than this binary;
# nothing personal on the server (marker values, pg_dump).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_pg.sh"
. "$(dirname "$0")/common.inc"
export LANGUAGE=en
need faketime || { finish; exit 1; }
pg_start

cat >"$T/dv.ini" <<INI
[unit]
name = UBND xã Phước Lộc
code = U01
[counter]
name = Quầy 1
[sync]
conninfo = $(pg_conninfo)
INI
chmod 600 "$T/dv.ini"
db=$T/a.db
dvt() { "$DVCDESK" --config "$T/dv.ini" --db "$db" "$@"; }
expect_exit "server init" 0 dvt server init
"$BDIR/tests/tools/bench_gen" --db "$db" --visits 3000 --years 1 --units 1 --seed 7 >/dev/null ||
	fail "bench_gen"
unit=$(sql "$db" "SELECT DISTINCT unit_code FROM visit")
local_count() { sql "$db" "SELECT count(*) FROM visit"; }
server_count() { pgq "SELECT count(*) FROM dvcdesk.visit"; }
server_dups() { pgq "SELECT count(*) FROM (SELECT uid FROM dvcdesk.visit GROUP BY uid HAVING count(*) > 1) d"; }
# the roll-up equals the visits it rolls up
rollup_ok() {
	pgq "SELECT (SELECT coalesce(sum(visits), 0) FROM dvcdesk.day_unit) =
	            (SELECT count(*) FROM dvcdesk.visit WHERE voided_at IS NULL)"
}
# stopped PID: wait until the process is stopped (SIGSTOP at the hook)
stopped() {
	local i
	for i in $(seq 1 200); do
		[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = T ] && return 0
		sleep 0.05
	done
	return 1
}

# 1. the server killed between the COPY and the COMMIT
# (the binary itself in the background, so that $! is its pid)
DVCDESK_TEST_SYNC_STOP=before_commit "$DVCDESK" --config "$T/dv.ini" --db "$db" sync >"$T/o1" 2>"$T/e1" &
pid=$!
check "the push stops before its commit" stopped $pid
pg_kill
kill -CONT $pid
( sleep 20; kill -KILL $pid 2>/dev/null ) >/dev/null 2>&1 &
watchdog=$!
wait $pid; rc=$?
kill $watchdog 2>/dev/null
expect_eq "the push with its server killed exits 69" "$rc" "69"
pg_restart
expect_eq "nothing of the batch is on the server" "$(server_count)" "0"
expect_eq "the file still has all visits waiting" \
	"$(sql "$db" "SELECT count(*) FROM visit WHERE version > synced_version")" "$(local_count)"
expect_exit "sync after the restart" 0 dvt sync
expect_eq "every visit arrives once" "$(server_count)|$(server_dups)" "$(local_count)|0"

# 2. the acknowledgement lost: the counter killed after the server committed
for i in 1 2 3; do dvt add --staff "$(sql "$db" "SELECT name FROM staff LIMIT 1")" --procedure none >/dev/null 2>&1; done
DVCDESK_TEST_SYNC_STOP=after_commit "$DVCDESK" --config "$T/dv.ini" --db "$db" sync >/dev/null 2>&1 &
pid=$!
check "the push stops after its commit" stopped $pid
kill -KILL $pid
wait $pid 2>/dev/null
expect_eq "the server has the three" "$(server_count)" "$(local_count)"
expect_eq "the file still waits for them (the ack was lost)" \
	"$(sql "$db" "SELECT count(*) FROM visit WHERE version > synced_version")" "3"
expect_exit "sync re-sends" 0 dvt sync
expect_eq "…three sent again" "$OUT" "sent 3, waiting 0"
expect_eq "…and none twice on the server" "$(server_count)|$(server_dups)" "$(local_count)|0"

# 3. the same rows delivered again: the whole file re-sent
sql "$db" "UPDATE visit SET synced_version = 0"
before=$(pgq "SELECT sum(version), max(received_at) FROM dvcdesk.visit")
expect_exit "a re-delivery of every row" 0 dvt sync
expect_eq "…changes no row on the server" "$(pgq "SELECT sum(version), max(received_at) FROM dvcdesk.visit")" "$before"
expect_eq "…and adds none" "$(server_count)|$(server_dups)" "$(local_count)|0"
expect_eq "the roll-up equals the visits" "$(rollup_ok)" "t"

# 4. the file restored from an older backup
sqlite3 "$db" ".backup $T/old.db"
uid=$(sql "$db" "SELECT uid FROM visit WHERE voided_at IS NULL ORDER BY id DESC LIMIT 1")
who=$(sql "$db" "SELECT name FROM staff LIMIT 1")
dvt void "$uid" --reason "nhầm" --staff "$who" >/dev/null
dvt add --staff "$who" --procedure none >/dev/null 2>&1
expect_exit "sync before the restore" 0 dvt sync
cp "$T/old.db" "$db"; rm -f "$db-wal" "$db-shm"
dvt add --staff "$who" --procedure none >/dev/null 2>&1
expect_exit "sync after the restore" 0 dvt sync
expect_eq "the void made after the backup stays on the server" \
	"$(pgq "SELECT voided_at IS NOT NULL FROM dvcdesk.visit WHERE uid = '$uid'")" "t"
expect_eq "the visit added after the backup stays, the new one arrives, none twice" \
	"$(server_count)|$(server_dups)" "$(($(local_count) + 1))|0"

# 5. the counter's clock at 2000-01-01
old=$(faketime '2000-01-01 08:30:00' "$DVCDESK" --config "$T/dv.ini" --db "$db" add --staff "$who" --procedure none 2>/dev/null)
expect_exit "sync with the clock at 2000-01-01" 0 faketime '2000-01-01 08:31:00' "$DVCDESK" --config "$T/dv.ini" --db "$db" sync
expect_eq "the visit keeps its local day" "$(pgq "SELECT local_day FROM dvcdesk.visit WHERE uid = '$old'")" "2000-01-01"
expect_eq "the server records its own receive time" \
	"$(pgq "SELECT received_at > now() - interval '1 hour' FROM dvcdesk.visit WHERE uid = '$old'")" "t"
expect_eq "the month's partition was made" "$(pgq "SELECT to_regclass('dvcdesk.visit_2000_01') IS NOT NULL")" "t"
expect_eq "the roll-up has that day" "$(pgq "SELECT visits FROM dvcdesk.day_unit WHERE local_day = '2000-01-01'")" "1"

# 6. a server schema newer than this binary: a clear refusal, nothing sent
dvt add --staff "$who" --procedure none >/dev/null 2>&1
n=$(server_count)
pgq "INSERT INTO dvcdesk.schema_version (version, name) VALUES (99, '0099-future.sql')"
expect_exit "sync refuses a newer server schema" 65 dvt sync
expect_contains "…saying to upgrade dvcdesk" "$ERR" "upgrade dvcdesk"
expect_eq "…and sends nothing" "$(server_count)" "$n"
expect_exit "server init refuses it too" 65 dvt server init
pgq "DELETE FROM dvcdesk.schema_version WHERE version = 99"

# 7. nothing personal leaves the counter
m=$(sql "$db" "SELECT uid FROM visit ORDER BY id DESC LIMIT 1")
sql "$db" "UPDATE visit SET note = 'MARKERNOTE', citizen_name = 'MARKERNAME', citizen_phone = '0909777111',
	consent = 1, backdate_reason = 'MARKERBACKDATE', version = version + 1 WHERE uid = '$m'"
dvt add --staff "$who" --procedure none --note "MARKERNOTE2" >"$T/u7" 2>/dev/null
dvt void "$(cat "$T/u7")" --reason "MARKERVOID" --staff "$who" >/dev/null
expect_exit "sync the marked visits" 0 dvt sync
_pg_as "$PG_BIN/../bin/pg_dump" -h "$PGSOCK" -U postgres -d postgres >"$T/dump.sql" 2>"$T/dump.err" ||
	pg_dump -h "$PGSOCK" -U postgres -d postgres >"$T/dump.sql" 2>"$T/dump.err"
expect_contains "pg_dump has the marked visit" "$(cat "$T/dump.sql")" "$m"
for marker in MARKERNOTE MARKERNAME 0909777111 MARKERBACKDATE MARKERVOID; do
	expect_eq "no $marker on the server" "$(grep -c "$marker" "$T/dump.sql")" "0"
done
expect_eq "the backdated flag did travel" "$(pgq "SELECT backdated FROM dvcdesk.visit WHERE uid = '$m'")" "t"
expect_eq "in the end: every visit once, the roll-up right" \
	"$(server_count)|$(server_dups)|$(rollup_ok)" "$(($(local_count) + 1))|0|t"
finish
