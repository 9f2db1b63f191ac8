#!/usr/bin/env bash
# A shift at the counter, typed into the real binary in a real terminal:
# start (name typed without diacritics, a wrong PIN, the right one), ten
# visits (digit shortcuts, a search without diacritics, initials, a dossier
# code with a warning, a repeat, an undo), a void with a reason in history;
# then the database and the screens at 80x24 and at the minimum 60x18.
# Every key is sent at once where the order alone matters: typed-ahead keys
# must never be lost.
. "$(dirname "$0")/../lib.sh"
# faketime preloads a library: under ASan that library comes first.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

db=$T/counter.db
day=2026-03-10
# The clock runs from 09:15 on a fixed day (the morning session), so the
# screens can be compared with the snapshots below.
clock() { faketime "$1" "$DVCDESK" --db "$db" "${@:2}"; }

# Use counts from the day before decide the digit shortcuts: 1 = Đăng ký
# khai sinh (3 uses), 2 = Đăng ký kết hôn (2 uses), 3 = Đăng ký khai tử lưu
# động (1 use).
for p in 1.001193 1.001193 1.001193 1.000894 1.000894 1.000419; do
	clock "2026-03-09 10:00:00" add --procedure "$p" >/dev/null 2>"$T/add.err" ||
		fail "seed visit $p" "$(cat "$T/add.err")"
done
printf '2468\n' | "$DVCDESK" --db "$db" staff add --pin "Nguyễn Thị Hoa" >/dev/null 2>"$T/staff.err" ||
	fail "add a volunteer with a PIN" "$(cat "$T/staff.err")"

# mask the clock: times and dates move while the test runs
snap() { tui_screen | sed -E 's/[0-9]{2}:[0-9]{2}/HH:MM/g; s/ +$//'; }
# expect_snap NAME: the screen equals stdin (after masking)
expect_snap() {
	local want got
	want=$(cat)
	got=$(snap)
	if [ "$got" == "$want" ]; then ok "$1"; else
		echo "$got" >"$T/snap-${1// /_}.txt"
		fail "$1" "$(diff <(echo "$want") <(echo "$got") | sed 's/^/| /')"
	fi
}
sql() { sqlite3 -batch -noheader "$db" "$1"; }

tui_start 80 24 faketime "$day 09:15:00" "$DVCDESK" --db "$db"
expect_screen "start of shift screen" "BẮT ĐẦU CA TRỰC"
tui_text "hoa"
expect_screen "typing part of the name without diacritics finds the volunteer" "▸ Nguyễn Thị Hoa"
tui_keys Enter
expect_screen "a volunteer with a PIN is asked for it" "Mã PIN của Nguyễn Thị Hoa:"
tui_text "1111"
tui_keys Enter
expect_screen "a wrong PIN is refused" "PIN"
tui_text "2468"
tui_keys Enter
expect_screen "the right PIN opens the counter" "Ca này: 0 lượt"
expect_screen "the header names the volunteer and the session" "Nguyễn Thị Hoa · Ca sáng"

# The ten visits, all keys at once.
tui_text "1vo000.00.20.H08-260310-0001"; tui_keys Enter           # 1: shortcut, VNeID, online
tui_text "gia han"; tui_keys Enter; tui_text "k"; tui_keys Enter   # 2: no diacritics, form filling
tui_text "ctck"; tui_keys Enter Enter                              # 3: initials
tui_keys C-r Enter                                                 # 4: repeat the last
tui_text "2oABC-123"; tui_keys Enter Enter                         # 5: odd dossier code, confirmed
tui_text "0c"; tui_keys Enter                                      # 6: general guidance, elderly
tui_text "1xdn"; tui_keys Enter                                    # 7: disabled, ethnic, phone
tui_text "1qg"; tui_text "Hẹn thứ Hai"; tui_keys Enter             # 8: more papers, a note
tui_text "3a"; tui_keys Enter                                      # 9: third shortcut, account
tui_keys C-u Enter                                                 # undo 9
tui_text "0"; tui_keys Enter                                       # 10
expect_screen "ten visits saved, one undone" "Ca này: 9 lượt, 2 nộp trực tuyến" 20
expect_screen "the last save says so" "Đã lưu: Hướng dẫn chung (lượt thứ 9 của ca)."
tui_keys Enter
expect_screen "Enter on an empty form saves nothing" "Chưa có gì để lưu"

