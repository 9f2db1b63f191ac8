#!/usr/bin/env bash
# dvcdesk reconcile through the real binary: the same export as .xlsx
# (openpyxl: title rows, merged cells, two header rows, serial and text
# dates), hand-made .xlsx (shared + inline strings, an absolute sheet path,
# the 1904 date system), .xls (xlwt, BIFF8) and .csv (BOM, CRLF, ';') give
# the same figures, every one checked; the one-working-day rule; what is
# stored (and replaced) for the per-member evaluation; the applicant columns
# never stored, printed or logged; every bad file exit 65 with nothing
# stored; the XLSX output writes text as text, never a formula.
. "$(dirname "$0")/../lib.sh"
if [ -n "${ASAN:-}" ]; then
	printf 'leak:libfontconfig.so\n' >"$T/lsan.supp"
	export LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	export ASAN_OPTIONS="verify_asan_link_order=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
fi
# Debian's python3 (python3-openpyxl, python3-xlwt), not one earlier on PATH
PY=/usr/bin/python3
for m in openpyxl:python3-openpyxl xlwt:python3-xlwt; do
	"$PY" -c "import ${m%%:*}" 2>/dev/null ||
		fail "python module ${m%%:*} is installed" "install it: apt-get install ${m#*:}"
done
command -v sqlite3 >/dev/null || fail "sqlite3 is installed" "install it: apt-get install sqlite3"
command -v pdftotext >/dev/null || fail "pdftotext is installed" "install it: apt-get install poppler-utils"

NOW='2026-03-01 12:00:00'
dvt() { faketime "$NOW" "$DVCDESK" --config "$T/dv.ini" "$@"; }
cat >"$T/dv.ini" <<'INI'
[unit]
name = UBND phường Ba Đình
code = H01.01
province = Hà Nội
[counter]
name = Quầy 1
INI
db=$XDG_DATA_HOME/dvcdesk/dvcdesk.db
F=$T/fx
"$PY" "$TOP/tests/tools/reconcile_fixtures.py" "$F" || fail "the fixtures are made"

for who in "Nguyễn Văn An" "Trần Thị Bình"; do
	expect_exit "staff add $who" 0 dvt staff add "$who"
done
add() { # STAFF AT CODE PROCEDURE [SERVICE]
	dvt add --staff "$1" --at "$2" --reason "sổ giấy" --procedure "$4" \
		--service "${5:-online_submission}" --dossier "$3" >"$T/uid" 2>"$T/adderr" ||
		fail "add $3" "$(cat "$T/adderr")"
}
C=000.00.20.H08
add "Nguyễn Văn An" "2026-01-05 09:00" $C-260105-0001 1.001193 # same day: matched
add "Nguyễn Văn An" "2026-01-09 09:00" $C-260109-0002 1.001193 # Fri -> Mon: one working day
add "Nguyễn Văn An" "2026-01-09 10:00" $C-260109-0003 1.001193 # Fri -> Tue: two: date_mismatch
add "Nguyễn Văn An" "2026-01-14 10:00" $C-260114-0004 1.001193 # export says 2.000815
add "Nguyễn Văn An" "2026-01-15 10:00" $C-260115-0005 1.001193 # not in the export
add "Trần Thị Bình" "2026-01-20 10:00" $C-260120-0006 2.000815
add "Trần Thị Bình" "2026-01-21 10:00" $C-260121-0007 2.000815 # not in the export
add "Trần Thị Bình" "2026-01-21 11:00" $C-260121-0008 2.000815
void_uid=$(cat "$T/uid")
expect_exit "void one logged code" 0 dvt void "$void_uid" --reason "nhập trùng" --staff "Trần Thị Bình"
# a lookup, not a submission: its code is known, so not export_only_online
add "Trần Thị Bình" "2026-01-22 10:00" $C-260122-0009 1.001193 lookup
# February: outside the window
add "Nguyễn Văn An" "2026-02-03 10:00" $C-260203-0010 1.001193

