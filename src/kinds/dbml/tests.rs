//! The reader's errors, limits and escaping.

use super::*;
use crate::error::Position;
use crate::diagram::Content;

fn syntax_at(source: &str) -> (String, Position) {
    match to_dot(source) {
        Err(Error::Syntax {
            message,
            position: Some(p),
        }) => (message, p),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn a_syntax_error_has_its_line_and_column() {
    let (message, at) = syntax_at("Table a {\n  id int\n  name varchar [pk\n}\n");
    assert_eq!((at.line, at.column), (4, 1), "{message}");
    let (_, at) = syntax_at("Table a {\n  id int\n}\nTabel b {}\n");
    assert_eq!((at.line, at.column), (4, 1));
    let (_, at) = syntax_at("Table a {\n  note varchar [note: 'unclosed]\n}\n");
    assert_eq!((at.line, at.column), (2, 23));
}

#[test]
fn an_unknown_table_or_column_is_reported_where_dbml_core_reports_it() {
    // @dbml/core 3.14.1: "Can not find Table 'c'" at 2:6, "Table 'a' does not have Column
    // 'q'" at the column.
    let (message, at) = syntax_at("Table a { x int }\nRef: c.x > a.x\n");
    assert_eq!(
        (message.as_str(), at.line, at.column),
        ("Can not find Table 'c'", 2, 6)
    );
    let (message, at) = syntax_at("Table a { x int }\nRef: a.x > a.q\n");
    assert_eq!(
        (message.as_str(), at.line, at.column),
        ("Table 'a' does not have Column 'q'", 2, 14)
    );
    let (message, at) = syntax_at("Table a { x int [ref: > c.x] }\n");
    assert_eq!(
        (message.as_str(), at.line, at.column),
        ("Can not find Table 'c'", 1, 25)
    );
    let (message, at) = syntax_at("Table a { x int \n x int}\n");
    assert_eq!(
        (message.as_str(), at.line, at.column),
        ("Duplicate column x", 2, 2)
    );
}

#[test]
fn oversize_sources_and_models_are_413() {
    let big = format!("// {}\n", "x".repeat(super::MAX_DBML_BYTES));
    assert_eq!(to_dot(&big).unwrap_err().status(), 413);
    let tables: String = (0..=super::MAX_DBML_TABLES)
        .map(|i| format!("Table t{i} {{ id int }}\n"))
        .collect();
    assert_eq!(to_dot(&tables).unwrap_err().status(), 413);
    let columns: String = (0..=super::MAX_DBML_COLUMNS)
        .map(|i| format!("  c{i} int\n"))
        .collect();
    assert_eq!(
        to_dot(&format!("Table t {{\n{columns}}}\n"))
            .unwrap_err()
            .status(),
        413
    );
}

#[test]
fn names_notes_and_types_are_escaped() {
    let dot = to_dot(
        "Table \"<script>alert(1)</script>\" [note: 'a \"quote\" & \\\\N'] {\n  \"x&y\" \"<b>\" [note: '</TD>']\n}\nEnum \"e&\\\"\" { \"<v>\" }\n",
    )
    .unwrap();
    assert!(
        dot.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{dot}"
    );
    assert!(dot.contains("x&amp;y") && dot.contains("&lt;b&gt;") && dot.contains("&lt;v&gt;"));
    assert!(dot.contains(r#"a \"quote\" & \\N"#), "{dot}");
    assert!(dot.contains(r#""e&\"""#), "{dot}");
    // The graph parses (every quote balanced, every label well formed), and the name is text
    // in the SVG, never an element.
    let drawing = graph::render(&dot, &Default::default(), Format::Svg).unwrap();
    let Content::Svg(svg) = drawing.content else {
        panic!("not an SVG")
    };
    assert!(!svg.contains("<script"), "{svg}");
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );
}

#[test]
fn header_colours_are_colour_literals() {
    let (message, at) = syntax_at("Table a [headercolor: red] { x int }\n");
    assert_eq!(
        (message.as_str(), at.line, at.column),
        ("'headercolor' must be a color literal", 1, 23)
    );
    syntax_at("Table a [headercolor: #12345\"] { x int }\n");
    syntax_at("TableGroup g [color: '\"><script>'] { a }\nTable a { x int }\n");
    let dot = to_dot("Table a [headercolor: #ffffff] { x int }\n").unwrap();
    assert!(
        dot.contains("BGCOLOR=\"#ffffff\"><FONT COLOR=\"#000000\""),
        "{dot}"
    );
}

#[test]
fn the_reader_reads_what_the_docs_show() {
    let source = "Project p { database_type: 'PostgreSQL'\n Note: '''\n   multi\n    line\n ''' }\n\
        Table s.t as T [headercolor: #abc, note: 'n'] {\n  id int [pk, increment] // c\n  \
        a varchar(255) [not null, unique, default: 'x']\n  b decimal(1, 2) [default: -1.50]\n  \
        c int[] [null]\n  Note { 'body note' }\n  indexes {\n    (a, `lower(b)`) [unique]\n    id [pk]\n  }\n}\n\
        /* block\ncomment */ Table u { id int\n x int [ref: - T.id, ref: < s.t.a] }\n\
        Ref r { u.(id, x) <> s.t.(id, a) [delete: cascade, update: no action] }\n\
        Enum s.e { v1 [note: 'one']\n \"v 2\" }\nTableGroup g [note: 'gn'] { s.t\n u }\nNote sticky { 'hello' }\n";
    let json = model_json(source);
    assert!(json.get("error").is_none(), "{json}");
    assert_eq!(json["project_note"], "multi\n line\n");
    assert_eq!(json["tables"][1]["columns"][2]["type"], "decimal(1,2)");
    assert_eq!(json["tables"][1]["columns"][2]["default"], "number:-1.5");
    assert_eq!(json["tables"][1]["note"], "body note");
    assert_eq!(json["refs"].as_array().unwrap().len(), 3);
    let dot = to_dot(source).unwrap();
    assert!(dot.contains("subgraph \"cluster_g\""), "{dot}");
    assert!(dot.contains("<I>    id, x    </I>"), "{dot}");
}

/// The figures behind the limits (`cargo test --lib kinds::dbml::tests::time_at_the_limits
/// -- --ignored --nocapture`): a schema at every limit at once, read and laid out.
#[test]
#[ignore]
fn time_at_the_limits() {
    let tables = super::MAX_DBML_TABLES;
    let per_table = super::MAX_DBML_COLUMNS / tables;
    let mut source = String::new();
    for t in 0..tables {
        source.push_str(&format!(
            "Table schema_{}.table_{t} [note: 'table {t}'] {{\n",
            t % 4
        ));
        for c in 0..per_table {
            source.push_str(&format!(
                "  column_{c} varchar(255) [not null, note: 'c']\n"
            ));
        }
        source.push_str("}\n");
    }
    for r in 0..super::MAX_DBML_REFS {
        let (a, b) = (r % tables, (r * 7 + 1) % tables);
        source.push_str(&format!(
            "Ref: schema_{}.table_{a}.column_{} > schema_{}.table_{b}.column_0\n",
            a % 4,
            r % per_table,
            b % 4
        ));
    }
    let start = std::time::Instant::now();
    let dot = to_dot(&source).unwrap();
    let read = start.elapsed();
    let drawing = graph::render(&dot, &Default::default(), Format::Svg).unwrap();
    let Content::Svg(svg) = drawing.content else {
        panic!()
    };
    println!(
        "{} bytes of DBML: read {read:?}, read and laid out {:?}, SVG {} bytes",
        source.len(),
        start.elapsed(),
        svg.len()
    );
}
