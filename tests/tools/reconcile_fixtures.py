#!/usr/bin/python3
"""Fixtures for tests/cli/reconcile.sh: provincial dossier exports as .xlsx
(openpyxl: title rows, merged cells, two header rows, dates as serials and
as text), hand-made .xlsx parts (inline strings, formulas, error cells),
.xls (xlwt, BIFF8), .csv, and damaged files.  Usage: reconcile_fixtures.py DIR
[bench ROWS DAYS_FROM]"""
import datetime as dt
import os
import sys
import zipfile

DIR = sys.argv[1]
MARK_NAME = "ZZMARKER Nguyễn Thị Riêngtư"
MARK_PHONE = "0999888777"
MARK_ID = "079999000111"
MARK_ADDR = "ZZADDR 12 Ngõ Bímật"

def code(day, n):
    return "000.00.20.H08-%s-%04d" % (day.strftime("%y%m%d"), n)

D = dt.date
# (code, date (date | text), procedure, channel)
ROWS = [
    (code(D(2026, 1, 5), 1), D(2026, 1, 5), "1.001193", "Trực tuyến"),
    (code(D(2026, 1, 9), 2), "12/01/2026 08:30", "1.001193", "Trực tuyến"),
    (code(D(2026, 1, 9), 3), "2026-01-13", "1.001193", "Trực tuyến"),
    (code(D(2026, 1, 14), 4), D(2026, 1, 14), "2.000815", "Trực tuyến"),
    (code(D(2026, 1, 20), 6), D(2026, 1, 20), "2.000815", "Trực tuyến"),
    (code(D(2026, 1, 6), 101), D(2026, 1, 6), "1.001193", "Trực tuyến"),
    (code(D(2026, 1, 7), 102), D(2026, 1, 7), "2.000815", "Trực tuyến"),
    (code(D(2026, 1, 8), 201), D(2026, 1, 8), "1.001193", "Trực tiếp"),
    (code(D(2026, 1, 8), 202), D(2026, 1, 8), "1.001193", "Bưu chính"),
    (code(D(2026, 1, 22), 9), D(2026, 1, 22), "1.001193", "Trực tuyến"),
    (code(D(2026, 2, 2), 301), D(2026, 2, 2), "1.001193", "Trực tuyến"),
    ("Mã: " + code(D(2026, 1, 5), 99), D(2026, 1, 5), "1.001193", "Trực tuyến"),
    (" " + code(D(2026, 1, 5), 1).lower() + " ", D(2026, 1, 5), "1.001193", "Trực tuyến"),
]

HEAD = ["STT", "Số hồ sơ", "Mã TTHC", "Ngày\ntiếp nhận", "Hình thức nộp",
        "Người nộp", "Số CCCD", "Số điện thoại", "Địa chỉ"]

def personal(i):
    return [MARK_NAME, MARK_ID, MARK_PHONE, MARK_ADDR]

