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

Q=DVCTEST$$
started_cupsd=""
had_conf=""
out_dir=""
marker=$T/marker
cleanup_cups() {
	lpadmin -x "$Q" 2>/dev/null
	if [ -n "$out_dir" ]; then
		# only the files this test made (newer than the marker, named after our jobs)
		find "$out_dir" -maxdepth 1 -name 'dvcdesk_report*' -newer "$marker" -delete 2>/dev/null
		[ -n "${made_out_dir:-}" ] && rmdir "$out_dir" 2>/dev/null
	fi
	if [ -n "$started_cupsd" ]; then
		kill "$started_cupsd" 2>/dev/null
		for _ in $(seq 100); do kill -0 "$started_cupsd" 2>/dev/null || break; sleep 0.1; done
		# files the scheduler wrote that were not there before
		for f in printers.conf printers.conf.O classes.conf classes.conf.O subscriptions.conf \
			subscriptions.conf.O; do
			grep -qx "$f" <<<"$had_conf" || rm -f "/etc/cups/$f"
		done
	fi
	cleanup
}
trap cleanup_cups EXIT

if [ "$(id -u)" -ne 0 ]; then
	fail "print test needs root to start cupsd and add a queue (CI runs as root)"
	finish
	exit 1
fi
for tool in cupsd lpadmin lpstat lp pdftotext pdffonts; do
	command -v $tool >/dev/null || {
		fail "missing $tool: apt-get install cups printer-driver-cups-pdf poppler-utils"
		finish
		exit 1
	}
done
# One print test at a time on this machine: another run's clean-up would
# stop the scheduler or remove the queue under this one.
exec 9>/tmp/dvcdesk-print-test.lock
flock -w 600 9 || { fail "another print test holds /tmp/dvcdesk-print-test.lock"; finish; exit 1; }
had_conf=$(cd /etc/cups 2>/dev/null && ls)
touch "$marker"
sleep 1 # the marker's time must be before any output file's

if ! lpstat -r 2>/dev/null | grep -q 'scheduler is running'; then
	cupsd -f >"$T/cupsd.log" 2>&1 9>&- &
	started_cupsd=$!
	for _ in $(seq 100); do
		lpstat -r 2>/dev/null | grep -q 'scheduler is running' && break
		sleep 0.1
	done
fi
if lpstat -r 2>/dev/null | grep -q 'scheduler is running'; then ok "cupsd is running"; else
	fail "cupsd could not be started" "$(cat "$T/cupsd.log" 2>/dev/null)"
	finish
	exit 1
fi
ppd=$(lpinfo -m 2>/dev/null | awk '/CUPS-PDF_opt/ {print $1; exit}')
[ -n "$ppd" ] || ppd=lsb/usr/cups-pdf/CUPS-PDF_opt.ppd
check "add a cups-pdf queue" lpadmin -p "$Q" -E -v cups-pdf:/ -m "$ppd" 2>>"$T/lpadmin.log"

# cups-pdf writes into `Out` of /etc/cups/cups-pdf.conf: ${HOME}/PDF of the
# submitting user by default, HOME from the password file.
out=$(sed -n 's/^Out[[:space:]]\+//p' /etc/cups/cups-pdf.conf 2>/dev/null | tail -1)
pw_home=$(getent passwd "$(id -un)" | cut -d: -f6)
out_dir=${out:-'${HOME}/PDF'}
out_dir=${out_dir//'${HOME}'/$pw_home}
out_dir=${out_dir//'${USER}'/$(id -un)}
[ -d "$out_dir" ] || made_out_dir=1

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

# wait_pdf NEEDLE: a cups-pdf output made by this test and not seen before,
# complete, within 60 s
: >"$T/seen"
wait_pdf() {
	local i f
	for i in $(seq 600); do
		while IFS= read -r f; do
			grep -qxF "$f" "$T/seen" && continue
			if [ -s "$f" ] && pdfinfo "$f" >/dev/null 2>&1; then
				echo "$f" >>"$T/seen"
				echo "$f"
				return 0
			fi
		done < <(find "$out_dir" -maxdepth 1 -name "*$1*.pdf" -newer "$marker" 2>/dev/null)
		sleep 0.1
	done
	return 1
}

# same_look A.pdf B.pdf: page 1 of both, rendered in grey at 40 dpi, differ
# in under 1% of the pixels
same_look() {
	pdftoppm -gray -r 40 -f 1 -l 1 "$1" "$T/look-a" 2>/dev/null
	pdftoppm -gray -r 40 -f 1 -l 1 "$2" "$T/look-b" 2>/dev/null
	python3 - "$T"/look-a*.pgm "$T"/look-b*.pgm <<'PY'
import sys
def pgm(path):
    data = open(path, 'rb').read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:]
(wa, ha, a), (wb, hb, b) = pgm(sys.argv[1]), pgm(sys.argv[2])
w, h = min(wa, wb), min(ha, hb)
ink = sum(1 for y in range(h) for x in range(w) if a[y * wa + x] < 128)
diff = sum(1 for y in range(h) for x in range(w) if abs(a[y * wa + x] - b[y * wb + x]) > 96)
print(f"{diff} of {w * h} pixels differ, {ink} inked")
sys.exit(0 if abs(wa - wb) <= 2 and abs(ha - hb) <= 2 and ink > 2000 and diff < w * h / 100 else 1)
PY
	local rc=$?
	rm -f "$T"/look-*.pgm
	return $rc
}

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
if pdf=$(wait_pdf "dvcdesk_report_day"); then
	ok "cups-pdf made the PDF ($pdf)"
	# cups-pdf takes PostScript: CUPS turns the PDF into PostScript with
	# Ghostscript, which redraws the letters outside Latin-1 as Type 3
	# glyphs without their Unicode names.  So the printed page is checked
	# by its look against the PDF that was sent, and by the text that
	# survives that route.
	if msg=$(same_look "$T/sent.pdf" "$pdf"); then ok "printed page looks like the sent PDF ($msg)"; else
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
	fail "cups-pdf made no PDF in $out_dir within 60 s" "$(ls -la "$out_dir" 2>&1)" \
		"$(tail -5 /var/log/cups/error_log 2>/dev/null)"
fi
check "the --output file stays" test -s "$T/sent.pdf"

# --print alone: a temporary copy, removed once the job is queued.
expect_exit "report --day --print" 0 dvp report --day "$day" --print
if pdf=$(wait_pdf "dvcdesk_report_day"); then
	expect_contains "second printout: title" "$(pdftotext "$pdf" - 2>/dev/null)" "BÁO CÁO NGÀY"
else
	fail "cups-pdf made no PDF for --print"
fi
expect_eq "the temporary copy is gone once queued" \
	"$(find "$XDG_DATA_HOME/dvcdesk/reports" -name '*.pdf' 2>/dev/null | wc -l)" "0"

expect_exit "80 mm receipt --print" 0 dvp report --day "$day" --width 80mm --print
if pdf=$(wait_pdf "dvcdesk_report_day"); then
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
