//! Computes the build id (`src/build_id.rs`): `EDGEVIZ_BUILD_ID` for the cache keys and
//! `/health`, and `EDGEVIZ_BUILD_FEATURES`, the features it covers; for wasm, sets Rust's
//! stack size (`limits::WASM_STACK_BYTES`).

#[path = "src/build_id.rs"]
mod build_id;

#[path = "src/limits.rs"]
#[allow(dead_code)]
mod limits;

fn main() {
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    for input in build_id::INPUTS {
        println!("cargo:rerun-if-changed={input}");
    }
    let mut features: Vec<String> = std::env::vars()
        .filter_map(|(k, _)| {
            k.strip_prefix("CARGO_FEATURE_")
                .map(|f| f.to_ascii_lowercase())
        })
        .collect();
    features.sort();
    let features = features.join(",");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        // Rust's stack in linear memory: chosen, not left to the toolchain's default.
        println!(
            "cargo:rustc-link-arg-cdylib=-zstack-size={}",
            limits::WASM_STACK_BYTES
        );
    }
    match build_id::build_id(&root, &features) {
        Ok(id) => {
            println!("cargo:rustc-env=EDGEVIZ_BUILD_ID={id}");
            println!("cargo:rustc-env=EDGEVIZ_BUILD_FEATURES={features}");
        }
        Err(e) => {
            println!("cargo:warning=the build id could not be computed: {e}");
            std::process::exit(1);
        }
    }
}
