#!/usr/bin/env bash
# dvcdesk server grant and row-level security, proven with second roles on
# a real PostgreSQL (lib_pg.sh) that logs them in with SCRAM: a counter's
# role pushes and reads only its unit; a row of another unit is refused by
# the server, not by dvcdesk; a unit cannot overwrite another unit's row by
# sending its uid; reader roles read their units (all when none is named)
# and write nothing.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../lib_pg.sh"
export LANGUAGE=en
pg_start
admin=$(pg_conninfo)
dva() { "$DVCDESK" --db "$T/admin.db" "$@"; }
expect_exit "server init" 0 dva server init --conninfo "$admin"

expect_exit "grant a counter role for U01" 0 dva server grant --unit U01 --role c_u01 --password-stdin --conninfo "$admin" <<<"pw-u01"
expect_contains "…a new role" "$OUT" "new role"
expect_exit "grant it again changes nothing" 0 dva server grant --unit U01 --role c_u01 --conninfo "$admin"
expect_not_contains "…not new" "$OUT" "new role"
expect_exit "grant a counter role for U02" 0 dva server grant --unit U02 --role c_u02 --password-stdin --conninfo "$admin" <<<"pw-u02"
expect_exit "grant a centre reader for U01" 0 dva server grant --reader --unit U01 --role r_centre --password-stdin --conninfo "$admin" <<<"pw-centre"
expect_exit "grant a province reader (all units)" 0 dva server grant --reader --role r_province --password-stdin --conninfo "$admin" <<<"pw-prov"
expect_exit "a counter role needs exactly one unit" 64 dva server grant --role c_x --conninfo "$admin"
expect_exit "a role name that is not an identifier" 64 dva server grant --unit U01 --role 'x"; DROP' --conninfo "$admin"
expect_eq "the passwords are SCRAM verifiers" \
	"$(pgq "SELECT count(*) FROM pg_authid WHERE rolname LIKE '%\_u0%' AND rolpassword LIKE 'SCRAM-SHA-256\$%'")" "2"
printf '*:*:*:c_u01:pw-u01\n*:*:*:c_u02:pw-u02\n*:*:*:r_centre:pw-centre\n*:*:*:r_province:pw-prov\n' >"$HOME/.pgpass"
chmod 600 "$HOME/.pgpass"
asrole() { psql -X -q -A -t -h "$PGSOCK" -U "$1" -d postgres -c "$2" 2>&1; }

counter() { # NAME UNIT ROLE
	cat >"$T/$1.ini" <<INI
[unit]
name = Xã $2
code = $2
[counter]
name = Quầy 1
[sync]
conninfo = $(pg_conninfo "$3")
INI
	chmod 600 "$T/$1.ini"
}
counter a U01 c_u01
counter b U02 c_u02
counter wrong U02 c_u01
dvc() { local n=$1; shift; "$DVCDESK" --config "$T/$n.ini" --db "$T/$n.db" "$@"; }
for n in a b wrong; do
	dvc $n staff add "Lê Thị Hoa" >/dev/null
	for i in 1 2 3; do dvc $n add --staff "Lê Thị Hoa" --procedure none >/dev/null; done
done

expect_exit "U02's visits pushed as U01's role are refused by the server" 77 dvc wrong sync
expect_contains "…saying the server refused them" "$ERR" "row-level security"
expect_eq "…and nothing of them is stored" "$(pgq "SELECT count(*) FROM dvcdesk.visit")" "0"
expect_exit "U01 pushes with its role" 0 dvc a sync
expect_exit "U02 pushes with its role" 0 dvc b sync
expect_eq "both units on the server" "$(pgq "SELECT string_agg(unit_code || ':' || n, ',' ORDER BY unit_code) FROM (SELECT unit_code, count(*) n FROM dvcdesk.visit GROUP BY 1) x")" "U01:3,U02:3"

expect_eq "U01's role reads only U01's visits" "$(asrole c_u01 "SELECT string_agg(DISTINCT unit_code, ',') || count(*) FROM dvcdesk.visit")" "U013"
expect_eq "…and only U01's roll-up" "$(asrole c_u01 "SELECT string_agg(DISTINCT unit_code, ',') FROM dvcdesk.day_unit")" "U01"
expect_eq "U01's role cannot change U02's rows" "$(asrole c_u01 "UPDATE dvcdesk.visit SET counter = 'x' WHERE unit_code = 'U02'")" ""
expect_eq "…they are unchanged" "$(pgq "SELECT count(*) FROM dvcdesk.visit WHERE counter = 'x'")" "0"
expect_contains "U01's role cannot insert a U02 row" \
	"$(asrole c_u01 "INSERT INTO dvcdesk.unit (unit_code) VALUES ('U02x')")" "row-level security"
expect_contains "U01's role cannot call the grant function" \
	"$(asrole c_u01 "SELECT dvcdesk.grant_role('c_u01', '{*}', true)")" "permission denied"
