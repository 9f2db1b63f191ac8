#!/usr/bin/env bash
# test: serial (CPU-bound: run alone, not beside the timing-sensitive screen tests)
# test: timeout 900 (a loaded 2-core machine; a hang still fails well before CI's limit)
# kill -9 at random points during saves (docs/testing.md, "What the fault tier proves"):
# after every kill, every acknowledged visit is stored, no uid twice,
# integrity_check ok, and the program starts normally on the file
# (`dvcdesk check` exits 0).  Long tier: 2,000 kills.  The same under
# valgrind: tests/fault/valgrind.sh.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

kills=$(tier 200 2000)
db=$T/data/dvcdesk.db
ack=$T/ack
: >"$ack"
bad=0 bad_open=0 first_bad= first_open=
midrun=0 startup=0
for i in $(seq "$kills"); do
	# The first kills land inside the very first open and migration; after
	# them, the time the driver takes to reach its first save is measured
	# (it grows on a loaded machine) and each kill comes 0-100 ms after it.
	if [ "$i" -le 5 ]; then
		ms=$((i * 4))
	else
		if [ "$startup" -eq 0 ]; then
			t0=$(date +%s%N)
			"$DRIVER" -n 1 "$db" >>"$ack" 2>>"$T/driver.err"
			startup=$((($(date +%s%N) - t0) / 1000000 + 1))
		fi
		ms=$((startup + RANDOM % 100))
	fi
	before=$(wc -l <"$ack")
	"$DRIVER" "$db" >>"$ack" 2>>"$T/driver.err" &
	pid=$!
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$(wc -l <"$ack")" -gt "$before" ] && midrun=$((midrun + 1))
	# Killed before the first save (while creating the file): nothing to
	# compare yet, only the file's soundness.
	if [ -s "$ack" ]; then
		verify "$db" "$ack"
	else
		VERIFY_MSG=
		[ -f "$db" ] && [ "$(sql "$db" "PRAGMA integrity_check" 2>&1)" != ok ] &&
			VERIFY_MSG="integrity_check failed before the first save"
	fi
	if [ -n "$VERIFY_MSG" ]; then
		bad=$((bad + 1))
		[ -n "$first_bad" ] || first_bad="kill $i: $VERIFY_MSG"
	fi
	# Starting again: the writing start-up (db_open, as the counter does)
	# after every kill; `dvcdesk check` (read-only, full integrity and
	# audit chain) after every fifth and the last.
	if ! "$DRIVER" --open-only "$db" 2>"$T/open.err"; then
		bad_open=$((bad_open + 1))
		[ -n "$first_open" ] || first_open="kill $i: reopening: $(head -c 300 "$T/open.err")"
	elif { [ $((i % 5)) -eq 0 ] || [ "$i" -eq "$kills" ]; } &&
		! "$DVCDESK" --db "$db" check >"$T/check.out" 2>&1; then
		bad_open=$((bad_open + 1))
		[ -n "$first_open" ] || first_open="kill $i: dvcdesk check: $(tail -3 "$T/check.out")"
	fi
done
acked=$(sort -u "$ack" | wc -l)
stored=$(sql "$db" "SELECT count(*) FROM visit")
if [ "$bad" -eq 0 ]; then
	ok "$kills kills: every acknowledged visit stored ($acked acked, $stored stored), no duplicate, integrity ok"
else
	fail "$kills kills: every acknowledged visit stored, no duplicate, integrity ok" "$bad kills went wrong; first: $first_bad"
fi
if [ "$bad_open" -eq 0 ]; then
	ok "the program starts normally after each of the $kills kills"
else
	fail "the program starts normally after each kill" "$bad_open failed; first: $first_open"
fi
# A kill must have hit something: the saves went on between kills.
check "most kills interrupted a running save loop ($midrun of $kills)" test "$midrun" -ge $((kills / 4))
check "no save reported a failure" test ! -s "$T/driver.err"
echo "# figures: kills=$kills midrun=$midrun acked=$acked stored=$stored driver_startup_ms=$startup"

finish
