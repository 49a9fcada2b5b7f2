//! The resolved model as normalised JSON, field for field what
//! tests/dbml-reference/references.mjs prints of @dbml/core's model, with the same sort keys, so
//! that the fidelity test compares what was read and not the order of lists.

use serde_json::{json, Value};

use super::model::{column_facts, note_setting, text_setting, Model, DEFAULT_SCHEMA};
use super::parse::{Index, IndexPart, Name, Table};

pub fn model(model: &Model) -> Value {
    let s = &model.source;
    let mut tables: Vec<Value> = s.tables.iter().map(table).collect();
    sort_by(&mut tables, |t| {
        format!(
            "{}.{}",
            t["schema"].as_str().unwrap_or(""),
            t["name"].as_str().unwrap_or("")
        )
    });
    let mut enums: Vec<Value> = s
        .enums
        .iter()
        .map(|e| {
            let values: Vec<Value> = e
                .values
                .iter()
                .map(|(v, settings)| json!({"name": v, "note": note_setting(settings)}))
                .collect();
            json!({"schema": schema(&e.name), "name": e.name.name, "values": values})
        })
        .collect();
    sort_by(&mut enums, |e| {
        format!(
            "{}.{}",
            e["schema"].as_str().unwrap_or(""),
            e["name"].as_str().unwrap_or("")
        )
    });
    let mut refs: Vec<Value> = model.links.iter().map(|l| link(model, l)).collect();
    sort_by(&mut refs, ref_key);
    let mut groups: Vec<Value> = s
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            let mut names: Vec<String> = (0..s.tables.len())
                .filter(|&t| model.group_of[t] == Some(g))
                .map(|t| format!("{}.{}", schema(&s.tables[t].name), s.tables[t].name.name))
                .collect();
            names.sort();
            json!({"schema": DEFAULT_SCHEMA, "name": group.name, "tables": names})
        })
        .collect();
    sort_by(&mut groups, |g| {
        g["name"].as_str().unwrap_or("").to_string()
    });
    let mut notes: Vec<Value> = s
        .notes
        .iter()
        .map(|n| json!({"name": n.name, "content": n.content}))
        .collect();
    sort_by(&mut notes, |n| n["name"].as_str().unwrap_or("").to_string());
    json!({
        "tables": tables,
        "enums": enums,
        "refs": refs,
        "groups": groups,
        "notes": notes,
        "project_note": s.project_note,
    })
}

fn sort_by(list: &mut [Value], key: impl Fn(&Value) -> String) {
    list.sort_by_cached_key(|v| key(v));
}

fn schema(name: &Name) -> &str {
    name.schema.as_deref().unwrap_or(DEFAULT_SCHEMA)
}

fn table(t: &Table) -> Value {
    let mut columns: Vec<Value> = t
        .columns
        .iter()
        .map(|c| {
            let f = column_facts(&c.settings);
            json!({
                "name": c.name,
                "type": c.type_name,
                "pk": f.pk,
                "unique": f.unique,
                "not_null": f.not_null,
                "increment": f.increment,
                "default": f.default.map(|(kind, value)| format!("{kind}:{value}")),
                "note": f.note,
            })
        })
        .collect();
    let mut indexes: Vec<Value> = t.indexes.iter().map(index).collect();
    composite_primary_key(&mut columns, &mut indexes);
    sort_by(&mut indexes, |i| {
        let columns: Vec<&str> = i["columns"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        format!("{} {} {}", columns.join(","), i["pk"], i["unique"])
    });
    json!({
        "schema": schema(&t.name),
        "name": t.name.name,
        "alias": t.alias,
        "note": t.note.clone().or_else(|| note_setting(&t.settings)),
        "headercolor": text_setting(&t.settings, "headercolor"),
        "columns": columns,
        "indexes": indexes,
    })
}

/// Several columns marked `pk` are one composite primary key: @dbml/core makes them an index
/// and unmarks the columns.
fn composite_primary_key(columns: &mut [Value], indexes: &mut Vec<Value>) {
    let keys: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c]["pk"] == true)
        .collect();
    if keys.len() < 2 {
        return;
    }
    let mut names: Vec<String> = keys
        .iter()
        .map(|&c| format!("column:{}", columns[c]["name"].as_str().unwrap_or("")))
        .collect();
    names.sort();
    for c in keys {
        columns[c]["pk"] = Value::Bool(false);
    }
    indexes.push(json!({"columns": names, "pk": true, "unique": false}));
}

fn index(i: &Index) -> Value {
    let mut columns: Vec<String> = i
        .parts
        .iter()
        .map(|p| match p {
            IndexPart::Column(c) => format!("column:{c}"),
            IndexPart::Expr(e) => format!("expression:{e}"),
        })
        .collect();
    columns.sort();
    let has = |k: &str| i.settings.iter().any(|s| s.key == k);
    json!({"columns": columns, "pk": has("pk") || has("primary key"), "unique": has("unique")})
}

fn link(model: &Model, l: &super::model::Link) -> Value {
    let (left, right) = l.rel.marks();
    let end = |(t, columns): &(usize, Vec<usize>), relation: &str| {
        let table = &model.source.tables[*t];
        let names: Vec<&str> = columns
            .iter()
            .map(|&c| table.columns[c].name.as_str())
            .collect();
        json!({"schema": schema(&table.name), "table": table.name.name, "columns": names, "relation": relation})
    };
    let mut endpoints = vec![end(&l.from, left), end(&l.to, right)];
    sort_by(&mut endpoints, endpoint_key);
    json!({"endpoints": endpoints, "delete": l.delete, "update": l.update})
}

fn endpoint_key(e: &Value) -> String {
    let columns: Vec<&str> = e["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    format!(
        "{}.{}.{} {}",
        e["schema"].as_str().unwrap_or(""),
        e["table"].as_str().unwrap_or(""),
        columns.join(","),
        e["relation"].as_str().unwrap_or("")
    )
}

fn ref_key(r: &Value) -> String {
    let ends: Vec<String> = r["endpoints"]
        .as_array()
        .into_iter()
        .flatten()
        .map(endpoint_key)
        .collect();
    ends.join(" ")
}
