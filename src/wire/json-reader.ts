// A hand-written strict JSON parser producing WireValues (RFC 8259, plus the NaN / Infinity /
// -Infinity literals that xapi's Yojson printer emits for non-finite floats).
// Why not JSON.parse: XenAPI ints are int64 (memory sizes, generation counts); JSON.parse rounds
// anything above 2^53. Here an integer literal (no fraction, no exponent) becomes a bigint, exactly
// like an XML-RPC <int>, so both protocols decode to the same WireValue; a literal with a fraction or
// exponent becomes a number. The typed layer (marshal.ts) accepts either for float fields.
// null is only allowed as a member of the top-level object (envelope fields like "error": null);
// anywhere else it is BAD_VALUE, because no XenAPI value is null.
import { JSON_SPELLING, ShapeTrie } from './struct-shapes.ts';
import type { ShapeNode } from './struct-shapes.ts';
import { WireError } from './wire-error.ts';
import type { ResolvedLimits } from './decode-limits.ts';
import type { WireValue } from './value.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x1f]/;

export type JsonEnvelope = Record<string, WireValue | null>;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The object shapes this thread has read (struct-shapes.ts), names spelled `"KEY"`. */
const SHAPES = new ShapeTrie(JSON_SPELLING);

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function setMember(obj: Record<string, WireValue | null>, key: string, v: WireValue | null): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
  else obj[key] = v;
}

class JsonReader {
  private p = 0;
  private values = 0;
  private backslash = -2;
  private readonly n: number;

  constructor(
    private readonly s: string,
    private readonly limits: ResolvedLimits,
  ) {
    this.n = s.length;
  }

  fail(code: 'MALFORMED_JSON' | 'BAD_VALUE' | 'TOO_DEEP' | 'TOO_MANY_VALUES', message: string): never {
    throw new WireError(code, message, this.p);
  }

  ws(): void {
    const s = this.s;
    let p = this.p;
    while (p < this.n && isJsonSpace(s.charCodeAt(p))) p++;
    this.p = p;
  }

  envelope(): JsonEnvelope {
    this.ws();
    if (this.s.charCodeAt(this.p) === 0xfeff) {
      this.p++;
      this.ws();
    }
    if (this.s.charCodeAt(this.p) !== 123 /* { */) this.fail('MALFORMED_JSON', 'expected a JSON object');
    const v = this.object(1, true) as JsonEnvelope;
    this.ws();
    if (this.p !== this.n) this.fail('MALFORMED_JSON', 'content after the JSON value');
    return v;
  }

  value(depth: number, allowNull: boolean): WireValue | null {
    if (++this.values > this.limits.maxValues)
      this.fail('TOO_MANY_VALUES', `more than ${this.limits.maxValues} values`);
    this.ws();
    const s = this.s;
    const c = s.charCodeAt(this.p);
    switch (c) {
      case 34: // "
        return this.string();
      case 123: // {
        return this.object(depth + 1, false) as Record<string, WireValue>;
      case 91: // [
        return this.array(depth + 1);
      case 116: // t
        return this.literal('true', true);
      case 102: // f
        return this.literal('false', false);
      case 110: // n
        if (!allowNull) this.fail('BAD_VALUE', 'null is not a XenAPI value');
        return this.literal('null', null);
      case 78: // N
        return this.literal('NaN', NaN);
      case 73: // I
        return this.literal('Infinity', Infinity);
      default:
        if (c === 45 /* - */ && s.startsWith('-Infinity', this.p))
          return this.literal('-Infinity', -Infinity);
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        if (this.p >= this.n) this.fail('MALFORMED_JSON', 'unexpected end of input');
        return this.fail('MALFORMED_JSON', `unexpected character '${s[this.p] ?? ''}'`);
    }
  }

