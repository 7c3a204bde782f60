// Each property's result is written as JSON under <out>/conformance/properties/ (the src/results format,
// `PropertyResult`), so vitest workers and the CLI need no other channel; the CLI gathers them into
// <out>/results.json.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PropertyResult } from '../results/index.ts';
import { toJsonText } from '../results/index.ts';
import { safeFileName } from './regressions.ts';

export function propertiesDir(outDir: string): string {
  return join(outDir, 'conformance', 'properties');
}

export function writePropertyResult(outDir: string, result: PropertyResult): string {
  const dir = propertiesDir(outDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${safeFileName(result.id)}.json`);
  writeFileSync(file, `${toJsonText(result)}\n`);
  return file;
}

export function readPropertyResults(outDir: string): PropertyResult[] {
  let files: string[];
  try {
    files = readdirSync(propertiesDir(outDir));
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(propertiesDir(outDir), f), 'utf8')) as PropertyResult);
}

export function clearPropertyResults(outDir: string): void {
  rmSync(propertiesDir(outDir), { recursive: true, force: true });
}
