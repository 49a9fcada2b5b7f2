//! Names resolved: every reference's tables and columns found (or a 400 at the name that
//! is not there, where @dbml/core reports it), tables placed in their groups, colours
//! checked. What the drawing and the fidelity test's JSON read.

use std::collections::HashMap;

use super::parse::{syntax, Endpoint, IndexPart, Name, Rel, Setting, Source, Table, Value};
use crate::error::Result;

/// The schema of a name written without one, as @dbml/core reads it.
pub const DEFAULT_SCHEMA: &str = "public";

/// A reference with both ends found: (table, columns) on each side.
#[derive(Debug, Clone)]
pub struct Link {
    pub from: (usize, Vec<usize>),
    pub rel: Rel,
    pub to: (usize, Vec<usize>),
    pub delete: Option<String>,
    pub update: Option<String>,
}

/// What a column's settings say.
#[derive(Debug, Clone, Default)]
pub struct ColumnFacts {
    pub pk: bool,
    pub unique: bool,
    pub not_null: bool,
    pub increment: bool,
    /// (`string`, `number`, `boolean` or `expression`, the value).
    pub default: Option<(&'static str, String)>,
    pub note: Option<String>,
}

/// The source with its names resolved.
pub struct Model {
    pub source: Source,
    /// Explicit references first (source order), then inline ones (table, column order),
    /// the order dbml-renderer draws them in.
    pub links: Vec<Link>,
    /// Each table's group, by index into `source.groups`.
    pub group_of: Vec<Option<usize>>,
}

/// Resolves `parsed` (read from `text`).
pub fn resolve(text: &str, parsed: Source) -> Result<Model> {
    check_colours(text, &parsed)?;
    let index = TableIndex::new(text, &parsed.tables)?;
    check_columns(text, &parsed.tables)?;
    let mut links = Vec::new();
    for r in &parsed.refs {
        links.push(Link {
            from: index.endpoint(text, &parsed.tables, &r.from)?,
            rel: r.rel,
            to: index.endpoint(text, &parsed.tables, &r.to)?,
            delete: word(&r.settings, "delete"),
            update: word(&r.settings, "update"),
        });
    }
    for (t, table) in parsed.tables.iter().enumerate() {
        for (c, column) in table.columns.iter().enumerate() {
            for setting in column.settings.iter().filter(|s| s.key == "ref") {
                if let Some(Value::Ref(rel, target)) = &setting.value {
                    links.push(Link {
                        from: (t, vec![c]),
                        rel: *rel,
                        to: index.endpoint(text, &parsed.tables, target)?,
                        delete: None,
                        update: None,
                    });
                }
            }
        }
    }
    let group_of = place_in_groups(text, &parsed, &index)?;
    Ok(Model {
        source: parsed,
        links,
        group_of,
    })
}

/// Tables by (schema, name) and by alias.
struct TableIndex {
    by_name: HashMap<(String, String), usize>,
    /// Alias to (table, its schema).
    by_alias: HashMap<String, (usize, String)>,
}

impl TableIndex {
    fn new(text: &str, tables: &[Table]) -> Result<TableIndex> {
        let mut by_name = HashMap::new();
        let mut by_alias = HashMap::new();
        for (i, t) in tables.iter().enumerate() {
            if by_name.insert(key(&t.name), i).is_some() {
                return Err(syntax(
                    text,
                    t.name.at,
                    format!("Table name '{}' already exists", t.name.display()),
                ));
            }
            if let Some(alias) = &t.alias {
                let schema = key(&t.name).0;
                if by_alias.insert(alias.clone(), (i, schema)).is_some() {
                    return Err(syntax(
                        text,
                        t.name.at,
                        format!("Table alias '{alias}' is already used"),
                    ));
                }
            }
        }
        Ok(TableIndex { by_name, by_alias })
    }

    /// The table `schema.name` names, or an alias (with no schema, or its table's schema:
    /// dbml-renderer reads `dates.d` for the alias `d` of `dates.Day`, @dbml/core refuses it).
    fn find(&self, schema: Option<&str>, name: &str) -> Option<usize> {
        let by_alias = self
            .by_alias
            .get(name)
            .filter(|(_, own)| schema.is_none_or(|s| s == own))
            .map(|(t, _)| *t);
        by_alias.or_else(|| {
            let schema = schema.unwrap_or(DEFAULT_SCHEMA).to_string();
            self.by_name.get(&(schema, name.to_string())).copied()
        })
    }