  private literal<T>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.p)) this.fail('MALFORMED_JSON', `invalid literal, expected ${word}`);
    this.p += word.length;
    return v;
  }

  private object(depth: number, top: boolean): Record<string, WireValue | null> {
    if (depth > this.limits.maxDepth)
      this.fail('TOO_DEEP', `values nested deeper than ${this.limits.maxDepth}`);
    const s = this.s;
    const out: Record<string, WireValue | null> = {};
    this.p++; // {
    this.ws();
    if (s.charCodeAt(this.p) === 125 /* } */) {
      this.p++;
      return out;
    }
    // Members along a learned shape: each name matched in place, with no string read and no duplicate
    // lookup (names along a shape are distinct: only checked objects are learned). Anything else (another
    // name, an escaped one) is read below, the general way, from where the prediction stopped.
    let node: ShapeNode = SHAPES.root;
    while (node.names.length > 0) {
      const j = node.match(s, this.p);
      if (j === -1) break;
      this.p += node.names[j]!.length;
      this.ws();
      if (s.charCodeAt(this.p) !== 58 /* : */) this.fail('MALFORMED_JSON', "expected ':'");
      this.p++;
      // Never '__proto__' (struct-shapes.ts), so a plain store adds a member.
      out[node.keys[j]!] = this.value(depth, top);
      node = node.next[j]!;
      if (this.#afterMember()) return this.#learned(node, undefined, out);
    }
    let fresh: string[] | undefined;
    for (;;) {
      this.ws();
      if (s.charCodeAt(this.p) !== 34) this.fail('MALFORMED_JSON', 'expected a member name string');
      const key = this.string();
      if (Object.hasOwn(out, key)) this.fail('BAD_VALUE', `duplicate member '${key.slice(0, 60)}'`);
      this.ws();
      if (s.charCodeAt(this.p) !== 58 /* : */) this.fail('MALFORMED_JSON', "expected ':'");
      this.p++;
      setMember(out, key, this.value(depth, top));
      (fresh ??= []).push(key);
      if (this.#afterMember()) return this.#learned(node, fresh, out);
    }
  }

  /** After a member's value: consumes ',' (then false: another member follows) or '}' (then true). */
  #afterMember(): boolean {
    this.ws();
    const c = this.s.charCodeAt(this.p);
    this.p++;
    if (c === 44 /* , */) {
      this.ws();
      return false;
    }
    if (c === 125 /* } */) return true;
    this.p--;
    return this.fail('MALFORMED_JSON', "expected ',' or '}'");
  }

  /** Learns the names read after `node` the general way, if any; returns `out`. */
  #learned(
    node: ShapeNode,
    fresh: readonly string[] | undefined,
    out: Record<string, WireValue | null>,
  ): Record<string, WireValue | null> {
    const end = fresh === undefined ? node : SHAPES.learn(node, fresh);
    if (end !== undefined) SHAPES.templateFor(end, out);
    return out;
  }

  private array(depth: number): WireValue[] {
    if (depth > this.limits.maxDepth)
      this.fail('TOO_DEEP', `values nested deeper than ${this.limits.maxDepth}`);
    const s = this.s;
    const out: WireValue[] = [];
    this.p++; // [
    this.ws();
    if (s.charCodeAt(this.p) === 93 /* ] */) {
      this.p++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth, false) as WireValue);
      this.ws();
      const c = s.charCodeAt(this.p);
      this.p++;
      if (c === 44) continue;
      if (c === 93) return out;
      this.p--;
      this.fail('MALFORMED_JSON', "expected ',' or ']'");
    }
  }

  private string(): string {
    const s = this.s;
    const start = this.p + 1;
    // Fast path: the closing quote, no backslash before it (next backslash position is cached, so
    // the body is scanned for '\\' once), and no control character in between (one native scan).
    const quote = s.indexOf('"', start);
    if (quote !== -1) {
      let bs = this.backslash;
      if (bs !== -1 && bs < start) bs = this.backslash = s.indexOf('\\', start);
      if (bs === -1 || bs > quote) {
        const seg = s.slice(start, quote);
        if (!CONTROL.test(seg)) {
          this.p = quote + 1;
          return seg;
        }
      }
    }
    for (let i = start; i < this.n; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.p = i + 1;
        return s.slice(start, i);
      }
      if (c === 92) return this.escapedString(start, i);
      if (c < 32) {
        this.p = i;
        this.fail('MALFORMED_JSON', 'control character in a string');
      }
    }
    this.p = this.n;
    return this.fail('MALFORMED_JSON', 'unterminated string');
  }

  private escapedString(start: number, firstBackslash: number): string {
    const s = this.s;
    let out = s.slice(start, firstBackslash);
    let i = firstBackslash;
    while (i < this.n) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.p = i + 1;
        return out;
      }
      if (c < 32) {
        this.p = i;
        this.fail('MALFORMED_JSON', 'control character in a string');
      }
      if (c !== 92) {
        out += s[i];
        i++;
        continue;
      }
      const e = s.charCodeAt(i + 1);
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += '\\';
          break;
        case 47:
          out += '/';
          break;
        case 98:
          out += '\b';
          break;
        case 102:
          out += '\f';
          break;
        case 110:
          out += '\n';
          break;
        case 114:
          out += '\r';
          break;
        case 116:
          out += '\t';
          break;
        case 117: {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
            this.p = i;
            this.fail('MALFORMED_JSON', 'bad \\u escape');
          }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        default:
          this.p = i;
          this.fail('MALFORMED_JSON', 'bad escape');
      }
      i += 2;
    }
    this.p = this.n;
    return this.fail('MALFORMED_JSON', 'unterminated string');
  }

  private number(): bigint | number {
    const s = this.s;
    const start = this.p;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    let c = s.charCodeAt(i);
    if (c === 48) {
      i++;
    } else if (c >= 49 && c <= 57) {
      while (i < this.n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    } else {
      this.p = i;
      this.fail('MALFORMED_JSON', 'bad number');
    }
    let isInt = true;
    if (s.charCodeAt(i) === 46 /* . */) {
      isInt = false;
      i++;
      const d = i;
      while (i < this.n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
      if (i === d) {
        this.p = i;
        this.fail('MALFORMED_JSON', 'bad number: no digits after the point');
      }
    }
    c = s.charCodeAt(i);
    if (c === 101 || c === 69) {
      isInt = false;
      i++;
      c = s.charCodeAt(i);
      if (c === 43 || c === 45) i++;
      const d = i;
      while (i < this.n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
      if (i === d) {
        this.p = i;
        this.fail('MALFORMED_JSON', 'bad number: no exponent digits');
      }
    }
    this.p = i;
    const text = s.slice(start, i);
    if (!isInt) return Number(text);
    // More than 19 digits cannot be an int64 (JSON forbids leading zeros); refusing before BigInt
    // also avoids its quadratic parse of huge digit strings.
    if (text.length > 20) {
      this.p = start;
      this.fail('BAD_VALUE', `integer ${text.slice(0, 40)}… is outside int64`);
    }
    const v = BigInt(text);
    if (text.length > 18 && (v < INT64_MIN || v > INT64_MAX)) {
      this.p = start;
      this.fail('BAD_VALUE', `integer ${text.slice(0, 40)} is outside int64`);
    }
    return v;
  }
}

/** Parses a JSON document that must be an object (a JSON-RPC envelope). */
export function parseJsonEnvelope(text: string, limits: ResolvedLimits): JsonEnvelope {
  return new JsonReader(text, limits).envelope();
}
