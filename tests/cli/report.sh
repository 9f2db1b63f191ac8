#!/usr/bin/env bash
# dvcdesk report and export through the real binary: day, month and year
# numbers across a month and a year boundary in local time, voids and a
# backdated entry; CSV read back by Python's csv module equals the JSON;
# text at each width; PDF text and fonts; export columns, streaming output,
# and personal data only when asked for and allowed.
. "$(dirname "$0")/../lib.sh"
if [ -n "${ASAN:-}" ]; then
	# fontconfig keeps one pattern until exit (not ours); faketime's
	# LD_PRELOAD comes before the ASan runtime
	printf 'leak:libfontconfig.so\n' >"$T/lsan.supp"
	export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	export ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
fi

# The program's clock is pinned, so the visits below are in its past.
NOW='2026-03-01 12:00:00'
dvt() { faketime "$NOW" "$DVCDESK" --config "$T/dv.ini" "$@"; }
cat >"$T/dv.ini" <<'INI'
[unit]
name = UBND phường Ba Đình
code = H01.01
province = Hà Nội
place = Ba Đình
[counter]
name = Quầy 1
[targets]
online_submission_year = 100
visits_year = 2000
INI
sed 's/^name = Quầy 1$/name = Quầy 2/' "$T/dv.ini" >"$T/q2.ini"

for who in "Nguyễn Văn An" "Trần Thị Bình"; do
	expect_exit "staff add $who" 0 dvt staff add "$who"
done
n=0
add() { # STAFF AT [add options...]
	local who=$1 at=$2
	shift 2
	n=$((n + 1))
	dvt add --staff "$who" --at "$at" --reason "sổ giấy" "$@" >"$T/uid" 2>"$T/adderr" ||
		fail "add $n" "$(cat "$T/adderr")"
}
# 2025-12-31 23:30 (16:30 UTC): year 2025
add "Nguyễn Văn An" "2025-12-31 23:30" --procedure 1.001193 --service vneid,online_submission \
	--dossier 000.00.20.H08-251231-0001
# 2026-01-01 00:15 (17:15 UTC on 31 Dec): year 2026
add "Trần Thị Bình" "2026-01-01 00:15" --procedure none --service lookup
for i in 1 2 3; do
	add "Nguyễn Văn An" "2026-01-01 09:10" --procedure 1.001193 --service vneid --group elderly
done
add "Trần Thị Bình" "2026-01-01 09:20" --procedure 1.001193
void_uid=$(cat "$T/uid")
expect_exit "void one" 0 dvt void "$void_uid" --reason "nhập trùng" --staff "Trần Thị Bình"
# 2026-01-31 23:50 at the second counter; 2026-02-01 00:05 (17:05 UTC on 31 Jan): February
faketime "$NOW" "$DVCDESK" --config "$T/q2.ini" add --staff "Trần Thị Bình" \
	--at "2026-01-31 23:50" --reason "sổ giấy" --procedure 2.000815 --service account \
	--channel phone --outcome more_papers --duration 5 >/dev/null ||
	fail "add at counter 2"
for i in 1 2; do
	add "Trần Thị Bình" "2026-02-01 00:05" --procedure 1.001193 \
		--service online_submission,payment --dossier "000.00.20.H08-260201-000$i" \
		--group disabled --note "ghi chú riêng $i"
done
add "Nguyễn Văn An" "2026-02-02 10:00" --procedure none --service form_filling \
	--channel outreach --outcome referred

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval('d'+sys.argv[2]))" "$@"; }

expect_exit "report year 2025 json" 0 dvt report --year 2025 --format json --output "$T/y25.json"
expect_eq "2025: the 23:30 visit of 31 Dec only" "$(json "$T/y25.json" '["visits"]')" "1"
expect_exit "report year 2026 json" 0 dvt report --year 2026 --format json --output "$T/y26.json"
expect_eq "2026 visits (voided left out)" "$(json "$T/y26.json" '["visits"]')" "8"
expect_eq "2026 voided apart" "$(json "$T/y26.json" '["voided"]')" "1"
expect_eq "2026 online" "$(json "$T/y26.json" '["services"]["online_submission"]')" "2"
expect_eq "2026 disabled group" "$(json "$T/y26.json" '["groups"]["disabled"]')" "2"
expect_eq "2026 more papers" "$(json "$T/y26.json" '["outcomes"]["more_papers"]')" "1"
expect_eq "2026 staff order and counts" \
	"$(json "$T/y26.json" '["staff"][0]["name"]'),$(json "$T/y26.json" '["staff"][0]["visits"]')" \
	"Nguyễn Văn An,4"
expect_eq "2026 targets: online achieved" \
	"$(json "$T/y26.json" '["targets"]["items"][0]["achieved"]')" "2"
