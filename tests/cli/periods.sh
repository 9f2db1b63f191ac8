#!/usr/bin/env bash
# Report periods, spreadsheets and documents through the real binary:
# calendar and cut-off (Decree 09/2019, from the 15th) months, quarters,
# halves and years with their exact bounds and counts; the year by month;
# the cumulative line to the report day; --format xlsx read back by a real
# reader (python3-openpyxl) equal to the JSON figure by figure; the
# document form of the A4 text and the PDFs (youth-union and state forms,
# the commune in the date line, no login name, no word split across lines).
. "$(dirname "$0")/../lib.sh"
if [ -n "${ASAN:-}" ]; then
	printf 'leak:libfontconfig.so\n' >"$T/lsan.supp"
	export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	export ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
fi
# openpyxl is Debian's python3-openpyxl: the system python, not a user's one
PY=/usr/bin/python3
$PY -c 'import openpyxl' 2>/dev/null || fail "python3-openpyxl is needed (apt-get install python3-openpyxl)"
for tool in pdftotext pdftoppm; do
	command -v $tool >/dev/null || fail "$tool is needed (apt-get install poppler-utils)"
done

NOW='2026-12-20 10:00:00'
cat >"$T/cal.ini" <<'INI'
[unit]
name = Trung tâm Phục vụ hành chính công xã Tân Phú
code = 000.00.20.H08
province = Đồng Nai
place = Tân Phú
[targets]
visits_year = 100
account_year = 10
[report]
governing_body = Đoàn xã Tân Phú
issuing_body = Đội hình tình nguyện hỗ trợ dịch vụ công
recipients = "Ban Thường vụ Đoàn xã; UBND xã Tân Phú; Lưu: VP"
INI
{ cat "$T/cal.ini"; printf 'month_starts_on = 15\n'; } >"$T/cut.ini"
on_cal() { faketime "$NOW" "$DVCDESK" --config "$T/cal.ini" "$@"; }
on_cut() { faketime "$NOW" "$DVCDESK" --config "$T/cut.ini" "$@"; }

expect_exit "staff add" 0 on_cal staff add "Nguyễn Thị Hoa"
expect_exit "a name that looks like a formula" 0 on_cal staff add "=1+2"
n=0
add() { # AT [add options...] (general guidance unless --procedure)
	local at=$1
	shift
	n=$((n + 1))
	case " $* " in *" --procedure "*) ;; *) set -- --procedure none "$@" ;; esac
	on_cal add --staff "Nguyễn Thị Hoa" --at "$at" --reason "sổ giấy" "$@" >/dev/null 2>"$T/adderr" ||
		fail "add $n ($at)" "$(cat "$T/adderr")"
}
add "2025-12-14 09:00"
add "2025-12-15 09:00"
add "2026-01-14 10:00"
add "2026-01-15 10:00" --service account
add "2026-03-14 10:00"
add "2026-03-15 10:00" --service account
add "2026-06-14 10:00"
add "2026-06-15 10:00"
add "2026-10-15 10:00" --procedure 1.001193
add "2026-11-14 10:00" --procedure 1.001193
add "2026-11-15 10:00"
add "2026-12-14 16:00"
on_cal add --staff "=1+2" --at "2026-12-15 08:00" --reason "sổ giấy" --procedure none \
	--service account >/dev/null ||
	fail "add as =1+2"

json() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval('d'+sys.argv[2]))" "$@"; }
# period MODE ARGS... -> "from to visits"
period() {
	local mode=$1
	shift
	$mode report "$@" --format json --output "$T/p.json" 2>"$T/perr" || { cat "$T/perr"; return; }
	echo "$(json "$T/p.json" '["from"]') $(json "$T/p.json" '["to"]') $(json "$T/p.json" '["visits"]')"
}
# Calendar periods (the default)
expect_eq "calendar month 2026-01" "$(period on_cal --month 2026-01)" "2026-01-01 2026-01-31 2"
expect_eq "calendar Q1" "$(period on_cal --quarter 2026-Q1)" "2026-01-01 2026-03-31 4"
expect_eq "calendar Q4" "$(period on_cal --quarter 2026-Q4)" "2026-10-01 2026-12-31 5"
expect_eq "calendar H1" "$(period on_cal --half 2026-H1)" "2026-01-01 2026-06-30 6"
expect_eq "calendar H2" "$(period on_cal --half 2026-H2)" "2026-07-01 2026-12-31 5"
expect_eq "calendar year" "$(period on_cal --year 2026)" "2026-01-01 2026-12-31 11"
expect_eq "calendar leap February" "$(period on_cal --month 2028-02)" "2028-02-01 2028-02-29 0"
expect_eq "period kind quarter" "$(on_cal report --quarter 2026-Q1 --format json | $PY -c 'import json,sys; print(json.load(sys.stdin)["period"]["kind"])')" "quarter"
# Cut off on the 15th: month 2026-11 = 15/10..14/11, the year 15/12..14/12
expect_eq "cut-off month 2026-11" "$(period on_cut --month 2026-11)" "2026-10-15 2026-11-14 2"
expect_eq "cut-off month 2026-01 across the year end" "$(period on_cut --month 2026-01)" "2025-12-15 2026-01-14 2"
expect_eq "cut-off month 2026-12" "$(period on_cut --month 2026-12)" "2026-11-15 2026-12-14 2"
expect_eq "cut-off March of a leap year" "$(period on_cut --month 2028-03)" "2028-02-15 2028-03-14 0"
expect_eq "cut-off Q1" "$(period on_cut --quarter 2026-Q1)" "2025-12-15 2026-03-14 4"
expect_eq "cut-off Q4" "$(period on_cut --quarter 2026-Q4)" "2026-09-15 2026-12-14 4"
expect_eq "cut-off H1" "$(period on_cut --half 2026-H1)" "2025-12-15 2026-06-14 6"
expect_eq "cut-off H2" "$(period on_cut --half 2026-H2)" "2026-06-15 2026-12-14 5"
expect_eq "cut-off year 2026" "$(period on_cut --year 2026)" "2025-12-15 2026-12-14 11"
expect_eq "15/12/2026 is in the cut-off year 2027" "$(period on_cut --month 2027-01)" "2026-12-15 2027-01-14 1"
expect_exit "bad quarter" 64 on_cal report --quarter 2026-Q5
expect_contains "says what is allowed" "$ERR" "YYYY-Q1"
expect_exit "bad half" 64 on_cal report --half 2026-3
printf '[report]\nmonth_starts_on = 10\n' >"$T/bad.ini"
expect_exit "bad month_starts_on" 78 "$DVCDESK" --config "$T/bad.ini" report --day today
expect_contains "names the choices" "$ERR" "15"

# The year by month, and the targets to the report day, in the chosen year
on_cut report --year 2026 --format json --output "$T/cy.json"
expect_eq "cut-off year by month" "$($PY -c '
import json,sys; d=json.load(open(sys.argv[1]))
print(" ".join(str(m["visits"]) for m in d["by_month"]), d["by_month"][0]["from"], d["by_month"][10]["from"], d["by_month"][10]["to"])' "$T/cy.json")" \
	"2 1 1 1 0 1 1 0 0 0 2 2 2025-12-15 2026-10-15 2026-11-14"
expect_eq "cut-off year: to its last day, no working day left" \
	"$(json "$T/cy.json" '["targets"]["through"]') $(json "$T/cy.json" '["targets"]["working_days_left"]')" "2026-12-14 0"
on_cal report --year 2026 --format json --output "$T/y.json"
expect_eq "calendar year: to the report day (20/12), 9 working days left" \
	"$(json "$T/y.json" '["targets"]["through"]') $(json "$T/y.json" '["targets"]["working_days_left"]')" "2026-12-20 9"