expect_eq "the database has the ten visits of the day" \
	"$(sql "SELECT count(*) FROM visit WHERE local_day = 20260310")" "10"
expect_eq "all by the volunteer, in one shift" \
	"$(sql "SELECT count(DISTINCT staff_id) || ' ' || count(DISTINCT shift_id) || ' ' || min(s.name)
		FROM visit v JOIN staff s ON s.id = v.staff_id WHERE local_day = 20260310")" "1 1 Nguyễn Thị Hoa"
expect_eq "visit 1: shortcut 1 with VNeID and the dossier code" \
	"$(sql "SELECT procedure_code, vneid, online_submission, dossier_code FROM visit
		WHERE local_day = 20260310 ORDER BY id LIMIT 1")" "1.001193|1|1|000.00.20.H08-260310-0001"
expect_eq "visit 2: found without diacritics, form filling" \
	"$(sql "SELECT procedure_code, form_filling FROM visit WHERE local_day = 20260310 ORDER BY id LIMIT 1 OFFSET 1")" \
	"1.002755|1"
expect_eq "visits 3 and 4: initials, then the repeat" \
	"$(sql "SELECT count(*) FROM visit WHERE procedure_code = '2.000884' AND voided_at IS NULL")" "2"
expect_eq "visit 5: the confirmed odd dossier code is kept as typed" \
	"$(sql "SELECT procedure_code, online_submission, dossier_code FROM visit WHERE dossier_code = 'ABC-123'")" \
	"1.000894|1|ABC-123"
expect_eq "visit 6: general guidance, elderly" \
	"$(sql "SELECT ifnull(procedure_code, 'none'), elderly FROM visit WHERE local_day = 20260310 ORDER BY id LIMIT 1 OFFSET 5")" \
	"none|1"
expect_eq "visit 7: groups and channel" \
	"$(sql "SELECT disabled, ethnic_minority, channel FROM visit WHERE local_day = 20260310 ORDER BY id LIMIT 1 OFFSET 6")" \
	"1|1|phone"
expect_eq "visit 8: outcome and a Vietnamese note, NFC" \
	"$(sql "SELECT outcome, note, hex(note) = hex('Hẹn thứ Hai') FROM visit WHERE note IS NOT NULL AND note != ''")" \
	"more_papers|Hẹn thứ Hai|1"
expect_eq "visit 9 undone: voided with reason undo, kept" \
	"$(sql "SELECT procedure_code, account, void_reason FROM visit WHERE voided_at IS NOT NULL")" \
	"1.000419|1|undo"
expect_eq "every visit has a duration of zero or more, none in the future" \
	"$(sql "SELECT count(*) FROM visit WHERE local_day = 20260310 AND duration_s >= 0 AND at_utc <= entered_at")" "10"

# Esc on an empty search does nothing but clear the message.
tui_keys Escape
tui_wait_gone "Chưa có gì để lưu"
expect_snap "counter at 80x24" <<'EOF'
 Trung tâm Phục vụ hành chính công (demo)…     Nguyễn Thị Hoa · Ca sáng · HH:MM
Thủ tục:                                      │ [ ] v Kích hoạt VNeID
» Hướng dẫn chung                             │ [ ] a Tạo tài khoản Cổng DVC
1 Đăng ký khai sinh                  1.001193 │ [ ] o Nộp hồ sơ trực tuyến
2 Đăng ký kết hôn                    1.000894 │ [ ] t Thanh toán trực tuyến
3 Đăng ký khai tử lưu động           1.000419 │ [ ] r Tra cứu hồ sơ, kết quả
4 Đăng ký khai tử                    1.000656 │ [ ] k Hỗ trợ kê khai
5 Gia hạn tạm trú                    1.002755 │ [ ] b Trả KQ qua bưu chính
6 Đăng ký tạm trú                    1.004194 │ [ ] c Người cao tuổi
7 Chứng thực chữ ký                  2.000884 │ [ ] x Người khuyết tật
8 Đăng ký thường trú                 1.004222 │ [ ] d Đồng bào DTTS
9 Công nhận hộ nghèo                 1.011606 │ n Hình thức: Tại quầy
0 Hướng dẫn chung (không theo TTHC)           │ q Kết quả: Đã hỗ trợ xong
Mã hồ sơ:
Ghi chú (g):
Ca này: 9 lượt, 2 nộp trực tuyến  ·  Hôm nay: 9 lượt
── Các lượt vừa lưu trong ca ───────────────────────────────────────────────────
HH:MM Hướng dẫn chung
HH:MM Đăng ký khai tử lưu động   (đã huỷ)
HH:MM Đăng ký khai sinh          bổ sung hồ sơ
HH:MM Đăng ký khai sinh          khuyết tật, DTTS, đ…
HH:MM Hướng dẫn chung            cao tuổi
Báo cáo chưa làm: ngày (hạn HH:MM)
^R lặp lại  ^U hoàn tác  ^O QR  F4 lịch sử  ^Q kết thúc ca  F1 trợ giúp
EOF

