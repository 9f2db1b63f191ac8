#!/usr/bin/env bash
# Printing the end-of-shift summary from the screen through a real CUPS
# scheduler and a cups-pdf queue (tests/lib_cups.sh): ^P shows "Đang in…",
# the screen keeps answering keys while the job is on its way, then says the
# job was sent; cups-pdf's output is one page holding the summary; leaving
# during a print waits for the printer's answer; a queue that does not exist
# gives its message and the path of the kept PDF on screen.
#
# To see the screen answer during a print, `lp` is held back by a wrapper
# (first on PATH) until the test opens a gate; the job then goes through the
# real lp and CUPS.  Needs root, like tests/cli/print.sh.
. "$(dirname "$0")/../lib.sh"
# faketime preloads a library: under ASan that library comes first; the
# PDF's fontconfig keeps one pattern until exit (not ours).
if [ -n "${ASAN:-}" ]; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
	printf 'leak:libfontconfig.so\n' >"$T/lsan.supp"
	export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
fi
. "$TOP/tests/lib_cups.sh"
cups_setup || { finish; exit 1; }

db=$T/summary.db
ini=$T/dvcdesk.ini
reports=$XDG_DATA_HOME/dvcdesk/reports
day=2026-03-10
write_ini() {
	cat >"$ini" <<INI
[unit]
name = UBND phường Ba Đình
code = H01.01
province = Hà Nội
[print]
printer = $1
paper = a4
INI
}
write_ini "$CUPS_Q"

# lp, held back until $T/gate exists (at most 30 s)
mkdir -p "$T/bin"
real_lp=$(command -v lp)
cat >"$T/bin/lp" <<SH
#!/bin/sh
i=0
while [ ! -e "$T/gate" ] && [ \$i -lt 600 ]; do sleep 0.05; i=\$((i + 1)); done
exec "$real_lp" "\$@"
SH
chmod 755 "$T/bin/lp"

"$DVCDESK" --db "$db" --config "$ini" staff add "Nguyễn Thị Hoa" >/dev/null 2>"$T/err" ||
	fail "add a volunteer" "$(cat "$T/err")"

start() { # the counter program at the fixed day, lp held back
	tui_start 80 24 env PATH="$T/bin:$PATH" faketime "$day $1" "$DVCDESK" --db "$db" --config "$ini"
	tui_wait "BẮT ĐẦU CA TRỰC" || fail "start of shift screen" "$(tui_screen)"
	tui_keys Enter
	tui_wait "Ca này:" || fail "the counter opens" "$(tui_screen)"
}

start 09:15:00
tui_text "1vo000.00.20.H08-260310-0001"; tui_keys Enter
tui_text "0c"; tui_keys Enter
tui_text "1"; tui_keys Enter
expect_screen "three visits at the counter" "Ca này: 3 lượt, 1 nộp trực tuyến" 20
tui_keys C-t
expect_screen "the summary" "TỔNG KẾT CA TRỰC"

# Print; the job waits at the gate, and the screen still scrolls.
rm -f "$T/gate"
tui_keys C-p
expect_screen "^P: printing" "Đang in…"
expect_screen "the list shows its first rows" "dòng 1–"
tui_keys NPage
if tui_wait_gone "dòng 1–" 5; then ok "a key during the print is handled (the list scrolled)"; else
	fail "a key during the print is handled (the list scrolled)" "$(tui_screen)"
fi
expect_screen "still printing" "Đang in…"
tui_keys C-p
expect_screen "^P again while printing: wait" "Đang in: chờ máy in trả lời"
touch "$T/gate"
expect_screen "then the job is sent" "Đã gửi lệnh in tới máy in \"$CUPS_Q\"" 60
tui_screen >"$T/summary-printed.txt"
# The same summary saved as PDF: what lp was given (the printed copy went
# away once queued).
tui_keys F8
expect_screen "F8 keeps a copy of what was printed" "Đã lưu tệp PDF:"
sent=$(find "$reports" -name 'report-shift-*.pdf' 2>/dev/null | head -1)
sent_text=$(pdftotext -layout "$sent" - 2>/dev/null)
expect_contains "sent: the title" "$sent_text" "TỔNG KẾT CA TRỰC"
expect_eq "sent: 3 visits" "$(grep 'Tổng số lượt hỗ trợ' <<<"$sent_text" | awk '{print $NF}')" "3"
if pdf=$(cups_wait_pdf dvcdesk_report_shift); then
	ok "cups-pdf made the PDF ($pdf)"
	expect_eq "the printed summary is one page" \
		"$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')" "1"
	# Through CUPS's PostScript step the letters outside Latin-1 lose their
	# text (tests/cli/print.sh): the page is compared by its look, and by the
	# text that survives.
	if msg=$(cups_same_look "$sent" "$pdf"); then ok "the printed page looks like the summary ($msg)"; else
		fail "the printed page looks like the summary" "$msg"
	fi
	printed=$(pdftotext -layout "$pdf" - 2>/dev/null)
	expect_contains "printed: the unit code" "$printed" "H01.01"
	code=$(sqlite3 -batch -noheader "$db" "SELECT procedure_code FROM visit WHERE procedure_code <> '' LIMIT 1")
	expect_contains "printed: the procedure code ($code)" "$printed" "$code"
	expect_contains "printed: one page of one" "$printed" "Trang 1/1"
	pdftoppm -png -r 60 -f 1 -l 1 "$pdf" "$T/printed" 2>/dev/null
	check "the printed page renders" test -s "$T/printed-1.png"
	[ -n "${KEEP:-}" ] && cp "$pdf" "$T/printed.pdf"
