#!/usr/bin/env bash
# dvcdesk merge through the real binary: two counters' files (different
# units, counters and staff, a visit in both, a void in one) merged twice
# give exact counts; the report of the merged file counts every unit with a
# per-unit breakdown equal to a plain SQL count, and --unit narrows report
# and export; a damaged, foreign, symlinked or newer file is refused with
# one line and changes nothing; the other file is never written; kill -9
# during a merge leaves all of a file or nothing.
. "$(dirname "$0")/../lib.sh"
GEN=$TOP/${B:-build}/tests/tools/bench_gen
q() { sqlite3 "$1" "$2"; }
for tool in sqlite3 python3 faketime pdftotext; do
	command -v "$tool" >/dev/null ||
		fail "$tool is installed" "install the Debian package: $(case $tool in pdftotext) echo poppler-utils ;; python3) echo python3 ;; *) echo "$tool" ;; esac)"
done

NOW='2026-03-02 10:00:00'
cat >"$T/a.ini" <<'INI'
[unit]
name = UBND phường Ba Đình
code = H01.01
province = Hà Nội
[counter]
name = Quầy 1
INI
cat >"$T/b.ini" <<'INI'
[unit]
name = UBND phường Kim Mã
code = H01.02
province = Hà Nội
[counter]
name = Quầy 2
INI
A=$T/a/dvcdesk.db
Bf=$T/b/dvcdesk.db
da() { faketime "$NOW" "$DVCDESK" --config "$T/a.ini" --db "$A" "$@"; }
db() { faketime "$NOW" "$DVCDESK" --config "$T/b.ini" --db "$Bf" "$@"; }

expect_exit "staff at counter A" 0 da staff add "Nguyễn Văn An"
expect_exit "staff at counter B" 0 db staff add "Trần Thị Bình"
# the same name at the other counter: another person (another uid)
expect_exit "a namesake at counter B" 0 db staff add "Nguyễn Văn An"

add() { # a|b STAFF [add options...]: prints the uid
	local f=$1 who=$2
	shift 2
	"d$f" add --staff "$who" "$@" 2>>"$T/adderr" || fail "add at $f" "$(tail -2 "$T/adderr")"
}
for i in 1 2 3; do add a "Nguyễn Văn An" --procedure 1.001193 --service vneid >/dev/null; done
add a "Nguyễn Văn An" --procedure none --service lookup >/dev/null
for i in 1 2 3 4; do add b "Trần Thị Bình" --procedure 2.000815 --service account >/dev/null; done
add b "Nguyễn Văn An" --procedure 1.001193 --service vneid,online_submission \
	--dossier 000.00.20.H08-260302-0001 >/dev/null
void_b=$(add b "Trần Thị Bình" --procedure 1.001193)
expect_exit "a void at counter B" 0 db void "$void_b" --reason "nhập trùng" --staff "Trần Thị Bình"
# one visit in both files (a copied paper form, same uid), voided at B only
shared=01955555-0000-7000-8000-000000000001
add a "Nguyễn Văn An" --procedure 1.001193 --uid "$shared" >/dev/null
add b "Trần Thị Bình" --procedure 1.001193 --uid "$shared" >/dev/null
expect_exit "the shared visit voided at B" 0 db void "$shared" --reason "sai thủ tục" \
	--staff "Trần Thị Bình"
na=$(q "$A" "SELECT count(*) FROM visit")
nb=$(q "$Bf" "SELECT count(*) FROM visit")
expect_eq "the files as made" "$na $nb" "5 7"
sum_b=$(sha256sum <"$Bf")

# ---- merge twice ----
expect_exit "merge B into A" 0 env LANGUAGE=en faketime "$NOW" "$DVCDESK" --config "$T/a.ini" \
	--db "$A" merge "$Bf"
