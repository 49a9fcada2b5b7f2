// Prints @dbml/core's model of a DBML file (argv[2]) as the normalised JSON that
// edgeviz's reader prints too (`edgeviz::kinds::dbml::model_json`), for tests/dbml.rs.
// Everything is sorted, so that only what was read is compared, not the order of lists.
// On a parse error it prints {"error": {"line", "column", "message"}} (the first one).
import core from '@dbml/core';
import fs from 'fs';

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

const source = fs.readFileSync(process.argv[2], 'utf8');
let out;
try {
  out = model(core.Parser.parse(source, 'dbmlv2'));
} catch (e) {
  const diag = (e.diags && e.diags[0]) || { message: String(e.message || e) };
  const start = diag.location?.start || {};
  out = { error: { line: start.line ?? null, column: start.column ?? null, message: diag.message } };
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