else
	fail "cups-pdf made no PDF in $CUPS_OUT within 60 s" "$(ls -la "$CUPS_OUT" 2>&1)" \
		"$(tail -5 /var/log/cups/error_log 2>/dev/null)"
fi
expect_eq "the temporary PDF is gone once queued (only the F8 copy is left)" \
	"$(find "$reports" -name 'report-shift-*.pdf' 2>/dev/null | wc -l)" "1"
rm -f "$reports"/report-shift-*.pdf

# Esc while printing: the screen stays until the printer has answered.
rm -f "$T/gate"
tui_keys C-p
expect_screen "printing again" "Đang in…"
tui_keys Escape
expect_screen "Esc while printing waits for the answer" "màn hình này sẽ đóng khi máy in trả lời"
expect_screen "the summary is still there" "TỔNG KẾT CA TRỰC"
touch "$T/gate"
expect_screen "then it goes back to the counter" "Ca này: 3 lượt" 60
if cups_wait_pdf dvcdesk_report_shift >/dev/null; then ok "that job was printed too"; else
	fail "that job was printed too"
fi

# A screen over the summary (help) does not hold the print up: the job is
# followed underneath (lp is reaped, not left a zombie until help closes),
# and the Esc that was waiting for the printer is carried out on return.
tui_keys C-t
expect_screen "the summary again" "TỔNG KẾT CA TRỰC"
rm -f "$T/gate"
tui_keys C-p
expect_screen "printing, then help on top" "Đang in…"
tui_keys Escape
expect_screen "Esc waits for the printer" "màn hình này sẽ đóng khi máy in trả lời"
tui_keys F1
expect_screen "help over the printing summary" "TRỢ GIÚP: CÁC PHÍM"
touch "$T/gate"
if cups_wait_pdf dvcdesk_report_shift >/dev/null; then ok "the job sent under help was printed"; else
	fail "the job sent under help was printed"
fi
dv_pid=$(tui_pid) # the pane's shell, or the program itself when the shell exec'd it
[ "$(ps -o comm= -p "$dv_pid")" = dvcdesk ] || dv_pid=$(pgrep -P "$dv_pid" -x dvcdesk | head -1)
children=x
for _ in $(seq 100); do
	children=$(ps --ppid "$dv_pid" -o pid=,stat=,comm= 2>/dev/null)
	[ -z "$children" ] && break
	sleep 0.1
done
expect_eq "under help, the finished lp was reaped" "$children" ""
expect_screen "help is still on top" "TRỢ GIÚP: CÁC PHÍM"
tui_keys Escape
expect_screen "help closed: the waiting Esc goes back to the counter" "Ca này: 3 lượt" 20

# End of shift: print from the summary, and Enter during the print quits
# once the job is sent.
rm -f "$T/gate"
tui_keys C-q
expect_screen "ending the shift" "KẾT THÚC CA TRỰC"
tui_keys Enter
expect_screen "the summary after closing the shift" "Enter: thoát"
tui_keys C-p
expect_screen "printing at the end of the shift" "Đang in…"
tui_keys Enter
expect_screen "Enter while printing waits for the answer" "chương trình sẽ thoát khi máy in trả lời"
touch "$T/gate"
expect_screen "then the program ends" "[exit 0]" 60
if cups_wait_pdf dvcdesk_report_shift >/dev/null; then ok "the end-of-shift summary was printed"; else
	fail "the end-of-shift summary was printed"
fi
tui_stop

# A queue that does not exist: the message, and where the PDF is.
touch "$T/gate"
write_ini "NOPE$$"
start 10:00:00
tui_keys C-t
expect_screen "the summary (new shift)" "TỔNG KẾT CA TRỰC"
tui_keys C-p
expect_screen "a missing queue is named" "Không có hàng đợi in tên \"NOPE$$\"" 30
expect_screen "with where to set it" "[print] printer"
expect_screen "and that the PDF was kept" "Báo cáo đã được lưu"
kept=$(find "$reports" -name 'report-shift-*.pdf' 2>/dev/null | head -1)
check "the kept PDF exists" test -s "$kept"
expect_screen "its path is on screen" "~${kept#"$HOME"}"
expect_eq "the kept PDF is 0600" "$(stat -c %a "$kept" 2>/dev/null)" "600"
expect_contains "the kept PDF is the summary" "$(pdftotext "$kept" - 2>/dev/null)" "TỔNG KẾT CA TRỰC"
tui_screen >"$T/summary-missing-queue.txt"
tui_stop

finish
