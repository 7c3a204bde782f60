// Finds, in one file's text, the citations of the semantics page (the page's file name followed by
// one or more section signs) and the OCaml source files named anywhere in it.

/** One cited section, with the quoted sub-heading that follows it, if any (`§2 "Dispatch"`). */
export interface SectionCitation {
  readonly section: string;
  readonly quote: string | undefined;
  readonly line: number;
}

/** One OCaml source path (`ocaml/xapi/xapi_vm.ml`, or a bare `taskHelper.ml`). */
export interface SourceCitation {
  readonly path: string;
  readonly line: number;
}

// Assembled so that this file does not cite the page itself.
const PAGE_NAME = new RegExp(['SEMANTICS', 'md'].join('\\.'), 'g');
/** Comment continuations: a newline and the next line's `//`, `*` or `#` marker. */
const CONTINUATION = /\n[ \t]*(?:\/\/+|\*(?!\/)|#)?[ \t]*/g;
/** The text right after the page name must open with a section sign to be a section citation. */
const OPENS_WITH_SECTION = /^[`'"]?[ \t]*[,(]?[ \t]*§/;
/** A citation clause ends at a closing parenthesis, a semicolon or the end of a sentence. */
const CLAUSE_END = /\)|;|\.(?:\s|$)/;
const CLAUSE_MAX = 300;
const SECTION_REF = /§(\d+(?:\.\d+)?)(?:[ \t]*,?[ \t]*"([^"\n]{1,80})")?/g;
const SOURCE_PATH = /(?<![\w./-])((?:[\w.-]+\/)*[\w-]+\.mli?)(?![\w])/g;

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

export function findSectionCitations(text: string): SectionCitation[] {
  const found: SectionCitation[] = [];
  for (const m of text.matchAll(PAGE_NAME)) {
    const start = m.index + m[0].length;
    const after = text.slice(start, start + CLAUSE_MAX * 2).replace(CONTINUATION, ' ');
    if (!OPENS_WITH_SECTION.test(after)) continue;
    const end = CLAUSE_END.exec(after);
    const clause = after.slice(0, Math.min(end?.index ?? CLAUSE_MAX, CLAUSE_MAX));
    const line = lineAt(text, m.index);
    for (const ref of clause.matchAll(SECTION_REF)) {
      if (ref[1] !== undefined) found.push({ section: ref[1], quote: ref[2], line });
    }
  }
  return found;
}

export function findSourceCitations(text: string): SourceCitation[] {
  const found: SourceCitation[] = [];
  for (const m of text.matchAll(SOURCE_PATH)) {
    if (m[1] !== undefined) found.push({ path: m[1], line: lineAt(text, m.index) });
  }
  return found;
}
