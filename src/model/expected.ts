// What the model expects an endpoint to answer. Either a success whose value matches a shape, or an
// XAPI failure with its params, or a set of alternatives where real xapi leaves freedom (tolerance:
// e.g. a session that a 30 s GC pass may or may not have evicted yet, SEMANTICS.md §3).

/** A matcher for one failure parameter. */
export type ParamMatcher =
  | string
  | { readonly kind: 'anyParam' }
  | { readonly kind: 'refParam' }
  | { readonly kind: 'oneOfParam'; readonly values: readonly string[] };

/** A matcher for a success value. */
export type Shape =
  | { readonly kind: 'any' }
  | { readonly kind: 'void' }
  /** A non-null ref string; `notIn` lists refs it must differ from (a fresh object). */
  | { readonly kind: 'ref'; readonly cls: string; readonly notIn?: readonly string[] }
  | { readonly kind: 'equals'; readonly value: unknown }
  | { readonly kind: 'string' }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'oneOfValues'; readonly values: readonly unknown[] }
  /**
   * A set compared as a set; `covered` restricts the comparison to those members (SEMANTICS.md §4);
   * `optional` members may be there or not (what depends on something the harness cannot see, §10).
   */
  | {
      readonly kind: 'set';
      readonly members: readonly string[];
      readonly covered?: readonly string[];
      readonly optional?: readonly string[];
    }
  /** A struct whose listed fields match; other fields are not checked here. */
  | { readonly kind: 'record'; readonly fields: Readonly<Record<string, Shape>> }
  /** A map keyed by ref: `present` refs must be there with matching values, `absent` must not. */
  | {
      readonly kind: 'refMap';
      readonly present: Readonly<Record<string, Shape>>;
      readonly absent: readonly string[];
    }
  /** A list of refs (get_all): `present` must be members, `absent` must not. */
  | { readonly kind: 'refList'; readonly present: readonly string[]; readonly absent: readonly string[] }
  /** An event.from batch (SEMANTICS.md §6). */
  | {
      readonly kind: 'eventBatch';
      readonly must: readonly ExpectedEvent[];
      readonly forbid: readonly ForbiddenEvent[];
      /** The token the call was given: the batch's token must not be before it (event-token-order.ts). */
      readonly tokenAtLeast?: string;
      /** valid_ref_counts: these tables counted, whatever the subscription, at least so many rows (event-ref-counts.ts). */
      readonly refCountsAtLeast?: Readonly<Record<string, number>>;
    }
  | { readonly kind: 'allOf'; readonly shapes: readonly Shape[] }
  /**
   * Enum-typed values are members of their enum (src/xapi/enum-problems.ts): a record of `cls`, a map of them
   * (`many`), or the value of one `field`.
   */
  | { readonly kind: 'enums'; readonly cls: string; readonly field?: string; readonly many?: boolean }
  /**
   * A VM's current_operations while tasks of ours may be running on it (vm-current-ops.ts): every entry is one
   * of `allowed` (task ref → operation); an entry may be missing (not started yet, or already done).
   */
  | { readonly kind: 'opsWithin'; readonly allowed: Readonly<Record<string, string>> }
  /** A list with exactly `n` members (a VM's VBDs, VIFs: vm-devices.ts). */
  | { readonly kind: 'count'; readonly n: number }
  /** A task record's created / finished (task-times.ts): pending → finished is the epoch; else ≥ created. */
  | { readonly kind: 'taskTimes'; readonly completed: boolean }
  /** task.result: xapi stores `Xmlrpc.to_string` of the value, e.g. "<value>OpaqueRef:…</value>" (SEMANTICS.md §5). */
  | { readonly kind: 'xmlValue'; readonly inner: Shape }
  /** task.error_info: [code, params…] matching a failure expectation. */
  | { readonly kind: 'errorInfo'; readonly expected: Expected };

export interface ExpectedEvent {
  /** Lowercase class name, as event records carry it. */
  readonly cls: string;
  readonly ref: string;
  readonly operation: 'add' | 'mod' | 'del';
  /** Fields the snapshot must carry (add/mod only). */
  readonly snapshot?: Readonly<Record<string, Shape>>;
}

/** An event that must not appear: `operation` undefined forbids any event for that object. */
export interface ForbiddenEvent {
  readonly cls: string;
  readonly ref: string;
  readonly operations: readonly ('add' | 'mod' | 'del')[];
  readonly why: string;
}

