#!/usr/bin/env bash
# Start-up on a damaged or wrong file: a garbage header, random bytes in a
# table page, a file cut in half, an empty file, another program's SQLite
# file, a text file.  Each is detected at start-up (read-only `check` and the
# writing path `add`), left byte-for-byte unchanged (sha256sum), and the
# program offers the newest verified backup; `dvcdesk restore` then brings
# the data back and keeps the damaged file aside.
# (docs/testing.md, "What the fault tier proves")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
export LANGUAGE=en

db=$T/data/dvcdesk.db
dv --db "$db" add --procedure none >/dev/null
printf '246810\n' | dv --db "$db" staff add --supervisor --pin Lan >/dev/null 2>&1
for i in 1 2 3; do dv --db "$db" add --procedure none --staff Lan >/dev/null; done
dv --db "$db" backup >"$T/b1" 2>&1
sleep 1 # a different second, so the two backups have different names
dv --db "$db" add --procedure none --staff Lan >/dev/null
newest=$(dv --db "$db" backup 2>&1)
expect_eq "two backups made" "$(ls "$T/data/backups" | wc -l)" "2"
in_backup=$(sql "$newest" "SELECT count(*) FROM visit")
dv --db "$db" add --procedure none --staff Lan >/dev/null # after the backup: lost by a restore
sql "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$db" "$T/good.db"
sqlite3 "$T/foreign.db" "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('not ours');"
hint_wired=no
grep -q backup_restore_hint "$TOP/src/cli/cli.c" && hint_wired=yes

make_case() { # NAME: put the damaged file at $db
	rm -f "$db" "$db-wal" "$db-shm"
	case $1 in
	garbage-header)
		cp "$T/good.db" "$db"
		head -c 100 /dev/urandom | dd of="$db" conv=notrunc status=none ;;
	random-page)
		cp "$T/good.db" "$db"
		local root
		root=$(sql "$T/good.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'visit'")
		head -c 4096 /dev/urandom | dd of="$db" bs=4096 seek=$((root - 1)) conv=notrunc status=none ;;
	half)
		cp "$T/good.db" "$db"
		truncate -s $(($(stat -c %s "$db") / 2)) "$db" ;;
	empty) : >"$db" ;;
	foreign) cp "$T/foreign.db" "$db" ;;
	text) printf 'Danh sách người dân\nNguyễn Văn A, 0909\n' >"$db" ;;
	esac
	chmod 600 "$db"
}

for c in garbage-header random-page half empty foreign text; do
	make_case "$c"
	sum=$(sha256sum <"$db")
	dv --db "$db" check >"$T/out" 2>"$T/err"
	rc=$?
	case $rc in 65 | 66) ok "$c: check at start-up refuses it (exit $rc)" ;;
	*) fail "$c: check at start-up refuses it" "exit $rc" "$(cat "$T/err")" ;; esac
	expect_contains "$c: the message names the file" "$(cat "$T/err")" "$db"
	if [ "$hint_wired" = yes ]; then
		expect_contains "$c: the message offers the newest verified backup" "$(cat "$T/err")" \
			"dvcdesk restore $newest"
	else
		echo "# skip: $c: start-up hint (src/cli/cli.c does not call backup_restore_hint yet)"
	fi
	dv --db "$db" add --procedure none >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$c" = empty ]; then
		# db_open takes an existing empty file for a new database and
		# initialises it (which a kill during the very first start needs
		# unless creation becomes atomic: temporary file + rename).
		known_issue storage "empty: the writing start-up refuses it too (exit $rc)" \
			test "$rc" -eq 65 -o "$rc" -eq 66
		known_issue storage "empty: the file is left byte-for-byte unchanged" \
			test "$(sha256sum <"$db")" = "$sum"
	else
		case $rc in 65 | 66) ok "$c: the writing start-up refuses it too (exit $rc)" ;;
		*) fail "$c: the writing start-up refuses it too" "exit $rc" "$(cat "$T/err")" ;; esac
		expect_eq "$c: the file is left byte-for-byte unchanged" "$(sha256sum <"$db")" "$sum"
	fi
	expect_exit "$c: restore lists the newest backup as ok" 0 dv --db "$db" restore
	expect_contains "$c: ... and says how to restore it" "$OUT" "dvcdesk restore $newest"

	printf '246810\n' >"$T/pin"
	make_case "$c" # afresh, should a check above have failed and changed it
	sum=$(sha256sum <"$db")
	expect_exit "$c: restore FILE --as supervisor" 0 dv --db "$db" restore "$newest" --as Lan <"$T/pin"
	aside=$(ls "$db".damaged-* 2>/dev/null | grep -v -- '-wal$\|-shm$' | head -1)
	check "$c: the damaged file is kept aside" test -n "$aside"
	[ -n "$aside" ] && expect_eq "$c: ... unchanged" "$(sha256sum <"$aside")" "$sum"
	expect_exit "$c: after the restore the program starts normally" 0 dv --db "$db" check
	expect_eq "$c: the restored visits are the backup's" \
		"$(sql "$db" "SELECT count(*) FROM visit")" "$in_backup"
	rm -f "$db".damaged-*