expect_contains "says what was added" "$OUT" "$Bf: 6 visits added, 1 voided, 0 updated, 0 already here; 3 staff added (2 renamed), 0 already here"
expect_contains "says one unit was added" "$OUT" "1 units added"
expect_contains "names the namesake kept apart" "$ERR" "Nguyễn Văn An → Nguyễn Văn An (H01.02)"
# each counter's first run made its default volunteer: two people too
expect_contains "and the other default volunteer" "$ERR" "Tình nguyện viên → Tình nguyện viên (H01.02)"
expect_eq "every visit once" "$(q "$A" "SELECT count(*), count(DISTINCT uid) FROM visit")" "11|11"
expect_eq "the shared visit voided here, audited" \
	"$(q "$A" "SELECT v.voided_at IS NOT NULL, v.void_reason, (SELECT count(*) FROM audit WHERE action = 'merge.void' AND visit_uid = v.uid) FROM visit v WHERE uid = '$shared'")" \
	"1|sai thủ tục|1"
expect_eq "B's void came along" "$(q "$A" "SELECT voided_at IS NOT NULL FROM visit WHERE uid = '$void_b'")" 1
expect_eq "each visit keeps its unit, counter and volunteer" \
	"$(q "$A" "SELECT v.unit_code, v.counter, s.name, count(*) FROM visit v JOIN staff s ON s.id = v.staff_id GROUP BY 1, 2, 3 ORDER BY 1, 3")" \
	"H01.01|Quầy 1|Nguyễn Văn An|5
H01.02|Quầy 2|Nguyễn Văn An (H01.02)|1
H01.02|Quầy 2|Trần Thị Bình|5"
expect_eq "staff keep their uid" \
	"$(q "$A" "SELECT uid FROM staff WHERE name = 'Trần Thị Bình'")" \
	"$(q "$Bf" "SELECT uid FROM staff WHERE name = 'Trần Thị Bình'")"
expect_eq "both units are known" "$(q "$A" "SELECT group_concat(code || '=' || name, ',') FROM (SELECT * FROM unit ORDER BY code)")" \
	"H01.01=UBND phường Ba Đình,H01.02=UBND phường Kim Mã"
expect_eq "the other file was only read" "$(sha256sum <"$Bf")" "$sum_b"
snap() { q "$A" "SELECT (SELECT count(*) FROM visit), (SELECT count(*) FROM staff), (SELECT count(*) FROM shift), (SELECT count(*) FROM unit), (SELECT count(*) FROM procedure), (SELECT count(*) FROM audit), (SELECT sum(use_count) FROM procedure), (SELECT count(*) FROM visit WHERE voided_at IS NOT NULL)"; }
before=$(snap)
expect_exit "merge B into A again" 0 env LANGUAGE=en faketime "$NOW" "$DVCDESK" \
	--config "$T/a.ini" --db "$A" merge "$Bf"
expect_contains "the second merge adds nothing" "$OUT" "0 visits added, 0 voided, 0 updated, 7 already here; 0 staff added (0 renamed), 3 already here; 0 shifts, 0 procedures, 0 units added"
expect_eq "and changes nothing" "$(snap)" "$before"
expect_exit "in Vietnamese" 0 da merge "$Bf"
expect_contains "the summary in Vietnamese" "$OUT" "thêm 0 lượt, hủy 0 lượt"

# ---- reports over both units ----
day=2026-03-02
expect_exit "report JSON of the merged file" 0 da report --day "$day" --format json
printf '%s' "$OUT" >"$T/r.json"
sql_units=$(q "$A" "SELECT unit_code, sum(voided_at IS NULL), sum(voided_at IS NOT NULL), sum(online_submission * (voided_at IS NULL)), sum(vneid * (voided_at IS NULL)), sum(account * (voided_at IS NULL)) FROM visit WHERE local_day = 20260302 GROUP BY unit_code ORDER BY 2 DESC, 1")
json_units=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for u in d["units"]:
    print("|".join(str(u[k]) for k in ("code", "visits", "voided", "online_submission", "vneid", "account")))
