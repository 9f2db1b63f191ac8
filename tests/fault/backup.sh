#!/usr/bin/env bash
# dvcdesk backup while another program writes: each backup is a sound,
# self-contained file holding at least what was acknowledged before it
# began; it is fsynced before the rename and the folder after; old dated
# backups go after [backup] keep_days; a restore brings back what the
# backup held.  (docs/testing.md, "What the fault tier proves")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
export LANGUAGE=en

db=$T/data/dvcdesk.db
"$DRIVER" -n 5 "$db" >"$T/ack" 2>/dev/null
printf '246810\n' | dv --db "$db" staff add --supervisor --pin Lan >/dev/null 2>&1

# Five backups while a writer saves.
"$DRIVER" -n 100000 --pause 0-2 "$db" >>"$T/ack" 2>"$T/writer.err" &
writer=$!
for _ in $(seq 100); do [ "$(wc -l <"$T/ack")" -gt 50 ] && break; sleep 0.05; done
bad=0 msg= paths=()
for i in 1 2 3 4 5; do
	acked=$(wc -l <"$T/ack")
	head -n "$acked" "$T/ack" >"$T/ack.before.$i"
	p=$(dv --db "$db" backup 2>"$T/err")
	rc=$?
	if [ "$rc" -ne 0 ]; then
		bad=$((bad + 1)) msg="backup $i: exit $rc: $(cat "$T/err")"
		continue
	fi
	paths+=("$p")
	verify "$p" "$T/ack.before.$i" || { bad=$((bad + 1)); msg="backup $i ($p): $VERIFY_MSG"; }
	[ "$(sql "$p" "PRAGMA journal_mode")" = delete ] || { bad=$((bad + 1)); msg="backup $i is not a one-file (rollback journal) database"; }
	sleep 1
done
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
expect_eq "5 backups during saves: each passes integrity_check and holds every visit acked before it" \
	"$bad${msg:+ ($msg)}" "0"
expect_eq "the writer never failed during the backups" "$(cat "$T/writer.err")" ""
expect_eq "5 dated backups in the backup folder" "$(ls "$T/data/backups" | grep -c '^dvcdesk-[0-9]\{8\}-[0-9]\{6\}\.db$')" "5"
expect_eq "no temporary file left" "$(ls "$T/data/backups" | grep -c tmp)" "0"
expect_eq "backup folder is 0700" "$(stat -c %a "$T/data/backups")" "700"
expect_eq "backups are 0600" "$(stat -c %a "$T/data/backups"/* | sort -u)" "600"
verify "$db" "$T/ack"
expect_eq "the live database after the backups passes verify" "$VERIFY_MSG" ""

# Restore the third one and check it against what was acked before it.
third=${paths[2]:-none}
expect_exit "restore the third backup" 0 dv --db "$db" restore "$third" --as Lan <<<"246810"
verify "$db" "$T/ack.before.3"
expect_eq "the restored database holds every visit acked before that backup" "$VERIFY_MSG" ""
expect_eq "... and exactly the backup's visits" "$(sql "$db" "SELECT count(*) FROM visit")" \
	"$(sql "$third" "SELECT count(*) FROM visit")"

# The order on disk: fsync of the temporary file, rename, fsync of the folder.
if need strace; then
	strace -f -y -e trace=fsync,fdatasync,rename,renameat,renameat2 -o "$T/tr" \
		"$DVCDESK" --db "$db" backup "$T/explicit.db" >/dev/null 2>&1
	order=$(awk -v f="$T/explicit.db" '
		/rename/ && index($0, f ".tmp-") { print "rename"; next }
		/f(data)?sync\(/ && index($0, "<" f ".tmp-") && / = 0$/ { print "fsync-tmp"; next }
		/f(data)?sync\(/ && index($0, "<" substr(f, 1, length(f) - length("/explicit.db")) ">") && / = 0$/ { print "fsync-dir" }
	' "$T/tr" | uniq | tr '\n' ' ')
	# SQLite syncs the copy as it writes it; what matters is the end:
	# a last fsync of the copy, the one rename, then the folder.
	expect_eq "strace: the temporary file is fsynced, renamed, then the folder fsynced" \
		"${order##*fsync-tmp }" "rename fsync-dir "
	expect_eq "strace: one rename" "$(grep -o rename <<<"$order" | wc -l)" "1"
fi
expect_eq "backup to FILE: a sound database" "$(sql "$T/explicit.db" "PRAGMA integrity_check")" "ok"
echo "keep me" >"$T/notes.txt"
expect_exit "backup refuses to overwrite a file that is not a dvcdesk backup" 65 \
	dv --db "$db" backup "$T/notes.txt"
expect_eq "... which is left as it was" "$(cat "$T/notes.txt")" "keep me"
expect_exit "backup refuses to overwrite the database itself" 64 dv --db "$db" backup "$db"
expect_exit "backup may replace an older backup of its own" 0 dv --db "$db" backup "$T/explicit.db"

# keep_days: dated backups older than that go;
# files that are not dated backups are never touched.
cfg=$T/keep.ini
printf '[backup]\ndir = %s\nkeep_days = 30\n' "$T/kept" >"$cfg"
mkdir -p "$T/kept"
old_day=$(date -d '-31 days' +%Y%m%d)
young_day=$(date -d '-29 days' +%Y%m%d)
for d in 20200101 "$old_day" "$young_day"; do cp "${paths[0]}" "$T/kept/dvcdesk-$d-120000.db"; done
echo "mine" >"$T/kept/readme.txt"
cp "${paths[0]}" "$T/kept/my-copy.db"
expect_exit "backup into [backup] dir" 0 dv --config "$cfg" --db "$db" backup
left=$(cd "$T/kept" && ls | tr '\n' ' ')
expect_not_contains "a backup from 2020 is deleted" "$left" "dvcdesk-20200101-"
expect_not_contains "a backup 31 days old is deleted (keep_days = 30)" "$left" "dvcdesk-$old_day-"
expect_contains "a backup 29 days old is kept" "$left" "dvcdesk-$young_day-"
expect_contains "other files are left alone" "$left" "my-copy.db readme.txt"
rm -f "$T/kept"/dvcdesk-*
cp "${paths[0]}" "$T/kept/dvcdesk-20200101-120000.db"
expect_exit "restore lists the backups" 0 dv --config "$cfg" --db "$db" restore
expect_contains "... with the old one checked ok" "$OUT" "dvcdesk-20200101-120000.db  ok"
finish
