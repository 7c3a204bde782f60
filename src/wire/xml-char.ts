// The XML 1.0 Char production, owned here for the decoder (character references) and for the value
// generators (generators/values.ts: strings a document may carry).

/** XML 1.0 Char production (§2.2): the code points a document may contain, even by reference. */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}
