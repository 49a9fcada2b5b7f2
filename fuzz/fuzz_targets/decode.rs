#![no_main]
//! `edgeviz::encoding::decode` on arbitrary text, and `decode(encode(s)) == s`.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Errors are fine; panics, aborts and hangs are not.
    if let Ok(source) = edgeviz::encoding::decode(&text) {
        assert!(source.len() <= edgeviz::limits::MAX_SOURCE_BYTES);
    }
    // Round trip: whatever edgeviz encodes, it decodes back unchanged.
    let encoded = edgeviz::encoding::encode(&text);
    if encoded.len() <= edgeviz::limits::MAX_URL_BYTES {
        let back = edgeviz::encoding::decode(&encoded)
            .unwrap_or_else(|e| panic!("decode(encode(s)) failed: {e}"));
        assert_eq!(back, text, "decode(encode(s)) != s");
        // Padding is optional.
        let padded = format!("{encoded}{}", "=".repeat((4 - encoded.len() % 4) % 4));
        if padded.len() <= edgeviz::limits::MAX_URL_BYTES {
            assert_eq!(
                edgeviz::encoding::decode(&padded).ok().as_deref(),
                Some(&*text)
            );
        }
    }
});
