#!/usr/bin/env bash
# The kiosk wrapper (contrib/kiosk/dvcdesk-kiosk.in, docs/kiosk.md): on the
# Linux console (TERM=linux, the locale cleared as getty does) it starts the
# counter in Vietnamese, starts it again after a shift ends or a crash, comes
# back to the start of shift with nothing lost after a power cut, draws QR
# codes without half blocks, and hands over to a shell only when the
# supervisor's stop file is there.
. "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || { fail "tmux is installed" "install the Debian package tmux"; finish; exit; }

# The wrapper as the Makefile generates it for the package.
make -s -C "$TOP" B="$T/b" "$T/b/pkg/dvcdesk-kiosk" >/dev/null 2>"$T/make.err" ||
	fail "the Makefile generates the wrapper" "$(cat "$T/make.err")"
kiosk=$T/b/pkg/dvcdesk-kiosk
check "the wrapper names the installed program" grep -q 'prog=${DVCDESK:-/usr/local/bin/dvcdesk}' "$kiosk"
check "the wrapper is valid sh" sh -n "$kiosk"

# ---- the loop, with a stand-in counter (no terminal needed) ----
cat >"$T/fake" <<'EOF'
#!/bin/sh
n=$(($(cat "$FAKE_RUNS" 2>/dev/null || echo 0) + 1))
echo "$n" >"$FAKE_RUNS"
echo "run $n: args=$* TERM=$TERM LANG=$LANG KIOSK=$DVCDESK_KIOSK"
case $n in
1) exit 0 ;;           # a shift ended
2) exit 78 ;;          # a configuration error
3) kill -9 $$ ;;       # a crash
4) touch "$DVCDESK_KIOSK_STOP"; exit 0 ;;   # the supervisor asked meanwhile
esac
echo "run $n: the counter ran after the stop file" >&2
exit 0
EOF
printf '#!/bin/sh\necho "SUPERVISOR SHELL $*"\n' >"$T/shell"
chmod +x "$T/fake" "$T/shell"
printf 'CHARMAP="UTF-8"\nCODESET="Lat15"\nFONTFACE="Fixed"\n' >"$T/cs-latin"
printf 'CHARMAP="UTF-8"\nCODESET="Vietnamese"\nFONTFACE="Fixed"\n' >"$T/cs-vi"
kenv=(env -u LANG -u LANGUAGE TERM=linux DVCDESK="$T/fake" FAKE_RUNS="$T/runs"
	DVCDESK_KIOSK_STOP="$T/stop" DVCDESK_KIOSK_SHELL="$T/shell" DVCDESK_KIOSK_PAUSE=0)
out=$("${kenv[@]}" DVCDESK_KIOSK_CONSOLE_SETUP="$T/cs-latin" timeout 20 sh "$kiosk" --config my.ini 2>&1)
rc=$?
expect_eq "loop: ends only by handing over (exec) to the shell" "$rc" 0
expect_eq "loop: the counter ran four times (after exit 0, 78, a crash)" "$(cat "$T/runs")" 4
expect_contains "loop: arguments reach dvcdesk" "$out" "run 1: args=--config my.ini"
expect_contains "loop: LANG=C.UTF-8 when getty cleared it; TERM kept; DVCDESK_KIOSK set" "$out" \
	"TERM=linux LANG=C.UTF-8 KIOSK=1"
expect_contains "loop: a failure is shown with its status" "$out" "exited with status 78"
expect_contains "loop: a crash is shown too" "$out" "exited with status 137"
expect_contains "loop: the stop file hands over to a login shell" "$out" "SUPERVISOR SHELL -l"
expect_not_contains "loop: never runs the counter after the stop file" "$out" "after the stop file"
expect_contains "console: a font without Vietnamese letters: the hint" "$out" "dpkg-reconfigure console-setup"
expect_contains "console: the hint in Vietnamese too" "$out" "phông chữ"
check "console: UTF-8 mode is switched on (ESC % G)" grep -q $'\033%G' <<<"$out"

rm -f "$T/runs" "$T/stop"
echo 3 >"$T/runs" # the next run touches the stop file
out=$("${kenv[@]}" DVCDESK_KIOSK_CONSOLE_SETUP="$T/cs-vi" LANG=vi_VN.UTF-8 timeout 20 sh "$kiosk" 2>&1)
expect_not_contains "console: Vietnamese font set up: no hint" "$out" "console-setup"
expect_contains "loop: a UTF-8 LANG is kept" "$out" "LANG=vi_VN.UTF-8"
out=$(env TERM=xterm DVCDESK_KIOSK_CONSOLE_SETUP="$T/cs-latin" DVCDESK="$T/fake" FAKE_RUNS="$T/runs" \
	DVCDESK_KIOSK_STOP="$T/stop" DVCDESK_KIOSK_SHELL="$T/shell" timeout 20 sh "$kiosk" 2>&1)
