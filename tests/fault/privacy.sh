#!/usr/bin/env bash
# Personal data: off by default, kept only with consent, purged after
# [privacy] retention_days or on a citizen's request, and then found nowhere
# the program keeps files: the database, its -wal and -shm, the backups,
# exports, reports and logs.  Also: private files whatever the umask, no
# symlinked database, no core dumps.  (docs/testing.md, "What the fault tier proves")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
need faketime prlimit || { finish; exit 1; }
export LANGUAGE=en

db=$T/data/dvcdesk.db
cfg=$T/pii.ini
printf '[privacy]\ncollect_name = yes\ncollect_phone = yes\nretention_days = 30\n' >"$cfg"
logs=$T/logs
mkdir -p "$logs"
run() { # LOGNAME CMD...: stdout and stderr kept as logs, searched at the end
	local name=$1
	shift
	"$@" >"$logs/$name.out" 2>"$logs/$name.err"
}
day=$(date +%F)
old_day=$(date -d '-31 days' +%F)
PURGED='NGUYENMARKER|0909MARKER|NOTEMARKER|TRANREQMARKER|0912345678|REQNOTEMARKER'

# Off by default, and consent is required.
expect_exit "personal-data export refused with the default configuration" 77 \
	dv --db "$db" export --from "$day" --to "$day" --with-personal-data
usage=$(dv add --help 2>&1)
expect_not_contains "dvcdesk add has no --name option" "$usage" "--name"
expect_not_contains "dvcdesk add has no --phone option" "$usage" "--phone"
"$DRIVER" -n 1 --name "NO CONSENT" --phone 0900000000 "$db" >"$logs/noconsent.out" 2>"$logs/noconsent.err"
expect_eq "saving a name and phone without consent is refused (exit 65)" "$?" "65"
expect_contains "... saying consent is needed" "$(cat "$logs/noconsent.err")" "consent"
expect_eq "... and nothing was saved" "$(sql "$db" "SELECT count(*) FROM visit")" "0"
printf '246810\n' | run staffadd dv --db "$db" staff add --supervisor --pin Lan

# Another program keeps the database open (the counter screen): the WAL is
# not checkpointed when the writers below close, so it holds their values.
mkfifo "$T/holder.in"
sqlite3 "$db" <"$T/holder.in" >"$logs/holder.out" 2>&1 &
holder=$!
exec 7>"$T/holder.in"
echo "SELECT count(*) FROM visit;" >&7

# 31 days ago: visits with a name, phone and note (to be purged by age).
run old faketime -f '-31d' "$DRIVER" -n 5 --name NGUYENMARKER --phone 0909MARKER \
	--note "ghi chú NOTEMARKER" --consent "$db"
expect_eq "5 visits with personal data from 31 days ago" "$(wc -l <"$logs/old.out")" "5"
# Today: visits to keep, and a citizen who will ask for deletion.
run keep "$DRIVER" -n 3 --name KEEPMARKER --phone 0988777666 --note "KEEPNOTE" --consent "$db"
run req "$DRIVER" -n 2 --name TRANREQMARKER --phone 0912345678 --note REQNOTEMARKER --consent "$db"
check "the WAL holds the values before the purge" grep -a -q NGUYENMARKER "$db-wal"
run backup dv --db "$db" backup
backup=$(cat "$logs/backup.out")
check "the backup holds them too" grep -a -q TRANREQMARKER "$backup"
run export dv --config "$cfg" --db "$db" export --from "$old_day" --to "$day" --format csv \
	--output "$T/export.csv"
expect_eq "an export without --with-personal-data holds none" \
	"$(grep -a -c -E "$PURGED|KEEPMARKER" "$T/export.csv")" "0"
expect_eq "... but has the 10 visits" "$(($(wc -l <"$T/export.csv") - 1))" "10"
run pexport dv --config "$cfg" --db "$db" export --from "$old_day" --to "$day" --format csv \
	--with-personal-data --output "$T/explicit-personal-export.csv"
check "an explicit personal-data export (config allows it) holds them" \
	grep -a -q NGUYENMARKER "$T/explicit-personal-export.csv"
run report dv --db "$db" report --from "$old_day" --to "$day" --format text
expect_eq "the report holds no personal data" "$(grep -a -c -E "$PURGED|KEEP" "$logs/report.out")" "0"
total=$(sql "$db" "SELECT count(*) FROM visit")

# Retention: the 31-day-old visits lose their personal data, nothing else.
run purge dv --config "$cfg" --db "$db" purge
expect_contains "purge: 5 visits past 30 days" "$(cat "$logs/purge.out")" "from 5 visits"
expect_contains "purge: the backup was cleaned too" "$(cat "$logs/purge.out")" "1 backups cleaned"
expect_eq "purge: the visits are kept (counts unchanged)" "$(sql "$db" "SELECT count(*) FROM visit")" "$total"
expect_eq "purge: marked purged" "$(sql "$db" "SELECT count(*) FROM visit WHERE pii_purged_at IS NOT NULL")" "5"
expect_eq "purge: today's visits keep theirs" \
	"$(sql "$db" "SELECT count(*) FROM visit WHERE citizen_name IN ('KEEPMARKER', 'TRANREQMARKER')")" "5"
