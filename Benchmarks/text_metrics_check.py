#!/usr/bin/env python3
"""Checks rai's chart text widths (Sources/RaiCore/Report/TextMetrics+Table.swift) against the
browser: Chromium draws every character of the table, and sample slice names, in SVG at 12 px in
each font given (through @font-face, so no font needs installing), and reports each text's
getComputedTextLength(); the table must never measure less than the browser draws.

    text_metrics_check.py FONT.ttf [FONT.ttf ...] [--browser chromium]

Prints, per font, the largest amount by which the browser's width exceeds the table's, less the
browser's rounding (glyph positions are 1/64 px: up to 1/64 px per character), which must not
be positive, and the mean ratio table / browser (how much room the table spares).
Standard library only; needs a Chromium.
"""
import argparse
import html
import json
import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "Sources", "RaiCore", "Report", "TextMetrics+Table.swift")
SIZE = 12.0
SAMPLES = [
    "sex=female & race=hispanic", "race=Native Hawaiian or Other Pacific Islander", "0.123", "1.000",
    "withheld (small slice)", "reference race=Caucasian: 0.693", "WWWWWWWWWW", "iiiiiiiiii",
    "Île-de-France résidents, âgés de soixante-cinq ans", "Ça, œuvre… “quoted” – dash — long",
]


def table():
    source = open(TABLE, encoding="utf-8").read()
    def array(name):
        body = re.search(name + r": \[UInt16\] = \[(.*?)\]", source, re.S).group(1)
        return [int(v) for v in re.findall(r"\d+", body)]
    widths = {0x20 + i: w for i, w in enumerate(array("asciiAdvances"))}
    widths.update({0xA0 + i: w for i, w in enumerate(array("latinAdvances"))})
    body = re.search(r"punctuationAdvances: \[UInt32: UInt16\] = \[(.*?)\]", source, re.S).group(1)
    widths.update({int(k, 16): int(v) for k, v in re.findall(r"0x([0-9A-F]+): (\d+)", body)})
    return widths


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("fonts", nargs="+")
    parser.add_argument("--browser", default="chromium")
    args = parser.parse_args()
    widths = table()
    texts = [chr(c) for c in sorted(widths) if chr(c).strip()] + SAMPLES
    def expected(text):
        return sum(widths[ord(c)] for c in text) * SIZE / 1000
    faces, groups = [], []
    for index, font in enumerate(args.fonts):
        faces.append(f"@font-face{{font-family:f{index};src:url('file://{os.path.abspath(font)}')}}")
        cells = "".join(f"<text x='0' y='20' style=\"font-family:f{index}\">{html.escape(t)}</text>" for t in texts)
        groups.append(f"<svg data-font='{index}' font-size='{SIZE}' width='2000' height='40'>{cells}</svg>")
    page = f"""<!DOCTYPE html><html><head><meta charset='utf-8'><style>{''.join(faces)}</style></head><body>
{''.join(groups)}
<script>
document.fonts.ready.then(function () {{
  var out = [];
  document.querySelectorAll('svg').forEach(function (svg) {{
    var row = [];
    svg.querySelectorAll('text').forEach(function (t) {{ row.push(t.getComputedTextLength()); }});
    out.push(row);
  }});
  var pre = document.createElement('pre'); pre.id = 'out'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
</script></body></html>"""
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "metrics.html")
        open(path, "w", encoding="utf-8").write(page)
        dom = subprocess.run([args.browser, "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
                              "--virtual-time-budget=10000", "--dump-dom", "file://" + path],
                             capture_output=True, text=True, timeout=120).stdout
    measured = json.loads(html.unescape(re.search(r"<pre id=\"out\">(.*?)</pre>", dom, re.S).group(1)))
    worst_all = -1e9
    for font, row in zip(args.fonts, measured):
        excess = [(got - expected(t) - len(t) / 64, t) for t, got in zip(texts, row)]
        worst = max(excess)
        ratio = sum(expected(t) / got for t, got in zip(texts, row) if got > 0) / len(texts)
        worst_all = max(worst_all, worst[0])
        print(f"{os.path.basename(font)}: {len(texts)} texts; largest excess of the browser's width over the table's "
              f"{worst[0] + len(worst[1]) / 64:+.3f} px ({worst[1]!r}, rounding allowance {len(worst[1]) / 64:.3f}); mean table/browser {ratio:.3f}")
    print("OK: the table never measures less than the browser draws" if worst_all <= 0 else "FAIL: the browser drew wider than the table")
    return 0 if worst_all <= 0 else 1


raise SystemExit(main())
