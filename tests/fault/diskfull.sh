#!/usr/bin/env bash
# A full disk (a 2 MiB tmpfs) and a file-size limit (ulimit -f): the save
# fails with a clear message, nothing is half-saved, every acknowledged
# visit is there, and saving works again once space is freed.
# (docs/testing.md, "What the fault tier proves")  Mounting needs root, as CI
# has; if it cannot mount, that is a failed check, not a skip.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

mnt=$T/m
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=2m,mode=0755 tmpfs "$mnt" 2>"$T/mount.err"; then
	fail "mount a 2 MiB tmpfs for the disk-full test" "$(cat "$T/mount.err")" \
		"this test needs root (CI runs as root)"
	finish
	exit 1
fi
trap 'umount "$mnt" 2>/dev/null; cleanup' EXIT
db=$mnt/data/dvcdesk.db
ack=$T/ack

# The driver: saves until the disk is full, retries once through a reopen,
# then stops with the status's exit code.
dd if=/dev/zero of="$mnt/ballast" bs=64k count=20 status=none
"$DRIVER" "$db" >"$ack" 2>"$T/full.err"
rc=$?
expect_eq "disk full: the driver stops with exit 74 (I/O), not a crash" "$rc" "74"
expect_contains "disk full: the message says the disk is full" "$(cat "$T/full.err")" \
	"the disk is full; free some space and save again"
expect_contains "disk full: the failed save was retried after a reopen" "$(cat "$T/full.err")" \
	"reopened the connection"
n=$(wc -l <"$ack")
check "disk full: saves were acknowledged before the disk filled ($n)" test "$n" -gt 10
verify "$db" "$ack"
expect_eq "disk full: every acknowledged visit stored, nothing half-saved, integrity ok" "$VERIFY_MSG" ""

rm -f "$mnt/ballast"
"$DRIVER" -n 10 "$db" >>"$ack" 2>"$T/after.err"
expect_eq "space freed: 10 more saves succeed" "$? $(($(wc -l <"$ack") - n))" "0 10"
verify "$db" "$ack"
expect_eq "space freed: the file passes verify" "$VERIFY_MSG" ""

# The program: the same through `dvcdesk add`, in Vietnamese.
before=$(sql "$db" "SELECT count(*) FROM visit")
dd if=/dev/zero of="$mnt/ballast" bs=4k status=none 2>/dev/null
expect_exit "disk full: dvcdesk add exits 74" 74 dv --db "$db" add --procedure none --note "lưu"
# With not one byte left even the shared-memory file cannot grow, and that
# is reported as a write error; either sentence tells the volunteer what to do.
case $ERR in
*"đĩa đã đầy"* | *"không ghi được cơ sở dữ liệu; kiểm tra ổ đĩa"*) ok "disk full: dvcdesk says so in Vietnamese" ;;
*) fail "disk full: dvcdesk says so in Vietnamese" "stderr: $ERR" ;;
esac
rm -f "$mnt/ballast"
expect_eq "disk full: nothing saved by the failed add" "$(sql "$db" "SELECT count(*) FROM visit")" "$before"
expect_exit "space freed: dvcdesk add saves again" 0 dv --db "$db" add --procedure none
expect_eq "space freed: exactly one more visit" "$(sql "$db" "SELECT count(*) FROM visit")" "$((before + 1))"
expect_eq "disk full: integrity ok at the end" "$(sql "$db" "PRAGMA integrity_check")" "ok"

# A file-size limit: SIGXFSZ is ignored, the write error is reported.
db2=$T/fsz/dvcdesk.db
"$DRIVER" -n 5 "$db2" >"$T/ack2" 2>/dev/null
(ulimit -f 200 && exec "$DRIVER" "$db2") >>"$T/ack2" 2>"$T/fsz.err"
rc=$?
check "file-size limit: not killed by SIGXFSZ (exit $rc, not 153)" test "$rc" -ne 153
expect_eq "file-size limit: the driver stops with exit 74" "$rc" "74"
expect_contains "file-size limit: the message says the database could not be written" \
	"$(cat "$T/fsz.err")" "could not be written"
verify "$db2" "$T/ack2"
expect_eq "file-size limit: every acknowledged visit stored, integrity ok" "$VERIFY_MSG" ""
n=$(wc -l <"$T/ack2")
"$DRIVER" -n 10 "$db2" >>"$T/ack2" 2>/dev/null
expect_eq "file-size limit lifted: 10 more saves" "$? $(($(wc -l <"$T/ack2") - n))" "0 10"

before=$(sql "$db2" "SELECT count(*) FROM visit")
expect_exit "file-size limit: dvcdesk add exits 74, not 153" 74 \
	bash -c 'ulimit -f 1 && exec "$@"' _ "$DVCDESK" --db "$db2" add --procedure none
expect_contains "file-size limit: dvcdesk says it could not write" "$ERR" "không ghi được"
expect_eq "file-size limit: nothing saved by the failed add" \
	"$(sql "$db2" "SELECT count(*) FROM visit")" "$before"
expect_exit "file-size limit lifted: dvcdesk add saves" 0 dv --db "$db2" add --procedure none
finish