    /// A reference's end: its table and columns, or a 400 at the one not found.
    fn endpoint(&self, text: &str, tables: &[Table], e: &Endpoint) -> Result<(usize, Vec<usize>)> {
        let t = self.find(e.schema.as_deref(), &e.table).ok_or_else(|| {
            syntax(
                text,
                e.table_at,
                format!("Can not find Table '{}'", e.table),
            )
        })?;
        let columns = e
            .columns
            .iter()
            .map(|(name, at)| {
                tables[t]
                    .columns
                    .iter()
                    .position(|c| &c.name == name)
                    .ok_or_else(|| {
                        syntax(
                            text,
                            *at,
                            format!("Table '{}' does not have Column '{name}'", e.table),
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok((t, columns))
    }
}

fn key(name: &Name) -> (String, String) {
    let schema = name.schema.as_deref().unwrap_or(DEFAULT_SCHEMA);
    (schema.to_string(), name.name.clone())
}

/// No table has two columns of one name.
fn check_columns(text: &str, tables: &[Table]) -> Result<()> {
    for t in tables {
        let mut seen = HashMap::new();
        for c in &t.columns {
            if seen.insert(c.name.as_str(), ()).is_some() {
                return Err(syntax(text, c.at, format!("Duplicate column {}", c.name)));
            }
        }
    }
    Ok(())
}

/// Each group's tables, each table in one group at most.
fn place_in_groups(text: &str, parsed: &Source, index: &TableIndex) -> Result<Vec<Option<usize>>> {
    let mut group_of = vec![None; parsed.tables.len()];
    for (g, group) in parsed.groups.iter().enumerate() {
        for name in &group.tables {
            let t = index
                .find(name.schema.as_deref(), &name.name)
                .ok_or_else(|| {
                    syntax(text, name.at, format!("Can not find Table '{}'", name.name))
                })?;
            if group_of[t].replace(g).is_some() {
                return Err(syntax(
                    text,
                    name.at,
                    format!("Table '{}' is already in a table group", name.display()),
                ));
            }
        }
    }
    Ok(group_of)
}

/// `headercolor` and a group's `color` are colour literals (`#rgb`, `#rrggbb`...): they
/// are written into the drawing, so nothing else may pass.
fn check_colours(text: &str, parsed: &Source) -> Result<()> {
    let lists = parsed
        .tables
        .iter()
        .map(|t| (&t.settings, "headercolor"))
        .chain(parsed.groups.iter().map(|g| (&g.settings, "color")));
    for (settings, name) in lists {
        for s in settings.iter().filter(|s| s.key == name) {
            if !matches!(&s.value, Some(Value::Color(c)) if is_colour(c)) {
                return Err(syntax(
                    text,
                    s.value_at,
                    format!("'{name}' must be a color literal"),
                ));
            }
        }
    }
    Ok(())
}

/// `#` and 3, 4, 6 or 8 hexadecimal digits.
pub fn is_colour(c: &str) -> bool {
    c.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// A setting's text value (a string, a colour or bare words).
pub fn text_setting(settings: &[Setting], name: &str) -> Option<String> {
    settings
        .iter()
        .rev()
        .find(|s| s.key == name)
        .and_then(|s| match &s.value {
            Some(Value::Str(v) | Value::Color(v) | Value::Word(v)) => Some(v.clone()),
            _ => None,
        })
}

fn word(settings: &[Setting], name: &str) -> Option<String> {
    text_setting(settings, name)
}

/// A note setting (`note: '...'`), dedented as @dbml/core does.
pub fn note_setting(settings: &[Setting]) -> Option<String> {
    settings
        .iter()
        .rev()
        .find(|s| s.key == "note")
        .and_then(|s| match &s.value {
            Some(Value::Str(v)) => Some(super::parse::dedent(v)),
            _ => None,
        })
}

/// What a column's settings say, as @dbml/core reads them.
pub fn column_facts(settings: &[Setting]) -> ColumnFacts {
    let has = |k: &str| settings.iter().any(|s| s.key == k);
    ColumnFacts {
        pk: has("pk") || has("primary key"),
        unique: has("unique"),
        not_null: has("not null"),
        increment: has("increment"),
        default: settings
            .iter()
            .rev()
            .find(|s| s.key == "default")
            .and_then(|s| s.value.as_ref())
            .and_then(default_value),
        note: note_setting(settings),
    }
}

fn default_value(value: &Value) -> Option<(&'static str, String)> {
    Some(match value {
        Value::Str(s) => ("string", s.clone()),
        Value::Number(n) => ("number", number(n)),
        Value::Expr(e) => ("expression", e.clone()),
        Value::Word(w) if matches!(w.to_ascii_lowercase().as_str(), "true" | "false" | "null") => {
            ("boolean", w.to_ascii_lowercase())
        }
        Value::Word(w) => ("string", w.clone()),
        Value::Color(c) => ("string", c.clone()),
        Value::Ref(..) => return None,
    })
}

/// A number as JavaScript prints it (`1.50` is `1.5`), for the comparison with @dbml/core.
fn number(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => format!("{n}"),
        _ => text.to_string(),
    }
}

/// Whether an index line makes `column` part of a primary key (dbml-renderer draws such a
/// column's name bold, as a `pk` one).
pub fn in_primary_index(table: &Table, column: &str) -> bool {
    table.indexes.iter().any(|i| {
        let pk = i
            .settings
            .iter()
            .any(|s| s.key == "pk" || s.key == "primary key");
        pk && i
            .parts
            .iter()
            .any(|p| matches!(p, IndexPart::Column(c) if c == column))
    })
}
