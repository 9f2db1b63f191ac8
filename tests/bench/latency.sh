# Sourced by tests/bench/run.sh: keystroke-to-screen latency through a pty
# (issue 13 §4).  The scripted shift of tests/bench/shift-keys.txt typed one
# key at a time on a copy of the million-visit file; for each key the time
# from the write to the end of the screen update it caused (bench_pty
# keys=).  BENCH_LATENCY_VISITS (200) visits' worth of keys.
if wanted latency; then
	log "keystroke-to-screen latency..."
	o_med="$NB" o_max="$NB" o_p99="$NB" lat_at=""
	if have_tool bench_pty && have_dv && [ -n "$DB_CACHE" ]; then
		cp "$DB" "$W/latency.db"
		if "$TOOLS/bench_pty" -T 20 "${W_START[@]}" "send=$UI_START_KEYS" "${W_COUNTER[@]}" \
			"keys=${BENCH_LATENCY_VISITS:-200}:tests/bench/shift-keys.txt" "send=$UI_QUIT_KEYS" exit \
			-- "$DV" --config "$INI" --db "$W/latency.db" >"$W/latency.txt" 2>"$W/latency.err"; then
			o_med=$(kv key_median_ms "$W/latency.txt")
			o_p99=$(kv key_p99_ms "$W/latency.txt")
			o_max=$(kv key_max_ms "$W/latency.txt")
			lat_at=$(kv key_max_at "$W/latency.txt")
		else
			o_med="failed: $(head -c 200 "$W/latency.err")"
			cp "$W/latency.err" "$OUT/latency.err"
		fi
		rm -f "$W/latency.db"*
	fi
	row latency "keystroke to screen: median key (pty, scripted shift)" "$o_med" "" ms "" ""
	row latency "keystroke to screen: 99th percentile key" "$o_p99" "" ms "" ""
	row latency "keystroke to screen: slowest key${lat_at:+ ($lat_at)}" "$o_max" "" ms "<= 5 ms" "o <= 5"
fi
