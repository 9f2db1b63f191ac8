#!/usr/bin/env bash
# The programme around the counter through the real binary: the roster's
# all-or-nothing import and its refusals, show/set/clear; attendance
# (planned, worked, missed, extra) on a made-up month; events in every
# report level (day, month, year, range, staff filter) in JSON, CSV, text
# and PDF; the members sheet without and with a reconciliation, with and
# without grades; the purge clears event notes.
. "$(dirname "$0")/../lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 missing" "apt-get install sqlite3"
command -v pdftotext >/dev/null || fail "pdftotext missing" "apt-get install poppler-utils"
command -v python3 >/dev/null || fail "python3 missing" "apt-get install python3"

NOW='2026-12-20 12:00:00'
dvt() { faketime "$NOW" "$DVCDESK" --config "$T/dv.ini" --db "$T/dv.db" "$@"; }
cat >"$T/dv.ini" <<'INI'
[unit]
name = UBND xã Tân Lập
code = X01
province = Phú Thọ
[counter]
name = Quầy 1
INI
for who in "Nguyễn Văn An" "Trần Thị Bình" "Lê Văn Cường"; do
	expect_exit "staff add $who" 0 dvt staff add "$who"
done
# the first run's default member is not one of the made-up month's
expect_exit "disable the default member" 0 dvt staff disable "Tình nguyện viên"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# ---- roster import: refusals leave nothing behind ----
hdr='Ngày,Buổi,Quầy,Tình nguyện viên'
printf '%s\r\n01/12/2026,Sáng,Quầy 1,Nguyễn Văn An\r\n2026-12-02,chiều,Quầy 1,Ngô Thị Xuân\r\n' "$hdr" >"$T/unknown.csv"
expect_exit "an unknown volunteer refuses the file" 65 dvt roster import "$T/unknown.csv"
expect_contains "the message names the line and the name" "$ERR" 'dòng 3'
expect_contains "the message names the name" "$ERR" 'Ngô Thị Xuân'
printf '%s\n01/12/2026,sáng,Quầy 1,Nguyễn Văn An\n31/11/2026,sáng,Quầy 1,Trần Thị Bình\n' "$hdr" >"$T/baddate.csv"
expect_exit "a bad date refuses the file" 65 dvt roster import "$T/baddate.csv"
expect_contains "the message names the line and the date" "$ERR" 'dòng 3: "31/11/2026"'
printf '%s\n01/12/2026,sáng,Quầy 1,Nguyễn Văn An\n01/12/2026,tối,Quầy 1,Trần Thị Bình\n' "$hdr" >"$T/badsess.csv"
expect_exit "a bad session refuses the file" 65 dvt roster import "$T/badsess.csv"
expect_contains "the message names the line and the session" "$ERR" 'dòng 3: "tối"'
printf '%s\n01/12/2026,sáng,Quầy 1,Nguyễn Văn An\n2026-12-01,Sáng,Quầy 1,Trần Thị Bình\n' "$hdr" >"$T/dup.csv"
expect_exit "two volunteers for one slot refuse the file" 65 dvt roster import "$T/dup.csv"
printf 'Ngày,Ca,Người\n01/12/2026,sáng,An\n' >"$T/nohdr.csv"
expect_exit "a file without the columns is refused" 65 dvt roster import "$T/nohdr.csv"
expect_eq "nothing was imported by the refused files" "$(sqlite3 "$T/dv.db" 'SELECT count(*) FROM roster')" 0
expect_exit "a missing file" 66 dvt roster import "$T/none.csv"

# ---- the made-up month: December 2026 ----
# An: 01 sáng, 02 sáng, 03 sáng, 04 chiều; Bình: 01, 02, 03 chiều (Quầy
# left empty: the [counter] name); columns in another order, with a BOM.
{
	printf '\xef\xbb\xbfTình nguyện viên,Ngày,Buổi,Quầy\n'
	printf 'Nguyễn Văn An,01/12/2026,Sáng,Quầy 1\n'
	printf 'Nguyễn Văn An,2/12/2026,sáng,Quầy 1\n'
	printf 'Nguyễn Văn An,2026-12-03,SÁNG,Quầy 1\n'
	printf 'Nguyễn Văn An,04/12/2026,Chiều,Quầy 1\n'
	printf 'Trần Thị Bình,01/12/2026,chiều,\n'
	printf 'Trần Thị Bình,02/12/2026,chieu,Quầy 1\n'
	printf '"Trần Thị Bình",03/12/2026,chiều,Quầy 1\n'
} >"$T/dec.csv"
expect_exit "the month's roster imports" 0 dvt roster import "$T/dec.csv"
expect_contains "it says how many slots" "$OUT" "7"
expect_exit "roster show --month json" 0 dvt roster show --month 2026-12 --format json
expect_eq "7 slots in December" "$(echo "$OUT" | json 'len(d["slots"])')" 7
expect_eq "the empty counter is the configured one" \
	"$(echo "$OUT" | json '[s["counter"] for s in d["slots"] if s["day"]=="2026-12-01" and s["session"]=="afternoon"][0]')" "Quầy 1"
