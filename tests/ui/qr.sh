#!/usr/bin/env bash
# The QR screen, in the real binary in a real terminal (tmux), read the way a
# citizen's phone would: the captured screen, colours and all (capture-pane
# -e), is painted as pixels the way a terminal with a dark or a light theme
# shows it, and decoded with zbarimg, which does not try inverted codes
# (-Stest-inverted is never given), so a polarity bug fails.  The glyph
# lines alone are also painted with tests/tools/qrpaint.py and decoded.
#
# What it proves: ^O on the counter opens the most useful target for the
# form (dossier lookup, else the procedure, else the portal home); Tab and
# S-Tab cycle every target; each code scans as exactly the URL printed under
# it, at 80x24 and at the minimum 60x18, on a dark and a light theme alike,
# because its cells are an explicit black-on-white pair; when a code cannot
# fit, the window size it needs is said instead, and that size is enough;
# error correction drops to L only where that makes it fit, and says so; an
# odd dossier code is percent-encoded; history and a visit's detail open the
# codes of a stored visit; wide and ASCII styles on a big window, the Linux
# console and a non-UTF-8 terminal; without colours the theme does matter,
# and the invert key is the way out; Esc returns to the form exactly as it
# was, and it saves as typed.
. "$(dirname "$0")/../lib.sh"

for tool in zbarimg python3 sqlite3; do
	command -v $tool >/dev/null || {
		fail "qr screen: $tool is missing (apt-get install zbar-tools python3 sqlite3)"
		finish
		exit
	}
done
_session=0
end_session() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	TMUX_SOCK=dvct$$-$((++_session))
	return 0
}

# ---- the screen as a monitor shows it --------------------------------------
SP=$T/screenpaint.py
cat >"$SP" <<'PY'
"""Turn `tmux capture-pane -p -e -N` output into what a monitor shows.

Usage: screenpaint.py DIR < CAPTURE; writes, in DIR:
  dark.pgm, light.pgm   the whole screen as a terminal with a dark or a light
                        theme shows it, 8x16 px a cell (greyscale PGM)
  cells                 one line per look of the cells in the code's box:
                        "glyph fg=N bg=N", "space bg=N" (reverse applied)
  block                 the characters in the code's box (for qrpaint.py)
(cells and block only when there is a code on the screen).

A theme is what "default" (SGR 39/49) and the 16 base colours stand for;
16-255 are xterm's fixed cube and greys.  "█" is all
foreground, "▀" the top half, "▄" the bottom half, a space background, any
other character a foreground block in the middle of the cell (a letter).
Reverse video swaps the colours.  The code's box: the rows' runs of 16 or
more cells shown on white (231 or 7); a key hint on white is shorter.
"""
import os
import sys
import unicodedata

THEMES = {
    "dark": ((0xd0, 0xd0, 0xd0), (0x1e, 0x1e, 0x1e),
             "2e3436 cc0000 4e9a06 c4a000 3465a4 75507b 06989a d3d7cf "
             "555753 ef2929 8ae234 fce94f 729fcf ad7fa8 34e2e2 eeeeec"),
    "light": ((0x20, 0x20, 0x20), (0xfd, 0xf6, 0xe3),
              "073642 dc322f 859900 b58900 268bd2 d33682 2aa198 eee8d5 "
              "002b36 cb4b16 586e75 657b83 839496 6c71c4 93a1a1 fdf6e3"),
}
BLANK = (" ", None, None, False)


