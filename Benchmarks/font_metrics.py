#!/usr/bin/env python3
"""Prints Sources/RaiCore/Report/TextMetrics+Table.swift, the advance widths of chart text.

The HTML report lays out chart text with no browser at hand, so it measures strings with a table:
for each character, the widest advance among the fonts the chart CSS can end up with, in
thousandths of an em, rounded up. The CSS asks for Arial and its metric twins (Liberation Sans,
Arimo, Helvetica), then the platform's sans-serif, which on Linux is most often DejaVu Sans, one
of the widest; so the table is the per-character maximum over Liberation Sans and DejaVu Sans,
upright and slanted (small slices are drawn in italics).

    font_metrics.py FONT.ttf [FONT.ttf ...] > Sources/RaiCore/Report/TextMetrics+Table.swift

Needs fontTools (pip install fonttools). The fonts used for the committed table:
LiberationSans-Regular/Italic.ttf (Debian fonts-liberation2 2.1.5) and
DejaVuSans.ttf/DejaVuSans-Oblique.ttf (Debian fonts-dejavu-core 2.37).
"""
import math
import sys

from fontTools.ttLib import TTFont

RANGES = [(0x20, 0x7E), (0xA0, 0x17F)]
EXTRA = [0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2212, 0x2264, 0x2265]


def advances(path):
    font = TTFont(path)
    per_em = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    metrics = font["hmtx"].metrics
    return {code: metrics[name][0] / per_em for code, name in cmap.items()}


def main():
    fonts = [advances(path) for path in sys.argv[1:]]
    def widest(code):
        found = [font[code] for font in fonts if code in font]
        if len(found) != len(fonts):
            sys.exit(f"U+{code:04X} is missing from a font")
        return math.ceil(max(found) * 1000)
    print("extension TextMetrics {")
    print("    // Printed by Benchmarks/font_metrics.py from " + ", ".join(p.rsplit("/", 1)[-1] for p in sys.argv[1:]) + ":")
    print("    // per character, the largest advance, in thousandths of an em, rounded up.")
    names = {0x20: "asciiAdvances", 0xA0: "latinAdvances"}
    for low, high in RANGES:
        values = [widest(code) for code in range(low, high + 1)]
        print()
        print(f"    /// U+{low:04X} … U+{high:04X}.")
        print(f"    static let {names[low]}: [UInt16] = [")
        for start in range(0, len(values), 16):
            print("        " + ", ".join(str(v) for v in values[start:start + 16]) + ",")
        print("    ]")
    print()
    print("    /// Dashes, quotes, the ellipsis and a few symbols.")
    print("    static let punctuationAdvances: [UInt32: UInt16] = [")
    for code in EXTRA:
        print(f"        0x{code:04X}: {widest(code)},")
    print("    ]")
    print("}")

main()
