// The contained renderer (src/contained.rs): a second instance of the Worker's own wasm module,
// in which every drawing runs. It imports nothing it may call: each function the module
// imports (wasm-bindgen's, which only the Worker's own instance uses) is given one that throws;
// its one other import is V8's tag for JavaScript exceptions.
// A call that throws (a trap: stack overflow, memory access out of bounds, unreachable, or a
// call of such an import) drops the instance; the next call makes a new one. Nothing else
// lives in it, so nothing else is lost.

let module = null;
let renderer = null;

/** The Worker's WebAssembly.Module (wasm_bindgen::module()), before the first call. */
export function contained_start(m) {
  module = m;
}

function refusing(name) {
  return () => {
    throw new Error(`the contained renderer called the import ${name}`);
  };
}

function instance() {
  if (renderer) return renderer;
  const imports = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    // wasm-bindgen's exception handling catches JavaScript's exceptions by V8's own tag.
    const value = kind === 'tag' && name === '__wbindgen_jstag' ? WebAssembly.JSTag : refusing(name);
    if (kind !== 'function' && kind !== 'tag') throw new Error(`the renderer's module imports a ${kind} (${name})`);
    (imports[from] ??= {})[name] = value;
  }
  renderer = new WebAssembly.Instance(module, imports).exports;
  return renderer;
}

/** Runs operation `op` on `input` (bytes) in the renderer; returns its answer's bytes. */
export function contained_call(op, input) {
  const ex = instance();
  try {
    const ptr = ex.edgeviz_contained_alloc(input.length);
    new Uint8Array(ex.memory.buffer, ptr, input.length).set(input);
    ex.edgeviz_contained_call(op, ptr, input.length);
    const at = ex.edgeviz_contained_output_ptr();
    return new Uint8Array(ex.memory.buffer, at, ex.edgeviz_contained_output_len()).slice();
  } catch (e) {
    renderer = null;
    // A new Error, not the trap itself: wasm-bindgen's glue takes a WebAssembly.RuntimeError
    // that reaches the Worker's own instance for its own trap, and resets that instance.
    throw new Error(`${e?.name ?? 'Error'}: ${e?.message ?? e}`);
  }
}

/** The renderer's linear memory in bytes (0 when there is none). */
export function contained_memory() {
  return renderer ? renderer.memory.buffer.byteLength : 0;
}

/** Drops the renderer (its memory is freed with it); the next call makes a new one. */
export function contained_reset() {
  renderer = null;
}
