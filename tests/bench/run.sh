#!/usr/bin/env bash
# make bench: the performance table (tests/bench/README.md).
#
# Each figure is the median of several runs of dvcdesk, beside the thing a
# user would compare it with, measured in the same run on the same file: the
# sqlite3 shell running the same queries, qrencode drawing the same QR code,
# the raw fsync rate of the same disk.  The database is a generated one of a
# million visits over five years (tests/tools/bench_gen.c), cached under
# build/bench/ by seed, size, schema and generator.
#
# Prints the table and writes build/bench/results.csv and its committed copy
# tests/bench/results-latest.csv.  A figure whose piece is not built yet says
# "n/a (not built yet)"; nothing is ever estimated.
#
# Knobs (environment): BENCH_RUNS (7), BENCH_VISITS (1000000), BENCH_SEED (1),
# BENCH_SHIFT_VISITS (1000), BENCH_ONLY (regex of figure ids to run: startup,
# report, search, shift, save, qr, export, reconcile), B (build).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
B=${B:-build}
DV=$top/dvcdesk
TOOLS=$top/$B/tests/tools
OUT=$top/$B/bench
W=$OUT/work
RUNS=${BENCH_RUNS:-7}
VISITS=${BENCH_VISITS:-1000000}
SEED=${BENCH_SEED:-1}
SHIFT_VISITS=${BENCH_SHIFT_VISITS:-1000}
ONLY=${BENCH_ONLY:-.}
mkdir -p "$OUT" "$W"
rm -rf "${W:?}"/*
mkdir -p "$W/home"

# The pinned environment of the tests (tests/lib.sh), in a private home.
export TZ=Asia/Ho_Chi_Minh LANG=C.UTF-8 LANGUAGE=vi TERM=xterm-256color ESCDELAY=25
export HOME=$W/home XDG_CONFIG_HOME=$W/home/.config XDG_DATA_HOME=$W/home/.local/share \
	XDG_STATE_HOME=$W/home/.local/state
unset LC_ALL LC_MESSAGES LC_CTYPE NO_COLOR DVCDESK_LOCALEDIR

# ---- the counter's side of the scripted UI (screens/) ----
# Start-up is timed to the start-of-shift screen (UI_START_MARK) and, after
# UI_START_KEYS (Enter: the first volunteer of the list, who has no PIN), to
# the counter screen (UI_COUNTER_MARK).  A mark is texts to see in turn,
# separated by '|' (white space is ignored): a title only that screen shows,
# then "F1" of the key-hint bar, the last line drawn, so the screen is
# complete.  The shift types each line of tests/bench/shift-keys.txt in
# turn; UI_QUIT_KEYS end the shift and leave (^Q, Enter, Enter).
UI_START_MARK=${UI_START_MARK:-BẮT ĐẦU CA|F1}
UI_START_KEYS=${UI_START_KEYS:-\\r}
UI_COUNTER_MARK=${UI_COUNTER_MARK:-Hôm nay|F1}
UI_QUIT_KEYS=${UI_QUIT_KEYS:-\\x11\\r\\r}

# ---- helpers ----
declare -a ROWS=()
is_num() { [[ ${1:-} =~ ^[0-9]+([.][0-9]+)?$ ]]; }
# kv KEY FILE: the value of KEY=... in FILE
kv() { sed -n "s/^$1=//p" "$2" | head -1; }
# kvw KEY TEXT: the value of KEY=... among space-separated words
kvw() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p" | head -1; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) exit; if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maximum() { sort -g | tail -1; }
fmt() { # number with a sensible precision
	is_num "$1" || { printf '%s' "$1"; return; }
	awk -v x="$1" 'BEGIN { if (x >= 100) printf "%.0f", x; else if (x >= 10) printf "%.1f", x; else printf "%.2f", x }'
}
# row ID FIGURE OURS REF UNIT GOAL CHECK
#   CHECK: an awk condition over o (ours), r (reference), q (ratio), or "" (no goal)
row() {
	local id=$1 fig=$2 o=$3 r=$4 unit=$5 goal=$6 check=$7 q="-" res="-"
	if is_num "$o" && is_num "$r" && awk -v r="$r" 'BEGIN { exit !(r > 0) }'; then
		q=$(awk -v o="$o" -v r="$r" 'BEGIN { printf "%.2f", o / r }')
	fi
	if [ -n "$check" ]; then
		if ! is_num "$o"; then
			res="n/a"
		elif [[ $check =~ (^|[^a-z_])q([^a-z_]|$) && $q == "-" ]]; then
			res="n/a" # the reference could not be measured
		elif awk -v o="$o" -v r="${r:-0}" -v q="$q" "BEGIN { exit !($check) }"; then
			res="pass"
		else
			res="FAIL"
		fi
	fi
	ROWS+=("$id|$fig|$(fmt "$o")|$(fmt "$r")|$unit|$q|$goal|$res|$(fmt "${CPU_O:-}")|$(fmt "${CPU_R:-}")")
	CPU_O="" CPU_R=""
}
# CPU_O / CPU_R: CPU milliseconds of ours / the reference for the next row
# (the machine is shared: CPU time is what an idle machine would show for
# these CPU-bound runs; the table shows wall time, results.csv both).
CPU_O="" CPU_R=""
wanted() { [[ $1 =~ $ONLY ]]; }
NB="n/a (not built yet)"
log() { printf 'bench: %s\n' "$*" >&2; }

# ---- the machine ----
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
ncpu=$(nproc)
mem=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
dev=$(findmnt -no SOURCE -T "$OUT" 2>/dev/null | head -1)
fs=$(findmnt -no FSTYPE -T "$OUT" 2>/dev/null | head -1)
blk=$(basename "$(readlink -f "$dev" 2>/dev/null || echo "$dev")")
rot=$(cat "/sys/class/block/$blk/queue/rotational" 2>/dev/null || cat "/sys/class/block/$(basename "$(readlink -f "/sys/class/block/$blk/.." 2>/dev/null)")/queue/rotational" 2>/dev/null || echo "?")
case $rot in 0) kind="SSD" ;; 1) kind="rotational or virtual disk" ;; *) kind="unknown kind" ;; esac
disk="$dev ($fs, $kind)"
sqlite_v=$(sqlite3 --version 2>/dev/null | cut -d' ' -f1)
log "machine: $ncpu cores, $cpu, $mem, disk $disk, sqlite3 $sqlite_v"
load_start=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load_start" -v n="$ncpu" 'BEGIN { exit !(l > n / 2) }'; then
	log "warning: load average $load_start on $ncpu cores: other work will slow the figures"
fi

have_tool() { [ -x "$TOOLS/$1" ]; }
have_dv() { [ -x "$DV" ]; }
# dvcdesk has sub-command NAME (not "unknown command")
have_cmd() {
	have_dv || return 1
	"$DV" --help 2>&1 | grep -qE "^[[:space:]]*$1([[:space:]]|$)"
}

# ---- the database ----
# Cache key: seed, size, end day, schema version and a hash of what shapes
# the rows (migrations, seed catalogue, generator, and the core functions it
# goes through).
end_day=$(date +%Y-%m-%d)
end_num=${end_day//-/}
schema=$(find db/migrations -name '[0-9][0-9][0-9][0-9]-*.sql' | wc -l)
gen_hash=$(cat db/migrations/*.sql db/procedures-seed.csv tests/tools/bench_gen.c \
	src/store/db.c src/store/catalog.c src/util/text.c src/store/staff.c 2>/dev/null | sha256sum | cut -c1-10)
DB_CACHE=$OUT/gen-s$SEED-n$VISITS-schema$schema-$end_num-$gen_hash.db
DB=$W/dvcdesk.db
gen_note=""
if ! have_tool bench_gen; then
	log "bench_gen is not built: every figure is n/a"
	DB_CACHE=""
elif [ -f "$DB_CACHE" ]; then
	gen_note="cached"
	log "database: $DB_CACHE (cached)"
else
	find "$OUT" -maxdepth 1 -name 'gen-*.db*' -delete
	log "database: generating $VISITS visits (seed $SEED, schema $schema)..."
	rm -f "$OUT/gen.tmp.db"*
	t0=$(date +%s.%N)
	if "$TOOLS/bench_gen" --db "$OUT/gen.tmp.db" --visits "$VISITS" --seed "$SEED" --end "$end_day" >"$OUT/gen.log" 2>&1 &&
		[ ! -e "$OUT/gen.tmp.db-wal" ] || [ ! -s "$OUT/gen.tmp.db-wal" ]; then
		mv "$OUT/gen.tmp.db" "$DB_CACHE"
		rm -f "$OUT/gen.tmp.db"*
		t1=$(date +%s.%N)
		gen_note="generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f s", b - a }')"
		log "$(cat "$OUT/gen.log")"
	else
		log "bench_gen failed: $(tail -3 "$OUT/gen.log")"
		DB_CACHE=""
	fi
fi
if [ -n "$DB_CACHE" ]; then
	cp "$DB_CACHE" "$DB"
	db_mib=$(du -m "$DB" | cut -f1)
	n_visits=$(sqlite3 "$DB" "SELECT count(*) FROM visit")
	n_procs=$(sqlite3 "$DB" "SELECT count(*) FROM procedure")
	unit=$(sqlite3 "$DB" "SELECT code FROM unit ORDER BY code LIMIT 1")
	counter="Quầy 1"
	# The reports: the last day, the last full month, the last full year.
	month_first=$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m-01)
	month=${month_first%-01}
	month_from=${month_first//-/}
	month_to=$(date -d "$month_first +1 month -1 day" +%Y%m%d)
	year=$(($(date +%Y) - 1))
else
	db_mib="?"
	n_visits=0
	n_procs=0
fi

# The counter's configuration: the first generated unit's first counter.
INI=$W/dvcdesk.ini
cat >"$INI" <<EOF
[unit]
name = Trung tâm Phục vụ hành chính công (bench)
code = ${unit:-000.00.20.H08}
province = Hà Nội

[counter]
name = ${counter:-Quầy 1}
EOF
DVA=("$DV" --config "$INI" --db "$DB")
# The wait steps of bench_pty for a mark: wait=TEXT for each part.
waits() {
	local IFS='|' part
	for part in $1; do printf 'wait=%s\n' "$part"; done
}
mapfile -t W_START < <(waits "$UI_START_MARK")
mapfile -t W_COUNTER < <(waits "$UI_COUNTER_MARK")

# ---- 1. start-up ----
if wanted startup; then
	log "start-up..."
	ref=$(have_tool bench_run && [ -n "$DB_CACHE" ] && "$TOOLS/bench_run" -n "$RUNS" -e "$W/err" -- \
		sqlite3 "$DB" ".parameter set :day $end_num" ".parameter set :unit '$unit'" \
		".parameter set :counter '$counter'" ".read tests/bench/today.sql")
	ref_ms=$(kvw wall_ms "$ref")
	ref_rss=$(kvw maxrss_kib "$ref")
	o_start="$NB" o_counter="$NB" o_rss="$NB"
	if have_tool bench_pty && have_dv && [ -n "$DB_CACHE" ]; then
		: >"$W/startup.txt"
		ok=1
		for ((i = 0; i < RUNS + 1; i++)); do
			if ! "$TOOLS/bench_pty" -T 10 "${W_START[@]}" mark=start "send=$UI_START_KEYS" \
				"${W_COUNTER[@]}" mark=counter term -- "${DVA[@]}" >"$W/pty.out" 2>"$W/pty.err"; then
				ok=0
				break
			fi
			[ "$i" -gt 0 ] && cat "$W/pty.out" >>"$W/startup.txt" # the first run warms the cache
		done
		if [ $ok = 1 ]; then
			o_start=$(kv start "$W/startup.txt" | median)
			o_counter=$(kv counter "$W/startup.txt" | median)
			o_rss=$(awk -F= '$1=="maxrss_kib" { print $2 / 1024 }' "$W/startup.txt" | maximum)
			o_cpu=$(kv cpu_ms "$W/startup.txt" | median)
		else
			log "start-up: $(head -c 300 "$W/pty.err")"
			cp "$W/pty.err" "$OUT/startup.err"
		fi
	fi
	# The first open of a day also runs the daily quick_check of a large
	# file (db.c): timed apart, on the same file told its last check was
	# long ago, three times.
	o_first="$NB"
	if [ "$o_start" != "$NB" ] && [[ $o_start != failed* ]]; then
		: >"$W/first.txt"
		for ((i = 0; i < 3; i++)); do
			sqlite3 "$DB" "UPDATE meta SET value = '19700101' WHERE key = 'quick_check_day'" 2>/dev/null
			"$TOOLS/bench_pty" -T 20 "${W_START[@]}" mark=start term -- "${DVA[@]}" >>"$W/first.txt" 2>/dev/null
		done
		o_first=$(kv start "$W/first.txt" | median)
		[ -n "$o_first" ] || o_first="failed: the start screen never showed"
	fi
	# A commune's own file after five busy years (120,000 visits, about
	# 30 MiB): the size between "small" and "a million visits", where a
	# per-open check threshold once cost 200 ms at every start.
	o_commune="$NB" commune_desc="120000 visits"
	if have_tool bench_gen && have_tool bench_pty && have_dv; then
		if "$TOOLS/bench_gen" --db "$W/commune.db" --visits 120000 --units 1 --counters 2 \
			--staff 12 --procedures 300 --seed "$SEED" >"$W/commune-gen.log" 2>&1; then
			commune_desc="120000 visits, $(du -m "$W/commune.db" | cut -f1) MiB"
			sed "s/^code = .*/code = $(sqlite3 "$W/commune.db" "SELECT code FROM unit LIMIT 1")/" \
				"$INI" >"$W/commune.ini"
			: >"$W/commune.txt"
			for ((i = 0; i < RUNS + 1; i++)); do
				"$TOOLS/bench_pty" -T 10 "${W_START[@]}" mark=start term -- "$DV" \
					--config "$W/commune.ini" --db "$W/commune.db" >"$W/pty.out" 2>/dev/null &&
					[ "$i" -gt 0 ] && cat "$W/pty.out" >>"$W/commune.txt"
			done
			o_commune=$(kv start "$W/commune.txt" | median)
			[ -n "$o_commune" ] || o_commune="failed: the start screen never showed"
		else
			o_commune="failed: $(tail -1 "$W/commune-gen.log")"
		fi
		rm -f "$W/commune.db"*
	fi
	row startup "start-up to the start-of-shift screen" "$o_start" "$ref_ms" ms "<= 50 ms, <= 3x sqlite3" "o <= 50 && q <= 3"
	CPU_O=${o_cpu:-} CPU_R=$(kvw cpu_ms "$ref")
	row startup "start-up to the counter (after one Enter)" "$o_counter" "$ref_ms" ms "<= 50 ms, <= 3x sqlite3" "o <= 50 && q <= 3"
	row startup "  the same, first open of the day (daily quick_check)" "$o_first" "$ref_ms" ms "<= 50 ms" "o <= 50"
	row startup "  the same, one commune's 5 years ($commune_desc)" "$o_commune" "" ms "<= 50 ms" "o <= 50"
	row mem "peak memory: start-up" "$o_rss" "$(awk -v k="${ref_rss:-}" 'BEGIN { if (k != "") print k / 1024 }')" MiB "" ""
