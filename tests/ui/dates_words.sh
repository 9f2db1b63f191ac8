#!/usr/bin/env bash
# Dates and key caps as a Vietnamese volunteer reads them (issue 13 §2):
# dd/mm/yyyy on the start of shift (with the weekday), history and its day
# picker, the visit's detail, its void line and the end of the shift, never
# ISO; the key hints, the help screen and `dvcdesk --keys` with the key caps
# a person sees (↓ ↑ ← → Tab Shift+Tab), not "Down", "Left" or "S-Tab"; and
# the history list showing the whole dossier code at 80×24.
. "$(dirname "$0")/../lib.sh"

db=$T/dates.db
today=$(date +%d/%m/%Y)
yesterday=$(date -d yesterday +%d/%m/%Y)
ISO='[0-9]{4}-[0-9]{2}-[0-9]{2}'
# two uses make shortcut 1 Đăng ký khai sinh
"$DVCDESK" --db "$db" add --procedure 1.001193 >/dev/null
"$DVCDESK" --db "$db" add --procedure 1.001193 >/dev/null
DOSSIER=000.00.20.H08-261205-0001
no_iso() { # NAME: the screen shows no ISO date
	if tui_screen | grep -qE "$ISO"; then fail "$1: no ISO date on the screen" "$(tui_screen)"
	else ok "$1: no ISO date on the screen"; fi
}
weekday() {
	case $(date +%u) in
	1) echo "Thứ Hai" ;; 2) echo "Thứ Ba" ;; 3) echo "Thứ Tư" ;; 4) echo "Thứ Năm" ;;
	5) echo "Thứ Sáu" ;; 6) echo "Thứ Bảy" ;; 7) echo "Chủ Nhật" ;;
	esac
}

tui_start 80 24 "$DVCDESK" --db "$db"
expect_screen "start of shift" "BẮT ĐẦU CA TRỰC"
expect_screen "start of shift: the weekday and the date, dd/mm/yyyy" "$(weekday), $today"
no_iso "start of shift"
expect_screen "start of shift: the hint shows the key cap ↓" "↓ xuống"
expect_not_contains "start of shift: no English key name" "$(tui_screen)" "Down"
tui_keys Enter
expect_screen "the counter" "Ca này: 0 lượt"
tui_text "1o$DOSSIER"
expect_screen "the dossier code typed" "$DOSSIER"
tui_keys Enter
expect_screen "saved" "Đã lưu"

tui_keys F4
expect_screen "history" "CÁC LƯỢT HỖ TRỢ"
expect_screen "history at 80×24: the whole dossier code" "$DOSSIER"
expect_not_contains "history: the code is not cut" "$(tui_screen)" "${DOSSIER:0:18}…"
tui_keys Tab Tab
expect_screen "the day picker: yesterday, dd/mm/yyyy" "[Ngày $yesterday]"
no_iso "history, a chosen day"
tui_keys Right
expect_screen "→ the day after: today, dd/mm/yyyy" "[Ngày $today]"
tui_keys Tab
expect_screen "back to this shift" "[Ca này]"
tui_keys Enter
expect_screen "the visit's detail" "Thời lượng"
expect_screen "detail: the time first, then the date" ", $today"
check "detail: HH:MM, dd/mm/yyyy" grep -qE "[0-9]{2}:[0-9]{2}, $today" <(tui_screen)
no_iso "detail"
tui_keys C-d
expect_screen "void asks why" "Lý do:"
tui_text "nhập trùng"
tui_keys Enter
expect_screen "voided" "ĐÃ HỦY lúc"
check "void line: lúc HH:MM, dd/mm/yyyy" grep -qE "ĐÃ HỦY lúc [0-9]{2}:[0-9]{2}, $today" <(tui_screen)
no_iso "void line"
tui_keys Escape
tui_wait "CÁC LƯỢT" 5
tui_keys Escape
tui_wait "Ca này:" 5

tui_keys F1
expect_screen "help" "TRỢ GIÚP: CÁC PHÍM"
expect_screen "help: its hint shows the key cap ↓" "↓ cuộn"
help=$(tui_screen)
for i in 1 2 3 4; do tui_keys PageDown; help+=$(tui_screen); done
expect_contains "help: Shift+Tab, not S-Tab" "$help" "Shift+Tab"
expect_contains "help: the arrows' key caps" "$help" "↑"
for name in S-Tab Down Left Right; do
	expect_not_contains "help: no \"$name\"" "$help" "$name"
done
tui_keys Escape
tui_wait "Ca này:" 5

tui_keys C-t
expect_screen "the summary: the shift's" "TỔNG KẾT CA TRỰC"
tui_keys Tab
expect_screen "Tab: the title says the day report, with its date" "BÁO CÁO NGÀY $today"
tui_keys Tab
expect_screen "Tab again: the shift's summary" "TỔNG KẾT CA TRỰC"
tui_keys Escape
tui_wait "Ca này:" 5

tui_keys C-q
expect_screen "end of shift" "KẾT THÚC CA TRỰC"
check "end of shift: the session, the day dd/mm/yyyy, then the hours" \
	grep -qE "Ca( sáng| chiều)? $today, [0-9]{2}:[0-9]{2} – [0-9]{2}:[0-9]{2}" <(tui_screen)
no_iso "end of shift"
tui_stop

expect_exit "dvcdesk --keys" 0 "$DVCDESK" --keys
for name in S-Tab '`Down`' '`Up`' 'Left' 'Right'; do
	expect_not_contains "--keys: no \"$name\"" "$OUT" "$name"
done
expect_contains "--keys: Shift+Tab" "$OUT" "Shift+Tab, ←"
finish