tui_resize 60 18
expect_screen "the counter redraws at the minimum size" "Ca này: 9 lượt"
expect_snap "counter at 60x18" <<'EOF'
 Trung tâm Phục vụ hành…   Nguyễn Thị Hoa · Ca sáng · HH:MM
Thủ tục:                     │ [ ] v Kích hoạt VNeID
» Hướng dẫn chung            │ [ ] a Tạo tài khoản Cổng DVC
1 Đăng ký khai sinh          │ [ ] o Nộp hồ sơ trực tuyến
2 Đăng ký kết hôn            │ [ ] t Thanh toán trực tuyến
3 Đăng ký khai tử lưu động   │ [ ] r Tra cứu hồ sơ, kết quả
4 Đăng ký khai tử            │ [ ] k Hỗ trợ kê khai
5 Gia hạn tạm trú            │ [ ] b Trả KQ qua bưu chính
6 Đăng ký tạm trú            │ [ ] c Người cao tuổi
7 Chứng thực chữ ký          │ [ ] x Người khuyết tật
8 Đăng ký thường trú         │ [ ] d Đồng bào DTTS
9 Công nhận hộ nghèo         │ n Hình thức: Tại quầy
0 Hướng dẫn chung (không th… │ q Kết quả: Đã hỗ trợ xong
Mã hồ sơ:
Ghi chú (g):
Ca này: 9 lượt, 2 nộp trực tuyến  ·  Hôm nay: 9 lượt
Báo cáo chưa làm: ngày (hạn HH:MM)
^R lặp lại  ^U hoàn tác  ^O QR  F4 lịch sử  F1 trợ giúp
EOF

tui_resize 80 24
tui_keys F4
expect_screen "history lists the shift" "CÁC LƯỢT HỖ TRỢ"
expect_screen "history counts the undone visit" "10 lượt, 1 đã huỷ"
tui_text "/gia"
expect_screen "the filter narrows the list" "1 lượt, 0 đã huỷ"
tui_keys Enter C-d
expect_screen "void asks for a reason" "Lý do:"
tui_keys Enter
expect_screen "a void needs a reason" "Cần ghi lý do"
tui_text "nhập nhầm"
tui_keys Enter
expect_screen "the void is confirmed" "Đã huỷ lượt: Gia hạn tạm trú."
expect_eq "the void is stored with its reason" \
	"$(sql "SELECT void_reason FROM visit WHERE procedure_code = '1.002755'")" "nhập nhầm"
expect_eq "each void wrote one audit row" \
	"$(sql "SELECT count(*) FROM audit WHERE action = 'visit.void'")" "2"
tui_keys Escape
expect_screen "back at the counter, the totals follow" "Ca này: 8 lượt, 2 nộp trực tuyến"

# The same numbers through the report's JSON contract.
expect_exit "report --day as JSON" 0 "$DVCDESK" --db "$db" report --day "$day" --format json
json=$(echo "$OUT" | tr -d ' \n')
expect_contains "report: the day's visits" "$json" '"visits":8'
expect_contains "report: two voided" "$json" '"voided":2'
expect_contains "report: services" "$json" '"vneid":1'
expect_contains "report: online submissions" "$json" '"online_submission":2'

# End of shift: totals, close, the summary, quit.
tui_keys C-q
expect_screen "ending the shift shows its totals first" "KẾT THÚC CA TRỰC"
expect_screen "the totals of the shift" "Đã huỷ                           2"
tui_keys Enter
tui_wait "Đã đóng ca trực" 5 || tui_wait "TỔNG KẾT" 5
tui_keys Escape
expect_screen "leaving the summary ends the program" "[exit 0]" 10
expect_eq "the shift is closed in the database" \
	"$(sql "SELECT count(*) FROM shift WHERE closed_at IS NOT NULL")" "1"
finish
