// Differential detection over the whole fault catalogue (issue 15 "Done when"): for each fault of
// src/emulator/faults.ts, `diff --a emulator --b emulator:--fault=NAME --suite AREA` (the fault's own area,
// default budget) must exit 1, and its shrunk counterexample should be short. Prints one line per fault,
// the detection count and the median counterexample length (calls in results.json's steps of the shortest failed property,
// setup calls of the case included), and
// writes them to out/bench/diff-faults.json.
//
//   npx tsx bench/diff-faults.ts [--seed N] [--faults a,b]
//
// Sequential child processes: about 15 min for the catalogue on a shared 2-core machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FAULTS, type FaultName } from '../src/emulator/faults.ts';

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
      properties: { id: string; status: string; message?: string; steps?: unknown[] }[];
    };
    // The shortest counterexample among the properties that failed (each is shrunk on its own).
    const failed = res.properties
      .filter((p) => p.status === 'failed')
      .sort((x, y) => (x.steps?.length ?? 0) - (y.steps?.length ?? 0))[0];
    if (failed !== undefined) {
      row.property = failed.id;
      row.calls = failed.steps?.length ?? 0;
      row.divergence =
        /divergence: ([^\n]*)/.exec(failed.message ?? '')?.[1] ?? failed.message?.split('\n')[0];
    }
  } catch {
    // No results file: the exit code says why.
  }
  rows.push(row);
  process.stdout.write(
    `[${i + 1}/${names.length}] ${fault} (${area}): ${row.detected ? 'detected' : `NOT detected (exit ${String(row.exit)})`}` +
      `${row.calls === undefined ? '' : `, ${row.calls} calls`}${row.divergence === undefined ? '' : `, ${row.divergence}`}` +
      ` — ${row.seconds.toFixed(0)} s\n`,
  );
}
const lengths = rows
  .filter((r) => r.detected && r.calls !== undefined)
  .map((r) => r.calls ?? 0)
  .sort((a, b) => a - b);
const mid = lengths.length / 2;
const median =
  lengths.length === 0
    ? undefined
    : lengths.length % 2 === 1
      ? lengths[Math.floor(mid)]
      : ((lengths[mid - 1] ?? 0) + (lengths[mid] ?? 0)) / 2;
const detected = rows.filter((r) => r.detected).length;
process.stdout.write(
  `detected ${detected}/${rows.length}; median shrunk counterexample ${String(median)} calls (lengths ${lengths.join(', ')})\n`,
);
writeFileSync(
  join(outRoot, '..', 'diff-faults.json'),
  `${JSON.stringify({ detected, total: rows.length, median, rows }, null, 2)}\n`,
);
