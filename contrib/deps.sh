#!/bin/sh
# Install the Debian packages dvcdesk needs, and nothing when all are there.
# Usage: contrib/deps.sh build|package|check|bench   (each tier includes the ones before)
# Announces every package it installs; uses sudo when not root.
set -eu

tier=${1:-build}

build="gcc make pkg-config gettext libncurses-dev libsqlite3-dev libqrencode-dev \
libiniparser-dev libutf8proc-dev libcairo2-dev libpango1.0-dev libsodium-dev \
fonts-dejavu-core \
libzip-dev libexpat1-dev"
# make deb and its check (tests/cli/package.sh, part of make check): the
# Debian tools (dpkg-buildpackage checks build-essential), lintian,
# bash-completion for the completion test, and
# systemd-analyze for the user units.
package="build-essential debhelper dpkg-dev fakeroot lintian bash-completion systemd"
# report --format xlsx (report_xlsx.c loads libxlsxwriter4 at run time)
build="$build libxlsxwriter-dev"
# sync: libpq's headers (src/sync/pg.c loads libpq.so.5 at run time)
build="$build libpq-dev"
# dvcdesk reconcile: .xls (freexl)
build="$build libfreexl-dev"
# What `make check` drives: the test framework, a real terminal, a real QR
# decoder, a real print queue, the SQLite shell, fault injection, a fuzzer.
check="libcmocka-dev tmux zbar-tools sqlite3 cups printer-driver-cups-pdf \
poppler-utils fiu-utils faketime qrencode clang libclang-rt-14-dev python3 \
strace util-linux procps valgrind"
# the spreadsheets read back by a real reader (tests/cli/periods.sh)
check="$check python3-openpyxl"
# sync: a real PostgreSQL the tests start themselves, psql and pg_dump, pgTAP
check="$check postgresql-15 postgresql-client-15 postgresql-15-pgtap"
# tests/cli/reconcile.sh builds its .xls fixtures with xlwt
check="$check python3-xlwt"
# make bench compares against sqlite3 and qrencode, already in `check`.
bench=""

case "$tier" in
build) want=$build ;;
package) want="$build $package" ;;
check) want="$build $package $check" ;;
bench) want="$build $package $check $bench" ;;
*) echo "usage: contrib/deps.sh build|package|check|bench" >&2; exit 64 ;;
esac

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "dvcdesk: missing packages:$missing (install them with your package manager)" >&2
	exit 69
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
		echo "dvcdesk: missing packages:$missing; run as root: apt-get install$missing" >&2
		exit 69
	fi
fi
echo "dvcdesk: installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "dvcdesk: installed:$missing"
