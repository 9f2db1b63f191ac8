#!/usr/bin/env bash
# test: serial (CPU-bound: run alone, not beside the timing-sensitive screen tests)
# test: timeout 900 (a loaded 2-core machine; a hang still fails well before CI's limit)
# The kill tests under a memory checker (docs/testing.md, "What the fault tier proves"): the driver killed in the middle of its saves, then the start-up check
# and a normal run of saves, each with no memory error and nothing
# definitely lost.  valgrind (--errors-for-leak-kinds=definite
# --error-exitcode=9) in the normal build; under `make check-asan` the same
# loop runs the ASan build, whose LeakSanitizer fails a run that leaks.
# Fast tier 3 kills, long tier 30.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
if [ -n "${ASAN:-}" ]; then
	checker=() label=ASan
else
	need valgrind || { finish; exit 1; }
	checker=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9)
	label=valgrind
fi
db=$T/data/dvcdesk.db
ack=$T/ack
runs=$(tier 3 30)
"${checker[@]}" "$DRIVER" -n 1 "$db" >"$ack" 2>"$T/err"
rc=$?
bad=0 msg=
[ "$rc" -eq 0 ] || { bad=1 msg="the first run exited $rc: $(head -c 600 "$T/err")"; }
midrun=0
for i in $(seq "$runs"); do
	before=$(wc -l <"$ack")
	"${checker[@]}" "$DRIVER" "$db" >>"$ack" 2>"$T/err" &
	pid=$!
	# A checked start-up takes seconds, more on a loaded machine: wait for
	# the first save of this run (2 minutes at most), then kill 0-200 ms on.
	for _ in $(seq 1200); do
		[ "$(wc -l <"$ack")" -gt "$before" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	sleep "0.$(printf %03d $((RANDOM % 200)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$(wc -l <"$ack")" -gt "$before" ] && midrun=$((midrun + 1))
	"${checker[@]}" "$DVCDESK" --db "$db" check >/dev/null 2>"$T/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		bad=$((bad + 1))
		msg="kill $i: dvcdesk check under $label exited $rc: $(head -c 600 "$T/err")"
	fi
	verify "$db" "$ack" || { bad=$((bad + 1)); msg="kill $i: $VERIFY_MSG"; }
done
"${checker[@]}" "$DRIVER" -n 20 "$db" >>"$ack" 2>"$T/err"
rc=$?
[ "$rc" -eq 0 ] || { bad=$((bad + 1)); msg="t_driver -n 20 under $label exited $rc: $(head -c 600 "$T/err")"; }
expect_eq "under $label: $runs kills, the start-up check after each and 20 saves: no memory error, nothing definitely lost" \
	"$bad${msg:+ ($msg)}" "0"
expect_eq "under $label: every kill landed among saves" "$midrun" "$runs"
finish
