# A real CUPS scheduler and a cups-pdf queue for a shell test
# (tests/cli/print.sh, tests/ui/summary_print.sh).
# Source it after lib.sh, then:
#
#   cups_setup || { finish; exit 1; }   # root, tools, lock, cupsd, queue
#   ... print to "$CUPS_Q" ...
#   pdf=$(cups_wait_pdf dvcdesk_report_shift)   # the next new output file
#
# cups_setup fails (with a "not ok" line) rather than skipping quietly: the
# test needs root to start cupsd and add a queue (CI runs as root) and the
# packages cups, printer-driver-cups-pdf and poppler-utils.  On exit the
# queue, the output files this test made and a scheduler it started are
# removed, then lib.sh's cleanup runs.

CUPS_Q=DVCTEST$$
CUPS_OUT=""
_cups_started=""
_cups_had_conf=""
_cups_made_out=""
_cups_marker=$T/cups-marker

cups_cleanup() {
	lpadmin -x "$CUPS_Q" 2>/dev/null
	if [ -n "$CUPS_OUT" ] && [ -f "$_cups_marker" ]; then
		# only the files this test made: newer than the marker, named after our jobs
		find "$CUPS_OUT" -maxdepth 1 -name 'dvcdesk_report*' -newer "$_cups_marker" -delete 2>/dev/null
		[ -n "$_cups_made_out" ] && rmdir "$CUPS_OUT" 2>/dev/null
	fi
	if [ -n "$_cups_started" ]; then
		kill "$_cups_started" 2>/dev/null
		for _ in $(seq 100); do kill -0 "$_cups_started" 2>/dev/null || break; sleep 0.1; done
		# files the scheduler wrote that were not there before
		for f in printers.conf printers.conf.O classes.conf classes.conf.O subscriptions.conf \
			subscriptions.conf.O; do
			grep -qx "$f" <<<"$_cups_had_conf" || rm -f "/etc/cups/$f"
		done
	fi
	cleanup
}
trap cups_cleanup EXIT

cups_setup() {
	if [ "$(id -u)" -ne 0 ]; then
		fail "printing through CUPS needs root to start cupsd and add a queue (CI runs as root)"
		return 1
	fi
	local tool
	for tool in cupsd lpadmin lpstat lp lpinfo pdftotext pdfinfo; do
		command -v $tool >/dev/null || {
			fail "missing $tool: apt-get install cups printer-driver-cups-pdf poppler-utils"
			return 1
		}
	done
	# One print test at a time on this machine (every test that sources this
	# file takes the lock): another run's clean-up would stop the scheduler
	# or remove the queue under this one.
	exec 9>/tmp/dvcdesk-print-test.lock
	flock -w 600 9 || { fail "another print test holds /tmp/dvcdesk-print-test.lock"; return 1; }
	_cups_had_conf=$(cd /etc/cups 2>/dev/null && ls)
	touch "$_cups_marker"
	sleep 1 # the marker's time must be before any output file's

	if ! lpstat -r 2>/dev/null | grep -q 'scheduler is running'; then
		cupsd -f >"$T/cupsd.log" 2>&1 9>&- &
		_cups_started=$!
		for _ in $(seq 100); do
			lpstat -r 2>/dev/null | grep -q 'scheduler is running' && break
			sleep 0.1
		done
	fi
	if ! lpstat -r 2>/dev/null | grep -q 'scheduler is running'; then
		fail "cupsd could not be started" "$(cat "$T/cupsd.log" 2>/dev/null)"
		return 1
	fi
	local ppd
	ppd=$(lpinfo -m 2>/dev/null | awk '/CUPS-PDF_opt/ {print $1; exit}')
	[ -n "$ppd" ] || ppd=lsb/usr/cups-pdf/CUPS-PDF_opt.ppd
	if ! lpadmin -p "$CUPS_Q" -E -v cups-pdf:/ -m "$ppd" 2>"$T/lpadmin.log"; then
		fail "add a cups-pdf queue" "$(cat "$T/lpadmin.log")"
		return 1
	fi

	# cups-pdf writes into `Out` of /etc/cups/cups-pdf.conf: ${HOME}/PDF of
	# the submitting user by default, HOME from the password file.
	local out pw_home
	out=$(sed -n 's/^Out[[:space:]]\+//p' /etc/cups/cups-pdf.conf 2>/dev/null | tail -1)
	pw_home=$(getent passwd "$(id -un)" | cut -d: -f6)
	CUPS_OUT=${out:-'${HOME}/PDF'}
	CUPS_OUT=${CUPS_OUT//'${HOME}'/$pw_home}
	CUPS_OUT=${CUPS_OUT//'${USER}'/$(id -un)}
	[ -d "$CUPS_OUT" ] || _cups_made_out=1
	: >"$T/cups-seen"
	return 0
}

# cups_wait_pdf NEEDLE [SECONDS]: the path of a complete cups-pdf output
# named *NEEDLE*.pdf, made by this test and not returned before; 1 when none
# comes in time (60 s).
cups_wait_pdf() {
	local i f secs=${2:-60}
	for i in $(seq $((secs * 10))); do
		while IFS= read -r f; do
			grep -qxF "$f" "$T/cups-seen" && continue
			if [ -s "$f" ] && pdfinfo "$f" >/dev/null 2>&1; then
				echo "$f" >>"$T/cups-seen"
				echo "$f"
				return 0
			fi
		done < <(find "$CUPS_OUT" -maxdepth 1 -name "*$1*.pdf" -newer "$_cups_marker" 2>/dev/null)
		sleep 0.1
	done
	return 1
}

# cups_same_look A.pdf B.pdf: page 1 of both, rendered in grey at 40 dpi,
# differ in under 1% of the pixels (and are inked); prints the counts.
cups_same_look() {
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
# Ghostscript's pass inside cups-pdf turns the fonts into Type 3 glyphs and
# moves some Vietnamese marks by a pixel: a pixel differs only when nothing
# within one pixel of it in the other page is alike.
def near(img, iw, x, y, v):
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            xx, yy = x + dx, y + dy
            if 0 <= xx < w and 0 <= yy < h and abs(img[yy * iw + xx] - v) <= 96:
                return True
    return False
diff = sum(1 for y in range(h) for x in range(w)
           if abs(a[y * wa + x] - b[y * wb + x]) > 96
           and not (near(b, wb, x, y, a[y * wa + x]) and near(a, wa, x, y, b[y * wb + x])))
print(f"{diff} of {w * h} pixels differ, {ink} inked")
sys.exit(0 if abs(wa - wb) <= 2 and abs(ha - hb) <= 2 and ink > 2000 and diff < w * h / 100 else 1)
PY
	local rc=$?
	rm -f "$T"/look-*.pgm
	return $rc
}
