// Generated benchmark inputs, deterministic (fixed-seed LCG): random DAGs, chains,
// fan-in/fan-out, a clustered architecture diagram and HTML-table-heavy graphs.

function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Random DAG of n nodes with about 1.5 edges per node (edges go from lower to higher ids). */
export function randomDag(n, seed = 42) {
  const rand = lcg(seed + n);
  const lines = [`digraph dag${n} {`];
  const edges = Math.round(n * 1.5);
  for (let i = 0; i < edges; i++) {
    const a = Math.floor(rand() * (n - 1));
    const b = a + 1 + Math.floor(rand() * Math.min(n - a - 1, 20));
    lines.push(`  n${a} -> n${b};`);
  }
  for (let i = 0; i < n; i++) lines.push(`  n${i};`);
  lines.push('}');
  return lines.join('\n');
}

export function chain(n) {
  return `digraph chain { ${Array.from({ length: n }, (_, i) => `c${i}`).join(' -> ')} }`;
}

export function fan(n) {
  const lines = ['digraph fan {'];
  for (let i = 0; i < n; i++) lines.push(`  src -> out${i}; in${i} -> sink;`);
  lines.push('}');
  return lines.join('\n');
}

/** Edge regions, each a cluster of Workers with their bindings. */
export function architecture(regions = 6, workers = 5, seed = 7) {
  const rand = lcg(seed);
  const lines = ['digraph arch {', '  compound=true; rankdir=LR; node [shape=box style="rounded,filled" fillcolor=white fontname="Helvetica"];',
    '  client [label="browsers"]; origin [label="origin API" shape=cylinder];'];
  for (let r = 0; r < regions; r++) {
    lines.push(`  subgraph cluster_r${r} { label="edge region ${r}"; style=filled; fillcolor="#fff4e6";`);
    lines.push(`    gw${r} [label="router ${r}"]; cache${r} [label="cache" shape=cylinder];`);
    for (let w = 0; w < workers; w++) {
      lines.push(`    subgraph cluster_r${r}w${w} { label="isolate ${w}"; fillcolor="#fffdf8"; w${r}_${w} [label="worker.wasm"]; kv${r}_${w} [label="KV" shape=cylinder]; w${r}_${w} -> kv${r}_${w}; }`);
      lines.push(`    gw${r} -> w${r}_${w}; w${r}_${w} -> cache${r};`);
    }
    lines.push('  }');
    lines.push(`  client -> gw${r}; cache${r} -> origin [style=dashed];`);
    if (rand() < 0.5 && r > 0) lines.push(`  gw${r} -> gw${r - 1} [label="failover" style=dotted];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Components drawn as HTML tables listing their functions. */
export function htmlTables(n = 30, rows = 6) {
  const lines = ['digraph tables {', '  node [shape=plaintext fontname="Helvetica"]; rankdir=LR;'];
  for (let i = 0; i < n; i++) {
    const cells = Array.from({ length: rows }, (_, r) =>
      `<TR><TD ALIGN="LEFT" PORT="f${r}">fn${r}</TD><TD BGCOLOR="#eef">(x: u32) -&gt; <I>result</I></TD></TR>`).join('');
    lines.push(`  t${i} [label=<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0"><TR><TD COLSPAN="2" BGCOLOR="#4a90d9"><B>component-${i}</B></TD></TR>${cells}</TABLE>>];`);
    if (i > 0) lines.push(`  t${i - 1}:f${i % rows} -> t${i}:f${(i * 3) % rows};`);
  }
  lines.push('}');
  return lines.join('\n');
}

export function generated() {
  return [
    ...[10, 100, 500, 1000, 2000].map((n) => [`gen/dag-${n}`, randomDag(n)]),
    ['gen/chain-200', chain(200)],
    ['gen/fan-100', fan(100)],
    ['gen/architecture', architecture()],
    ['gen/html-tables-30', htmlTables()],
  ];
}
