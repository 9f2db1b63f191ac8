# make bench, sourced by tests/bench/run.sh: dvcdesk reconcile of a
# 100,000-row .xlsx export against a year of one centre's visits (20,000
# online submissions, every fifth export row), beside the same join done by
# sqlite3 on the export as CSV (import, then the matched, logged-only and
# export-only counts); and the refusal of a 1,000,000-row export.
# Goal: <= 2x sqlite3 and under 2 s.
if wanted reconcile; then
	log "reconcile: making a 100,000-row export (openpyxl)..."
	RW=$W/reconcile
	mkdir -p "$RW"
	RPY=/usr/bin/python3
	o="$NB" ref=""
	if "$RPY" tests/tools/reconcile_fixtures.py "$RW" bench 100000 2025-01-01 >"$RW/gen.log" 2>&1; then
		RDB=$RW/rec.db
		"$DV" --db "$RDB" staff add "Bench" >/dev/null 2>&1
		sqlite3 "$RDB" ".import --csv $RW/logged.csv logged_in" \
			"ALTER TABLE logged_in RENAME COLUMN c1 TO i" >/dev/null 2>&1 ||
			sqlite3 "$RDB" "CREATE TABLE logged_in(i, day, code)" ".import --csv $RW/logged.csv logged_in"
		sqlite3 "$RDB" "INSERT INTO visit (uid, at_utc, local_day, local_hour, entered_at, staff_id,
			unit_code, counter, procedure_code, online_submission, dossier_code)
			SELECT printf('bench-%08d', i), 0, day, 9, 0, 1, 'H01.01', 'Quầy 1', '1.001193', 1, code
			FROM logged_in; DROP TABLE logged_in;"
		ref=$("$TOOLS/bench_run" -n 3 -o "$RW/ref.txt" -e "$W/err" -- sqlite3 :memory: \
			".import --csv $RW/bench.csv ex" "ATTACH '$RDB' AS d" \
			"CREATE INDEX ex_code ON ex(code)" \
			"SELECT (SELECT count(*) FROM d.visit v WHERE v.online_submission AND v.voided_at IS NULL AND v.local_day BETWEEN 20250101 AND 20251231 AND EXISTS (SELECT 1 FROM ex WHERE ex.code = v.dossier_code)), (SELECT count(*) FROM d.visit v WHERE v.online_submission AND v.voided_at IS NULL AND v.local_day BETWEEN 20250101 AND 20251231 AND NOT EXISTS (SELECT 1 FROM ex WHERE ex.code = v.dossier_code)), (SELECT count(*) FROM ex WHERE channel = 'online' AND day BETWEEN '2025-01-01' AND '2025-12-31' AND code NOT IN (SELECT dossier_code FROM d.visit WHERE dossier_code IS NOT NULL AND voided_at IS NULL))")
		ours=$("$TOOLS/bench_run" -n 3 -o "$RW/ours.json" -e "$W/err" -- "$DV" --db "$RDB" \
			reconcile "$RW/bench.xlsx" --from 2025-01-01 --to 2025-12-31 --format json)
		if [[ $ours == failed* ]]; then
			o="failed: $(head -c 120 "$W/err")"
		else
			o=$(kvw wall_ms "$ours")
			CPU_O=$(kvw cpu_ms "$ours")
			log "  reconcile: $(grep -o '"matched": {"count": [0-9]*' "$RW/ours.json"); sqlite3: $(cat "$RW/ref.txt")"
		fi
	else
		o="failed: $(tail -1 "$RW/gen.log")"
	fi
	CPU_R=$(kvw cpu_ms "$ref")
	row reconcile "reconcile 100,000-row .xlsx, a year's visits vs sqlite3 on CSV" "$o" "$(kvw wall_ms "$ref")" ms \
		"<= 2x sqlite3, < 2000 ms" "q <= 2 && o < 2000"
	o="$NB"
	if "$RPY" tests/tools/reconcile_fixtures.py "$RW" million 1000000 >"$RW/gen.log" 2>&1; then
		ours=$("$TOOLS/bench_run" -n 3 -e "$W/err" -- sh -c \
			"'$DV' --db '$RDB' reconcile '$RW/million.csv' >/dev/null 2>&1; [ \$? -eq 65 ]")
		if [[ $ours == failed* ]]; then o="failed: not refused with exit 65"; else o=$(kvw wall_ms "$ours"); fi
	fi
	row reconcile_1m "reconcile refuses a 1,000,000-row export (exit 65)" "$o" "" ms "< 2000 ms" "o < 2000"
	rm -rf "$RW"
fi