def openpyxl_export(path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws["A1"] = "UBND TỈNH BÌNH ĐỊNH — HỆ THỐNG THÔNG TIN GIẢI QUYẾT TTHC"
    ws.merge_cells("A1:I1")
    ws["A2"] = "DANH SÁCH HỒ SƠ TIẾP NHẬN"
    ws.merge_cells("A2:I2")
    # row 3 empty; row 4: group headers, row 5: the real ones
    ws["A4"] = "STT"
    ws.merge_cells("A4:A5")
    ws["B4"] = "Thông tin hồ sơ"
    ws.merge_cells("B4:E4")
    ws["F4"] = "Người nộp"
    ws.merge_cells("F4:I4")
    for c, h in enumerate(HEAD[1:], start=2):
        ws.cell(row=5, column=c, value=h)
    for i, (cd, day, proc, ch) in enumerate(ROWS, start=1):
        r = 5 + i
        ws.cell(row=r, column=1, value=i)
        ws.cell(row=r, column=2, value=cd)
        ws.cell(row=r, column=3, value=proc)
        cell = ws.cell(row=r, column=4, value=day)
        if isinstance(day, D):
            cell.number_format = "dd/mm/yyyy"
        ws.cell(row=r, column=5, value=ch)
        for k, v in enumerate(personal(i), start=6):
            ws.cell(row=r, column=k, value=v)
    ws.cell(row=6 + len(ROWS), column=1, value="Tổng cộng: %d hồ sơ" % len(ROWS))
    wb.save(path)

def xlwt_export(path):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Danh sach")
    datefmt = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    ws.write_merge(0, 0, 0, 8, "DANH SÁCH HỒ SƠ TIẾP NHẬN")
    for c, h in enumerate(HEAD):
        ws.write(2, c, h)
    for i, (cd, day, proc, ch) in enumerate(ROWS, start=1):
        r = 2 + i
        ws.write(r, 0, i)
        ws.write(r, 1, cd)
        ws.write(r, 2, proc)
        if isinstance(day, D):
            ws.write(r, 3, dt.datetime(day.year, day.month, day.day), datefmt)
        else:
            ws.write(r, 3, day)
        ws.write(r, 4, ch)
        for k, v in enumerate(personal(i), start=5):
            ws.write(r, k, v)
    wb.save(path)

def csv_export(path):
    # semicolon, a BOM, CRLF, dd/mm/yyyy, a title line
    lines = ["DANH SÁCH HỒ SƠ;;;;;;;;", ";".join(h.replace("\n", " ") for h in HEAD)]
    for i, (cd, day, proc, ch) in enumerate(ROWS, start=1):
        d = day.strftime("%d/%m/%Y") if isinstance(day, D) else day
        cells = [str(i), cd, proc, d, ch] + personal(i)
        lines.append(";".join('"%s"' % c if (";" in c or " " in c) else c for c in cells))
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")

# ---- hand-made parts ----

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

def colname(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s

def raw_xlsx(path, rows, sheet_part="xl/worksheets/sheet1.xml", date1904=False,
             with_sheet=True):
    """rows: lists of cells; a cell is None, str (shared), ('is', s) inline,
    ('n', number), ('f', formula, cached or None), ('e', '#N/A')."""
    sst, index = [], {}
    def sidx(s):
        if s not in index:
            index[s] = len(sst)
            sst.append(s)
        return index[s]
    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = "%s%d" % (colname(c), r)
            if v is None:
                continue
            if isinstance(v, str):
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, sidx(v)))
            elif v[0] == "is":
                cells.append('<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
                             % (ref, esc(v[1])))
            elif v[0] == "n":
                cells.append('<c r="%s"><v>%s</v></c>' % (ref, v[1]))
            elif v[0] == "f":
                cached = "" if v[2] is None else '<v>%s</v>' % esc(v[2])
                cells.append('<c r="%s" t="str"><f>%s</f>%s</c>' % (ref, esc(v[1]), cached))
            elif v[0] == "e":
                cells.append('<c r="%s" t="e"><v>%s</v></c>' % (ref, esc(v[1])))
        out.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>%s'
             '</sheetData><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells></worksheet>'
             % (ns, "".join(out)))
    strings = ('<?xml version="1.0" encoding="UTF-8"?>\n<sst %s count="%d" uniqueCount="%d">%s</sst>'
               % (ns, len(sst), len(sst), "".join(
                   '<si><t xml:space="preserve">%s</t></si>' % esc(s) for s in sst)))
    target = sheet_part[3:] if sheet_part.startswith("xl/") else "/" + sheet_part
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                   'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   'officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook %s %s><workbookPr%s/>'
                   '<sheets><sheet name="DS" sheetId="1" r:id="rId7"/></sheets></workbook>'
                   % (ns, rns, ' date1904="1"' if date1904 else ""))
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns='
                   '"http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" Target="%s"/>'
                   '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>' % target)
        if with_sheet:
            z.writestr(sheet_part, sheet)
        z.writestr("xl/sharedStrings.xml", strings)

def serial(day):
    return (day - D(1899, 12, 30)).days

def raw_rows(date_cell=None):
    """The same table: one header row; codes alternately shared and inline;
    dates as serial numbers."""
    rows = [["Danh sách hồ sơ"], [],
            ["STT", "Mã hồ sơ", "Tên thủ tục", "Ngày nộp", "Kênh nộp", "Họ tên người nộp"]]
    for i, (cd, day, proc, ch) in enumerate(ROWS, start=1):
        c = cd if i % 2 else ("is", cd)
        d = ("n", serial(day)) if isinstance(day, D) else ("is", day)
        rows.append([("n", i), c, proc, d, ("is", ch), ("is", MARK_NAME)])
    return rows

def cfb_encrypted(path):
    """The shape of an encrypted OOXML file: an OLE2 compound file whose
    directory holds the streams EncryptionInfo and EncryptedPackage."""
    header = bytearray(512)
    header[0:8] = bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    header[0x18:0x1A] = (0x3E).to_bytes(2, "little")
    header[0x1A:0x1C] = (3).to_bytes(2, "little")
    header[0x1C:0x1E] = (0xFFFE).to_bytes(2, "little")
    header[0x1E:0x20] = (9).to_bytes(2, "little")
    header[0x20:0x22] = (6).to_bytes(2, "little")
    d = bytearray(512)
    for k, name in enumerate(["Root Entry", "EncryptionInfo", "EncryptedPackage"]):
        n = name.encode("utf-16-le")
        d[k * 128:k * 128 + len(n)] = n
        d[k * 128 + 64:k * 128 + 66] = (len(n) + 2).to_bytes(2, "little")
    with open(path, "wb") as f:
        f.write(bytes(header) + bytes(d) + os.urandom(1024))