fi

# ---- 2. reports ----
if wanted report; then
	for kind in day month year; do
		case $kind in
		day) args=(--day "$end_day") from=$end_num to=$end_num goal="<= 1.5x sqlite3" check="q <= 1.5" ;;
		month) args=(--month "$month") from=$month_from to=$month_to goal="<= 1.5x sqlite3, < 200 ms" check="q <= 1.5 && o < 200" ;;
		year) args=(--year "$year") from=${year}0101 to=${year}1231 goal="<= 1.5x sqlite3" check="q <= 1.5" ;;
		esac
		[ -n "$DB_CACHE" ] || { row report "report --$kind --format json" "$NB" "" ms "$goal" "$check"; continue; }
		log "report --$kind..."
		ref=$("$TOOLS/bench_run" -n "$RUNS" -e "$W/err" -- sqlite3 "$DB" ".parameter set :from $from" \
			".parameter set :to $to" ".read tests/bench/report.sql")
		o="$NB" o_rss=""
		if have_cmd report; then
			ours=$("$TOOLS/bench_run" -n "$RUNS" -o "$W/report-$kind.json" -e "$W/err" -- "${DVA[@]}" report "${args[@]}" --format json)
			if [[ $ours == failed* ]]; then
				o="failed: $(head -c 120 "$W/err")"
			else
				o=$(kvw wall_ms "$ours")
				CPU_O=$(kvw cpu_ms "$ours")
				o_rss=$(awk -v k="$(kvw maxrss_kib "$ours")" 'BEGIN { print k / 1024 }')
				log "  $(grep -o '"visits": *[0-9]*' "$W/report-$kind.json" | head -1)"
			fi
		fi
		CPU_R=$(kvw cpu_ms "$ref")
		row report "report --$kind --format json" "$o" "$(kvw wall_ms "$ref")" ms "$goal" "$check"
		row mem "peak memory: report --$kind" "${o_rss:-$o}" "$(awk -v k="$(kvw maxrss_kib "$ref")" 'BEGIN { print k / 1024 }')" MiB "" ""
	done
