//! A fast, correctly rounded fused multiply-add for the WebAssembly builds.
//!
//! graphviz-pure computes geometry with `f64::mul_add` (it reproduces the fused operations
//! of the C Graphviz it is byte-identical to). WebAssembly has no scalar fma instruction, so
//! on wasm32 `mul_add` becomes a call to the `fma` symbol, which Rust's runtime answers with
//! a bit-by-bit software routine built on 128-bit integer products: profiling the Worker's
//! wasm in V8 put that routine at 8–10 % of a whole SVG render (edge routing calls it in
//! its inner loops). Natively the same call is one hardware instruction.
//!
//! This module defines `fma` for wasm32 so that the linker takes it instead (the runtime's
//! copy is a weak symbol). It computes the same correctly rounded result with ordinary
//! double arithmetic: the product split exactly into two doubles (Dekker's product with
//! Veltkamp's splitting), the addend added exactly (Knuth's TwoSum), the two low parts added
//! with rounding to odd, and one final rounding to nearest. That is the emulated fma of
//! Boldo and Melquiond ("Emulation of FMA and correctly rounded sums: proved algorithms
//! using rounding to odd", IEEE Transactions on Computers 57(4), 2008), proved correct for
//! binary64 when nothing overflows or underflows. Inputs outside the range where that
//! holds (huge, tiny, subnormal, infinite, NaN) go to the `libm` crate's software `fma`, so
//! every result is the correctly rounded one; `tests` checks it against `libm` and against
//! the hardware instruction on millions of inputs, the hard cases included.

/// `a * b + c` with one rounding, as `f64::mul_add`.
#[inline]
pub fn fused_multiply_add(a: f64, b: f64, c: f64) -> f64 {
    if a == 0.0 || b == 0.0 {
        // The product is an exact (signed) zero: one rounding of the sum is the fma's, the
        // sign of a zero result included. Infinite or NaN c propagate as in fma.
        if a.is_finite() && b.is_finite() {
            return a * b + c;
        }
        return libm::fma(a, b, c);
    }
    if !in_fast_range(a, b, c) {
        return libm::fma(a, b, c);
    }
    let (uh, ul) = two_product(a, b);
    let (th, tl) = two_sum(c, uh);
    th + add_round_to_odd(tl, ul)
}

/// Biased exponent field of a double.
#[inline]
fn exponent(x: f64) -> u64 {
    (x.to_bits() >> 52) & 0x7ff
}

/// True when a and b (nonzero) lie within 2^±450 and c is zero or within 2^±900: the
/// splitting cannot overflow, the product's low part is a normal double, no sum overflows,
/// and no partial sum underflows, which is what the proof needs.
#[inline]
fn in_fast_range(a: f64, b: f64, c: f64) -> bool {
    const BIAS: u64 = 1023;
    let (ea, eb, ec) = (exponent(a), exponent(b), exponent(c));
    let near = |e: u64, span: u64| e >= BIAS - span && e <= BIAS + span;
    near(ea, 450) && near(eb, 450) && (c == 0.0 || near(ec, 900))
}

/// `(s, e)` with `s = a + b` rounded and `s + e == a + b` exactly (Knuth).
#[inline]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let b_virtual = s - a;
    let a_virtual = s - b_virtual;
    (s, (a - a_virtual) + (b - b_virtual))
}

/// `(hi, lo)` with `hi + lo == x`, each half holding at most 26 significant bits (Veltkamp).
#[inline]
fn split(x: f64) -> (f64, f64) {
    const SPLITTER: f64 = 134_217_729.0; // 2^27 + 1
    let t = SPLITTER * x;
    let hi = t - (t - x);
    (hi, x - hi)
}

/// `(p, e)` with `p = a * b` rounded and `p + e == a * b` exactly (Dekker).
#[inline]
fn two_product(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    (p, e)
}

/// `a + b` rounded to odd: exact sums as they are, inexact ones to whichever neighbour has
/// an odd last significand bit.
#[inline]
fn add_round_to_odd(a: f64, b: f64) -> f64 {
    let (s, e) = two_sum(a, b);
    let bits = s.to_bits();
    if e == 0.0 || bits & 1 == 1 {
        return s;
    }
    // s is even and inexact: step one unit towards the exact sum (the sign of e). On the
    // sign-magnitude encoding, +1 moves away from zero and -1 towards it.
    if (e > 0.0) == (s > 0.0) {
        f64::from_bits(bits + 1)
    } else {
        f64::from_bits(bits - 1)
    }
}

