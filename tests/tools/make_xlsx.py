#!/usr/bin/env python3
"""Write a minimal .xlsx as Excel lays one out (a zip of XML parts: the
workbook, its relationships, shared strings, one sheet), for the roster
import tests.  Usage: make_xlsx.py OUT.xlsx < rows.tsv
Each input line is a row, cells separated by tabs; a cell '#46363' is
written as a number (a date serial), '~text' as an inline string, any
other as a shared string.  An empty line leaves a row out (the row
numbers go on)."""
import sys
import zipfile
from xml.sax.saxutils import escape

out = sys.argv[1]
shared, index = [], {}
rows_xml = []
for r, line in enumerate(sys.stdin.read().split("\n")[:-1], start=1):
    if not line:
        continue
    cells = []
    for c, v in enumerate(line.split("\t")):
        ref = chr(ord("A") + c) + str(r)
        if v.startswith("#"):
            cells.append(f'<c r="{ref}" s="1"><v>{v[1:]}</v></c>')
        elif v.startswith("~"):
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v[1:])}</t></is></c>')
        elif v:
            if v not in index:
                index[v] = len(shared)
                shared.append(v)
            cells.append(f'<c r="{ref}" t="s"><v>{index[v]}</v></c>')
    rows_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel}><sheets><sheet name="Lịch trực" sheetId="1" r:id="rId7"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/lich.xml"/></Relationships>')
    sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
    z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(shared)}">{sst}</sst>')
    z.writestr("xl/worksheets/lich.xml", f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(rows_xml)}</sheetData></worksheet>')
