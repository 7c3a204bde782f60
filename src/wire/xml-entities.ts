// Expands the five predefined entities and character references in XML character data.
// There is no DTD support at all (the reader rejects <!DOCTYPE), so no user-defined entity can be
// expanded: billion-laughs style inputs cannot blow up.
import { WireError } from './wire-error.ts';
import { isXmlChar } from './xml-char.ts';

/**
 * Decodes `s.slice(start, end)`, whose first '&' is at `amp`. `offset` is used in error messages.
 */
export function decodeEntities(s: string, start: number, end: number, amp: number): string {
  let out = '';
  let from = start;
  let i = amp;
  while (i !== -1 && i < end) {
    // The longest legal reference is "&#x10FFFF;" (10 chars); look no further than that.
    const semi = s.indexOf(';', i + 1);
    if (semi === -1 || semi >= end || semi - i > 10) {
      throw new WireError('MALFORMED_XML', "'&' that does not start a reference", i);
    }
    out += s.slice(from, i) + expand(s, i + 1, semi);
    from = semi + 1;
    i = s.indexOf('&', from);
  }
  return out + s.slice(from, end);
}

function expand(s: string, from: number, semi: number): string {
  const name = s.slice(from, semi);
  switch (name) {
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'amp':
      return '&';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      break;
  }
  let cp = NaN;
  if (/^#[0-9]{1,7}$/.test(name)) cp = Number(name.slice(1));
  else if (/^#x[0-9A-Fa-f]{1,6}$/.test(name)) cp = parseInt(name.slice(2), 16);
  if (Number.isNaN(cp)) {
    throw new WireError('MALFORMED_XML', `unknown entity '&${name};' (no DTD support)`, from - 1);
  }
  if (!isXmlChar(cp)) {
    throw new WireError('MALFORMED_XML', `character reference to an illegal XML character (${cp})`, from - 1);
  }
  return String.fromCodePoint(cp);
}