fi

# ---- 3. procedure search ----
if wanted search; then
	log "search..."
	o_med="$NB" o_worst="$NB" o_rss="$NB" o_first="$NB"
	if have_tool bench_core && [ -n "$DB_CACHE" ]; then
		if "$TOOLS/bench_core" search "$DB" "dang ky khai sinh" 30 >"$W/search.txt" 2>"$W/err"; then
			o_med=$(awk -v u="$(kv search_median_us "$W/search.txt")" 'BEGIN { print u / 1000 }')
			o_worst=$(awk -v u="$(kv search_worst_us "$W/search.txt")" 'BEGIN { print u / 1000 }')
			o_first=$(awk -v u="$(kv search_first_us "$W/search.txt")" 'BEGIN { print u / 1000 }')
			o_rss=$(awk -v k="$(kv maxrss_kib "$W/search.txt")" 'BEGIN { print k / 1024 }')
			cp "$W/search.txt" "$OUT/search.txt"
		else
			o_med="failed: $(head -c 120 "$W/err")"
		fi
	fi
	row search "search per keystroke, median, CPU ($n_procs procedures)" "$o_med" "" ms "<= 1 ms" "o <= 1"
	row search "search per keystroke, slowest key, CPU" "$o_worst" "" ms "<= 1 ms" "o <= 1"
	row search "  first search of a process (loads the catalogue)" "$o_first" "" ms "" ""
	row mem "peak memory: search (bench process)" "$o_rss" "" MiB "" ""
