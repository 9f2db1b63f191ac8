#!/usr/bin/env bash
# Hostile input through the real binary (issue 13 §3): identifiers, free
# text, control characters and escape sequences, spreadsheet formulas,
# --help of every command, capped lists, old dates.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../fault/common.inc"
export LANGUAGE=en
db=$T/h.db
d() { "$DVCDESK" --db "$db" "$@"; }
expect_exit "a fresh database" 0 d check

# ---- add --uid: validated and normalised, never cut, never a silent 0 ----
expect_exit "an upper-case UUID with braces is accepted" 0 \
	d add --procedure none --uid "{0192F3A4-5B6C-7D8E-9F01-23456789ABCD}"
expect_eq "… and stored in its canonical form" "$OUT" "0192f3a4-5b6c-7d8e-9f01-23456789abcd"
expect_exit "the same UUID without dashes is the same visit (a retry)" 0 \
	d add --procedure none --uid "0192f3a45b6c7d8e9f0123456789abcd"
expect_contains "… said to be already saved" "$ERR" "already saved"
expect_exit "a different visit under a stored uid is refused" 65 \
	d add --procedure 1.001193 --uid 0192f3a4-5b6c-7d8e-9f01-23456789abcd
expect_contains "… saying it was not saved" "$ERR" "NOT saved"
expect_eq "… and nothing changed" "$(sql "$db" "SELECT coalesce(procedure_code,'-') FROM visit WHERE uid LIKE '0192f3a4%'")" "-"
long="0192f3a4-5b6c-7d8e-9f01-23456789abcd-and-more-that-would-be-cut-at-39"
expect_exit "an over-long uid is refused (not cut to 39 bytes)" 64 d add --procedure none --uid "$long"
a="0192f3a4-5b6c-7d8e-9f01-23456789abc0xxxxx1" b="0192f3a4-5b6c-7d8e-9f01-23456789abc0xxxxx2"
expect_exit "two long uids that share 39 bytes: the first refused" 64 d add --procedure none --uid "$a"
expect_exit "… and the second" 64 d add --procedure none --uid "$b"
expect_exit "a malformed uid is refused" 64 d add --procedure none --uid "abc|def"
expect_contains "… with a clear message" "$ERR" "UUID"
expect_eq "no visit stored for the refused uids" "$(sql "$db" "SELECT count(*) FROM visit")" "1"

# ---- free text: limits, control characters, escape sequences ----
note300=$(printf 'ă%.0s' $(seq 150))   # 300 bytes
expect_exit "a note over 255 bytes is refused" 65 d add --procedure none --note "$note300"
expect_contains "… naming the field and the limit" "$ERR" "255"
note255=$(printf 'a%.0s' $(seq 255))
expect_exit "a note of 255 bytes is kept" 0 d add --procedure none --note "$note255"
expect_eq "… whole" "$(sql "$db" "SELECT max(length(note)) FROM visit")" "255"
expect_exit "a note with an escape sequence is refused" 65 d add --procedure none --note $'red \e[31mtext'
expect_exit "a note with a C1 control (CSI) is refused" 65 d add --procedure none --note $'x \xc2\x9b31m'
expect_exit "a note with a line break is refused" 65 d add --procedure none --note $'two\nlines'
expect_exit "invalid UTF-8 in a note is refused" 65 d add --procedure none --note $'bad \xff'
reason200=$(printf 'r%.0s' $(seq 200))
uid=$(d add --procedure none)
expect_exit "a void reason over 127 bytes is refused, not cut" 65 d void "$uid" --reason "$reason200"
expect_eq "… and the visit is not voided" "$(sql "$db" "SELECT voided_at IS NULL FROM visit WHERE uid='$uid'")" "1"
expect_exit "a backdating reason over 127 bytes is refused" 65 \
	d add --procedure none --at "$(date -d '-2 days' '+%F 09:00')" --reason "$reason200"
expect_exit "a staff name with an escape sequence is refused" 65 d staff add $'Lan\e]0;owned\a'

