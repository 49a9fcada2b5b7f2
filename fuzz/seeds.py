#!/usr/bin/env python3
"""Writes the seed corpora into fuzz/corpus/TARGET (see README.md). Idempotent."""
import glob
import hashlib
import importlib.util
import os

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)


def put(target, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# Each target's seeds are made by seeds/TARGET.py (`seeds(put, root)`; draw.py also seeds
# decode and service), so that this file names no target's language.
for path in sorted(glob.glob(os.path.join(here, "seeds", "*.py"))):
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.seeds(put, root)

for t in sorted(os.listdir(os.path.join(here, "corpus"))):
    print(t, len(os.listdir(os.path.join(here, "corpus", t))))
