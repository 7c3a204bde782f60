// Differential detection over the whole fault catalogue (issue 15 "Done when"): for each fault of
// src/emulator/faults.ts, `diff --a emulator --b emulator:--fault=NAME --suite AREA` (the fault's own area,
// default budget) must exit 1, and its shrunk counterexample should be short. Prints one line per fault,
// the detection count and the median counterexample length (the shortest failed property's, counted by
// results/counterexample-length.ts as conformance counts it: the commands' calls, the case's setup shown but
// not counted), and writes them to out/bench/diff-faults.json.
//
//   npx tsx bench/diff-faults.ts [--seed N] [--faults a,b]
//
// Exit 1 when a fault goes undetected or the median is above 5 calls.
//
// Sequential child processes: about 15 min for the catalogue on a shared 2-core machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FAULTS, type FaultName } from '../src/emulator/faults.ts';
import type { PropertyResult } from '../src/results/index.ts';
import { counterexampleLength, medianCalls } from '../src/results/index.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, faults: { type: 'string' } },
});
const names = (values.faults?.split(',') ?? Object.keys(FAULTS)) as FaultName[];
const outRoot = join('out', 'bench', 'diff-faults');
mkdirSync(outRoot, { recursive: true });

interface Row {
  fault: string;
  area: string;
  exit: number | null;
  detected: boolean;
  property?: string;
  calls?: number;
  setupCalls?: number;
  commands?: number;
  divergence?: string | undefined;
  seconds: number;
}

const rows: Row[] = [];
for (const [i, fault] of names.entries()) {
  const area = FAULTS[fault].area;
  const dir = join(outRoot, fault);
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      'bin/xapi-harness.mjs',
      'diff',
      '--a',
      'emulator',
      '--b',
      `emulator:--fault=${fault}`,
      '--suite',
      area,
      '--seed',
      values.seed,
      '--out',
      dir,
    ],
    { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1' } },
  );
  const row: Row = {
    fault,
    area,
    exit: r.status,
    detected: r.status === 1,
    seconds: (Date.now() - t0) / 1000,
  };
  try {
    const res = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
      properties: PropertyResult[];
    };
    const lengthOf = (p: PropertyResult) => p.counterexample?.length ?? counterexampleLength(p.steps);
    // The shortest counterexample among the properties that failed (each is shrunk on its own).
    const failed = res.properties
      .filter((p) => p.status === 'failed')
      .sort((x, y) => lengthOf(x).calls - lengthOf(y).calls)[0];
    if (failed !== undefined) {
      const n = lengthOf(failed);
      row.property = failed.id;
      row.calls = n.calls;
      row.setupCalls = n.setupCalls;
      if (n.commands !== undefined) row.commands = n.commands;
      row.divergence =
        /divergence: ([^\n]*)/.exec(failed.message ?? '')?.[1] ?? failed.message?.split('\n')[0];
    }
  } catch {
    // No results file: the exit code says why.
  }
  rows.push(row);
  process.stdout.write(
    `[${i + 1}/${names.length}] ${fault} (${area}): ${row.detected ? 'detected' : `NOT detected (exit ${String(row.exit)})`}` +
      `${row.calls === undefined ? '' : `, ${row.calls} calls (+${row.setupCalls ?? 0} setup)`}${row.divergence === undefined ? '' : `, ${row.divergence}`}` +
      ` — ${row.seconds.toFixed(0)} s\n`,
  );
}
const lengths = rows
  .filter((r) => r.detected && r.calls !== undefined)
  .map((r) => r.calls ?? 0)
  .sort((a, b) => a - b);
const median = medianCalls(lengths);
const detected = rows.filter((r) => r.detected).length;
process.stdout.write(
  `detected ${detected}/${rows.length}; median shrunk counterexample ${String(median)} calls (lengths ${lengths.join(', ')}; ` +
    `setup calls not counted, as conformance counts them)\n`,
);
// Issue 15 "Done when": every fault found, and a median of at most 5 calls. Exit 1 otherwise, for CI.
const MAX_MEDIAN = 5;
if (detected < rows.length || median === undefined || median > MAX_MEDIAN) {
  process.stdout.write(`NOT MET: every fault detected and a median of at most ${MAX_MEDIAN} calls\n`);
  process.exitCode = 1;
}
writeFileSync(
  join(outRoot, '..', 'diff-faults.json'),
  `${JSON.stringify({ detected, total: rows.length, median, rows }, null, 2)}\n`,
);
