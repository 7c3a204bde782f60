// Compares what two endpoints answered to the same call, after normalisation (issue 15): refs and uuids
// through the run's bijection (opaque-map.ts), timestamps and the fields the user calls volatile ignored;
// everything else — success vs failure, error codes and parameters, record fields and their types, events per
// object — must match. The first difference found is returned with its path.
import type { Observed } from '../../model/index.ts';
import { OpaqueMap, isOpaque, refsIn, skeleton } from './opaque-map.ts';

/** Fields that differ between any two endpoints by nature: clocks, generation counters, event ids. */
export const DEFAULT_VOLATILE: readonly string[] = [
  'last_active',
  'validation_time',
  'created',
  'finished',
  'snapshot_time',
  'start_time',
  'install_time',
  'last_updated',
  'timestamp',
  'id',
  'token',
  // Clocks inside maps, and values xapi draws at random per start or clone.
  'agent_start_time',
  'generation_id',
];

/**
 * Fields whose values name a thing each side has its own of, paired like refs rather than compared: a host's
 * `address` (two pools have other addresses; the pairing lets a call to side A's member reach side B's).
 */
const PAIRED_FIELDS: ReadonlySet<string> = new Set(['address']);

export interface Difference {
  /** Where in the answer, e.g. `value.OpaqueRef:…(#2).power_state` or `code`. */
  readonly path: string;
  readonly a: string;
  readonly b: string;
}