expect_exit "roster show --week 2026-W49 (30/11-06/12)" 0 dvt roster show --week 2026-W49
expect_contains "the week's text shows dd/mm/yyyy" "$OUT" "04/12/2026"
expect_contains "and the session in Vietnamese" "$OUT" "chiều"
expect_eq "the week holds the 7 slots" "$(echo "$OUT" | grep -c '/12/2026  ')" 7
expect_exit "week 2026-W50 is empty" 0 dvt roster show --week 2026-W50 --format csv
expect_eq "only the header" "$(echo "$OUT" | wc -l)" 1
expect_exit "a bad week" 64 dvt roster show --week 2026-W60
expect_exit "roster set gives a slot" 0 dvt roster set --date 2026-12-10 --session sáng --staff "Lê Văn Cường"
expect_exit "roster set replaces it" 0 dvt roster set --date 10/12/2026 --session sáng --staff "Trần Thị Bình"
expect_eq "one member in the slot" "$(sqlite3 "$T/dv.db" "SELECT s.name FROM roster r JOIN staff s ON s.id=r.staff_id WHERE local_day=20261210")" "Trần Thị Bình"
expect_exit "roster clear empties it" 0 dvt roster clear --date 2026-12-10 --session sáng
expect_exit "clearing an empty slot" 66 dvt roster clear --date 2026-12-10 --session sáng
expect_exit "roster set with an unknown member" 66 dvt roster set --date 2026-12-10 --session sáng --staff "Ai Đó"
expect_eq "the roster changes are audited" \
	"$(sqlite3 "$T/dv.db" "SELECT group_concat(action) FROM audit WHERE action LIKE 'roster.%'")" \
	"roster.import,roster.set,roster.set,roster.clear"

# The same roster as an .xlsx sheet (a date cell as Excel stores it, a serial
# day number; shared and inline strings; an empty row 3): the same slots.
xl() { python3 "$TOP/tests/tools/make_xlsx.py" "$1"; }
printf 'Tình nguyện viên\tNgày\tBuổi\tQuầy\nNguyễn Văn An\t#46357\tSáng\tQuầy 1\n\nNguyễn Văn An\t02/12/2026\t~sáng\tQuầy 1\n' | xl "$T/dec.xlsx"
expect_exit "an .xlsx roster imports" 0 dvt roster import "$T/dec.xlsx"
expect_contains "two slots from the sheet" "$OUT" "2"
expect_eq "the serial date is 01/12/2026" "$(sqlite3 "$T/dv.db" "SELECT count(*) FROM roster WHERE local_day=20261201 AND session='morning'")" 1
printf 'Ngày\tBuổi\tQuầy\tTình nguyện viên\n#46360\tsáng\tQuầy 9\tNguyễn Văn An\n\n\n#46360\tchiều\tQuầy 9\tNgô Thị Xuân\n' | xl "$T/bad.xlsx"
expect_exit "an unknown volunteer in an .xlsx refuses it" 65 dvt roster import "$T/bad.xlsx"
expect_contains "the sheet's row number and the name" "$ERR" 'dòng 5: không có tình nguyện viên tên "Ngô Thị Xuân"'
expect_eq "nothing from the refused sheet" "$(sqlite3 "$T/dv.db" "SELECT count(*) FROM roster WHERE counter='Quầy 9'")" 0
echo "not a zip" >"$T/junk.xlsx"
expect_exit "a file that is no workbook" 65 dvt roster import "$T/junk.xlsx"
expect_contains "says so" "$ERR" "không phải bảng tính .xlsx"
expect_exit "a missing .xlsx" 66 dvt roster import "$T/none.xlsx"
expect_eq "the import adds nothing beyond the month's 7" "$(sqlite3 "$T/dv.db" "SELECT count(*) FROM roster")" 7

