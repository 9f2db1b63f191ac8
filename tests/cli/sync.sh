#!/usr/bin/env bash
# dvcdesk server init / sync / sync --status against a real PostgreSQL the
# test starts itself (tests/lib_pg.sh): init twice and twice at once, a push
# by COPY, a re-push that changes nothing, an edit and a void travelling as
# newer versions, the status, the conninfo rules (a password in a file
# others can read is refused; --conninfo wins), exit 69 fast when the
# server is down.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_pg.sh"
export LANGUAGE=en
pg_start

cat >"$T/dv.ini" <<INI
[unit]
name = UBND xã Phước Lộc
code = H52.01
province = Bình Định
[counter]
name = Quầy 1
[sync]
conninfo = $(pg_conninfo)
INI
chmod 600 "$T/dv.ini"
dvt() { "$DVCDESK" --config "$T/dv.ini" --db "$T/a.db" "$@"; }

expect_exit "server init" 0 dvt server init
expect_contains "server init prints the schema version" "$OUT" "version 2"
expect_exit "server init again changes nothing" 0 dvt server init
dvt server init >"$T/i1" 2>&1 & p1=$!
dvt server init >"$T/i2" 2>&1 & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
expect_eq "two inits at once both succeed" "$r1 $r2" "0 0"
expect_eq "each migration is recorded once" "$(pgq "SELECT string_agg(version::text, ',' ORDER BY version) FROM dvcdesk.schema_version")" "1,2"

expect_exit "staff add" 0 dvt staff add "Nguyễn Văn An"
for i in 1 2 3 4 5; do
	dvt add --staff "Nguyễn Văn An" --procedure none --service vneid >>"$T/uids" 2>/dev/null
done
u1=$(sed -n 1p "$T/uids"); u2=$(sed -n 2p "$T/uids")
expect_exit "sync --status before any push" 0 dvt sync --status
expect_contains "status: five wait" "$OUT" "waiting to be sent: 5 visits"
expect_contains "status: never sent" "$OUT" "last success: never"

expect_exit "sync pushes" 0 dvt sync
expect_eq "sync says what it sent" "$OUT" "sent 5, waiting 0"
expect_eq "the server has the five visits" "$(pgq "SELECT count(*) FROM dvcdesk.visit")" "5"
expect_eq "unit, counter, flags and day on the server" \
	"$(pgq "SELECT DISTINCT unit_code || '|' || counter || '|' || vneid || '|' || (voided_at IS NULL) || '|' || (local_day = current_date) FROM dvcdesk.visit")" \
	"H52.01|Quầy 1|true|true|true"
expect_eq "the volunteer travels with a stable uid" \
	"$(pgq "SELECT name || '|' || uid FROM dvcdesk.staff")" \
	"Nguyễn Văn An|$(sqlite3 "$T/a.db" "SELECT uid FROM staff WHERE name = 'Nguyễn Văn An'")"
expect_eq "the unit's name travels" "$(pgq "SELECT name || '|' || province FROM dvcdesk.unit")" "UBND xã Phước Lộc|Bình Định"
expect_eq "the roll-up counts the day" "$(pgq "SELECT visits || '|' || vneid FROM dvcdesk.day_unit")" "5|5"

expect_exit "sync again" 0 dvt sync
expect_eq "nothing is sent twice" "$OUT" "sent 0, waiting 0"

expect_exit "void a visit" 0 dvt void "$u1" --reason "nhập nhầm" --staff "Nguyễn Văn An"
expect_exit "sync the void" 0 dvt sync
expect_eq "the void travels as one newer version" "$OUT" "sent 1, waiting 0"
expect_eq "the server has it voided" "$(pgq "SELECT voided_at IS NOT NULL FROM dvcdesk.visit WHERE uid = '$u1'")" "t"
expect_eq "still five rows" "$(pgq "SELECT count(*) FROM dvcdesk.visit")" "5"
expect_eq "the roll-up follows the void" "$(pgq "SELECT visits || '|' || voided FROM dvcdesk.day_unit")" "4|1"
ver=$(pgq "SELECT version FROM dvcdesk.visit WHERE uid = '$u1'")
expect_eq "the server's version is the file's" "$ver" "$(sqlite3 "$T/a.db" "SELECT version FROM visit WHERE uid = '$u1'")"

