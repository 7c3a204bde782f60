// JUnit XML for CI systems (issue 6 §4), converted from the Allure results so that conformance and load
// results land in one file with the same statuses as the report: `failed` → <failure> (the target broke its
// contract), `broken` → <error> (transport or setup problem), `skipped` → <skipped> (known deviation).
// vitest's own junit reporter writes every failure as <failure>, which loses that distinction.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { xmlEscape, xmlText } from './xml-escape.ts';

interface AllureStepLike {
  readonly name?: string;
  readonly status?: string;
  readonly steps?: readonly AllureStepLike[];
  readonly parameters?: readonly { readonly name: string; readonly value: string; readonly mode?: string }[];
}

interface AllureResultLike extends AllureStepLike {
  readonly uuid: string;
  readonly fullName?: string;
  readonly historyId?: string;
  readonly start?: number;
  readonly stop?: number;
  readonly labels?: readonly { readonly name: string; readonly value: string }[];
  readonly statusDetails?: { readonly message?: string; readonly trace?: string };
  readonly description?: string;
}

export interface JunitSummary {
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly skipped: number;
}

function label(r: AllureResultLike, name: string): string | undefined {
  return r.labels?.find((l) => l.name === name)?.value;
}

function stepLines(steps: readonly AllureStepLike[], depth: number, out: string[]): void {
  for (const s of steps) {
    const params = (s.parameters ?? [])
      .map((p) => `${p.name}=${p.mode === 'masked' || p.mode === 'hidden' ? '******' : p.value}`)
      .join(', ');
    out.push(
      `${'  '.repeat(depth)}[${s.status ?? 'attachment'}] ${s.name ?? ''}${params !== '' ? ` {${params}}` : ''}`,
    );
    stepLines(s.steps ?? [], depth + 1, out);
  }
}

/** Reads every `*-result.json` of the given directories (newest result per history id wins, as in Allure). */
async function readAllureResults(dirs: readonly string[]): Promise<AllureResultLike[]> {
  const byHistory = new Map<string, AllureResultLike>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('-result.json')).sort()) {
      const r = JSON.parse(await readFile(join(dir, name), 'utf8')) as AllureResultLike;
      const key = r.historyId ?? r.uuid;
      const prev = byHistory.get(key);
      if (prev === undefined || (prev.stop ?? 0) <= (r.stop ?? 0)) byHistory.set(key, r);
    }
  }
  return [...byHistory.values()];
}

/** Renders JUnit XML: one <testsuite> per epic (area), classname = epic.feature. */
export function renderJunit(
  results: readonly AllureResultLike[],
  name = 'xapi-harness',
): { xml: string; summary: JunitSummary } {
  const suites = new Map<string, AllureResultLike[]>();
  for (const r of results) {
    const suite = label(r, 'epic') ?? label(r, 'parentSuite') ?? label(r, 'suite') ?? 'tests';
    suites.set(suite, [...(suites.get(suite) ?? []), r]);
  }
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const body: string[] = [];
  for (const [suite, rs] of [...suites.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const s = { tests: rs.length, failures: 0, errors: 0, skipped: 0, time: 0 };
    const cases: string[] = [];
    for (const r of rs.sort((a, b) =>
      (a.fullName ?? a.name ?? '').localeCompare(b.fullName ?? b.name ?? ''),
    )) {
      const time = Math.max(0, ((r.stop ?? 0) - (r.start ?? 0)) / 1000);
      s.time += time;
      const feature = label(r, 'feature');
      const classname = feature !== undefined ? `${suite}.${feature}` : suite;
      const message = r.statusDetails?.message ?? '';
      const firstLine = message.split('\n')[0] ?? '';
      const detail = [message, r.statusDetails?.trace ?? ''].filter((t) => t !== '').join('\n\n');
      let inner = '';
      if (r.status === 'failed') {
        s.failures += 1;
        inner = `<failure message="${xmlEscape(firstLine)}" type="${xmlEscape(label(r, 'failure_kind') ?? 'failed')}">${xmlText(detail)}</failure>`;
      } else if (r.status === 'broken') {
        s.errors += 1;
        inner = `<error message="${xmlEscape(firstLine)}" type="${xmlEscape(label(r, 'failure_kind') ?? 'broken')}">${xmlText(detail)}</error>`;
      } else if (r.status === 'skipped') {
        s.skipped += 1;
        // A known deviation says why in its description (report-property.ts); vitest's skip note is not kept.
        const why = firstLine !== '' ? firstLine : ((r.description ?? '').split('\n')[0] ?? '');
        inner = `<skipped message="${xmlEscape(why)}"/>`;
      }
      const lines: string[] = [];
      stepLines(r.steps ?? [], 0, lines);
      const out = lines.length > 0 ? `<system-out>${xmlText(lines.join('\n'))}</system-out>` : '';
      cases.push(
        `<testcase name="${xmlEscape(r.name ?? r.uuid)}" classname="${xmlEscape(classname)}" time="${time.toFixed(3)}">${inner}${out}</testcase>`,
      );
    }
    total.tests += s.tests;
    total.failures += s.failures;
    total.errors += s.errors;
    total.skipped += s.skipped;
    total.time += s.time;
    body.push(
      `<testsuite name="${xmlEscape(suite)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="${s.time.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>`,
    );
  }
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="${xmlEscape(name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${total.time.toFixed(3)}">\n` +
    `${body.join('\n')}\n</testsuites>\n`;
  return {
    xml,
    summary: { tests: total.tests, failures: total.failures, errors: total.errors, skipped: total.skipped },
  };
}

/** Converts the Allure results in `dirs` into `outFile`. */
export async function writeJunitFromAllure(
  dirs: readonly string[],
  outFile: string,
  name?: string,
): Promise<JunitSummary> {
  const { xml, summary } = renderJunit(await readAllureResults(dirs), name);
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, xml);
  return summary;
}