# Worked: shifts (as the counter opens them) and visits.
id() { sqlite3 "$T/dv.db" "SELECT id FROM staff WHERE name='$1'"; }
shift_row() { # NAME DAY SESSION
	sqlite3 "$T/dv.db" "INSERT INTO shift (staff_id, unit_code, counter, session, opened_at, local_day) VALUES ($(id "$1"), 'X01', 'Quầy 1', '$3', strftime('%s','${2:0:4}-${2:4:2}-${2:6:2} 01:00'), $2)"
}
add() { # NAME 'YYYY-MM-DD HH:MM' [add options]
	local who=$1 at=$2
	shift 2
	dvt add --staff "$who" --at "$at" --reason "sổ giấy" "$@" >"$T/uid" 2>"$T/adderr" ||
		fail "add $who $at" "$(cat "$T/adderr")"
	cat "$T/uid"
}
shift_row "Nguyễn Văn An" 20261201 morning
shift_row "Trần Thị Bình" 20261201 afternoon
shift_row "Lê Văn Cường" 20261205 morning
a1=$(add "Nguyễn Văn An" "2026-12-02 09:00" --procedure 1.001193 --service vneid,online_submission --dossier 000.00.20.H08-261202-0001)
a_void=$(add "Nguyễn Văn An" "2026-12-03 09:00" --procedure 1.001193)
expect_exit "void An's visit of 03/12" 0 dvt void "$a_void" --reason "nhập nhầm" --staff "Nguyễn Văn An"
a2=$(add "Nguyễn Văn An" "2026-12-04 14:00" --procedure 1.001193 --service account)
a3=$(add "Nguyễn Văn An" "2026-12-05 15:00" --procedure none --service vneid)
b1=$(add "Trần Thị Bình" "2026-12-02 09:30" --procedure 1.001193 --service online_submission --dossier 000.00.20.H08-261202-0002)
b2=$(add "Trần Thị Bình" "2026-12-03 12:15" --procedure none)

expect_exit "report --attendance --month json" 0 dvt report --attendance --month 2026-12 --format json
att=$OUT
row() { echo "$att" | json "[(m['planned'],m['worked'],m['missed'],m['extra']) for m in d['members'] if m['name']=='$1'][0]"; }
expect_eq "An: planned 4, worked 3, missed 1 (03/12: voided), extra 1 (05/12 chiều)" "$(row 'Nguyễn Văn An')" "(4, 3, 1, 1)"
expect_eq "Bình: planned 3, worked 2 (12:15 is the afternoon's), missed 1, extra 1 (02/12 sáng)" "$(row 'Trần Thị Bình')" "(3, 2, 1, 1)"
expect_eq "Cường: not planned, one extra shift" "$(row 'Lê Văn Cường')" "(0, 0, 0, 1)"
expect_eq "members by name, only those planned or on duty" "$(echo "$att" | json "[m['name'] for m in d['members']]")" \
	"['Lê Văn Cường', 'Nguyễn Văn An', 'Trần Thị Bình']"
expect_eq "the total" "$(echo "$att" | json "d['total']")" "{'planned': 7, 'worked': 5, 'missed': 2, 'extra': 3}"
expect_eq "the bounds" "$(echo "$att" | json "(d['from'],d['to'])")" "('2026-12-01', '2026-12-31')"
expect_exit "attendance --from --to one day" 0 dvt report --attendance --from 2026-12-01 --to 2026-12-01 --format json
expect_eq "01/12: An and Bình worked their slots" "$(echo "$OUT" | json "[(m['name'],m['worked']) for m in d['members']]")" \
	"[('Nguyễn Văn An', 1), ('Trần Thị Bình', 1)]"
expect_exit "attendance text" 0 dvt report --attendance --month 2026-12
expect_contains "text: An's line" "$(echo "$OUT" | grep 'Nguyễn Văn An')" "4"
expect_contains "text: Vietnamese headers" "$OUT" "Theo lịch"
expect_contains "text: the total line" "$(echo "$OUT" | grep 'Tổng cộng' | tr -s ' ')" "7 5 2 3"
expect_exit "attendance csv" 0 dvt report --attendance --year 2026 --format csv
expect_eq "csv header and An's row" "$(echo "$OUT" | tr -d '\r' | sed -n '1p;3p')" "name,planned,worked,missed,extra
Nguyễn Văn An,4,3,1,1"
expect_exit "attendance needs a period" 64 dvt report --attendance
expect_exit "attendance refuses --format pdf" 64 dvt report --attendance --month 2026-12 --format pdf