def bench(path, rows, first):
    """ROWS export rows over the year from FIRST as .xlsx (openpyxl,
    write-only), the same as .csv for sqlite3 (code,day,procedure,channel),
    and logged.csv: every fifth row as a visit (uid,day,code) for the
    database.  Three rows in four are online."""
    import openpyxl
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("DS")
    ws.append(["DANH SÁCH HỒ SƠ TIẾP NHẬN"])
    ws.append(["STT", "Số hồ sơ", "Mã TTHC", "Ngày tiếp nhận", "Hình thức nộp", "Người nộp"])
    start = D.fromisoformat(first)
    base = os.path.dirname(path)
    with open(os.path.join(base, "bench.csv"), "w") as csv, \
            open(os.path.join(base, "logged.csv"), "w") as logged:
        csv.write("code,day,procedure,channel\n")
        for i in range(rows):
            day = start + dt.timedelta(days=(i * 365) // rows)
            cd = "000.00.20.H08-%s-%04d" % (day.strftime("%y%m%d"), i % 10000)
            online = i % 4 != 0
            ws.append([i + 1, cd, "1.001193", day, "Trực tuyến" if online else "Trực tiếp",
                       MARK_NAME])
            csv.write("%s,%s,1.001193,%s\n" % (cd, day.isoformat(), "online" if online else "walk_in"))
            if i % 5 == 0:
                logged.write("%d,%s,%s\n" % (i, day.strftime("%Y%m%d"), cd))
    wb.save(path)

def million(path, rows):
    with open(path, "w") as f:
        f.write("Số hồ sơ,Ngày tiếp nhận,Hình thức nộp\n")
        for i in range(rows):
            f.write("000.00.20.H08-260105-%04d,05/01/2026,Trực tuyến\n" % (i % 10000))

if len(sys.argv) > 2 and sys.argv[2] == "bench":
    bench(os.path.join(DIR, "bench.xlsx"), int(sys.argv[3]), sys.argv[4])
    sys.exit(0)
if len(sys.argv) > 2 and sys.argv[2] == "million":
    million(os.path.join(DIR, "million.csv"), int(sys.argv[3]))
    sys.exit(0)

os.makedirs(DIR, exist_ok=True)
openpyxl_export(os.path.join(DIR, "export.xlsx"))
xlwt_export(os.path.join(DIR, "export.xls"))
csv_export(os.path.join(DIR, "export.csv"))
raw_xlsx(os.path.join(DIR, "inline.xlsx"), raw_rows())
raw_xlsx(os.path.join(DIR, "absolute.xlsx"), raw_rows(), sheet_part="xl/worksheets/data.xml")
# 1904 date system: the same days, serials 1462 smaller
rows1904 = raw_rows()
for r in rows1904[3:]:
    if r[3][0] == "n":
        r[3] = ("n", r[3][1] - 1462)
raw_xlsx(os.path.join(DIR, "date1904.xlsx"), rows1904, date1904=True)

# damaged and unsuitable files
with open(os.path.join(DIR, "notsheet.xlsx"), "wb") as f:
    f.write(bytes(range(256)) * 8)
with zipfile.ZipFile(os.path.join(DIR, "nosheet.xlsx"), "w") as z:
    z.writestr("readme.txt", "not a workbook")
raw_xlsx(os.path.join(DIR, "nosheetpart.xlsx"), raw_rows(), with_sheet=False)
nocode = raw_rows()
nocode[2][1] = "Số biên nhận"
raw_xlsx(os.path.join(DIR, "nocode.xlsx"), nocode)
raw_xlsx(os.path.join(DIR, "noheader.xlsx"), [[("n", 1), code(D(2026, 1, 5), 1), MARK_NAME]] * 3)
cfb_encrypted(os.path.join(DIR, "encrypted.xlsx"))
formula = raw_rows()
formula[5][1] = ("f", 'CONCATENATE("000.00.20.H08-","260105-0001")', None)
raw_xlsx(os.path.join(DIR, "formula.xlsx"), formula)
error = raw_rows()
error[6][3] = ("e", "#N/A")
raw_xlsx(os.path.join(DIR, "error.xlsx"), error)
textdate = raw_rows()
for r in textdate[3:]:
    r[3] = ("is", "hôm qua")
raw_xlsx(os.path.join(DIR, "textdate.xlsx"), textdate)
quirk = raw_rows()
quirk[4][3] = ("n", 60)  # 29 February 1900, which never was
raw_xlsx(os.path.join(DIR, "quirk60.xlsx"), quirk)
with open(os.path.join(DIR, "latin1.csv"), "wb") as f:
    f.write("Số hồ sơ,Ngày nộp\n".encode("cp1258", "replace") + b"\xe9\xe8\n")
# text that looks like a formula, in the procedure of a dossier no visit logged
evil = raw_rows()
for r in evil[3:]:
    if isinstance(r[1], str) and r[1].endswith("-0101") or (isinstance(r[1], tuple) and r[1][1].endswith("-0101")):
        r[2] = '=HYPERLINK("http://example.invalid","x")'
raw_xlsx(os.path.join(DIR, "evil.xlsx"), evil)
