//! The embedded fonts (the `World`-like seam): PNG text is drawn with these bytes only, never
//! with system fonts, which a Worker does not have. See `fonts/README.md` for the files.
//!
//! Graphviz sizes text with built-in metric tables (Times, Helvetica/Arial, Courier and a few
//! others) chosen by the *first* name in `fontname`, falling back to Times. [`family_for`]
//! follows the same rule, so every label is drawn with a face metric-compatible with the
//! table Graphviz measured it with: Tinos (Times), Arimo (Helvetica/Arial), Cousine (Courier).

use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

/// Family names of the embedded faces.
pub const SERIF: &str = "Tinos";
pub const SANS: &str = "Arimo";
pub const MONO: &str = "Cousine";

#[cfg(not(feature = "compressed-fonts"))]
static FILES: &[&[u8]] = &[
    include_bytes!("../fonts/Tinos-Regular.ttf"),
    include_bytes!("../fonts/Tinos-Bold.ttf"),
    include_bytes!("../fonts/Tinos-Italic.ttf"),
    include_bytes!("../fonts/Tinos-BoldItalic.ttf"),
    include_bytes!("../fonts/Arimo-Regular.ttf"),
    include_bytes!("../fonts/Arimo-Bold.ttf"),
    include_bytes!("../fonts/Arimo-Italic.ttf"),
    include_bytes!("../fonts/Arimo-BoldItalic.ttf"),
    include_bytes!("../fonts/Cousine-Regular.ttf"),
    include_bytes!("../fonts/Cousine-Bold.ttf"),
    include_bytes!("../fonts/Cousine-Italic.ttf"),
    include_bytes!("../fonts/Cousine-BoldItalic.ttf"),
    #[cfg(feature = "cjk-font")]
    CJK,
];

/// The free-plan build's faces: the twelve files above packed into one zstd frame by
/// `fonts/pack-faces.sh` (name, size, bytes, face after face).
#[cfg(feature = "compressed-fonts")]
static PACKED: &[u8] = include_bytes!("../fonts/faces.zst");

// Fallback for characters the faces above lack: kana, common Han, Hangul. resvg picks it per
// character (font fallback), whatever the `fontname`. Left out of the free-plan build.
#[cfg(feature = "cjk-font")]
const CJK: &[u8] = include_bytes!("../fonts/DroidSansFallback-CJK-subset.ttf");

/// Each embedded face as `(file name, bytes)`, the packed ones unpacked.
#[cfg(feature = "compressed-fonts")]
fn faces() -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut packed = Vec::with_capacity(1 << 21);
    ruzstd::decoding::StreamingDecoder::new(PACKED)
        .expect("fonts/faces.zst is a zstd frame (checked by a test)")
        .read_to_end(&mut packed)
        .expect("fonts/faces.zst decodes (checked by a test)");
    let mut faces = Vec::new();
    let mut rest = &packed[..];
    while let Some((&len, tail)) = rest.split_first() {
        let (name, tail) = tail.split_at(usize::from(len));
        let (size, tail) = tail.split_at(4);
        let size = u32::from_le_bytes(size.try_into().unwrap()) as usize;
        let (bytes, tail) = tail.split_at(size);
        faces.push((String::from_utf8_lossy(name).into_owned(), bytes.to_vec()));
        rest = tail;
    }
    faces
}

/// Family name of the CJK fallback face.
pub const CJK_FALLBACK: &str = "Droid Sans Fallback";

/// The font database, built once per process (per isolate in the Worker) and shared.
pub fn database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        #[cfg(not(feature = "compressed-fonts"))]
        for bytes in FILES {
            // Static bytes: fontdb keeps a reference, nothing is copied.
            db.load_font_source(fontdb::Source::Binary(Arc::new(*bytes)));
        }
        #[cfg(feature = "compressed-fonts")]
        for (_, bytes) in faces() {
            db.load_font_source(fontdb::Source::Binary(Arc::new(bytes)));
        }
        #[cfg(all(feature = "compressed-fonts", feature = "cjk-font"))]
        db.load_font_source(fontdb::Source::Binary(Arc::new(CJK)));
        db.set_serif_family(SERIF);
        db.set_sans_serif_family(SANS);
        db.set_monospace_family(MONO);
        db.set_cursive_family(SERIF);
        db.set_fantasy_family(SERIF);
        Arc::new(db)
    })
    .clone()
}