fi

# ---- 4. a scripted shift ----
if wanted shift; then
	log "scripted shift of $SHIFT_VISITS visits..."
	o_cpu="$NB" o_bytes="$NB" o_rss="$NB" o_wall=""
	if have_tool bench_pty && have_dv && [ -n "$DB_CACHE" ]; then
		# A copy of its own, so the other figures keep the generated visits.
		cp "$DB" "$W/shift.db"
		if "$TOOLS/bench_pty" -T 20 "${W_START[@]}" "send=$UI_START_KEYS" "${W_COUNTER[@]}" \
			"visits=$SHIFT_VISITS:tests/bench/shift-keys.txt:$W/shift.db" "send=$UI_QUIT_KEYS" exit \
			-- "$DV" --config "$INI" --db "$W/shift.db" >"$W/shift.txt" 2>"$W/shift.err"; then
			o_cpu=$(awk -v u="$(kv visit_cpu_us "$W/shift.txt")" 'BEGIN { print u / 1000 }')
			o_bytes=$(kv visit_bytes "$W/shift.txt")
			o_wall=$(kv visit_wall_ms "$W/shift.txt")
			o_rss=$(awk -v k="$(kv maxrss_kib "$W/shift.txt")" 'BEGIN { print k / 1024 }')
		else
			log "shift: $(head -c 300 "$W/shift.err")"
			cp "$W/shift.err" "$OUT/shift.err"
			[ -s "$W/shift.txt" ] && grep -q '^visits=' "$W/shift.txt" && {
				o_cpu=$(awk -v u="$(kv visit_cpu_us "$W/shift.txt")" 'BEGIN { print u / 1000 }')
				o_bytes=$(kv visit_bytes "$W/shift.txt")
			}
		fi
	fi
	rm -f "$W/shift.db"*
	row shift "shift: CPU per visit ($SHIFT_VISITS visits through the UI)" "$o_cpu" "" ms "<= 2 ms" "o <= 2"
	row shift "shift: bytes to the terminal per visit" "$o_bytes" "" B "" ""
	row shift "shift: peak memory" "$o_rss" "" MiB "<= 8 MiB" "o <= 8"
	[ -n "$o_wall" ] && log "  shift: ${o_wall} ms wall per visit (including the harness's settle time)"
