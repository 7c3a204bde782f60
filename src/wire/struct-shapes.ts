// Struct shapes the XML-RPC decoder has seen, as a trie of member names, so that a struct with a known
// sequence of names is read by matching each `<name>KEY</name>` in place instead of slicing and hashing a
// fresh key string per member. A server sends the same shapes over and over: every VM record the emulator
// writes has the same 92 names in the same order, every answer the same {Status, Value}. A server that
// varies the order only costs the general path: a shape is a sequence, never assumed, always matched.
//
// A learned shape with many names also keeps a template object alive (see templateFor): V8 turns an
// object built by computed-key stores into a dictionary after about 20 properties, unless the store
// follows a map transition that already exists. The template's map chain is that transition path, so a
// record read along a learned shape stays a fast-properties object (checked with %HasFastProperties in
// test/wire/struct-shapes.test.ts).
//
// Both decoders use it: the XML-RPC one spells a name `<name>KEY</name>`, the JSON-RPC one `"KEY"` (a
// ShapeSpelling each); a trie holds one spelling.
//
// Bounded: the trie holds at most MAX_NODES nodes; past that it starts again from an empty root, so
// varied or hostile input costs a re-learn, never unbounded memory. Structs longer than MAX_SHAPE are not
// learned at all. A node with many shapes after it (the root: every kind of struct starts there) finds
// the next one by name in a Map, not by trying each.

/** Names that are never learned: a store to `__proto__` would set the prototype (xml-decode setMember). */
const PROTO = '__proto__';
const MAX_NODES = 4096;
/**
 * Longer structs are maps keyed by references, such as `get_all_records` of a pool (a VM record has 92
 * names): learning one would fill the trie with names never seen again and empty it, every call.
 */
const MAX_SHAPE = 512;
/** Up to this many shapes after a node are tried in turn; past it, the name is read and looked up. */
const LINEAR_MAX = 8;
/**
 * Shapes with at least this many names get a template. Measured on Node 20: an object literal built by
 * keyed stores became a dictionary at its 20th property; below that a template buys nothing.
 */
const TEMPLATE_MIN = 16;

/** How one wire format writes a member's name, compactly, and which names it writes literally. */
export interface ShapeSpelling {
  /** The name as a compact writer sends it: `<name>KEY</name>`, `"KEY"`. */
  name(key: string): string;
  /**
   * The whole compact opening of a member, up to its value (`<member><name>KEY</name><value>`), for
   * ShapeNode.matchOpening; a format without one leaves it out, and its nodes keep the name there.
   */
  opening?(key: string): string;
  /** Whether `key` is written as name() shows it (else it is never learned: it could not be matched). */
  literal(key: string): boolean;
  /**
   * The raw text of the name spelled at `q` in `s` (what name() wrapped), or undefined when no name is
   * spelled there; for nodes that look names up in a Map.
   */
  readName(s: string, q: number): string | undefined;
}

/**
 * XML-RPC: the key is its own XML text only without '&', '<' and '>' (which a writer escapes), and CR
 * (which the reader normalises).
 */
const XML_SPELLING: ShapeSpelling = {
  name: (key) => `<name>${key}</name>`,
  opening: (key) => `<member><name>${key}</name><value>`,
  literal: (key) => key !== PROTO && !/[&<>\r]/.test(key),
  readName(s, q) {
    if (!s.startsWith('<name>', q)) return undefined;
    const lt = s.indexOf('<', q + 6);
    if (lt === -1 || !s.startsWith('</name>', lt)) return undefined;
    return s.slice(q + 6, lt);
  },
};

/**
 * JSON-RPC: the key is its own JSON text without '"', '\\' and control characters (RFC 8259 §7: a writer
 * must escape those; any other character it may also escape, which then only misses the match).
 */
