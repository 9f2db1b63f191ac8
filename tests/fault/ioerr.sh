#!/usr/bin/env bash
# test: serial (CPU-bound: run alone, not beside the timing-sensitive screen tests)
# test: timeout 900 (a loaded 2-core machine; a hang still fails well before CI's limit)
# Random I/O errors: no crash, no acknowledged visit lost, and no duplicate
# after the retry path (close, db_open again, visit_save with the same uid).
# Two injectors: libfiu's fiu-run (EIO, ENOSPC... from the fsync, fdatasync
# and pwrite system calls), and the driver's own VFS shim (crashvfs.h:
# SQLITE_IOERR_WRITE / _FSYNC), which also runs under AddressSanitizer,
# where fiu-run's preloaded wrappers cannot.  (reliability.md §5 test 7.)
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

runs=$(tier 50 1000)
total_failed=0

# io_loop LABEL CMD...: $runs runs of CMD (the driver command without the
# database), each 40 saves, checking after every run
io_loop() {
	local label=$1 db=$T/$1/dvcdesk.db ack=$T/$1.ack
	shift
	: >"$ack"
	"$DRIVER" -n 5 "$db" >>"$ack" 2>/dev/null
	local crashes=0 bad=0 first= failed=0 reopened=0 stopped=0 i rc f r
	for i in $(seq "$runs"); do
		"$@" -n 40 --seed "$i" "$db" >>"$ack" 2>"$T/err"
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
	total_failed=$((total_failed + failed))
	expect_eq "$label: $runs runs under random I/O errors: no crash" "$crashes${first:+ ($first)}" "0"
	expect_eq "$label: every acknowledged visit stored once, integrity ok" "$bad${first:+ ($first)}" "0"
	check "$label: errors were injected and hit saves ($failed failed saves)" test "$failed" -gt 0
	# Every failed save first reopens the connection (unless the reopen
	# itself failed, which ends the run): the old connection is not trusted.
	check "$label: each failed save was followed by a reopen ($reopened of $failed)" \
		test "$reopened" -ge $((failed - stopped))
	expect_eq "$label: once the errors stop, the file opens and saves" \
		"$("$DRIVER" -n 10 "$db" 2>&1 >>"$ack"; echo "rc=$?")" "rc=0"
	verify "$db" "$ack"
	expect_eq "$label: final verify" "$VERIFY_MSG" ""
}

if [ -n "${ASAN:-}" ]; then
	echo "# skip: fiu-run under ASan (its LD_PRELOAD wrappers and ASan's interceptors crash together); the VFS injector below runs instead"
elif need fiu-run; then
	io_loop fiu fiu-run -x -c "enable_random name=posix/io/sync/*,probability=0.02" \
		-c "enable_random name=posix/io/rw/pwrite,probability=0.01" "$DRIVER"
fi
io_loop vfs "$DRIVER" --ioerr 15
echo "# figures: ioerr_runs_per_injector=$runs failed_saves=$total_failed"
finish
