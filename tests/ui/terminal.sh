#!/usr/bin/env bash
# test: serial (measures how fast Esc answers)
# The terminal's faults (docs/reliability.md §4): unusable TERMs, the
# usual ones, a non-UTF-8 locale, NO_COLOR, a resize storm down to 1x1,
# SIGHUP, SIGTERM and the terminal's restore, Esc without delay.
. "$(dirname "$0")/../lib.sh"
# Each session gets a tmux server of its own: a new server on the socket of
# one still shutting down fails now and then ("server exited unexpectedly").
_session=0
end_session() {
	tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	TMUX_SOCK=dvct$$-$((++_session))
	return 0
}

db=$T/term.db
"$DVCDESK" --db "$db" check >/dev/null 2>&1

# ---- TERM that cannot draw a screen: one line, exit 78, nothing drawn ----
for term in dumb unknown-terminal-xyz; do
	TERM=$term script -qec "\"$DVCDESK\" --db \"$db\"" /dev/null >"$T/out.$term" 2>&1
	rc=$?
	expect_eq "TERM=$term exits 78" "$rc" "78"
	expect_eq "TERM=$term prints one line" "$(tr -d '\r' <"$T/out.$term" | grep -c .)" "1"
	expect_contains "TERM=$term says what to do" "$(cat "$T/out.$term")" "TERM"
	expect_not_contains "TERM=$term draws no screen" "$(cat "$T/out.$term")" "$(printf '\033[')"
done

# ---- the usual terminals work ----
for term in xterm-256color screen linux vt100; do
	TERM=$term tui_start 80 24 "$DVCDESK" --db "$db"
	expect_screen "TERM=$term: start of shift" "BẮT ĐẦU CA TRỰC"
	tui_keys Enter
	expect_screen "TERM=$term: the counter" "Ca này: 0 lượt"
	tui_keys C-q
	expect_screen "TERM=$term: end of shift" "KẾT THÚC CA TRỰC"
	tui_keys Enter
	tui_wait "Đã đóng ca trực" 5
	tui_keys Enter
	expect_screen "TERM=$term: quits cleanly" "[exit 0]"
	end_session
done

# ---- LANG=C: no diacritics, ASCII frames, no blank cells ----
LANG=C tui_start 80 24 "$DVCDESK" --db "$db"
expect_screen "LANG=C: titles without diacritics" "BAT DAU CA TRUC"
tui_keys Enter
expect_screen "LANG=C: the counter in plain letters" "Thu tuc:"
expect_screen "LANG=C: procedure names without diacritics" "Dang ky khai sinh"
expect_screen "LANG=C: services" "[ ] v Kich hoat VNeID"
expect_eq "LANG=C: only ASCII on the screen" "$(tui_screen | LC_ALL=C grep -c '[^ -~]')" "0"
expect_not_contains "LANG=C: no letter lost (Th  t  c)" "$(tui_screen)" "Th  t"
tui_keys C-q
expect_screen "LANG=C: end of shift reads 'Ket thuc'" "KET THUC CA TRUC"
end_session

# ---- English by LANGUAGE ----
LANGUAGE=en tui_start 80 24 "$DVCDESK" --db "$db"
expect_screen "LANGUAGE=en: English" "START OF SHIFT"
end_session

# ---- colours: on by default, off with NO_COLOR (attributes remain) ----
tui_start 80 24 "$DVCDESK" --db "$db"
tui_wait "BẮT ĐẦU CA TRỰC"
colour=$(tui_screen -e | grep -c $'\033\\[[0-9;]*4[0-7]m')
end_session
tui_start 80 24 env NO_COLOR=1 "$DVCDESK" --db "$db"
tui_wait "BẮT ĐẦU CA TRỰC"
mono=$(tui_screen -e)
end_session
check "colours by default" test "$colour" -gt 0
expect_eq "NO_COLOR: no colour" "$(echo "$mono" | grep -c $'\033\\[[0-9;]*[34][0-7]m')" "0"
expect_contains "NO_COLOR: reverse video marks the selection" "$mono" $'\033[7m'

