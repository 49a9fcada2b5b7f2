// Replays an input of the `draw` fuzz target (fuzz/fuzz_targets/draw.rs): byte 0 the format
// and theme, byte 1 a layout override (>= 128), the rest DOT.
import { rustEngines } from '../hostile.mjs';
import { q, selectors } from './shared.mjs';

const ENGINES = rustEngines();
const DRAW_FORMATS = ['svg', 'png', 'json', 'json0', 'dot', 'xdot', 'canon', 'plain', 'plain-ext'];

export function request(bytes) {
  const s = selectors(bytes, 2);
  if (!s) return null;
  const [[sel, lay], source] = s;
  const format = (sel & 1) === 0 ? ((sel & 2) === 0 ? 'svg' : 'png')
    : DRAW_FORMATS[2 + (sel >> 1) % (DRAW_FORMATS.length - 2)];
  const theme = ['light', 'dark', 'auto'][(sel >> 2) % 3];
  const layout = lay >= 128 ? ENGINES[lay % ENGINES.length] : null;
  return { target: `/graphviz/${format}?${q([['theme', theme], ['layout', layout]])}`, body: source };
}
