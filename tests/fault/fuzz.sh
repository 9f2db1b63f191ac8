#!/usr/bin/env bash
# test: serial (CPU-bound: run alone, not beside the timing-sensitive screen tests)
# test: timeout 900 (a loaded 2-core machine; a hang still fails well before CI's limit)
# Hostile input: libFuzzer (clang, ASan + UBSan) on the CSV import, the INI
# configuration, the dossier-code and phone checks, the text input checks
# (UTF-8 decoder, free-text check, terminal filter, uid), the spreadsheet
# reader (fuzz_xlsx: the zip and the XML) and the header detection
# (fuzz_header).  Every run first
# replays the committed seeds and the regression inputs (each crash ever
# found: tests/fuzz/regress/TARGET/), then fuzzes each target for 20 s
# (LONG=1: 150 s and a random seed, so that the file stays under run.sh's
# 10-minute limit; FUZZ_SECONDS=N overrides both).  Under `make check-asan` the binaries are
# already sanitized builds of the same code, so only the replays run there.
# (docs/testing.md, "What the fault tier proves")
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/common.inc"
need clang || { finish; exit 1; }

if ! make -C "$TOP" --no-print-directory -f Makefile -f tests/fuzz/fuzz.mk B="$B" fuzz \
	>"$T/build.log" 2>&1; then
	fail "the fuzz targets build with clang" "$(tail -20 "$T/build.log")"
	finish
	exit 1
fi
ok "the fuzz targets build with clang"

secs=${FUZZ_SECONDS:-$(tier 20 150)}
seed=1
[ -n "${LONG:-}" ] && seed=$RANDOM
out=$TOP/tests/out
mkdir -p "$out"
total=0
for t in csv config dossier text xlsx header; do
	bin=$BDIR/fuzz/fuzz_$t
	regress=("$TOP/tests/fuzz/regress/$t"/*)
	if [ -e "${regress[0]}" ]; then
		if "$bin" -runs=1 "${regress[@]}" >"$T/replay.log" 2>&1; then
			ok "fuzz_$t: the ${#regress[@]} regression inputs pass"
		else
			fail "fuzz_$t: the regression inputs pass" "$(grep -m3 -E 'ERROR|runtime error|Running:' "$T/replay.log")"
		fi
	fi
	seeds=("$TOP/tests/fuzz/corpus/$t"/*)
	if "$bin" -runs=1 "${seeds[@]}" >"$T/replay.log" 2>&1; then
		ok "fuzz_$t: the ${#seeds[@]} seed inputs pass"
	else
		fail "fuzz_$t: the seed inputs pass" "$(grep -m3 -E 'ERROR|runtime error|Running:' "$T/replay.log")"
	fi
	[ -n "${ASAN:-}" ] && continue
	work=$T/corpus-$t
	mkdir -p "$work"
	cp "$TOP/tests/fuzz/corpus/$t"/* "$work/"
	"$bin" -max_total_time="$secs" -seed="$seed" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$out/fuzz-$t-" -print_final_stats=1 "$work" >"$T/fuzz.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$T/fuzz.log")
	total=$((total + ${runs:-0}))
	if [ "$rc" -eq 0 ]; then
		ok "fuzz_$t: ${runs:-?} inputs in ${secs} s (seed $seed): no crash, leak, timeout or undefined behaviour"
	else
		artifact=$(sed -n 's/.*Test unit written to //p' "$T/fuzz.log" | head -1)
		fail "fuzz_$t: no crash, leak or timeout in ${secs} s (seed $seed)" \
			"$(grep -m5 -E 'ERROR|runtime error|SUMMARY' "$T/fuzz.log")" \
			"input: ${artifact:-see $T/fuzz.log}" \
			"add it to tests/fuzz/regress/$t/ once fixed, so that make check replays it"
	fi
done
echo "# figures: fuzz_seconds_per_target=$secs inputs_fuzzed=$total"
finish