expect_exit "sync --status after" 0 dvt sync --status
expect_contains "status: nothing waits" "$OUT" "waiting to be sent: 0 visits"
expect_contains "status: the schema version" "$OUT" "server schema version: 2"
expect_contains "status: the server" "$OUT" "as postgres, reachable"
expect_not_contains "status: a last success" "$OUT" "never"

# events (dvcdesk event): pushed with their volunteers, newer versions only, no note
expect_exit "event add" 0 dvt event add --kind door_to_door --date 2026-11-20 --place "Thôn 3" \
	--attendees 48 --leaflets 150 --staff "Nguyễn Văn An" --note MARKEREVENT --as "Nguyễn Văn An"
ev=$OUT
expect_exit "sync with an event" 0 dvt sync
expect_eq "the event is on the server with its volunteer" \
	"$(pgq "SELECT kind || '|' || local_day || '|' || place || '|' || attendees || '|' || leaflets || '|' || array_length(staff_uids, 1) FROM dvcdesk.event")" \
	"door_to_door|2026-11-20|Thôn 3|48|150|1"
expect_exit "event edit" 0 dvt event edit "$ev" --attendees 50 --as "Nguyễn Văn An"
expect_exit "sync the edited event" 0 dvt sync
expect_eq "…its newer version replaces it" "$(pgq "SELECT attendees || '|' || version FROM dvcdesk.event")" "50|2"
expect_exit "sync again" 0 dvt sync
expect_eq "…still one event" "$(pgq "SELECT count(*) FROM dvcdesk.event")" "1"
_pg_as "$PG_BIN/../bin/pg_dump" -h "$PGSOCK" -U postgres -d postgres >"$T/dump.sql" 2>/dev/null ||
	pg_dump -h "$PGSOCK" -U postgres -d postgres >"$T/dump.sql" 2>/dev/null
expect_contains "pg_dump has the event" "$(cat "$T/dump.sql")" "Thôn 3"
expect_not_contains "…but not its note" "$(cat "$T/dump.sql")" "MARKEREVENT"

# conninfo: a password in a file others can read is refused; --conninfo wins
cat >"$T/pw.ini" <<INI
[sync]
conninfo = $(pg_conninfo) password=sekrit
INI
chmod 644 "$T/pw.ini"
expect_exit "a password in a readable dvcdesk.ini is refused" 78 \
	"$DVCDESK" --config "$T/pw.ini" --db "$T/a.db" sync
expect_contains "…saying where passwords go" "$ERR" "~/.pgpass"
chmod 600 "$T/pw.ini"
expect_exit "the same file readable by its owner only is used" 0 \
	"$DVCDESK" --config "$T/pw.ini" --db "$T/a.db" sync
expect_exit "no conninfo: a clear configuration error" 78 "$DVCDESK" --db "$T/b.db" sync
expect_contains "…naming [sync] conninfo" "$ERR" "[sync]"
expect_exit "--conninfo wins over the file" 69 dvt sync --conninfo "host=$T/nowhere dbname=x"
expect_exit "a conninfo that does not parse" 78 dvt sync --conninfo "host='unterminated"

# the server down: add still works, sync exits 69 within a few seconds
pg_kill
expect_exit "add with the server down" 0 dvt add --staff "Nguyễn Văn An" --procedure none
start=$(date +%s%N)
expect_exit "sync with the server down exits 69" 69 dvt sync
ms=$((($(date +%s%N) - start) / 1000000))
if [ "$ms" -lt 3000 ]; then ok "…fast (${ms} ms)"; else fail "…fast" "${ms} ms"; fi
expect_contains "…saying how many visits wait" "$ERR" "1 visit waits"
expect_exit "sync --status with the server down" 69 dvt sync --status
expect_contains "…still shows what waits" "$OUT" "waiting to be sent: 1 visits"
pg_restart
expect_exit "sync once the server is back" 0 dvt sync
expect_eq "…sends the waiting visit" "$OUT" "sent 1, waiting 0"
expect_eq "six visits on the server" "$(pgq "SELECT count(*) FROM dvcdesk.visit")" "6"
finish