expect_eq "accounts to date" "$(json "$T/y.json" '["targets"]["items"][0]["achieved"]')" "3"
expect_exit "year as text" 0 on_cal report --year 2026
expect_contains "by month" "$OUT" "THEO THÁNG"
expect_contains "January" "$OUT" "Tháng 01"
expect_contains "December" "$OUT" "Tháng 12"
expect_eq "total of the months" "$(grep '^Cộng' <<<"$OUT" | tr -s ' ' | cut -d' ' -f2,3)" "11 0"
expect_not_contains "no table by day in a year" "$OUT" "THEO NGÀY"
expect_contains "cumulative to the report day" "$OUT" "LŨY KẾ ĐẾN 20/12/2026"
expect_not_contains "never to a future day" "$OUT" "31/12/2026)"
expect_contains "working days left counted right" "$(tr '\n' ' ' <<<"$OUT" | tr -s ' ')" "sau ngày 20/12/2026 (thứ Hai đến thứ Sáu): 9."
expect_exit "cut-off month as text" 0 on_cut report --month 2026-11
expect_contains "cut-off month says its days" "$OUT" "Tháng 11 năm 2026 (từ ngày 15/10/2026 đến ngày 14/11/2026)"

# The spreadsheet read back by openpyxl equals the JSON
for p in "on_cut --year 2026" "on_cal --month 2026-11" "on_cal --quarter 2026-Q4"; do
	set -- $p
	mode=$1
	shift
	rm -f "$T/r.xlsx" "$T/r.json"
	expect_exit "xlsx $p" 0 $mode report "$@" --format xlsx --output "$T/r.xlsx"
	$mode report "$@" --format json --output "$T/r.json"
	if $PY - "$T/r.xlsx" "$T/r.json" >"$T/cmp" 2>&1 <<'PYX'; then ok "xlsx equals JSON ($p)"; else fail "xlsx equals JSON ($p)" "$(cat "$T/cmp")"; fi
import datetime, json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
j = json.load(open(sys.argv[2], encoding='utf-8'))
errors = []
def same(what, a, b):
    if a != b:
        errors.append(f"{what}: xlsx {a!r} json {b!r}")
def rows(name):
    return list(wb[name].iter_rows(values_only=True))
iso = lambda d: d.date().isoformat() if isinstance(d, datetime.datetime) else repr(d)
names = wb.sheetnames
same('sheets', names[:8], ['Thông tin', 'Tổng hợp', 'Dịch vụ hỗ trợ', 'Đối tượng', 'Hình thức hỗ trợ', 'Kết quả', 'Thủ tục', 'Người trực'])
info = {r[0]: r[1] for r in rows('Thông tin')[1:]}
same('from is a date', iso(info['Từ ngày']), j['from'])
same('to is a date', iso(info['Đến ngày']), j['to'])
same('unit', info['Mã đơn vị'], j['unit'])
summary = {r[0]: r[2] for r in rows('Tổng hợp')[1:]}
same('header', rows('Tổng hợp')[0], ('Mã mục', 'Nội dung', 'Giá trị'))
for k in ('visits', 'voided', 'general_guidance'):
    same(k, summary[k], j[k])
same('visits is a number', type(summary['visits']), int)
same('online', summary['online_submission'], j['services']['online_submission'])
same('online share', round(summary['online_share_percent'] * 100, 2), j['online_share_percent'])
for sheet, key in (('Dịch vụ hỗ trợ', 'services'), ('Đối tượng', 'groups'), ('Hình thức hỗ trợ', 'channels'), ('Kết quả', 'outcomes')):
    same(key, {r[0]: r[2] for r in rows(sheet)[1:]}, j[key])
same('procedures', [(r[0], r[1], r[2], r[3]) for r in rows('Thủ tục')[1:]],
     [(p['code'], p['name'], p['visits'], p['online_submission']) for p in j['procedures']])
same('staff', [(r[0], r[1]) for r in rows('Người trực')[1:]], [(s['name'], s['visits']) for s in j['staff']])
same('by day', [(iso(r[0]), r[1]) for r in rows('Theo ngày')[1:]], [(d['day'], d['visits']) for d in j['by_day']])
same('by hour', [r[1] for r in rows('Theo giờ')[1:]], j['by_hour'])
if 'by_month' in j:
    same('by month', [(r[0], iso(r[1]), iso(r[2]), r[3], r[4]) for r in rows('Theo tháng')[1:]],
         [('Tháng %02d' % (i + 1), m['from'], m['to'], m['visits'], m['online_submission']) for i, m in enumerate(j['by_month'])])
