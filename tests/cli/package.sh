#!/usr/bin/env bash
# test: serial
# The Debian package (issue 17): `make deb` builds it (the program once more,
# with the package's flags: CPU-heavy, hence serial), lintian passes it, it
# holds every file of the Makefile's INSTALL_LIST at the same paths as
# `make install`, the unpacked program runs (version, catalogue, add,
# report), the bash completion offers every command and option of --help,
# the user units verify, and in a throwaway root (dpkg --root) it installs,
# upgrades over an older version with a database in place without touching
# it, and purges leaving the data and saying where they are.
. "$(dirname "$0")/../lib.sh"

need() { # TOOL PACKAGE
	command -v "$1" >/dev/null 2>&1 || { fail "$1 is installed" "install the Debian package $2 (contrib/deps.sh package)"; return 1; }
}
tools_ok=1
need dpkg-buildpackage dpkg-dev || tools_ok=0
need dh debhelper || tools_ok=0
need lintian lintian || tools_ok=0
need fakeroot fakeroot || tools_ok=0
need systemd-analyze systemd || tools_ok=0
[ -r /usr/share/bash-completion/bash_completion ] ||
	{ fail "bash-completion is installed" "install the Debian package bash-completion"; tools_ok=0; }
[ "$tools_ok" = 1 ] || { finish; exit; }

cd "$TOP" || exit 1
version=$(sed -n 's/^VERSION *:= *//p' Makefile)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=$TOP/dist/dvcdesk_${version}_$arch.deb

# ---- make deb ----
start=$SECONDS
make -s deb >"$T/deb.log" 2>&1
rc=$?
expect_eq "make deb succeeds" "$rc" 0
[ "$rc" = 0 ] || sed 's/^/    | /' "$T/deb.log" | tail -30
echo "# make deb took $((SECONDS - start)) s"
check "make deb makes dist/dvcdesk_${version}_$arch.deb" test -s "$deb"
[ -s "$deb" ] || { finish; exit; }
expect_eq "debian/changelog has the Makefile's version" \
	"$(dpkg-parsechangelog -l debian/changelog -S Version)" "$version"

# A fresh machine gets the build dependencies from contrib/deps.sh.
tiers=$(sed -n '/^build="/,/"$/p; /^package="/,/"$/p' contrib/deps.sh | tr -d '"\\' | sed 's/^[a-z]*=//')
bad=""
for p in $(sed -n '/^Build-Depends:/,/^[A-Z]/p' debian/control | grep -v '^#' |
	sed -e 's/^Build-Depends://' -e 's/([^)]*)//g' -e 's/^Standards.*//' | tr ',' '\n' | tr -d ' '); do
	[ -n "$p" ] && [ "$p" != debhelper-compat ] && ! grep -qw -- "$p" <<<"$tiers" && bad+=" $p"
done
expect_eq "every Build-Depends is in contrib/deps.sh (build or package tier)" "$bad" ""

# ---- lintian: no errors, and no warning (none is kept; see debian/) ----
lint=$(lintian --pedantic -I "$deb" 2>/dev/null)
expect_eq "lintian: no errors" "$(grep -c '^E:' <<<"$lint")" 0
expect_eq "lintian: no warnings" "$(grep -c '^W:' <<<"$lint")" 0
[ -z "$lint" ] || printf '    | %s\n' "$lint"

# ---- the files: the Makefile's one list, at /usr ----
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
want=$(make -s install-list PREFIX=/usr)
missing=""
for f in $want; do
	grep -qxF -e "$f" -e "$f.gz" <<<"$contents" || missing+=" $f"
done
expect_eq "the package holds every file of INSTALL_LIST" "$missing" ""
for f in /usr/bin/dvcdesk /usr/share/man/man1/dvcdesk.1.gz \
	/usr/share/locale/vi/LC_MESSAGES/dvcdesk.mo /usr/share/dvcdesk/procedures-seed.csv \
	/usr/share/doc/dvcdesk/dvcdesk.ini.example /usr/share/bash-completion/completions/dvcdesk \
	/usr/lib/systemd/user/dvcdesk-sync.timer /usr/lib/systemd/user/dvcdesk-sync.service \
	/usr/share/doc/dvcdesk/examples/kiosk.md /usr/share/doc/dvcdesk/examples/autologin.conf \
	/usr/share/doc/dvcdesk/examples/bash_profile /usr/share/dvcdesk/dvcdesk-kiosk \
	/usr/share/doc/dvcdesk/copyright; do
	grep -qxF "$f" <<<"$contents" && ok "dpkg-deb -c: $f" || fail "dpkg-deb -c: $f" "$contents"
