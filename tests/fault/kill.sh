#!/usr/bin/env bash
# kill -9 at random points during saves (research/reliability.md §5 test 3):
# after every kill, every acknowledged visit is stored, no uid twice,
# integrity_check ok, and the program starts normally on the file
# (`dvcdesk check` exits 0).  Long tier: more kills, and the driver and the
# start-up check under valgrind (no error, nothing definitely lost).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

kills=$(tier 200 2000)
db=$T/data/dvcdesk.db
ack=$T/ack
: >"$ack"
bad=0 bad_open=0 first_bad=
for i in $(seq "$kills"); do
	"$DRIVER" "$db" >>"$ack" 2>>"$T/driver.err" &
	pid=$!
	# 10-90 ms: the first kills land inside the first open and migration,
	# the later ones in the middle of saves.
	sleep "0.0$((RANDOM % 9 + 1))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if ! verify "$db" "$ack"; then
		bad=$((bad + 1))
		[ -n "$first_bad" ] || first_bad="kill $i: $VERIFY_MSG"
	fi
	if ! "$DVCDESK" --db "$db" check >"$T/check.out" 2>&1; then
		bad_open=$((bad_open + 1))
		[ -n "$first_bad" ] || first_bad="kill $i: dvcdesk check: $(tail -3 "$T/check.out")"
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
	fail "the program starts normally after each kill" "$bad_open failed; first: $first_bad"
fi
# A kill must have hit something: the saves went on between kills.
check "the kills interrupted a running save loop ($acked acks)" test "$acked" -ge "$kills"
check "no save reported a failure" test ! -s "$T/driver.err"
echo "# figures: kills=$kills acked=$acked stored=$stored lost=0"

# valgrind: the driver killed mid-save, then the start-up path and a
# normal run must show no memory error and nothing definitely lost.
if [ -z "${ASAN:-}" ] && need valgrind; then
	vg=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9)
	runs=$(tier 3 30)
	vbad=0 vmsg=
	for i in $(seq "$runs"); do
		"${vg[@]}" "$DRIVER" "$db" >>"$ack" 2>"$T/vg.err" &
		pid=$!
		sleep "0.$((RANDOM % 5 + 3))"
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		"${vg[@]}" "$DVCDESK" --db "$db" check >/dev/null 2>"$T/vg.err"
		rc=$?
		if [ "$rc" -ne 0 ]; then
			vbad=$((vbad + 1))
			vmsg="dvcdesk check under valgrind exited $rc: $(head -c 600 "$T/vg.err")"
		fi
		verify "$db" "$ack" || { vbad=$((vbad + 1)); vmsg=$VERIFY_MSG; }
	done
	"${vg[@]}" "$DRIVER" -n 20 "$db" >>"$ack" 2>"$T/vg.err"
	rc=$?
	[ "$rc" -eq 0 ] || { vbad=$((vbad + 1)); vmsg="t_driver -n 20 under valgrind exited $rc: $(head -c 600 "$T/vg.err")"; }
	if [ "$vbad" -eq 0 ]; then
		ok "under valgrind: $runs kills, start-up check and saves clean (0 errors, 0 definitely lost)"
	else
		fail "under valgrind: kills, start-up check and saves clean" "$vmsg"
	fi
fi
finish
