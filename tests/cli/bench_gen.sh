#!/usr/bin/env bash
# The benchmark's data generator (tests/tools/bench_gen.c, used by make
# bench) on a tiny size: it makes a dvcdesk database with exactly the asked
# numbers, consistent rows, and the same rows again from the same seed.
. "$(dirname "$0")/../lib.sh"
GEN=$TOP/${B:-build}/tests/tools/bench_gen
q() { sqlite3 "$1" "$2"; }

if [ ! -x "$GEN" ]; then
	fail "bench_gen is built" "missing: $GEN"
	finish
	exit
fi
args=(--visits 2000 --years 1 --end 2026-03-31 --units 2 --counters 2 --staff 12 --procedures 300 --seed 7)
expect_exit "generates a small database" 0 "$GEN" --db "$T/a.db" "${args[@]}"
expect_contains "says what it made" "$OUT" "2000 visits"
db=$T/a.db

expect_eq "exactly the visits asked for" "$(q "$db" "SELECT count(*) FROM visit")" 2000
expect_eq "the seed catalogue plus the generated procedures" \
	"$(q "$db" "SELECT count(*) FROM procedure")" \
	"$(($(tail -n +2 "$TOP/db/procedures-seed.csv" | grep -c .) + 300))"
expect_eq "every generated procedure has a folded search key" \
	"$(q "$db" "SELECT count(*) FROM procedure WHERE code LIKE '_.9%' AND search_key <> '' AND search_key NOT GLOB '*[A-Z]*'")" 300
expect_eq "the staff asked for" "$(q "$db" "SELECT count(*) FROM staff")" 12
expect_eq "two units" "$(q "$db" "SELECT count(*) FROM unit")" 2
expect_eq "visits only on the asked days" \
	"$(q "$db" "SELECT min(local_day) >= 20250401, max(local_day) FROM visit")" "1|20260331"
expect_eq "local day and hour agree with the stored instant" \
	"$(q "$db" "SELECT count(*) FROM visit WHERE local_day <> CAST(strftime('%Y%m%d', at_utc + 25200, 'unixepoch') AS INTEGER) OR local_hour <> CAST(strftime('%H', at_utc + 25200, 'unixepoch') AS INTEGER)")" 0
expect_eq "every visit belongs to a shift of its staff, day and counter" \
	"$(q "$db" "SELECT count(*) FROM visit v LEFT JOIN shift s ON s.id = v.shift_id WHERE s.id IS NULL OR s.staff_id <> v.staff_id OR s.local_day <> v.local_day OR s.counter <> v.counter")" 0
expect_eq "online submissions carry a dossier code of the unit's shape" \
	"$(q "$db" "SELECT count(*) FROM visit WHERE online_submission = 1 AND dossier_code NOT GLOB '[0-9][0-9][0-9].[0-9][0-9].[0-9][0-9].H08-[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'")" 0
expect_eq "no foreign key is broken" "$(q "$db" "PRAGMA foreign_key_check" | wc -l)" 0
expect_eq "the file passes its integrity check" "$(q "$db" "PRAGMA integrity_check")" ok
expect_eq "use counts match the visits" \
	"$(q "$db" "SELECT count(*) FROM procedure p WHERE use_count <> (SELECT count(*) FROM visit v WHERE v.procedure_code = p.code)")" 0
mix=$(q "$db" "SELECT sum(voided_at IS NOT NULL) BETWEEN 5 AND 60, sum(procedure_code IS NULL) BETWEEN 150 AND 500,
	sum(online_submission) BETWEEN 300 AND 800, sum(elderly) > 100, count(DISTINCT channel), count(DISTINCT outcome),
	count(DISTINCT procedure_code) > 50 FROM visit")
expect_eq "a realistic mix: some voids, guidance, online submissions, groups, every channel and outcome" "$mix" "1|1|1|1|4|3|1"
expect_eq "voids say who and why" \
	"$(q "$db" "SELECT count(*) FROM visit WHERE voided_at IS NOT NULL AND (voided_by IS NULL OR void_reason IS NULL)")" 0
expect_exit "dvcdesk check accepts the database" 0 "$DVCDESK" --db "$db" check
expect_contains "and counts its visits" "$OUT" "2000"

expect_exit "the same seed again" 0 "$GEN" --db "$T/b.db" "${args[@]}"
rows() { q "$1" "SELECT uid, at_utc, staff_id, shift_id, procedure_code, vneid, account, online_submission, dossier_code, elderly, channel, outcome, voided_at FROM visit ORDER BY id" | md5sum; }
expect_eq "gives the same visits" "$(rows "$T/b.db")" "$(rows "$T/a.db")"
expect_exit "another seed" 0 "$GEN" --db "$T/c.db" "${args[@]/#7/8}"
expect_not_contains "gives other visits" "$(rows "$T/c.db")" "$(rows "$T/a.db")"
expect_exit "refuses to overwrite a file" 73 "$GEN" --db "$T/a.db" "${args[@]}"
finish