done
expect_eq "dpkg-deb -c: nothing outside /usr" "$(grep -v '^/usr\(/\|$\)' <<<"$contents" | grep -vx '/')" ""

# make install with the same PREFIX puts the same files at the same places
# (the package adds only its copyright and changelog, and gzips the man page).
# It installs from the tree make deb built, already built for /usr.
src=$TOP/build/deb/dvcdesk-$version
make -s -C "$src" install-files PREFIX=/usr DESTDIR="$T/inst" >/dev/null 2>&1
mine=$(cd "$T/inst" && find . -type f | sed 's|^\.||' | sort)
theirs=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed -e 's|^\./|/|' -e 's|\.gz$||' |
	grep -v -e '^/usr/share/doc/dvcdesk/copyright$' -e '^/usr/share/doc/dvcdesk/changelog$' | sort)
expect_eq "make install PREFIX=/usr and the package agree on every path" "$mine" "$theirs"
make -s -C "$src" uninstall PREFIX=/usr DESTDIR="$T/inst" >/dev/null 2>&1
expect_eq "make uninstall removes every file make install put there" \
	"$(cd "$T/inst" && find . -type f)" ""

# ---- dependencies: from shlibs, plus the dlopen()ed ones by hand ----
depends=$(dpkg-deb -f "$deb" Depends)
expect_contains "Depends: libsqlite3 from shlibs" "$depends" "libsqlite3-0 (>="
expect_contains "Depends: libncursesw from shlibs" "$depends" "libncursesw6"
expect_contains "Depends: libpangocairo (dlopen()ed, by hand)" "$depends" "libpangocairo-1.0-0"
expect_not_contains "Depends: cairo is not linked (it comes with pangocairo)" "$depends" "libcairo2 ("

# ---- maintainer scripts never open the database ----
mkdir -p "$T/ctl"
dpkg-deb -e "$deb" "$T/ctl"
scripts=$(cat "$T"/ctl/{preinst,postinst,prerm,postrm} 2>/dev/null)
expect_not_contains "maintainer scripts: no sqlite3" "$scripts" "sqlite"
expect_not_contains "maintainer scripts: no dvcdesk.db" "$scripts" "dvcdesk.db"
expect_not_contains "maintainer scripts: never run the program" "$scripts" "/usr/bin/dvcdesk"
# dh_installsystemduser --no-enable: the timer is enabled again on upgrade
# only where someone enabled it (was-enabled), never at a first install.
enables=$(grep -c -e '--user enable' -e '--global enable' "$T/ctl/postinst" 2>/dev/null)
guarded=$(grep -B3 -e '--user enable' "$T/ctl/postinst" 2>/dev/null | grep -c 'was-enabled')
expect_eq "maintainer scripts: the timer is enabled only where it was (disabled by default)" \
	"$enables" "$guarded"

# ---- unpacked: --version, Vietnamese, add, report ----
x=$T/x
dpkg-deb -x "$deb" "$x"
expect_eq "unpacked: --version" "$("$x/usr/bin/dvcdesk" --version)" "dvcdesk $version"
expect_contains "unpacked: the Vietnamese catalogue (found beside the binary)" \
	"$("$x/usr/bin/dvcdesk" --help)" "sổ ghi lượt hỗ trợ"
expect_contains "unpacked: LANGUAGE=en is English" "$(LANGUAGE=en "$x/usr/bin/dvcdesk" --help)" "commands:"
check "unpacked: built for /usr/share/locale" grep -q /usr/share/locale "$x/usr/bin/dvcdesk"
udb=$T/unpacked.db
expect_exit "unpacked: add" 0 "$x/usr/bin/dvcdesk" --db "$udb" add --procedure none --service lookup,vneid
expect_exit "unpacked: add a second" 0 "$x/usr/bin/dvcdesk" --db "$udb" add --procedure none --service lookup
expect_exit "unpacked: report" 0 "$x/usr/bin/dvcdesk" --db "$udb" report --day "$(date +%F)" --format json
expect_contains "unpacked: report counts both" "$OUT" '"visits": 2,'
expect_contains "unpacked: report services" "$OUT" '"lookup": 2'
expect_exit "unpacked: text report" 0 "$x/usr/bin/dvcdesk" --db "$udb" report --day "$(date +%F)"
expect_contains "unpacked: text report in Vietnamese" "$OUT" "BÁO CÁO"
expect_eq "the seed list shipped is the one compiled in" \
	"$(cmp -s "$x/usr/share/dvcdesk/procedures-seed.csv" db/procedures-seed.csv && echo same)" same

