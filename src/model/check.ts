// Compares an observed answer with the model's expectation. Returns a reason a human can act on.
import type { CheckResult } from './check-result.ts';
import { SCHEMA, enumProblem, recordEnumProblem } from '../xapi/index.ts';
import { checkTaskTimes } from './task-times.ts';
import { tokenOrderProblem } from './event-token-order.ts';
import { refCountsProblem } from './event-ref-counts.ts';
import type { ExpectedEvent, Expected, ParamMatcher, Shape } from './expected.ts';
import { expectedToString, shapeToString } from './expected.ts';
import type { Observed } from './observed.ts';
import { observedToString, preview } from './observed.ts';

const OK: CheckResult = { ok: true };

function bad(reason: string): CheckResult {
  return { ok: false, reason };
}

export function check(expected: Expected, observed: Observed): CheckResult {
  switch (expected.kind) {
    case 'unpredictable':
      return OK;
    case 'oneOf': {
      const reasons: string[] = [];
      for (const option of expected.options) {
        const r = check(option, observed);
        if (r.ok) return OK;
        reasons.push(r.reason);
      }
      return bad(`none of the acceptable answers matched (${reasons.join('; ')})`);
    }
    case 'failure': {
      if (observed.ok) {
        return bad(`expected ${expectedToString(expected)}, got ${observedToString(observed)}`);
      }
      if (!codeMatches(expected.code, observed.code)) {
        return bad(`expected error ${expected.code}, got ${observedToString(observed)}`);
      }
      if (expected.params === undefined) return OK;
      if (observed.params.length !== expected.params.length) {
        return bad(
          `${expected.code}: expected ${expected.params.length} params ${expectedToString(expected)}, got ${observed.params.length} ${observedToString(observed)}`,
        );
      }
      for (let i = 0; i < expected.params.length; i += 1) {
        const m = expected.params[i] as ParamMatcher;
        const p = observed.params[i] as string;
        if (!paramMatches(m, p)) {
          return bad(
            `${expected.code}: param ${i} expected ${expectedToString(expected)}, got ${observedToString(observed)}`,
          );
        }
      }
      return OK;
    }
    case 'success': {
      if (!observed.ok)
        return bad(`expected ${expectedToString(expected)}, got ${observedToString(observed)}`);
      const r = checkShape(expected.shape, observed.value, 'value');
      return r.ok ? OK : bad(r.reason);
    }
  }
}

/** An exact wire name, or a family "PREFIX_*" (SR_BACKEND_FAILURE_<n>, sm_exec.ml; SEMANTICS.md §4). */
function codeMatches(expected: string, observed: string): boolean {
  if (expected.endsWith('*')) {
    const prefix = expected.slice(0, -1);
    return observed.startsWith(prefix) && observed.length > prefix.length;
  }
  return expected === observed;
}

function paramMatches(m: ParamMatcher, p: string): boolean {
  if (typeof m === 'string') return m === p;
  switch (m.kind) {
    case 'anyParam':
      return true;
    case 'refParam':
      return p.startsWith('OpaqueRef:') && p !== 'OpaqueRef:NULL';
    case 'oneOfParam':
      return m.values.includes(p);
  }
}

function isStruct(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** Numbers may arrive as number, bigint or decimal string depending on the decoding layer (SEMANTICS.md §2). */
function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** Structural equality tolerant of the int/string/bigint and Date/string representations. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) {
    const ta = a instanceof Date ? a.getTime() : typeof a === 'string' ? Date.parse(a) : NaN;
    const tb = b instanceof Date ? b.getTime() : typeof b === 'string' ? Date.parse(b) : NaN;
    return !Number.isNaN(ta) && ta === tb;
  }
  if (typeof a === 'number' || typeof a === 'bigint' || typeof b === 'number' || typeof b === 'bigint') {
    const na = asNumber(a);
    const nb = asNumber(b);
    return na !== undefined && na === nb;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  }
  if (isStruct(a) && isStruct(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && valuesEqual(a[k], b[k]));
  }
  return false;
}

