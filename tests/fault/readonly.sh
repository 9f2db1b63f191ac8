#!/usr/bin/env bash
# A database that cannot be written, seen by a non-root user (root ignores
# permissions): a read-only folder, then a read-only file in a writable
# folder.  Saving fails with a clear message and a defined exit code, the
# file stays byte-for-byte the same, and reports still work read-only.
# (docs/testing.md, "What the fault tier proves")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
need setpriv || { finish; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
	fail "the read-only test runs as root to switch to user 65534" "run make check as root (CI does)"
	finish
	exit 1
fi
# The Vietnamese catalogue where user 65534 can read it: the checkout may
# sit in a folder only root can enter (mktemp -d is 0700).
cp -r "$TOP/${B:-build}/locale" "$T/locale"
chmod -R a+rX "$T/locale"
nobody=(env DVCDESK_LOCALEDIR="$T/locale" setpriv --reuid=65534 --regid=65534 --clear-groups)
dir=$T/ro
db=$dir/dvcdesk.db
for i in 1 2 3; do dv --db "$db" add --procedure none >/dev/null; done
sql "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rm -f "$db-wal" "$db-shm" # closed by the last connection above: nothing in them
chmod 755 "$dir"
chmod 644 "$db"
day=$(TZ=Asia/Ho_Chi_Minh date +%F)
sum=$(sha256sum <"$db")

for case in folder file; do
	[ "$case" = file ] && chmod 777 "$dir" "$T" # the folders writable, the file not
	expect_exit "read-only $case: add fails with exit 74" 74 "${nobody[@]}" "$DVCDESK" --db "$db" add --procedure none
	expect_contains "read-only $case: the message says the database is read-only" "$ERR" "không ghi được vào cơ sở dữ liệu"
	# Reading needs the -shm file of a WAL database; in a read-only folder
	# it cannot be created, so db_open must fall back (immutable=1).
	"${nobody[@]}" "$DVCDESK" --db "$db" report --day "$day" --format json >"$T/out" 2>"$T/err"
	rc=$?
	known_issue storage "read-only $case: the report still works (exit $rc: $(head -c 200 "$T/err"))" \
		grep -q '"visits": 3' "$T/out"
	expect_exit "read-only $case: the export still works" 0 \
		"${nobody[@]}" "$DVCDESK" --db "$db" export --from "$day" --to "$day"
	expect_eq "read-only $case: … with every visit" "$(($(grep -c . <<<"$OUT") - 1))" "3"
	"${nobody[@]}" "$DVCDESK" --db "$db" check >"$T/out" 2>"$T/err"
	rc=$?
	known_issue storage "read-only $case: dvcdesk check opens it read-only (exit $rc)" test "$rc" -eq 0
	if [ "$case" = file ]; then
		expect_exit "read-only file: a backup into a writable folder still works" 0 \
			"${nobody[@]}" "$DVCDESK" --db "$db" backup "$T/copy.db"
	fi
	expect_eq "read-only $case: the database file is unchanged" "$(sha256sum <"$db")" "$sum"
done
finish