expect_contains "U01's role cannot grant itself units" \
	"$(asrole c_u01 "INSERT INTO dvcdesk.role_unit VALUES ('c_u01', 'U02', true)")" "permission denied"

# the same uid sent by another unit: a row of its own, never the first's
u=$(sqlite3 "$T/a.db" "SELECT uid FROM visit LIMIT 1")
sqlite3 "$T/b.db" "UPDATE visit SET uid = '$u', version = 99, synced_version = 0, counter = 'Quầy lạ' WHERE id = (SELECT max(id) FROM visit)"
expect_exit "U02 sends U01's uid" 0 dvc b sync
expect_eq "U01's row is untouched" "$(pgq "SELECT counter || version FROM dvcdesk.visit WHERE uid = '$u' AND unit_code = 'U01'")" "Quầy 11"

expect_eq "the centre reads U01 only" "$(asrole r_centre "SELECT string_agg(DISTINCT unit_code, ',') FROM dvcdesk.visit")" "U01"
expect_eq "the province reads every unit" "$(asrole r_province "SELECT string_agg(DISTINCT unit_code, ',' ORDER BY unit_code) FROM dvcdesk.visit")" "U01,U02"
expect_contains "a reader writes nothing" "$(asrole r_province "UPDATE dvcdesk.visit SET counter = 'x'")" "permission denied"
expect_contains "a wrong password is refused" \
	"$(PGPASSWORD=nope psql -X -w -h "$PGSOCK" -U c_u01 -d postgres -c 'SELECT 1' 2>&1 </dev/null; printf '*:*:*:c_u01:pw-u01\n' >/dev/null)" "password authentication failed"

# report --server: the local report's JSON contract plus the units, by role
ci_prov="$(pg_conninfo r_province)"
expect_exit "report --server as the province" 0 dva report --server --conninfo "$ci_prov" --day today --format json
printf '%s' "$OUT" >"$T/prov.json"
expect_eq "…the province's totals and ranking" "$(python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))
print(r["visits"], r["voided"], [(u["code"], u["rank"], u["visits"]) for u in r["units"]], sorted(r["services"]) == sorted(["vneid","account","online_submission","payment","lookup","form_filling","postal"]))' "$T/prov.json")" \
	"7 0 [('U02', 1, 4), ('U01', 2, 3)] True"
dvc a report --day today --format json >"$T/local.json"
expect_eq "…the same keys as a local report (units included)" "$(python3 -c '
import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
print(sorted(set(b) - set(a)), sorted(set(a) - set(b) - {"targets"}))' "$T/local.json" "$T/prov.json")" "[] []"
expect_exit "report --server --unit narrows it" 0 dva report --server --conninfo "$ci_prov" --day today --unit U01 --format json
expect_contains "…to U01" "$OUT" '"unit": "U01"'
expect_contains "…its visits" "$OUT" '"visits": 3,'
expect_exit "report --server as the centre sees its unit only" 0 dva report --server --conninfo "$(pg_conninfo r_centre)" --day today --format json
expect_contains "…U01's three" "$OUT" '"visits": 3,'
expect_not_contains "…no U02" "$OUT" 'U02'
expect_exit "report --server as text" 0 dva report --server --conninfo "$ci_prov" --month "$(date +%Y-%m)"
expect_contains "…with the ranking" "$OUT" "U02"
expect_exit "report --server as CSV" 0 dva report --server --conninfo "$ci_prov" --year "$(date +%Y)" --format csv
expect_contains "…with unit rows" "$OUT" 'unit_rank,U01,'
# one volunteer registered on two counters: joined into one person
ua=$(pgq "SELECT uid FROM dvcdesk.staff WHERE unit_code = 'U01'")
ub=$(pgq "SELECT uid FROM dvcdesk.staff WHERE unit_code = 'U02'")
staff_rows() { dva report --server --conninfo "$ci_prov" --day today --format json |
	python3 -c 'import json,sys; print([(s["name"], s["visits"]) for s in json.load(sys.stdin)["staff"]])'; }
expect_eq "before the join: two people of one name" "$(staff_rows)" "[('Lê Thị Hoa', 4), ('Lê Thị Hoa', 3)]"
expect_exit "server staff-join" 0 dva server staff-join "$ua" "$ub" --conninfo "$admin"
expect_eq "after the join: one person, both counters' visits" "$(staff_rows)" "[('Lê Thị Hoa', 7)]"
expect_exit "staff-join of an unknown uid" 66 dva server staff-join "$ua" 01900000-0000-7000-8000-00000000dead --conninfo "$admin"
expect_exit "staff-join wants uids" 64 dva server staff-join "$ua" "Lê Thị Hoa" --conninfo "$admin"
expect_exit "report --server refuses --shift" 64 dva report --server --conninfo "$ci_prov" --shift 1
finish
