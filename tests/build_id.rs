//! The build id compiled into edgeviz is the digest of its inputs as they are now: `build.rs`
//! reran after every change to them, so cache keys follow every change of what is drawn.

#[path = "../src/build_id.rs"]
mod build_id;

use std::path::Path;

#[test]
fn compiled_build_id_is_the_digest_of_the_current_inputs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let now = build_id::build_id(root, env!("EDGEVIZ_BUILD_FEATURES")).unwrap();
    assert_eq!(now, env!("EDGEVIZ_BUILD_ID"));
    assert!(edgeviz::cache::RENDERER_VERSION.ends_with(&format!("+{now}")));
}

#[test]
fn build_id_follows_code_fonts_lock_and_features() {
    // A copy of the inputs, changed one at a time.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = std::env::temp_dir().join(format!("edgeviz-build-id-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    for dir in ["src", "fonts"] {
        copy_dir(&root.join(dir), &copy.join(dir));
    }
    std::fs::create_dir_all(copy.join("wit")).unwrap();
    for file in ["Cargo.lock", "wit/edgeviz.wit"] {
        std::fs::copy(root.join(file), copy.join(file)).unwrap();
    }
    let features = env!("EDGEVIZ_BUILD_FEATURES");
    let id = |f: &str| build_id::build_id(&copy, f).unwrap();
    let original = id(features);
    assert_eq!(
        original,
        env!("EDGEVIZ_BUILD_ID"),
        "the copy is not the tree"
    );
    assert_ne!(id("another-feature"), original, "features");
    let mut seen = vec![original.clone()];
    for file in [
        "src/svg.rs",
        "fonts/Arimo-Regular.ttf",
        "Cargo.lock",
        "wit/edgeviz.wit",
    ] {
        let path = copy.join(file);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, [bytes.as_slice(), b" "].concat()).unwrap();
        let changed = id(features);
        assert!(!seen.contains(&changed), "{file} changed, the id did not");
        seen.push(changed);
    }
    std::fs::remove_dir_all(&copy).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}