expect_exit "report month 2026-01" 0 dvt report --month 2026-01 --format json --output "$T/m1.json"
expect_eq "January: 1 Jan ×4 and 31 Jan 23:50" "$(json "$T/m1.json" '["visits"]')" "5"
expect_exit "report month 2026-02" 0 dvt report --month 2026-02 --format json --output "$T/m2.json"
expect_eq "February: 1 Feb 00:05 ×2 and 2 Feb" "$(json "$T/m2.json" '["visits"]')" "3"
expect_eq "February by hour: 00:00 twice" "$(json "$T/m2.json" '["by_hour"][0]')" "2"
expect_eq "February working days left (Mon-Fri, Mar-Dec 2026)" \
	"$(json "$T/m2.json" '["targets"]["working_days_left"]')" "219"
expect_exit "report day 2026-01-01" 0 dvt report --day 2026-01-01 --format json --output "$T/d.json"
expect_eq "1 January" "$(json "$T/d.json" '["visits"]'),$(json "$T/d.json" '["voided"]')" "4,1"
expect_exit "report range" 0 dvt report --from 2025-12-31 --to 2026-02-02 --format json \
	--output "$T/all.json"
expect_eq "the whole range equals a plain SQL count" "$(json "$T/all.json" '["visits"]')" \
	"$(sqlite3 "$XDG_DATA_HOME/dvcdesk/dvcdesk.db" \
		'SELECT count(*) FROM visit WHERE voided_at IS NULL AND local_day BETWEEN 20251231 AND 20260202')"
expect_exit "staff filter" 0 dvt report --year 2026 --staff "Nguyễn Văn An" --format json \
	--output "$T/an.json"
expect_eq "An's 2026 visits" "$(json "$T/an.json" '["visits"]')" "4"
expect_exit "counter filter" 0 dvt report --year 2026 --counter "Quầy 2" --format json \
	--output "$T/q2.json"
expect_eq "counter 2's visits" "$(json "$T/q2.json" '["visits"]')" "1"

# CSV read back by Python's csv module equals the JSON, key by key.
for p in "--year 2026" "--month 2026-01" "--day 2026-01-01"; do
	rm -f "$T/r.csv" "$T/r.json"
	# shellcheck disable=SC2086
	expect_exit "report $p --format csv" 0 dvt report $p --format csv --output "$T/r.csv"
	# shellcheck disable=SC2086
	expect_exit "report $p --format json" 0 dvt report $p --format json --output "$T/r.json"
	if python3 - "$T/r.csv" "$T/r.json" >"$T/cmp" 2>&1 <<'PY'; then ok "CSV equals JSON ($p)"; else fail "CSV equals JSON ($p)" "$(cat "$T/cmp")"; fi
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
j = json.load(open(sys.argv[2], encoding='utf-8'))
num = lambda v: float(v) if '.' in v else int(v)
def sec(name):
    return [r for r in rows if r['section'] == name]
meta = {r['key']: r['value'] for r in sec('meta')}
total = {r['key']: r['value'] for r in sec('total')}
errors = []
def same(what, a, b):
    if a != b:
        errors.append(f"{what}: csv {a!r} json {b!r}")
same('from', meta['from'], j['from']); same('to', meta['to'], j['to'])
same('unit', meta['unit'], j['unit'])
same('unit_name', [r['name'] for r in sec('meta') if r['key'] == 'unit'][0], j['unit_name'])
same('visits', int(total['visits']), j['visits']); same('voided', int(total['voided']), j['voided'])
same('general_guidance', int(total['general_guidance']), j['general_guidance'])
same('online share', float(total['online_share_percent']), j['online_share_percent'])
same('average', int(total['average_seconds']), j['duration']['average_seconds'])
for s, k in (('service', 'services'), ('group', 'groups'), ('outcome', 'outcomes'), ('channel', 'channels')):
    same(k, {r['key']: int(r['value']) for r in sec(s)}, j[k])
same('procedures', [{'code': r['key'], 'name': r['name'], 'visits': int(r['value'])} for r in sec('procedure')],
     [{'code': p['code'], 'name': p['name'], 'visits': p['visits']} for p in j['procedures']])
same('procedure online', [int(r['value']) for r in sec('procedure_online_submission')],
     [p['online_submission'] for p in j['procedures']])
same('staff', [(r['name'], int(r['value'])) for r in sec('staff')], [(s['name'], s['visits']) for s in j['staff']])
same('by_hour', [int(r['value']) for r in sec('hour')], j['by_hour'])
same('by_weekday', {r['key']: int(r['value']) for r in sec('weekday')}, j['by_weekday'])
same('by_day', [(r['key'], int(r['value'])) for r in sec('day')], [(d['day'], d['visits']) for d in j['by_day']])
same('working days', int(meta['working_days_left']), j['targets']['working_days_left'])
same('targets', [(r['key'], int(r['value'])) for r in sec('target_achieved')],
     [(t['key'], t['achieved']) for t in j['targets']['items']])
