"""Seeds of the `sanitize` target: every small SVG under tests/, and a few hand-written
(fuzz/seeds.py runs this)."""
import glob
import os


def seeds(put, root):
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
