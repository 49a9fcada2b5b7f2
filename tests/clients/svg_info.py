"""Parses each SVG file named on the command line as XML (expat: any malformation fails) and
prints, as JSON, a list of {"path", "root", "texts", "fills"}: the root element's tag, the
text of every <text> element and every fill colour. Used by tests/e2e/clients.test.mjs."""

import json
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
out = []
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        out.append({"path": path, "error": f"not well-formed XML: {error}"})
        continue
    out.append(
        {
            "path": path,
            "root": root.tag,
            "texts": ["".join(t.itertext()) for t in root.iter(SVG + "text")],
            "fills": sorted({e.get("fill") for e in root.iter() if e.get("fill")}),
        }
    )
json.dump(out, sys.stdout)
