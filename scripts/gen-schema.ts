// `npm run gen:schema`: derives src/xapi/schema.generated.json from the published datamodel
// (SEMANTICS.md §1): ../shared/xapi/{xenapi.json, xapi_errors_derived.json, release_info.json, releases.yml}.
// XAPI_DATAMODEL overrides the location (a directory, or the path of xenapi.json).
// Facts only: names, types, qualifiers, defaults, lifecycles, roles, error names. Descriptions and
// docs are dropped on purpose (DEVELOPMENT.md: never commit the datamodel's texts).
// Output is byte-for-byte reproducible: input order is kept where it is meaningful (classes, fields,
// params, releases), names are sorted where it is not (enums, errors).
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseType } from '../src/xapi/parse-type.ts';
import { parseDefault } from '../src/xapi/parse-default.ts';
import type {
  ClassJson,
  FieldJson,
  LifecycleState,
  MessageJson,
  ReleaseJson,
  SchemaJson,
  TransitionJson,
} from '../src/xapi/schema-json.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_OUTPUT = join(REPO_ROOT, 'src/xapi/schema.generated.json');
export const ERROR_NAMES_OUTPUT = join(REPO_ROOT, 'src/xapi/error-names.generated.ts');
const NO_ASYNC_FILE = join(REPO_ROOT, 'scripts/data/no-async-messages.json');

/** The directory holding xenapi.json and its companions. */
export function datamodelDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['XAPI_DATAMODEL'];
  if (override !== undefined && override !== '') {
    const p = resolve(override);
    return existsSync(p) && statSync(p).isFile() ? dirname(p) : p;
  }
  return resolve(REPO_ROOT, '../shared/xapi');
}

