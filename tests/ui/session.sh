#!/usr/bin/env bash
# The rest of a working day at the counter: the idle lock and its PIN, the
# help screen from the action table, a key rebound in [keys], name and
# phone only with consent, a save that fails (database busy) and is retried
# with the same uid, editing a visit, and a volunteer who may not change
# someone else's visits while a supervisor may.
. "$(dirname "$0")/../lib.sh"
# faketime preloads a library: under ASan that library comes first.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
# Each session gets a tmux server of its own: a new server on the socket of
# one still shutting down fails now and then ("server exited unexpectedly").
_session=0
end_session() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	TMUX_SOCK=dvct$$-$((++_session))
	return 0
}

db=$T/session.db
sql() { sqlite3 -batch -noheader "$db" "$1"; }
# yesterday's use makes shortcut 1 Đăng ký khai tử lưu động
faketime "$(date -d yesterday +%F) 10:00:00" "$DVCDESK" --db "$db" add --procedure 1.000419 >/dev/null
printf '1357\n' | "$DVCDESK" --db "$db" staff add --pin "Lê Văn Nam" >/dev/null
printf '975310\n' | "$DVCDESK" --db "$db" staff add --supervisor "Trần Thị Giám" >/dev/null
cat >"$T/ui.ini" <<'EOF'
[privacy]
collect_name = yes
collect_phone = yes

[keys]
repeat_last = ^G, F5
EOF

# start as Nam: PIN
start_as() { # NAME PIN
	tui_wait "BẮT ĐẦU CA TRỰC"
	tui_text "$1"
	tui_keys Enter
	tui_wait "Mã PIN của"
	tui_text "$2"
	tui_keys Enter
	tui_wait "Ca này"
}

# ---- idle lock ----
tui_start 80 24 env DVCDESK_IDLE_LOCK_SECONDS=1 "$DVCDESK" --db "$db" --config "$T/ui.ini"
start_as nam 1357
tui_text "1v"
tui_keys Tab
tui_text "HIDE-ME-99"
expect_screen "idle lock: the form before" "HIDE-ME-99"
expect_screen "idle lock: locks after the idle time" "MÀN HÌNH ĐÃ KHOÁ" 5
expect_not_contains "idle lock: the citizen's data is hidden" "$(tui_screen)" "HIDE-ME-99"
tui_keys C-q Escape F1
expect_not_contains "idle lock: quit, back and help do not open it" "$(tui_screen)" "HIDE-ME-99"
tui_text "0000"
tui_keys Enter
expect_screen "idle lock: a wrong PIN keeps it locked" "PIN"
expect_not_contains "idle lock: still hidden" "$(tui_screen)" "HIDE-ME-99"
tui_text "1357"
tui_keys Enter
expect_screen "idle lock: the right PIN opens it, the form intact" "Mã hồ sơ: HIDE-ME-99"
end_session

# ---- lock now, help, rebinding, consent ----
tui_start 80 24 "$DVCDESK" --db "$db" --config "$T/ui.ini"
start_as nam 1357
tui_keys C-l
expect_screen "^L locks at once" "MÀN HÌNH ĐÃ KHOÁ"
tui_text "1357"
tui_keys Enter
expect_screen "and the PIN opens it" "Ca này"
tui_keys F1
expect_screen "help from the action table" "TRỢ GIÚP: CÁC PHÍM"
expect_screen "help shows a rebound key" "^G, F5"
expect_screen "help groups by scope" "Tại quầy (màn hình chính)"
tui_keys Escape
expect_screen "help closes" "Ca này"
tui_text "#2.000815"
expect_screen "# then a code searches by code" "▸ Chứng thực bản sao từ bản chính"
tui_keys Escape
tui_wait_gone "▸ Chứng thực bản sao"
expect_screen "Esc empties the search" "0 Hướng dẫn chung"

