// Reads what allure-vitest wrote, for assertions: results by test name, and attachment contents.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface StepJson {
  readonly name: string;
  readonly status?: string;
  readonly start?: number;
  readonly stop?: number;
  readonly parameters?: readonly { readonly name: string; readonly value: string; readonly mode?: string }[];
  readonly attachments?: readonly {
    readonly name: string;
    readonly source: string;
    readonly type?: string;
  }[];
  readonly steps?: readonly StepJson[];
  readonly statusDetails?: {
    readonly message?: string;
    readonly expected?: string;
    readonly actual?: string;
  };
}

export interface ResultJson extends StepJson {
  readonly uuid: string;
  readonly historyId?: string;
  readonly labels: readonly { readonly name: string; readonly value: string }[];
}

export async function readResults(dir: string): Promise<Map<string, ResultJson>> {
  const byName = new Map<string, ResultJson>();
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('-result.json'))) {
    const r = JSON.parse(await readFile(join(dir, f), 'utf8')) as ResultJson;
    byName.set(r.name, r);
  }
  return byName;
}

export function labelValues(r: ResultJson, name: string): string[] {
  return r.labels.filter((l) => l.name === name).map((l) => l.value);
}

/** Every step below a result or a step, depth first (allure-vitest nests call steps in wrapping steps). */
export function allSteps(s: StepJson): StepJson[] {
  return (s.steps ?? []).flatMap((c) => [c, ...allSteps(c)]);
}

/** Every attachment of a result, including those allure-vitest wraps in a step. */
export function allAttachments(s: StepJson): { name: string; source: string; type?: string }[] {
  return [...(s.attachments ?? []), ...(s.steps ?? []).flatMap(allAttachments)];
}

export async function attachmentText(dir: string, r: ResultJson, name: string): Promise<string> {
  const a = allAttachments(r).find((x) => x.name === name);
  if (a === undefined) throw new Error(`no attachment '${name}' in ${r.name}`);
  return readFile(join(dir, a.source), 'utf8');
}