fi

. tests/bench/latency.sh # keystroke-to-screen latency (branch hostile)

# ---- 5. save latency ----
if wanted save; then
	log "save latency..."
	ref="" ref_over=""
	if have_tool bench_core && "$TOOLS/bench_core" fsync "$W" 200 >"$W/fsync.txt" 2>"$W/err"; then
		ref=$(awk -v u="$(kv fsync_append_median_us "$W/fsync.txt")" 'BEGIN { print u / 1000 }')
		ref_over=$(awk -v u="$(kv fsync_overwrite_median_us "$W/fsync.txt")" 'BEGIN { print u / 1000 }')
	fi
	o="$NB" o_rss=""
	if have_tool bench_core && [ -n "$DB_CACHE" ]; then
		# A copy of its own: the other figures keep the generated visits.
		cp "$DB" "$W/save.db"
		if "$TOOLS/bench_core" save "$W/save.db" 200 >"$W/save.txt" 2>"$W/err"; then
			o=$(awk -v u="$(kv save_median_us "$W/save.txt")" 'BEGIN { print u / 1000 }')
			o_rss=$(awk -v k="$(kv maxrss_kib "$W/save.txt")" 'BEGIN { print k / 1024 }')
		else
			o="failed: $(head -c 120 "$W/err")"
		fi
	fi
	# The goal's "one fsync" is the brief's loop: write 4 KiB + fsync, the
	# file growing.  The in-place figure is the floor a reused WAL could reach.
	row save "save one visit, durable (visit_save) vs 4 KiB write+fsync" "$o" "$ref" ms "<= 2x one fsync" "q <= 2"
	row save "  the same vs 4 KiB rewritten in place + fsync" "$o" "$ref_over" ms "" ""
	row mem "peak memory: save (bench process)" "${o_rss:-$o}" "" MiB "" ""
	rm -f "$W/save.db"*
