#!/usr/bin/env bash
# Printing through a real CUPS scheduler and a cups-pdf queue: the report
# printed with `dvcdesk report --print` comes out of the queue looking like
# the PDF that was sent (whose text holds the Vietnamese title, procedure
# names and totals), in embedded fonts, not rasterised; a stopped, a
# rejecting and a missing queue give their messages, exit 69 and a saved
# file.  Needs root (to start cupsd and add a queue): CI runs as root;
# anywhere else this test fails and says so rather than skipping quietly.
. "$(dirname "$0")/../lib.sh"
if [ -n "${ASAN:-}" ]; then
	# fontconfig keeps one pattern until exit (not ours); faketime's
	# LD_PRELOAD comes before the ASan runtime
	printf 'leak:libfontconfig.so\n' >"$T/lsan.supp"
	export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	export ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
fi

. "$(dirname "$0")/../lib_cups.sh"
cups_setup || { finish; exit 1; }
ok "cupsd is running"
ok "add a cups-pdf queue"
command -v pdffonts >/dev/null || {
	fail "missing pdffonts: apt-get install poppler-utils"
	finish
	exit 1
}
Q=$CUPS_Q

cat >"$T/dv.ini" <<INI
[unit]
name = UBND phường Ba Đình
code = H01.01
province = Hà Nội
[print]
printer = $Q
paper = a4
INI
dvp() { "$DVCDESK" --config "$T/dv.ini" "$@"; }
day=$(date +%F)
check "staff add" dvp staff add "Nguyễn Văn An"
for i in 1 2 3; do
	dvp add --staff "Nguyễn Văn An" --procedure 1.001193 --service vneid,online_submission \
		--dossier "000.00.20.H08-$(date +%y%m%d)-000$i" >/dev/null
done
dvp add --staff "Nguyễn Văn An" --procedure 2.000815 --service account >/dev/null

# The report printed as a kept PDF: what lp was given is $T/sent.pdf.
expect_exit "report --day --format pdf --output --print" 0 \
	dvp report --day "$day" --format pdf --output "$T/sent.pdf" --print
expect_contains "says it was sent" "$ERR" "Đã gửi tới máy in \"$Q\""
sent=$(pdftotext "$T/sent.pdf" - | tr '\n' ' ' | tr -s ' ')
expect_contains "sent PDF: title" "$sent" "BÁO CÁO NGÀY"
expect_contains "sent PDF: stacked diacritics" "$sent" "Kết quả hỗ trợ người dân thực hiện thủ tục hành chính"
expect_contains "sent PDF: procedure" "$sent" "Đăng ký khai sinh"
expect_contains "sent PDF: staff member" "$sent" "Nguyễn Văn An"
expect_contains "sent PDF: total of 4 visits" \
	"$(pdftotext -layout "$T/sent.pdf" - | grep 'Tổng số lượt hỗ trợ')" " 4"
if pdf=$(cups_wait_pdf "dvcdesk_report_day"); then
	ok "cups-pdf made the PDF ($pdf)"
	# cups-pdf takes PostScript: CUPS turns the PDF into PostScript with
	# Ghostscript, which redraws the letters outside Latin-1 as Type 3
	# glyphs without their Unicode names.  So the printed page is checked
	# by its look against the PDF that was sent, and by the text that
	# survives that route.
	if msg=$(cups_same_look "$T/sent.pdf" "$pdf"); then ok "printed page looks like the sent PDF ($msg)"; else
		fail "printed page looks like the sent PDF" "$msg"
	fi
	expect_eq "printed page count" "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')" \
		"$(pdfinfo "$T/sent.pdf" | awk '/^Pages:/ {print $2}')"
	printed=$(pdftotext -layout "$pdf" - 2>/dev/null)
	expect_contains "printed title as text" "$printed" "BÁO CÁO NGÀY"
	fonts=$(pdffonts "$pdf" 2>/dev/null)
	expect_contains "printed with DejaVu" "$fonts" "DejaVuSans"
	expect_eq "printed fonts all embedded (text, not an image)" \
		"$(tail -n +3 <<<"$fonts" | awk '{print $(NF-4)}' | sort -u)" "yes"
	expect_eq "no page was rasterised" "$(pdfimages -list "$pdf" 2>/dev/null | tail -n +3 | wc -l)" "0"
else
	fail "cups-pdf made no PDF in $CUPS_OUT within 60 s" "$(ls -la "$CUPS_OUT" 2>&1)" \
		"$(tail -5 /var/log/cups/error_log 2>/dev/null)"
fi
check "the --output file stays" test -s "$T/sent.pdf"

# --print alone: a temporary copy, removed once the job is queued.
expect_exit "report --day --print" 0 dvp report --day "$day" --print
if pdf=$(cups_wait_pdf "dvcdesk_report_day"); then
	expect_contains "second printout: title" "$(pdftotext "$pdf" - 2>/dev/null)" "BÁO CÁO NGÀY"
else
	fail "cups-pdf made no PDF for --print"
fi
expect_eq "the temporary copy is gone once queued" \
	"$(find "$XDG_DATA_HOME/dvcdesk/reports" -name '*.pdf' 2>/dev/null | wc -l)" "0"

expect_exit "80 mm receipt --print" 0 dvp report --day "$day" --width 80mm --print
if pdf=$(cups_wait_pdf "dvcdesk_report_day"); then
	expect_contains "receipt printed" "$(pdftotext "$pdf" - 2>/dev/null)" "BÁO CÁO NGÀY"
	w=$(pdfinfo "$pdf" | sed -n 's/^Page size: *\([0-9]*\).*/\1/p')
	if [ "${w:-0}" -ge 225 ] && [ "${w:-0}" -le 228 ]; then ok "receipt page is 80 mm wide"; else
		fail "receipt page is 80 mm wide" "width ${w:-?} pt, wanted 226.8"
	fi
else
	fail "cups-pdf made no receipt PDF"
fi

# A stopped queue: the message says so and what to do; the report is kept.
cupsdisable -r "hết giấy" "$Q"
expect_exit "stopped queue exits 69" 69 dvp report --day "$day" --print
expect_contains "names the stopped queue" "$ERR" "\"$Q\" đang bị dừng"
expect_contains "gives the reason" "$ERR" "hết giấy"
expect_contains "says how to start it" "$ERR" "cupsenable $Q"
saved=$(sed -n 's/.*Báo cáo đã được lưu tại: \(.*\)$/\1/p' <<<"$ERR")
check "the report is saved where it says" test -f "$saved"
expect_eq "saved report is 0600" "$(stat -c %a "$saved" 2>/dev/null)" "600"
expect_contains "saved report is the PDF" "$(pdftotext "$saved" - 2>/dev/null)" "BÁO CÁO NGÀY"
case $saved in "$XDG_DATA_HOME"/dvcdesk/reports/*) ok "saved in the data folder" ;;
*) fail "saved in the data folder" "$saved" ;; esac
cupsenable "$Q"

# A queue that does not accept jobs.
cupsreject "$Q"
expect_exit "rejecting queue exits 69" 69 dvp report --day "$day" --print
expect_contains "says how to accept" "$ERR" "cupsaccept $Q"
cupsaccept "$Q"

# A queue that does not exist.
sed -i "s/^printer = .*/printer = NOPE$$/" "$T/dv.ini"
expect_exit "missing queue exits 69" 69 dvp report --day "$day" --print
expect_contains "names the missing queue" "$ERR" "NOPE$$"
expect_contains "says where to set it" "$ERR" "[print] printer"
expect_contains "says where the report is" "$ERR" "$XDG_DATA_HOME/dvcdesk/reports/"


finish
