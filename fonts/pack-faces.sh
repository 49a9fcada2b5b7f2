#!/usr/bin/env bash
# Regenerates fonts/faces.zst, the twelve Latin faces in one zstd frame for the free-plan
# build (Cargo feature `compressed-fonts`, src/fonts.rs). Needs Debian's `zstd`.
# Layout before compression, face after face in src/fonts.rs's order: one byte of name length,
# the file name (UTF-8), the file size as a 32-bit little-endian number, the file's bytes.
# One frame over all faces: zstd's 2 MB window finds what the faces share (the same outlines
# in Regular and Bold...), which gzip's 32 KB window cannot: 631 KB against 903 KB gzipped.
# tests: fonts::tests::compressed_faces_are_the_font_files (run with the feature) checks that
# the frame holds exactly the files beside it.
set -euo pipefail
cd "$(dirname "$0")"
FACES="Tinos-Regular Tinos-Bold Tinos-Italic Tinos-BoldItalic Arimo-Regular Arimo-Bold
Arimo-Italic Arimo-BoldItalic Cousine-Regular Cousine-Bold Cousine-Italic Cousine-BoldItalic"
packed=$(mktemp)
trap 'rm -f "$packed"' EXIT
for face in $FACES; do
  name="$face.ttf"
  printf "\\x$(printf %02x ${#name})%s" "$name"
  size=$(stat -c %s "$name")
  printf "\\x$(printf %02x $((size & 255)))\\x$(printf %02x $(((size >> 8) & 255)))\\x$(printf %02x $(((size >> 16) & 255)))\\x$(printf %02x $(((size >> 24) & 255)))"
  cat "$name"
done > "$packed"
# A 2 MB window holds the whole input (1.4 MB), so the decoder needs no more than that.
zstd --ultra -22 --long=21 -q -f "$packed" -o faces.zst
chmod 644 faces.zst
ls -l faces.zst