# ---- resize storm: down to 1x1 and back, the form intact ----
tui_start 80 24 "$DVCDESK" --db "$db"
tui_wait "BẮT ĐẦU CA TRỰC"
tui_keys Enter
tui_wait "Ca này"
tui_text "1v"
tui_keys Tab
tui_text "KEEP-ME-42"
for s in 79x23 70x20 60x18 59x17 40x10 20x5 10x3 1x1 2x2 1x1 120x40 1x1 30x8 60x18 200x60 1x1 80x24 61x19 1x1; do
	tui_resize "${s%x*}" "${s#*x}"
done
tui_resize 40 10
expect_screen "too small: says so" "Cửa sổ quá nhỏ"
expect_screen "too small: says the size needed" "60×18"
tui_resize 1 1
tui_resize 80 24
expect_screen "after the storm: the form is intact" "Mã hồ sơ: KEEP-ME-42"
expect_screen "after the storm: the service is still ticked" "[x] v Kích hoạt VNeID"
tui_text "_X"
expect_screen "after the storm: typing goes on" "KEEP-ME-42_X"

# ---- SIGHUP (the window closes): gone within 2 s ----
dv_pid=$(pgrep -f -n "^$DVCDESK --db $db\$")
tmux -L "$TMUX_SOCK" kill-server
end_session
gone=no
for _ in $(seq 40); do
	kill -0 "$dv_pid" 2>/dev/null || { gone=yes; break; }
	sleep 0.05
done
expect_eq "SIGHUP: the process exits within 2 s" "$gone" "yes"

# ---- SIGTERM: terminal modes restored, the screen wiped (vt100: no alternate screen) ----
tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x 80 -y 24 \
	"stty -g >$T/stty.before; env TERM=vt100 LANG=$LANG LANGUAGE=$LANGUAGE TZ=$TZ ESCDELAY=25 HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME $DVCDESK --db $db; echo \"[exit \$?]\"; stty -g >$T/stty.after; sleep 30"
tui_wait "BẮT ĐẦU CA TRỰC"
tui_keys Enter
tui_wait "Ca này"
tui_keys Tab Tab
tui_text "CITIZEN-SECRET-7"
expect_screen "SIGTERM: the dossier code typed is on the screen" "Mã hồ sơ: CITIZEN-SECRET-7"
kill -TERM "$(pgrep -f -n "^$DVCDESK --db $db\$")"
expect_screen "SIGTERM: exits" "[exit 143]"
expect_eq "SIGTERM: terminal modes restored" "$(cat "$T/stty.after" 2>/dev/null)" "$(cat "$T/stty.before")"
expect_not_contains "SIGTERM: no citizen data left on the screen" "$(tui_screen)" "CITIZEN-SECRET-7"
end_session

# ---- ^C and ^\ typed at the counter: the terminal restored, status 130 and 131,
# and the shell that started it goes on (no death by signal for a key) ----
for key in 'C-c 130' 'C-\ 131'; do
	set -- $key
	rm -f "$T/stty.after" "$T/after"
	tmux -L "$TMUX_SOCK" -f /dev/null new-session -d -s t -x 80 -y 24 \
		"stty -g >$T/stty.before; env TERM=vt100 LANG=$LANG LANGUAGE=$LANGUAGE TZ=$TZ ESCDELAY=25 HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME $DVCDESK --db $db; echo \"[exit \$?]\"; stty -g >$T/stty.after; touch $T/after; sleep 30"
	tui_wait "BẮT ĐẦU CA TRỰC"
	tui_keys Enter
	tui_wait "Ca này"
	tui_keys "$1"
	expect_screen "$1: exits with $2" "[exit $2]"
	# (the shell's next commands run just after "[exit N]" shows: a moment)
	for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$T/after" ] && break; sleep 0.1; done
	check "$1: the shell carried on" test -e "$T/after"
	expect_eq "$1: terminal modes restored" "$(cat "$T/stty.after" 2>/dev/null)" "$(cat "$T/stty.before")"
	end_session
done

# ---- Esc answers at once, even with ESCDELAY unset ----
tui_start 80 24 env -u ESCDELAY "$DVCDESK" --db "$db"
tui_wait "BẮT ĐẦU CA TRỰC"
tui_keys Enter
tui_wait "Ca này"
tui_keys F4
tui_wait "CÁC LƯỢT HỖ TRỢ"
t0=$(date +%s%N)
tui_keys Escape
tui_wait "Ca này" 3
ms=$((($(date +%s%N) - t0) / 1000000))
check "Esc goes back in under 400 ms (took ${ms} ms)" test "$ms" -lt 400
end_session
finish
