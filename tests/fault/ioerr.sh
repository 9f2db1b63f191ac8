#!/usr/bin/env bash
# Random I/O errors (libfiu's fiu-run: EIO/ENOSPC... from fsync, fdatasync
# and pwrite): no crash, no acknowledged visit lost, and no duplicate after
# the retry path (close, db_open again, visit_save with the same uid).
# (research/reliability.md §5 test 7.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
need fiu-run || { finish; exit 1; }

runs=$(tier 50 1000)
db=$T/data/dvcdesk.db
ack=$T/ack
: >"$ack"
"$DRIVER" -n 5 "$db" >>"$ack" 2>/dev/null
crashes=0 bad=0 first= failed=0 reopened=0 stopped=0
for i in $(seq "$runs"); do
	fiu-run -x -c "enable_random name=posix/io/sync/*,probability=0.02" \
		-c "enable_random name=posix/io/rw/pwrite,probability=0.01" \
		"$DRIVER" -n 40 --seed "$i" "$db" >>"$ack" 2>"$T/err"
	rc=$?
	f=$(grep -c 'save failed' "$T/err")
	r=$(grep -c 'reopened the connection' "$T/err")
	failed=$((failed + f))
	reopened=$((reopened + r))
	[ "$rc" -ne 0 ] && stopped=$((stopped + 1))
	if [ "$rc" -ge 128 ] || grep -q 'Sanitizer\|runtime error' "$T/err"; then
		crashes=$((crashes + 1))
		[ -n "$first" ] || first="run $i: exit $rc: $(head -c 400 "$T/err")"
	fi
	if ! verify "$db" "$ack"; then
		bad=$((bad + 1))
		[ -n "$first" ] || first="run $i: $VERIFY_MSG"
	fi
done
expect_eq "$runs runs under random I/O errors: no crash" "$crashes${first:+ ($first)}" "0"
expect_eq "$runs runs under random I/O errors: every acknowledged visit stored once, integrity ok" "$bad${first:+ ($first)}" "0"
check "I/O errors were injected and hit saves ($failed failed saves)" test "$failed" -gt 0
# Every failed save first reopens the connection (unless the reopen itself
# failed, which ends the run): the old connection is never trusted again.
check "each failed save was followed by a reopen ($reopened of $failed)" \
	test "$reopened" -ge $((failed - stopped))
expect_eq "after the errors stop, the file opens and saves" \
	"$("$DRIVER" -n 10 "$db" 2>&1 >>"$ack"; echo "rc=$?")" "rc=0"
verify "$db" "$ack"
expect_eq "final verify" "$VERIFY_MSG" ""
echo "# figures: ioerr_runs=$runs failed_saves=$failed acked=$(sort -u "$ack" | wc -l)"
finish
