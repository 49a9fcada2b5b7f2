//! The wasm builds share their compiled dependencies: the Worker's (`scripts/build-worker.sh`)
//! and the one module that is both the wasm API and the WASI component's core
//! (`--features wasm-api,wasi`) resolve every crate they have in common, build scripts and
//! proc macros included, with the same features, so that the Worker's build recompiles
//! nothing the other compiled: each of its builds of a crate, with the features it has, is
//! one of the other's. The WASI shells' wit-bindgen macro turns host features on that the Worker's
//! graph lacks; Cargo.toml's `[build-dependencies]` name them, and this test fails when a
//! dependency's update makes them differ again (it names the crates).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Each crate of the build's graph (`name version`) with the feature sets it is built with.
fn features(args: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--offline",
            "--locked",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args([
            "-e",
            "normal,build,features",
            "--prefix",
            "none",
            "-f",
            "{p}|{f}",
        ])
        .args(args)
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut crates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        // Feature nodes (`serde feature "std"`) only say why; the `{p}|{f}` lines say what.
        let Some((package, features)) = line.split_once('|') else {
            continue;
        };
        let mut words = package.split_whitespace();
        let (Some(name), Some(version)) = (words.next(), words.next()) else {
            continue;
        };
        let features = features.trim_end_matches(" (*)").trim().to_string();
        crates
            .entry(format!("{name} {version}"))
            .or_default()
            .insert(features);
    }
    crates
}

#[test]
fn the_worker_and_the_wasi_module_build_their_common_crates_alike() {
    let worker = features(&[]);
    let wasi = features(&["--features", "wasm-api,wasi"]);
    assert!(
        worker.len() > 100 && wasi.len() > worker.len(),
        "{} / {}",
        worker.len(),
        wasi.len()
    );
    let differ: Vec<String> = worker
        .iter()
        .filter(|(name, _)| !name.starts_with("edgeviz "))
        .filter_map(|(name, sets)| {
            // The WASI build may add builds of a crate (for its macro alone); each of the
            // Worker's must be among its own.
            let theirs = wasi.get(name)?;
            (!sets.is_subset(theirs))
                .then(|| format!("{name}: Worker {sets:?}, wasm API + WASI {theirs:?}"))
        })
        .collect();
    assert!(differ.is_empty(), "built with other features: {differ:#?}");
}
