# make bench, sourced by tests/bench/run.sh: `dvcdesk merge` of a year of
# one counter (50,000 visits, tests/tools/bench_gen.c) into a centre's file
# that already holds another counter's year, against the sqlite3 shell
# copying the same rows with INSERT ... SELECT across ATTACH (no id mapping,
# no checks: the floor of the work).  Both runs start from a fresh copy of
# the centre's file (the cp is in both timings).
#
# A second row (no goal) merges into an empty file: there the shell's
# INSERT INTO visit SELECT * copies the b-tree records as they are (SQLite's
# transfer optimisation, only for an empty table of the same shape), which
# no merge that maps members and shifts to this file's ids can do.
#
# Uses run.sh's helpers (row, kvw, wanted, have_tool, have_cmd, log) and
# variables (TOOLS, DV, W, RUNS, NB, end_day).
if wanted merge; then
	log "merge of a year of one counter..."
	MV=${BENCH_MERGE_VISITS:-50000}
	o="$NB" ref="" o0="$NB" ref0=""
	if have_tool bench_gen && have_tool bench_run; then
		gen() { # FILE SEED
			"$TOOLS/bench_gen" --db "$1" --visits "$MV" --years 1 --units 1 --counters 1 \
				--staff 8 --procedures 300 --seed "$2" --end "$end_day" >"$W/merge-gen.log" 2>&1
		}
		rm -f "$W"/merge-*.db*
		if gen "$W/merge-centre.db" 21 && gen "$W/merge-counter.db" 22; then
			# an empty dvcdesk file with this program's schema
			"$DV" --db "$W/merge-empty.db" check >/dev/null 2>&1
			cat >"$W/merge-ref.sql" <<EOF
ATTACH '$W/merge-counter.db' AS o;
BEGIN;
INSERT OR IGNORE INTO unit SELECT * FROM o.unit;
INSERT OR IGNORE INTO staff(name, name_key, role, pin_hash, active, failed_pins, locked_until, created_at, uid)
  SELECT name, name_key, role, pin_hash, active, failed_pins, locked_until, created_at, uid FROM o.staff;
INSERT OR IGNORE INTO procedure SELECT * FROM o.procedure;
INSERT INTO shift(staff_id, unit_code, counter, session, opened_at, closed_at, local_day)
  SELECT staff_id, unit_code, counter, session, opened_at, closed_at, local_day FROM o.shift;
INSERT INTO visit(uid, at_utc, local_day, local_hour, entered_at, backdate_reason, staff_id, shift_id,
  unit_code, counter, procedure_code, vneid, account, online_submission, payment, lookup, form_filling,
  postal, dossier_code, elderly, disabled, ethnic_minority, channel, outcome, duration_s, note,
  citizen_name, citizen_phone, consent, pii_purged_at, voided_at, voided_by, void_reason)
  SELECT uid, at_utc, local_day, local_hour, entered_at, backdate_reason, staff_id, shift_id,
  unit_code, counter, procedure_code, vneid, account, online_submission, payment, lookup, form_filling,
  postal, dossier_code, elderly, disabled, ethnic_minority, channel, outcome, duration_s, note,
  citizen_name, citizen_phone, consent, pii_purged_at, voided_at, voided_by, void_reason FROM o.visit;
COMMIT;
EOF
			# sh -c: a fresh copy of the target before each run, for both
			fresh='cp "$1" "$2" && rm -f "$2-wal" "$2-shm" && shift 2 && exec "$@"'
			ref=$("$TOOLS/bench_run" -n "$RUNS" -e "$W/err" -i "$W/merge-ref.sql" -- sh -c "$fresh" sh \
				"$W/merge-centre.db" "$W/merge-ref.db" sqlite3 "$W/merge-ref.db")
			ref0=$("$TOOLS/bench_run" -n "$RUNS" -e "$W/err" -i "$W/merge-ref.sql" -- sh -c "$fresh" sh \
				"$W/merge-empty.db" "$W/merge-ref.db" sqlite3 "$W/merge-ref.db")
			if have_cmd merge; then
				ours=$("$TOOLS/bench_run" -n "$RUNS" -e "$W/err" -- sh -c "$fresh" sh \
					"$W/merge-centre.db" "$W/merge-ours.db" "$DV" --db "$W/merge-ours.db" merge "$W/merge-counter.db")
				if [[ $ours == failed* ]]; then
					o="failed: $(head -c 120 "$W/err")"
				else
					o=$(kvw wall_ms "$ours")
					CPU_O=$(kvw cpu_ms "$ours")
					n=$(sqlite3 "$W/merge-ours.db" "SELECT count(*) FROM visit")
					[ "$n" = $((2 * MV)) ] || o="failed: $n visits after the merge, not $((2 * MV))"
				fi
				ours0=$("$TOOLS/bench_run" -n "$RUNS" -e "$W/err" -- sh -c "$fresh" sh \
					"$W/merge-empty.db" "$W/merge-ours.db" "$DV" --db "$W/merge-ours.db" merge "$W/merge-counter.db")
				[[ $ours0 == failed* ]] && o0="failed: $(head -c 120 "$W/err")" || o0=$(kvw wall_ms "$ours0")
			fi
		else
			o="failed: bench_gen: $(tail -1 "$W/merge-gen.log")"
		fi
	fi
	CPU_R=$(kvw cpu_ms "$ref")
	row merge "merge of $MV visits (a counter's year) vs sqlite3 INSERT…SELECT" "$o" "$(kvw wall_ms "$ref")" ms "<= 2x sqlite3" "q <= 2"
	row merge "merge into an empty file vs sqlite3 (raw record copy)" "$o0" "$(kvw wall_ms "$ref0")" ms "" ""
	rm -f "$W"/merge-*.db*
fi
