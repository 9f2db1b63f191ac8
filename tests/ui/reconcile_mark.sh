#!/usr/bin/env bash
# The history marks a logged dossier code that the last reconciliation did
# not find in the provincial export ("!" before the code), and only that one.
. "$(dirname "$0")/../lib.sh"
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
db=$T/mark.db
day=2026-03-10
clock() { faketime "$day 10:00:00" "$DVCDESK" --db "$db" "$@"; }
clock staff add "Nguyễn Thị Hoa" >/dev/null || fail "add a volunteer"
for n in 0001 0002; do
	clock add --staff "Nguyễn Thị Hoa" --procedure 1.001193 --service online_submission \
		--dossier "000.00.20.H08-260310-$n" >/dev/null 2>"$T/add.err" || fail "add $n" "$(cat "$T/add.err")"
done
printf 'Số hồ sơ,Ngày tiếp nhận,Hình thức nộp\r\n000.00.20.H08-260310-0001,10/03/2026,Trực tuyến\r\n' >"$T/export.csv"
expect_exit "reconcile the day" 0 clock reconcile "$T/export.csv" --format json
tui_start 80 24 faketime "$day 10:05:00" "$DVCDESK" --db "$db"
expect_screen "start of shift screen" "BẮT ĐẦU CA TRỰC"
tui_keys Enter
expect_screen "the counter opens" "Ca này: 0 lượt"
tui_keys F4
expect_screen "history opens" "CÁC LƯỢT HỖ TRỢ"
tui_keys Tab
expect_screen "today's visits" "2 lượt, 0 đã huỷ"
expect_eq "one code marked: the one not found" "$(tui_screen | grep -c '!000\.00\.20\.H08')" "1"
expect_eq "the found code is not marked" "$(tui_screen | grep -c ' 000\.00\.20\.H08')" "1"
tui_stop
finish
