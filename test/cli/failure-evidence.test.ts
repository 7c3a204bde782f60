// What a violation shows (issue 12, friction): the path and both values of what differed first, in the
// trace and as Allure's diff; the whole violating answer as an attachment; the violating step titled as
// such (not "→ ok"); the story label is the failing call; no harness stack frames under the finding.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allAttachments,
  attachmentText,
  labelValues,
  readResults,
  type ResultJson,
  type StepJson,
} from '../reports/allure-results-reader.ts';
import { runCli, type CliRun } from './run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'xapi-harness-evidence-'));
const out = join(work, 'out');
let run: CliRun;

beforeAll(async () => {
  // suspend-wrong-state: VM.suspend answers ok and leaves the VM Halted; seed 1 catches it.
  run = await runCli([
    'conformance',
    '--fault',
    'suspend-wrong-state',
    '--suite',
    'vm-lifecycle',
    '--seed',
    '1',
    '--out',
    out,
  ]);
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function allSteps(steps: readonly StepJson[] | undefined): StepJson[] {
  return (steps ?? []).flatMap((s) => [s, ...allSteps(s.steps)]);
}

describe('the evidence of a violation', () => {
  it('the console trace names the field and both values', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /<-- contract violation\n.*\n.*\n\s+differs: {2}value\.power_state: expected "Suspended", observed "Halted"/,
    );
    expect(run.stderr).not.toMatch(/\s+at .*\.ts:\d+:\d+/);
  });

  it('Allure: the diff of the differing field, the whole answer attached, the step and story of the failing call', async () => {
    const dir = join(out, 'allure-results');
    const results = [...(await readResults(dir)).values()] as ResultJson[];
    const failed = results.find((r) => r.status === 'failed');
    expect(failed).toBeDefined();
    const r = failed as ResultJson;
    expect(r.statusDetails?.expected).toBe('value.power_state: "Suspended"');
    expect(r.statusDetails?.actual).toBe('value.power_state: "Halted"');
    expect((r.statusDetails as { trace?: string } | undefined)?.trace ?? '').not.toMatch(/\.ts:\d+/);
    expect(labelValues(r, 'story')).toEqual(['VM.get_record']);
    const bad = allSteps(r.steps).filter((s) => s.status === 'failed');
    expect(bad.map((s) => s.name)).toEqual(['VM.get_record ✗ contradicts the model']);
    expect(allAttachments(r).map((a) => a.name)).toContain('violating answer (whole, JSON)');
    const whole = JSON.parse(await attachmentText(dir, r, 'violating answer (whole, JSON)')) as {
      outcome: { value: Record<string, unknown> };
    };
    // Whole: every field of the record, not the first 16 nor cut at 120 characters.
    expect(whole.outcome.value['power_state']).toBe('Halted');
    expect(Object.keys(whole.outcome.value).length).toBeGreaterThan(16);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain('"power_state": "Halted"');
  });
});