expect_eq "purge: one audit row, no personal data in it" \
	"$(sql "$db" "SELECT action || ' ' || detail FROM audit WHERE action LIKE 'purge%'")" "purge_retention visits=5"

# A citizen's deletion request by phone, typed the international way.
pre_audit=$(sql "$db" "SELECT count(*) FROM audit")
expect_exit "purge --phone needs a supervisor" 77 dv --config "$cfg" --db "$db" purge --phone 0912345678
expect_exit "purge --phone as a volunteer is refused" 77 \
	dv --config "$cfg" --db "$db" purge --phone 0912345678 --as "Tình nguyện viên" <<<"246810"
printf '246810\n' >"$T/pin"
run request dv --config "$cfg" --db "$db" purge --phone "+84 912 345 678" --as Lan <"$T/pin"
expect_eq "purge --phone as the supervisor succeeds" "$?" "0"
expect_contains "purge --phone: the citizen's 2 visits" "$(cat "$logs/request.out")" "from 2 visits"
expect_eq "purge --phone: exactly one audit row" "$(sql "$db" "SELECT count(*) FROM audit")" "$((pre_audit + 1))"
expect_eq "purge --phone: the audit row holds the count, not the phone" \
	"$(sql "$db" "SELECT action || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" "purge_request visits=2"
expect_eq "purge --phone: counts unchanged" "$(sql "$db" "SELECT count(*) FROM visit")" "$total"

# A clock set back (a flat CMOS battery) purges nothing new.
run past faketime '2000-01-01 00:00:00' "$DVCDESK" --config "$cfg" --db "$db" purge
expect_contains "clock in 2000: purge removes nothing" "$(cat "$logs/past.out")" "from 0 visits"
expect_eq "clock in 2000: today's visits keep their data" \
	"$(sql "$db" "SELECT count(*) FROM visit WHERE citizen_name = 'KEEPMARKER'")" "3"

# Nowhere, while the other program still has the database open (so its
# -wal and -shm exist), and again after it closed: every file under the
# test folder but the explicit export.
check "the -wal and -shm exist while the other program runs" test -e "$db-wal" -a -e "$db-shm"
nowhere() {
	grep -r -a -l -E "$PURGED" "$T" | grep -v -F "$T/explicit-personal-export.csv"
}
expect_eq "after the purges the markers are found nowhere (db, -wal, -shm, backups, exports, reports, logs)" \
	"$(nowhere)" ""
exec 7>&- # the other program closes
wait "$holder"
expect_eq "... nor after the other program closed" "$(nowhere)" ""
echo "# figures: markers_found=$(nowhere | wc -l)"
check "positive control: the kept visit's name is still found in the database" \
	grep -a -q KEEPMARKER "$db"

# Private files whatever the umask, through the program and the driver.
for mask in 000 022; do
	d=$T/umask$mask
	(
		umask $mask
		"$DVCDESK" --db "$d/data/dvcdesk.db" add --procedure none
		"$DVCDESK" --db "$d/data/dvcdesk.db" backup
		"$DVCDESK" --db "$d/data/dvcdesk.db" export --from "$day" --to "$day" --output "$d/data/out.csv"
		"$DRIVER" -n 2 "$d/drv/dvcdesk.db"
	) >/dev/null 2>&1
	expect_eq "umask $mask: every file 0600" "$(find "$d" -type f -printf '%m\n' | sort -u)" "600"
	expect_eq "umask $mask: every folder 0700" "$(find "$d" -mindepth 1 -type d -printf '%m\n' | sort -u)" "700"
done

# A symlinked database is refused and left alone.
ln -s "$db" "$T/link.db"
expect_exit "a symlinked database is refused" 66 dv --db "$T/link.db" add --procedure none
expect_contains "... saying it is a symbolic link" "$ERR" "symbolic link"

# No core dumps: the running program's core limit is 0, and a crash
# leaves no core file.
mkdir -p "$T/core"
mkfifo "$T/pin.fifo"
exec 8<>"$T/pin.fifo"
# (an ASan build would catch the signal itself and exit 1: let it through)
(cd "$T/core" && ulimit -c unlimited &&
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0" exec "$DVCDESK" --config "$cfg" --db "$db" purge --phone 0 --as Lan) <&8 \
	>/dev/null 2>&1 &
pid=$!
limit=
for _ in $(seq 400); do
	limit=$(prlimit --pid "$pid" --core --raw --noheadings --output SOFT,HARD 2>/dev/null | tr -s ' ')
	[ "$limit" = "0 0" ] && break
	sleep 0.05
done
expect_eq "the program runs with a core-file limit of 0" "$limit" "0 0"
kill -SEGV "$pid"
wait "$pid" 2>/dev/null
expect_eq "a crash (SIGSEGV) ends it" "$?" "139"
exec 8>&-
expect_eq "... and leaves no core file" "$(ls "$T/core")" ""
finish