fi

# ---- 6. QR ----
if wanted qr; then
	log "qr..."
	url="https://dichvucong.gov.vn/tra-cuu-thu-tuc/danh-sach?keyword=1.001193&showAdvanced=false&formalityType=STANDARD&limit=10&activeKey=STANDARD"
	runs=$((RUNS * 3))
	# the same code: dvcdesk qr draws at M, qrencode's default is L
	ref=$("$TOOLS/bench_run" -n "$runs" -w 2 -e "$W/err" -- qrencode -l M -t UTF8 "$url")
	o="$NB" o_rss=""
	if have_cmd qr; then
		ours=$("$TOOLS/bench_run" -n "$runs" -w 2 -e "$W/err" -- "${DVA[@]}" qr "$url")
		if [[ $ours == failed* ]]; then
			o="failed: $(head -c 120 "$W/err")"
		else
			o=$(kvw wall_ms "$ours")
			CPU_O=$(kvw cpu_ms "$ours")
			o_rss=$(awk -v k="$(kvw maxrss_kib "$ours")" 'BEGIN { print k / 1024 }')
		fi
	fi
	CPU_R=$(kvw cpu_ms "$ref")
	row qr "qr URL (whole process) vs qrencode -l M -t UTF8" "$o" "$(kvw wall_ms "$ref")" ms "<= 1.5x qrencode" "q <= 1.5"
	# ^O to a drawn code in the counter, in-process (tests/tools/bench_core.c qr)
	o_in="$NB"
	if have_tool bench_core; then
		if "$TOOLS/bench_core" qr 200 >"$W/qr.txt" 2>"$W/err"; then
			o_in=$(awk -v u="$(kv qr_open_median_us "$W/qr.txt")" 'BEGIN { print u / 1000 }')
		else
			o_in="failed: $(head -c 120 "$W/err")"
		fi
	fi
	row qr "QR screen: ^O to the procedure page's code drawn, in-process, CPU" "$o_in" "" ms "<= 1 ms" "o <= 1"
	row mem "peak memory: qr" "${o_rss:-$o}" "$(awk -v k="$(kvw maxrss_kib "$ref")" 'BEGIN { print k / 1024 }')" MiB "" ""
