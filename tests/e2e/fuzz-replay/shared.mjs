// What every fuzz target's replay shares (one file a target beside it, named after the target
// in fuzz/fuzz_targets/: it decodes an input as the target does and says the request it stands
// for, or null when the target would skip it).

/** `check::MAX_SOURCE`: the longest source a target draws. */
export const MAX_FUZZ_SOURCE = 4096;

/** The input's first `n` bytes (its selectors) and the rest (the source), or null. */
export const selectors = (bytes, n) => (bytes.length < n || bytes.length > MAX_FUZZ_SOURCE + n
  ? null : [bytes.subarray(0, n), bytes.subarray(n)]);

/** A query string of the pairs whose value is not null. */
export const q = (pairs) => pairs.filter(([, v]) => v != null).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
