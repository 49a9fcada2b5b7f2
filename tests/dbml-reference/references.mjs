// What DBML's references make of each DBML file named on the command line, for tests/dbml.rs:
// one JSON line a file, {"file", "model", "dot"} (one Node for every file: a Node a file and
// reference cost the suite two minutes).
// - model: @dbml/core's model as the normalised JSON that edgeviz's reader prints too
//   (`edgeviz::kinds::dbml::model_json`). Everything is sorted, so that only what was read is
//   compared, not the order of lists. On a parse error {"error": {"line", "column",
//   "message"}} (the first one).
// - dot: {"ok": the graph} as @softwaretechnik/dbml-renderer (what Kroki runs) writes it with
//   `-f dot`, or {"error": its message}.
import core from '@dbml/core';
import fs from 'fs';
import renderer from '@softwaretechnik/dbml-renderer';

const schemaOf = (name) => name || 'public';
const text = (v) => (v === undefined || v === null ? null : String(v));
const byKey = (key) => (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const sorted = (list, key) => [...list].sort(byKey(key));

// A type as written: type_name holds `schema.type` for most types, only `type` for an enum's
// (its schema then in schemaName).
const typeOf = (t) =>
  t.schemaName && !t.type_name.startsWith(`${t.schemaName}.`) ? `${t.schemaName}.${t.type_name}` : t.type_name;
const defaultOf = (d) => (d ? `${d.type}:${d.value}` : null);

const column = (f) => ({
  name: f.name,
  type: typeOf(f.type),
  pk: !!f.pk,
  unique: !!f.unique,
  not_null: !!f.not_null,
  increment: !!f.increment,
  default: defaultOf(f.dbdefault),
  note: text(f.note),
});

const index = (i) => ({
  columns: i.columns.map((c) => `${c.type}:${c.value}`).sort(),
  pk: !!i.pk,
  unique: !!i.unique,
});

const table = (schema, t) => ({
  schema: schemaOf(schema.name),
  name: t.name,
  alias: text(t.alias),
  note: text(t.note),
  headercolor: text(t.headerColor),
  columns: t.fields.map(column),
  indexes: sorted(t.indexes.map(index), indexKey),
});

// The table an endpoint names, resolved (an endpoint may name a table by its alias).
const endpoint = (e) => ({
  schema: schemaOf(e.fields[0].table.schema?.name),
  table: e.fields[0].table.name,
  columns: e.fieldNames,
  relation: e.relation,
});
const endpointKey = (e) => `${e.schema}.${e.table}.${e.columns.join(',')} ${e.relation}`;
const indexKey = (i) => `${i.columns.join(',')} ${i.pk} ${i.unique}`;
const refKey = (r) => r.endpoints.map(endpointKey).join(' ');

const ref = (r) => ({
  endpoints: sorted(r.endpoints.map(endpoint), endpointKey),
  delete: text(r.onDelete),
  update: text(r.onUpdate),
});

const enumOf = (schema, e) => ({
  schema: schemaOf(schema.name),
  name: e.name,
  values: e.values.map((v) => ({ name: v.name, note: text(v.note) })),
});

const group = (schema, g) => ({
  schema: schemaOf(schema.name),
  name: g.name,
  tables: g.tables.map((t) => `${schemaOf(t.schema?.name)}.${t.name}`).sort(),
});

const model = (db) => {
  const schemas = db.schemas;
  const all = (f) => schemas.flatMap((s) => f(s));
  return {
    tables: sorted(all((s) => s.tables.map((t) => table(s, t))), (t) => `${t.schema}.${t.name}`),
    enums: sorted(all((s) => s.enums.map((e) => enumOf(s, e))), (e) => `${e.schema}.${e.name}`),
    refs: sorted(all((s) => s.refs.map(ref)), refKey),
    groups: sorted(all((s) => s.tableGroups.map((g) => group(s, g))), (g) => g.name),
    notes: sorted((db.notes || []).map((n) => ({ name: n.name, content: n.content })), (n) => n.name),
    project_note: text(db.note),
  };
};

const modelOf = (source) => {
  try {
    return model(core.Parser.parse(source, 'dbmlv2'));
  } catch (e) {
    const diag = (e.diags && e.diags[0]) || { message: String(e.message || e) };
    const start = diag.location?.start || {};
    return { error: { line: start.line ?? null, column: start.column ?? null, message: diag.message } };
  }
};

const dotOf = (source) => {
  try {
    return { ok: renderer.run(source, 'dot') };
  } catch (e) {
    return { error: String(e.message || e) };
  }
};

for (const file of process.argv.slice(2)) {
  const source = fs.readFileSync(file, 'utf8');
  process.stdout.write(JSON.stringify({ file, model: modelOf(source), dot: dotOf(source) }) + '\n');
}
