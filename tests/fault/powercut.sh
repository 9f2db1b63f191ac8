#!/usr/bin/env bash
# test: serial (CPU-bound: run alone, not beside the timing-sensitive screen tests)
# test: timeout 900 (a loaded 2-core machine; a hang still fails well before CI's limit)
# Power cuts without hardware (docs/testing.md, "What the fault tier proves").
# t_driver --crash N runs the real save path over tests/tools/crashvfs.h:
# at the Nth write the writes that were never synced are rolled back (or,
# with --sectors, a random subset of their sectors survives) and the process
# dies.  With the shipped settings no acknowledged visit may be lost and the
# file must stay sound, cut after cut on the same file.  The same harness
# forced to synchronous=NORMAL must lose acknowledged visits: if it does not,
# the harness cannot see a loss and proves nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"

# cut_loop DB N EXTRA...: N cuts on DB; sets CUTS, LOST_RUNS, LOST, BAD, FIRST_BAD
cut_loop() {
	local db=$1 n=$2 i rc ic
	shift 2
	CUTS=0 LOST_RUNS=0 LOST=0 BAD=0 FIRST_BAD=
	: >"$T/ack.all"
	for i in $(seq "$n"); do
		local extra=()
		[ $((i % 2)) -eq 0 ] && extra=(--sectors)
		"$DRIVER" "$@" "${extra[@]}" --crash $((RANDOM % 300 + 1)) --seed $((RANDOM * 32768 + RANDOM)) \
			"$db" >"$T/ack.run" 2>"$T/err.run"
		rc=$?
		cat "$T/ack.run" >>"$T/ack.all"
		if [ "$rc" -eq 86 ]; then
			CUTS=$((CUTS + 1))
		elif [ "$rc" -ne 0 ]; then
			BAD=$((BAD + 1))
			[ -n "$FIRST_BAD" ] || FIRST_BAD="run $i: driver exited $rc: $(head -c 300 "$T/err.run")"
		fi
		# Cut before the first save: only the file's soundness to check.
		if [ ! -s "$T/ack.all" ]; then
			ic=ok
			[ -f "$db" ] && ic=$(sql "$db" "PRAGMA integrity_check" 2>&1)
			if [ "$ic" != ok ]; then
				BAD=$((BAD + 1))
				[ -n "$FIRST_BAD" ] || FIRST_BAD="run $i: integrity: $ic"
			fi
			continue
		fi
		# Against every ack so far: a cut must not undo an older save either.
		probe "$db" "$T/ack.all"
		if [ -z "$P_LOST" ]; then
			BAD=$((BAD + 1))
			[ -n "$FIRST_BAD" ] || FIRST_BAD="run $i: cannot read the file: $P_IC"
		elif [ "$P_LOST" != 0 ]; then
			LOST_RUNS=$((LOST_RUNS + 1))
			LOST=$((LOST + ${P_LOST:-1}))
			# Forget what this run lost, so the next runs count only their own.
			comm -12 <(sort -u "$T/ack.all") <(sql "$db" "SELECT uid FROM visit" | sort) >"$T/ack.keep"
			mv "$T/ack.keep" "$T/ack.all"
		fi
		if [ -n "$P_LOST" ] && { [ "$P_IC" != ok ] || [ "$P_DUP" != 0 ] || [ "$P_USES" != 0 ]; }; then
			BAD=$((BAD + 1))
			[ -n "$FIRST_BAD" ] || FIRST_BAD="run $i: integrity: $P_IC, duplicates: $P_DUP, use counts off: $P_USES"
		fi
	done
}

cuts=$(tier 300 5000)
cut_loop "$T/full/dvcdesk.db" "$cuts"
acked=$(wc -l <"$T/ack.all")
expect_eq "shipped settings: $cuts power cuts, every run cut" "$CUTS" "$cuts"
expect_eq "shipped settings: no run failed to open or left a damaged file" "$BAD${FIRST_BAD:+ ($FIRST_BAD)}" "0"
expect_eq "shipped settings: 0 acknowledged visits lost over $cuts cuts ($acked acked)" "$LOST" "0"
verify "$T/full/dvcdesk.db" "$T/ack.all"
expect_eq "shipped settings: the file after the last cut passes verify" "$VERIFY_MSG" ""
check "the cuts fell between saves, not only before the first ($acked acks)" test "$acked" -ge "$cuts"
echo "# figures: powercuts=$cuts acked=$acked lost=$LOST"

control=$(tier 40 300)
cut_loop "$T/normal/dvcdesk.db" "$control" --normal
if [ "$LOST_RUNS" -gt 0 ]; then
	ok "negative control: synchronous=NORMAL loses acknowledged visits ($LOST in $LOST_RUNS of $control cuts)"
else
	fail "negative control: synchronous=NORMAL loses acknowledged visits" \
		"0 lost in $control cuts: the harness cannot see a lost visit"
fi
expect_eq "negative control: the file itself stays sound" "$BAD${FIRST_BAD:+ ($FIRST_BAD)}" "0"
echo "# figures: normal_cuts=$control normal_lost=$LOST normal_lost_runs=$LOST_RUNS"

# The contract seen from the system calls: between two acks (write to fd 1)
# there is a completed fsync/fdatasync.
unsynced_acks() { # TRACE: acks not preceded by a sync since the previous ack
	awk '/ (fsync|fdatasync)\(/ && / = 0$/ { synced = 1; next }
	     /write\(1, / { n++; if (!synced) bad++; synced = 0 }
	     END { printf "%d %d\n", bad + 0, n + 0 }' "$1"
}
if [ -z "${ASAN:-}" ] && need strace; then
	strace -f -e trace=write,fsync,fdatasync -o "$T/tr.full" "$DRIVER" -n 300 "$T/st/full.db" >/dev/null 2>&1
	read -r bad n <<<"$(unsynced_acks "$T/tr.full")"
	expect_eq "strace: each of $n acks follows a completed sync" "$bad/$n" "0/300"
	strace -f -e trace=write,fsync,fdatasync -o "$T/tr.normal" "$DRIVER" --normal -n 300 "$T/st/normal.db" >/dev/null 2>&1
	read -r bad n <<<"$(unsynced_acks "$T/tr.normal")"
	check "strace negative control: with NORMAL acks come without a sync ($bad of $n)" test "$bad" -gt 0
fi
finish