function checkShape(shape: Shape, v: unknown, path: string): CheckResult {
  switch (shape.kind) {
    case 'any':
      return OK;
    case 'void':
      return v === '' || v === undefined || v === null
        ? OK
        : bad(`${path}: expected void (""), got ${preview(v)}`);
    case 'ref': {
      if (typeof v !== 'string' || !v.startsWith('OpaqueRef:') || v === 'OpaqueRef:NULL') {
        return bad(`${path}: expected a ${shape.cls} ref, got ${preview(v)}`);
      }
      if (shape.notIn?.includes(v) === true)
        return bad(`${path}: expected a fresh ${shape.cls} ref, got the known ${v}`);
      return OK;
    }
    case 'equals':
      return valuesEqual(shape.value, v)
        ? OK
        : bad(`${path}: expected ${preview(shape.value)}, got ${preview(v)}`);
    case 'string':
      return typeof v === 'string' ? OK : bad(`${path}: expected a string, got ${preview(v)}`);
    case 'number': {
      const n = asNumber(v);
      if (n === undefined) return bad(`${path}: expected a number, got ${preview(v)}`);
      if (shape.min !== undefined && n < shape.min) return bad(`${path}: expected >= ${shape.min}, got ${n}`);
      if (shape.max !== undefined && n > shape.max) return bad(`${path}: expected <= ${shape.max}, got ${n}`);
      return OK;
    }
    case 'oneOfValues':
      return shape.values.some((x) => valuesEqual(x, v))
        ? OK
        : bad(`${path}: expected one of ${preview(shape.values)}, got ${preview(v)}`);
    case 'set': {
      if (!Array.isArray(v)) return bad(`${path}: expected a set, got ${preview(v)}`);
      const got = new Set(v.map((x) => String(x)));
      const covered = shape.covered === undefined ? undefined : new Set(shape.covered);
      const want = new Set(shape.members);
      const optional = new Set(shape.optional ?? []);
      const missing = [...want].filter((m) => !got.has(m));
      const extra = [...got].filter(
        (m) => !want.has(m) && !optional.has(m) && (covered === undefined || covered.has(m)),
      );
      if (missing.length === 0 && extra.length === 0) return OK;
      return bad(
        `${path}: expected {${[...want].sort().join(', ')}}${covered !== undefined ? ' (comparing the ops the model covers)' : ''}, got {${[...got].sort().join(', ')}}` +
          `${missing.length > 0 ? `; missing ${missing.join(', ')}` : ''}${extra.length > 0 ? `; unexpected ${extra.join(', ')}` : ''}`,
      );
    }
    case 'record': {
      if (!isStruct(v)) return bad(`${path}: expected a record, got ${preview(v)}`);
      for (const [k, s] of Object.entries(shape.fields)) {
        if (!Object.hasOwn(v, k)) return bad(`${path}.${k}: field missing`);
        const r = checkShape(s, v[k], `${path}.${k}`);
        if (!r.ok) return r;
      }
      return OK;
    }
    case 'refMap': {
      if (!isStruct(v)) return bad(`${path}: expected a map of records, got ${preview(v)}`);
      for (const [ref, s] of Object.entries(shape.present)) {
        if (!Object.hasOwn(v, ref)) return bad(`${path}: ${ref} missing (the model has it alive)`);
        const r = checkShape(s, v[ref], `${path}[${ref}]`);
        if (!r.ok) return r;
      }
      for (const ref of shape.absent) {
        if (Object.hasOwn(v, ref)) return bad(`${path}: ${ref} present but the model has it destroyed`);
      }
      return OK;
    }
    case 'refList': {
      if (!Array.isArray(v)) return bad(`${path}: expected a list of refs, got ${preview(v)}`);
      const got = new Set(v.map((x) => String(x)));
      for (const ref of shape.present)
        if (!got.has(ref)) return bad(`${path}: ${ref} missing (the model has it alive)`);
      for (const ref of shape.absent)
        if (got.has(ref))
          return bad(`${path}: ${ref} listed, but the model has it destroyed or not matching`);
      return OK;
    }
    case 'eventBatch':
      return checkEventBatch(shape, v, path);
    case 'xmlValue': {
      const inner = decodeXmlValue(v);
      if (inner === undefined) return bad(`${path}: expected an XML-RPC <value> string, got ${preview(v)}`);
      return checkShape(shape.inner, inner, `${path} (decoded)`);
    }
    case 'errorInfo': {
      if (!Array.isArray(v)) return bad(`${path}: expected error_info [code, params…], got ${preview(v)}`);
      const [code, ...params] = v.map((x) => String(x));
      const r = check(shape.expected, { ok: false, code: code ?? '', params });
      return r.ok ? OK : bad(`${path}: ${r.reason}`);
    }
    case 'count':
      if (!Array.isArray(v)) return bad(`${path}: expected a list, got ${preview(v)}`);
      return v.length === shape.n ? OK : bad(`${path}: expected ${shape.n} members, got ${v.length}`);
    case 'taskTimes':
      return checkTaskTimes(shape.completed, v, path);
    case 'enums':
      return checkEnums(shape, v, path);
    case 'opsWithin': {
      if (!isStruct(v)) return bad(`${path}: expected a map of task → operation, got ${preview(v)}`);
      for (const [task, op] of Object.entries(v)) {
        const want = shape.allowed[task];
        if (want === undefined)
          return bad(
            `${path}: ${task} → ${String(op)} is no operation of ours running on it (${shapeToString(shape)})`,
          );
        if (op !== want) return bad(`${path}[${task}]: expected ${want}, got ${preview(op)}`);
      }
      return OK;
    }
    case 'allOf': {
      for (const s of shape.shapes) {
        const r = checkShape(s, v, path);
        if (!r.ok) return r;
      }
      return OK;
    }
  }
}

