#!/usr/bin/env bash
# Hostile input at the counter (issue 13 §3): under a locale that is not
# UTF-8 (LANG=C) a Vietnamese letter typed or pasted never swallows the
# keys after it.
. "$(dirname "$0")/../lib.sh"

db=$T/h.db
"$DVCDESK" --db "$db" check >/dev/null 2>&1

LANG=C tui_start 80 24 "$DVCDESK" --db "$db"
expect_screen "LANG=C: start of shift" "BAT DAU CA TRUC"
tui_keys Enter
expect_screen "LANG=C: the counter" "Thu tuc:"
# "đăng ký" pasted, then plain keys: every one must arrive.
tui_text "đăng ký"
tui_text " khai"
expect_screen "LANG=C: the pasted letters and the keys after them all arrive" "dang ky khai"
expect_screen "LANG=C: the search finds the procedure" "Dang ky khai sinh"
expect_eq "LANG=C: only ASCII on the screen" "$(tui_screen | LC_ALL=C grep -c '[^ -~]')" "0"
# A byte that starts no UTF-8 character is refused out loud, the next key kept.
tui_keys Escape
tui_keys C-u
tui_keys -H ff
expect_screen "LANG=C: a byte that is not UTF-8 is refused visibly" "khong phai UTF-8"
tui_text "x"
expect_screen "LANG=C: the key after it arrives" "Thu tuc: x"
tui_stop
finish
