// Reads docs/SEMANTICS.md into what citations resolve against: the numbered sections ("## N. Title",
// and "### N.M ..." if the page ever grows numbered sub-sections) with their text, and the source
// index (every backticked file path in the "## Source index" section).

/** The parsed page: section number → its text (heading included), and the indexed source paths. */
export interface SemanticsPage {
  readonly sections: ReadonlyMap<string, string>;
  readonly sources: readonly string[];
}

const SECTION_HEADING = /^##\s+(\d+)\.\s/;
const SUBSECTION_HEADING = /^###\s+(\d+\.\d+)\.?\s/;
const INDEX_HEADING = /^##\s+Source index\s*$/i;
/** A file path in backticks: at least one dot-extension, no spaces. */
const BACKTICKED_PATH = /`([\w.-]+(?:\/[\w.*-]+)*\.[A-Za-z]+)`/g;

export function parseSemanticsPage(markdown: string): SemanticsPage {
  const sections = new Map<string, string[]>();
  const sources: string[] = [];
  let section: string | undefined;
  let subsection: string | undefined;
  let inIndex = false;
  for (const line of markdown.split('\n')) {
    const top = SECTION_HEADING.exec(line);
    const sub = SUBSECTION_HEADING.exec(line);
    if (line.startsWith('## ')) {
      section = top?.[1];
      subsection = undefined;
      inIndex = INDEX_HEADING.test(line);
    } else if (sub?.[1] !== undefined) {
      subsection = sub[1];
    }
    for (const key of [section, subsection]) {
      if (key === undefined) continue;
      const lines = sections.get(key) ?? [];
      lines.push(line);
      sections.set(key, lines);
    }
    if (inIndex) {
      for (const m of line.matchAll(BACKTICKED_PATH)) if (m[1] !== undefined) sources.push(m[1]);
    }
  }
  return {
    sections: new Map([...sections].map(([k, lines]) => [k, lines.join('\n')])),
    sources,
  };
}

/**
 * Whether a path the code names is in the index: the same path, or a suffix of an indexed one (a bare
 * `taskHelper.ml` is `ocaml/xapi/taskHelper.ml`), or an indexed path under a longer prefix (a URL).
 */
export function sourceIsIndexed(cited: string, sources: readonly string[]): boolean {
  return sources.some((s) => s === cited || s.endsWith(`/${cited}`) || cited.endsWith(`/${s}`));
}
