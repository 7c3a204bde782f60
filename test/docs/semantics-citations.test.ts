// Every citation of the semantics page in this repository must resolve inside a clone: the cited
// section exists in docs/SEMANTICS.md, a quoted sub-heading cited with it occurs in that section, and
// every OCaml source file named anywhere (comments, tests, docs) is listed in the page's source index,
// so the page is the index of every xen-api source the code follows.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSectionCitations, findSourceCitations } from './find-citations.ts';
import { parseSemanticsPage, sourceIsIndexed } from './parse-semantics-page.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const PAGE_PATH = join(ROOT, 'docs', 'SEMANTICS.md');
const SCANNED_ROOTS = [
  'src',
  'generators',
  'suites',
  'scenarios',
  'test',
  'docs',
  'bench',
  'scripts',
  'reports',
  'expectations',
  'deploy',
  'README.md',
];
const TEXT_FILE = /\.(?:ts|mts|js|mjs|cjs|md|json|py|sh|ya?ml|xml|txt)$/;

function listFiles(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.name === 'node_modules' ? [] : listFiles(join(path, entry.name)),
  );
}

const files = SCANNED_ROOTS.flatMap(listFiles)
  .filter((f) => TEXT_FILE.test(f))
  .map((f) => ({ file: relative(ROOT, join(ROOT, f)), text: readFileSync(join(ROOT, f), 'utf8') }));
const page = parseSemanticsPage(readFileSync(PAGE_PATH, 'utf8'));
const normalise = (s: string): string => s.toLowerCase().replace(/[`*_]/g, '').replace(/\s+/g, ' ');
// Built at run time so that this file itself cites nothing.
const pageName = ['SEMANTICS', 'md'].join('.');

describe('docs/SEMANTICS.md', () => {
  it('has sections 1 to 11 and a source index', () => {
    expect([...page.sections.keys()].filter((k) => !k.includes('.'))).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i + 1)),
    );
    expect(page.sources.length).toBeGreaterThan(50);
  });

  it('the scan reads the repository (sanity: citations are found)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => findSectionCitations(f.text)).length).toBeGreaterThan(100);
    expect(files.flatMap((f) => findSourceCitations(f.text)).length).toBeGreaterThan(100);
  });

  it('every cited section exists, with the quoted sub-heading cited alongside it', () => {
    const broken: string[] = [];
    for (const { file, text } of files) {
      for (const c of findSectionCitations(text)) {
        const body = page.sections.get(c.section);
        if (body === undefined) broken.push(`${file}:${c.line}: §${c.section} is not a section of the page`);
        else if (c.quote !== undefined && !normalise(body).includes(normalise(c.quote)))
          broken.push(`${file}:${c.line}: §${c.section} has no "${c.quote}"`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every OCaml source named in the repository is in the source index', () => {
    const missing: string[] = [];
    for (const { file, text } of files) {
      for (const c of findSourceCitations(text)) {
        if (!sourceIsIndexed(c.path, page.sources)) missing.push(`${file}:${c.line}: ${c.path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('citation finders (the checks above can fail)', () => {
  it('finds sections after the page name, across comment lines, and not other documents’ §', () => {
    const text = [
      `// see ${pageName} §2 "Dispatch", step 3; XML 1.0 §2.11 is not ours`,
      `// issue 8 §5; ${pageName}`,
      `// §4 and §12) and ${pageName}\` (facts) §7`,
      `/* ${pageName} (§2 envelope, §5 task`,
      ` * result, §6 event.from) */`,
    ].join('\n');
    expect(findSectionCitations(text)).toEqual([
      { section: '2', quote: 'Dispatch', line: 1 },
      { section: '4', quote: undefined, line: 2 },
      { section: '12', quote: undefined, line: 2 },
      { section: '2', quote: undefined, line: 4 },
      { section: '5', quote: undefined, line: 4 },
      { section: '6', quote: undefined, line: 4 },
    ]);
  });

  it('finds full and bare OCaml paths, and the index resolves only listed ones', () => {
    const ext = 'ml';
    const text = `// xen-api ocaml/xapi/xapi_vm.${ext}:583, taskHelper.${ext}; not html or x.${ext}x\n// lib/foo.${ext}`;
    const cited = findSourceCitations(text).map((c) => c.path);
    expect(cited).toEqual([`ocaml/xapi/xapi_vm.${ext}`, `taskHelper.${ext}`, `lib/foo.${ext}`]);
    const index = [`ocaml/xapi/xapi_vm.${ext}`, `ocaml/xapi/taskHelper.${ext}`];
    expect(cited.map((p) => sourceIsIndexed(p, index))).toEqual([true, true, false]);
  });

  it('parses numbered sections and only the index section’s paths', () => {
    const ext = 'ml';
    const parsed = parseSemanticsPage(
      [
        '# T',
        '## Source index',
        `| \`a/b.${ext}\` | x |`,
        '## 1. One',
        `text \`c/d.${ext}\``,
        '### 1.2 Sub',
        'y',
        '## 2. Two',
      ].join('\n'),
    );
    expect([...parsed.sections.keys()]).toEqual(['1', '1.2', '2']);
    expect(parsed.sources).toEqual([`a/b.${ext}`]);
    expect(parsed.sections.get('1')).toContain('### 1.2 Sub');
  });
});
