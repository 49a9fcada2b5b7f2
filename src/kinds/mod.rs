//! The diagram kinds: one module each, a [`Spec`] (what it is) and a [`Kind`] (what it does),
//! listed once here.
//!
//! The list is data that everything which lists kinds reads: routing and its errors
//! ([`find`]), `/health`, the cache key, the editor's menu and gallery, the CLI's help and
//! file extensions, the WASI shells and the golden tests. A kind that a Cargo feature leaves
//! out stays on the list by name, so that asking for it says it is not built in (404)
//! rather than unknown.
//!
//! Adding a kind: a module `src/kinds/NAME/mod.rs` with `pub static SPEC: Spec` and
//! `pub static KIND` implementing [`Kind`], a Cargo feature, and one line below
//! (docs/adding-a-kind.md).

use crate::diagram::Kind;
use crate::error::{Error, Result};

/// One entry of the list: a kind's name, the Cargo feature that builds it (`None`: always
/// built), and the kind when this build has it.
pub struct Listed {
    pub name: &'static str,
    pub feature: Option<&'static str>,
    pub kind: Option<&'static dyn Kind>,
}

/// Declares each kind's module (behind its feature) and the list, one line a kind.
macro_rules! kinds {
    ($($name:ident $(: $feature:literal)?),* $(,)?) => {
        $(
            $(#[cfg(feature = $feature)])?
            pub mod $name;
        )*

        /// Every kind, built or not, in the order menus list them.
        pub static LIST: &[Listed] = &[$(
            Listed {
                name: stringify!($name),
                feature: kinds!(@feature $($feature)?),
                kind: {
                    $(#[cfg(feature = $feature)])?
                    let built: Option<&'static dyn Kind> = Some(&$name::KIND);
                    $(
                        #[cfg(not(feature = $feature))]
                        let built: Option<&'static dyn Kind> = None;
                    )?
                    built
                },
            },
        )*];
    };
    (@feature) => { None };
    (@feature $feature:literal) => { Some($feature) };
}

kinds! {
    graphviz,
    wit: "wit",
    mermaid: "mermaid",
    svgbob: "svgbob",
    pikchr: "pikchr",
    erd: "erd",
    dbml: "dbml",
    wavedrom: "wavedrom",
}

/// The kinds this build draws, in the list's order.
pub fn built() -> impl Iterator<Item = &'static dyn Kind> {
    LIST.iter().filter_map(|l| l.kind)
}

/// The kind named in a URL path, Kroki's `diagram_type` or the CLI's `--type` (its name or
/// an alias, any case): 404 for an unknown name, and for a kind this build leaves out.
pub fn find(name: &str) -> Result<&'static dyn Kind> {
    let lower = name.to_ascii_lowercase();
    if let Some(kind) = built().find(|k| k.name() == lower || k.aliases().contains(&&*lower)) {
        return Ok(kind);
    }
    match LIST.iter().find(|l| l.name == lower) {
        Some(Listed {
            feature: Some(feature),
            ..
        }) => Err(Error::NotFound(format!(
            "diagram type '{lower}' is not built into this server (it was compiled without the \
             `{feature}` feature); supported: {}",
            supported()
        ))),
        _ => Err(Error::NotFound(format!(
            "unknown diagram type '{}'; supported: {}",
            crate::error::excerpt(name),
            supported()
        ))),
    }
}

/// The kind whose extension `file` has (`arch.dot`, `flow.mmd`), if any.
pub fn for_file(file: &str) -> Option<&'static dyn Kind> {
    let (_, extension) = file.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    built().find(|k| k.extensions().contains(&extension.as_str()))
}