t = rows('Chỉ tiêu năm')
same('targets', [(r[0], r[2], r[3], r[5]) for r in t[1:1 + len(j['targets']['items'])]],
     [(i['key'], i['target'], i['achieved'], i['remaining']) for i in j['targets']['items']])
same('through', iso([r for r in t if r[1] == 'Lũy kế đến ngày'][0][2]), j['targets']['through'])
same('working days', [r for r in t if r[1] and r[1].startswith('Số ngày làm việc')][0][2], j['targets']['working_days_left'])
fmt = wb['Thông tin']['B4']
same('a date cell', (fmt.is_date, fmt.number_format), (True, 'dd/mm/yyyy'))
print('\n'.join(errors))
sys.exit(1 if errors else 0)
PYX
done
# a text starting with "=" is a string cell, never a formula
on_cal report --month 2026-12 --format xlsx --output "$T/f.xlsx"
expect_eq "a formula-like name stays text" "$($PY -c '
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Người trực"]
print([(c.value, c.data_type) for c in ws["A"] if c.value == "=1+2"])' "$T/f.xlsx")" "[('=1+2', 's')]"
expect_exit "xlsx needs --output" 64 on_cal report --day today --format xlsx
expect_contains "says so" "$ERR" "--output"

# Words of several syllables never split across lines (text and PDF)
split_words() { # FILE: the line ends that cut a word, if any
	$PY - "$1" <<'PYS'
import sys, unicodedata
pairs = ["hành chính", "trực tuyến", "thủ tục", "người dân", "hỗ trợ", "phục vụ", "trung tâm",
         "tình nguyện", "hướng dẫn", "báo cáo", "số lượt", "tài khoản", "hồ sơ", "làm việc",
         "ban chấp", "chấp hành", "giám đốc", "bí thư", "lập biểu", "ghi rõ", "họ tên", "nơi nhận"]
lines = [unicodedata.normalize("NFC", l.strip()).lower() for l in open(sys.argv[1], encoding="utf-8")]
lines = [l for l in lines if l]
for a, b in zip(lines, lines[1:]):
    for p in pairs:
        first, second = p.split(" ")
        if a.split(" ")[-1:] == [first] and b.split(" ")[:1] == [second]:
            print(f"{a!r} / {b!r}")
PYS
}
for w in 58mm 80mm a4; do
	on_cal report --year 2026 --width $w >"$T/t-$w.txt"
	expect_eq "text $w: no word split across lines" "$(split_words "$T/t-$w.txt")" ""
done
# The A4 text is in document form
head -8 "$T/t-a4.txt" >"$T/head.txt"
expect_contains "text: governing body" "$(cat "$T/head.txt")" "ĐOÀN XÃ TÂN PHÚ"
expect_contains "text: youth union" "$(cat "$T/head.txt")" "ĐOÀN TNCS HỒ CHÍ MINH"
expect_contains "text: number slot" "$(cat "$T/head.txt")" "Số:         -BC/ĐTN"
expect_contains "text: the commune in the date line" "$(cat "$T/head.txt")" "Tân Phú, ngày 20 tháng 12 năm 2026"
expect_not_contains "text: not the province" "$(cat "$T/t-a4.txt")" "Đồng Nai, ngày"
expect_contains "text: recipients" "$(cat "$T/t-a4.txt")" "Nơi nhận:"
expect_contains "text: last recipient" "$(cat "$T/t-a4.txt")" "- Lưu: VP."
expect_contains "text: signer" "$(cat "$T/t-a4.txt")" "TM. BAN CHẤP HÀNH ĐOÀN XÃ"
expect_contains "text 58mm: marked as a quick view" "$(cat "$T/t-58mm.txt")" "Bản xem nhanh, không dùng để ký"
expect_contains "text 58mm: short label" "$(cat "$T/t-58mm.txt")" "- Nộp trực tuyến"
expect_not_contains "text 58mm: no share column" "$(sed -n '/TỔNG HỢP/,/^$/p' "$T/t-58mm.txt")" "Tỷ lệ"
me=$(id -un)
expect_not_contains "text: no login name" "$(grep -i 'người lập' "$T/t-a4.txt")" "$me"
expect_exit "--by names the preparer" 0 on_cal report --day 2026-12-14 --by "Nguyễn Thị Hoa"
expect_contains "preparer under the left title" "$(tail -12 <<<"$OUT")" "Nguyễn Thị Hoa"