/// The symbol `f64::mul_add` calls on wasm32, replacing the runtime's software routine.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn fma(a: f64, b: f64, c: f64) -> f64 {
    fused_multiply_add(a, b, c)
}

#[cfg(test)]
mod tests {
    use super::fused_multiply_add;

    /// A small deterministic generator (xorshift64*), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        /// A double with random sign and significand, exponent in `lo..=hi` (unbiased).
        fn double(&mut self, lo: i64, hi: i64) -> f64 {
            let r = self.next();
            let span = u64::try_from(hi - lo + 1).unwrap();
            let e = u64::try_from(lo + 1023).unwrap() + r % span;
            f64::from_bits((r & (1 << 63)) | (e << 52) | (self.next() & ((1 << 52) - 1)))
        }
    }

    fn check(a: f64, b: f64, c: f64) {
        let want = libm::fma(a, b, c);
        let got = fused_multiply_add(a, b, c);
        assert!(
            got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
            "fma({a:e}, {b:e}, {c:e}) = {got:e}, correctly rounded {want:e}"
        );
        // The hardware instruction where the test machine has one (x86-64 with FMA, arm64).
        #[cfg(any(target_feature = "fma", target_arch = "aarch64"))]
        assert_eq!(got.to_bits(), a.mul_add(b, c).to_bits());
    }

    #[test]
    fn random_operands_of_every_magnitude_round_as_libm() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..1_000_000 {
            let (a, b) = (rng.double(-60, 60), rng.double(-60, 60));
            check(a, b, rng.double(-130, 130));
        }
        // Outside the fast path: huge, tiny and subnormal operands.
        for _ in 0..200_000 {
            let (a, b) = (rng.double(-1022, 1023), rng.double(-1022, 1023));
            check(a, b, rng.double(-1022, 1023));
            check(f64::from_bits(rng.next() >> 12), b, a);
        }
    }

    #[test]
    fn cancelling_and_halfway_cases_round_as_libm() {
        let mut rng = Rng(0x0123_4567_89ab_cdef);
        for _ in 0..1_000_000 {
            let (a, b) = (rng.double(-30, 30), rng.double(-30, 30));
            let p = a * b;
            // c cancels the rounded product, leaving only its rounding error (or nearly).
            check(a, b, -p);
            check(a, b, -p * (1.0 + f64::EPSILON));
            // c a power of two that puts the product's low bits exactly at half an ulp.
            let half_ulp = f64::from_bits(p.abs().to_bits() & 0x7ff0_0000_0000_0000) * f64::EPSILON;
            check(a, b, half_ulp);
            check(a, b, -half_ulp * 0.5);
            // Products of short significands: exact ties of p + c.
            let (x, y) = ((rng.next() >> 40) as f64, (rng.next() >> 40) as f64);
            check(x, y, (rng.next() >> 11) as f64 * 0.5);
            check(x + 0.5, y, -((rng.next() >> 12) as f64));
        }
    }

    /// The case rounding to odd exists for: (2^52 + k)(2^52 - k) = 2^104 - k² rounds to 2^104
    /// with a tiny error -k², and c (ulp 2^105) puts c + 2^104 exactly on a tie. Rounding the
    /// low parts to nearest loses -k² and the tie goes to the even neighbour, one ulp off.
    #[test]
    fn double_rounding_ties_round_as_libm() {
        let mut rng = Rng(0x5851_f42d_4c95_7f2d);
        for _ in 0..200_000 {
            let k = (rng.next() >> 40) as f64 + 1.0; // up to 2^24: k² stays below 2^52
            let (s1, s2) = (
                (rng.next() % 401) as i32 - 200,
                (rng.next() % 401) as i32 - 200,
            );
            let a = (4_503_599_627_370_496.0 + k) * 2f64.powi(s1);
            let b = (4_503_599_627_370_496.0 - k) * 2f64.powi(s2);
            let m = ((rng.next() >> 11) | (1 << 52)) as f64; // a 53-bit significand
            let c = m * 2f64.powi(105 + s1 + s2);
            for (a, b, c) in [(a, b, c), (a, b, -c), (-a, b, c), (a, -b, -c)] {
                check(a, b, c);
            }
        }
    }

    #[test]
    fn zeros_infinities_and_nans_behave_as_fma() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE / 4.0,
            f64::MAX,
            -f64::MAX,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e300,
            -1e-300,
            3.5,
        ];
        for a in specials {
            for b in specials {
                for c in specials {
                    check(a, b, c);
                }
            }
        }
    }
}
