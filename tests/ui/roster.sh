#!/usr/bin/env bash
# The programme's screens in a real terminal (tmux): the start of shift
# preselects the volunteer on the roster and says so, anyone else may start
# and the swap is on record; the roster screen shows the week and lets a
# supervisor give and empty a slot (a volunteer only looks); the events
# screen adds an event through its form and voids one with a reason.
. "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || fail "tmux missing" "apt-get install tmux"
command -v sqlite3 >/dev/null || fail "sqlite3 missing" "apt-get install sqlite3"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
_session=0
end_session() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	TMUX_SOCK=dvct$$-$((++_session))
	return 0
}
db=$T/ui.db
sql() { sqlite3 -batch -noheader "$db" "$1"; }
NOW='2026-12-07 09:00:00' # a Monday morning
dvt() { faketime "$NOW" "$DVCDESK" --db "$db" "$@"; }
dvt staff add "Nguyễn Văn An" >/dev/null
dvt staff add "Trần Thị Bình" >/dev/null
printf '975310\n' | dvt staff add --supervisor "Trần Thị Giám" >/dev/null
dvt staff disable "Tình nguyện viên" >/dev/null 2>&1
dvt roster set --date 2026-12-07 --session sáng --staff "Trần Thị Bình" >/dev/null
id() { sql "SELECT id FROM staff WHERE name='$1'"; }
tui() { tui_start 100 30 faketime "$NOW" "$DVCDESK" --db "$db"; }

# ---- the start of shift preselects the rostered volunteer ----
tui
expect_screen "the start screen says who is on the roster" "Theo lịch trực: Trần Thị Bình"
expect_eq "the rostered volunteer is the selected row" \
	"$(tui_screen | grep '▸' | grep -c 'Trần Thị Bình')" 1
tui_keys Enter
expect_screen "Enter starts Bình's shift" "Trần Thị Bình" 5
tui_wait_gone "BẮT ĐẦU CA TRỰC"
expect_eq "the shift is Bình's" "$(sql "SELECT staff_id FROM shift ORDER BY id DESC LIMIT 1")" "$(id 'Trần Thị Bình')"
expect_eq "no swap for the rostered volunteer" "$(sql "SELECT count(*) FROM audit WHERE action='shift.swap'")" 0
end_session

# ---- anyone may start instead: a swap on record ----
tui
tui_wait "BẮT ĐẦU CA TRỰC"
tui_text "văn an"
tui_wait_gone "Trần Thị Giám"
tui_keys Enter
tui_wait_gone "BẮT ĐẦU CA TRỰC"
expect_eq "the shift is An's" "$(sql "SELECT staff_id FROM shift ORDER BY id DESC LIMIT 1")" "$(id 'Nguyễn Văn An')"
expect_eq "the swap is in the audit" "$(sql "SELECT staff_id || ' ' || detail FROM audit WHERE action='shift.swap'")" \
	"$(id 'Nguyễn Văn An') shift=$(sql 'SELECT max(id) FROM shift') rostered_staff_id=$(id 'Trần Thị Bình')"

# ---- the roster screen, as a volunteer: look only ----
tui_keys F11
expect_screen "F11 opens the week's roster" "LỊCH TRỰC 07/12 – 13/12/2026"
expect_screen "Monday morning is Bình's" "Trần Thị Bình"
expect_screen "a volunteer is told who may change it" "Chỉ cán bộ phụ trách mới sửa được lịch trực"
tui_keys Enter
sleep 0.3
expect_eq "a volunteer cannot open the picker" "$(tui_screen | grep -c 'Tình nguyện viên:')" 0
tui_keys Escape
end_session

# ---- as the supervisor: give and empty slots ----
tui
tui_wait "BẮT ĐẦU CA TRỰC"
tui_text "giám"
tui_keys Enter
tui_wait "Mã PIN của"
tui_text 975310
tui_keys Enter
tui_wait_gone "Mã PIN của"
tui_keys M-l
expect_screen "M-l opens the roster too" "LỊCH TRỰC 07/12"
tui_keys Down # Monday afternoon (today's morning is selected first)
tui_keys Enter
expect_screen "Enter asks for the volunteer" "Tình nguyện viên:"
tui_text "an"
tui_keys Enter
expect_screen "the slot is given" "Đã lưu lịch trực: Nguyễn Văn An"
expect_eq "the roster row" "$(sql "SELECT s.name FROM roster r JOIN staff s ON s.id=r.staff_id WHERE local_day=20261207 AND session='afternoon' AND counter='Quầy 1'")" "Nguyễn Văn An"
tui_keys Up
tui_keys C-d
expect_screen "the void key empties the slot" "Ô lịch đã để trống"
expect_eq "Monday morning is empty" "$(sql "SELECT count(*) FROM roster WHERE local_day=20261207 AND session='morning'")" 0
tui_keys Right
expect_screen "Right: the week after" "LỊCH TRỰC 14/12 – 20/12/2026"
tui_keys Escape
tui_wait_gone "LỊCH TRỰC"

# ---- the events screen: add through the form, then void ----
tui_keys F12
expect_screen "F12 opens the events" "HOẠT ĐỘNG TUYÊN TRUYỀN, TẬP HUẤN · 12/2026"
expect_screen "none yet" "Không có hoạt động nào trong tháng này."
tui_keys F2
expect_screen "F2 opens the form" "THÊM HOẠT ĐỘNG TUYÊN TRUYỀN, TẬP HUẤN"
expect_screen "the date is today's" "07/12/2026"
tui_keys Right # kind: meeting -> training
expect_screen "the kind cycles" "< tập huấn >"
tui_keys Tab Tab
tui_text "Nhà văn hoá thôn 2"
tui_keys Tab
tui_keys BSpace
tui_text "35"
tui_keys Tab Tab
tui_keys BSpace
tui_text "200"
tui_keys Enter
expect_screen "the event is saved" "Đã lưu hoạt động: tập huấn, Nhà văn hoá thôn 2"
expect_eq "the event row" "$(sql "SELECT kind || '|' || local_day || '|' || place || '|' || attendees || '|' || leaflets FROM event")" \
	"training|20261207|Nhà văn hoá thôn 2|35|200"
expect_eq "the supervisor took part" "$(sql "SELECT staff_id FROM event_staff")" "$(id 'Trần Thị Giám')"
expect_screen "the list shows it" "35 người, 0 hộ, 200 ấn phẩm"
tui_keys C-d
expect_screen "void asks for a reason" "Huỷ hoạt động tại Nhà văn hoá thôn 2? Lý do:"
tui_text "nhập nhầm"
tui_keys Enter
expect_screen "voided" "Đã huỷ hoạt động."
expect_eq "the event is voided with its reason" "$(sql "SELECT void_reason FROM event WHERE voided_at IS NOT NULL")" "nhập nhầm"
expect_eq "the audit has the add and the void" "$(sql "SELECT group_concat(action) FROM audit WHERE action LIKE 'event.%'")" "event.add,event.void"
end_session
finish
