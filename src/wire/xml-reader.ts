// A hand-written, non-validating scanner for the XML subset XML-RPC uses: elements without
// attributes, character data with the predefined entities and character references, CDATA,
// comments, and one XML declaration. It walks the string with indexOf/charCodeAt (no DOM, no
// per-character regex) and is the hot path of both the emulator and the load engine.
// Safety: every loop advances the position or throws; nesting is capped (TOO_DEEP), the number of
// values is capped (TOO_MANY_VALUES); DTDs are rejected, so no entity expansion can blow up.
import { decodeEntities } from './xml-entities.ts';
import { WireError } from './wire-error.ts';
import type { ResolvedLimits } from './decode-limits.ts';
import type { WireErrorCode } from './wire-error.ts';

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?

export function isXmlSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameChar(c: number): boolean {
  // Enough for XML-RPC's element names; anything else ends the name and is then rejected.
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 45 ||
    c === 95 ||
    c === 58
  );
}

// XML 1.0 §2.2: C0 controls other than TAB/LF/CR are not allowed anywhere, nor U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ILLEGAL_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

export class XmlReader {
  readonly s: string;
  p = 0;
  /** Set by open() and openAny(): whether the element just opened was self-closing (`<x/>`). */
  empty = false;
  private readonly n: number;
  private values = 0;
  // Position of the next '&' at or after the last text start (-1: none left). Cached so that a
  // document without entities is scanned for '&' once, not once per text node (which is quadratic).
  private amp = -2;
  readonly limits: ResolvedLimits;

  constructor(text: string, limits: ResolvedLimits) {
    const bad = ILLEGAL_CHAR.exec(text);
    if (bad !== null) {
      throw new WireError(
        'MALFORMED_XML',
        `illegal character U+${bad[0].charCodeAt(0).toString(16)}`,
        bad.index,
      );
    }
    // XML 1.0 §2.11: a literal CR (alone or before LF) is read as LF. "&#13;" stays a CR.
    this.s = text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
    this.n = this.s.length;
    this.limits = limits;
  }

  fail(code: WireErrorCode, message: string): never {
    throw new WireError(code, message, this.p);
  }

  /** Counts one value against the limit and checks its depth. */
  enterValue(depth: number): void {
    if (depth > this.limits.maxDepth)
      this.fail('TOO_DEEP', `values nested deeper than ${this.limits.maxDepth}`);
    if (++this.values > this.limits.maxValues) {
      this.fail('TOO_MANY_VALUES', `more than ${this.limits.maxValues} values`);
    }
  }

  /**
   * Optional BOM, XML declaration, then misc. A DOCTYPE is refused (no DTD, no entity expansion).
   * The declaration's `encoding` is not consulted: bodies are UTF-8 (body-text.ts), as xapi's are.
   */
  prolog(): void {
    const s = this.s;
    if (s.charCodeAt(0) === 0xfeff) this.p = 1;
    if (s.startsWith('<?xml', this.p)) {
      const end = s.indexOf('?>', this.p + 5);
      if (end === -1) this.fail('MALFORMED_XML', 'unterminated XML declaration');
      this.p = end + 2;
    }
    this.misc();
  }

  /** Skips whitespace, comments and processing instructions between elements. */
  misc(): void {
    const s = this.s;
    for (;;) {
      let p = this.p;
      while (p < this.n && isXmlSpace(s.charCodeAt(p))) p++;
      this.p = p;
      if (s.charCodeAt(p) !== LT) return;
      const c = s.charCodeAt(p + 1);
      if (c === BANG) {
        if (s.startsWith('<!--', p)) {
          const end = s.indexOf('-->', p + 4);
          if (end === -1) this.fail('MALFORMED_XML', 'unterminated comment');
          this.p = end + 3;
          continue;
        }
        if (s.startsWith('<!DOCTYPE', p)) this.fail('MALFORMED_XML', 'DTDs are not supported');
        this.fail('MALFORMED_XML', "unexpected '<!'");
      }
      if (c === QUESTION) {
        const end = s.indexOf('?>', p + 2);
        if (end === -1) this.fail('MALFORMED_XML', 'unterminated processing instruction');
        this.p = end + 2;
        continue;
      }
      return;
    }
  }

  /** After misc(): at end of input (only trailing whitespace/comments allowed). */
  end(): void {
    this.misc();
    if (this.p !== this.n) this.fail('MALFORMED_XML', 'content after the document element');
  }

  /** Whether, after misc(), the next thing is a closing tag. */
  atClose(): boolean {
    this.misc();
    return this.s.charCodeAt(this.p) === LT && this.s.charCodeAt(this.p + 1) === SLASH;
  }

  /** The name of the element that starts at the current position (after misc()), or undefined. */
  peekName(): string | undefined {
    this.misc();
    const s = this.s;
    if (s.charCodeAt(this.p) !== LT) return undefined;
    let q = this.p + 1;
    while (q < this.n && isNameChar(s.charCodeAt(q))) q++;
    return s.slice(this.p + 1, q);
  }

  /**
   * Opens the expected element `<name>` or `<name/>`; returns true if it was self-closing. `tag` is
   * the literal "<name>", passed as a constant by callers: compact input (xapi's) matches it with one
   * startsWith; anything else (whitespace, comments, "<name/>", "<name >") takes the general path.
   */
  open(name: string, tag: string): boolean {
    if (this.s.startsWith(tag, this.p)) {
      this.p += tag.length;
      return (this.empty = false);
    }
    this.misc();
    const s = this.s;
    const p = this.p;
    if (s.charCodeAt(p) !== LT || !s.startsWith(name, p + 1)) this.unexpected(`<${name}>`);
    return (this.empty = this.finishOpen(p + 1 + name.length, name));
  }