/// Graphviz's metric families by name (compared ignoring case and non-letters, as Graphviz's
/// `font_name_equal_permissive` does), and the embedded face drawn for each.
const MONO_NAMES: &[&str] = &[
    "cour",
    "courier",
    "couriernew",
    "nimbusmono",
    "texgyrecursor",
    "freemono",
    "liberationmono",
    "cousine",
    "cumberland",
    "consola",
    "consolas",
    "iosevka",
    "iosevkafixed",
    "monospace",
    "mono",
];
const SANS_NAMES: &[&str] = &[
    "helvetica",
    "arial",
    "arialmt",
    "freesans",
    "liberationsans",
    "arimo",
    "albany",
    "nimbussans",
    "nimbussansa",
    "texgyreheros",
    "nunito",
    "dejavusans",
    "trebuchetms",
    "trebuchet",
    "verdana",
    "opensans",
    "sansserif",
    "sans",
];

fn letters_lower(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The embedded face that draws text of `family` (an embedded family, [`family_for`]) at
/// `weight`, upright or italic: the one place where a face is chosen, for drawing
/// ([`crate::raster`]) and for measuring (Mermaid's labels) alike.
pub fn face(db: &fontdb::Database, family: &str, weight: u16, italic: bool) -> Option<fontdb::ID> {
    db.query(&fontdb::Query {
        families: &[fontdb::Family::Name(family)],
        weight: fontdb::Weight(weight),
        style: if italic {
            fontdb::Style::Italic
        } else {
            fontdb::Style::Normal
        },
        ..Default::default()
    })
}

/// The embedded family that draws text Graphviz measured with `name`'s metrics. Unknown
/// names are measured as Times by Graphviz, so they are drawn with Tinos.
pub fn family_for(name: &str) -> &'static str {
    let key = letters_lower(name);
    if MONO_NAMES.contains(&key.as_str()) {
        MONO
    } else if SANS_NAMES.contains(&key.as_str()) {
        SANS
    } else {
        SERIF
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphviz_names_map_like_its_metric_tables() {
        assert_eq!(family_for("Times-Roman"), SERIF);
        assert_eq!(family_for("Times New Roman"), SERIF);
        assert_eq!(family_for("Helvetica"), SANS);
        assert_eq!(family_for("Arial"), SANS);
        assert_eq!(family_for("sans-Serif"), SANS);
        assert_eq!(family_for("Courier New"), MONO);
        assert_eq!(family_for("monospace"), MONO);
        assert_eq!(family_for("Comic Sans"), SERIF);
    }

    /// `fonts/faces.zst` holds exactly the Latin font files beside it, in full (rerun
    /// `fonts/pack-faces.sh` after changing one).
    #[test]
    #[cfg(feature = "compressed-fonts")]
    fn compressed_faces_are_the_font_files() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ttf") && !n.starts_with("DroidSansFallback"))
            .collect();
        files.sort();
        let faces = faces();
        let mut names: Vec<String> = faces.iter().map(|(n, _)| n.clone()).collect();
        names.sort();
        assert_eq!(names, files);
        for (name, bytes) in &faces {
            let file = std::fs::read(format!("{dir}/{name}")).unwrap();
            assert!(
                *bytes == file,
                "fonts/faces.zst holds an old {name}: run fonts/pack-faces.sh"
            );
        }
    }

    #[test]
    #[cfg(feature = "cjk-font")]
    fn cjk_fallback_covers_common_text() {
        let db = database();
        let id = db
            .query(&fontdb::Query {
                families: &[fontdb::Family::Name(CJK_FALLBACK)],
                ..Default::default()
            })
            .expect("CJK fallback face");
        db.with_face_data(id, |data, index| {
            use skrifa::MetadataProvider;
            let font = skrifa::FontRef::from_index(data, index).unwrap();
            let charmap = font.charmap();
            for c in "日本語中文한국어ひらがなカタカナ".chars() {
                assert!(charmap.map(c).is_some(), "{c}");
            }
        })
        .unwrap();
    }

    #[test]
    fn every_embedded_face_loads() {
        let db = database();
        // Twelve Latin faces, and the CJK fallback where built in.
        assert_eq!(db.len(), 12 + usize::from(cfg!(feature = "cjk-font")));
        for family in [SERIF, SANS, MONO] {
            for (weight, style) in [
                (fontdb::Weight::NORMAL, fontdb::Style::Normal),
                (fontdb::Weight::BOLD, fontdb::Style::Normal),
                (fontdb::Weight::NORMAL, fontdb::Style::Italic),
                (fontdb::Weight::BOLD, fontdb::Style::Italic),
            ] {
                let id = db
                    .query(&fontdb::Query {
                        families: &[fontdb::Family::Name(family)],
                        weight,
                        style,
                        ..Default::default()
                    })
                    .unwrap_or_else(|| panic!("{family} {weight:?} {style:?} missing"));
                let face = db.face(id).unwrap();
                assert_eq!(face.weight, weight, "{family}");
                assert_eq!(face.style, style, "{family}");
            }
        }
    }
}
