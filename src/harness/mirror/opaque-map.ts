// The bijection a differential run keeps between the two sides' opaque values (issue 15): refs, uuids and
// event tokens differ by construction, so each side's value is paired with the other's the first time both
// reveal one in the same place of the same answer, and must keep that pairing from then on.

/** Refs and uuids inside a longer string (a disks spec names its SR by uuid). */
const OPAQUE_IN = /OpaqueRef:[0-9A-Za-z-]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const WHOLE_REF = /^OpaqueRef:[0-9A-Za-z-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A ref other than OpaqueRef:NULL, or a uuid: a value that names an object and differs per side. */
export function isOpaque(s: string): boolean {
  return (WHOLE_REF.test(s) && s !== 'OpaqueRef:NULL') || UUID.test(s);
}

/** The refs and uuids inside a longer string (a task's `result` is `<value>OpaqueRef:…</value>`). */
export function refsIn(s: string): string[] {
  return [...s.matchAll(OPAQUE_IN)].map((m) => m[0]).filter((r) => r !== 'OpaqueRef:NULL');
}

/** A string with its refs and uuids blanked, to compare what surrounds them. */
export function skeleton(s: string): string {
  return s.replace(OPAQUE_IN, (r) => (r === 'OpaqueRef:NULL' ? r : '#'));
}

export class OpaqueMap {
  readonly #aToB = new Map<string, string>();
  readonly #bToA = new Map<string, string>();

  /** Pairs `a` with `b`; false when either is already paired with something else. */
  bind(a: string, b: string): boolean {
    const known = this.#aToB.get(a);
    if (known !== undefined) return known === b;
    if (this.#bToA.has(b)) return false;
    this.#aToB.set(a, b);
    this.#bToA.set(b, a);
    return true;
  }

  knowsA(a: string): boolean {
    return this.#aToB.has(a);
  }

  knowsB(b: string): boolean {
    return this.#bToA.has(b);
  }

  /** Side B's value for side A's `a` (unchanged when never paired: a forged ref is the same on both). */
  toB(a: string): string {
    return this.#aToB.get(a) ?? a;
  }

  /** Side A's value for side B's `b` (unchanged when never paired). */
  toA(b: string): string {
    return this.#bToA.get(b) ?? b;
  }

  /** Side B's value with every ref and uuid it has paired rewritten into side A's (to check it on A's model). */
  intoA(v: unknown): unknown {
    if (typeof v === 'string') return v.replace(OPAQUE_IN, (r) => this.toA(r));
    if (Array.isArray(v)) return v.map((x) => this.intoA(x));
    if (typeof v === 'object' && v !== null && !(v instanceof Date))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [this.toA(k), this.intoA(x)]));
    return v;
  }

  /** Rewrites every ref and uuid inside a string (side A's) into side B's. */
  rewriteRefs(s: string): string {
    return s.replace(OPAQUE_IN, (r) => this.toB(r));
  }
}