  /** Opens whatever element is next and returns its name; sets `empty`. */
  openAny(): string {
    this.misc();
    const s = this.s;
    if (s.charCodeAt(this.p) !== LT) this.unexpected('an element');
    let q = this.p + 1;
    while (q < this.n && isNameChar(s.charCodeAt(q))) q++;
    const name = s.slice(this.p + 1, q);
    if (name.length === 0) this.unexpected('an element');
    this.empty = this.finishOpen(q, name);
    return name;
  }

  private finishOpen(q: number, name: string): boolean {
    const s = this.s;
    let c = s.charCodeAt(q);
    if (isNameChar(c)) this.unexpected(`<${name}>`);
    // White space may stand before the end of the tag (`<value >`, `<nil />`); nothing else may.
    while (q < this.n && isXmlSpace(c)) c = s.charCodeAt(++q);
    if (c === GT) {
      this.p = q + 1;
      return false;
    }
    if (c === SLASH && s.charCodeAt(q + 1) === GT) {
      this.p = q + 2;
      return true;
    }
    this.p = q;
    if (q >= this.n) this.fail('MALFORMED_XML', `unterminated <${name}> tag`);
    return this.fail('MALFORMED_XML', `attributes are not allowed on <${name}>`);
  }

  /** Consumes the closing tag `</name>` (after misc()); `tag` is the literal "</name>" (see open()). */
  close(name: string, tag: string): void {
    if (this.s.startsWith(tag, this.p)) {
      this.p += tag.length;
      return;
    }
    this.misc();
    const s = this.s;
    const p = this.p;
    if (s.charCodeAt(p) !== LT || s.charCodeAt(p + 1) !== SLASH || !s.startsWith(name, p + 2)) {
      this.unexpected(`</${name}>`);
    }
    let q = p + 2 + name.length;
    let c = s.charCodeAt(q);
    while (q < this.n && isXmlSpace(c)) c = s.charCodeAt(++q);
    if (c !== GT) this.unexpected(`</${name}>`);
    this.p = q + 1;
  }

  /**
   * Character data up to the next markup that is not CDATA or a comment, entities expanded. Stops
   * at '<' (the caller decides whether an element or a closing tag may follow).
   */
  text(): string {
    const s = this.s;
    let out = '';
    for (;;) {
      const start = this.p;
      const lt = s.indexOf('<', start);
      if (lt === -1) this.fail('MALFORMED_XML', 'unexpected end of input in character data');
      let amp = this.amp;
      if (amp !== -1 && amp < start) amp = this.amp = s.indexOf('&', start);
      out += amp === -1 || amp > lt ? s.slice(start, lt) : decodeEntities(s, start, lt, amp);
      this.p = lt;
      if (s.charCodeAt(lt + 1) !== BANG) return out;
      if (s.startsWith('<![CDATA[', lt)) {
        const end = s.indexOf(']]>', lt + 9);
        if (end === -1) this.fail('MALFORMED_XML', 'unterminated CDATA section');
        out += s.slice(lt + 9, end);
        this.p = end + 3;
      } else if (s.startsWith('<!--', lt)) {
        const end = s.indexOf('-->', lt + 4);
        if (end === -1) this.fail('MALFORMED_XML', 'unterminated comment');
        this.p = end + 3;
      } else {
        this.fail('MALFORMED_XML', "unexpected '<!'");
      }
    }
  }

  /**
   * The common case in one step: plain character data (no entity, CDATA or comment) directly
   * followed by `closeTag`, which is consumed. Returns undefined, without moving, otherwise.
   */
  plainTextUntil(closeTag: string): string | undefined {
    const s = this.s;
    const start = this.p;
    const lt = s.indexOf('<', start);
    if (lt === -1 || !s.startsWith(closeTag, lt)) return undefined;
    let amp = this.amp;
    if (amp !== -1 && amp < start) amp = this.amp = s.indexOf('&', start);
    if (amp !== -1 && amp < lt) return undefined;
    this.p = lt + closeTag.length;
    return s.slice(start, lt);
  }

  /** Text content of a scalar element whose start tag was just consumed, up to its closing tag. */
  scalarText(name: string, closeTag: string): string {
    if (this.empty) return '';
    const quick = this.plainTextUntil(closeTag);
    if (quick !== undefined) return quick;
    const t = this.text();
    this.close(name, closeTag);
    return t;
  }

  unexpected(expected: string): never {
    const s = this.s;
    if (this.p >= this.n) this.fail('MALFORMED_XML', `unexpected end of input, expected ${expected}`);
    if (s.charCodeAt(this.p) !== LT)
      this.fail('MALFORMED_XML', `unexpected character data, expected ${expected}`);
    let q = this.p + 1;
    if (s.charCodeAt(q) === SLASH) q++;
    if (!isNameChar(s.charCodeAt(q)))
      this.fail('MALFORMED_XML', `'<' not followed by a tag name, expected ${expected}`);
    while (q < this.n && q - this.p < 40 && isNameChar(s.charCodeAt(q))) q++;
    return this.fail('UNEXPECTED_ELEMENT', `found '${s.slice(this.p, q)}', expected ${expected}`);
  }
}
