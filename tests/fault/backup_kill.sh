#!/usr/bin/env bash
# The temporary files of a killed backup (they hold personal data) are
# cleaned up by the next backup: `dvcdesk backup FILE` (FILE.tmp-PID beside
# FILE), the dated backup (backups/dvcdesk-*.db.tmp-PID) and a restore's
# copy beside the database (issue 13 §3).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
export LANGUAGE=en
GEN=$BDIR/tests/tools/bench_gen
[ -x "$GEN" ] || { fail "bench_gen is built" "make $B/tests/tools/bench_gen"; finish; exit 1; }
db=$T/data/dvcdesk.db
mkdir -p "$T/data" "$T/usb"
"$GEN" --db "$db" --visits 300000 --years 1 >/dev/null 2>&1
check "a database of 300 000 visits" test -s "$db"

# A real kill -9 in the middle of `backup FILE`.
"$DVCDESK" --db "$db" backup "$T/usb/copy.db" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 400); do
	ls "$T/usb" | grep -q "copy.db.tmp-$pid" && break
	sleep 0.005
done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
left=$(ls "$T/usb" | grep -c "\.tmp-")
if [ "$left" -eq 0 ]; then
	echo "# the backup finished before the kill; simulating what it leaves"
	sleep 30 & dead=$!; kill -9 $dead; wait $dead 2>/dev/null
	: >"$T/usb/copy.db.tmp-$dead"
	: >"$T/usb/copy.db.tmp-$dead-journal"
else
	ok "kill -9 during backup FILE leaves its temporary file (the case to clean)"
fi
rm -f "$T/usb/copy.db"
# A dated backup's and a restore's leftovers from a process that is gone.
sleep 30 & dead=$!; kill -9 $dead; wait $dead 2>/dev/null
mkdir -p "$T/data/backups"
: >"$T/data/backups/dvcdesk-20260101-090000.db.tmp-$dead"
: >"$T/data/dvcdesk.db.restore-$dead"
: >"$T/data/dvcdesk.db.restore-$dead-wal"
# ... and one of a process still running is left alone.
sleep 60 & alive=$!
: >"$T/usb/copy.db.tmp-$alive"

expect_exit "the next backup FILE succeeds" 0 "$DVCDESK" --db "$db" backup "$T/usb/copy.db"
expect_eq "… and removes the killed one's temporary files beside FILE" \
	"$(ls "$T/usb" | grep -v "tmp-$alive" | grep -c "\.tmp-")" "0"
expect_eq "… and in the backup folder" "$(ls "$T/data/backups" | grep -c "\.tmp-")" "0"
expect_eq "… and a killed restore's copy beside the database" "$(ls "$T/data" | grep -c "\.restore-")" "0"
check "a running backup's temporary file is left alone" test -e "$T/usb/copy.db.tmp-$alive"
kill "$alive" 2>/dev/null
finish