print("ranks", [u["rank"] for u in d["units"]], "names", [u["name"] for u in d["units"]], "total", d["visits"], sum(u["visits"] for u in d["units"]))
' "$T/r.json")
expect_eq "JSON units equal a plain SQL count per unit, most visits first" "$(head -n -1 <<<"$json_units")" "$sql_units"
expect_eq "ranked from 1, named, and adding up to the total" "$(tail -1 <<<"$json_units")" \
	"ranks [1, 2] names ['UBND phường Kim Mã', 'UBND phường Ba Đình'] total 9 9"
expect_eq "the total is every unit's" "$(q "$A" "SELECT count(*) FROM visit WHERE local_day = 20260302 AND voided_at IS NULL")" 9
expect_exit "report --unit H01.02" 0 da report --day "$day" --format json --unit H01.02
expect_eq "--unit narrows the report" "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["unit"], d["visits"], d["voided"], [u["code"] for u in d["units"]])' "$OUT")" \
	"H01.02 5 1 ['H01.02']" # the shared visit is A's (H01.01), voided by B
expect_exit "report --unit twice" 0 da report --day "$day" --format json --unit H01.02 --unit H01.01
expect_eq "two --unit: both" "$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["visits"], len(d["units"]))' "$OUT")" "9 2"
expect_exit "an unknown unit" 66 da report --day "$day" --unit H09.99
expect_contains "names the units there are" "$ERR" "H01.01, H01.02"
expect_exit "a counter's own file: one unit listed" 0 db report --day "$day" --format json
expect_eq "units has one element for a counter's file" \
	"$(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])["units"]))' "$OUT")" 1
expect_exit "report text" 0 da report --day "$day"
expect_contains "the text has a per-unit section" "$OUT" "THEO ĐƠN VỊ"
expect_contains "with the unit named" "$OUT" "UBND phường Kim Mã"
expect_contains "and its code" "$OUT" "(H01.02)"
expect_exit "report CSV" 0 da report --day "$day" --format csv
expect_contains "the CSV has per-unit rows" "$OUT" "unit,H01.02,UBND phường Kim Mã,5"
expect_exit "report PDF" 0 da report --day "$day" --format pdf --output "$T/r.pdf"
expect_contains "the PDF has the per-unit section" "$(pdftotext -layout "$T/r.pdf" - 2>/dev/null)" "THEO ĐƠN VỊ"
expect_exit "export --unit" 0 da export --from "$day" --to "$day" --unit H01.02
expect_eq "--unit narrows the export (voided rows included)" "$(($(wc -l <<<"$OUT") - 1))" \
	"$(q "$A" "SELECT count(*) FROM visit WHERE unit_code = 'H01.02'")"
expect_not_contains "only that unit's rows" "$OUT" ",H01.01,"

