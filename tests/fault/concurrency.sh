#!/usr/bin/env bash
# test: serial
# test: timeout 900 (a loaded 2-core machine; a hang still fails well before CI's limit)
# Two programs on one database (two SSH sessions at one counter): no busy
# error while the waits stay under the busy timeout; and a writer that
# holds the lock for 10 s makes `dvcdesk add` wait its 5 s, report
# "đang bận, thử lại" (exit 75) and save nothing, after which the same add
# (same uid) saves.  (docs/testing.md, "What the fault tier proves")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

db=$T/data/dvcdesk.db
n=$(tier 150 1000)
"$DRIVER" -n 1 "$db" >"$T/ack0" 2>/dev/null

# Two writers pausing 2-50 ms between saves, and a reader running the
# day's totals in a loop until both are done.
"$DRIVER" -n "$n" --pause 2-50 --seed 1 "$db" >"$T/ack1" 2>"$T/err1" &
w1=$!
"$DRIVER" -n "$n" --pause 2-50 --seed 2 "$db" >"$T/ack2" 2>"$T/err2" &
w2=$!
reads=0 read_errors=0
while kill -0 "$w1" 2>/dev/null || kill -0 "$w2" 2>/dev/null; do
	if sqlite3 -batch -cmd ".timeout $((5000))" "$db" \
		"SELECT count(*), sum(vneid), sum(elderly) FROM visit WHERE local_day = (SELECT max(local_day) FROM visit)" \
		>/dev/null 2>>"$T/read.err"; then
		reads=$((reads + 1))
	else
		read_errors=$((read_errors + 1))
	fi
done
wait "$w1"
rc1=$?
wait "$w2"
rc2=$?
expect_eq "two writers at once: both finish" "$rc1 $rc2" "0 0"
expect_eq "two writers at once: each saved all $n" "$(wc -l <"$T/ack1") $(wc -l <"$T/ack2")" "$n $n"
expect_eq "two writers at once: no save failed (no busy error)" "$(cat "$T/err1" "$T/err2")" ""
expect_eq "a reader alongside: no error in $reads reads" "$read_errors" "0"
cat "$T/ack0" "$T/ack1" "$T/ack2" >"$T/ack"
verify "$db" "$T/ack"
expect_eq "two writers at once: the file passes verify" "$VERIFY_MSG" ""

# A writer holding the lock for 10 s, from the sqlite3 shell.
(
	echo "BEGIN IMMEDIATE;"
	echo "INSERT INTO unit(code, name) VALUES ('LOCK', 'held') ON CONFLICT DO NOTHING;"
	sleep 10
	echo "COMMIT;"
) | sqlite3 "$db" &
holder=$!
locked=no
for _ in $(seq 100); do
	if ! sqlite3 -batch "$db" "BEGIN IMMEDIATE; ROLLBACK;" 2>/dev/null; then
		locked=yes
		break
	fi
	sleep 0.05
done
expect_eq "the sqlite3 shell holds the write lock" "$locked" "yes"
before=$(sql "$db" "SELECT count(*) FROM visit")
uid=01900000-0000-7000-8000-00000000c0de
t0=$(date +%s%N)
expect_exit "while the lock is held, dvcdesk add gives up with exit 75" 75 \
	dv --db "$db" add --procedure none --uid "$uid"
waited=$((($(date +%s%N) - t0) / 1000000))
expect_contains "it says the database is busy, try again" "$ERR" "đang bận, thử lại"
check "it waited the busy timeout first (${waited} ms >= 4500)" test "$waited" -ge 4500
wait "$holder"
expect_eq "nothing was saved while busy" "$(sql "$db" "SELECT count(*) FROM visit")" "$before"
expect_exit "after the lock is released the same add saves" 0 dv --db "$db" add --procedure none --uid "$uid"
expect_eq "exactly one visit with that uid" "$(sql "$db" "SELECT count(*) FROM visit WHERE uid = '$uid'")" "1"
finish