export type Expected =
  | { readonly kind: 'success'; readonly shape: Shape }
  | {
      readonly kind: 'failure';
      /** The wire name; a trailing "*" matches a family ("SR_BACKEND_FAILURE_*": SR_BACKEND_FAILURE_44, ...). */
      readonly code: string;
      /** `undefined`: params are not checked (e.g. INTERNAL_ERROR's text is implementation-specific). */
      readonly params?: readonly ParamMatcher[];
      /**
       * Set on a failure the host may give for reasons outside the API's contract (SEMANTICS.md §10): why it
       * is accepted. A case that ends so is counted as environmental (inconclusive when most cases do).
       */
      readonly environmental?: string;
    }
  | { readonly kind: 'oneOf'; readonly options: readonly Expected[] }
  /** The model cannot predict this call (documented gaps, e.g. reads of a VM while an Async task runs on it). */
  | { readonly kind: 'unpredictable'; readonly why: string };

// Constructors keep call sites short and readable.
const anyShape: Shape = { kind: 'any' };
export const voidShape: Shape = { kind: 'void' };
export const anyParam: ParamMatcher = { kind: 'anyParam' };

export function succeeds(shape: Shape = anyShape): Expected {
  return { kind: 'success', shape };
}

export function fails(code: string, params?: readonly ParamMatcher[]): Expected {
  return params === undefined ? { kind: 'failure', code } : { kind: 'failure', code, params };
}

export function oneOf(...options: readonly Expected[]): Expected {
  const flat = options.flatMap((o) => (o.kind === 'oneOf' ? o.options : [o]));
  return flat.length === 1 && flat[0] !== undefined ? flat[0] : { kind: 'oneOf', options: flat };
}

export function unpredictable(why: string): Expected {
  return { kind: 'unpredictable', why };
}

export function equalsShape(value: unknown): Shape {
  return { kind: 'equals', value };
}

export function refShape(cls: string, notIn?: readonly string[]): Shape {
  return notIn === undefined ? { kind: 'ref', cls } : { kind: 'ref', cls, notIn };
}

export function recordShape(fields: Readonly<Record<string, Shape>>): Shape {
  return { kind: 'record', fields };
}

export function expectedToString(e: Expected): string {
  switch (e.kind) {
    case 'success':
      return `Success ${shapeToString(e.shape)}`;
    case 'failure':
      return `Failure ${e.code}${e.params === undefined ? ' [...]' : ` [${e.params.map((p) => paramToString(p)).join(', ')}]`}`;
    case 'oneOf':
      return e.options.map(expectedToString).join(' | ');
    case 'unpredictable':
      return `anything (${e.why})`;
  }
}

/** A parameter matcher as text; `literal` writes a given value (quoted in the model's own messages). */
export function paramToString(p: ParamMatcher, literal: (v: string) => string = JSON.stringify): string {
  if (typeof p === 'string') return literal(p);
  switch (p.kind) {
    case 'anyParam':
      return '_';
    case 'refParam':
      return '<ref>';
    case 'oneOfParam':
      return p.values.map(literal).join('|');
  }
}

export function shapeToString(s: Shape): string {
  switch (s.kind) {
    case 'any':
      return '<any>';
    case 'void':
      return '""';
    case 'ref':
      return `<${s.cls} ref${s.notIn !== undefined ? ', fresh' : ''}>`;
    case 'equals':
      return JSON.stringify(s.value) ?? String(s.value);
    case 'string':
      return '<string>';
    case 'number':
      return `<number${s.min !== undefined ? ` >= ${s.min}` : ''}${s.max !== undefined ? ` <= ${s.max}` : ''}>`;
    case 'oneOfValues':
      return s.values.map((v) => JSON.stringify(v)).join('|');
    case 'set':
      return `{${s.members.join(', ')}}${s.covered !== undefined ? ' (on covered ops)' : ''}`;
    case 'record':
      return `{${Object.entries(s.fields)
        .map(([k, v]) => `${k}: ${shapeToString(v)}`)
        .join(', ')}}`;
    case 'refMap':
      return `map with ${Object.keys(s.present).length} known refs, without ${s.absent.length}`;
    case 'refList':
      return `refs including ${s.present.length}, excluding ${s.absent.length}`;
    case 'eventBatch':
      return `events ⊇ [${s.must.map((m) => `${m.operation} ${m.cls} ${m.ref}`).join(', ')}]`;
    case 'allOf':
      return s.shapes.map(shapeToString).join(' & ');
    case 'count':
      return `<${s.n} members>`;
    case 'opsWithin':
      return `{${Object.entries(s.allowed)
        .map(([t, op]) => `${t}: ${op}`)
        .join(', ')}} or fewer`;
    case 'enums':
      return `<${s.many === true ? `${s.cls} records` : s.field === undefined ? `a ${s.cls} record` : `${s.cls}.${s.field}`} with enum values in their enums>`;
    case 'taskTimes':
      return s.completed ? 'finished ≥ created' : 'finished = epoch';
    case 'xmlValue':
      return `<value>${shapeToString(s.inner)}</value>`;
    case 'errorInfo':
      return `[${expectedToString(s.expected)}]`;
  }
}