# ---- refused files change nothing ----
before=$(snap)
sum_a=$(q "$A" "SELECT group_concat(uid || coalesce(voided_at, ''), ',') FROM (SELECT * FROM visit ORDER BY uid)")
head -c 20000 /dev/urandom >"$T/damaged.db"
q "$T/foreign.db" "CREATE TABLE visit(id INTEGER PRIMARY KEY); INSERT INTO visit VALUES (1)"
ln -s "$Bf" "$T/link.db"
cp "$Bf" "$T/newer.db"
rm -f "$T/newer.db-wal" "$T/newer.db-shm"
q "$T/newer.db" "PRAGMA user_version = 999" >/dev/null
# a real dvcdesk file with a damaged page in the middle
cp "$Bf" "$T/torn.db"
q "$T/torn.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
dd if=/dev/urandom of="$T/torn.db" bs=4096 seek=3 count=1 conv=notrunc status=none
for bad in damaged:65 foreign:65 link:66 newer:65 torn:65; do
	code=${bad#*:} bad=${bad%:*}
	expect_exit "a $bad file is refused" "$code" da merge "$T/$bad.db"
	lines=$(printf '%s\n' "$ERR" | grep -c .)
	expect_eq "$bad: one line on stderr" "$lines" 1
	expect_contains "$bad: the line names the file" "$ERR" "$T/$bad.db"
	expect_eq "$bad: nothing changed" "$(snap)" "$before"
done
expect_exit "this file itself is refused" 64 da merge "$A"
expect_exit "a missing file is refused" 66 da merge "$T/nowhere.db"
expect_eq "the visits are the same" "$(q "$A" "SELECT group_concat(uid || coalesce(voided_at, ''), ',') FROM (SELECT * FROM visit ORDER BY uid)")" "$sum_a"
# several files: the good ones go in, the bad one is said, the exit is the bad one's
cat >"$T/c.ini" <<'INI'
[unit]
name = UBND phường Giảng Võ
code = H01.03
[counter]
name = Quầy 3
INI
C=$T/c/dvcdesk.db
faketime "$NOW" "$DVCDESK" --config "$T/c.ini" --db "$C" add --procedure none >/dev/null
expect_exit "a bad file among good ones" 65 da merge "$T/damaged.db" "$C" "$Bf"
expect_contains "the good file went in" "$OUT" "$C: "
expect_eq "with its visit" "$(q "$A" "SELECT count(*) FROM visit WHERE unit_code = 'H01.03'")" 1

# ---- kill -9 during a merge: all of a file or nothing ----
if [ ! -x "$GEN" ]; then
	fail "bench_gen is built" "missing: $GEN (make $B/tests/tools/bench_gen)"
else
	"$GEN" --db "$T/big.db" --visits 20000 --years 1 --units 1 --counters 1 --staff 6 \
		--procedures 100 --seed 5 --end 2026-03-01 >/dev/null 2>&1 || fail "bench_gen makes a counter's year"
	base=$(q "$A" "SELECT count(*) FROM visit")
	cp "$A" "$T/k0.db"
	rm -f "$A-wal" "$A-shm"
	t0=$(date +%s%N)
	"$DVCDESK" --config "$T/a.ini" --db "$T/k0.db" merge "$T/big.db" >/dev/null 2>&1
	took=$((($(date +%s%N) - t0) / 1000000))
	whole=0 none=0 bad=0
	for i in $(seq 12); do
		cp "$A" "$T/k.db"
		rm -f "$T/k.db-wal" "$T/k.db-shm"
		"$DVCDESK" --config "$T/a.ini" --db "$T/k.db" merge "$T/big.db" >/dev/null 2>&1 &
		pid=$!
		ms=$((took * i / 13 + 1))
		sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		n=$(q "$T/k.db" "SELECT count(*) FROM visit")
		ic=$(q "$T/k.db" "PRAGMA integrity_check")
		case "$n" in
		"$base") none=$((none + 1)) ;;
		"$((base + 20000))") whole=$((whole + 1)) ;;
		*) bad=$((bad + 1)) ;;
		esac
		[ "$ic" = ok ] || bad=$((bad + 1))
	done
	expect_eq "after each kill -9: all of the file or none, and sound" "$bad" 0
	[ "$none" -gt 0 ] && ok "some kills landed during the merge ($none none, $whole whole)" ||
		fail "some kills landed during the merge" "none=$none whole=$whole took=${took}ms"
	expect_exit "the killed file opens and checks" 0 "$DVCDESK" --config "$T/a.ini" --db "$T/k.db" check
	expect_exit "and the merge then completes" 0 "$DVCDESK" --config "$T/a.ini" --db "$T/k.db" merge "$T/big.db"
	expect_eq "with every visit once" "$(q "$T/k.db" "SELECT count(*), count(DISTINCT uid) FROM visit")" \
		"$((base + 20000))|$((base + 20000))"
fi
finish