// --- Input shapes (only what we read; xenapi.json has more, e.g. descriptions, which we skip). ---
interface RawLifecycle {
  state: string;
  transitions: { transition: string; release: string }[];
}
interface RawField {
  name: string;
  type: string;
  qualifier: string;
  default?: string;
  lifecycle: RawLifecycle;
}
interface RawMessage {
  name: string;
  result: [string] | [string, string];
  params: { type: string; name: string; required: boolean }[];
  errors: { name: string }[];
  roles: string[];
  lifecycle: RawLifecycle;
  implicit: boolean;
}
interface RawEnum {
  name: string;
  values: { name: string }[];
}
interface RawClass {
  name: string;
  fields: RawField[];
  messages: RawMessage[];
  enums: RawEnum[];
  lifecycle: RawLifecycle;
}
interface RawErrors {
  errors: { name: string; params: string[] }[];
  names_without_datamodel_entry: string[];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const STATES = new Set(['Published', 'Prototyped', 'Deprecated', 'Removed']);
function state(lc: RawLifecycle, where: string): LifecycleState {
  const s = lc.state.replace(/_s$/, '');
  if (!STATES.has(s)) throw new Error(`${where}: unknown lifecycle state ${lc.state}`);
  return s as LifecycleState;
}
function transitions(lc: RawLifecycle): TransitionJson[] {
  return lc.transitions.map((t) => [t.transition, t.release] as const);
}

const QUALIFIERS = new Set(['RW', 'RO/constructor', 'RO/runtime']);

function field(cls: string, f: RawField): FieldJson {
  const where = `${cls}.${f.name}`;
  if (!QUALIFIERS.has(f.qualifier)) throw new Error(`${where}: unknown qualifier ${f.qualifier}`);
  parseType(f.type); // validate: throws on a type string the grammar does not know
  const base = {
    name: f.name,
    type: f.type,
    qualifier: f.qualifier as FieldJson['qualifier'],
    state: state(f.lifecycle, where),
    lifecycle: transitions(f.lifecycle),
  };
  return f.default === undefined ? base : { ...base, default: parseDefault(parseType(f.type), f.default) };
}

/**
 * The Async rule (SEMANTICS.md §1 gap (b); xen-api ocaml/idl/ocaml_backend/gen_client.ml `has_async`):
 * custom messages have Async unless declared without `Async (scripts/data/no-async-messages.json);
 * implicit ones only for the object constructor and destructor (FromObject Make/Delete).
 */
function hasAsync(cls: string, m: RawMessage, noAsync: ReadonlySet<string>): boolean {
  if (!m.implicit) return !noAsync.has(`${cls}.${m.name}`);
  return m.name === 'create' || m.name === 'destroy';
}

function message(cls: string, m: RawMessage, noAsync: ReadonlySet<string>): MessageJson {
  const where = `${cls}.${m.name}`;
  for (const p of m.params) parseType(p.type);
  parseType(m.result[0]);
  return {
    name: m.name,
    params: m.params.map((p) => ({ name: p.name, type: p.type, required: p.required })),
    result: m.result[0],
    errors: m.errors.map((e) => e.name),
    roles: [...m.roles],
    implicit: m.implicit,
    async: hasAsync(cls, m, noAsync),
    state: state(m.lifecycle, where),
    lifecycle: transitions(m.lifecycle),
  };
}

/** releases.yml is "code: Branding" lines, newest first; parsed by hand to avoid a YAML dependency. */
function parseReleasesYml(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([^:#\s][^:]*):\s*(.+?)\s*$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined)
      out.set(m[1].trim(), m[2].replace(/^(['"])(.*)\1$/, '$2'));
  }
  return out;
}

function checkReleaseOrder(codes: readonly string[]): void {
  let prev: number[] | undefined;
  for (const code of codes) {
    const v = /^\d+\.\d+\.\d+$/.test(code) ? code.split('.').map(Number) : undefined;
    if (v === undefined) {
      if (prev !== undefined) throw new Error(`release ${code}: a code name after numbered releases`);
      continue;
    }
    const before = prev;
    const cmp = before === undefined ? 1 : (v.map((n, i) => n - (before[i] ?? 0)).find((d) => d !== 0) ?? 0);
    if (before !== undefined && cmp <= 0) throw new Error(`release ${code} is not after ${before.join('.')}`);
    prev = v;
  }
}

/** Builds the schema from the datamodel directory. Pure apart from reading files. */
export function buildSchema(dir: string): SchemaJson {
  const classesRaw = readJson<RawClass[]>(join(dir, 'xenapi.json'));
  const errorsRaw = readJson<RawErrors>(join(dir, 'xapi_errors_derived.json'));
  const releaseInfo = readJson<Record<string, unknown>>(join(dir, 'release_info.json'));
  const branding = parseReleasesYml(readFileSync(join(dir, 'releases.yml'), 'utf8'));
  const noAsync = new Set(readJson<{ messages: string[] }>(NO_ASYNC_FILE).messages);

  // release_info.json keys are in release order, oldest (rio) first.
  const releases: ReleaseJson[] = Object.keys(releaseInfo).map((code) => {
    const b = branding.get(code);
    return b === undefined ? { code } : { code, branding: b };
  });

  // Numbered releases must come in version order after the code-named ones, and every lifecycle must name a
  // known release (or "X-next", a change after X not yet stamped): src/xapi/releases.ts relies on both.
  checkReleaseOrder(releases.map((r) => r.code));
  const known = new Set(releases.map((r) => r.code));
  for (const c of classesRaw) {
    for (const x of [c, ...c.fields, ...c.messages]) {
      for (const t of x.lifecycle.transitions) {
        const base = t.release.replace(/-next$/, '');
        if (!known.has(base))
          throw new Error(`${c.name}.${x.name}: lifecycle names unknown release ${t.release}`);
      }
    }
  }

  const enums = new Map<string, string[]>();
  for (const c of classesRaw) {
    for (const e of c.enums) {
      const values = e.values.map((v) => v.name);
      const prev = enums.get(e.name);
      if (prev !== undefined && prev.join('\0') !== values.join('\0')) {
        throw new Error(`enum ${e.name} has different values in different classes`);
      }
      enums.set(e.name, values);
    }
  }

  const classes: ClassJson[] = classesRaw.map((c) => ({
    name: c.name,
    state: state(c.lifecycle, c.name),
    lifecycle: transitions(c.lifecycle),
    fields: c.fields.map((f) => field(c.name, f)),
    messages: c.messages.map((m) => message(c.name, m, noAsync)),
  }));

  const errors = new Map<string, string[]>();
  for (const e of errorsRaw.errors) errors.set(e.name, [...e.params]);
  for (const n of errorsRaw.names_without_datamodel_entry) if (!errors.has(n)) errors.set(n, []);

  const sorted = <V>(m: Map<string, V>): Record<string, V> =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  return {
    source:
      'Generated by scripts/gen-schema.ts from xenapi.json, release_info.json, releases.yml (xapi-project.github.io _data, built from xapi-project/xen-api) and xapi_errors_derived.json; Async from scripts/data/no-async-messages.json. Do not edit.',
    releases,
    enums: sorted(enums),
    classes,
    errors: sorted(errors),
    undeclaredErrors: [...errorsRaw.names_without_datamodel_entry].sort(),
  };
}

/**
 * Serialises with one class header, one field and one message per line: diffs stay readable and the
 * bytes depend only on the input (JSON.stringify keeps insertion order, which buildSchema fixes).
 */
export function serializeSchema(s: SchemaJson): string {
  const j = (v: unknown): string => JSON.stringify(v);
  const block = <T>(items: readonly T[], one: (x: T) => string, indent: string): string =>
    items.length === 0 ? '[]' : `[\n${items.map((x) => indent + one(x)).join(',\n')}\n${indent.slice(2)}]`;
  const obj = (o: { readonly [k: string]: unknown }, indent: string): string => {
    const keys = Object.keys(o);
    return keys.length === 0
      ? '{}'
      : `{\n${keys.map((k) => `${indent}${j(k)}: ${j(o[k])}`).join(',\n')}\n${indent.slice(2)}}`;
  };
  const cls = (c: ClassJson): string => {
    const head = j({ name: c.name, state: c.state, lifecycle: c.lifecycle }).slice(0, -1);
    return `${head},\n      "fields": ${block(c.fields, j, '        ')},\n      "messages": ${block(c.messages, j, '        ')}}`;
  };
  return [
    '{',
    `  "source": ${j(s.source)},`,
    `  "releases": ${block(s.releases, j, '    ')},`,
    `  "enums": ${obj(s.enums, '    ')},`,
    `  "classes": ${block(s.classes, cls, '    ')},`,
    `  "errors": ${obj(s.errors, '    ')},`,
    `  "undeclaredErrors": ${j(s.undeclaredErrors)}`,
    '}',
    '',
  ].join('\n');
}

/**
 * src/xapi/error-names.generated.ts: the catalogue's error names as a TypeScript union, so that
 * `fail(code, ...)` and the model's predictions are checked against the catalogue at compile time.
 */
export function serializeErrorNames(s: Pick<SchemaJson, 'errors'>): string {
  const names = Object.keys(s.errors).sort();
  return [
    '// Generated by `npm run gen:schema` from schema.generated.json (its "errors"): do not edit.',
    '',
    '/** Every XAPI error name of the catalogue (datamodel_errors.ml, api_errors.ml). */',
    'export type XapiErrorName =',
    ...names.map((n, i) => `  | '${n}'${i === names.length - 1 ? ';' : ''}`),
    '',
  ].join('\n');
}

function main(): void {
  const dir = datamodelDir();
  if (!existsSync(join(dir, 'xenapi.json'))) {
    process.stderr.write(`gen-schema: no xenapi.json in ${dir} (set XAPI_DATAMODEL)\n`);
    process.exitCode = 1;
    return;
  }
  const schema = buildSchema(dir);
  const text = serializeSchema(schema);
  writeFileSync(SCHEMA_OUTPUT, text);
  writeFileSync(ERROR_NAMES_OUTPUT, serializeErrorNames(schema));
  process.stdout.write(`gen-schema: wrote ${SCHEMA_OUTPUT} (${text.length} bytes) from ${dir}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
