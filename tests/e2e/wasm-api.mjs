// The wasm API build (src/wasm_api.rs) loaded in Node: the Worker's code and stacks without
// the Worker, answering HTTP requests through the same service. Used by the wasm-side
// hostile suite and bench/stack.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

export const WASM_API = join(ROOT, 'build', 'wasm-api', 'edgeviz.wasm');

// Rust's stack is painted with this byte before a call; the deepest byte changed after it
// tells how much of the stack the call used.
const PAINT = 0xa5;

/**
 * The imports the module declares, each a function that throws: the wasm API calls no
 * JavaScript. (svgbob links wasm-bindgen through sauron, whose placeholder imports the
 * Worker's wasm-bindgen step fills, and the same build carries the WASI shells, which import
 * WASI's interfaces; nothing on the API's paths calls either.)
 */
export function throwingImports(module) {
  const imports = {};
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') throw new Error(`the wasm API imports a ${kind}: ${from}.${name}`);
    imports[from] ??= {};
    imports[from][name] = () => { throw new Error(`the wasm API called the JS import ${from}.${name}`); };
  }
  return imports;
}

/** One instance of the wasm API with an HTTP-like call. */
export class WasmApi {
  constructor(module) {
    this.instance = new WebAssembly.Instance(module, throwingImports(module));
    this.ex = this.instance.exports;
    // Rust's stack grows down from its top; with no wasm frame active it is (nearly) empty.
    this.stackTop = this.ex.edgeviz_stack_pointer() + 64;
  }

  get memoryBytes() { return this.ex.memory.buffer.byteLength; }

  put(bytes) {
    const ptr = this.ex.edgeviz_alloc(bytes.length);
    new Uint8Array(this.ex.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  }

  /** POST (or GET when `body` is null) through the service; { status, body, stackUsed }. */
  request(target, body) {
    const t = Buffer.from(target, 'utf8');
    const b = body == null ? Buffer.alloc(0) : Buffer.from(body);
    const tp = this.put(t);
    const bp = this.put(b);
    // Paint the free stack below the current frame, so the deepest write can be found after.
    const below = this.ex.edgeviz_stack_pointer() - 256;
    new Uint8Array(this.ex.memory.buffer, 0, below).fill(PAINT);
    const status = this.ex.edgeviz_handle(body == null ? 0 : 1, tp, t.length, bp, b.length);
    const mem = new Uint8Array(this.ex.memory.buffer);
    let low = 0;
    while (low < below && mem[low] === PAINT) low++;
    const out = new Uint8Array(this.ex.memory.buffer, this.ex.edgeviz_output_ptr(), this.ex.edgeviz_output_len()).slice();
    return { status, body: out, stackUsed: this.stackTop - low };
  }
}

export function loadModule() {
  if (!existsSync(WASM_API)) throw new Error(`${WASM_API} is missing: run scripts/build-wasm-api.sh`);
  return new WebAssembly.Module(readFileSync(WASM_API));
}