same('target percent', [float(r['value']) for r in sec('target_percent')], [t['percent'] for t in j['targets']['items']])
print('\n'.join(errors))
sys.exit(1 if errors else 0)
PY
done
expect_exit "CSV with --bom" 0 dvt report --day 2026-01-01 --format csv --bom --output "$T/bom.csv"
expect_eq "starts with the UTF-8 BOM" "$(head -c 3 "$T/bom.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
expect_eq "CRLF line ends" "$(head -1 "$T/r.csv" | od -An -c | grep -c '\\r')" "1"

# Text: Vietnamese by default, aligned by display width at each width.
expect_exit "text report" 0 dvt report --month 2026-01
expect_contains "title" "$OUT" "BÁO CÁO THÁNG"
expect_contains "period" "$OUT" "Tháng 01 năm 2026"
expect_contains "procedure name" "$OUT" "Đăng ký khai sinh"
expect_contains "signature line" "$OUT" "TM. BAN CHẤP HÀNH ĐOÀN XÃ"
expect_contains "place and date: the commune, not the province" "$OUT" "Ba Đình, ngày 01 tháng 03 năm 2026"
for w in 58mm:32 80mm:48 a4:80; do
	dvt report --year 2026 --width "${w%%:*}" >"$T/w.txt"
	wide=$(python3 -c '
import sys, unicodedata
w = int(sys.argv[2])
def width(s): return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(sum(1 for l in open(sys.argv[1], encoding="utf-8") if width(l.rstrip("\n")) > w))' "$T/w.txt" "${w#*:}")
	expect_eq "no line wider than ${w#*:} columns at ${w%%:*}" "$wide" "0"
done
expect_exit "English with LANGUAGE=en" 0 env LANGUAGE=en faketime "$NOW" "$DVCDESK" \
	--config "$T/dv.ini" report --day 2026-01-01
expect_contains "English title" "$OUT" "DAILY REPORT"

# PDF: the Vietnamese text and the totals are on the page, fonts embedded.
# On the real clock (nothing checked here depends on it): libfaketime's
# pthread_cond interposition and an ASan build's now and then abort inside
# pango's font threads ("The futex facility returned an unexpected error
# code"), which is the tools, not the program.
for paper in a4 80mm 58mm; do
	expect_exit "pdf $paper" 0 "$DVCDESK" --config "$T/dv.ini" report --month 2026-01 \
		--format pdf --width $paper --output "$T/m-$paper.pdf"
	# one line of words: a receipt wraps the subtitle
	txt=$(pdftotext "$T/m-$paper.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
	expect_eq "pdf $paper: text is NFC" \
		"$(python3 -c 'import sys, unicodedata; t = sys.stdin.read(); print(unicodedata.is_normalized("NFC", t) and len(t) > 500)' <<<"$txt")" "True"
	expect_contains "pdf $paper: title" "$txt" "BÁO CÁO THÁNG"
	expect_contains "pdf $paper: stacked diacritics intact" "$txt" "Kết quả hỗ trợ người dân thực hiện thủ tục hành chính"
	expect_contains "pdf $paper: procedure" "$txt" "Đăng ký khai sinh"
	expect_contains "pdf $paper: staff" "$txt" "Nguyễn Văn An"
	expect_contains "pdf $paper: total row" "$txt" "Tổng số lượt"
	fonts=$(pdffonts "$T/m-$paper.pdf")
	expect_contains "pdf $paper: DejaVu" "$fonts" "DejaVuSans"
	expect_eq "pdf $paper: every font embedded" \
		"$(tail -n +3 <<<"$fonts" | awk '{print $(NF-4)}' | sort -u)" "yes"
	expect_eq "pdf $paper: file is 0600" "$(stat -c %a "$T/m-$paper.pdf")" "600"
done
expect_eq "A4 page size" "$(pdfinfo "$T/m-a4.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1x\2/p')" "595.276x841.89"
expect_eq "80 mm page width" "$(pdfinfo "$T/m-80mm.pdf" | sed -n 's/^Page size: *\([0-9.]*\) x.*/\1/p')" "226.772"
expect_contains "the total 5 is on the A4 page" "$(pdftotext -layout "$T/m-a4.pdf" - | grep 'Tổng số lượt hỗ trợ')" "5"

# Usage errors.
expect_exit "no period" 64 dvt report --format json
expect_exit "two periods" 64 dvt report --day 2026-01-01 --month 2026-01
expect_exit "pdf needs --output or --print" 64 dvt report --day 2026-01-01 --format pdf
expect_contains "says so" "$ERR" "--output"
expect_exit "bad month" 64 dvt report --month 2026-13
expect_exit "reversed range" 64 dvt report --from 2026-02-01 --to 2026-01-01
expect_exit "unknown staff" 66 dvt report --day 2026-01-01 --staff "Không Có"
expect_exit "unwritable output" 73 dvt report --day 2026-01-01 --output "$T/no/such/dir/r.txt"

# Export: one row per visit (voided ones flagged), no personal data by default.
expect_exit "export csv" 0 dvt export --from 2025-12-31 --to 2026-02-02 --output "$T/x.csv"
expect_eq "export file is 0600" "$(stat -c %a "$T/x.csv")" "600"
python3 - "$T/x.csv" >"$T/xcheck" 2>&1 <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
print(len(rows), sum(int(r['voided']) for r in rows), ','.join(rows[0].keys()))
first = rows[0]
print(first['at_utc'], first['at_local'], first['procedure_name'])
print(rows[1]['at_utc'], rows[1]['at_local'])
PY
expect_eq "export rows and voided" "$(sed -n 1p "$T/xcheck" | cut -d' ' -f1-2)" "10 1"
expect_eq "export columns" "$(sed -n 1p "$T/xcheck" | cut -d' ' -f3)" \
	"uid,at_utc,at_local,procedure_code,procedure_name,vneid,account,online_submission,payment,lookup,form_filling,postal,dossier_code,elderly,disabled,ethnic_minority,channel,outcome,duration_s,staff,counter,unit_code,shift_id,backdated,voided,voided_at"
expect_eq "UTC and local ISO 8601 times" "$(sed -n 2p "$T/xcheck")" \
	"2025-12-31T16:30:00Z 2025-12-31T23:30:00+07:00 Đăng ký khai sinh"
expect_eq "local midnight crossing" "$(sed -n 3p "$T/xcheck")" \
	"2025-12-31T17:15:00Z 2026-01-01T00:15:00+07:00"
expect_not_contains "no note without --with-personal-data" "$(cat "$T/x.csv")" "ghi chú riêng"
expect_exit "export json" 0 dvt export --from 2025-12-31 --to 2026-02-02 --format json
expect_eq "json export parses, same rows" \
	"$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), sum(r["voided"] for r in d), d[0]["uid"] != "")' <<<"$OUT")" \
	"10 1 True"
expect_exit "personal data refused when the config does not collect it" 77 \
	dvt export --from 2025-12-31 --to 2026-02-02 --with-personal-data
expect_contains "says why" "$ERR" "collect_name"
printf '[privacy]\ncollect_name = yes\n' >>"$T/dv.ini"
expect_exit "personal data when allowed and asked for" 0 \
	dvt export --from 2025-12-31 --to 2026-02-02 --with-personal-data
expect_contains "note included" "$OUT" "ghi chú riêng 1"
expect_contains "name column included" "$(head -1 <<<"$OUT")" "citizen_name"
expect_not_contains "phone column not allowed" "$(head -1 <<<"$OUT")" "citizen_phone"

# Export streams: its memory does not grow with the number of visits.
db=$XDG_DATA_HOME/dvcdesk/dvcdesk.db
cp "$db" "$T/big.db"
sqlite3 "$T/big.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO visit (uid, at_utc, local_day, local_hour, entered_at, staff_id, unit_code, counter,
  procedure_code, vneid) SELECT 'bulk-' || i, 1767225600 + i * 60, 20260101, 9, 1767225600 + i * 60,
  1, 'H01.01', 'Quầy 1', '1.001193', i % 2 FROM n;"
# Peak memory (KiB) of a command, its output thrown away.
peak() {
	python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
small=$(peak faketime "$NOW" "$DVCDESK" --config "$T/dv.ini" export --from 2026-01-01 --to 2026-01-01)
large=$(peak faketime "$NOW" "$DVCDESK" --config "$T/dv.ini" --db "$T/big.db" export --from 2026-01-01 --to 2026-01-01)
rows=$(faketime "$NOW" "$DVCDESK" --config "$T/dv.ini" --db "$T/big.db" export --from 2026-01-01 --to 2026-01-01 | wc -l)
expect_eq "200,000 bulk rows exported (and the day's 5, and the header)" "$rows" "200006"
big=$(faketime "$NOW" "$DVCDESK" --config "$T/dv.ini" --db "$T/big.db" report --day 2026-01-01 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["visits"])')
expect_eq "the day report counts them too" "$big" "200004"
if [ -n "$small" ] && [ -n "$large" ] && [ $((large - small)) -lt 16384 ]; then
	ok "export streams: peak memory ${small} KiB for 5 rows, ${large} KiB for 200,005"
else
	fail "export streams" "peak memory ${small:-?} KiB for 5 rows, ${large:-?} KiB for 200,005"
fi

finish