# ---- events ----
e1=$(dvt event add --kind meeting --date 05/11/2026 --place "Nhà văn hoá thôn 3" --attendees 120 \
	--leaflets 300 --accounts 12 --staff "Nguyễn Văn An, Trần Thị Bình" --note "trời mưa, chị Hoa 0912345678")
expect_eq "event add prints the uid" "${#e1}" 36
e2=$(dvt event add --kind door_to_door --date 2026-11-06 --place "Thôn 4" --households 45 --submissions 7 --staff "Trần Thị Bình")
e3=$(dvt event add --kind training --date 2026-11-06 --place "Hội trường xã" --attendees 20 --staff "Trần Thị Bình")
e4=$(dvt event add --kind mobile_point --date 2025-12-20 --place "Chợ xã" --attendees 40 --accounts 5 --staff "Nguyễn Văn An")
expect_exit "event void" 0 dvt event void "$e3" --reason "nhập nhầm" --as "Trần Thị Bình"
expect_exit "voiding twice" 65 dvt event void "$e3" --reason "lần nữa" --as "Trần Thị Bình"
expect_exit "event edit" 0 dvt event edit "$e2" --households 50 --as "Trần Thị Bình"
expect_exit "a voided event cannot be edited" 65 dvt event edit "$e3" --attendees 1 --as "Trần Thị Bình"
expect_exit "an unknown kind" 64 dvt event add --kind party --date 2026-11-06 --place X
expect_exit "an unknown member" 66 dvt event add --kind meeting --date 2026-11-06 --place X --staff "Ai Đó"
expect_exit "a negative figure" 64 dvt event add --kind meeting --date 2026-11-06 --place X --attendees -3 --as "Nguyễn Văn An"
expect_exit "an unknown event" 66 dvt event void 01234567-0000-7000-8000-000000000000 --reason x --as "Nguyễn Văn An"
expect_eq "the events are audited like visits (field names, not values)" \
	"$(sqlite3 "$T/dv.db" "SELECT group_concat(action || ':' || detail, ' ') FROM audit WHERE action LIKE 'event.%'")" \
	"event.add: event.add: event.add: event.add: event.void:voided_at,voided_by,void_reason event.update:households"
expect_exit "event list --month 2026-11 --all json" 0 dvt event list --month 2026-11 --all --format json
expect_eq "three events, one voided" "$(echo "$OUT" | json "[(e['kind'],e['voided']) for e in d['events']]")" \
	"[('meeting', False), ('door_to_door', False), ('training', True)]"
expect_eq "the members of the meeting" "$(echo "$OUT" | json "d['events'][0]['staff']")" "['Nguyễn Văn An', 'Trần Thị Bình']"
expect_exit "event list text" 0 dvt event list --month 2026-11
expect_contains "text: dd/mm/yyyy and the kind in Vietnamese" "$OUT" "05/11/2026"
expect_not_contains "text: the voided one only with --all" "$OUT" "Hội trường xã"

ev() { # REPORT-ARGS...: the events object of the JSON report
	dvt report "$@" --format json | json "d['events']"
}
expect_eq "day 06/11: the door-to-door round" "$(ev --day 2026-11-06)" \
	"{'count': 1, 'attendees': 0, 'households': 50, 'leaflets': 0, 'accounts': 0, 'submissions': 7, 'by_kind': {'meeting': 0, 'training': 0, 'door_to_door': 1, 'mobile_point': 0}}"
expect_eq "month 2026-11: two events (the voided one left out)" "$(ev --month 2026-11)" \
	"{'count': 2, 'attendees': 120, 'households': 50, 'leaflets': 300, 'accounts': 12, 'submissions': 7, 'by_kind': {'meeting': 1, 'training': 0, 'door_to_door': 1, 'mobile_point': 0}}"
