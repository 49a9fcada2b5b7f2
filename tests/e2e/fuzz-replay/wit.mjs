// Replays an input of the `wit` fuzz target (fuzz/fuzz_targets/wit.rs): byte 0 bit 0 SVG or
// PNG, bits 1-2 the theme, bit 3 `wit-detail`; the rest WIT source.
import { q, selectors } from './shared.mjs';

export function request(bytes) {
  const s = selectors(bytes, 1);
  if (!s) return null;
  const [[sel], source] = s;
  const theme = ['light', 'dark', 'auto'][((sel >> 1) & 3) % 3];
  return { target: `/wit/${sel & 1 ? 'png' : 'svg'}?${q([['theme', theme], ['wit-detail', sel & 8 ? 'names' : 'full']])}`, body: source };
}