fi

# ---- 7. export ----
if wanted export; then
	log "export of every visit..."
	first=$(sqlite3 "$DB" "SELECT min(local_day) FROM visit" 2>/dev/null)
	last=$(sqlite3 "$DB" "SELECT max(local_day) FROM visit" 2>/dev/null)
	xruns=3
	ref=""
	[ -n "$DB_CACHE" ] && ref=$("$TOOLS/bench_run" -n "$xruns" -o "$W/ref.csv" -e "$W/err" -- \
		sqlite3 -csv -header "$DB" ".parameter set :from $first" ".parameter set :to $last" \
		".read tests/bench/export.sql")
	o="$NB" o_rss=""
	if have_cmd export && [ -n "$DB_CACHE" ]; then
		ours=$("$TOOLS/bench_run" -n "$xruns" -o "$W/export.csv" -e "$W/err" -- "${DVA[@]}" export \
			--from "${first:0:4}-${first:4:2}-${first:6:2}" --to "${last:0:4}-${last:4:2}-${last:6:2}" --format csv)
		if [[ $ours == failed* ]]; then
			o="failed: $(head -c 120 "$W/err")"
		else
			o=$(kvw wall_ms "$ours")
			CPU_O=$(kvw cpu_ms "$ours")
			o_rss=$(awk -v k="$(kvw maxrss_kib "$ours")" 'BEGIN { print k / 1024 }')
			log "  export: $(($(wc -l <"$W/export.csv") - 1)) rows, $(du -m "$W/export.csv" | cut -f1) MiB; sqlite3: $(($(wc -l <"$W/ref.csv") - 1)) rows"
		fi
	fi
	CPU_R=$(kvw cpu_ms "$ref")
	row export "export --format csv, $n_visits visits vs sqlite3 -csv" "$o" "$(kvw wall_ms "$ref")" ms "<= 1.5x sqlite3" "q <= 1.5"
	row mem "peak memory: export" "${o_rss:-$o}" "$(awk -v k="$(kvw maxrss_kib "$ref")" 'BEGIN { print k / 1024 }')" MiB "" ""
	rm -f "$W/export.csv" "$W/ref.csv"