done

# A restore checks the backup first and touches nothing when it is bad.
cp "$T/good.db" "$db"
rm -f "$db-wal" "$db-shm"
sum=$(sha256sum <"$db")
printf 'not a database' >"$T/bad-backup.db"
expect_exit "restore refuses a file that is not a database" 65 \
	dv --db "$db" restore "$T/bad-backup.db" --as Lan <"$T/pin"
expect_exit "restore refuses another program's database" 65 \
	dv --db "$db" restore "$T/foreign.db" --as Lan <"$T/pin"
expect_eq "... and the live database is untouched" "$(sha256sum <"$db")" "$sum"
expect_exit "restore without --as is refused (supervisor only)" 77 dv --db "$db" restore "$newest"
expect_exit "restore as a volunteer is refused" 77 \
	dv --db "$db" restore "$newest" --as "Tình nguyện viên" <"$T/pin"
printf '111111\n' >"$T/wrong"
expect_exit "restore with a wrong PIN is refused" 77 dv --db "$db" restore "$newest" --as Lan <"$T/wrong"
expect_eq "... and the live database still has its own visits" \
	"$(sql "$db" "SELECT count(*) FROM visit")" "$((in_backup + 1))"
# A restore into a database that opens goes through the backup API and
# keeps a backup of what it replaces.
expect_exit "restore into a sound database" 0 dv --db "$db" restore "$newest" --as Lan <"$T/pin"
expect_contains "it saved the current data first" "$ERR" "saved first as"
expect_eq "the restored visits are the backup's" "$(sql "$db" "SELECT count(*) FROM visit")" "$in_backup"
expect_eq "the restore is in the audit log" \
	"$(sql "$db" "SELECT action || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" \
	"restore $(basename "$newest")"
expect_exit "the audit chain still verifies" 0 dv --db "$db" check

# A larger file (over the 2 MiB checked at every open, so read-only opens
# skip the daily check): `check` and `backup` still check it first, and name
# the live file as the damaged one, with the restore advice.
big=$T/big/dvcdesk.db
mkdir -p "$T/big"
if "$TOP/${B:-build}/tests/tools/bench_gen" --db "$big" --visits 20000 --units 1 --counters 1 \
	--staff 3 --procedures 50 >"$T/gen.log" 2>&1; then
	sql "$big" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	expect_eq "the larger file is over 2 MiB" "$(($(stat -c %s "$big") > 2 * 1024 * 1024))" "1"
	pages=$(sql "$big" "PRAGMA page_count")
	head -c 4096 /dev/urandom | dd of="$big" bs=4096 seek=$((pages / 2)) conv=notrunc status=none
	sum=$(sha256sum <"$big")
	expect_exit "check on a damaged larger file" 65 dv --db "$big" check
	expect_contains "... names the live file as damaged" "$ERR" "$big is damaged"
	expect_exit "backup of a damaged larger file" 65 dv --db "$big" backup
	expect_contains "... names the live file, not the copy" "$ERR" "$big is damaged"
	expect_contains "... and says to restore" "$ERR" "restore"
	expect_eq "... nothing in it changed" "$(sha256sum <"$big")" "$sum"
	expect_eq "... and no backup was left" "$(ls "$T/big/backups" 2>/dev/null | wc -l)" "0"
else
	fail "bench_gen makes a larger file" "$(tail -3 "$T/gen.log")"
fi
finish
