"""Seeds of the `draw`, `decode` and `service` targets: the Graphviz corpus and golden cases
(fuzz/seeds.py runs this)."""
import base64
import glob
import os
import zlib


def seeds(put, root):
    dots = sorted(
        f
        for f in glob.glob(root + "/tests/corpus/**/*.gv", recursive=True)
        + glob.glob(root + "/tests/cases/graphviz/*.dot")
        if os.path.getsize(f) <= 20 * 1024
    )
    for i, f in enumerate(dots):
        src = open(f, "rb").read()
        if len(src) <= 4096:
            # draw: byte 0 = format/theme, byte 1 = layout override (>= 128)
            put("draw", bytes([0, 0]) + src)
            put("draw", bytes([[2, 1, 4, 3, 8][i % 5], [0, 130, 131, 135][i % 4]]) + src)
            put("decode", base64.urlsafe_b64encode(zlib.compress(src, 9)).rstrip(b"="))
        put("service", src[:4096])
    for s in [b"digraph{a->b}", b"graph{}", b""]:
        for level in (0, 1, 6, 9):
            put("decode", base64.urlsafe_b64encode(zlib.compress(s, level)).rstrip(b"="))
        put("decode", base64.urlsafe_b64encode(zlib.compress(s, 9)))
        put("decode", base64.b64encode(zlib.compress(s, 9)))
    put("decode", b"eNpLyUwvSizIUHBXqPZIzcnJ17ULzy_KSanlAgB1EAjQ")