expect_eq "year 2026: the same two" "$(ev --year 2026 | json "d['count']" 2>/dev/null || dvt report --year 2026 --format json | json "d['events']['count']")" "2"
expect_eq "year 2025: the mobile point" "$(dvt report --year 2025 --format json | json "(d['events']['count'], d['events']['by_kind']['mobile_point'], d['events']['attendees'])")" "(1, 1, 40)"
expect_eq "range 2025-12-01..2026-11-30: three" "$(dvt report --from 2025-12-01 --to 2026-11-30 --format json | json "(d['events']['count'], d['events']['attendees'], d['events']['accounts'])")" "(3, 160, 17)"
expect_eq "a staff filter keeps that member's events" "$(dvt report --month 2026-11 --staff 'Nguyễn Văn An' --format json | json "(d['events']['count'], d['events']['households'])")" "(1, 0)"
expect_eq "a month without events has zeros" "$(dvt report --month 2026-10 --format json | json "d['events']['count']")" "0"
expect_exit "month text" 0 dvt report --month 2026-11
expect_contains "text: the events section" "$OUT" "HOẠT ĐỘNG TUYÊN TRUYỀN, TẬP HUẤN"
expect_contains "text: the leaflets" "$(echo "$OUT" | grep 'Ấn phẩm' | tr -s ' ')" "300"
expect_contains "text: the meetings" "$(echo "$OUT" | grep "Trong đó hội nghị" | tr -s ' ')" " 1"
expect_exit "a day's text has the section too" 0 dvt report --day 2026-11-06
expect_contains "day text: households" "$(echo "$OUT" | grep 'Số hộ' | tr -s ' ')" "50"
expect_exit "month csv" 0 dvt report --month 2026-11 --format csv
expect_contains "csv: event rows" "$(echo "$OUT" | tr -d '\r')" "event,leaflets,"
expect_contains "csv: event rows (value)" "$(echo "$OUT" | tr -d '\r' | grep '^event,leaflets')" ",300"
expect_exit "month pdf" 0 dvt report --month 2026-11 --format pdf --output "$T/m.pdf"
pdf=$(pdftotext -layout "$T/m.pdf" - 2>/dev/null)
expect_contains "pdf: the events section" "$pdf" "HOẠT ĐỘNG TUYÊN TRUYỀN, TẬP HUẤN"
expect_contains "pdf: the leaflets" "$(echo "$pdf" | grep 'Ấn phẩm' | tr -s ' ')" "300"
expect_exit "80 mm pdf" 0 dvt report --month 2026-11 --format pdf --width 80mm --output "$T/m80.pdf"
expect_contains "80 mm pdf: the events section" "$(pdftotext "$T/m80.pdf" - | tr '\n' ' ')" "TUYÊN TRUYỀN"

# ---- the members sheet ----
expect_exit "members sheet json, no reconciliation, no grades" 0 dvt report --members --year 2026 --format json
mem=$OUT
mrow() { echo "$mem" | json "[(m['shifts_planned'],m['shifts_worked'],m['visits'],m['vneid'],m['accounts'],m['online_submission'],m['events'],m['reconciled_share'],m['grade']) for m in d['members'] if m['name']=='$1'][0]"; }
expect_eq "An's year" "$(mrow 'Nguyễn Văn An')" "(4, 3, 3, 2, 1, 1, 1, None, None)"
expect_eq "Bình's year" "$(mrow 'Trần Thị Bình')" "(3, 2, 2, 0, 0, 1, 2, None, None)"
expect_eq "Cường's year" "$(mrow 'Lê Văn Cường')" "(0, 0, 0, 0, 0, 0, 0, None, None)"
expect_eq "not reconciled, not graded" "$(echo "$mem" | json "(d['reconciled'], d['graded'], d['year'])")" "(False, False, 2026)"
expect_exit "members text" 0 dvt report --members --year 2026
expect_contains "text: the title" "$OUT" "2026"
expect_contains "text: says there is no grade" "$OUT" "[evaluation]"
expect_not_contains "text: no reconciliation line" "$OUT" "Đối chiếu"
expect_exit "members needs a year" 64 dvt report --members --month 2026-12

# A stored reconciliation (the tables of dvcdesk reconcile), rows as it
# writes them.  The month's earlier run, of a shorter window that ends
# before the latest's, is superseded for these codes: only the latest
# run of each code's visit counts.
sqlite3 "$T/dv.db" <<SQL
INSERT INTO reconciliation (id, made_at, from_day, to_day, unit_code, source_name, export_rows,
  export_online, matched, logged_only, export_only_online, procedure_mismatch, date_mismatch)
  VALUES (1, 100, 20261201, 20261215, 'X01', 'dot-1.xlsx', 3, 2, 0, 1, 0, 0, 0),
         (2, 200, 20261201, 20261231, 'X01', 'thang-12.xlsx', 5, 4, 2, 1, 1, 0, 0);
