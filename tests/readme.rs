//! The README stays short and true: its kinds table names every kind this build serves with
//! exactly the aliases, formats and themes the kind declares (the functions `/health` reports
//! them from); every kind on the list has its page `docs/kinds/NAME.md`; the README is at
//! most 250 lines; every relative link in `README.md` and `docs/` points at a file that
//! exists, and a `#fragment` at a heading of that file.
//!
//! The table is read simply: a row is a line starting `| \`NAME\` |`; its cells are, in
//! order, the kind, its aliases, its formats, its themes (each cell a list of `code` spans).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use edgeviz::kinds;

const MAX_README_LINES: usize = 250;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("README.md")
}

/// The `code` spans of a table cell, in order.
fn code_spans(cell: &str) -> Vec<String> {
    cell.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

/// The cells of a table row, without the outer pipes (no cell of the kinds table holds `|`).
fn cells(row: &str) -> Vec<&str> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// The README's row for the kind `name`, if there is exactly one.
fn row_of<'a>(readme: &'a str, name: &str) -> Result<&'a str, String> {
    let start = format!("| `{name}` |");
    let rows: Vec<&str> = readme.lines().filter(|l| l.starts_with(&start)).collect();
    match rows.as_slice() {
        [row] => Ok(row),
        [] => Err(format!(
            "README.md: no row for the kind `{name}` in the kinds table (a line starting \
             \"{start}\")"
        )),
        _ => Err(format!("README.md: {} rows start \"{start}\"", rows.len())),
    }
}

fn compare(kind: &str, what: &str, readme: Vec<String>, served: Vec<&str>) -> Option<String> {
    let listed: BTreeSet<&str> = readme.iter().map(String::as_str).collect();
    let wanted: BTreeSet<&str> = served.iter().copied().collect();
    let missing: Vec<_> = wanted.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&wanted).collect();
    if missing.is_empty() && extra.is_empty() {
        return None;
    }
    Some(format!(
        "README.md, row `{kind}`, {what}: missing {missing:?}, not served {extra:?} \
         (the kind serves {served:?})"
    ))
}

#[test]
fn the_kinds_table_lists_every_kind_with_its_aliases_formats_and_themes() {
    let readme = readme();
    let mut wrong = Vec::new();
    for kind in kinds::built() {
        let row = match row_of(&readme, kind.name()) {
            Ok(row) => row,
            Err(e) => {
                wrong.push(e);
                continue;
            }
        };
        let cells = cells(row);
        if cells.len() < 4 {
            wrong.push(format!(
                "README.md, row `{}`: {} cells, expected kind | aliases | formats | themes | ...",
                kind.name(),
                cells.len()
            ));
            continue;
        }
        let formats: Vec<&str> = kind.formats().iter().map(|f| f.name()).collect();
        wrong.extend(compare(
            kind.name(),
            "aliases",
            code_spans(cells[1]),
            kind.aliases().to_vec(),
        ));
        wrong.extend(compare(
            kind.name(),
            "formats",
            code_spans(cells[2]),
            formats,
        ));
        wrong.extend(compare(
            kind.name(),
            "themes",
            code_spans(cells[3]),
            kind.themes().to_vec(),
        ));
    }
    // A row for a kind no build has is a claim the code does not back.
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let name = code_spans(cells(line)[0])
            .into_iter()
            .next()
            .unwrap_or_default();
        let in_table = cells(line).len() >= 6;
        if in_table && !kinds::LIST.iter().any(|l| l.name == name) {
            wrong.push(format!(
                "README.md: a kinds-table row for `{name}`, which is no kind"
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn every_kind_has_its_docs_page() {
    let missing: Vec<String> = kinds::LIST
        .iter()
        .map(|l| format!("docs/kinds/{}.md", l.name))
        .filter(|p| !root().join(p).is_file())
        .collect();
    assert!(missing.is_empty(), "no docs page: {missing:?}");
}

#[test]
fn the_readme_is_short() {
    let lines = readme().lines().count();
    assert!(
        lines <= MAX_README_LINES,
        "README.md has {lines} lines, more than {MAX_README_LINES}: move the detail into docs/"
    );
}

fn markdown_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut files = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut files);
    files.sort();
    files
}

/// The targets of the inline links and images of `text` (`[x](target)`, `![x](target)`),
/// outside fenced code blocks and code spans.
fn link_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Code spans hold no links.
        let prose: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" ");
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let end = rest.find(')').unwrap_or(rest.len());
            let target = rest[..end].split_whitespace().next().unwrap_or("");
            out.push(target.to_string());
            rest = &rest[end..];
        }
    }
    out
}

/// GitHub's anchor of a heading: lower case, letters, digits, `-` and `_` kept, spaces to `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut fenced = false;
    let mut out = BTreeSet::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            out.insert(slug(line.trim_start_matches('#')));
        }
    }
    out
}

#[test]
fn every_relative_link_points_at_a_file_that_exists() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = file.strip_prefix(root()).unwrap().display().to_string();
        for target in link_targets(&text) {
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (target.as_str(), None),
            };
            let resolved = if path.is_empty() {
                file.clone()
            } else {
                file.parent().unwrap().join(path)
            };
            if !resolved.exists() {
                broken.push(format!(
                    "{shown}: ({target}): no file {}",
                    resolved.display()
                ));
                continue;
            }
            if let Some(fragment) = fragment {
                if resolved.extension().is_some_and(|e| e == "md") {
                    let target_text = std::fs::read_to_string(&resolved).unwrap();
                    if !anchors(&target_text).contains(fragment) {
                        broken.push(format!(
                            "{shown}: ({target}): no heading #{fragment} in {}",
                            resolved.strip_prefix(root()).unwrap_or(&resolved).display()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked > 20,
        "only {checked} relative links found: is the scan broken?"
    );
    assert!(broken.is_empty(), "\n{}\n", broken.join("\n"));
}

#[test]
fn the_scans_read_what_they_should() {
    assert_eq!(code_spans("`svg` `png` and `jpeg`"), ["svg", "png", "jpeg"]);
    assert_eq!(
        link_targets("see [a](docs/a.md#b), `[not](x.md)` and ![i](../i.svg \"t\")"),
        ["docs/a.md#b", "../i.svg"]
    );
    assert_eq!(slug("Free plan: Graphviz only"), "free-plan-graphviz-only");
    assert_eq!(slug("edgeviz's own interface"), "edgevizs-own-interface");
    assert_eq!(
        slug("The R2 store (the global tier)"),
        "the-r2-store-the-global-tier"
    );
}
