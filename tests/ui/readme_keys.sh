#!/usr/bin/env bash
# The README's key table is generated from the action table: it must be
# exactly what `LANGUAGE=en dvcdesk --keys` prints (with no configuration),
# between the markers <!-- keys:begin --> and <!-- keys:end -->.
# To refresh it: LANGUAGE=en ./dvcdesk --keys, pasted between the markers.
. "$(dirname "$0")/../lib.sh"

readme=$TOP/README.md
expect_exit "dvcdesk --keys prints the table" 0 env LANGUAGE=en "$DVCDESK" --keys
want=$OUT
expect_contains "the table lists the help key" "$want" "| help |"
got=$(sed -n '/<!-- keys:begin -->/,/<!-- keys:end -->/p' "$readme" | sed '1d;$d')
check "README.md has the keys markers" grep -q '<!-- keys:begin -->' "$readme"
if [ "$got" == "$want" ]; then ok "README.md key table matches the action table"; else
	fail "README.md key table matches the action table" \
		"refresh it with: LANGUAGE=en ./dvcdesk --keys (between the markers)" \
		"$(diff <(echo "$want") <(echo "$got") | head -20)"
fi
finish