/// The kinds this build draws, for messages: "graphviz (alias dot), wit, mermaid".
pub fn supported() -> String {
    built()
        .map(|k| match k.aliases() {
            [] => k.name().to_string(),
            aliases => format!("{} (alias {})", k.name(), aliases.join(", ")),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One hostile case: a family's source at one `n`, behind one of its kind's hiding prefixes
/// (or none), with what it must answer. Every suite that draws hostile input draws these.
#[derive(Debug, Clone)]
pub struct HostileCase {
    pub kind: &'static str,
    /// `KIND: FAMILY`, with the prefix and format when they are not the family's own.
    pub family: String,
    /// `/{kind}/{format}` and the family's query.
    pub path: String,
    /// `at the limit`, `just over` or `far over`.
    pub label: &'static str,
    pub n: usize,
    /// 200 expected (else a 4xx).
    pub ok: bool,
    /// The status expected just over the limit, where the family knows it.
    pub status: Option<u16>,
    pub source: String,
}

/// Every hostile case of every built kind: each family at, just over and far over its limit;
/// again just over behind each hiding prefix (a comment or string must not lift a limit);
/// again as PDF at its limit where the family says so.
pub fn hostile_cases() -> Vec<HostileCase> {
    let mut out = Vec::new();
    for kind in built() {
        for family in kind.families() {
            let prefixes = std::iter::once("").chain(kind.hiding_prefixes().iter().copied());
            for prefix in prefixes {
                for (label, n, ok) in family.cases() {
                    if !prefix.is_empty() && label != "just over" {
                        continue;
                    }
                    let mut name = format!("{}: {}", kind.name(), family.name);
                    if !family.query.is_empty() {
                        name.push_str(&format!(" ({})", family.query));
                    }
                    if !prefix.is_empty() {
                        name.push_str(&format!(", behind {prefix:?}"));
                    }
                    out.push(HostileCase {
                        kind: kind.name(),
                        family: name,
                        path: route(kind, family.format, family.query),
                        label,
                        n,
                        ok,
                        status: family.over_status.filter(|_| label == "just over"),
                        source: format!("{prefix}{}", (family.make)(n)),
                    });
                }
            }
            if let (true, Some(at)) = (family.as_pdf, family.at) {
                out.push(HostileCase {
                    kind: kind.name(),
                    family: format!("{}: {}, as PDF", kind.name(), family.name),
                    path: route(kind, crate::Format::Pdf, family.query),
                    label: "at the limit",
                    n: at,
                    ok: true,
                    status: None,
                    source: (family.make)(at),
                });
            }
        }
    }
    out
}

fn route(kind: &dyn Kind, format: crate::Format, query: &str) -> String {
    let mut path = format!("/{}/{}", kind.name(), format.name());
    if !query.is_empty() {
        path.push('?');
        path.push_str(query);
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::Spec;

    #[test]
    fn names_aliases_and_extensions_are_unique() {
        let mut names = Vec::new();
        let mut extensions = Vec::new();
        for kind in built() {
            names.push(kind.name());
            names.extend(kind.aliases());
            extensions.extend(kind.extensions());
        }
        for list in [&mut names, &mut extensions] {
            let count = list.len();
            list.sort();
            list.dedup();
            assert_eq!(list.len(), count, "{list:?}");
        }
    }

    #[test]
    fn each_listed_name_is_its_kind_name() {
        for l in LIST {
            if let Some(kind) = l.kind {
                assert_eq!(kind.name(), l.name);
                assert_eq!(kind.themes()[0], "light", "{}", l.name);
                assert!(kind.formats().starts_with(&[crate::Format::Svg]));
                assert!(!kind.gallery().is_empty() || kind.name() != "graphviz");
            }
        }
    }

    /// What [`Spec::BASE`] leaves empty, every kind says.
    #[test]
    fn every_spec_says_what_the_base_leaves_empty() {
        for kind in built() {
            let Spec {
                name,
                title,
                extensions,
                engine,
                example,
                ..
            } = kind.spec();
            assert!(!name.is_empty() && !title.is_empty(), "{name}");
            assert!(!extensions.is_empty() && !engine.is_empty(), "{name}");
            assert!(!example.trim().is_empty(), "{name}");
        }
    }

    #[test]
    fn every_kind_brings_its_hostile_families() {
        for kind in built() {
            let families = kind.families();
            assert!(
                !families.is_empty(),
                "{} has no hostile families",
                kind.name()
            );
            for f in families {
                assert!(
                    kind.formats().contains(&f.format),
                    "{}: {}",
                    kind.name(),
                    f.name
                );
                assert!(
                    f.at.is_some() || f.over.is_some() || f.far.is_some(),
                    "{}",
                    f.name
                );
            }
        }
        let cases = hostile_cases();
        let mut names: Vec<_> = cases.iter().map(|c| (&c.family, c.label)).collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "two hostile cases share a name");
    }

    #[test]
    fn lookups() {
        assert_eq!(find("DOT").unwrap().name(), "graphviz");
        assert_eq!(find("x").unwrap_err().status(), 404);
        assert_eq!(for_file("a/b.GV").map(|k| k.name()), Some("graphviz"));
        assert!(for_file("a.txt").is_none());
    }
}