# ---- bash completion: generated from --help's tables ----
comp=$x/usr/share/bash-completion/completions/dvcdesk
expect_eq "the shipped completion is what the binary generates" \
	"$("$x/usr/bin/dvcdesk" --completion bash | cmp - "$comp" && echo same)" same
expect_exit "--completion zsh: usage error" 64 "$x/usr/bin/dvcdesk" --completion zsh
# complete WORDS...: what bash offers for the last word
complete_words() {
	bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion; . "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_dvcdesk dvcdesk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
commands=$(LANGUAGE=en "$x/usr/bin/dvcdesk" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ "$(wc -w <<<"$commands")" -ge 10 ] && ok "--help lists the commands" || fail "--help lists the commands" "$commands"
bad=""
for c in $commands; do
	complete_words dvcdesk "${c:0:2}" | grep -qx "$c" || bad+=" $c"
done
expect_eq "every command in --help completes" "$bad" ""
bad=""
for c in $commands; do
	usage=$("$x/usr/bin/dvcdesk" "$c" --help 2>&1)
	offered=$(complete_words dvcdesk "$c" --)
	for o in $(grep -o -- '--[a-z][a-z-]*' <<<"$usage" | sort -u); do
		grep -qx -- "$o" <<<"$offered" || bad+=" $c$o"
	done
done
expect_eq "every option of every command's usage completes" "$bad" ""
bad=""
for o in $(LANGUAGE=en "$x/usr/bin/dvcdesk" --help | sed -n '/^options:/,/^$/s/^  \(--[a-z-]*\).*/\1/p'); do
	complete_words dvcdesk -- | grep -qx -- "$o" || bad+=" $o"
done
expect_eq "every global option completes" "$bad" ""
expect_eq "completion: --format's values" "$(complete_words dvcdesk report --format '' | tr '\n' ' ')" "text csv json pdf xlsx "
expect_eq "completion: --outcome's values" "$(complete_words dvcdesk add --outcome '' | tr '\n' ' ')" "done more_papers referred "
expect_eq "completion: staff's sub-commands" "$(complete_words dvcdesk staff '' | tr '\n' ' ')" "add list disable set-pin "
expect_eq "completion: after the global --db FILE" "$(complete_words dvcdesk --db x.db rep)" "report"
expect_eq "completion: a placeholder offers nothing" "$(complete_words dvcdesk report --day '')" ""
touch "$T/danh-muc.csv"
expect_eq "completion: catalog import FILE" "$(cd "$T" && complete_words dvcdesk catalog import danh)" "danh-muc.csv"
expect_eq "completion: catalog list QUERY offers no file" "$(cd "$T" && complete_words dvcdesk catalog list danh)" ""
expect_eq "completion: restore FILE" "$(cd "$T" && complete_words dvcdesk restore danh)" "danh-muc.csv"
expect_eq "completion: the hidden --completion is not offered" "$(complete_words dvcdesk --comp)" ""

# ---- the systemd user units ----
units=$T/units
mkdir -p "$units"
cp "$x"/usr/lib/systemd/user/dvcdesk-sync.* "$units/"
expect_contains "service runs dvcdesk sync" "$(cat "$units/dvcdesk-sync.service")" "ExecStart=/usr/bin/dvcdesk sync"
expect_contains "service: 69 (server unreachable) is not a failure" "$(cat "$units/dvcdesk-sync.service")" "SuccessExitStatus=69"
expect_contains "timer: every few minutes" "$(cat "$units/dvcdesk-sync.timer")" "OnUnitActiveSec=5min"
sed -i "s|^ExecStart=/usr/bin/dvcdesk|ExecStart=$x/usr/bin/dvcdesk|" "$units/dvcdesk-sync.service"
out=$(cd "$units" && systemd-analyze verify --man=no ./dvcdesk-sync.timer ./dvcdesk-sync.service 2>&1)
rc=$?
expect_eq "systemd-analyze verify: the units are valid" "$rc:$out" "0:"

# ---- a throwaway root: install an older version, a database, upgrade, purge ----
root=$T/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
fr=""
[ "$(id -u)" -eq 0 ] || fr=fakeroot
dpkgr() { $fr dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null "$@"; }
# The older version: this package relabelled 0.0.1.
old=$T/old
dpkg-deb -R "$deb" "$old"
sed -i 's/^Version: .*/Version: 0.0.1/' "$old/DEBIAN/control"
dpkg-deb --root-owner-group -b "$old" "$T/dvcdesk_0.0.1.deb" >/dev/null
expect_exit "dpkg --root: install the older version" 0 dpkgr -i "$T/dvcdesk_0.0.1.deb"
expect_eq "dpkg --root: 0.0.1 installed" \
	"$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Version} ${Status}' dvcdesk)" "0.0.1 install ok installed"
check "the timer is not enabled (disabled by default)" test ! -e "$root/etc/systemd/user/timers.target.wants/dvcdesk-sync.timer"

# A counter's database from before the latest migration: the schema of the
# migrations but the last one, as an older dvcdesk left it.
home=$root/home/quay
data=$home/.local/share/dvcdesk
mkdir -p "$data"
chmod 700 "$data"
migs=(db/migrations/[0-9][0-9][0-9][0-9]-*.sql)
prev=$((${#migs[@]} - 1))
{
	for ((i = 0; i < prev; i++)); do cat "${migs[i]}"; done
	echo "PRAGMA application_id=$((0x44564344)); PRAGMA user_version=$prev;"
} | sqlite3 "$data/dvcdesk.db"
chmod 600 "$data/dvcdesk.db"
expect_eq "the old database is at the older schema" "$(sqlite3 "$data/dvcdesk.db" 'PRAGMA user_version')" "$prev"
hash_data() { (cd "$data" && find . -type f -exec sha256sum {} + | sort); }
before=$(hash_data)

expect_exit "dpkg --root: upgrade to $version" 0 dpkgr -i "$deb"
expect_eq "dpkg --root: $version installed" \
	"$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Version} ${Status}' dvcdesk)" "$version install ok installed"
expect_eq "upgrade: the database is untouched by the package" "$(hash_data)" "$before"
expect_eq "upgrade: still the older schema (the migration waits for the first start)" \
	"$(sqlite3 "$data/dvcdesk.db" 'PRAGMA user_version')" "$prev"
# The first start after the upgrade migrates and saves.
qenv() { env HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" "$@"; }
expect_exit "after the upgrade: add (migrates at first start)" 0 \
	qenv "$root/usr/bin/dvcdesk" add --procedure none --service lookup
expect_eq "after the upgrade: the schema is the latest" \
	"$(sqlite3 "$data/dvcdesk.db" 'PRAGMA user_version')" "${#migs[@]}"
expect_exit "after the upgrade: report" 0 qenv "$root/usr/bin/dvcdesk" report --day "$(date +%F)" --format json
expect_contains "after the upgrade: the visit is counted" "$OUT" '"visits": 1,'
qenv "$root/usr/bin/dvcdesk" check >/dev/null 2>&1
expect_eq "after the upgrade: dvcdesk check passes" "$?" 0
expect_exit "dpkg --root: reinstall the same version" 0 dpkgr -i "$deb"

before=$(hash_data)
expect_exit "dpkg --root: purge" 0 dpkgr --purge dvcdesk
expect_contains "purge: says the data are kept" "$OUT" "data are kept"
expect_contains "purge: names the user's data folder" "$OUT" "/home/quay/.local/share/dvcdesk"
expect_eq "purge: the data are untouched" "$(hash_data)" "$before"
check "purge: the program is gone" test ! -e "$root/usr/bin/dvcdesk"
check "purge: /usr/share/dvcdesk is gone" test ! -e "$root/usr/share/dvcdesk"
expect_eq "purge: nothing of the package left" \
	"$(dpkg-query --admindir="$root/var/lib/dpkg" -W -f '${Status}' dvcdesk 2>/dev/null)" ""

finish
