#!/usr/bin/env python3
"""Regenerate DroidSansFallback-CJK-subset.ttf from Debian's fonts-droid-fallback.

Downloads nothing. Get the source font first, e.g.:

    apt-get download fonts-droid-fallback          # 1:6.0.1r16-1.1 was used
    dpkg-deb -x fonts-droid-fallback_*.deb /tmp/droid
    python3 fonts/make-cjk-subset.py \
        /tmp/droid/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf \
        fonts/DroidSansFallback-CJK-subset.ttf

Use DroidSansFallback.ttf (v2.55b), NOT DroidSansFallbackFull.ttf: the "Full" file
has only 3 Hangul syllables (Debian bug #853921).

Needs fontTools (pip install fonttools). `--sets` picks character sets (default: base,ksx1001,gb2312-1,jis-1).
"""
import argparse
import os
import subprocess
import sys
import tempfile


def decode_rows(codec, rows, cols=range(0xA1, 0xFF)):
    out = set()
    for r in rows:
        for c in cols:
            try:
                s = bytes([r, c]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                out.add(ord(s))
    return out


def ranges(*pairs):
    return {cp for lo, hi in pairs for cp in range(lo, hi + 1)}


SETS = {
    # kana, CJK symbols and punctuation, half/fullwidth forms, Hangul compatibility jamo
    "base": lambda: ranges((0x3000, 0x303F), (0x3040, 0x30FF), (0x3130, 0x318F), (0xFF00, 0xFFEF)),
    # KS X 1001 Hangul syllables (2,350)
    "ksx1001": lambda: decode_rows("euc-kr", range(0xB0, 0xC9)),
    # GB2312 level-1 hanzi (3,755)
    "gb2312-1": lambda: decode_rows("gb2312", range(0xB0, 0xD8)),
    # JIS X 0208 level-1 kanji (2,965)
    "jis-1": lambda: decode_rows("euc-jp", range(0xB0, 0xD0)),
}
DEFAULT_SETS = list(SETS)
# Optional extras, not in the shipped subset (see README for their cost).
SETS.update({
    "hangul-all": lambda: ranges((0xAC00, 0xD7A3)),                   # all 11,172 syllables
    "gb2312-2": lambda: decode_rows("gb2312", range(0xD8, 0xF8)),      # GB2312 level-2 hanzi
    "jis-2": lambda: decode_rows("euc-jp", range(0xD0, 0xF5)),         # JIS X 0208 level-2 kanji
})


def charset(names):
    cps = set()
    for n in names:
        cps |= SETS[n]()
    return cps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--sets", default=",".join(DEFAULT_SETS),
                    help="comma list of: %s (default: %s)" % (", ".join(SETS), ",".join(DEFAULT_SETS)))
    a = ap.parse_args()
    cps = sorted(charset(a.sets.split(",")))
    # Pass the list in a file: a large set overflows the command-line length limit.
    tmp = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    tmp.write("\n".join("U+%04X" % c for c in cps) + "\n")
    tmp.close()
    cmd = [
        sys.executable, "-m", "fontTools.subset", a.src,
        "--output-file=" + a.dst,
        "--unicodes-file=" + tmp.name,
        "--no-hinting", "--desubroutinize",
        "--layout-features=",          # horizontal text only: no 'vert'
        "--drop-tables+=vhea,vmtx,GPOS,GSUB,GDEF",
        "--name-IDs=*", "--name-languages=*",
    ]
    try:
        subprocess.run(cmd, check=True)
    finally:
        os.unlink(tmp.name)
    print("%d codepoints requested -> %s" % (len(cps), a.dst))


if __name__ == "__main__":
    main()
