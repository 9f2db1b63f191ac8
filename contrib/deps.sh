#!/bin/sh
# Install the Debian packages dvcdesk needs, and nothing when all are there.
# Usage: contrib/deps.sh build|check|bench   (each tier includes the ones before)
# Announces every package it installs; uses sudo when not root.
set -eu

tier=${1:-build}

build="gcc make pkg-config gettext libncurses-dev libsqlite3-dev libqrencode-dev \
libiniparser-dev libutf8proc-dev libcairo2-dev libpango1.0-dev libsodium-dev \
fonts-dejavu-core"
# dvcdesk reconcile: .xlsx (libzip, expat), .xls (freexl), .xlsx output (xlsxwriter)
build="$build libzip-dev libexpat1-dev libfreexl-dev libxlsxwriter-dev"
# What `make check` drives: the test framework, a real terminal, a real QR
# decoder, a real print queue, the SQLite shell, fault injection, a fuzzer.
check="libcmocka-dev tmux zbar-tools sqlite3 cups printer-driver-cups-pdf \
poppler-utils fiu-utils faketime qrencode clang libclang-rt-14-dev python3 \
strace util-linux procps valgrind"
# tests/cli/reconcile.sh builds its .xlsx and .xls fixtures with these
check="$check python3-openpyxl python3-xlwt"
# make bench compares against sqlite3 and qrencode, already in `check`.
bench=""

case "$tier" in
build) want=$build ;;
check) want="$build $check" ;;
bench) want="$build $check $bench" ;;
*) echo "usage: contrib/deps.sh build|check|bench" >&2; exit 64 ;;
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
