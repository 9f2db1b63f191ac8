#!/bin/sh
# Build dist/dvcdesk_VERSION_ARCH.deb (`make deb`).
# Usage: contrib/make-deb.sh VERSION
# dpkg-buildpackage runs in a copy of the tree, build/deb/dvcdesk-VERSION/:
# its `debian/rules clean` would otherwise remove this build, and it writes
# the .deb into the parent folder, which must not be the checkout's.
# The copy holds the files git knows (tracked or new, not ignored), or the
# whole tree outside a git checkout.  DEB_BUILD_OPTIONS defaults to
# "parallel=2 nocheck" (the tests are `make check`'s).
set -eu
cd "$(dirname "$0")/.."
version=${1:?usage: contrib/make-deb.sh VERSION}
changelog=$(dpkg-parsechangelog -l debian/changelog -S Version)
if [ "$changelog" != "$version" ]; then
	echo "dvcdesk: debian/changelog is at $changelog but the Makefile's VERSION is $version: add an entry at the top of debian/changelog" >&2
	exit 65
fi
work=build/deb
src=$work/dvcdesk-$version
rm -rf "$work"
mkdir -p "$src" dist
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -co --exclude-standard | while IFS= read -r f; do
		[ -e "$f" ] && printf '%s\n' "$f"
	done | tar -cf - -T - | tar -xf - -C "$src"
else
	tar --exclude=./build --exclude=./dist --exclude=./.git --exclude=./dvcdesk -cf - . | tar -xf - -C "$src"
fi
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
log=$work/build.log
echo "dvcdesk: dpkg-buildpackage in $src (log: $log)"
if ! (cd "$src" && DEB_BUILD_OPTIONS=${DEB_BUILD_OPTIONS:-"parallel=2 nocheck"} \
	dpkg-buildpackage -b -uc -us) >"$log" 2>&1; then
	tail -30 "$log" >&2
	echo "dvcdesk: the package did not build (the whole log: $log)" >&2
	exit 70
fi
deb=dvcdesk_${version}_$arch.deb
mv "$work/$deb" dist/
echo "dist/$deb"