W=(--from 2026-01-01 --to 2026-01-31)
figures() { # JSON -> "rows window online matched logged_only export_only pm dm bad dup"
	"$PY" -c '
import json, sys
j = json.load(open(sys.argv[1]))
print(j["export_rows"], j["export_in_window"], j["export_online"],
      *[j[k]["count"] for k in ("matched", "logged_only", "export_only_online",
                                "procedure_mismatch", "date_mismatch", "unrecognised_codes")],
      j["duplicates"])' "$1"
}
want="13 10 8 5 2 2 1 1 1 1"

expect_exit "reconcile the .xlsx (json)" 0 dvt reconcile "$F/export.xlsx" "${W[@]}" --format json
printf '%s\n' "$OUT" >"$T/x.json"
expect_eq ".xlsx: every count" "$(figures "$T/x.json")" "$want"
jq() { "$PY" -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"; }
expect_eq "matched codes" "$(jq "$T/x.json" '" ".join(i["code"][-4:] for i in j["matched"]["items"])')" \
	"0001 0002 0003 0004 0006"
expect_eq "logged_only codes" "$(jq "$T/x.json" '" ".join(i["code"][-4:] for i in j["logged_only"]["items"])')" \
	"0005 0007"
expect_eq "export_only_online codes (not the walk-in, not the voided, not February, not Trực tiếp/Bưu chính)" \
	"$(jq "$T/x.json" '" ".join(i["code"][-4:]+"@"+i["export_day"] for i in j["export_only_online"]["items"])')" \
	"0101@2026-01-06 0102@2026-01-07"
expect_eq "procedure_mismatch: the code logged as 1.001193, 2.000815 in the export" \
	"$(jq "$T/x.json" '[(i["code"][-4:], i["procedure_code"], i["export_procedure"]) for i in j["procedure_mismatch"]["items"]]')" \
	"[('0004', '1.001193', '2.000815')]"
expect_eq "date_mismatch: Friday to Tuesday, not Friday to Monday" \
	"$(jq "$T/x.json" '[(i["code"][-4:], i["logged_day"], i["export_day"]) for i in j["date_mismatch"]["items"]]')" \
	"[('0003', '2026-01-09', '2026-01-13')]"
expect_eq "members: name, logged, matched, share" \
	"$(jq "$T/x.json" '[(m["name"], m["logged"], m["matched"], m["match_share"]) for m in j["members"]]')" \
	"[('Nguyễn Văn An', 5, 4, 80.0), ('Trần Thị Bình', 2, 1, 50.0)]"
expect_eq "per procedure" \
	"$(jq "$T/x.json" '[(p["code"], p["logged"], p["matched"], p["procedure_mismatch"]) for p in j["procedures"]]')" \
	"[('1.001193', 5, 4, 1), ('2.000815', 2, 1, 0)]"
expect_eq "online share of the window" "$(jq "$T/x.json" 'j["online_share"]')" \
	"{'online': 8, 'received': 10, 'percent': 80.0}"
expect_eq "header row under two title rows and a group header" "$(jq "$T/x.json" 'j["header_row"]')" "5"
expect_eq "columns used" \
	"$(jq "$T/x.json" '[(k, v["header"], v["column"]) for k, v in j["columns"].items()]')" \
	"[('code', 'Số hồ sơ', 'B'), ('date', 'Ngày tiếp nhận', 'D'), ('procedure', 'Mã TTHC', 'C'), ('channel', 'Hình thức nộp', 'E')]"
expect_eq "a prefixed code is reported, not guessed" \
	"$(jq "$T/x.json" 'j["unrecognised_codes"]["items"]')" \
	"[{'row': 17, 'code': 'Mã: 000.00.20.H08-260105-0099'}]"
expect_eq "JSON file is the base name" "$(jq "$T/x.json" 'j["file"], j["from"], j["to"], j["stored"]')" \
	"export.xlsx 2026-01-01 2026-01-31 True"

for f in export.xls export.csv inline.xlsx absolute.xlsx date1904.xlsx; do
	expect_exit "reconcile $f" 0 dvt reconcile "$F/$f" "${W[@]}" --format json --dry-run
	printf '%s\n' "$OUT" >"$T/f.json"
	expect_eq "$f: the same counts" "$(figures "$T/f.json")" "$want"
	expect_eq "$f: the same lists" \
		"$(jq "$T/f.json" '[[i["code"] for i in j[k]["items"]] for k in ("matched","logged_only","export_only_online","procedure_mismatch","date_mismatch")]')" \
		"$(jq "$T/x.json" '[[i["code"] for i in j[k]["items"]] for k in ("matched","logged_only","export_only_online","procedure_mismatch","date_mismatch")]')"
done

# the window from the file: 2026-01-05 .. 2026-02-02 (the visit of 3 February stays out)
expect_exit "no --from/--to: the file's dates" 0 dvt reconcile "$F/export.xlsx" --format json --dry-run
printf '%s\n' "$OUT" >"$T/w.json"
expect_eq "window from the file" "$(jq "$T/w.json" 'j["from"], j["to"], j["period_from_file"], j["export_in_window"], j["logged_only"]["count"]')" \
	"2026-01-05 2026-02-02 True 11 2"

# ---- text (Vietnamese, to sign) ----
expect_exit "text" 0 dvt reconcile "$F/export.xlsx" "${W[@]}"
TEXT=$OUT
expect_contains "text: title" "$TEXT" "BIÊN BẢN ĐỐI CHIẾU HỒ SƠ NỘP TRỰC TUYẾN"
expect_contains "text: the columns it used" "$TEXT" 'Các cột đã dùng: mã hồ sơ: "Số hồ sơ" (B); ngày: "Ngày tiếp nhận" (D)'
expect_contains "text: header row" "$TEXT" "Tệp: export.xlsx (xlsx), dòng tiêu đề 5"
expect_contains "text: online share" "$TEXT" "8 / 10 = 80,00%"
expect_contains "text: member share" "$TEXT" "Nguyễn Văn An         5     4      80,00%"
expect_contains "text: stored" "$TEXT" "Đã lưu làm kết quả đối chiếu của kỳ này."

# ---- stored ----
q() { sqlite3 "$db" "$1"; }
expect_eq "one reconciliation stored" "$(q 'SELECT count(*), from_day, to_day, unit_code, source_name, export_rows, export_online, matched, logged_only, export_only_online, procedure_mismatch, date_mismatch FROM reconciliation')" \
	"1|20260101|20260131||export.xlsx|13|8|5|2|2|1|1"
expect_eq "its codes" "$(q "SELECT result, count(*), count(visit_uid), sum(procedure_mismatch), sum(date_mismatch) FROM reconciliation_code GROUP BY result ORDER BY result")" \
	"export_only_online|2|0|0|0
logged_only|2|2|0|0
matched|5|5|1|1"
share() { # the evaluation's formula for a member
	q "SELECT sum(result = 'matched'), sum(result IN ('matched', 'logged_only'))
	   FROM reconciliation_code rc JOIN visit v ON v.uid = rc.visit_uid
	   JOIN staff s ON s.id = v.staff_id WHERE s.name = '$1'"
}
expect_eq "An's share from the tables" "$(share 'Nguyễn Văn An')" "4|5"
expect_eq "Bình's share from the tables" "$(share 'Trần Thị Bình')" "1|2"
expect_exit "the same period again (from the .csv)" 0 dvt reconcile "$F/export.csv" "${W[@]}" --format csv
expect_contains "csv output: header" "$OUT" "result,dossier_code,visit_uid,logged_day,export_day"
expect_eq "the period's last reconciliation replaces the one before" \
	"$(q 'SELECT count(*), source_name FROM reconciliation') $(q 'SELECT count(*) FROM reconciliation_code')" \
	"1|export.csv 9"
expect_exit "another period" 0 dvt reconcile "$F/export.xlsx" --from 2026-01-01 --to 2026-01-15 --format json
expect_eq "each period keeps its own" "$(q 'SELECT count(*) FROM reconciliation')" "2"
expect_exit "--unit" 0 dvt reconcile "$F/export.xlsx" "${W[@]}" --unit H01.01 --format json
expect_eq "--unit: stored apart, same figures (all visits are H01.01)" \
	"$(q "SELECT count(*), matched, logged_only FROM reconciliation WHERE unit_code = 'H01.01'")" "1|5|2"
expect_exit "--unit of another unit" 0 dvt reconcile "$F/export.xlsx" "${W[@]}" --unit X99 --format json --dry-run
printf '%s\n' "$OUT" >"$T/u.json"
expect_eq "--unit X99: nothing logged, the two unlogged and the walk-in's code stay export only" \
	"$(jq "$T/u.json" 'j["matched"]["count"], j["logged_only"]["count"], j["export_only_online"]["count"]')" "0 0 8"
before=$(q 'SELECT count(*) FROM reconciliation')
expect_exit "--dry-run" 0 dvt reconcile "$F/export.xlsx" --from 2026-01-02 --to 2026-01-31 --dry-run
expect_eq "--dry-run stores nothing" "$(q 'SELECT count(*) FROM reconciliation')" "$before"

# ---- --columns ----
expect_exit "--columns names a header the detection does not know" 0 \
	dvt reconcile "$F/nocode.xlsx" "${W[@]}" --columns "code=Số biên nhận,date=D" --format json --dry-run
printf '%s\n' "$OUT" >"$T/c.json"
expect_eq "--columns: the same counts" "$(figures "$T/c.json")" "$want"
expect_exit "--columns with an unknown key" 64 dvt reconcile "$F/export.xlsx" --columns "kod=A"
expect_exit "--columns naming a missing header" 65 dvt reconcile "$F/export.xlsx" --columns "code=Không có"
expect_contains "... lists the headers found" "$ERR" '"Số hồ sơ"'

# ---- the applicant columns: read and dropped ----
expect_exit "xlsx output" 0 dvt reconcile "$F/export.xlsx" "${W[@]}" --format xlsx --output "$T/out.xlsx"
expect_exit "pdf output" 0 dvt reconcile "$F/export.xlsx" "${W[@]}" --format pdf --output "$T/out.pdf"
expect_eq "xlsx output: one sheet per list" \
	"$("$PY" -c 'import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)' "$T/out.xlsx")" \
	"['Tổng hợp', 'Thành viên', 'Thủ tục', 'Chỉ có trong sổ', 'Không có trong sổ', 'Khác thủ tục', 'Lệch ngày', 'Khớp', 'Mã sai định dạng']"
expect_eq "xlsx output: the matched sheet" \
	"$("$PY" -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])["Khớp"]; print([c.value for c in ws[2]][:2], ws.max_row)' "$T/out.xlsx")" \
	"['000.00.20.H08-260105-0001', datetime.datetime(2026, 1, 5, 0, 0)] 6"
pdftotext -layout "$T/out.pdf" "$T/out.txt"
expect_contains "pdf: the title in Vietnamese" "$(cat "$T/out.txt")" "BIÊN BẢN ĐỐI CHIẾU HỒ SƠ NỘP TRỰC TUYẾN"
expect_contains "pdf: the figures" "$(cat "$T/out.txt")" "8 / 10 = 80,00%"
for mark in ZZMARKER 0999888777 079999000111 ZZADDR Riêngtư Bímật; do
	hits=""
	grep -qaF "$mark" "$db" "$db-wal" 2>/dev/null && hits="$hits database"
	printf '%s' "$TEXT" | grep -qF "$mark" && hits="$hits text"
	grep -qF "$mark" "$T/x.json" "$T/out.txt" && hits="$hits json/pdf"
	"$PY" -c 'import openpyxl,sys
for ws in openpyxl.load_workbook(sys.argv[1]):
    for row in ws.iter_rows(values_only=True):
        if any(sys.argv[2] in str(v) for v in row if v is not None): sys.exit(1)' "$T/out.xlsx" "$mark" || hits="$hits xlsx"
	grep -rqaF "$mark" "$HOME" 2>/dev/null && hits="$hits logs"
	expect_eq "applicant data ($mark) nowhere: not stored, printed or logged" "${hits:-none}" "none"
done

# text that looks like a formula is written as a string
expect_exit "export with a formula-like procedure" 0 dvt reconcile "$F/evil.xlsx" "${W[@]}" --format xlsx --output "$T/evil-out.xlsx" --dry-run
expect_eq "xlsx output: no formula anywhere" \
	"$("$PY" -c 'import zipfile,sys
z=zipfile.ZipFile(sys.argv[1])
print(sum(z.read(n).count(b"<f>") + z.read(n).count(b"<f ") for n in z.namelist() if n.startswith("xl/worksheets/")))' "$T/evil-out.xlsx")" "0"
expect_eq "xlsx output: the text kept as text" \
	"$("$PY" -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])["Không có trong sổ"]; c=ws.cell(row=2,column=4); print(c.data_type, c.value)' "$T/evil-out.xlsx")" \
	's =HYPERLINK("http://example.invalid","x")'

# ---- bad files: exit 65, the file named, nothing stored ----
before=$(q 'SELECT count(*) FROM reconciliation')/$(q 'SELECT count(*) FROM reconciliation_code')
bad() { # FILE NEEDLE
	expect_exit "$1: exit 65" 65 dvt reconcile "$F/$1" --from 2026-03-01 --to 2026-03-31
	expect_contains "$1: names the file and the problem" "$ERR" "$2"
	expect_eq "$1: one line" "$(printf '%s\n' "$ERR" | wc -l)" "1"
}
bad notsheet.xlsx "notsheet.xlsx không phải là bảng tính"
bad nosheet.xlsx "nosheet.xlsx là tệp nén zip không có trang tính nào"
bad nosheetpart.xlsx "nosheetpart.xlsx là tệp nén zip không có trang tính nào"
bad nocode.xlsx 'nocode.xlsx: không có cột mã hồ sơ ("Số hồ sơ" hoặc "Mã hồ sơ") trong 30 dòng đầu; các tiêu đề tìm thấy: "STT", "Số biên nhận", "Tên thủ tục", "Ngày nộp", "Kênh nộp", "Họ tên người nộp"'
bad noheader.xlsx "noheader.xlsx: không có dòng tiêu đề"
expect_not_contains "noheader.xlsx: a row of data is not listed" "$ERR" "ZZMARKER"
bad encrypted.xlsx "encrypted.xlsx là bảng tính có đặt mật khẩu"
bad formula.xlsx 'formula.xlsx: dòng 6, cột "Mã hồ sơ" chứa công thức'
bad error.xlsx 'error.xlsx: dòng 7, cột "Ngày nộp" chứa giá trị lỗi (#N/A)'
bad textdate.xlsx 'textdate.xlsx: dòng 4, cột "Ngày nộp": "hôm qua" không phải ngày'
bad quirk60.xlsx 'quirk60.xlsx: dòng 5, cột "Ngày nộp": "60" không phải ngày'
bad latin1.csv "latin1.csv không phải là bảng tính"
expect_eq "bad files stored nothing" \
	"$(q 'SELECT count(*) FROM reconciliation')/$(q 'SELECT count(*) FROM reconciliation_code')" "$before"
expect_exit "a missing file" 66 dvt reconcile "$T/none.xlsx"
expect_exit "--from without --to" 64 dvt reconcile "$F/export.xlsx" --from 2026-01-01
expect_exit "xlsx to a terminal is refused" 64 script -qec "$DVCDESK --config $T/dv.ini reconcile $F/export.xlsx --format xlsx --dry-run" /dev/null
finish