export const JSON_SPELLING: ShapeSpelling = {
  name: (key) => `"${key}"`,
  // eslint-disable-next-line no-control-regex -- control characters are what a writer must escape
  literal: (key) => key !== PROTO && !/["\\\x00-\x1f]/.test(key),
  readName(s, q) {
    if (s.charCodeAt(q) !== 34 /* " */) return undefined;
    const quote = s.indexOf('"', q + 1);
    return quote === -1 ? undefined : s.slice(q + 1, quote);
  },
};

export class ShapeNode {
  /** The raw text of each next member's name as a compact writer sends it (`<name>KEY</name>`, `"KEY"`). */
  readonly names: string[] = [];
  /**
   * The whole compact opening of each next member, `<member><name>KEY</name><value>` as xapi writes it:
   * one comparison instead of one per element (each is a call of ~10 ns; issue 16). Read by the XML-RPC
   * decoder only; for JSON, which has none, the name itself.
   */
  readonly openings: string[] = [];
  /** The property key of each next member (the string the template's map uses). */
  readonly keys: string[] = [];
  readonly next: ShapeNode[] = [];
  /** The object whose map chain is this path's transitions (see the header); set once. */
  template: object | undefined;
  /** The number of names from the root to this node. */
  readonly depth: number;
  /** Index of each key in `keys`, once there are more than LINEAR_MAX. */
  #byKey: Map<string, number> | undefined;

  readonly #spelling: ShapeSpelling;

  constructor(depth: number, spelling: ShapeSpelling = XML_SPELLING) {
    this.depth = depth;
    this.#spelling = spelling;
  }

  /** The index of the next member whose name (as the spelling writes it) starts at `q` in `s`, or -1. */
  match(s: string, q: number): number {
    const byKey = this.#byKey;
    if (byKey === undefined) {
      const names = this.names;
      for (let j = 0; j < names.length; j++) if (s.startsWith(names[j]!, q)) return j;
      return -1;
    }
    const key = this.#spelling.readName(s, q);
    return key === undefined ? -1 : (byKey.get(key) ?? -1);
  }

  /**
   * The index of the next member whose compact opening (`openings`) starts at `at` in `s`, or -1. Only a
   * node whose shapes are tried in turn answers; one that looks names up answers -1 (see match()).
   */
  matchOpening(s: string, at: number): number {
    if (this.#byKey !== undefined) return -1;
    const openings = this.openings;
    for (let j = 0; j < openings.length; j++) if (s.startsWith(openings[j]!, at)) return j;
    return -1;
  }

  add(key: string): ShapeNode {
    const child = new ShapeNode(this.depth + 1, this.#spelling);
    const name = this.#spelling.name(key);
    this.names.push(name);
    this.openings.push(this.#spelling.opening?.(key) ?? name);
    // The key as V8's string table holds it, so a store with it needs no lookup of a fresh string.
    this.keys.push(Object.keys({ [key]: 0 })[0]!);
    this.next.push(child);
    if (this.#byKey !== undefined) this.#byKey.set(key, this.keys.length - 1);
    else if (this.keys.length > LINEAR_MAX) this.#byKey = new Map(this.keys.map((k, i) => [k, i]));
    return child;
  }
}

export class ShapeTrie {
  readonly #spelling: ShapeSpelling;
  root: ShapeNode;
  #nodes = 1;

  constructor(spelling: ShapeSpelling = XML_SPELLING) {
    this.#spelling = spelling;
    this.root = new ShapeNode(0, spelling);
  }

  /** How many nodes the trie holds, its root included. */
  get size(): number {
    return this.#nodes;
  }

  /**
   * Adds the names read after `from` (the node a struct's prediction stopped at) and returns the node the
   * whole struct ends at, or undefined when a name cannot be matched literally or a bound is reached.
   * `keys` are in reading order and free of duplicates (the decoder checked).
   */
  learn(from: ShapeNode, keys: readonly string[]): ShapeNode | undefined {
    if (from.depth + keys.length > MAX_SHAPE) return undefined;
    for (const k of keys) if (!this.#spelling.literal(k)) return undefined;
    let node = from;
    for (const k of keys) {
      const i = node.keys.indexOf(k);
      if (i >= 0) {
        node = node.next[i]!;
        continue;
      }
      if (++this.#nodes > MAX_NODES) {
        this.root = new ShapeNode(0, this.#spelling);
        this.#nodes = 1;
        return undefined;
      }
      node = node.add(k);
    }
    return node;
  }

  /** Gives `end`, the node `record` was read to, its template when it is long enough and has none yet. */
  templateFor(end: ShapeNode, record: object): void {
    if (end.template !== undefined || end.depth < TEMPLATE_MIN) return;
    // Object.fromEntries defines its properties through map transitions from the plain object's initial
    // map, past the limit where computed-key stores would make a dictionary: the path the decoder's stores
    // then follow. (A JSON.parse'd template does not serve: measured, its maps are not on that path.)
    end.template = Object.fromEntries(Object.keys(record).map((k) => [k, null]));
  }
}
