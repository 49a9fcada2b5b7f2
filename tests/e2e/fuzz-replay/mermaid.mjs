// Replays an input of the `mermaid` fuzz target (fuzz/fuzz_targets/mermaid.rs): byte 0 bit 0
// SVG or PNG, bits 1-3 the theme, bits 4-5 the background; the rest Mermaid source.
import { q, selectors } from './shared.mjs';

export function request(bytes) {
  const s = selectors(bytes, 1);
  if (!s) return null;
  const [[sel], source] = s;
  const theme = ['light', 'dark', 'auto', 'neutral', 'forest'][((sel >> 1) & 7) % 5];
  const background = [null, 'transparent', '#123456', 'white'][(sel >> 4) & 3];
  return { target: `/mermaid/${sel & 1 ? 'png' : 'svg'}?${q([['theme', theme], ['background', background]])}`, body: source };
}
