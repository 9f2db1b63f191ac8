#!/bin/sh
# Check that the layers of src/ only point down.
# Usage: contrib/lint-layers.sh LAYER...   (bottom layer first)
# A file in src/L/ may include "M/x.h" only when M is L or comes before L in
# the list; src/ (the core) never includes curses; screens/ may use any layer
# but src/ never includes screens/ (main.c alone joins the two).
set -u
cd "$(dirname "$0")/.." || exit 1
rank() { i=0; for l in $LAYERS; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo -1; }
LAYERS="$*"
bad=0
for f in src/*/*.c src/*/*.h; do
	[ -f "$f" ] || continue
	layer=${f#src/}; layer=${layer%%/*}
	me=$(rank "$layer")
	if [ "$me" -lt 0 ]; then
		echo "$f: src/$layer/ is not a layer (add it to LAYERS in the Makefile)"; bad=1; continue
	fi
	for inc in $(sed -n 's/^#include "\([a-z_]*\)\/[a-z_]*\.h".*/\1/p' "$f"); do
		them=$(rank "$inc")
		if [ "$them" -lt 0 ]; then
			echo "$f: includes from $inc/, which is not a layer of src/"; bad=1
		elif [ "$them" -gt "$me" ]; then
			echo "$f: $layer/ includes $inc/, a layer above it (arrows point down: $LAYERS, right to left)"; bad=1
		fi
	done
done
if grep -lE '#include *[<"](n?curses|ncursesw/curses)\.h' src/*.c src/*/*.[ch] 2>/dev/null; then
	echo "src/ must not include curses: the core works without a terminal"; bad=1
fi
if grep -lE '#include *"\.\./screens/' src/*/*.[ch] 2>/dev/null; then
	echo "only src/main.c may include screens/"; bad=1
fi
exit $bad