# PDFs on the real clock (libfaketime and pango's threads, see report.sh)
today=$(date +'%d tháng %m năm %Y')
for w in a4 80mm 58mm; do
	expect_exit "pdf $w" 0 "$DVCDESK" --config "$T/cal.ini" report --year 2026 --format pdf \
		--width $w --output "$T/y-$w.pdf"
	pdftotext "$T/y-$w.pdf" "$T/y-$w.txt"
	txt=$(tr '\n' ' ' <"$T/y-$w.txt" | tr -s ' ')
	expect_contains "pdf $w: the commune and the day" "$txt" "Tân Phú, ngày $today"
	expect_contains "pdf $w: preparer title" "$txt" "NGƯỜI LẬP BIỂU"
	expect_contains "pdf $w: by month" "$txt" "Tháng 12"
	expect_not_contains "pdf $w: no login name" "$txt" "người lập: $me"
	expect_eq "pdf $w: no word split across lines" "$(split_words "$T/y-$w.txt")" ""
	pdftoppm -r 40 -png -f 1 -l 1 "$T/y-$w.pdf" "$T/look-$w" && [ -s "$T/look-$w-1.png" ] &&
		ok "pdf $w: renders" || fail "pdf $w: renders"
done
expect_contains "pdf a4: youth union heading" "$(cat "$T/y-a4.txt")" "ĐOÀN TNCS HỒ CHÍ MINH"
expect_contains "pdf a4: number slot" "$(cat "$T/y-a4.txt")" "-BC/ĐTN"
expect_contains "pdf a4: recipients" "$(cat "$T/y-a4.txt")" "Nơi nhận:"
# The state form
{ cat "$T/cal.ini"; printf 'form = state\ngoverning_body = UBND xã Tân Phú\nissuing_body = Trung tâm Phục vụ hành chính công\nsigner_right_name = Lê Văn Cường\n'; } |
	sed '/^governing_body = Đoàn/d; /^issuing_body = Đội/d' >"$T/state.ini"
expect_exit "state form pdf" 0 "$DVCDESK" --config "$T/state.ini" report --month 2026-11 --format pdf --output "$T/s.pdf"
stxt=$(pdftotext "$T/s.pdf" - | tr '\n' ' ' | tr -s ' ')
expect_contains "state: governing body" "$stxt" "UBND XÃ TÂN PHÚ"
expect_contains "state: national motto" "$stxt" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
expect_contains "state: tiêu ngữ" "$stxt" "Độc lập - Tự do - Hạnh phúc"
expect_contains "state: number" "$stxt" "/BC-TTPVHCC"
expect_contains "state: signer" "$stxt" "GIÁM ĐỐC"
expect_contains "state: signer's name" "$stxt" "Lê Văn Cường"
expect_not_contains "state: no youth union" "$stxt" "ĐOÀN TNCS"
expect_exit "state form text" 0 faketime "$NOW" "$DVCDESK" --config "$T/state.ini" report --month 2026-11
expect_contains "state text: motto" "$OUT" "Độc lập - Tự do - Hạnh phúc"
expect_contains "state text: the issuing body whole" "$OUT" "HÀNH CHÍNH CÔNG"

# Reminders of the calendar: what is due, and made once written or printed
due() { # 'YYYY-MM-DD HH:MM:SS' CONFIG
	faketime "$1" "$DVCDESK" --config "$2" report --due
}
# the reports above were made "later" (20/12): none counts on 20/11
out=$(due '2026-11-20 10:00:00' "$T/cut.ini")
expect_contains "due: the day's, before 17:00" "$out" "Báo cáo ngày 20/11/2026: hạn trước 17:00, chưa làm"
expect_contains "due: the cut-off month's, before the 25th" "$out" \
	"Báo cáo tháng 11/2026 (từ 15/10/2026 đến 14/11/2026): hạn trước ngày 25/11/2026, chưa làm"
