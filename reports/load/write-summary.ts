// Writes a load summary as JSON (mergeable: `xapi-harness load merge`) and HTML next to each other.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadSummary } from '../../src/results/index.ts';
import { renderSummaryHtml } from './summary-html.ts';

export interface WrittenSummary {
  readonly json: string;
  readonly html: string;
}

/** The file stem: "<name>", "<name>.shard-1-of-2" for one shard, or "<name>.merged" for a merge. */
function summaryStem(s: LoadSummary): string {
  const only = s.shards.length === 1 ? s.shards[0] : undefined;
  if (only === undefined) return `${s.name}.merged`;
  return only.count === 1 ? s.name : `${s.name}.shard-${only.index + 1}-of-${only.count}`;
}

async function atomicWrite(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export async function writeLoadSummary(
  s: LoadSummary,
  outDir: string,
  stem = summaryStem(s),
): Promise<WrittenSummary> {
  await mkdir(outDir, { recursive: true });
  const json = join(outDir, `${stem}.json`);
  const html = join(outDir, `${stem}.html`);
  await atomicWrite(json, `${JSON.stringify(s)}\n`);
  await atomicWrite(html, renderSummaryHtml(s));
  return { json, html };
}