INSERT INTO reconciliation_code (reconciliation_id, dossier_code, visit_uid, result)
  VALUES (1, '000.00.20.H08-261202-0001', '$a1', 'logged_only');
INSERT INTO reconciliation_code (reconciliation_id, dossier_code, visit_uid, result)
  VALUES (2, '000.00.20.H08-261202-0001', '$a1', 'matched'),
  (2, 'X-2', '$a2', 'logged_only'), (2, '000.00.20.H08-261202-0002', '$b1', 'matched'),
  (2, '000.00.20.H08-261210-0009', NULL, 'export_only_online');
SQL
expect_exit "members sheet with a reconciliation" 0 dvt report --members --year 2026 --format json
mem=$OUT
expect_eq "reconciled" "$(echo "$mem" | json "d['reconciled']")" "True"
expect_eq "An: 1 matched of 2 (the latest run only)" "$(echo "$mem" | json "[(m['matched'],m['logged_only'],m['reconciled_share']) for m in d['members'] if m['name']=='Nguyễn Văn An'][0]")" "(1, 1, 50.0)"
expect_eq "Bình: 1 of 1" "$(echo "$mem" | json "[m['reconciled_share'] for m in d['members'] if m['name']=='Trần Thị Bình'][0]")" "100.0"
expect_eq "Cường: nothing checked" "$(echo "$mem" | json "[m['reconciled_share'] for m in d['members'] if m['name']=='Lê Văn Cường'][0]")" "None"
expect_exit "members text with a reconciliation" 0 dvt report --members --year 2026
expect_contains "text: An's reconciled share" "$OUT" "1/2 hồ sơ khớp (50,00%)"

# Grades from [evaluation]
cp "$T/dv.ini" "$T/base.ini"
cat >>"$T/dv.ini" <<'INI'
[evaluation]
excellent_attendance_percent = 90
excellent_visits = 3
excellent_share_percent = 90
good_attendance_percent = 75
good_visits = 2
pass_visits = 1
INI
expect_exit "members sheet with grades" 0 dvt report --members --year 2026 --format json
grades=$(echo "$OUT" | json "[(m['name'],m['grade']) for m in d['members']]")
expect_eq "An good (75% of shifts), Bình pass (66%), Cường not completed" "$grades" \
	"[('Lê Văn Cường', 'not_completed'), ('Nguyễn Văn An', 'good'), ('Trần Thị Bình', 'pass')]"
echo "good_share_percent = 60" >>"$T/dv.ini"
expect_exit "a share threshold for good" 0 dvt report --members --year 2026 --format json
expect_eq "An's 50% share drops An to pass" "$(echo "$OUT" | json "[m['grade'] for m in d['members'] if m['name']=='Nguyễn Văn An'][0]")" "pass"
expect_exit "members text with grades" 0 dvt report --members --year 2026
expect_contains "text: the grade in Vietnamese" "$OUT" "Xếp loại: Hoàn thành nhiệm vụ"
expect_exit "members csv" 0 dvt report --members --year 2026 --format csv
expect_eq "csv: An's row" "$(echo "$OUT" | tr -d '\r' | grep '^Nguyễn Văn An')" "Nguyễn Văn An,4,3,1,1,3,2,1,1,1,1,50.00,1,pass"
printf '[evaluation]\ngood_visits = -1\n' >"$T/bad.ini"
expect_exit "a bad threshold is a config error" 78 faketime "$NOW" "$DVCDESK" --config "$T/bad.ini" --db "$T/dv.db" report --members --year 2026
cp "$T/base.ini" "$T/dv.ini"

# ---- the purge clears event notes like visit notes ----
cat >>"$T/dv.ini" <<'INI'
[privacy]
retention_days = 30
INI
NOW='2027-02-01 12:00:00'
expect_exit "purge (retention)" 0 dvt purge
expect_eq "the event notes are cleared" "$(sqlite3 "$T/dv.db" "SELECT count(*) FROM event WHERE note IS NOT NULL")" 0
expect_eq "the events stay" "$(sqlite3 "$T/dv.db" "SELECT count(*) FROM event")" 4
expect_contains "the purge is audited with counts" "$(sqlite3 "$T/dv.db" "SELECT detail FROM audit WHERE action='purge_retention'")" "events=1"
finish