expect_contains "due: the year's, before 30/11" "$out" \
	"Báo cáo năm 2026 (từ 15/12/2025 đến 14/12/2026): hạn trước ngày 30/11/2026, chưa làm"
expect_contains "due: how to make it" "$out" "dvcdesk report --month 2026-11 --print"
expect_exit "make the month's report to a file" 0 faketime '2026-11-20 10:05:00' "$DVCDESK" \
	--config "$T/cut.ini" report --month 2026-11 --format csv --output "$T/m11.csv"
expect_exit "the day's to stdout is not a record" 0 faketime '2026-11-20 10:06:00' "$DVCDESK" \
	--config "$T/cut.ini" report --day 2026-11-20
out=$(due '2026-11-20 10:10:00' "$T/cut.ini")
expect_contains "due: the month's is made" "$out" "hạn trước ngày 25/11/2026, đã làm lúc 20/11/2026 10:05"
expect_contains "due: the day's still not" "$out" "Báo cáo ngày 20/11/2026: hạn trước 17:00, chưa làm"
expect_eq "made is recorded with its bounds" \
	"$(sqlite3 "$XDG_DATA_HOME/dvcdesk/dvcdesk.db" "SELECT kind, from_day, to_day, format, destination FROM report_log ORDER BY id DESC LIMIT 1")" \
	"month|20261015|20261114|csv|file"
out=$(due '2026-11-20 17:30:00' "$T/cut.ini")
expect_contains "due: after 17:00 the day's is overdue" "$out" "hạn trước 17:00, chưa làm, đã quá hạn"
out=$(due '2026-11-20 17:30:00' "$T/cal.ini")
expect_contains "due: a calendar month is another report" "$out" \
	"Báo cáo tháng 11/2026 (từ 01/11/2026 đến 30/11/2026): hạn trước ngày 25/11/2026, chưa làm"
out=$(due '2026-11-10 09:00:00' "$T/cut.ini")
expect_not_contains "due: the month's not before the 18th" "$out" "Báo cáo tháng"
out=$(due '2026-10-20 09:00:00' "$T/cut.ini")
expect_not_contains "due: the year's not before 31/10" "$out" "Báo cáo năm"
out=$(due '2026-11-22 09:00:00' "$T/cut.ini")
expect_not_contains "due: no day's report on a Sunday without visits" "$out" "Báo cáo ngày"
out=$(due '2026-12-01 09:00:00' "$T/cut.ini")
expect_contains "due: the year's overdue after 30/11" "$out" "hạn trước ngày 30/11/2026, chưa làm, đã quá hạn"
printf '[report]\nday_due = 16:30\nmonth_due = 20\nyear_due = 15/11\n' >"$T/deadlines.ini"
out=$(due '2026-11-18 09:00:00' "$T/deadlines.ini")
expect_contains "due: configured day deadline" "$out" "hạn trước 16:30"
expect_contains "due: configured month deadline" "$out" "hạn trước ngày 20/11/2026"
expect_contains "due: configured year deadline" "$out" "hạn trước ngày 15/11/2026, chưa làm, đã quá hạn"
printf '[report]\nyear_due = 31/02\n' >"$T/baddue.ini"
expect_exit "a year deadline that is no day" 78 "$DVCDESK" --config "$T/baddue.ini" report --due
expect_contains "says the form" "$ERR" "30/11"
expect_exit "check lists the reminders" 0 faketime '2026-11-20 10:10:00' "$DVCDESK" --config "$T/cut.ini" check
expect_contains "check: the month's made" "$OUT" "nhắc việc: Báo cáo tháng 11/2026 (từ 15/10/2026 đến 14/11/2026): hạn trước ngày 25/11/2026, đã làm lúc 20/11/2026 10:05"
expect_exit "--due goes alone" 64 "$DVCDESK" --config "$T/cut.ini" report --due --day today
exit "$_nfail"
