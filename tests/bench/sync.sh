# Sourced by tests/bench/run.sh: the sync rows, against a throwaway
# PostgreSQL started here on a Unix socket (as the postgres user when root)
# and stopped with -m immediate.
#   sync_push     dvcdesk sync of 9,000 visits vs psql \copy of the same rows
#   sync_redeliver the same 9,000 re-sent vs the first push
#   sync_report   report --server --month over BENCH_SYNC_VISITS (10 M) visits
#                 made server-side with generate_series, vs the same SQL in psql
#                 (about 45 s a million here: BENCH_SYNC_VISITS shortens it)
# The throwaway server runs without fsync and with minimal WAL: it holds
# nothing worth keeping, and the 10 M rows load faster.
if wanted sync; then
	PGB=/usr/lib/postgresql/15/bin
	SV=$W/pg
	SVS=$SV/sock
	as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
	mkdir -p "$SVS"
	[ "$(id -u)" -eq 0 ] && chown -R postgres "$SV" && chmod 755 "$W"
	as_pg "$PGB/initdb" -D "$SV/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$SV/initdb.log" 2>&1
	as_pg "$PGB/pg_ctl" -D "$SV/data" -w -l "$SV/log" -o "-k $SVS -c listen_addresses='' -c shared_buffers=256MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c wal_level=minimal -c max_wal_senders=0 -c fsync=off -c synchronous_commit=off -c maintenance_work_mem=512MB" start >/dev/null 2>&1
	trap 'as_pg "$PGB/pg_ctl" -D "$SV/data" -m immediate -w stop >/dev/null 2>&1' EXIT
	CI_S="host=$SVS dbname=postgres user=postgres"
	pq_() { psql -X -q -A -t -h "$SVS" -U postgres -d postgres "$@"; }
	now_ms() { date +%s%3N; }
	"$DV" --db "$W/sync-admin.db" server init --conninfo "$CI_S" >/dev/null
	"$TOOLS/bench_gen" --db "$W/sync.db" --visits 9000 --years 1 --units 1 --seed "$SEED" >/dev/null
	cols=$(echo "unit_code, local_day, uid, version, at_utc, local_hour, counter, staff_uid, procedure_code, dossier_code, vneid, account, online_submission, payment, lookup, form_filling, postal, elderly, disabled, ethnic_minority, channel, outcome, duration_s, backdated, voided_at")
	push_o=() push_r=() redo=()
	for i in 1 2 3; do
		pq_ -c "TRUNCATE dvcdesk.visit, dvcdesk.staff, dvcdesk.day_unit, dvcdesk.day_unit_procedure, dvcdesk.day_unit_staff, dvcdesk.day_unit_hour"
		sqlite3 "$W/sync.db" "UPDATE visit SET synced_version = 0"
		t0=$(now_ms); "$DV" --db "$W/sync.db" sync --quiet --conninfo "$CI_S"; t1=$(now_ms)
		push_o+=($((t1 - t0)))
		sqlite3 "$W/sync.db" "UPDATE visit SET synced_version = 0"
		t0=$(now_ms); "$DV" --db "$W/sync.db" sync --quiet --conninfo "$CI_S"; t1=$(now_ms)
		redo+=($((t1 - t0)))
		pq_ -c "\\copy (SELECT $cols FROM dvcdesk.visit) TO '$W/sync.copy'"
		pq_ -c "TRUNCATE dvcdesk.visit"
		t0=$(now_ms); pq_ -c "\\copy dvcdesk.visit ($cols) FROM '$W/sync.copy'"; t1=$(now_ms)
		push_r+=($((t1 - t0)))
	done
	po=$(printf '%s\n' "${push_o[@]}" | median)
	row sync_push "sync: push of 9,000 visits (COPY + upsert + roll-up, with the connection) vs psql \\copy" \
		"$po" "$(printf '%s\n' "${push_r[@]}" | median)" ms "<= 2x psql, < 1 s" "q <= 2 && o < 1000"
	row sync_redeliver "sync: the same 9,000 delivered again vs the first push" \
		"$(printf '%s\n' "${redo[@]}" | median)" "$po" ms "<= 1x" "q <= 1"

	# 10 M visits over a year, 300 units, generated on the server
	NV=${BENCH_SYNC_VISITS:-10000000}
	log "sync: generating $NV visits on the server"
	pq_ -c "TRUNCATE dvcdesk.visit, dvcdesk.day_unit, dvcdesk.day_unit_procedure, dvcdesk.day_unit_staff, dvcdesk.day_unit_hour"
	pq_ -c "SELECT dvcdesk.ensure_month(d::date) FROM generate_series(date '2025-01-01', date '2025-12-01', interval '1 month') d" >/dev/null
	pq_ -c "INSERT INTO dvcdesk.visit ($cols)
		SELECT 'U' || lpad((g % 300)::text, 3, '0'), date '2025-01-01' + (g % 365)::int,
		       ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 1,
		       timestamptz '2025-01-01 01:00+00' + (g % 365) * interval '1 day', 7 + g % 10,
		       'Quầy 1', ('00000000-0000-7000-9000-' || lpad(to_hex(g % 3000), 12, '0'))::uuid,
		       CASE WHEN g % 5 = 0 THEN NULL ELSE '1.' || lpad((g % 97)::text, 6, '0') END, NULL,
		       g % 3 = 0, g % 4 = 0, g % 7 = 0, false, g % 11 = 0, false, false,
		       g % 13 = 0, false, g % 17 = 0, 'walk_in', 'done', g % 600, false,
		       CASE WHEN g % 101 = 0 THEN timestamptz '2025-12-31' END
		  FROM generate_series(1, $NV) g"
	pq_ -c "CREATE TEMP TABLE touched AS SELECT DISTINCT unit_code, local_day FROM dvcdesk.visit; SELECT dvcdesk.refresh_rollup(); ANALYZE;" >/dev/null
	rep_o=() rep_r=()
	sed -n '/^static const char sql_totals/,/^static long num/p' src/sync/server_report.c >/dev/null
	cat >"$W/sync-report.sql" <<-'SQL'
	\set f '2025-06-01'
	\set t '2025-06-30'
	SELECT coalesce(sum(visits),0), coalesce(sum(voided),0), sum(vneid), sum(account), sum(online_submission), sum(payment), sum(lookup), sum(form_filling), sum(postal), sum(elderly), sum(disabled), sum(ethnic_minority), sum(walk_in), sum(phone), sum(online), sum(outreach), sum(done), sum(more_papers), sum(referred), sum(general_guidance), sum(timed_visits), sum(duration_total_s) FROM dvcdesk.day_unit WHERE local_day BETWEEN :'f' AND :'t';
	SELECT procedure_code, sum(visits), sum(online_submission) FROM dvcdesk.day_unit_procedure WHERE local_day BETWEEN :'f' AND :'t' GROUP BY 1 ORDER BY 2 DESC, 1;
	SELECT (SELECT min(p.name) FROM dvcdesk.staff p WHERE p.uid = x.person), sum(x.v), sum(x.o) FROM (SELECT coalesce(s.person_uid, d.staff_uid) AS person, d.visits AS v, d.online_submission AS o FROM dvcdesk.day_unit_staff d LEFT JOIN dvcdesk.staff s ON s.unit_code = d.unit_code AND s.uid = d.staff_uid WHERE d.local_day BETWEEN :'f' AND :'t') x GROUP BY x.person ORDER BY 2 DESC, 1;
	SELECT local_hour, sum(visits) FROM dvcdesk.day_unit_hour WHERE local_day BETWEEN :'f' AND :'t' GROUP BY 1;
	SELECT to_char(local_day, 'YYYYMMDD'), sum(visits) FROM dvcdesk.day_unit WHERE local_day BETWEEN :'f' AND :'t' GROUP BY 1 ORDER BY 1;
	SELECT d.unit_code, coalesce(min(u.name), ''), sum(d.visits), sum(d.voided), sum(d.online_submission), sum(d.vneid), sum(d.account) FROM dvcdesk.day_unit d LEFT JOIN dvcdesk.unit u ON u.unit_code = d.unit_code WHERE d.local_day BETWEEN :'f' AND :'t' GROUP BY d.unit_code ORDER BY 3 DESC, 1;
	SQL
	for i in $(seq 1 "$RUNS"); do
		t0=$(now_ms); "$DV" --db "$W/sync-admin.db" report --server --month 2025-06 --format json --conninfo "$CI_S" >/dev/null; t1=$(now_ms)
		rep_o+=($((t1 - t0)))
		t0=$(now_ms); pq_ -f "$W/sync-report.sql" >/dev/null; t1=$(now_ms)
		rep_r+=($((t1 - t0)))
	done
	row sync_report "report --server --month, $NV visits (300 units) vs the same SQL in psql" \
		"$(printf '%s\n' "${rep_o[@]}" | median)" "$(printf '%s\n' "${rep_r[@]}" | median)" ms "<= 1.5x psql, <= 200 ms" "q <= 1.5 && o <= 200"
	as_pg "$PGB/pg_ctl" -D "$SV/data" -m immediate -w stop >/dev/null 2>&1
	trap - EXIT
fi
