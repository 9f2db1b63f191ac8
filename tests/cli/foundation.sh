#!/usr/bin/env bash
# The foundation through the real binary: first run on the embedded default,
# add ×N then report totals, refusals with the right exit codes.
. "$(dirname "$0")/../lib.sh"
export LANGUAGE=en

expect_exit "--help exits 0 on stdout" 0 dv --help
expect_contains "--help lists the add command" "$OUT" "add"
expect_exit "--version exits 0" 0 dv --version
expect_contains "--version names the program" "$OUT" "dvcdesk 0."
expect_exit "unknown command is a usage error" 64 dv frobnicate
expect_exit "no terminal: the counter refuses with 64" 64 dv

# First run: no config, database in the XDG data folder with the seed list.
expect_exit "check on a fresh machine" 0 dv check
db=$XDG_DATA_HOME/dvcdesk/dvcdesk.db
check "database created in the XDG data folder" test -f "$db"
expect_eq "database file is 0600" "$(stat -c %a "$db")" "600"
expect_eq "data folder is 0700" "$(stat -c %a "$(dirname "$db")")" "700"
expect_exit "catalog search without diacritics" 0 dv catalog list "khai sinh"
expect_contains "finds Đăng ký khai sinh" "$OUT" "1.001193"
expect_exit "staff list" 0 dv staff list
expect_contains "a default volunteer exists" "$OUT" "Tình nguyện viên"

printf '4321\n' | dv staff add "Nguyễn Văn An" --pin >/dev/null 2>&1
expect_exit "staff add with --pin after the name" 0 dv staff list
expect_contains "the PIN was set whatever the option order" "$(grep 'Nguyễn Văn An' <<<"$OUT")" "PIN"
expect_not_contains "not listed without PIN" "$(grep 'Nguyễn Văn An' <<<"$OUT")" "no PIN"
expect_exit "disable the second member" 0 dv staff disable "Nguyễn Văn An"

# add ×N, then the day's totals.
day=$(date +%F)
for i in 1 2 3; do
	expect_exit "add visit $i" 0 dv add --procedure 1.001193 --service vneid,online_submission \
		--dossier "000.00.20.H08-$(date +%y%m%d)-000$i" --group elderly
done
expect_exit "add general guidance" 0 dv add --procedure none --service lookup --channel phone
expect_exit "add with unknown-shape dossier warns" 0 dv add --procedure 2.000815 \
	--service online_submission --dossier "abc 123" --outcome more_papers
expect_contains "warning names the dossier code" "$ERR" "ABC123"
uid=$(dv add --procedure 1.000894 --service account)
expect_exit "void a visit" 0 dv void "$uid" --reason "entered twice"
expect_exit "voiding twice is refused" 65 dv void "$uid" --reason again
expect_exit "retry with the same uid changes nothing" 0 dv add --uid "$uid" --procedure 1.000894 --service account
expect_exit "unknown procedure refused" 65 dv add --procedure 9.999999
expect_exit "unknown service refused" 64 dv add --procedure none --service teleport
expect_contains "refusal lists the valid services" "$ERR" "online_submission"
expect_exit "online submission needs a dossier code" 65 dv add --procedure 1.001193 \
	--service online_submission
expect_exit "backdating needs a reason" 65 dv add --procedure none --at "$(date -d '-2 days' '+%F %H:%M')"
expect_exit "backdating with a reason" 0 dv add --procedure none \
	--at "$(date -d '-2 days' '+%F 09:00')" --reason "paper form"

if expect_exit "report --day json" 0 dv report --day "$day" --format json; then :; fi
json=$OUT
val() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1" <<<"$json"; }
expect_eq "visits counted (voided left out)" "$(val '["visits"]')" "5"
expect_eq "voided counted apart" "$(val '["voided"]')" "1"
expect_eq "vneid service total" "$(val '["services"]["vneid"]')" "3"
expect_eq "online submissions" "$(val '["services"]["online_submission"]')" "4"
expect_eq "elderly group" "$(val '["groups"]["elderly"]')" "3"
expect_eq "more papers outcome" "$(val '["outcomes"]["more_papers"]')" "1"
expect_eq "procedure table counts khai sinh" "$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print([p["visits"] for p in d["procedures"] if p["code"] == "1.001193"][0])' <<<"$json")" "3"
expect_eq "staff table counts the default volunteer" "$(python3 -c '
import json, sys
d = json.load(sys.stdin)
print(sum(s["visits"] for s in d["staff"]))' <<<"$json")" "5"

# Bad configuration: one line per problem, exit 78.
cat >"$T/bad.ini" <<'INI'
[ui]
language = fr
idle_lock_minutes = 010
[privacy]
collect_phone = perhaps
[nosuch]
x = 1
INI
expect_exit "bad config exits 78" 78 dv --config "$T/bad.ini" check
expect_contains "names section, key and value" "$ERR" '[ui] language = "fr"'
expect_contains "reports unknown section" "$ERR" "nosuch"
expect_exit "missing explicit config exits 78" 78 dv --config "$T/nope.ini" check

# Foreign and symlinked database files.
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
sum=$(sha256sum <"$T/other.db")
expect_exit "foreign SQLite file refused" 65 dv --db "$T/other.db" check
expect_eq "foreign file unchanged" "$(sha256sum <"$T/other.db")" "$sum"
ln -s "$db" "$T/link.db"
expect_exit "symlinked database refused" 66 dv --db "$T/link.db" check
printf 'just some text, not a database\n%.0s' {1..100} >"$T/text.db"
sum=$(sha256sum <"$T/text.db")
expect_exit "text file refused" 65 dv --db "$T/text.db" check
expect_eq "text file unchanged" "$(sha256sum <"$T/text.db")" "$sum"

finish