# consent: the fields appear only with it
expect_screen "name and phone wait for consent" "chỉ ghi họ tên, SĐT khi người dân đồng ý"
tui_text "1y"
tui_text "Phạm Thị Dân"
tui_keys Tab
tui_text "0912 345 678"
tui_keys Enter
expect_screen "saved with consent" "Đã lưu: Đăng ký khai tử lưu động"
expect_eq "name and phone kept with consent" \
	"$(sql "SELECT citizen_name, citizen_phone, consent FROM visit ORDER BY id DESC LIMIT 1")" \
	"Phạm Thị Dân|0912345678|1"
tui_keys C-g
expect_screen "the rebound key repeats the last visit" "Giống lượt trước"
tui_keys Enter
expect_screen "the repeat is saved" "lượt thứ 2 của ca"
expect_eq "a repeat keeps nothing personal" \
	"$(sql "SELECT ifnull(citizen_name, ''), consent, procedure_code FROM visit ORDER BY id DESC LIMIT 1")" \
	"|0|1.000419"

# ---- a busy database: the form stays, Enter retries with the same uid ----
tui_text "2k"
(printf 'BEGIN IMMEDIATE;\n'; sleep 7; printf 'COMMIT;\n') | sqlite3 "$db" &
locker=$!
sleep 0.3 # the lock must be taken before Enter (busy_timeout is 5 s)
tui_keys Enter
expect_screen "busy: says it is not saved" "CHƯA LƯU" 10
expect_screen "busy: the form is kept" "[x] k Hỗ trợ kê khai"
wait "$locker"
tui_keys Enter
expect_screen "busy: saved on the retry" "lượt thứ 3 của ca" 10
expect_eq "busy: one visit, not two" "$(sql "SELECT count(*) FROM visit WHERE form_filling = 1")" "1"

# ---- history: detail and edit of an own visit ----
tui_keys F4
expect_screen "history opens" "CÁC LƯỢT HỖ TRỢ"
tui_keys Enter
expect_screen "detail of the newest visit" "Hỗ trợ kê khai"
tui_keys C-e
expect_screen "edit form" "SỬA LƯỢT HỖ TRỢ"
tui_text "r"
tui_keys Enter
expect_screen "edit saved" "Đã lưu thay đổi."
expect_eq "the edit is stored" "$(sql "SELECT lookup FROM visit WHERE form_filling = 1")" "1"
expect_eq "the edit wrote an audit row" "$(sql "SELECT count(*) FROM audit WHERE action = 'visit.update'")" "1"
tui_keys Escape Escape
tui_wait "Ca này"
end_session

# ---- another volunteer may not change Nam's visits; a supervisor may ----
tui_start 80 24 "$DVCDESK" --db "$db" --config "$T/ui.ini"
tui_wait "BẮT ĐẦU CA TRỰC"
tui_text "tinh"
tui_keys Enter
tui_wait "Ca này"
tui_keys F4 Tab
expect_screen "history of today" "[Hôm nay]"
tui_keys C-d
expect_screen "a volunteer cannot void another's visit" "Chỉ sửa hoặc huỷ được"
end_session
tui_start 80 24 "$DVCDESK" --db "$db" --config "$T/ui.ini"
start_as giam 975310
tui_keys F4 Tab
tui_wait "[Hôm nay]"
tui_keys C-d
expect_screen "a supervisor may void any visit" "Lý do:"
tui_text "kiểm tra"
tui_keys Enter
expect_screen "voided by the supervisor" "Đã huỷ lượt"
tui_keys Left
expect_screen "history of a chosen day: the day before, dd/mm/yyyy" "[Ngày $(date -d yesterday +%d/%m/%Y)]"
expect_screen "the day before has its one visit" "1 lượt, 0 đã huỷ"
expect_eq "the void names the supervisor" \
	"$(sql "SELECT s.name FROM visit v JOIN staff s ON s.id = v.voided_by WHERE v.void_reason = 'kiểm tra'")" \
	"Trần Thị Giám"
finish
