// What a violation shows (issue 12, friction): the path and both values of what differed first, in the
// trace and as Allure's diff; the whole violating answer as an attachment; the violating step titled as
// such (not "→ ok"); the story label is the failing call; no harness stack frames under the finding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allAttachments,
  allSteps,
  attachmentText,
  labelValues,
  readResults,
} from '../reports/allure-results-reader.ts';
import { scratchDir } from '../support/scratch-dir.ts';
import { runCli, type CliRun } from './run-cli.ts';

const out = join(scratchDir('evidence'), 'out');
let run: CliRun;

beforeAll(async () => {
  // stale-allowed-operations: a clone's allowed_operations are never recomputed, so the first read of
  // the record after the clone differs in one field. A record-field violation is what this file is
  // about; a fault found through a later call's error parameters (suspend-wrong-state since the
  // counterexamples got shorter) would test another kind of evidence. One property, so one failure.
  run = await runCli([
    'conformance',
    '--fault',
    'stale-allowed-operations',
    '--suite',
    'vm-lifecycle',
    '--property',
    'vm-lifecycle/VM/start/power-state-machine',
    '--seed',
    '1',
    '--out',
    out,
  ]);
}, 240_000);

describe('the evidence of a violation', () => {
  it('the console trace names the field and both values', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /<-- contract violation\n.*\n.*\n\s+differs: {2}value\.allowed_operations: expected \{clone, copy, destroy, export, provision\} \(comparing the ops the model covers\), observed \{\}; missing /,
    );
    expect(run.stderr).not.toMatch(/\s+at .*\.ts:\d+:\d+/);
  });

  it('Allure: the diff of the differing field, the whole answer attached, the step and story of the failing call', async () => {
    const dir = join(out, 'allure-results');
    const r = [...(await readResults(dir)).values()].find((x) => x.status === 'failed');
    if (r === undefined) expect.fail('no failed result in allure-results');
    expect(r.statusDetails?.expected).toBe(
      'value.allowed_operations: {clone, copy, destroy, export, provision} (comparing the ops the model covers)',
    );
    expect(r.statusDetails?.actual).toMatch(/^value\.allowed_operations: \{\}; missing /);
    expect((r.statusDetails as { trace?: string } | undefined)?.trace ?? '').not.toMatch(/\.ts:\d+/);
    expect(labelValues(r, 'story')).toEqual(['VM.get_record']);
    const bad = allSteps(r).filter((s) => s.status === 'failed');
    expect(bad.map((s) => s.name)).toEqual(['VM.get_record ✗ contradicts the model']);
    expect(allAttachments(r).map((a) => a.name)).toContain('violating answer (whole, JSON)');
    const whole = JSON.parse(await attachmentText(dir, r, 'violating answer (whole, JSON)')) as {
      outcome: { value: Record<string, unknown> };
    };
    // Whole: every field of the record, not the first 16 nor cut at 120 characters.
    expect(whole.outcome.value['allowed_operations']).toEqual([]);
    expect(Object.keys(whole.outcome.value).length).toBeGreaterThan(16);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toContain('"allowed_operations": []');
  });
});