# ---- nothing from the database reaches a terminal with escapes in it ----
# (an older version or another tool may have stored them)
sql "$db" "UPDATE staff SET name = 'Evil' || char(27) || '[2J' || char(27) || ']0;x' || char(7) WHERE id = 1"
sql "$db" "UPDATE procedure SET name = 'Proc' || char(27) || '[31m' WHERE code = '1.001193'"
sql "$db" "UPDATE visit SET procedure_code = '1.001193', note = 'n' || char(27) || '[5m' WHERE uid = '$uid'"
tty() { script -qec "$(printf '%q ' "$DVCDESK" --db "$db" "$@")" /dev/null 2>&1; }
out=$(tty staff list)
expect_contains "staff list to a terminal: the name is there" "$out" "Evil"
expect_not_contains "… without its escape sequence" "$out" $'\e[2J'
expect_not_contains "… nor the title sequence" "$out" $'\e]0'
day=$(date +%F)
out=$(tty report --day "$day")
expect_not_contains "report to a terminal: no escape sequence from a name" "$out" $'\e[31m'
out=$(tty export --from "$day" --to "$day")
expect_contains "export to a terminal: the rows are there" "$out" "1.001193"
expect_not_contains "… without escape sequences" "$out" $'\e['
expect_exit "export to a file keeps the stored bytes" 0 d export --from "$day" --to "$day" --output "$T/x.csv"
expect_contains "… as they are" "$(cat "$T/x.csv")" $'Proc\e[31m'

# ---- spreadsheet formulas are neutralised in every CSV writer ----
sql "$db" "UPDATE procedure SET name = '=HYPERLINK(\"http://x\",\"y\")' WHERE code = '1.001193'"
sql "$db" "UPDATE staff SET name = '@SUM(1+1)' WHERE id = 1"
expect_exit "export CSV" 0 d export --from "$day" --to "$day"
expect_contains "export: a formula cell is written as text" "$OUT" "\"'=HYPERLINK("
expect_not_contains "export: no cell starts with =" "$OUT" ",=HYPERLINK"
expect_exit "report CSV" 0 d report --day "$day" --format csv
expect_contains "report: a formula cell is written as text" "$OUT" "\"'=HYPERLINK("
expect_contains "report: a staff name as a formula is text" "$OUT" "\"'@SUM(1+1)\""
expect_not_contains "report: no cell starts with @" "$OUT" ",@SUM"

# ---- --help of every command: stdout, exit 0 ----
for c in add void report export catalog qr staff backup restore purge check; do
	expect_exit "$c --help exits 0" 0 d "$c" --help
	expect_eq "$c --help writes nothing on stderr" "$ERR" ""
	expect_contains "$c --help shows the usage on stdout" "$OUT" "$c"
done

# ---- capped lists say so ----
{ echo "code,name,field"; for i in $(seq 60); do echo "9.$(printf %06d "$i"),Thủ tục thử $i,Thử"; done; } >"$T/cat.csv"
expect_exit "import a catalogue of 60 more" 0 d catalog import "$T/cat.csv"
expect_exit "catalog list QUERY" 0 d catalog list "thu tuc thu"
expect_eq "… shows 50" "$(grep -c '^9\.' <<<"$OUT")" "50"
expect_contains "a capped list says it is capped" "$ERR" "only the first 50"

# ---- backdating before last year is refused ----
expect_exit "a visit dated three years back is refused" 65 \
	d add --procedure none --at "$(( $(date +%Y) - 3 ))-06-01 09:00" --reason "paper form"
expect_contains "… asking to check the year" "$ERR" "year"
expect_exit "a visit of last year is accepted with a reason" 0 \
	d add --procedure none --at "$(( $(date +%Y) - 1 ))-12-30 09:00" --reason "paper form"

# ---- an empty database file is lost data, not a new database ----
z=$T/z/dvcdesk.db
expect_exit "a database with visits" 0 "$DVCDESK" --db "$z" add --procedure none
expect_exit "its backup" 0 "$DVCDESK" --db "$z" backup
newest=$OUT
: >"$z"
rm -f "$z-wal" "$z-shm"
expect_exit "an empty (0-byte) database file is refused" 65 "$DVCDESK" --db "$z" add --procedure none
expect_contains "… saying it is empty" "$ERR" "0 bytes"
expect_contains "… naming the newest checked backup" "$ERR" "dvcdesk restore $newest"
expect_eq "… and left as it was" "$(stat -c %s "$z")" "0"

# ---- loose permissions are tightened when citizens' data are written ----
expect_exit "the default database" 0 "$DVCDESK" add --procedure none
data=$XDG_DATA_HOME/dvcdesk
chmod 755 "$data"
chmod 644 "$data/dvcdesk.db"
expect_exit "a save into a loose folder and file" 0 "$DVCDESK" add --procedure none
expect_eq "… the data folder is 0700 again" "$(stat -c %a "$data")" "700"
expect_eq "… the database 0600 again" "$(stat -c %a "$data/dvcdesk.db")" "600"
expect_contains "… and the user is told" "$ERR" "made private"
chmod 644 "$db"
expect_exit "a database given with --db" 0 d add --procedure none
expect_eq "… is made 0600" "$(stat -c %a "$db")" "600"
expect_eq "… but its folder, maybe shared, is left alone" "$(stat -c %a "$T")" "755"
finish
