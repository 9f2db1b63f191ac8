#!/usr/bin/env bash
# The end-of-shift summary in the real binary in a real terminal: visits
# logged from the command line (the day only) and at the counter (the
# shift), the summary opened with one key shows both columns right, aligned
# by display width, at 80x24 and at the minimum 60x18, and scrolls to the
# procedures and the year's targets; F8 and F9 save the shift's summary as
# PDF (one page, Vietnamese text, the totals) and CSV, Tab then F9 the
# day's, each a 0600 file in the reports folder whose path the screen shows;
# a print that fails says why and where the PDF was kept; ending the shift
# offers the summary, and Enter then quits with the shift closed.
# Printing through a real queue: tests/ui/summary_print.sh.
. "$(dirname "$0")/../lib.sh"
# faketime preloads a library: under ASan that library comes first; the
# PDF's fontconfig keeps one pattern until exit (not ours).
if [ -n "${ASAN:-}" ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	printf 'leak:libfontconfig.so\n' >"$T/lsan.supp"
	export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi

db=$T/summary.db
ini=$T/dvcdesk.ini
reports=$XDG_DATA_HOME/dvcdesk/reports
day=2026-03-10
cat >"$ini" <<INI
[unit]
name = UBND phường Ba Đình
code = H01.01
province = Hà Nội
[targets]
visits_year = 1000
vneid_year = 200
[print]
printer = NOPE$$
INI
# The clock runs from 09:15 on a fixed day, for the CLI and the counter alike.
dvc() { faketime "$day $1" "$DVCDESK" --db "$db" --config "$ini" "${@:2}"; }
sql() { sqlite3 -batch -noheader "$db" "$1"; }
# row LABEL: the two last words of the screen's row starting with LABEL
row() { tui_screen | grep -F -- "$1" | head -1 | awk '{print $(NF-1), $NF}'; }

dvc 08:00:00 staff add "Nguyễn Thị Hoa" >/dev/null 2>"$T/err" || fail "add a volunteer" "$(cat "$T/err")"
# Two visits from a paper form: today's, in no shift.
for i in 1 2; do
	dvc 08:30:00 add --staff "Nguyễn Thị Hoa" --procedure 1.001193 --service vneid >/dev/null \
		2>"$T/err" || fail "add visit $i from the command line" "$(cat "$T/err")"
done

tui_start 80 24 faketime "$day 09:15:00" "$DVCDESK" --db "$db" --config "$ini"
expect_screen "start of shift" "BẮT ĐẦU CA TRỰC"
tui_text "hoa"
tui_keys Enter
expect_screen "the counter opens" "Ca này: 0 lượt"
# The shift: birth registration with VNeID and online submission; general
# guidance for an elderly citizen; a marriage registration, undone; birth
# registration again.
tui_text "1vo000.00.20.H08-260310-0001"; tui_keys Enter
tui_text "0c"; tui_keys Enter
tui_text "ket hon"; tui_keys Enter Enter
tui_keys C-u Enter
tui_text "1"; tui_keys Enter
expect_screen "three visits in the shift, one undone" "Ca này: 3 lượt, 1 nộp trực tuyến" 20

tui_keys C-t
expect_screen "one key opens the summary" "TỔNG KẾT CA TRỰC"
expect_screen "the columns: this shift, today" "Ca này    Hôm nay"
expect_eq "visits: 3 in the shift, 5 today" "$(row "Tổng số lượt hỗ trợ")" "3 5"
expect_eq "submitted online: 1 and 1" "$(row "Trong đó nộp hồ sơ trực tuyến")" "1 1"
expect_eq "general guidance: 1 and 1" "$(row "Trong đó hướng dẫn chung")" "1 1"
expect_eq "voided: 1 and 1" "$(row "Lượt đã huỷ")" "1 1"
expect_eq "VNeID: 1 in the shift, 3 today" "$(row "Kích hoạt VNeID")" "1 3"
expect_screen "the period names the session and the day" "Ca sáng ngày 10/03/2026"
expect_screen "the hint bar shows print" "^P in"
expect_screen "the hint bar shows save as PDF" "F8 lưu PDF"
expect_screen "the hint bar shows save as CSV" "F9 lưu CSV"
# Every number row ends in the same column: aligned by display width (the
# labels are NFC Vietnamese, one column per code point).
widths=$(tui_screen | python3 -c '
import sys
rows = [l.rstrip() for l in sys.stdin.read().split("\n")]
print(sorted({len(l) for l in rows if l.split() and l.split()[-1].replace(".", "").isdigit()}))')
expect_eq "number columns line up at 80 columns" "$widths" "[78]"
tui_screen >"$T/summary-80x24.txt"

tui_keys NPage NPage
expect_screen "scrolls to the procedures" "THEO THỦ TỤC HÀNH CHÍNH"
expect_eq "birth registration: 2 in the shift, 4 today" "$(row "Đăng ký khai sinh")" "2 4"
expect_screen "scrolls to the year's targets" "THỰC HIỆN CHỈ TIÊU NĂM 2026"
expect_eq "the visits target: 5 of 1.000 done, 0,50%" "$(row "Lượt hỗ trợ")" "5/1.000 0,50%"
expect_screen "and what remains per working day" "còn thiếu 995: cần"
tui_screen >"$T/summary-80x24-end.txt"
tui_keys PPage PPage

# The minimum size: the totals still read right.
tui_resize 60 18
expect_screen "60x18: the title" "TỔNG KẾT CA TRỰC"
expect_screen "60x18: the columns" "Ca này  Hôm nay"
expect_eq "60x18: visits 3 and 5" "$(row "Tổng số lượt hỗ trợ")" "3 5"
expect_eq "60x18: VNeID 1 and 3" "$(row "Kích hoạt VNeID")" "1 3"
widths=$(tui_screen | python3 -c '
import sys
rows = [l.rstrip() for l in sys.stdin.read().split("\n")]
print(sorted({len(l) for l in rows if l.split() and l.split()[-1].replace(".", "").isdigit()}))')
expect_eq "number columns line up at 60 columns" "$widths" "[58]"
expect_screen "60x18: more rows below, says which" "dòng 1–"
tui_screen >"$T/summary-60x18.txt"
tui_resize 80 24

# Save as PDF and CSV: one key each, the path on screen.
tui_keys F8
expect_screen "F8 saves the PDF" "Đã lưu tệp PDF:"
expect_screen "and shows where" "~/.local/share/dvcdesk/reports/report-shift-2026-03-10-"
pdf=$(find "$reports" -name 'report-shift-*.pdf' 2>/dev/null | head -1)
check "the PDF is in the reports folder" test -s "$pdf"
expect_eq "the PDF is 0600" "$(stat -c %a "$pdf" 2>/dev/null)" "600"
expect_eq "the reports folder is 0700" "$(stat -c %a "$reports" 2>/dev/null)" "700"
expect_eq "the shift's summary is one page" "$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" "1"
text=$(pdftotext -layout "$pdf" - 2>/dev/null)
expect_contains "PDF: the title" "$text" "TỔNG KẾT CA TRỰC"
expect_contains "PDF: the unit" "$text" "UBND PHƯỜNG BA ĐÌNH"
expect_contains "PDF: the shift" "$text" "Ca sáng ngày 10/03/2026, Nguyễn Thị Hoa"
expect_contains "PDF: the volunteer made it" "$text" "người lập: Nguyễn Thị Hoa"
expect_eq "PDF: 3 visits" "$(grep 'Tổng số lượt hỗ trợ' <<<"$text" | awk '{print $NF}')" "3"
expect_eq "PDF: 1 voided" "$(grep 'Lượt đã huỷ' <<<"$text" | awk '{print $NF}')" "1"
expect_contains "PDF: the procedure" "$text" "Đăng ký khai sinh"
expect_not_contains "PDF: no procedure that was undone" "$text" "kết hôn"

tui_keys F9
expect_screen "F9 saves the CSV" "Đã lưu tệp CSV:"
csv=$(find "$reports" -name 'report-shift-*.csv' 2>/dev/null | head -1)
check "the CSV is in the reports folder" test -s "$csv"
expect_eq "the saved reports are recorded as made (the reminders)" \
	"$(sql "SELECT kind || ',' || format || ',' || destination FROM report_log ORDER BY id")" \
	"$(printf 'shift,pdf,file\nshift,csv,file')"
expect_eq "the CSV is 0600" "$(stat -c %a "$csv" 2>/dev/null)" "600"
csvval() { grep -a "^$2,$3," "$1" | head -1 | cut -d, -f4 | tr -d '\r'; }
expect_eq "CSV: a shift" "$(csvval "$csv" meta kind)" "shift"
expect_eq "CSV: 3 visits" "$(csvval "$csv" total visits)" "3"
expect_eq "CSV: 1 voided" "$(csvval "$csv" total voided)" "1"
expect_eq "CSV: 1 VNeID" "$(csvval "$csv" service vneid)" "1"
expect_eq "CSV: UTF-8 with a BOM for spreadsheets" "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" "efbbbf"

tui_keys Tab
expect_screen "Tab: print and save the day's report" "In hoặc lưu: báo cáo ngày"
tui_keys F9
expect_screen "F9 saves the day's CSV" "report-day-2026-03-10-"
dcsv=$(find "$reports" -name 'report-day-*.csv' 2>/dev/null | head -1)
expect_eq "day CSV: 5 visits" "$(csvval "$dcsv" total visits)" "5"
expect_eq "day CSV: 3 VNeID" "$(csvval "$dcsv" service vneid)" "3"
tui_keys Tab
expect_screen "Tab again: the shift's summary" "In hoặc lưu: tổng kết ca trực"

# Printing to a queue that does not exist (or without CUPS at all): the
# screen says it was not printed and where the PDF is.
before=$(find "$reports" -name 'report-shift-*.pdf' | wc -l)
tui_keys C-p
expect_screen "a failed print says so" "Không in được:" 30
expect_screen "and where the PDF was kept" "Báo cáo đã được lưu tại:"
expect_eq "the kept PDF is there" "$(find "$reports" -name 'report-shift-*.pdf' | wc -l)" "$((before + 1))"
kept=$(ls -t "$reports"/report-shift-*.pdf | head -1)
expect_screen "the path on screen is the kept file" "~${kept#"$HOME"}"
expect_eq "the kept PDF is 0600" "$(stat -c %a "$kept")" "600"
tui_screen >"$T/summary-print-failed.txt"

# Esc goes back to the counter; the shift is still open.
tui_keys Escape
expect_screen "Esc: back to the counter" "Ca này: 3 lượt"
expect_eq "the shift is still open" "$(sql "SELECT count(*) FROM shift WHERE closed_at IS NULL")" "1"

# Ending the shift offers the summary; Enter then quits.
tui_keys C-q
expect_screen "ending the shift asks first" "KẾT THÚC CA TRỰC"
tui_keys Enter
expect_screen "ending the shift opens the summary" "TỔNG KẾT CA TRỰC"
expect_screen "saying the shift is closed" "Đã đóng ca trực."
expect_screen "with the way out" "Enter: thoát. In hoặc lưu: tổng kết ca trực"
expect_screen "the summary can be printed from here" "^P in"
expect_eq "the shift is closed in the database" \
	"$(sql "SELECT count(*) FROM shift WHERE closed_at IS NOT NULL")" "1"
tui_keys F9
expect_screen "and saved from here" "Đã lưu tệp CSV:"
tui_keys Enter
expect_screen "Enter leaves the program" "[exit 0]"
tui_stop

# A terminal without UTF-8: the same screen in plain letters.
LANG=C tui_start 80 24 faketime "$day 10:00:00" "$DVCDESK" --db "$db" --config "$ini"
expect_screen "LANG=C: start" "BAT DAU CA TRUC"
tui_keys Enter
expect_screen "LANG=C: the counter" "Ca nay:"
tui_keys C-t
expect_screen "LANG=C: the summary without diacritics" "TONG KET CA TRUC"
expect_screen "LANG=C: its rows" "Tong so luot ho tro"
expect_eq "LANG=C: only ASCII on the screen" "$(tui_screen | LC_ALL=C grep -c '[^ -~]')" "0"
tui_stop

finish
