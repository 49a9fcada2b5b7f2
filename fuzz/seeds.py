#!/usr/bin/env python3
"""Writes the seed corpora into fuzz/corpus/TARGET (see README.md). Idempotent."""
import base64
import glob
import hashlib
import os
import zlib

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def put(target, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


dots = sorted(
    f
    for f in glob.glob(root + "/tests/corpus/**/*.gv", recursive=True)
    + glob.glob(root + "/tests/cases/*.dot")
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

svgs = [f for f in glob.glob(root + "/tests/**/*.svg", recursive=True) if os.path.getsize(f) <= 20 * 1024]
for i, f in enumerate(sorted(svgs)):
    put("sanitize", bytes([i % 4]) + open(f, "rb").read())
for s in [
    b'<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="javascript:alert(1)" xmlns:xlink="http://www.w3.org/1999/xlink"><text x="1" y="2">&nbsp;&amp;</text></a></svg>',
    b'<svg><script>alert(1)</script><g onclick="x"><polygon fill="black" points="0,0 1,1"/></g></svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><!-- c --><svg><![CDATA[x]]><foreignObject><p/></foreignObject><rect style="fill:url(#a)" width="1" height="1"/></svg>',
    b'<svg><g><ellipse fill="white" stroke="black" cx="1" cy="1" rx="3" ry="3"/><text x="1" y="1" font-size="14">t</text></g><path fill="#d3d3d3" d="M0,0C1,1 2,2 3,3"/></svg>',
]:
    for theme in range(4):
        put("sanitize", bytes([theme]) + s)
for t in ("decode", "draw", "sanitize", "service"):
    print(t, len(os.listdir(os.path.join(here, "corpus", t))))