fi

. tests/bench/merge.sh # ---- 8. merge of a counter's file (BENCH_ONLY=merge) ----
. "$top/tests/bench/sync.sh" # the sync rows (PostgreSQL)
. tests/bench/reconcile.sh

# ---- the table ----
load_end=$(cut -d' ' -f1 /proc/loadavg)
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
{
	echo "figure,ours,reference,unit,ratio,goal,result,ours_cpu_ms,reference_cpu_ms"
	for r in "${ROWS[@]}"; do
		IFS='|' read -r id fig o ref unit q goal res oc rc <<<"$r"
		printf '"%s","%s","%s","%s","%s","%s","%s","%s","%s"\n' "${fig//\"/\"\"}" "${o//\"/\"\"}" "$ref" "$unit" "$q" "$goal" "$res" "$oc" "$rc"
	done
	printf '"machine: cores","%s",,,,,,,\n' "$ncpu"
	printf '"machine: cpu","%s",,,,,,,\n' "$cpu"
	printf '"machine: memory","%s",,,,,,,\n' "$mem"
	printf '"machine: disk","%s",,,,,,,\n' "$disk"
	printf '"machine: sqlite3","%s",,,,,,,\n' "$sqlite_v"
	printf '"database","%s visits, %s procedures, %s MiB (seed %s)",,,,,,,\n' "$n_visits" "$n_procs" "$db_mib" "$SEED"
	printf '"runs","median of %s (export 3, qr %s); warm page cache",,,,,,,\n' "$RUNS" "$((RUNS * 3))"
	printf '"measured","%s at %s",,,,,,,\n' "$stamp" "$commit"
	printf '"load average","%s at the start, %s at the end",,,,,,,\n' "$load_start" "$load_end"
} >"$OUT/results.csv"
if [ "$ONLY" = "." ]; then
	cp "$OUT/results.csv" tests/bench/results-latest.csv
fi

echo
echo "dvcdesk benchmark — $ncpu cores, $cpu, $mem, disk $disk"
echo "database: $n_visits visits, $n_procs procedures, $db_mib MiB${gen_note:+ ($gen_note)}; median of $RUNS runs unless said; warm cache"
echo "load average: $load_start at the start, $load_end at the end (times are wall-clock; CPU time at the right where measured)"
echo
printf '%-58s %14s %12s %-4s %6s  %-26s %-6s %s\n' "figure" "ours" "reference" "unit" "ratio" "goal" "result" "CPU ms ours/ref"
printf '%s\n' "$(printf '%.0s-' {1..146})"
notes=()
for r in "${ROWS[@]}"; do
	IFS='|' read -r id fig o ref unit q goal res oc rc <<<"$r"
	if [ "$o" = "$NB" ]; then
		o="not built yet"
	elif ! is_num "$o" && [ -n "$o" ]; then # say why below the table
		notes+=("[$((${#notes[@]} + 1))] $fig: $o")
		o="failed [${#notes[@]}]"
	fi
	cpu_col=""
	[ -n "$oc$rc" ] && cpu_col="${oc:--} / ${rc:--}"
	printf '%-58s %14s %12s %-4s %6s  %-26s %-6s %s\n' "$fig" "$o" "${ref:--}" "$unit" "$q" "${goal:--}" "$res" "$cpu_col"
done
[ ${#notes[@]} -gt 0 ] && { echo; printf '%s\n' "${notes[@]}"; }
echo
echo "written: $B/bench/results.csv$([ "$ONLY" = "." ] && echo " and tests/bench/results-latest.csv")"
exit 0
