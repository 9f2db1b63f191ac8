#!/usr/bin/env bash
# The purge clears every free-text column that can hold personal data (the
# note, the void and backdating reasons) in the database, its -wal, the
# backups in the backup folder and the ones made elsewhere with `dvcdesk
# backup FILE`; a backup it cannot reach is named, and a -wal it cannot
# truncate makes it fail loudly (issue 13 §3, issue 12 item 6).  Marker
# values, searched for in every file afterwards.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
need faketime || { finish; exit 1; }
export LANGUAGE=en

db=$T/data/dvcdesk.db
cfg=$T/p.ini
printf '[privacy]\nretention_days = 30\n' >"$cfg"
d() { "$DVCDESK" --config "$cfg" --db "$db" "$@"; }
MARK='NOTEMARK1|VOIDMARK2|BACKMARK3'

# 31 days ago: a note, a backdated visit with its reason, a voided visit.
past=$(date -d '-31 days' '+%F %T')
faketime "$past" "$DVCDESK" --config "$cfg" --db "$db" add --procedure none --note "chị Cúc NOTEMARK1" >/dev/null
uid=$(faketime "$past" "$DVCDESK" --config "$cfg" --db "$db" add --procedure none)
faketime "$past" "$DVCDESK" --config "$cfg" --db "$db" void "$uid" --reason "nhập trùng chị Cúc VOIDMARK2" >/dev/null
faketime "$past" "$DVCDESK" --config "$cfg" --db "$db" add --procedure none \
	--at "$(date -d '-33 days' '+%F 09:00')" --reason "giấy của bà Lan BACKMARK3" >/dev/null
expect_eq "three old visits" "$(sql "$db" "SELECT count(*) FROM visit")" "3"
expect_exit "a backup in the backup folder" 0 d backup
mkdir -p "$T/usb" "$T/stick"
expect_exit "a backup made elsewhere" 0 d backup "$T/usb/copy.db"
expect_exit "another one elsewhere, on a stick taken away afterwards" 0 d backup "$T/stick/copy.db"
check "the backups hold the markers" grep -a -q VOIDMARK2 "$T/usb/copy.db"
mv "$T/stick" "$T/stick-away"

# Another program holds a read snapshot: the -wal cannot be truncated, and
# the purge must not say it is done.
mkfifo "$T/holder.in"
sqlite3 "$db" <"$T/holder.in" >"$T/holder.out" 2>&1 &
holder=$!
exec 7>"$T/holder.in"
printf 'BEGIN;\nSELECT count(*) FROM visit;\n' >&7
sleep 0.5
expect_exit "a purge whose -wal cannot be truncated fails loudly" 75 d purge
expect_contains "… saying the values may still be in the -wal" "$ERR" "-wal"
printf 'COMMIT;\n' >&7
exec 7>&-
wait "$holder"

expect_exit "the purge with the stick away" 74 d purge
expect_contains "… names the backup it could not reach" "$ERR" "$T/stick/copy.db"
expect_contains "… as not cleaned" "$ERR" "NOT cleaned"
expect_eq "the reasons are emptied, the flags kept" \
	"$(sql "$db" "SELECT count(*) FROM visit WHERE backdate_reason = '' OR void_reason = ''")" "2"
expect_eq "the void is still a void" "$(sql "$db" "SELECT count(*) FROM visit WHERE voided_at IS NOT NULL")" "1"
nowhere() { grep -r -a -l -E "$MARK" "$T" --exclude-dir=stick-away; }
expect_eq "the markers are found nowhere (db, -wal, backups here and elsewhere)" "$(nowhere)" ""
check "positive control: the stick still holds them" grep -a -q VOIDMARK2 "$T/stick-away/copy.db"
mv "$T/stick-away" "$T/stick"
expect_exit "with the stick back the purge cleans it and succeeds" 0 d purge
expect_eq "… and the markers are gone from it" "$(grep -a -l -E "$MARK" "$T/stick/copy.db")" ""
rm "$T/stick/copy.db"
expect_exit "a backup deleted by hand is forgotten" 0 d purge
finish
