#!/usr/bin/env bash
# The counter's idle sync and its words in the header, in a real terminal
# against a real PostgreSQL (lib_pg.sh): "chờ gửi N" while visits wait, the
# sync runs as a child process of the counter (the server gets the visits
# while the counter keeps running), and nothing when no server is set.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_pg.sh"
pg_start
db=$T/a.db
cat >"$T/dv.ini" <<INI
[sync]
conninfo = $(pg_conninfo)
interval_minutes = 5
INI
chmod 600 "$T/dv.ini"
"$DVCDESK" --config "$T/dv.ini" --db "$db" server init >/dev/null
for i in 1 2; do "$DVCDESK" --config "$T/dv.ini" --db "$db" add --procedure none >/dev/null; done
tui_start 100 30 "$DVCDESK" --config "$T/dv.ini" --db "$db"
if tui_wait "chờ gửi 2"; then ok "the header says two visits wait"; else fail "the header says two visits wait" "$(tui_screen)"; fi
n=0
for i in $(seq 1 100); do
	n=$(pgq "SELECT count(*) FROM dvcdesk.visit")
	[ "$n" = 2 ] && break
	sleep 0.1
done
expect_eq "the counter's child process pushed them" "$n" "2"
check "the counter is still running" tui_wait "BẮT ĐẦU CA TRỰC" 2
tui_stop
tui_start 100 30 "$DVCDESK" --config "$T/dv.ini" --db "$db"
if tui_wait "đã gửi lúc"; then ok "the next start says when they were sent"; else fail "the next start says when they were sent" "$(tui_screen)"; fi
tui_stop
tui_start 100 30 "$DVCDESK" --db "$db"
tui_wait "BẮT ĐẦU CA TRỰC"
expect_not_contains "no server set: no sync words" "$(tui_screen)" "gửi"
tui_stop
finish