def rgb(n, base):
    if n < 16:
        h = base.split()[n]
        return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))
    if n < 232:
        n -= 16
        s = [0, 95, 135, 175, 215, 255]
        return (s[n // 36], s[n // 6 % 6], s[n % 6])
    return (8 + 10 * (n - 232),) * 3


def parse(text):
    # the SGR state runs on across lines: tmux writes only changes
    rows = []
    fg = bg = None
    rev = False
    for raw in text.split("\n"):
        cells, i = [], 0
        while i < len(raw):
            if raw[i] == "\x1b" and raw[i + 1:i + 2] == "[":
                j = i + 2
                while not raw[j].isalpha():
                    j += 1
                if raw[j] == "m":
                    ps = [int(p or 0) for p in raw[i + 2:j].split(";")]
                    k = 0
                    while k < len(ps):
                        p = ps[k]
                        if p == 0:
                            fg = bg = None
                            rev = False
                        elif p in (7, 27):
                            rev = p == 7
                        elif 30 <= p <= 37 or 90 <= p <= 97:
                            fg = ("i", p % 10 + (8 if p >= 90 else 0))
                        elif 40 <= p <= 47 or 100 <= p <= 107:
                            bg = ("i", p % 10 + (8 if p >= 100 else 0))
                        elif p == 39:
                            fg = None
                        elif p == 49:
                            bg = None
                        elif p in (38, 48):
                            if ps[k + 1] == 5:
                                v, k = ("i", ps[k + 2]), k + 2
                            else:
                                v, k = ("rgb", tuple(ps[k + 2:k + 5])), k + 4
                            if p == 38:
                                fg = v
                            else:
                                bg = v
                        k += 1
                i = j + 1
                continue
            c = raw[i]
            i += 1
            if unicodedata.combining(c):
                continue
            cells.append((c, fg, bg, rev))
            if unicodedata.east_asian_width(c) in "WF":
                cells.append(("", fg, bg, rev))
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def shown(cell):
    c, fg, bg, rev = cell
    return (c, bg, fg) if rev else (c, fg, bg)


def box(rows):
    pts = []
    for r, row in enumerate(rows):
        run = []
        for c, cell in enumerate(row + [BLANK]):
            if shown(cell)[2] in (("i", 231), ("i", 7)):
                run.append(c)
                continue
            if len(run) >= 16:
                pts += [(r, run[0]), (r, run[-1])]
            run = []
    if not pts:
        return None
    return (min(p[0] for p in pts), max(p[0] for p in pts),
            min(p[1] for p in pts), max(p[1] for p in pts))


def paint(rows, theme, path):
    dfg, dbg, base = THEMES[theme]
    cw, ch = 8, 16
    cols = max(len(r) for r in rows)
    W, H = cols * cw, len(rows) * ch
    out = []
    for y in range(len(rows)):
        row = rows[y]
        looks = []
        for x in range(cols):
            c, fg, bg, rev = row[x] if x < len(row) else BLANK
            f = dfg if fg is None else rgb(fg[1], base) if fg[0] == "i" else fg[1]
            b = dbg if bg is None else rgb(bg[1], base) if bg[0] == "i" else bg[1]
            if rev:  # after the theme's defaults are filled in
                f, b = b, f
            lf, lb = (int(0.299 * v[0] + 0.587 * v[1] + 0.114 * v[2]) for v in (f, b))
            ink, paper = bytes([lf]) * cw, bytes([lb]) * cw
            letter = paper[:2] + bytes([lf]) * 4 + paper[:2]
            if c == "\u2588":
                looks.append([ink] * ch)
            elif c == "\u2580":
                looks.append([ink] * (ch // 2) + [paper] * (ch // 2))
            elif c == "\u2584":
                looks.append([paper] * (ch // 2) + [ink] * (ch // 2))
            elif c in (" ", ""):
                looks.append([paper] * ch)
            else:
                looks.append([paper] * 4 + [letter] * 8 + [paper] * 4)
        for py in range(ch):
            out.append(b"".join(look[py] for look in looks))
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (W, H) + b"".join(out))


def main(argv):
    rows = parse(sys.stdin.read())
    for theme in THEMES:
        paint(rows, theme, os.path.join(argv[0], theme + ".pgm"))
    for name in ("cells", "block"):
        if os.path.exists(os.path.join(argv[0], name)):
            os.remove(os.path.join(argv[0], name))
    b = box(rows)
    if b is None:
        return 0
    r0, r1, c0, c1 = b
    cell = lambda r, c: shown(rows[r][c] if c < len(rows[r]) else BLANK)
    looks = set()
    for r in range(r0, r1 + 1):
        for c in range(c0, c1 + 1):
            ch, fg, bg = cell(r, c)
            fg, bg = fg and fg[1], bg and bg[1]
            if ch in "\u2588\u2580\u2584":
                looks.add("glyph fg=%s bg=%s" % (fg, bg))
            elif ch == " ":
                looks.add("space bg=%s" % bg)
            else:
                looks.add("other %r fg=%s bg=%s" % (ch, fg, bg))
    with open(os.path.join(argv[0], "cells"), "w") as f:
        f.write("".join(l + "\n" for l in sorted(looks)))
    with open(os.path.join(argv[0], "block"), "w") as f:
        for r in range(r0, r1 + 1):
            f.write("".join(cell(r, c)[0] for c in range(c0, c1 + 1)) + "\n")
    return 0


sys.exit(main(sys.argv[1:]))
PY

# cap: the screen with its colours, once two captures agree (a redraw done)
cap() {
	local i=0
	tui_screen -e -N >"$T/cap"
	while [ $i -lt 40 ]; do
		sleep 0.05
		tui_screen -e -N >"$T/cap2"
		cmp -s "$T/cap" "$T/cap2" && break
		mv "$T/cap2" "$T/cap"
		i=$((i + 1))
	done
	tui_screen >"$T/text"
	mkdir -p "$T/shown"
	python3 "$SP" "$T/shown" <"$T/cap" || fail "screenpaint.py failed on the capture"
}
# seen THEME: what a reader finds on the captured screen shown in THEME; exit 4: nothing
# (the screen may write a URL's scheme and host in capitals, which packs
# them denser and means the same address: RFC 3986 3.1, 3.2.2; lowered here)
seen() {
	zbarimg --raw -q --nodbus "$T/shown/$1.pgm" 2>>"$T/zbar.err" | host_lower
	return "${PIPESTATUS[0]}"
}
# seen_inverted THEME: the same read as most phone cameras do, trying the
# light-on-dark polarity too
seen_inverted() {
	zbarimg --raw -q --nodbus -Stest-inverted "$T/shown/$1.pgm" 2>>"$T/zbar.err" | host_lower
	return "${PIPESTATUS[0]}"
}
host_lower() { sed -E 's,^([A-Za-z]+://[^/]*),\L\1,'; }
# lines [qrpaint options]: the code's glyph lines alone, painted by qrpaint.py
lines() {
	[ -f "$T/shown/block" ] || return 3
	python3 "$TOP/tests/tools/qrpaint.py" "$@" "$T/lines.pgm" <"$T/shown/block" || return 2
	zbarimg --raw -q --nodbus "$T/lines.pgm" 2>>"$T/zbar.err" | host_lower
	return "${PIPESTATUS[0]}"
}
cells() { cat "$T/shown/cells" 2>/dev/null; }
# on_screen TEXT: the plain capture contains TEXT
on_screen() { grep -qF -- "$1" "$T/text"; }
# joined: the screen's text without the code's glyphs, its lines run
# together (a URL wrapped over lines, beside the code or under it)
joined() { sed 's/[█▀▄#]//g; s/^ *//; s/ *$//' "$T/text" | tr -d '\n'; }
# words: the same, lines joined with a space (a message wrapped at spaces)
words() { sed 's/[█▀▄]//g; s/^ *//; s/ *$//' "$T/text" | tr '\n' ' ' | tr -s ' '; }

# expect_code NAME URL: the code on the screen scans as URL on a dark and on
# a light theme, its glyph lines too, and the URL is printed on the screen
expect_code() {
	local name=$1 url=$2
	expect_eq "$name: scans as the URL, dark theme" "$(seen dark)" "$url"
	expect_eq "$name: scans as the URL, light theme" "$(seen light)" "$url"
	case $(joined) in *"$url"*) ok "$name: the URL is printed for a person to check" ;;
	*) fail "$name: the URL is printed for a person to check" "$(cat "$T/text")" ;; esac
}
# expect_pair NAME: every cell of the code is the explicit black-on-white
# pair (256 colours: 16 on 231), whatever the theme; glyph lines decode
expect_pair() {
	local name=$1 url=$2
	expect_eq "$name: every cell black on white (16/231)" "$(cells | tr '\n' ';')" \
		"glyph fg=16 bg=231;space bg=231;"
	expect_eq "$name: its glyph lines scan (qrpaint.py)" "$(lines)" "$url"
	lines --invert >/dev/null
	expect_eq "$name: the same lines in the wrong polarity do not scan (exit 4)" "$?" 4
	local z
	z=$(quiet_zone)
	check "$name: a light quiet zone of at least 2 modules on every side (has $z)" test "${z:-0}" -ge 2
}
# quiet_zone: the narrowest light margin, in modules, round the half-block
# code in the captured block (its cells are all the black-on-white pair)
quiet_zone() {
	[ -f "$T/shown/block" ] || { echo 0; return; }
	python3 - "$T/shown/block" <<'PY'
import sys
rows = [r for r in open(sys.argv[1], encoding="utf-8").read().split("\n") if r]
grid = []
for r in rows:
    grid.append([c in "\u2588\u2580" for c in r])
    grid.append([c in "\u2588\u2584" for c in r])
w = max(len(g) for g in grid)
grid = [g + [False] * (w - len(g)) for g in grid]
def lead(lines):
    n = 0
    for l in lines:
        if any(l):
            break
        n += 1
    return n
cols = [list(c) for c in zip(*grid)]
# the last half-row under an odd symbol is padding, light like the zone
print(min(lead(grid), lead(grid[::-1]), lead(cols), lead(cols[::-1])))
PY
}
# size_asked: "W H" from the too-small message
size_asked() { words | sed -n 's/.*cần \([0-9]*\)×\([0-9]*\), hiện là.*/\1 \2/p'; }
no_code() { [ ! -f "$T/shown/cells" ]; }
shows_code() { ! on_screen "Cửa sổ quá nhỏ"; }
# caption TEXT: the screen's words hold TEXT (a caption may wrap beside the code)
caption() { case $(words) in *"$1"*) return 0 ;; esac; return 1; }

db=$T/qr.db
sql() { sqlite3 -batch -noheader "$db" "$1"; }
# two uses make shortcut 1 Đăng ký khai sinh
"$DVCDESK" --db "$db" add --procedure 1.001193 >/dev/null
"$DVCDESK" --db "$db" add --procedure 1.001193 >/dev/null
DOSSIER=000.00.20.H08-260310-0001
# the URLs the CLI makes from the same (default) configuration
url_of() { "$DVCDESK" --db "$db" qr "$@" 2>&1 >/dev/null | tail -1; }
declare -A URL=(
	[home]=$(url_of --target home)
	[procedure]=$(url_of --procedure 1.001193)
	[dossier]=$(url_of --dossier "$DOSSIER")
	[payment]=$(url_of --target payment)
	[vneid]=$(url_of --target vneid)
	[feedback]=$(url_of --target feedback)
)
declare -A CAPTION=(
	[home]="Cổng Dịch vụ công" [procedure]="Thủ tục hành chính trên Cổng DVC"
	[dossier]="Tra cứu hồ sơ" [payment]="Thanh toán trực tuyến"
	[vneid]="Ứng dụng VNeID" [feedback]="Đánh giá mức độ hài lòng"
)
# Tab from the dossier lookup: the table's order, round
NAMES=(- home procedure dossier payment vneid feedback)

# every_target SIZE: Tab round the six targets from the current one at this
# size; each shows a code that scans as its URL, or says the size it needs,
# which is then checked by resizing to it
# (FIT: the targets that must fit at this size, never "too small")
every_target() {
	local size=$1 fit=" ${2:-} " t w h pos i
	cap
	pos=$(sed -n 's/.*(\([1-6]\)\/6).*/\1/p' "$T/text" | head -1)
	[ -n "$pos" ] || { fail "$size: the hints say which of six codes this is" "$(cat "$T/text")"; return; }
	for i in 1 2 3 4 5 6; do
		t=${NAMES[$pos]}
		tui_wait "($pos/6)" 5 || fail "$size: Tab reaches the $t code" "$(tui_screen)"
		cap
		if ! caption "${CAPTION[$t]}"; then
			fail "$size $t: the caption says what it opens (${CAPTION[$t]})" "$(cat "$T/text")"
		elif on_screen "Cửa sổ quá nhỏ"; then
			read -r w h <<<"$(size_asked)"
			[[ $fit == *" $t "* ]] && fail "$size $t: must show its code at $size, says it needs ${w}×${h}"
			check "$size $t: too big to fit, no code shown, just the size it needs (${w}×${h})" no_code
			tui_resize "$w" "$h"
			tui_wait_gone "Cửa sổ quá nhỏ" 5
			cap
			expect_code "$t at the ${w}×${h} asked for" "${URL[$t]}"
			tui_resize "${size%x*}" "${size#*x}"
			tui_wait "Cửa sổ quá nhỏ" 5
		else
			expect_code "$size $t" "${URL[$t]}"
			expect_pair "$size $t" "${URL[$t]}"
		fi
		tui_keys Tab
		pos=$((pos % 6 + 1))
	done
}

# ==== 80x24: the counter, ^O, every target ===================================
tui_start 80 24 "$DVCDESK" --db "$db"
expect_screen "start of shift" "BẮT ĐẦU CA TRỰC"
tui_keys Enter
expect_screen "the counter" "Ca này: 0 lượt"
tui_keys C-o
expect_screen "^O on an empty form: the portal home" "Cổng Dịch vụ công"
cap
expect_code "80x24 empty form, home" "${URL[home]}"
expect_pair "80x24 home" "${URL[home]}"
check "an empty form offers five codes: no procedure page without a procedure" \
	grep -qF '(1/5)' "$T/text"
tui_keys Escape
expect_screen "Esc: back to the counter" "Ca này: 0 lượt"

tui_text "1"
expect_screen "a procedure chosen" "» Đăng ký khai sinh"
tui_keys C-o
expect_screen "^O with a procedure: its page" "Thủ tục hành chính trên"
expect_screen "the caption names the procedure" "1.001193 Đăng ký khai sinh"
tui_keys Escape
tui_text "vo$DOSSIER"
expect_screen "the dossier code typed" "Mã hồ sơ: $DOSSIER"
mask() { sed -E 's/[0-9]{2}:[0-9]{2}/HH:MM/g'; }
before=$(tui_screen | mask)
tui_keys F3
expect_screen "F3 with a dossier code: the dossier lookup" "Tra cứu hồ sơ"
expect_screen "the dossier code is in the caption area" "Nhập mã hồ sơ: $DOSSIER"
every_target 80x24 "home procedure dossier payment vneid feedback"
tui_keys BTab
expect_screen "S-Tab goes back one target" "(2/6)"
tui_keys Left
expect_screen "Left too" "(1/6)"
tui_keys Right
expect_screen "Right goes forward" "(2/6)"

# colours inverted: the explicit pair swapped, no theme reads it any more
tui_keys Tab
tui_wait "(3/6)"
tui_keys i
expect_screen "i inverts, and says so" "Đang đảo màu"
cap
seen dark >/dev/null
expect_eq "inverted: a dark theme cannot read it (exit 4)" "$?" 4
seen light >/dev/null
expect_eq "inverted: a light theme cannot read it (exit 4)" "$?" 4
expect_eq "inverted: a phone that tries light-on-dark reads it, dark theme" "$(seen_inverted dark)" "${URL[dossier]}"
expect_eq "inverted: ... light theme" "$(seen_inverted light)" "${URL[dossier]}"
tui_keys i
tui_wait_gone "Đang đảo màu"
cap
expect_code "i again: back to black on white" "${URL[dossier]}"

tui_keys Escape
expect_screen "Esc: back at the counter" "Mã hồ sơ: $DOSSIER"
expect_eq "Esc: the form exactly as it was" "$(tui_screen | mask)" "$before"
tui_keys Enter
expect_screen "the form saves as typed" "Đã lưu: Đăng ký khai sinh"
expect_eq "stored with its procedure and dossier code" \
	"$(sql "SELECT procedure_code, vneid, online_submission, dossier_code FROM visit WHERE dossier_code != ''")" \
	"1.001193|1|1|$DOSSIER"

# ==== the minimum 60x18, redrawn on resize ===================================
tui_keys C-o
expect_screen "^O after the save: the saved visit's dossier lookup" \
	"Nhập mã hồ sơ: $DOSSIER"
cap
expect_code "^O after the save: the code is the saved dossier's" "${URL[dossier]}"
tui_keys BTab
expect_screen "S-Tab: the saved visit's procedure page" "1.001193 Đăng ký khai sinh"
tui_resize 60 18
expect_screen "60x18: redrawn, with the size the procedure's code needs" "Cửa sổ quá nhỏ cho mã QR này"
every_target 60x18 "home payment vneid feedback"

# ==== a window too small for any screen ======================================
tui_resize 50 15
expect_screen "50x15: the window-too-small notice" "Cửa sổ quá nhỏ"
cap
check "50x15: no code on the screen" no_code
tui_resize 80 24
tui_keys Escape
tui_keys C-o
expect_screen "^O again after the QR screen: still the saved visit" \
	"Nhập mã hồ sơ: $DOSSIER"
tui_keys Escape
# voided from its detail: ^O no longer offers it
tui_keys F4
expect_screen "history, to void the saved visit" "CÁC LƯỢT HỖ TRỢ"
tui_keys Enter C-d
expect_screen "void asks for a reason" "Lý do:"
tui_text "thử mã QR"
tui_keys Enter
expect_screen "voided" "Đã huỷ lượt"
tui_keys Escape
tui_wait "Ca này:" || tui_keys Escape
expect_screen "back at the counter" "Ca này:"
tui_keys C-o
expect_screen "^O after the saved visit was voided: the kept procedure's page" \
	"Thủ tục hành chính trên"
expect_not_contains "... no dossier code on the QR screen" "$(tui_screen)" "Nhập mã hồ sơ"
tui_keys Escape
tui_text "2"
tui_keys C-o
expect_screen "^O once the form is touched again: the form's procedure" \
	"Thủ tục hành chính trên"
expect_not_contains "... not the saved visit's dossier" "$(tui_screen)" "Nhập mã hồ sơ"
tui_keys Escape

# ==== a logged visit, from history and from its detail =======================
tui_keys F4
expect_screen "history" "CÁC LƯỢT HỖ TRỢ"
tui_keys C-o
expect_screen "^O in history: the selected visit's dossier lookup" "Nhập mã hồ sơ: $DOSSIER"
cap
expect_code "history's visit" "${URL[dossier]}"
tui_keys Tab Tab Tab Tab Tab
expect_screen "history's visit: its procedure" "1.001193 Đăng ký khai sinh"
tui_keys Escape
expect_screen "Esc: back to history" "CÁC LƯỢT HỖ TRỢ"
tui_keys Enter
expect_screen "the visit's detail" "$DOSSIER"
tui_keys C-o
expect_screen "^O in the detail: the visit's dossier lookup" "Nhập mã hồ sơ: $DOSSIER"
cap
expect_code "the detail's visit" "${URL[dossier]}"
tui_keys Escape
expect_screen "Esc: back to the detail" "Thời lượng"
end_session

# ==== an odd dossier code in a template that takes it ========================
cat >"$T/dossier.ini" <<'EOF'
[portal]
dossier_url = https://dichvucong.gov.vn/tra-cuu-ho-so?ma={dossier}
EOF
# 73 bytes: version 5 at M (21 rows in half blocks with a quiet zone of 2),
# version 4 at L (19 rows)
ODD='h08/ks&2026#1+a%/x'
ODD_URL='https://dichvucong.gov.vn/tra-cuu-ho-so?ma=H08%2FKS%262026%231%2BA%25%2FX'
expect_eq "the CLI builds the same percent-encoded URL" \
	"$("$DVCDESK" --config "$T/dossier.ini" --db "$db" qr --dossier 'H08/KS&2026#1+A%/X' 2>&1 >/dev/null | tail -1)" \
	"$ODD_URL"
tui_start 80 24 "$DVCDESK" --config "$T/dossier.ini" --db "$db"
expect_screen "start of shift (second config)" "BẮT ĐẦU CA TRỰC"
tui_keys Enter
expect_screen "the counter (second config)" "Ca này:"
tui_text "1o$ODD"
tui_keys C-o
expect_screen "the odd code, as it will be stored" "Mã hồ sơ: H08/KS&2026#1+A%/X"
cap
expect_code "odd dossier code, percent-encoded" "$ODD_URL"
expect_not_contains "no lowered error correction where M fits" "$(cat "$T/text")" "thu nhỏ mã QR"
# 80x20: M needs 21 rows, L fits: lowered, and said
tui_resize 80 20
expect_screen "80x20: error correction lowered to L, and said" "Đã thu nhỏ mã QR cho vừa màn hình"
cap
expect_code "80x20 at L" "$ODD_URL"
tui_resize 80 24
tui_wait_gone "thu nhỏ mã QR"
tui_keys Escape
tui_keys Enter
expect_screen "an unusual dossier code: Enter again saves it" "nhấn Enter lần nữa"
tui_keys Enter
expect_screen "the odd code saved" "Đã lưu"
expect_eq "stored normalised" "$(sql "SELECT dossier_code FROM visit WHERE dossier_code LIKE 'H08/%'")" 'H08/KS&2026#1+A%/X'
tui_keys F4
expect_screen "history (second config)" "CÁC LƯỢT HỖ TRỢ"
tui_keys C-o
expect_screen "the logged odd code" "Mã hồ sơ: H08/KS&2026#1+A%/X"
cap
expect_code "the logged odd dossier code" "$ODD_URL"
end_session

# ==== styles: a big window, the Linux console, no UTF-8, the config ==========
# expect_style NAME WANT: the code's cells hold WANT: half (▀▄ glyphs),
# wide (spaces only) or ascii (#)
style_of() {
	[ -f "$T/shown/block" ] || { echo none; return; }
	if grep -q '[▀▄]' "$T/shown/block"; then echo half
	elif grep -q '#' "$T/shown/block"; then echo ascii
	elif grep -q '█' "$T/shown/block"; then echo other
	else echo wide; fi
}
start_qr() { # COLS ROWS [env ...]: the counter's ^O on an empty form
	local cols=$1 rows=$2
	shift 2
	tui_start "$cols" "$rows" env "$@" "$DVCDESK" --db "$db" ${INI:+--config "$INI"}
	tui_wait "CA TR" 5
	tui_keys Enter
	tui_wait "Ca n" 5
	tui_keys C-o
	tui_wait "https://" 5
	cap
}
# wait_style WANT: poll until the code is drawn in that style (after a resize)
wait_style() {
	local i=0
	while [ $i -lt 50 ]; do
		cap
		[ "$(style_of)" = "$1" ] && return 0
		i=$((i + 1))
	done
	return 1
}
start_qr 120 50
expect_eq "120x50: two columns a module, square (wide)" "$(style_of)" wide
expect_code "120x50 wide" "${URL[home]}"
tui_resize 80 24
check "resized to 80x24: redrawn in half blocks" wait_style half
expect_code "resized to 80x24" "${URL[home]}"
end_session

TERM=linux start_qr 120 50
expect_eq "TERM=linux: wide, no half blocks (the console font lacks them)" "$(style_of)" wide
expect_code "TERM=linux 120x50" "${URL[home]}"
tui_resize 80 24
expect_screen "TERM=linux 80x24: no room for wide, so the size needed, not half blocks" "Cửa sổ quá nhỏ cho mã QR"
cap
check "TERM=linux 80x24: no code" no_code
end_session

LANG=C start_qr 120 50
expect_eq "LANG=C: ASCII (##)" "$(style_of)" ascii
expect_code "LANG=C 120x50" "${URL[home]}"
end_session

printf '[ui]\nqr_style = half\n' >"$T/half.ini"
INI=$T/half.ini start_qr 120 50
expect_eq "qr_style = half: half blocks even where wide fits" "$(style_of)" half
expect_code "qr_style = half at 120x50" "${URL[home]}"
end_session

# ==== no colours: reverse video, and then the theme does matter ==============
start_qr 80 24 NO_COLOR=1
expect_eq "NO_COLOR: no colour in the code" "$(grep -c $'\033\\[[0-9;]*[34][0-7]m' "$T/cap")" 0
expect_eq "NO_COLOR: the dark theme reads the reverse-video code" "$(seen dark)" "${URL[home]}"
seen light >/dev/null
expect_eq "NO_COLOR: a light theme cannot (exit 4): colours are what make the theme irrelevant" "$?" 4
tui_keys i
expect_screen "NO_COLOR: i inverts" "Đang đảo màu"
cap
expect_eq "NO_COLOR inverted: the light theme reads it" "$(seen light)" "${URL[home]}"
seen dark >/dev/null
expect_eq "NO_COLOR inverted: the dark theme cannot (exit 4)" "$?" 4
end_session

# every target at 80x24 without colours: read on a dark theme as drawn, on a
# light one after i (a procedure chosen: six targets)
tui_start 80 24 env NO_COLOR=1 "$DVCDESK" --db "$db"
tui_wait "CA TR" 5
tui_keys Enter
tui_wait "Ca n" 5
tui_text "1"
tui_keys C-o
tui_wait "(2/6)" 5
for theme in dark light; do
	[ $theme = light ] && { tui_keys i; tui_wait "Đang đảo màu" 5; }
	for t in procedure dossier payment vneid feedback home; do
		cap
		check "NO_COLOR 80x24 $theme $t: the code is shown" shows_code
		expect_eq "NO_COLOR 80x24 $theme theme$([ $theme = light ] && echo ', after i'): $t scans" "$(seen $theme)" "${URL[$t]}"
		if [ $t = feedback ]; then
			case $(words) in
			*"Tỉnh chưa đặt trang đánh giá"*) ok "feedback, default configuration: says the province has not set its page" ;;
			*) fail "feedback, default configuration: says the province has not set its page" "$(cat "$T/text")" ;;
			esac
		fi
		tui_keys Tab
		sleep 0.2
	done
done
end_session
finish