expect_not_contains "a terminal emulator: no console hint" "$out" "console-setup"
printf '#!/bin/sh\nkill -HUP $$\n' >"$T/hup"
chmod +x "$T/hup"
env DVCDESK="$T/hup" DVCDESK_KIOSK_STOP="$T/none" timeout 20 sh "$kiosk" >/dev/null 2>&1
expect_eq "loop: a counter hung up with the console ends the wrapper (getty logs in again)" "$?" 129

# ---- the real counter on TERM=linux in tmux ----
db=$T/kiosk.db
export TERM=linux
ini=$T/kiosk.ini
: >"$ini"
start_kiosk() { # COLS ROWS
	tui_start "$1" "$2" env -u LANG DVCDESK="$DVCDESK" DVCDESK_KIOSK_STOP="$T/stop" \
		DVCDESK_KIOSK_SHELL="$T/shell" DVCDESK_KIOSK_PAUSE=1 \
		DVCDESK_KIOSK_CONSOLE_SETUP="$T/cs-vi" sh "$kiosk" --db "$db" --config "$ini"
}
rm -f "$T/stop"
start_kiosk 128 48
expect_screen "TERM=linux, no LANG: the start of shift in Vietnamese" "BẮT ĐẦU CA TRỰC"
tui_keys Enter
expect_screen "the counter" "Ca này: 0 lượt"
tui_text 0
tui_keys Enter
expect_screen "a visit saved" "Đã lưu"
# QR codes on the console: full blocks, never half blocks (the font has none).
tui_keys C-o
expect_screen "the QR screen" "https://"
expect_not_contains "TERM=linux: the QR code has no half blocks" "$(tui_screen)" "▀"
expect_not_contains "TERM=linux: nor lower half blocks" "$(tui_screen)" "▄"
expect_not_contains "TERM=linux: the code fits a 128x48 framebuffer console" "$(tui_screen)" "quá nhỏ"
tui_keys Escape
expect_screen "back to the counter" "Ca này: 1 lượt"
# The shift ends: the counter starts again for the next volunteer.
tui_keys C-q
expect_screen "end of shift" "KẾT THÚC CA TRỰC"
tui_keys Enter
tui_wait "Đã đóng ca trực" 5
tui_keys Enter
expect_screen "after the shift: the start of shift again" "BẮT ĐẦU CA TRỰC"
expect_not_contains "never a shell" "$(tui_screen)" "SUPERVISOR"
# ^C at the counter: back to the start of shift, not to a shell.  (The
# console has no alternate screen: wait for the wrapper's line to go, i.e.
# for a new counter to clear the screen, before looking for its first one.)
restarted() { # NAME STATUS
	if tui_wait "exited with status $2" 10 && tui_wait_gone "exited with status $2" 10 &&
		tui_wait "BẮT ĐẦU CA TRỰC" 10; then ok "$1"; else
		fail "$1" "$(tui_screen | sed 's/^/    | /')"
	fi
}
tui_keys Enter
expect_screen "a second shift" "Ca này: 0 lượt"
tui_keys C-c
restarted "^C at the counter: the start of shift again" 130
# A crash in the middle of a shift: back again, and the shift goes on.
tui_keys Enter
expect_screen "the shift again" "Ca này: 0 lượt"
pid=$(pgrep -f -n -- "^$DVCDESK --db $db") && kill -9 "$pid"
restarted "a crash: back to the start of shift" 137
tui_keys Enter
expect_screen "the same shift" "Ca này: 0 lượt"
tui_text 0
tui_keys Enter
expect_screen "a second visit saved" "Đã lưu"
# Power cut: everything dies at once, with no chance to clean up.
for p in $(pgrep -f -- "^$DVCDESK --db $db") $(pgrep -f -- "^sh $kiosk"); do kill -9 "$p" 2>/dev/null; done
tui_stop
start_kiosk 128 48
expect_screen "after a power cut: the start of shift" "BẮT ĐẦU CA TRỰC"
expect_exit "after a power cut: the report" 0 dv --db "$db" report --day "$(date +%F)" --format json
expect_contains "after a power cut: both visits kept" "$OUT" '"visits": 2,'
tui_keys Enter
expect_screen "after a power cut: the same volunteer continues" "Ca này: 1 lượt"
# The supervisor asks for a shell: only after the counter ends.
touch "$T/stop"
tui_keys C-q
expect_screen "stop file: end of shift first" "KẾT THÚC CA TRỰC"
expect_not_contains "stop file: no shell while the counter runs" "$(tui_screen)" "SUPERVISOR"
tui_keys Enter
tui_wait "Đã đóng ca trực" 5
tui_keys Enter
expect_screen "stop file: then a login shell" "SUPERVISOR SHELL -l"
tui_stop
finish
