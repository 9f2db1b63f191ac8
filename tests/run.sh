#!/usr/bin/env bash
# Run the test tiers and end with one line: "N passed, N failed".
# Usage: tests/run.sh [unit] [cli] [ui] [fault]   (default: all four)
#   B=build          where the unit-test binaries are
#   DVCDESK=./dvcdesk the binary under test
#   FILTER=regex     only test files whose path matches
#   TEST_TIMEOUT=s   the longest a shell test file may run (default 300 s; a
#                    file whose first lines say "# test: timeout N" gets N):
#                    a hung file fails after that instead of holding CI
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export B=${B:-build}
export DVCDESK=${DVCDESK:-$top/dvcdesk}
case $DVCDESK in /*) ;; *) DVCDESK=$top/$DVCDESK ;; esac
export TOP=$top
tiers=${*:-unit cli ui fault}
out=$top/tests/out
mkdir -p "$out"
passed=0 failed=0
failures=()
shell_tests=()
# Shell tests mostly wait (on a terminal, a decoder, a killed process), so
# they run a few at a time; a file whose first lines say "# test: serial"
# (timing-sensitive) runs alone after the others.
jobs=${TEST_JOBS:-3}

count_file() { # name log rc
	local name=$1 log=$2 rc=$3 p f
	p=$(grep -c '^ok - ' "$log")
	f=$(grep -c '^not ok - ' "$log")
	# cmocka's own summary lines
	local cp cf
	cp=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	cf=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
	p=$((p + cp))
	f=$((f + cf))
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		f=$((f + 1))
		echo "not ok - $name did not finish in time (killed by the time-out): a hang?" >>"$log"
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # died, timed out or failed outside a named check
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name ran no check" >>"$log"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures+=("$name")
		printf '%-40s %3d passed, %d FAILED\n' "$name" "$p" "$f"
		grep -E '^not ok - |^\[  FAILED  \]|^\[  ERROR   \]|error:|Failure' "$log" | head -20 | sed 's/^/    /'
	else
		printf '%-40s %3d passed\n' "$name" "$p"
	fi
}

for tier in $tiers; do
	case $tier in
	unit)
		for t in "$B"/tests/unit/*; do
			[ -x "$t" ] || continue
			name=unit/$(basename "$t")
			[[ -n ${FILTER:-} && ! $name =~ $FILTER ]] && continue
			log=$out/${name//\//_}.log
			CMOCKA_MESSAGE_OUTPUT=stdout timeout 300 "$t" >"$log" 2>&1
			count_file "$name" "$log" $?
		done
		;;
	cli | ui | fault)
		for t in tests/$tier/*.sh; do
			[ -f "$t" ] || continue
			name=${t#tests/}
			[[ -n ${FILTER:-} && ! $name =~ $FILTER ]] && continue
			shell_tests+=("$t")
		done
		;;
	*) echo "tests/run.sh: unknown tier '$tier' (unit, cli, ui, fault)" >&2; exit 64 ;;
	esac
done

run_shell() { # test-file: writes the log and a .rc file
	local t=$1 name=${1#tests/} log
	log=$out/${name//\//_}.log
	local start=$SECONDS limit
	limit=$(head -5 "$t" | sed -n 's/^# test:.*timeout \([0-9][0-9]*\).*/\1/p')
	timeout -k 10 "${limit:-${TEST_TIMEOUT:-300}}" bash "$t" >"$log" 2>&1 </dev/null
	echo "$? $((SECONDS - start))" >"$log.rc"
}
serial=() parallel=()
for t in "${shell_tests[@]}"; do
	if head -5 "$t" | grep -q '^# test: serial'; then serial+=("$t"); else parallel+=("$t"); fi
done
running=0
for t in "${parallel[@]}"; do
	run_shell "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
for t in "${serial[@]}"; do run_shell "$t"; done
for t in "${shell_tests[@]}"; do
	name=${t#tests/}
	log=$out/${name//\//_}.log
	read -r rc secs <"$log.rc"
	rm -f "$log.rc"
	count_file "$name ($secs s)" "$log" "$rc"
done

if [ ${#failures[@]} -gt 0 ]; then
	echo "failed: ${failures[*]} (logs in tests/out/)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