function checkEnums(shape: Extract<Shape, { kind: 'enums' }>, v: unknown, path: string): CheckResult {
  let problem: string | undefined;
  if (shape.field !== undefined) {
    const f = SCHEMA.classes.get(shape.cls)?.fieldByName.get(shape.field);
    problem = f === undefined ? undefined : enumProblem(f.type, v, path);
  } else if (shape.many === true) {
    if (isStruct(v))
      for (const [ref, rec] of Object.entries(v)) {
        problem = recordEnumProblem(shape.cls, rec, `${path}[${ref}]`);
        if (problem !== undefined) break;
      }
  } else problem = recordEnumProblem(shape.cls, v, path);
  return problem === undefined ? OK : bad(problem);
}

/**
 * Decodes task.result: `Xmlrpc.to_string` of a value, "<value>…</value>" with an untyped string or a
 * <string> element; void is "<value></value>" (SEMANTICS.md §5). Returns undefined if it is not one.
 */
export function decodeXmlValue(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\s*<value>(?:<string>([^<]*)<\/string>|([^<]*))<\/value>\s*$/.exec(v);
  if (m === null) return undefined;
  const raw = m[1] ?? m[2] ?? '';
  return raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

interface SeenEvent {
  readonly cls: string;
  readonly ref: string;
  readonly operation: string;
  readonly snapshot: unknown;
}

function checkEventBatch(
  shape: Extract<Shape, { kind: 'eventBatch' }>,
  v: unknown,
  path: string,
): CheckResult {
  if (!isStruct(v)) return bad(`${path}: expected an event batch, got ${preview(v)}`);
  const events = v['events'];
  if (!Array.isArray(events)) return bad(`${path}.events: expected a list, got ${preview(events)}`);
  if (typeof v['token'] !== 'string')
    return bad(`${path}.token: expected a string, got ${preview(v['token'])}`);
  if (shape.tokenAtLeast !== undefined) {
    const problem = tokenOrderProblem(shape.tokenAtLeast, v['token']);
    if (problem !== undefined) return bad(`${path}.token: ${problem}`);
  }
  if (shape.refCountsAtLeast !== undefined) {
    const problem = refCountsProblem(shape.refCountsAtLeast, v['valid_ref_counts']);
    if (problem !== undefined) return bad(`${path}.valid_ref_counts: ${problem}`);
  }
  const seen: SeenEvent[] = [];
  for (const e of events as unknown[]) {
    if (!isStruct(e)) return bad(`${path}.events: an entry is not a struct: ${preview(e)}`);
    seen.push({
      cls: String(e['class']).toLowerCase(),
      ref: String(e['ref']),
      operation: String(e['operation']),
      snapshot: e['snapshot'],
    });
  }
  for (const want of shape.must) {
    const found = seen.filter((s) => s.cls === want.cls && s.ref === want.ref);
    const match = found.find((s) => s.operation === want.operation);
    if (match === undefined) {
      return bad(
        `${path}: missing event ${describe(want)}${found.length > 0 ? ` (saw ${found.map((f) => f.operation).join(', ')} instead)` : ''}`,
      );
    }
    if (want.snapshot !== undefined) {
      const r = checkShape(
        { kind: 'record', fields: want.snapshot },
        match.snapshot,
        `${path} ${describe(want)} snapshot`,
      );
      if (!r.ok) return r;
    }
  }
  for (const f of shape.forbid) {
    const hit = seen.find(
      (s) => s.cls === f.cls && s.ref === f.ref && f.operations.some((op) => op === s.operation),
    );
    if (hit !== undefined)
      return bad(`${path}: unexpected event ${hit.operation} ${hit.cls} ${hit.ref} (${f.why})`);
  }
  return OK;
}

function describe(e: ExpectedEvent): string {
  return `${e.operation} ${e.cls} ${e.ref}`;
}
