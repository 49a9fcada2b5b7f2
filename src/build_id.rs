//! The build id: a digest of everything that decides what a build of edgeviz draws — its code
//! (`src/`, `wit/edgeviz.wit`), the embedded fonts (`fonts/`), the locked dependency versions
//! (`Cargo.lock`, the engines among them) and the Cargo features it was built with. It is part
//! of every cache key (`src/cache.rs`), so a release that changes any of them never serves an
//! image cached by another, whatever its version number says.
//!
//! Shared by `build.rs`, which computes it, and `tests/build_id.rs`, which checks that the
//! compiled id is the digest of the files as they are. Not part of the library.

use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

/// What the digest covers, relative to the package root; `build.rs` reruns when any changes.
pub const INPUTS: &[&str] = &["src", "wit/edgeviz.wit", "fonts", "Cargo.lock"];

/// The digest of [`INPUTS`] under `root` and of `features` (the enabled features, sorted and
/// comma-separated), as 16 hex digits.
pub fn build_id(root: &Path, features: &str) -> std::io::Result<String> {
    let mut h = DefaultHasher::new();
    for input in INPUTS {
        add(&mut h, root, &root.join(input))?;
    }
    h.write(features.as_bytes());
    Ok(format!("{:016x}", h.finish()))
}

/// Adds a file's path and contents, or a directory's files in name order.
fn add(h: &mut DefaultHasher, root: &Path, path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            add(h, root, &entry)?;
        }
    } else {
        let name = path.strip_prefix(root).unwrap_or(path);
        let bytes = std::fs::read(path)?;
        h.write(name.to_string_lossy().as_bytes());
        h.write_u8(0);
        h.write_usize(bytes.len());
        h.write(&bytes);
    }
    Ok(())
}
