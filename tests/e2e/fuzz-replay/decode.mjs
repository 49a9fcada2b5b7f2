// Replays an input of the `decode` fuzz target (fuzz/fuzz_targets/decode.rs): any text, as
// the encoded part of a GET URL.
export function request(bytes) {
  return { target: `/graphviz/svg/${encodeURIComponent(Buffer.from(bytes).toString('utf8'))}`, body: null };
}
