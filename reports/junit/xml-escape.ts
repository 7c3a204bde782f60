// XML 1.0 text and attribute escaping. Characters XML 1.0 cannot carry at all (most C0 controls, lone
// surrogates, U+FFFE/U+FFFF) are replaced: a single stray byte from an endpoint must not make the whole
// JUnit file unreadable to the CI system.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Text for a CDATA-free element body; `]]>` needs no care since we escape `>`. */
export function xmlText(text: string): string {
  return xmlEscape(text);
}