type Rec = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x.toString()}n` : x));
  return s.length > 300 ? `${s.slice(0, 299)}…` : s;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'datetime';
  return typeof v;
}

/** xapi's datetime as a string (event snapshots, JSON-RPC): a clock reading, never compared. */
const DATETIME = /^\d{8}T\d\d:\d\d:\d\dZ?$|^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/;

/** A clock reading in ms (a datetime, or a string in xapi's datetime form), or undefined. */
function clockOf(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (typeof v !== 'string' || !DATETIME.test(v)) return undefined;
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(v);
  const t = m === null ? Date.parse(v) : Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(t) ? undefined : t;
}

const DEFAULT_CLOCKS = new Set(DEFAULT_VOLATILE);

/** A value's shape with opaque strings blanked: pairs unknown objects of the two sides by content. */
function shape(v: unknown, volatile: ReadonlySet<string>): string {
  if (typeof v === 'string') return isOpaque(v) ? '#' : skeleton(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return 'T';
  if (Array.isArray(v))
    return `[${v
      .map((x) => shape(x, volatile))
      .sort()
      .join(',')}]`;
  if (isRecord(v)) {
    const keys = Object.keys(v)
      .filter((k) => !volatile.has(k))
      .sort();
    return `{${keys.map((k) => `${isOpaque(k) ? '#' : k}:${shape(v[k], volatile)}`).join(',')}}`;
  }
  return String(v);
}

function sortKey(v: unknown, volatile: ReadonlySet<string>): string {
  const label = isRecord(v) && typeof v['name_label'] === 'string' ? v['name_label'] : '';
  return `${label}\u0000${shape(v, volatile)}`;
}

export class AnswerComparer {
  constructor(
    readonly map: OpaqueMap,
    readonly volatile: ReadonlySet<string>,
  ) {}

  /** The first difference between the two answers, or undefined when they agree. */
  compare(a: Observed, b: Observed): Difference | undefined {
    if (a.ok !== b.ok) return { path: 'outcome', a: outcomeText(a), b: outcomeText(b) };
    if (!a.ok && !b.ok) {
      if (a.code !== b.code) return { path: 'error code', a: outcomeText(a), b: outcomeText(b) };
      return this.value('error params', a.params, b.params);
    }
    if (a.ok && b.ok) return this.value('value', a.value, b.value);
    return undefined;
  }

  value(path: string, a: unknown, b: unknown): Difference | undefined {
    if (typeof a === 'string' && typeof b === 'string') return this.string(path, a, b);
    if (a instanceof Date || b instanceof Date) {
      return typeName(a) === typeName(b) || typeof a === 'string' || typeof b === 'string'
        ? undefined
        : { path, a: show(a), b: show(b) };
    }
    if (typeName(a) !== typeName(b))
      return { path, a: `${typeName(a)} ${show(a)}`, b: `${typeName(b)} ${show(b)}` };
    if (Array.isArray(a) && Array.isArray(b)) return this.array(path, a, b);
    if (isRecord(a) && isRecord(b)) return this.record(path, a, b);
    return Object.is(a, b) || a === b ? undefined : { path, a: show(a), b: show(b) };
  }

  private string(path: string, a: string, b: string): Difference | undefined {
    // A value paired earlier (a host address, in an error's parameters: HOST_IS_SLAVE names the coordinator).
    if (a !== b && this.map.knowsA(a) && this.map.toB(a) === b) return undefined;
    if (isOpaque(a) || isOpaque(b)) {
      if (isOpaque(a) && isOpaque(b) && this.map.bind(a, b)) return undefined;
      return {
        path,
        a: `${show(a)}${this.map.knowsA(a) ? ` (paired with ${this.map.toB(a)})` : ''}`,
        b: show(b),
      };
    }
    if (DATETIME.test(a) && DATETIME.test(b)) return undefined;
    const ra = refsIn(a);
    const rb = refsIn(b);
    if (ra.length > 0 || rb.length > 0) {
      if (ra.length !== rb.length || skeleton(a) !== skeleton(b)) return { path, a: show(a), b: show(b) };
      for (let i = 0; i < ra.length; i += 1) {
        if (!this.map.bind(ra[i] as string, rb[i] as string)) return { path, a: show(a), b: show(b) };
      }
      return undefined;
    }
    return a === b ? undefined : { path, a: show(a), b: show(b) };
  }

  private array(path: string, a: readonly unknown[], b: readonly unknown[]): Difference | undefined {
    if (a.length !== b.length)
      return { path: `${path}.length`, a: `${a.length}: ${show(a)}`, b: `${b.length}: ${show(b)}` };
    // Sets of refs and lists of objects (events) come in no defined order: pair known refs first, then the rest
    // by content, as for the keys of a map. Any other list (error parameters, strings) is ordered.
    const idOf = (v: unknown): string | undefined =>
      typeof v === 'string' && isOpaque(v)
        ? v
        : isRecord(v) && typeof v['ref'] === 'string'
          ? v['ref']
          : undefined;
    const unordered = [...a, ...b].every((v) => idOf(v) !== undefined);
    const pairs = unordered
      ? this.pair(
          a.map((v, i) => [String(i), v] as const),
          b.map((v, i) => [String(i), v] as const),
          idOf,
        )
      : a.map((_v, i) => [String(i), String(i)] as [string, string]);
    for (const [ia, ib] of pairs) {
      const d = this.value(`${path}[${ia}]`, a[Number(ia)], b[Number(ib)]);
      if (d !== undefined) return d;
    }
    return undefined;
  }

  private record(path: string, a: Rec, b: Rec): Difference | undefined {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    if (keysA.some(isOpaque) || keysB.some(isOpaque)) {
      // A map keyed by refs (get_all_records, valid_ref_counts has class names): pair the objects.
      if (keysA.length !== keysB.length)
        return { path: `${path} (objects)`, a: String(keysA.length), b: String(keysB.length) };
      const pairs = this.pair(
        keysA.map((k) => [k, a[k]] as const),
        keysB.map((k) => [k, b[k]] as const),
        (_v, k) => k,
      );
      for (const [ka, kb] of pairs) {
        if (isOpaque(ka) && isOpaque(kb) && !this.map.bind(ka, kb))
          return { path: `${path} key`, a: ka, b: kb };
        const d = this.value(`${path}.${ka}`, a[ka], b[kb]);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    for (const k of new Set([...keysA, ...keysB])) {
      if (this.volatile.has(k)) continue;
      if (!(k in a) || !(k in b)) return { path: `${path}.${k}`, a: show(a[k]), b: show(b[k]) };
      const [va, vb] = [a[k], b[k]];
      if (
        PAIRED_FIELDS.has(k) &&
        typeof va === 'string' &&
        typeof vb === 'string' &&
        va !== '' &&
        vb !== ''
      ) {
        if (this.map.bind(va, vb)) continue;
        return {
          path: `${path}.${k}`,
          a: `${show(va)}${this.map.knowsA(va) ? ` (paired with ${this.map.toB(va)})` : ''}`,
          b: show(vb),
        };
      }
      const d = this.value(`${path}.${k}`, a[k], b[k]);
      if (d !== undefined) return d;
    }
    return this.clockOrder(path, a, b);
  }

  /**
   * Clock values differ between any two endpoints, but their order within one record does not: a task's
   * `finished` is never before its `created` (SEMANTICS.md §5), on either side. Two clocks strictly in one
   * order on side A and strictly in the other on side B are a difference; equal readings (xapi's datetimes
   * have whole seconds) agree with any order. Clocks the user listed as volatile (`--volatile`, other than the
   * default ones) are left out entirely.
   */
  private clockOrder(path: string, a: Rec, b: Rec): Difference | undefined {
    const keys = Object.keys(a).filter(
      (k) =>
        (!this.volatile.has(k) || DEFAULT_CLOCKS.has(k)) &&
        clockOf(a[k]) !== undefined &&
        clockOf(b[k]) !== undefined,
    );
    for (let i = 0; i < keys.length; i += 1) {
      for (let j = i + 1; j < keys.length; j += 1) {
        const [x, y] = [keys[i]!, keys[j]!];
        const da = Math.sign(clockOf(a[x])! - clockOf(a[y])!);
        const db = Math.sign(clockOf(b[x])! - clockOf(b[y])!);
        if (da !== 0 && db !== 0 && da !== db) {
          return {
            path: `${path}.${x}/${y} order`,
            a: `${x} ${da < 0 ? 'before' : 'after'} ${y} (${show(a[x])}, ${show(a[y])})`,
            b: `${x} ${db < 0 ? 'before' : 'after'} ${y} (${show(b[x])}, ${show(b[y])})`,
          };
        }
      }
    }
    return undefined;
  }

  /**
   * Pairs two lists' entries: an entry whose opaque id side A has already paired goes with B's entry of the
   * paired id; the others are paired in the order of their content (name_label, then shape), so the same
   * objects meet whatever order each side lists them in.
   */
  private pair(
    a: readonly (readonly [string, unknown])[],
    b: readonly (readonly [string, unknown])[],
    idOf: (v: unknown, key: string) => string | undefined,
  ): [string, string][] {
    const out: [string, string][] = [];
    const usedB = new Set<string>();
    const bById = new Map<string, string>();
    for (const [k, v] of b) {
      const id = idOf(v, k);
      if (id !== undefined) bById.set(id, k);
    }
    const restA: (readonly [string, unknown])[] = [];
    for (const entry of a) {
      const id = idOf(entry[1], entry[0]);
      const kb = id !== undefined && this.map.knowsA(id) ? bById.get(this.map.toB(id)) : undefined;
      if (kb !== undefined && !usedB.has(kb)) {
        out.push([entry[0], kb]);
        usedB.add(kb);
      } else restA.push(entry);
    }
    const restB = b.filter(([k]) => !usedB.has(k));
    const order = (xs: (readonly [string, unknown])[]) =>
      [...xs].sort((x, y) => {
        const kx = sortKey(x[1], this.volatile);
        const ky = sortKey(y[1], this.volatile);
        return kx < ky ? -1 : kx > ky ? 1 : 0;
      });
    const sa = order(restA);
    const sb = order(restB);
    for (let i = 0; i < Math.min(sa.length, sb.length); i += 1) out.push([sa[i]![0], sb[i]![0]]);
    return out;
  }
}

export function outcomeText(o: Observed): string {
  return o.ok ? `Success ${show(o.value)}` : `Failure ${o.code} ${show(o.params)}`;
}
