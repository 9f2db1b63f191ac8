#!/usr/bin/env python3
"""Paint text-terminal QR lines as a greyscale picture, as a screen shows them.

Usage: qrpaint.py [--invert] [--cell WxH] [--border N] OUT.pgm < LINES

Each character is one terminal cell of W x H pixels (default 8 x 16, a
common console font): "█" and "#" fill the cell with ink, "▀" the top half,
"▄" the bottom half, a space nothing.  Ink is black on white; with --invert
it is white on black, as light glyphs on a dark terminal theme.  --border
adds N cells of background around the lines (the terminal around the code);
it is background, not quiet zone, so it never makes up for a missing one.
Any other character is an error (exit 2): a stray glyph would not scan.
Python's standard library only; zbarimg reads the binary PGM written.
"""
import sys

SHAPES = {"\u2588": (True, True), "#": (True, True), "\u2580": (True, False),
          "\u2584": (False, True), " ": (False, False)}


def main(argv):
    invert, cell_w, cell_h, border, out = False, 8, 16, 0, None
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--invert":
            invert = True
        elif a == "--cell":
            cell_w, cell_h = (int(v) for v in args.pop(0).split("x"))
        elif a == "--border":
            border = int(args.pop(0))
        elif out is None and not a.startswith("--"):
            out = a
        else:
            sys.stderr.write(__doc__)
            return 64
    if out is None or cell_h % 2:
        sys.stderr.write(__doc__)
        return 64

    lines = sys.stdin.buffer.read().decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    cols = max((len(l) for l in lines), default=0) + 2 * border
    rows = len(lines) + 2 * border
    ink, paper = (255, 0) if invert else (0, 255)
    width, height = cols * cell_w, rows * cell_h
    pixels = bytearray([paper]) * (width * height)
    half = cell_h // 2
    for r, line in enumerate(lines):
        for c, ch in enumerate(line):
            if ch not in SHAPES:
                sys.stderr.write("qrpaint: line %d column %d: unexpected %r\n" % (r + 1, c + 1, ch))
                return 2
            top, bottom = SHAPES[ch]
            x0 = (c + border) * cell_w
            y0 = (r + border) * cell_h
            for part, on in ((0, top), (1, bottom)):
                if not on:
                    continue
                for y in range(y0 + part * half, y0 + (part + 1) * half):
                    pixels[y * width + x0:y * width + x0 + cell_w] = bytes([ink]) * cell_w
    with open(out, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (width, height))
        f.write(pixels)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
